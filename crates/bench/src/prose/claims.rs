//! A claim: comparisons joined by `and`, each `A OP B` (OP one of `< <= > >=`) or
//! `A within D of B`, D a share (`10%`: |A − B| ≤ 10% of B), a factor (`3x`: neither is more
//! than 3 times the other) or an amount of B's kind (`150ms`: |A − B| ≤ 150 ms).

use super::expr::{self, Expr, Kind, Value};
use super::format::format;
use anyhow::{Context, bail, ensure};

/// One comparison of a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The left side: its source and its expression.
    pub left: (String, Expr),
    /// How the sides compare.
    pub relation: Relation,
    /// The right side.
    pub right: (String, Expr),
}

#[derive(Debug, Clone, PartialEq)]
/// How a comparison relates its sides.
pub enum Relation {
    /// `<`, `<=`, `>` or `>=`.
    Order(&'static str),
    /// `within D of`.
    Within(Expr),
}

/// Parses a claim's source: `A < B and C within 10% of D`.
pub fn parse(source: &str) -> anyhow::Result<Vec<Comparison>> {
    let mut comparisons = Vec::new();
    for part in source.split(" and ") {
        comparisons.push(comparison(part.trim()).with_context(|| format!("in {:?}", part.trim()))?);
    }
    Ok(comparisons)
}

fn side(text: &str) -> anyhow::Result<(String, Expr)> {
    let text = text.trim();
    ensure!(!text.is_empty(), "a comparison with a side missing");
    Ok((text.to_string(), expr::parse(text)?))
}

fn comparison(part: &str) -> anyhow::Result<Comparison> {
    if let Some((left, rest)) = part.split_once(" within ") {
        let (distance, right) = rest
            .split_once(" of ")
            .context("`within` needs its distance and `of`: A within 10% of B")?;
        return Ok(Comparison {
            left: side(left)?,
            relation: Relation::Within(expr::parse(distance)?),
            right: side(right)?,
        });
    }
    for op in ["<=", ">=", "<", ">"] {
        if let Some((left, right)) = part.split_once(op) {
            return Ok(Comparison {
                left: side(left)?,
                relation: Relation::Order(op),
                right: side(right)?,
            });
        }
    }
    bail!("no relation: A < B, A <= B, A > B, A >= B or A within D of B")
}

/// Whether a comparison holds, and its two sides as they read.
pub struct Outcome {
    /// Whether it held.
    pub holds: bool,
    /// Its two sides as they read in this run.
    pub detail: String,
}

/// Whether two kinds may be compared: the same, or a share against a plain number.
fn comparable(p: Kind, q: Kind) -> bool {
    p == q
        || matches!(
            (p, q),
            (Kind::Share, Kind::Number) | (Kind::Number, Kind::Share)
        )
}

/// Evaluates one comparison.
pub fn evaluate(
    c: &Comparison,
    lookup: &dyn Fn(&expr::Reference) -> anyhow::Result<Value>,
) -> anyhow::Result<Outcome> {
    let left = c.left.1.eval(lookup)?;
    let right = c.right.1.eval(lookup)?;
    let (a, p) = left.number().with_context(|| c.left.0.clone())?;
    let (b, q) = right.number().with_context(|| c.right.0.clone())?;
    ensure!(
        comparable(p, q),
        "{} is a {p:?} and {} a {q:?}: they cannot be compared",
        c.left.0,
        c.right.0
    );
    let holds = match &c.relation {
        Relation::Order("<") => a < b,
        Relation::Order("<=") => a <= b,
        Relation::Order(">") => a > b,
        Relation::Order(_) => a >= b,
        Relation::Within(distance) => {
            let (d, kind) = distance.eval(lookup)?.number()?;
            match kind {
                Kind::Share => (a - b).abs() <= d * b.abs(),
                Kind::Number => {
                    ensure!(
                        a > 0.0 && b > 0.0,
                        "within a factor needs two values above zero"
                    );
                    (a / b).max(b / a) <= d
                }
                kind => {
                    ensure!(kind == p, "a distance of {kind:?} between values of {p:?}");
                    (a - b).abs() <= d
                }
            }
        }
    };
    let ratio = if b != 0.0 && p == q && matches!(c.relation, Relation::Within(_)) {
        format!(
            " ({})",
            format(&Value::Num(a / b, Kind::Number), Some("x"))?
        )
    } else {
        String::new()
    };
    Ok(Outcome {
        holds,
        detail: format!(
            "{} = {}, {} = {}{ratio}",
            c.left.0,
            format(&left, None)?,
            c.right.0,
            format(&right, None)?
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::expr::Reference;

    fn lookup(r: &Reference) -> anyhow::Result<Value> {
        let x = match r.row.as_deref() {
            Some("pool") => 0.0848,
            Some("threads") => 0.0849,
            Some("sequential") => 8.0,
            _ => bail!("no row"),
        };
        Ok(Value::Num(x, Kind::Time))
    }

    fn holds(source: &str) -> bool {
        parse(source)
            .unwrap()
            .iter()
            .all(|c| evaluate(c, &lookup).unwrap().holds)
    }

    #[test]
    fn relations_hold_or_not_as_written() {
        assert!(holds("d:pool.wall < d:threads.wall"));
        assert!(!holds("d:pool.wall > d:threads.wall"));
        assert!(holds("d:pool.wall within 1% of d:threads.wall"));
        assert!(!holds("d:pool.wall within 1% of d:sequential.wall"));
        assert!(holds("d:sequential.wall within 100x of d:pool.wall"));
        assert!(!holds("d:sequential.wall within 10x of d:pool.wall"));
        assert!(holds("d:pool.wall within 1ms of d:threads.wall"));
        assert!(holds(
            "d:pool.wall <= d:threads.wall and d:sequential.wall / d:pool.wall >= 90"
        ));
        assert!(!holds(
            "d:pool.wall <= d:threads.wall and d:sequential.wall < 1s"
        ));
    }

    #[test]
    fn a_failed_comparison_names_its_sides() {
        let c = &parse("d:pool.wall within 1% of d:sequential.wall").unwrap()[0];
        let outcome = evaluate(c, &lookup).unwrap();
        assert_eq!(
            outcome.detail,
            "d:pool.wall = 84.8 ms, d:sequential.wall = 8.00 s (0.01×)"
        );
    }

    #[test]
    fn a_malformed_or_mismatched_claim_is_an_error() {
        assert!(parse("d:pool.wall").is_err());
        assert!(parse("d:pool.wall within 10%").is_err());
        assert!(parse("d:pool.wall < ").is_err());
        let c = &parse("d:pool.wall < 3").unwrap()[0];
        assert!(
            evaluate(c, &lookup).is_err(),
            "a time against a plain number"
        );
        let c = &parse("d:pool.wall < d:nothing.wall").unwrap()[0];
        assert!(evaluate(c, &lookup).is_err());
    }
}
