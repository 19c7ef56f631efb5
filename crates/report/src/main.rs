//! report: turns the bench's raw data into `results/`, and the bench's two helpers.
//!
//! `render` reads hyperfine's JSON exports per workload and writes the Markdown tables and SVG
//! charts; `expected` prints the result line a correct run must print, computed from the pages
//! themselves; `peak-memory` measures a command's whole process tree.
//!
//! ```text
//! cargo run --release -p report -- render --raw results/raw --out /tmp/results
//! ```

mod charts;
mod hyperfine;
mod peak;
mod raw;
mod tables;

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tables::Kind;
use workloads::Failure;

/// The longest `peak-memory` lets its command run.
const MEASURE_TIMEOUT: Duration = Duration::from_secs(600);

/// Render the bench's results, and help it check and measure.
#[derive(Parser, Debug)]
struct Cli {
    #[command(subcommand)]
    command: Action,
}

#[derive(Subcommand, Debug)]
enum Expected {
    /// What every download program must print for these flags: from the pages themselves.
    Download(workloads::download::Args),
    /// What every fib program must print for these flags: from this call of the kernel.
    Fib(workloads::fib::Args),
}

#[derive(Subcommand, Debug)]
enum Action {
    /// Write tables and charts for every workload folder under --raw into --out.
    Render {
        /// The raw data: a folder per workload.
        #[arg(long)]
        raw: PathBuf,
        /// Where to write the results (created).
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the result line a correct run prints, named `expected`, computed here.
    Expected {
        #[command(subcommand)]
        workload: Expected,
    },
    /// Run a command and print its process tree's summed peak memory in bytes.
    PeakMemory {
        /// The command and its arguments.
        #[arg(last = true, required = true)]
        command: Vec<String>,
    },
}

fn main() -> Result<(), Failure> {
    match Cli::parse().command {
        Action::Render { raw, out } => render(&raw, &out)?,
        Action::Expected { workload } => match workload {
            Expected::Download(args) => {
                let tally = workloads::download::expected(args.requests);
                workloads::print_result("expected", &tally);
            }
            Expected::Fib(args) => {
                let results = (0..args.count).map(|_| workloads::fib::job(args.n));
                let answer = workloads::fib::Answer::new(&args, results);
                workloads::print_result("expected", &answer);
            }
        },
        Action::PeakMemory { command } => {
            println!("{}", peak::peak_tree_bytes(&command, MEASURE_TIMEOUT)?);
        }
    }
    Ok(())
}

/// The path of a test fixture: real hyperfine 1.20 output from this project's programs.
#[cfg(test)]
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Renders every workload under `raw` into `out`: its merged hyperfine JSON, its table, its
/// chart, then the summary across workloads.
fn render(raw: &Path, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut folders: Vec<PathBuf> = std::fs::read_dir(raw)
        .with_context(|| format!("cannot read {}", raw.display()))?
        .map(|entry| Ok(entry?.path()))
        .collect::<std::io::Result<_>>()?;
    folders.retain(|path| path.is_dir());
    folders.sort();
    let workloads = folders
        .iter()
        .map(|dir| raw::Workload::load(dir))
        .collect::<anyhow::Result<Vec<_>>>()?;
    for workload in &workloads {
        let file = |extension: &str| out.join(format!("{}.{extension}", workload.name));
        let merged = hyperfine::Export {
            results: workload.measurements.clone(),
        };
        std::fs::write(file("json"), serde_json::to_string_pretty(&merged)? + "\n")?;
        let caption = format!("{}: {}", workload.name, tables::describe(workload)?);
        if Kind::of(workload)?.is_sweep() {
            std::fs::write(file("md"), tables::scaling_table(workload)?)?;
            charts::scaling(workload, &caption, &file("svg"))?;
        } else {
            std::fs::write(file("md"), tables::workload_table(workload)?)?;
            charts::bars(workload, &caption, &file("svg"))?;
        }
    }
    std::fs::write(out.join("summary.md"), tables::summary(&workloads)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_file_from_real_hyperfine_output() {
        let out = std::env::temp_dir().join(format!("report-test-{}", std::process::id()));
        render(&fixture("raw"), &out).unwrap();
        for file in [
            "download.json",
            "download.md",
            "download.svg",
            "download-scaling.json",
            "download-scaling.md",
            "download-scaling.svg",
            "summary.md",
        ] {
            let text = std::fs::read_to_string(out.join(file)).unwrap();
            assert!(text.len() > 200, "{file} is nearly empty");
        }
        // The merged JSON is hyperfine's format still: it reads back with every result.
        let merged = std::fs::read_to_string(out.join("download.json")).unwrap();
        let merged: hyperfine::Export = serde_json::from_str(&merged).unwrap();
        assert_eq!(merged.results.len(), 3);
        let chart = std::fs::read_to_string(out.join("download.svg")).unwrap();
        assert!(chart.starts_with("<svg") && chart.contains("tokio") && chart.contains("ideal"));
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn a_missing_or_broken_raw_folder_is_an_error() {
        let out = std::env::temp_dir().join(format!("report-none-{}", std::process::id()));
        assert!(render(&fixture("no-such-folder"), &out).is_err());
        let broken = std::env::temp_dir().join(format!("report-broken-{}", std::process::id()));
        std::fs::create_dir_all(broken.join("download")).unwrap();
        std::fs::write(broken.join("download/settings.env"), "workload=download\n").unwrap();
        std::fs::write(broken.join("download/x.json"), "{ not json").unwrap();
        assert!(render(&broken, &out).is_err());
        std::fs::remove_dir_all(&broken).unwrap();
        let _ = std::fs::remove_dir_all(&out);
    }
}
