//! The bench: the registry of every workload, the runner that checks and times the programs
//! with hyperfine, and the report that turns the raw data into `results/`.
//!
//! The registry ([`registry`]) is the single source of truth, and pure data: the runner
//! ([`run`]), what the bench measures itself ([`measure`]), the tables ([`tables`]), the charts
//! ([`charts`]), [`compare`] and the workspace's tests read it; nothing else lists models,
//! programs, levels or formulas. The arrows point one way: the runner → the measurements → the
//! raw records ([`raw`]) → the registry; the report reads only the raw records and the registry.

pub mod charts;
pub mod compare;
pub mod figures;
pub mod gaps;
pub mod hyperfine;
pub mod machine;
pub mod measure;
pub mod ports;
pub mod progress;
pub mod prose;
pub mod python;
pub mod raw;
pub mod registry;
pub mod results;
pub mod run;
pub mod site;
pub mod supervise;
pub mod tables;
pub mod units;

use anyhow::{Context, ensure};
use std::path::Path;

/// Renders every experiment under `raw` into `out`: its table and its two charts, then the
/// summary across workloads. Returns the runs it read.
pub fn render(raw: &Path, out: &Path) -> anyhow::Result<Vec<raw::Run>> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let runs = raw::load_all(raw)?;
    ensure!(
        !runs.is_empty(),
        "{} holds no experiment's raw data",
        raw.display()
    );
    for run in &runs {
        let caption = format!("{}: {}", run.name(), tables::caption(run)?);
        let table = if run.experiment.is_single() {
            charts::single(run, &caption, out)?;
            tables::single(run)?
        } else {
            charts::sweep(run, &caption, out)?;
            tables::sweep(run)?
        };
        let gaps = gaps::section(run)?;
        let page = out.join(format!("{}.md", run.name()));
        std::fs::write(&page, table + &gaps)
            .with_context(|| format!("cannot write {}", page.display()))?;
    }
    let summary = out.join("summary.md");
    std::fs::write(&summary, tables::summary(&runs)?)
        .with_context(|| format!("cannot write {}", summary.display()))?;
    Ok(runs)
}

/// The path of a test fixture.
#[cfg(test)]
fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[cfg(test)]
mod tests;
