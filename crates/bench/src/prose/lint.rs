//! Figures a page writes by hand: every number with a digit in its prose that no marker
//! renders, outside the places a number is not a measurement.
//!
//! Not checked: figure and claim markers (what they render), history notes (a blockquote
//! starting `> **History** (commit …, machine, date):` and every line of that blockquote),
//! fenced code blocks and code spans, link targets, headings, HTML comments and tags, the
//! README's generated summary block (`<!-- summary:start -->` to `<!-- summary:end -->`, which
//! the docs test holds to the tables byte for byte), and the page's own allowlist of method constants: a line
//! `<!--constants: 100 ms; 10,000; 16 KiB-->` anywhere in the page lists them (`;` between), each allowed
//! wherever it appears on that page.

/// A number a page writes by hand: its line and the number as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrendered {
    /// Its line, from 1.
    pub line: usize,
    /// The number, as written.
    pub number: String,
}

const CONSTANTS: &str = "<!--constants:";

/// The page's allowlist: every `<!--constants: a, b, c-->` line's items.
pub fn constants(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(at) = rest.find(CONSTANTS) {
            let after = &rest[at + CONSTANTS.len()..];
            let end = after.find("-->").unwrap_or(after.len());
            out.extend(
                after[..end]
                    .split(';')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
            );
            rest = &after[end..];
        }
    }
    out
}

/// Blanks (with spaces, keeping the line's length) what lies between `open` and `close` on a
/// line, the delimiters included; an unclosed one runs to the line's end.
fn blank(line: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        let after = &rest[at + open.len()..];
        let end = after.find(close).map_or(after.len(), |e| e + close.len());
        out.push_str(&" ".repeat(open.len() + after[..end].chars().count()));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `line` with every whole occurrence of `constant` blanked: not one inside a longer number
/// (`2` is not blanked in `28.6`, nor `1,000` in `1,000,000`).
fn blank_whole(line: &str, constant: &str) -> String {
    let number_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == ',';
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(constant) {
        let before = rest[..at].chars().next_back();
        let after_text = &rest[at + constant.len()..];
        let after = after_text.chars().next();
        // A separator right before a digit continues the number; at the end of a clause it
        // does not (`100, and`).
        let continues = |c: Option<char>, next: Option<char>| match c {
            Some(',' | '.') => next.is_some_and(|n| n.is_ascii_digit()),
            Some(c) => number_char(c),
            None => false,
        };
        let whole = !before.is_some_and(|c| {
            number_char(c) && c != ',' && c != '.'
                || (c == ',' || c == '.')
                    && rest[..at]
                        .chars()
                        .rev()
                        .nth(1)
                        .is_some_and(|d| d.is_ascii_digit())
        }) && !continues(after, after_text.chars().nth(1));
        out.push_str(&rest[..at]);
        if whole {
            out.push_str(&" ".repeat(constant.chars().count()));
        } else {
            out.push_str(constant);
        }
        rest = after_text;
    }
    out.push_str(rest);
    out
}

/// The numbers written by hand in `text`, a page.
pub fn unrendered(text: &str) -> Vec<Unrendered> {
    let allowed = constants(text);
    let mut found = Vec::new();
    let mut fenced = false;
    let mut history = false;
    // Markers may span lines: the text inside a figure's markers is what it renders.
    let mut in_figure = false;
    let mut generated = false;
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        if trimmed.starts_with("<!-- summary:start -->") {
            generated = true;
        }
        if generated {
            generated = !trimmed.starts_with("<!-- summary:end -->");
            continue;
        }
        if trimmed.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if trimmed.starts_with("> **History**") {
            history = true;
        }
        if history {
            if trimmed.starts_with('>') {
                continue;
            }
            history = false;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        // Figures' rendered text, then comments, code spans and link targets, blanked.
        let mut line = String::new();
        let mut rest = raw;
        loop {
            if in_figure {
                match rest.find("<!--/fig-->") {
                    Some(end) => {
                        line.push_str(&" ".repeat(rest[..end].chars().count()));
                        rest = &rest[end..];
                        in_figure = false;
                    }
                    None => {
                        line.push_str(&" ".repeat(rest.chars().count()));
                        break;
                    }
                }
            }
            match rest.find("<!--fig ") {
                Some(at) => {
                    let close = rest[at..].find("-->").map_or(rest.len(), |c| at + c + 3);
                    line.push_str(&rest[..close]);
                    rest = &rest[close..];
                    in_figure = true;
                }
                None => {
                    line.push_str(rest);
                    break;
                }
            }
        }
        let line = blank(&line, "<!--", "-->");
        let line = blank(&line, "`", "`");
        let line = blank(&line, "](", ")");
        let mut line = blank(&line, "<", ">");
        for constant in &allowed {
            line = blank_whole(&line, constant);
        }
        found.extend(numbers(&line).into_iter().map(|number| Unrendered {
            line: index + 1,
            number,
        }));
    }
    found
}

/// The digit-bearing words of a line: runs of digits, with what joins them (`,` `.` `×` `%`
/// and a unit), each as written. A digit inside a word of letters (`x86-64`, `h2`, `P99`) is
/// a name, not a figure, and is skipped.
fn numbers(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (matches!(chars[i], ',' | '.' | '_')
                    && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())))
        {
            i += 1;
        }
        let glued_before = start > 0
            && (chars[start - 1].is_alphabetic()
                || chars[start - 1] == '-' && start > 1 && chars[start - 2].is_alphanumeric());
        let word_end = (i..chars.len())
            .find(|&j| !(chars[j].is_alphanumeric()))
            .unwrap_or(chars.len());
        let glued_after = chars[i..word_end].iter().any(|c| c.is_ascii_digit());
        if !glued_before && !glued_after {
            out.push(chars[start..i].iter().collect());
        }
        i = word_end.max(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_figures_are_found_and_the_rest_is_not() {
        let page = "# Download at 10,000\n\
            tokio took 84.8 ms, <!--fig d:tokio.wall-->84.8 ms<!--/fig--> rendered.\n\
            `--requests 160` and [a link](x.md#c-10000) and x86-64, h2, P99.\n\
            ```\n3.5 s in code\n```\n\
            > **History** (commit ea0f879, 2-core Intel Xeon, 2026-11-26): 0.36 s\n\
            > still 12 ms\n\
            <!-- summary:start -->\n| 1 | 2 |\n<!-- summary:end -->\n\
            | tokio | <!--fig d:tokio.wall-->1 s<!--/fig--> | 7 MiB |\n\
            The default, 100 ms, is a constant.\n\
            <!--constants: 100 ms-->\n";
        let found = unrendered(page);
        assert_eq!(
            found,
            vec![
                Unrendered {
                    line: 2,
                    number: "84.8".into()
                },
                Unrendered {
                    line: 12,
                    number: "7".into()
                }
            ]
        );
    }

    #[test]
    fn a_constant_is_allowed_only_as_a_whole_number() {
        let page = "<!--constants: 2; 1,000-->\nW = 2 of 28.6 s, 1,000 and 1,000,000; 2.5\n";
        let found: Vec<String> = unrendered(page).into_iter().map(|u| u.number).collect();
        assert_eq!(found, ["28.6", "1,000,000", "2.5"]);
    }

    #[test]
    fn a_figure_spanning_lines_hides_its_text() {
        let page = "a <!--fig x.y-->12\n34<!--/fig--> 56\n";
        let found: Vec<String> = unrendered(page).into_iter().map(|u| u.number).collect();
        assert_eq!(found, ["56"]);
    }
}
