//! hyperfine's JSON export, as version 1.20 writes it (`--export-json`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// The parameter values of a `--parameter-list` scan.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
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

    /// A parameter's value as a number, for a scan over it.
    pub fn parameter(&self, name: &str) -> Option<u64> {
        self.parameters.get(name)?.parse().ok()
    }
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
        assert!(tokio.parameters.is_empty());
    }

    #[test]
    fn reads_a_parameter_scan() {
        let export = fixture("scan.json");
        let levels: Vec<_> = export.results.iter().map(|m| m.parameter("c")).collect();
        assert_eq!(levels, [Some(1), Some(2)]);
        assert!(export.results.iter().all(|m| m.parameter("n").is_none()));
    }

    #[test]
    fn reads_a_failed_command() {
        let export = fixture("failed.json");
        assert!(export.results[0].failed());
        assert_eq!(export.results[0].exit_codes, [Some(1), Some(1)]);
    }
}
