//! hyperfine: finding (or installing) the pinned version, and its JSON export, as version 1.20
//! writes it (`--export-json`).
//!
//! 1.20 is the first with per-run memory in its JSON; 2.x changed the JSON and flags and needs a
//! newer rustc than this project's machines have.

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The version installed when no hyperfine 1.20 or newer (within 1.x) is on `PATH`.
pub const PINNED: &str = "1.20.0";

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

    #[test]
    fn reads_a_failed_command() {
        let export = fixture("failed.json");
        assert!(export.results[0].failed());
        assert_eq!(export.results[0].exit_codes, [Some(1), Some(1)]);
    }
}
