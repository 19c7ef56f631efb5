//! The Timers table, under the experiment that measured its timers.

use crate::raw::Record;
use crate::registry::{Model, Timers};
use crate::units::seconds;
use std::fmt::Write;

/// The Timers table under an experiment's: a timer a line, a column per sleep asked for, its
/// median and 99th percentile wait; `None` where the run measured no timers.
pub fn table(record: &Record, timers: &Timers) -> Option<String> {
    let measured = record.timers.as_ref()?;
    let mut us: Vec<u64> = measured.iter().map(|t| t.us).collect();
    us.sort_unstable();
    us.dedup();
    let mut names: Vec<&str> = Vec::new();
    for t in measured {
        if !names.contains(&t.timer.as_str()) {
            names.push(&t.timer);
        }
    }
    let mut out = String::new();
    let header: Vec<String> = us.iter().map(|&u| seconds(u as f64 / 1e6)).collect();
    let _ = writeln!(out, "## Timers: what a sleep of X waits\n");
    let _ = writeln!(out, "| timer | rows | {} |", header.join(" | "));
    let _ = writeln!(out, "|---|---|{}", "--:|".repeat(us.len()));
    for name in names {
        let rows: Vec<&str> = Model::ALL
            .into_iter()
            .filter(|m| m.about().timer.is_some_and(|t| t.name() == name))
            .map(Model::name)
            .collect();
        let cells: Vec<String> = us
            .iter()
            .map(|&u| {
                let found = measured.iter().find(|t| t.timer == name && t.us == u);
                found.map_or("n/a".into(), |t| {
                    format!(
                        "{} (p99 {})",
                        seconds(t.median_us / 1e6),
                        seconds(t.p99_us / 1e6)
                    )
                })
            })
            .collect();
        let _ = writeln!(
            out,
            "| {name} | {} | {} |",
            rows.join(", "),
            cells.join(" | ")
        );
    }
    let _ = writeln!(
        out,
        "\n*timers*: the median wait of many sleeps in a row on each timer, and its 99th \
         percentile, measured in-process by `cargo run --release -p timers` before the rows \
         were timed (a task on each runtime, as the programs sleep). The rows' ideals use the \
         median at X = `--{}`.\n",
        timers.flag
    );
    Some(out)
}
