//! The small arithmetic of figures and claims: numbers (with a unit), references into the raw
//! data, `+ - * /`, parentheses, `min(…)` and `max(…)`.
//!
//! A reference is `experiment[:row][@level].field`; names hold letters, digits and `-`, so a
//! minus between two terms needs a space on each side (`a.wall - b.wall`).

use anyhow::{Context, bail, ensure};

/// A reference into the raw data: `download-scaling:tokio@10000.wall`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The experiment, as the registry names it.
    pub experiment: String,
    /// The row, as its label reads.
    pub row: Option<String>,
    /// The level of a sweep.
    pub level: Option<u64>,
    /// The field.
    pub field: String,
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.experiment)?;
        if let Some(row) = &self.row {
            write!(f, ":{row}")?;
        }
        if let Some(level) = self.level {
            write!(f, "@{level}")?;
        }
        write!(f, ".{}", self.field)
    }
}

/// What a value measures: it picks the format a figure takes when its marker names none, and
/// keeps a time from being compared with a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Seconds.
    Time,
    /// Bytes.
    Bytes,
    /// A share, 1 = 100%.
    Share,
    /// A plain number: a ratio, a count.
    Number,
}

/// A value: a number of its kind, or a piece of text (a date, a commit, a bound's name).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number and what it measures.
    Num(f64, Kind),
    /// Text.
    Text(String),
}

impl Value {
    /// The number, or an error naming what was text.
    pub fn number(&self) -> anyhow::Result<(f64, Kind)> {
        match self {
            Value::Num(x, kind) => Ok((*x, *kind)),
            Value::Text(t) => bail!("{t:?} is text, not a number"),
        }
    }
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number with its unit.
    Literal(f64, Kind),
    /// A reference.
    Ref(Reference),
    /// A minus sign.
    Neg(Box<Expr>),
    /// `+ - * /` and its two sides.
    Binary(char, Box<Expr>, Box<Expr>),
    /// `min` or `max` of its arguments.
    Call(String, Vec<Expr>),
}

impl Expr {
    /// Every reference the expression reads.
    pub fn references(&self) -> Vec<&Reference> {
        match self {
            Expr::Literal(..) => vec![],
            Expr::Ref(r) => vec![r],
            Expr::Neg(e) => e.references(),
            Expr::Binary(_, a, b) => [a.references(), b.references()].concat(),
            Expr::Call(_, args) => args.iter().flat_map(|a| a.references()).collect(),
        }
    }

    /// The value, with `lookup` resolving the references.
    pub fn eval(
        &self,
        lookup: &dyn Fn(&Reference) -> anyhow::Result<Value>,
    ) -> anyhow::Result<Value> {
        Ok(match self {
            Expr::Literal(x, kind) => Value::Num(*x, *kind),
            Expr::Ref(r) => lookup(r).with_context(|| format!("{r}"))?,
            Expr::Neg(e) => {
                let (x, kind) = e.eval(lookup)?.number()?;
                Value::Num(-x, kind)
            }
            Expr::Binary(op, a, b) => {
                let (x, p) = a.eval(lookup)?.number()?;
                let (y, q) = b.eval(lookup)?.number()?;
                Value::Num(arithmetic(*op, x, y)?, combine(*op, p, q)?)
            }
            Expr::Call(name, args) => {
                let mut values = Vec::new();
                for arg in args {
                    values.push(arg.eval(lookup)?.number()?);
                }
                let kind = values[0].1;
                ensure!(
                    values.iter().all(|v| v.1 == kind),
                    "{name}(…) of values of different kinds"
                );
                let pick = if name == "min" { f64::min } else { f64::max };
                let x = values
                    .iter()
                    .map(|v| v.0)
                    .reduce(pick)
                    .expect("one argument at least");
                Value::Num(x, kind)
            }
        })
    }
}

fn arithmetic(op: char, x: f64, y: f64) -> anyhow::Result<f64> {
    Ok(match op {
        '+' => x + y,
        '-' => x - y,
        '*' => x * y,
        _ => {
            ensure!(y != 0.0, "a division by zero");
            x / y
        }
    })
}

/// The kind of `p op q`: a time over a time is a number, a time times a number a time.
fn combine(op: char, p: Kind, q: Kind) -> anyhow::Result<Kind> {
    use Kind::*;
    Ok(match (op, p, q) {
        ('+' | '-', p, q) if p == q => p,
        ('+' | '-', Number, q) => q,
        ('+' | '-', p, Number) => p,
        ('+' | '-', p, q) => bail!("cannot add or subtract a {p:?} and a {q:?}"),
        ('/', p, q) if p == q => Number,
        ('*' | '/', p, Number | Share) => p,
        ('*', Number | Share, q) => q,
        _ => Number,
    })
}

/// Parses a whole expression.
pub fn parse(source: &str) -> anyhow::Result<Expr> {
    let tokens = tokenize(source)?;
    let mut parser = Parser { tokens, at: 0 };
    let expr = parser.sum()?;
    ensure!(
        parser.at == parser.tokens.len(),
        "unexpected {:?} in {source:?}",
        parser.tokens[parser.at]
    );
    Ok(expr)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64, Kind),
    Word(String),
    Symbol(char),
}

/// A number's unit suffix: its factor to the base unit, and its kind.
fn unit(suffix: &str) -> Option<(f64, Kind)> {
    Some(match suffix {
        "" | "x" | "×" => (1.0, Kind::Number),
        "%" => (0.01, Kind::Share),
        "s" => (1.0, Kind::Time),
        "ms" => (1e-3, Kind::Time),
        "us" | "µs" => (1e-6, Kind::Time),
        "B" => (1.0, Kind::Bytes),
        "KiB" => (1024.0, Kind::Bytes),
        "MiB" => (1024.0 * 1024.0, Kind::Bytes),
        "GiB" => (1024.0 * 1024.0 * 1024.0, Kind::Bytes),
        _ => return None,
    })
}

/// Whether `c` may be part of a name, a reference or a number's unit.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '@' | '.' | '%' | '×' | 'µ')
}

fn tokenize(source: &str) -> anyhow::Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if "+-*/(),".contains(c) {
            tokens.push(Token::Symbol(c));
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == '_')
            {
                i += 1;
            }
            let digits: String = chars[start..i].iter().filter(|c| **c != '_').collect();
            // The unit follows, glued (`150ms`) or after spaces (`2 MiB`) where it is one.
            let unit_at = |from: usize| {
                let mut j = from;
                while j < chars.len()
                    && (chars[j].is_alphabetic() || matches!(chars[j], '%' | '×' | 'µ'))
                {
                    j += 1;
                }
                (j, chars[from..j].iter().collect::<String>())
            };
            let spaces = (i..chars.len())
                .find(|&j| chars[j] != ' ')
                .unwrap_or(chars.len());
            let (end, spaced) = unit_at(spaces);
            let (end, suffix) = if spaces > i && !spaced.is_empty() && unit(&spaced).is_some() {
                (end, spaced)
            } else {
                unit_at(i)
            };
            i = end;
            let value: f64 = digits
                .parse()
                .with_context(|| format!("{digits:?} is not a number"))?;
            let (factor, kind) = unit(&suffix).with_context(|| {
                format!("{digits}{suffix}: no unit {suffix:?} (s, ms, us, B, KiB, MiB, GiB, %, x)")
            })?;
            tokens.push(Token::Number(value * factor, kind));
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && word_char(chars[i]) {
                i += 1;
            }
            tokens.push(Token::Word(chars[start..i].iter().collect()));
        } else {
            bail!("unexpected {c:?} in {source:?}");
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, symbol: char) -> bool {
        if self.peek() == Some(&Token::Symbol(symbol)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn sum(&mut self) -> anyhow::Result<Expr> {
        let mut left = self.product()?;
        while let Some(Token::Symbol(op @ ('+' | '-'))) = self.peek().cloned() {
            self.at += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.product()?));
        }
        Ok(left)
    }

    fn product(&mut self) -> anyhow::Result<Expr> {
        let mut left = self.unary()?;
        while let Some(Token::Symbol(op @ ('*' | '/'))) = self.peek().cloned() {
            self.at += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> anyhow::Result<Expr> {
        if self.eat('-') {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        match self.tokens.get(self.at).cloned() {
            Some(Token::Number(x, kind)) => {
                self.at += 1;
                Ok(Expr::Literal(x, kind))
            }
            Some(Token::Symbol('(')) => {
                self.at += 1;
                let inner = self.sum()?;
                ensure!(self.eat(')'), "a ( without its )");
                Ok(inner)
            }
            Some(Token::Word(word)) if word == "min" || word == "max" => {
                self.at += 1;
                ensure!(self.eat('('), "{word} takes its arguments in parentheses");
                let mut args = vec![self.sum()?];
                while self.eat(',') {
                    args.push(self.sum()?);
                }
                ensure!(self.eat(')'), "{word}( without its )");
                Ok(Expr::Call(word, args))
            }
            Some(Token::Word(word)) => {
                self.at += 1;
                Ok(Expr::Ref(reference(&word)?))
            }
            other => bail!("expected a number, a reference or (, found {other:?}"),
        }
    }
}

/// Parses `experiment[:row][@level].field`.
pub fn reference(word: &str) -> anyhow::Result<Reference> {
    let (head, field) = word
        .rsplit_once('.')
        .with_context(|| format!("{word:?} is not a reference (experiment[:row][@level].field)"))?;
    let (head, level) = match head.split_once('@') {
        Some((head, level)) => {
            let level: u64 = level
                .replace('_', "")
                .parse()
                .with_context(|| format!("{word:?}: the level {level:?} is not a whole number"))?;
            (head, Some(level))
        }
        None => (head, None),
    };
    let (experiment, row) = match head.split_once(':') {
        Some((e, r)) => (e, Some(r.to_string())),
        None => (head, None),
    };
    ensure!(
        !experiment.is_empty() && !field.is_empty() && row.as_deref() != Some(""),
        "{word:?} is not a reference (experiment[:row][@level].field)"
    );
    Ok(Reference {
        experiment: experiment.into(),
        row,
        level,
        field: field.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(r: &Reference) -> anyhow::Result<Value> {
        match r.field.as_str() {
            "wall" => Ok(Value::Num(
                if r.row.as_deref() == Some("a") {
                    2.0
                } else {
                    0.5
                },
                Kind::Time,
            )),
            "peak" => Ok(Value::Num(1024.0, Kind::Bytes)),
            "date" => Ok(Value::Text("2026-11-30".into())),
            other => bail!("no field {other:?}"),
        }
    }

    #[test]
    fn references_parse_with_and_without_row_and_level() {
        assert_eq!(
            reference("download-scaling:tokio-current@10_000.wall").unwrap(),
            Reference {
                experiment: "download-scaling".into(),
                row: Some("tokio-current".into()),
                level: Some(10_000),
                field: "wall".into()
            }
        );
        let r = reference("download.date").unwrap();
        assert_eq!((r.row, r.level), (None, None));
        assert!(reference("download").is_err());
        assert!(reference("download:@3.wall").is_err());
    }

    #[test]
    fn arithmetic_keeps_its_precedence_and_kinds() {
        let e = parse("(q:a.wall - q:b.wall) * 2 + 1s").unwrap();
        assert_eq!(e.eval(&lookup).unwrap(), Value::Num(4.0, Kind::Time));
        let ratio = parse("q:a.wall / q:b.wall").unwrap();
        assert_eq!(ratio.eval(&lookup).unwrap(), Value::Num(4.0, Kind::Number));
        assert_eq!(
            parse("max(q:a.wall, 150ms, q:b.wall)")
                .unwrap()
                .eval(&lookup)
                .unwrap(),
            Value::Num(2.0, Kind::Time)
        );
        assert_eq!(
            parse("-3 + 1.5").unwrap().eval(&lookup).unwrap(),
            Value::Num(-1.5, Kind::Number)
        );
        assert_eq!(
            parse("10%").unwrap().eval(&lookup).unwrap(),
            Value::Num(0.1, Kind::Share)
        );
        assert_eq!(
            parse("2 MiB").unwrap(),
            Expr::Literal(2.0 * 1048576.0, Kind::Bytes)
        );
    }

    #[test]
    fn mistakes_are_errors_not_values() {
        assert!(parse("q:a.wall +").is_err());
        assert!(parse("(q:a.wall").is_err());
        assert!(parse("3 furlongs").is_err());
        assert!(parse("q:a.wall $ 2").is_err());
        let mixed = parse("q:a.wall + q:a.peak").unwrap();
        assert!(mixed.eval(&lookup).is_err());
        assert!(parse("q:a.nothing").unwrap().eval(&lookup).is_err());
        assert!(
            parse("q:a.wall / (q:a.wall - q:a.wall)")
                .unwrap()
                .eval(&lookup)
                .is_err()
        );
        assert!(parse("q.date * 2").unwrap().eval(&lookup).is_err());
    }
}
