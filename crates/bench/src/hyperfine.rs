//! hyperfine: finding (or installing) the pinned version, and its JSON export, as version 1.20
//! writes it (`--export-json`).
//!
//! 1.20 is the first with per-run memory in its JSON; 2.x changed the JSON and flags and needs a
//! newer rustc than this project's machines have.

use crate::compare::stats::{self, Ratio};
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The version installed when no hyperfine 1.20 or newer (within 1.x) is on `PATH`.
pub const PINNED: &str = "1.20.0";

/// The `rust-version` [`PINNED`]'s Cargo.toml declares, the oldest Rust that builds it: the
/// floor of the Rust the README asks for, since `make bench` builds it. Change both together
/// (conformance's `setup` test reads the crate's manifest where cargo has its source).
pub const PINNED_RUST_VERSION: &str = "1.88.0";

/// Whether `hyperfine --version`'s output names a 1.x version from 1.20 on.
fn new_enough(version: &str) -> bool {
    let number = version.split_whitespace().nth(1).unwrap_or("");
    let mut parts = number.split('.').map(|p| p.parse::<u32>().ok());
    matches!((parts.next(), parts.next()), (Some(Some(1)), Some(Some(minor))) if minor >= 20)
}

/// The version line of a hyperfine binary, if it runs.
pub fn version(binary: &Path) -> Option<String> {
    let out = Command::new(binary).arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A hyperfine to use: the one on `PATH` if it is new enough, else the pinned version in
/// `tools`, built there with `cargo install --locked` the first time (saying so: it takes a
/// minute or two).
pub fn locate(tools: &Path) -> anyhow::Result<PathBuf> {
    let on_path = PathBuf::from("hyperfine");
    if version(&on_path).is_some_and(|v| new_enough(&v)) {
        return Ok(on_path);
    }
    let root = tools.join("hyperfine");
    let local = root.join("bin/hyperfine");
    if version(&local).is_some_and(|v| new_enough(&v)) {
        return Ok(local);
    }
    eprintln!(
        "bench: no hyperfine 1.20 or newer on PATH: building hyperfine {PINNED} with \
         `cargo install --locked` into {} (once; a minute or two)",
        root.display()
    );
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        // Quiet: our line above says what is happening, and cargo's closing advice (add the
        // folder to PATH) is not for the user of the bench, which finds it there itself.
        .args([
            "install",
            "--quiet",
            "--locked",
            "--version",
            PINNED,
            "--root",
        ])
        .arg(&root)
        .arg("hyperfine")
        .status()
        .context("cannot run cargo to install hyperfine")?;
    if !status.success() || !version(&local).is_some_and(|v| new_enough(&v)) {
        bail!(
            "installing hyperfine {PINNED} failed ({status}); install hyperfine 1.20 or newer by hand"
        );
    }
    eprintln!("bench: hyperfine {PINNED} installed");
    Ok(local)
}

/// One export file: a result per benchmarked command (per parameter value in a scan).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Export {
    /// The commands' results, in the order hyperfine ran them.
    pub results: Vec<Measurement>,
}

/// hyperfine's figures for one command. Times are in seconds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Measurement {
    /// The command's name (`-n`), or the command line.
    pub command: String,
    /// Mean wall time.
    pub mean: f64,
    /// Standard deviation of the wall time; absent with a single run.
    pub stddev: Option<f64>,
    /// Median wall time.
    pub median: f64,
    /// Mean user CPU time.
    pub user: f64,
    /// Mean system CPU time.
    pub system: f64,
    /// Fastest run.
    pub min: f64,
    /// Slowest run.
    pub max: f64,
    /// Every run's wall time.
    pub times: Vec<f64>,
    /// Every run's peak resident memory in bytes, as `RUSAGE_CHILDREN` reports it.
    #[serde(default)]
    pub memory_usage_byte: Vec<u64>,
    /// Every run's exit code (`null` for a run killed by a signal).
    pub exit_codes: Vec<Option<i32>>,
}

impl Measurement {
    /// Whether any run exited non-zero or was killed (possible only with hyperfine's `-i`).
    pub fn failed(&self) -> bool {
        self.exit_codes.iter().any(|code| *code != Some(0))
    }

    /// The standard deviation relative to the mean: how far one run strays from another.
    pub fn spread(&self) -> f64 {
        self.stddev.unwrap_or(0.0) / self.mean
    }

    /// The largest peak memory of any run, in bytes.
    pub fn peak_memory(&self) -> Option<u64> {
        self.memory_usage_byte.iter().copied().max()
    }

    /// The median's 95% interval (`crate::compare::stats::of_median`, seeded by the command's
    /// name, so a table renders the same every time); `None` with one run, which has none.
    pub fn interval(&self) -> Option<Ratio> {
        (self.times.len() >= 2)
            .then(|| stats::of_median(&self.times, stats::seed(&[&self.command])))
    }

    /// How far the median's interval reaches from it, either side, as a share of it: the `±`
    /// of the tables (`±4%`). `None` with one run.
    pub fn half_width(&self) -> Option<f64> {
        let i = self.interval()?;
        Some((i.value - i.low).max(i.high - i.value) / i.value)
    }

    /// The half-width as the tables show it, rounded up (so that a row marked ⚠ never reads
    /// ±10%): `±4%`. `None` with one run.
    pub fn plus_minus(&self) -> Option<String> {
        let width = self.half_width()?;
        Some(format!("±{:.0}%", (width * 100.0 - 1e-9).ceil()))
    }

    /// The two groups the runs fall into, where they fall into two ([`modes`]).
    pub fn modes(&self) -> Option<[Mode; 2]> {
        modes(&self.times)
    }

    /// Whether the median is not a settled figure: its interval is wider than ±[`WIDE`], or the
    /// runs fall into two groups. Such a row is marked ⚠ ([`UNSETTLED`]).
    pub fn unsettled(&self) -> bool {
        self.modes().is_some() || self.half_width().is_some_and(|w| w > WIDE)
    }

    /// One measurement of several hyperfine calls' runs of the same command (the batches of
    /// an adaptive row): their runs, exit codes and memory together, and the figures hyperfine
    /// derives from them worked out again over all of them (user and system are means a run).
    pub fn merge(batches: &[Measurement]) -> Measurement {
        let first = &batches[0];
        let times: Vec<f64> = batches
            .iter()
            .flat_map(|b| b.times.iter().copied())
            .collect();
        let n = times.len() as f64;
        let weighted = |f: fn(&Measurement) -> f64| {
            batches
                .iter()
                .map(|b| f(b) * b.times.len() as f64)
                .sum::<f64>()
                / n
        };
        let mean = times.iter().sum::<f64>() / n;
        let stddev = (times.len() > 1)
            .then(|| (times.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt());
        Measurement {
            command: first.command.clone(),
            mean,
            stddev,
            median: stats::median(&mut times.clone()),
            user: weighted(|b| b.user),
            system: weighted(|b| b.system),
            min: times.iter().copied().fold(f64::INFINITY, f64::min),
            max: times.iter().copied().fold(0.0, f64::max),
            memory_usage_byte: batches
                .iter()
                .flat_map(|b| b.memory_usage_byte.clone())
                .collect(),
            exit_codes: batches.iter().flat_map(|b| b.exit_codes.clone()).collect(),
            times,
        }
    }
}

/// A median's interval wider than this, either side, as a share of the median, marks the row ⚠.
pub const WIDE: f64 = 0.10;

/// An adaptive row stops adding runs once its median's interval is within this, either side.
pub const PRECISE: f64 = 0.05;

/// What ⚠ means, wherever it is shown (the experiments' tables, the summary, the README's
/// block): one mark, one definition.
pub const UNSETTLED: &str = "⚠: not a settled figure: the median's 95% interval is wider than \
    ±10% of it, or the runs fall into two groups (*bimodal*): compare its interval or its modes, \
    not its median.";

/// How far apart two groups of runs must be to be two modes: the faster run of the slower
/// group at least this many times the slower run of the faster group.
pub const MODE_GAP: f64 = 1.25;

/// The fewest runs a mode has, and its least share of the runs.
pub const MODE_RUNS: usize = 2;
/// See [`MODE_RUNS`].
pub const MODE_SHARE: f64 = 0.2;

/// One group of runs: its fastest and slowest run and how many runs it has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mode {
    /// Its fastest run, in seconds.
    pub low: f64,
    /// Its slowest run.
    pub high: f64,
    /// How many runs.
    pub runs: usize,
}

/// The two modes of `times`, where the runs fall into two groups. The rule, on the runs
/// sorted: a split between two consecutive runs is a gap when each side has at least
/// [`MODE_RUNS`] runs and [`MODE_SHARE`] of them, the slower side's fastest run is at least
/// [`MODE_GAP`]× the faster side's slowest, and that ratio is larger than each side's own
/// spread (its slowest run / its fastest). Of several gaps, the widest. Ratios, not
/// differences: a run's noise grows with its length, so a slow group spreads wider.
pub fn modes(times: &[f64]) -> Option<[Mode; 2]> {
    let mut sorted = times.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len();
    let least = MODE_RUNS.max((MODE_SHARE * n as f64).ceil() as usize);
    let mode = |runs: &[f64]| Mode {
        low: runs[0],
        high: runs[runs.len() - 1],
        runs: runs.len(),
    };
    (least..=n.saturating_sub(least))
        .filter_map(|k| {
            let (fast, slow) = (mode(&sorted[..k]), mode(&sorted[k..]));
            let gap = slow.low / fast.high;
            let spread = (fast.high / fast.low).max(slow.high / slow.low);
            (gap >= MODE_GAP && gap > spread).then_some((gap, [fast, slow]))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, modes)| modes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Export {
        let path = crate::fixture(name);
        let text = std::fs::read_to_string(&path).expect("a fixture");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[test]
    fn reads_a_download_run() {
        let export = fixture("raw/download/download-tokio.json");
        let [tokio] = &export.results[..] else {
            panic!("one result")
        };
        assert_eq!(tokio.command, "download-tokio");
        assert!(!tokio.failed());
        assert_eq!(tokio.times.len(), tokio.exit_codes.len());
        assert!(tokio.min <= tokio.median && tokio.median <= tokio.max);
        assert!(tokio.peak_memory().unwrap() > 1_000_000);
    }

    #[test]
    fn only_1_20_and_later_1_x_versions_will_do() {
        assert!(new_enough("hyperfine 1.20.0"));
        assert!(new_enough("hyperfine 1.21.3"));
        assert!(!new_enough("hyperfine 1.19.0"));
        assert!(!new_enough("hyperfine 2.0.0"));
        assert!(!new_enough("something else"));
    }

    fn ms(runs: &[f64]) -> Vec<f64> {
        runs.iter().map(|r| r / 1000.0).collect()
    }

    #[test]
    fn queue_smol_s_two_groups_are_two_modes() {
        // queue-smol's ten runs in the reference of 2026-11-30 (a24d126), in ms.
        let runs = ms(&[
            115.2, 102.9, 92.4, 96.5, 106.3, 288.0, 256.1, 268.4, 234.2, 198.7,
        ]);
        let [fast, slow] = modes(&runs).expect("bimodal");
        assert_eq!((fast.runs, slow.runs), (5, 5));
        // 92.4–115.2 ms and 198.7–288.0 ms.
        assert_eq!((fast.low, fast.high), (runs[2], runs[0]));
        assert_eq!((slow.low, slow.high), (runs[9], runs[5]));
    }

    #[test]
    fn one_group_however_wide_is_not_two_modes() {
        // queue-tokio's runs: one spread, one slow run at the end.
        assert_eq!(
            modes(&ms(&[
                67.0, 81.0, 83.0, 85.0, 85.0, 86.0, 87.0, 88.0, 102.0, 115.0
            ])),
            None
        );
        // Spread evenly from 90 to 190 ms: wide, but no gap wider than the groups.
        assert_eq!(
            modes(&ms(&[
                92.0, 102.0, 117.0, 121.0, 131.0, 165.0, 169.0, 176.0, 179.0, 194.0
            ])),
            None
        );
        // One slow run alone is an outlier, not a mode; a gap of 1.2× is not one either.
        assert_eq!(
            modes(&ms(&[
                50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 200.0
            ])),
            None
        );
        assert_eq!(
            modes(&ms(&[100.0, 101.0, 102.0, 122.0, 123.0, 124.0])),
            None
        );
        assert_eq!(modes(&ms(&[100.0, 200.0, 300.0])), None);
    }

    #[test]
    fn two_tight_groups_of_three_are_two_modes() {
        // fib-scaling's tokio-current at W = 2 (a24d126).
        let [fast, slow] = modes(&ms(&[59.0, 62.0, 63.0, 88.0, 89.0, 89.0])).expect("bimodal");
        assert_eq!((fast.runs, slow.runs), (3, 3));
    }

    #[test]
    fn a_median_s_interval_is_the_bootstrap_s_and_one_run_has_none() {
        let export = fixture("raw/download/download-tokio.json");
        let m = &export.results[0];
        let i = m.interval().expect("several runs");
        assert!(i.low <= m.median && m.median <= i.high);
        assert!(m.min <= i.low && i.high <= m.max);
        let one = Measurement::merge(&[Measurement {
            times: vec![0.1],
            stddev: None,
            ..m.clone()
        }]);
        assert_eq!(one.interval(), None);
        assert!(!one.unsettled());
    }

    #[test]
    fn merged_batches_are_one_measurement_of_all_their_runs() {
        let base = fixture("raw/download/download-tokio.json").results[0].clone();
        let batch = |times: &[f64], user: f64| Measurement {
            times: times.to_vec(),
            user,
            memory_usage_byte: vec![1 << 20; times.len()],
            exit_codes: vec![Some(0); times.len()],
            ..base.clone()
        };
        let merged = Measurement::merge(&[batch(&[1.0, 3.0], 0.5), batch(&[2.0, 6.0, 4.0], 1.0)]);
        assert_eq!(merged.times, [1.0, 3.0, 2.0, 6.0, 4.0]);
        assert_eq!(
            (merged.median, merged.mean, merged.min, merged.max),
            (3.0, 3.2, 1.0, 6.0)
        );
        assert!((merged.user - 0.8).abs() < 1e-12);
        assert!((merged.stddev.unwrap() - 1.9235384061671346).abs() < 1e-12);
        assert_eq!(
            (merged.exit_codes.len(), merged.memory_usage_byte.len()),
            (5, 5)
        );
    }

    #[test]
    fn reads_a_failed_command() {
        let export = fixture("failed.json");
        assert!(export.results[0].failed());
        assert_eq!(export.results[0].exit_codes, [Some(1), Some(1)]);
    }
}
