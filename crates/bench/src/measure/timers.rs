//! The timers probe: what each timer's sleep really waits, measured by the `timers` program
//! before an experiment whose work is sleeps (its table is `crate::tables::timers`).
//!
//! A consumer of the queue's overlap experiment "works" X µs by sleeping, and tokio's timer
//! rounds a 1 ms sleep up to about 2 ms: an ideal of M × X / Q would blame the overlap for the
//! timer. The bench runs `timers` once, keeps its figures in the raw record, and each row's
//! ideal uses its own timer's median wait ([`crate::figures`]).

use crate::raw::TimerRecord;
use crate::registry::Timers;
use crate::supervise;
use anyhow::{Context, bail, ensure};
use std::path::Path;
use std::time::Duration;

/// The program, among the release binaries.
const PROGRAM: &str = "timers";
/// About how long it spends on each timer and sleep, in ms: a full run's, and a QUICK one's.
const BUDGET_MS: [u64; 2] = [500, 100];
/// The most the whole probe may take (five timers, four sleeps of at most a budget each, and
/// the 50 sleeps of 10 ms that the fewest sleeps take at the longest: about 15 s).
const LIMIT: Duration = Duration::from_secs(120);

/// Runs the `timers` program in `bin` at the table's sleeps and at `work_us`, and reads its
/// lines.
pub fn measure(
    bin: &Path,
    timers: &Timers,
    work_us: u64,
    quick: bool,
) -> anyhow::Result<Vec<TimerRecord>> {
    let mut us: Vec<u64> = timers.table_us.to_vec();
    if !us.contains(&work_us) {
        us.push(work_us);
    }
    let program = bin.join(PROGRAM);
    let mut command = supervise::supervised(&program)?;
    command
        .arg("--budget-ms")
        .arg(BUDGET_MS[usize::from(quick)].to_string());
    for us in &us {
        command.arg("--us").arg(us.to_string());
    }
    let finished = supervise::run(&mut command, LIMIT)?;
    if !finished.status.success() {
        bail!(
            "{} failed ({}): {}",
            program.display(),
            finished.status,
            finished.last_error_line()
        );
    }
    parse(&finished.stdout).with_context(|| format!("{}'s output", program.display()))
}

/// Reads the program's lines: a header, then `timer us sleeps median_us p99_us`, tab-separated.
fn parse(text: &str) -> anyhow::Result<Vec<TimerRecord>> {
    let mut lines = text.lines();
    ensure!(
        lines.next() == Some("timer\tus\tsleeps\tmedian_us\tp99_us"),
        "no header line"
    );
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [timer, us, sleeps, median, p99] = fields[..] else {
                bail!("{line:?}: not five fields");
            };
            Ok(TimerRecord {
                timer: timer.to_string(),
                us: us.parse().with_context(|| format!("{line:?}: us"))?,
                sleeps: sleeps
                    .parse()
                    .with_context(|| format!("{line:?}: sleeps"))?,
                median_us: median
                    .parse()
                    .with_context(|| format!("{line:?}: median"))?,
                p99_us: p99.parse().with_context(|| format!("{line:?}: p99"))?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programs_lines_are_read_and_a_damaged_one_is_named() {
        let text = "timer\tus\tsleeps\tmedian_us\tp99_us\ntokio\t1000\t500\t2127.5\t2259.7\n";
        let timers = parse(text).expect("a good output");
        assert_eq!(timers.len(), 1);
        assert_eq!((timers[0].timer.as_str(), timers[0].us), ("tokio", 1000));
        assert!((timers[0].median_us - 2127.5).abs() < 1e-9);
        let damaged = parse("timer\tus\tsleeps\tmedian_us\tp99_us\ntokio\t1000\t500\tx\t1\n");
        let error = format!("{:#}", damaged.expect_err("a median that is no number"));
        assert!(error.contains("median"), "{error}");
        assert!(parse("tokio\t1000\t500\t1\t1\n").is_err(), "no header");
    }
}
