//! The ledger of explained gaps, `docs/gaps.md`: an entry per `### ` heading, its fields as a
//! list of `- key: value` lines (a value may go on over lines indented by two spaces).
//!
//! ```text
//! ### sequential waits for each request in turn
//! - experiment: download, download-scaling
//! - level: all
//! - rows: sequential > *
//! - figure: wall
//! - mechanism: one request at a time: its time is the requests' round trips added up.
//! - evidence: crates/download-sequential/src/main.rs:30, one GET after another.
//! - measured_on: 2026-11-30, a24d126, 2-core AMD EPYC
//! ```
//!
//! `rows: A > B` says A's figure is the higher; each side is a list of labels, where `*` is
//! any row and `python-*` any row whose label starts so. `experiment` is a list or `*`;
//! `level` is `all` or a list of levels; `figure` a list of `wall`, `cpu`, `peak`, `per`, or `*`.

use anyhow::{Context, bail, ensure};

/// One entry: which gaps it explains, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its heading, which its anchor is made from.
    pub title: String,
    /// Its heading's line in the ledger.
    pub line: usize,
    /// The experiments it covers; empty for all.
    pub experiments: Vec<String>,
    /// The levels it covers; empty for all.
    pub levels: Vec<u64>,
    /// The rows whose figure is the higher, as patterns.
    pub high: Vec<String>,
    /// The rows whose figure is the lower.
    pub low: Vec<String>,
    /// The figures it covers; empty for all.
    pub figures: Vec<String>,
    /// Why the rows differ.
    pub mechanism: String,
    /// What shows it: a command and its output, or a source file and line.
    pub evidence: String,
    /// The run it was measured on: date, commit, machine.
    pub measured_on: String,
}

/// The figures a gap can be in.
pub const FIGURES: [&str; 4] = ["wall", "cpu", "peak", "per"];

/// Whether `label` matches `pattern`: `*`, `prefix*`, or the label itself.
pub fn matches(pattern: &str, label: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => label.starts_with(prefix),
        None => pattern == label,
    }
}

impl Entry {
    /// Whether it explains `high`'s figure being above `low`'s.
    pub fn covers(
        &self,
        experiment: &str,
        level: Option<u64>,
        figure: &str,
        high: &str,
        low: &str,
    ) -> bool {
        let any = |list: &[String], label: &str| list.iter().any(|p| matches(p, label));
        (self.experiments.is_empty() || self.experiments.iter().any(|e| e == experiment))
            && (self.levels.is_empty() || level.is_some_and(|l| self.levels.contains(&l)))
            && (self.figures.is_empty() || self.figures.iter().any(|f| f == figure))
            && any(&self.high, high)
            && any(&self.low, low)
    }

    /// Its anchor in the ledger, as GitHub makes it from the heading.
    pub fn anchor(&self) -> String {
        self.title
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | ' ' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect()
    }
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// An entry being read: its title, its heading's line, its fields so far.
type Draft = (String, usize, Vec<(String, String)>);

/// Parses the ledger's text; `name` names it in errors.
pub fn parse(text: &str, name: &str) -> anyhow::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut current: Option<Draft> = None;
    let mut fenced = false;
    let finish = |entry: Option<Draft>, entries: &mut Vec<Entry>| -> anyhow::Result<()> {
        if let Some((title, line, fields)) = entry {
            entries.push(
                build(&title, line, &fields)
                    .with_context(|| format!("{name}:{line}: {title:?}"))?,
            );
        }
        Ok(())
    };
    for (index, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if let Some(title) = line.strip_prefix("### ") {
            finish(current.take(), &mut entries)?;
            current = Some((title.trim().to_string(), index + 1, Vec::new()));
        } else if line.starts_with('#') {
            finish(current.take(), &mut entries)?;
        } else if let Some((_, _, fields)) = current.as_mut() {
            if let Some(item) = line.strip_prefix("- ") {
                let (key, value) = item
                    .split_once(':')
                    .with_context(|| format!("{name}:{}: a field is `- key: value`", index + 1))?;
                fields.push((key.trim().to_string(), value.trim().to_string()));
            } else if let (Some(rest), Some(last)) = (line.strip_prefix("  "), fields.last_mut()) {
                last.1.push(' ');
                last.1.push_str(rest.trim());
            } else if !line.trim().is_empty() {
                bail!(
                    "{name}:{}: an entry holds only `- key: value` lines",
                    index + 1
                );
            }
        }
    }
    finish(current, &mut entries)?;
    Ok(entries)
}

fn build(title: &str, line: usize, fields: &[(String, String)]) -> anyhow::Result<Entry> {
    const KEYS: [&str; 7] = [
        "experiment",
        "level",
        "rows",
        "figure",
        "mechanism",
        "evidence",
        "measured_on",
    ];
    for (key, _) in fields {
        ensure!(
            KEYS.contains(&key.as_str()),
            "no field {key:?} (there are {})",
            KEYS.join(", ")
        );
    }
    let get = |key: &str| -> anyhow::Result<&str> {
        let value = fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str());
        let value = value.with_context(|| format!("no {key}"))?;
        ensure!(!value.is_empty(), "{key} is empty");
        Ok(value)
    };
    let all = |value: &str| value == "*" || value == "all";
    let experiment = get("experiment")?;
    let experiments = if all(experiment) {
        vec![]
    } else {
        list(experiment)
    };
    for e in &experiments {
        ensure!(
            crate::registry::Experiment::named(e).is_some(),
            "no experiment {e:?} in the registry"
        );
    }
    let level = get("level")?;
    let levels = if all(level) {
        vec![]
    } else {
        list(level)
            .iter()
            .map(|l| {
                l.replace('_', "")
                    .parse::<u64>()
                    .with_context(|| format!("level {l:?} is not a number"))
            })
            .collect::<anyhow::Result<_>>()?
    };
    let (high, low) = get("rows")?
        .split_once('>')
        .context("rows: `higher > lower`, each a list of labels or patterns")?;
    let figure = get("figure")?;
    let figures = if all(figure) { vec![] } else { list(figure) };
    for f in &figures {
        ensure!(
            FIGURES.contains(&f.as_str()),
            "no figure {f:?} (there are {})",
            FIGURES.join(", ")
        );
    }
    let (high, low) = (list(high), list(low));
    ensure!(!high.is_empty() && !low.is_empty(), "rows: a side is empty");
    Ok(Entry {
        title: title.into(),
        line,
        experiments,
        levels,
        high,
        low,
        figures,
        mechanism: get("mechanism")?.into(),
        evidence: get("evidence")?.into(),
        measured_on: get("measured_on")?.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEDGER: &str = "# Gaps\n\nintro\n\n### Sequential waits\n- experiment: download, download-scaling\n\
        - level: all\n- rows: sequential > *\n- figure: wall\n- mechanism: one at a time,\n  \
        so the round trips add up.\n- evidence: src/main.rs:30\n- measured_on: 2026-11-30, a24d126, AMD\n\n\
        ### Processes' memory\n- experiment: *\n- level: 1000, 10000\n- rows: processes, python-* > threads\n\
        - figure: peak, per\n- mechanism: m\n- evidence: e\n- measured_on: o\n";

    #[test]
    fn entries_parse_and_cover_their_gaps() {
        let entries = parse(LEDGER, "gaps.md").unwrap();
        assert_eq!(entries.len(), 2);
        let e = &entries[0];
        assert_eq!(e.mechanism, "one at a time, so the round trips add up.");
        assert_eq!(e.anchor(), "sequential-waits");
        assert!(e.covers("download", None, "wall", "sequential", "tokio"));
        assert!(
            !e.covers("download", None, "wall", "tokio", "sequential"),
            "the other way round"
        );
        assert!(!e.covers("download", None, "cpu", "sequential", "tokio"));
        assert!(!e.covers("queue", None, "wall", "sequential", "tokio"));
        let p = &entries[1];
        assert_eq!(p.levels, [1000, 10000]);
        assert!(p.covers(
            "sleep-scaling",
            Some(10000),
            "per",
            "python-asyncio",
            "threads"
        ));
        assert!(!p.covers(
            "sleep-scaling",
            Some(10),
            "per",
            "python-asyncio",
            "threads"
        ));
    }

    #[test]
    fn a_malformed_entry_is_an_error_naming_its_line() {
        let missing = LEDGER.replace("- evidence: e\n", "");
        assert!(
            parse(&missing, "gaps.md")
                .unwrap_err()
                .to_string()
                .starts_with("gaps.md:15:")
        );
        let typo = LEDGER.replace("download-scaling", "download-scalin");
        assert!(format!("{:#}", parse(&typo, "gaps.md").unwrap_err()).contains("no experiment"));
        let figure = LEDGER.replace("figure: wall", "figure: speed");
        assert!(parse(&figure, "gaps.md").is_err());
        let rows = LEDGER.replace("sequential > *", "sequential, *");
        assert!(parse(&rows, "gaps.md").is_err());
    }
}
