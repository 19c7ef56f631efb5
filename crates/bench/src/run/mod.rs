//! `bench run`: check every program's result line, time each with hyperfine, render, and swap
//! the new results in whole.
//!
//! The phases, each announced on stderr: (1) every program of every selected experiment runs
//! once and its result line must equal the expected one, computed by `workloads`; nothing is
//! timed before all agree. (2) hyperfine times each program at each level, one call each, so
//! that each peak-memory figure is its own; a line per call says where the bench is and how
//! long is left. (3) the tables and charts are rendered from the raw data, into a staging
//! folder that replaces the results folder only once complete.
//!
//! Whatever ends the run (a wrong line, a failing program, Ctrl-C, `kill`), the site stops, the
//! staging folder goes, and the previous results stay as they were (see [`crate::results`]).

mod check;
mod plan;
mod shell;
mod startups;
mod time;

use crate::hyperfine;
use crate::python::Python;
use crate::registry::{Experiment, Interpreter, Language, Workload};
use crate::results::{Lock, Stage, check_writable, keep_other_raw, recover, swap, update_readme};
use crate::site::Site;
use crate::{raw, supervise};
use anyhow::{Context, ensure};
use plan::Programs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long one check run of a program may take before it counts as hung.
const CHECK_TIMEOUT: Duration = Duration::from_secs(300);
/// File descriptors a program needs beyond its sockets: stdio, its runtime's own.
const SPARE_FDS: u64 = 64;

/// What to run, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The experiments to run, by name; empty for all.
    pub experiments: Vec<String>,
    /// A QUICK run: smaller work, fewer runs.
    pub quick: bool,
    /// Where the release programs are.
    pub bin: PathBuf,
    /// Where the results go (replaced whole).
    pub out: PathBuf,
    /// Where they are prepared.
    pub stage: PathBuf,
    /// Where hyperfine is installed when none is on PATH, and the Python rows' environment.
    pub tools: PathBuf,
    /// The Python programs' folder.
    pub python: PathBuf,
    /// The site's latency.
    pub latency_ms: u64,
    /// A README whose summary block is rewritten with the new summary, and its prose too.
    pub readme: Option<PathBuf>,
    /// Folders (or pages) whose figures and claims are rendered from the new results.
    pub docs: Vec<PathBuf>,
}

/// Runs the bench: prepare, plan, check, time, render, swap; each stage says what it does.
pub fn run(options: &Options) -> anyhow::Result<()> {
    supervise::install()?;
    // The code being measured: labelled before anything runs, so that edits made while the
    // bench runs cannot relabel its figures.
    let commit = crate::machine::commit();
    let selected = plan::select(&options.experiments)?;
    let cores = workloads::cores() as u64;
    let fd_limit = rlimit::increase_nofile_limit(u64::MAX)
        .context("cannot read or raise the open-file limit, which decides which levels run")?;
    // Before anything is read or moved: one bench at a time.
    let lock = Lock::acquire(&options.stage)?;
    recover(&options.out)?;
    check_writable(&options.out)?;
    ensure_built(options, &selected)?;
    let python = plan::python_rows(&selected, options);
    let python_ft = plan::optional_rows(&selected, options, Interpreter::FreeThreaded);
    let python_interp = plan::optional_rows(&selected, options, Interpreter::Interpreters);
    let stage = Stage::create(&options.stage, &lock)?;
    let results = stage.0.join("results");
    let raw_dir = results.join("raw");
    std::fs::create_dir_all(&raw_dir)?;
    // The other experiments' raw data is kept, so that the summary stays whole; it is read and
    // checked now, before anything is timed, so that a broken file fails the run at once.
    keep_other_raw(&options.out.join("raw"), &raw_dir, &selected)?;
    raw::load_all(&raw_dir)?;

    let site = start_site(options, &selected, &stage.0)?;
    let scratch = stage.0.join("scratch");
    std::fs::create_dir_all(&scratch)?;
    let programs = plan::Programs {
        bin: &options.bin,
        site_url: site.as_ref().map(|s| s.url.as_str()),
        python: python.as_ref().ok(),
        python_ft: python_ft.as_ref().ok(),
        python_interp: python_interp.as_ref().ok(),
        scratch: &scratch,
    };
    let mut plans = plan::plan(
        &selected,
        &programs,
        [&python, &python_ft, &python_interp],
        options.quick,
        cores,
        fd_limit,
    )?;
    check::check_all(&mut plans, &programs, options.quick)?;

    let hyperfine = hyperfine::locate(&options.tools)?;
    let version = hyperfine::version(&hyperfine).unwrap_or_default();
    let setup = Setup {
        options,
        programs: &programs,
        site: site.as_ref(),
        cores,
        commit: &commit,
        hyperfine: &hyperfine,
    };
    time::time_all(&setup, &plans, &raw_dir, &version)?;
    drop(site);

    let describe = |python: &Result<Python, Option<anyhow::Error>>| match python {
        Ok(python) => Some(python.describe()),
        Err(why) => why.as_ref().map(|why| format!("not run: {why:#}")),
    };
    let pythons = [
        describe(&python),
        describe(&python_ft),
        describe(&python_interp),
    ];
    render_and_swap(options, &results, &version, &pythons)
}

/// What every timing reads: the run's options, the programs, the site, the machine.
struct Setup<'a> {
    options: &'a Options,
    programs: &'a Programs<'a>,
    site: Option<&'a Site>,
    cores: u64,
    /// The code's commit, taken before anything ran.
    commit: &'a str,
    hyperfine: &'a Path,
}

/// Every Rust program of the selected workloads must be built.
fn ensure_built(
    options: &Options,
    selected: &[(&'static Workload, &'static Experiment)],
) -> anyhow::Result<()> {
    for (workload, _) in selected {
        let rust = workload
            .rows
            .iter()
            .filter(|r| r.language() == Language::Rust);
        for row in rust {
            let path = options.bin.join(row.program(workload));
            ensure!(
                path.exists(),
                "{} is not built: run `make build`",
                path.display()
            );
        }
    }
    Ok(())
}

/// The site, where a selected workload needs it, its log in the staging folder.
fn start_site(
    options: &Options,
    selected: &[(&'static Workload, &'static Experiment)],
    stage: &Path,
) -> anyhow::Result<Option<Site>> {
    if !selected.iter().any(|(w, _)| w.needs_site) {
        return Ok(None);
    }
    let site = Site::start(&options.bin, options.latency_ms, &stage.join("site.log"))?;
    eprintln!(
        "bench: site at {}, {} ms latency",
        site.url, options.latency_ms
    );
    Ok(Some(site))
}

/// Phase 3: the tables and charts from the raw data, `machine.md`, then the new results
/// swapped in whole and the README's block rewritten.
fn render_and_swap(
    options: &Options,
    results: &Path,
    version: &str,
    pythons: &[Option<String>; 3],
) -> anyhow::Result<()> {
    eprintln!("bench: phase 3 of 3: rendering tables and charts");
    // Everything is written in the staging folder first: a failure here (a full disk, say)
    // names its file and leaves --out as it was, and says so.
    let untouched = || format!("{} is untouched", options.out.display());
    let runs = crate::render(&results.join("raw"), results).with_context(untouched)?;
    let machine = results.join("machine.md");
    std::fs::write(
        &machine,
        crate::machine::describe(&runs, Some(version), pythons),
    )
    .with_context(|| format!("cannot write {}", machine.display()))
    .with_context(untouched)?;
    supervise::check()?;
    swap(results, &options.out)?;
    if let Some(readme) = &options.readme {
        update_readme(readme, &crate::tables::summary_block(&runs, &options.out)?)?;
    }
    crate::prose::refresh(&runs, options.readme.as_deref(), &options.docs)?;
    let summary = std::fs::read_to_string(options.out.join("summary.md"))?;
    println!("{summary}");
    eprintln!("bench: results in {}/", options.out.display());
    Ok(())
}
