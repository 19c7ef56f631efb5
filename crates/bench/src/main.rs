//! bench: checks and times every program with hyperfine, and renders `results/`.
//!
//! `run` is what `make bench` calls; `render` redraws the tables and charts from raw data;
//! `compare` sets two runs' raw data side by side;
//! `expected` prints the result line a correct run must print; `list` names the experiments;
//! `peak-memory` measures a command's whole process tree.
//!
//! ```text
//! cargo run --release -p bench -- run download fib --quick --out /tmp/results
//! cargo run --release -p bench -- render --raw results/raw --out /tmp/results
//! ```

use bench::registry::{self, Model, Workload};
use bench::supervise::Interrupted;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The longest `peak-memory` lets its command run.
const MEASURE_TIMEOUT: Duration = Duration::from_secs(600);

/// Check, time and report every program of the workspace.
#[derive(Parser, Debug)]
struct Cli {
    #[command(subcommand)]
    action: Action,
}

#[derive(Subcommand, Debug)]
enum Action {
    /// Check and time the named experiments (all when none is named) into --out.
    Run {
        /// Experiments to run (`bench list` names them); all when none is given.
        experiments: Vec<String>,
        /// A short run: smaller work, fewer runs; not a reference.
        #[arg(long)]
        quick: bool,
        /// Where the release programs are.
        #[arg(long, default_value = "target/release")]
        bin: PathBuf,
        /// Where the results go, replaced whole once complete (default: results, or
        /// target/bench/quick for a QUICK run).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Where the results are prepared.
        #[arg(long, default_value = "target/bench/stage")]
        stage: PathBuf,
        /// Where hyperfine is installed when none new enough is on PATH, and the Python rows'
        /// virtual environment.
        #[arg(long, default_value = ".tools")]
        tools: PathBuf,
        /// The Python programs' folder, with their lock file.
        #[arg(long, default_value = "python")]
        python: PathBuf,
        /// Milliseconds the site holds back each page.
        #[arg(long, default_value_t = workloads::site::DEFAULT_LATENCY_MS)]
        latency_ms: u64,
        /// A README whose summary block is rewritten with the new results.
        #[arg(long)]
        readme: Option<PathBuf>,
        /// A folder of Markdown pages (or one page) whose figures and claims to render from
        /// the new results, as the README's are (repeat for more).
        #[arg(long)]
        docs: Vec<PathBuf>,
    },
    /// Render the tables and charts of every experiment under --raw into --out.
    Render {
        /// The raw data: a folder per experiment.
        #[arg(long)]
        raw: PathBuf,
        /// Where to write the results (created).
        #[arg(long)]
        out: PathBuf,
        /// A Markdown file whose summary block to rewrite from the rendered results (the
        /// README), its links pointing into --out; its figures and claims are rendered too.
        #[arg(long)]
        readme: Option<PathBuf>,
        /// A folder of Markdown pages (or one page) whose figures and claims to render in place
        /// (repeat for more).
        #[arg(long)]
        docs: Vec<PathBuf>,
    },
    /// Compare two runs' raw data, OLD and NEW: every row's NEW / OLD (wall, CPU, memory) with
    /// a bootstrap interval, marked where it moved past the noise band.
    Compare {
        /// The raw folders, OLD then NEW (`results/raw`, `target/bench/quick/raw`); with
        /// --ref, NEW only.
        #[arg(num_args = 1..=2, required = true)]
        sides: Vec<PathBuf>,
        /// Read OLD as this commit holds `results/raw` (through git archive: the work tree is
        /// not touched).
        #[arg(long = "ref", value_name = "COMMIT")]
        commit: Option<String>,
        /// Only this experiment (repeat for more); all that both sides ran by default.
        #[arg(long = "experiment", value_name = "NAME")]
        experiments: Vec<String>,
        /// The noise band's floor, a share: 0.15 marks nothing that moved less than ±15% (each
        /// level widens it to three robust standard deviations of how far its rows moved).
        #[arg(long, default_value_t = bench::compare::BAND)]
        band: f64,
        /// Write the report to this file, with a chart per experiment beside it, rather than
        /// to stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the result line a correct run of WORKLOAD prints with these flags.
    Expected {
        /// The workload: download, fib...
        workload: String,
        /// Its flags, as the programs take them.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        flags: Vec<String>,
    },
    /// List the experiments, one a line: what `make bench-<experiment>` runs.
    List,
    /// Print the path of a hyperfine to use, installing the pinned one into --tools if needed.
    Hyperfine {
        /// Where to install it.
        #[arg(long, default_value = ".tools")]
        tools: PathBuf,
    },
    /// Make the Python rows' virtual environment in --tools if it is not ready, and say which
    /// Python it has; where none can be made, say why (and exit 0: Python is an extra). The
    /// same for the free-threaded rows' and the interpreter-pool row's (none is built here: make
    /// python-free-threaded).
    Python {
        /// Where to make it.
        #[arg(long, default_value = ".tools")]
        tools: PathBuf,
        /// The Python programs' folder, with their lock file.
        #[arg(long, default_value = "python")]
        python: PathBuf,
    },
    /// Run COMMAND in this process group and kill the group when the bench that started this
    /// dies or a stop signal comes (used by the bench itself).
    #[command(hide = true)]
    Supervise {
        /// The command and its arguments.
        #[arg(last = true, required = true)]
        command: Vec<String>,
    },
    /// Start the site and measure the download's floor at these flags: the bench's own client
    /// makes the GETs, and the CPU time it and the site spend, over the cores, is the floor.
    Floor {
        /// How many GETs.
        #[arg(long, default_value_t = 20_000,
              value_parser = workloads::up_to(workloads::download::MAX_REQUESTS))]
        requests: usize,
        /// How many in flight, each lane on its own connection.
        #[arg(long, default_value_t = 10_000,
              value_parser = workloads::up_to(workloads::download::MAX_CONCURRENCY))]
        concurrency: usize,
        /// Where the release programs are (the site).
        #[arg(long, default_value = "target/release")]
        bin: PathBuf,
        /// Milliseconds the site holds back each page.
        #[arg(long, default_value_t = workloads::site::DEFAULT_LATENCY_MS)]
        latency_ms: u64,
    },
    /// Run a command and print its process tree's summed peak memory in bytes.
    PeakMemory {
        /// The command and its arguments.
        #[arg(last = true, required = true)]
        command: Vec<String>,
    },
}

fn main() -> ExitCode {
    match act(Cli::parse().action) {
        Ok(code) => code,
        Err(error) => {
            if let Some(interrupted) = error.downcast_ref::<Interrupted>() {
                // The signal itself, not what was running when it came (the floor, say).
                let Interrupted(signal) = interrupted;
                eprintln!("bench: {interrupted}; the results are as they were");
                return ExitCode::from(128 + *signal as u8);
            }
            eprintln!("bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn act(action: Action) -> anyhow::Result<ExitCode> {
    match action {
        Action::Run {
            experiments,
            quick,
            bin,
            out,
            stage,
            tools,
            python,
            latency_ms,
            readme,
            docs,
        } => {
            let default_out = if quick {
                "target/bench/quick"
            } else {
                "results"
            };
            bench::run::run(&bench::run::Options {
                experiments,
                quick,
                bin,
                out: out.unwrap_or_else(|| default_out.into()),
                stage,
                tools,
                python,
                latency_ms,
                readme,
                docs,
            })?;
        }
        Action::Render {
            raw,
            out,
            readme,
            docs,
        } => render(&raw, &out, readme.as_deref(), &docs)?,
        Action::Compare {
            sides,
            commit,
            experiments,
            band,
            out,
        } => {
            let options = bench::compare::Options { band, experiments };
            bench::compare::command(&sides, commit.as_deref(), &options, out.as_deref())?;
        }
        Action::Expected { workload, flags } => expected(&workload, &flags)?,
        Action::List => list(),
        Action::Python { tools, python } => {
            match bench::python::setup(&python, &tools) {
                Ok(python) => println!("python: {}", python.describe()),
                Err(why) => println!("python: none, so the Python rows are skipped: {why:#}"),
            }
            match bench::python::setup_free_threaded(&python, &tools) {
                Ok(python) => println!("python free-threaded: {}", python.describe()),
                Err(why) => {
                    println!("python free-threaded: none, so the -ft rows are skipped: {why:#}")
                }
            }
            match bench::python::setup_interpreters(&python, &tools) {
                Ok(python) => println!("python interpreters: {}", python.describe()),
                Err(why) => println!(
                    "python interpreters: none, so the python-interpreters row is skipped: {why:#}"
                ),
            }
        }
        Action::Hyperfine { tools } => {
            println!("{}", bench::hyperfine::locate(&tools)?.display());
        }
        Action::Supervise { command } => {
            let code = bench::supervise::supervise(&command)?;
            return Ok(ExitCode::from(code.clamp(0, 255) as u8));
        }
        Action::Floor {
            requests,
            concurrency,
            bin,
            latency_ms,
        } => floor(&bin, latency_ms, requests, concurrency)?,
        Action::PeakMemory { command } => {
            println!(
                "{}",
                bench::measure::peak::peak_tree_bytes(&command, MEASURE_TIMEOUT)?
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `bench render`: the tables and charts from raw data, and the README's block and the pages'
/// figures and claims if asked.
fn render(raw: &Path, out: &Path, readme: Option<&Path>, docs: &[PathBuf]) -> anyhow::Result<()> {
    let runs = bench::render(raw, out)?;
    if let Some(readme) = readme {
        let block = bench::tables::summary_block(&runs, out)?;
        bench::results::update_readme(readme, &block)?;
    }
    bench::prose::refresh(&runs, readme, docs)?;
    Ok(())
}

/// `bench expected`: the line a correct run of `workload` prints with `flags`.
fn expected(workload: &str, flags: &[String]) -> anyhow::Result<()> {
    let found = Workload::named(workload).ok_or_else(|| {
        let names: Vec<&str> = registry::WORKLOADS.iter().map(|w| w.name).collect();
        anyhow::anyhow!(
            "no workload named {workload:?}; there are: {}",
            names.join(", ")
        )
    })?;
    // The sequential row's line: the reference every model's line is held to.
    let sequential = found
        .rows
        .iter()
        .find(|row| row.model == Model::Sequential && row.variant.is_none())
        .ok_or_else(|| anyhow::anyhow!("{workload} has no sequential row"))?;
    println!("expected {}", (found.expected)(flags, sequential)?);
    Ok(())
}

/// `bench list`: the experiments, one a line.
fn list() {
    for (workload, experiment) in registry::all() {
        let kind = match &experiment.sweep {
            Some(sweep) => format!("{} sweep", sweep.parameter),
            None => "single run".into(),
        };
        println!("{}\t{kind}: {}", experiment.name, workload.about);
    }
}

/// `bench floor`: the download's floor at these flags, measured by hand.
fn floor(bin: &Path, latency_ms: u64, requests: usize, concurrency: usize) -> anyhow::Result<()> {
    // A stop signal is noted rather than fatal, so that the client stops at its next
    // look (every 100 ms) and the site and its log go on the way out.
    bench::supervise::install()?;
    rlimit::increase_nofile_limit(u64::MAX)?;
    // Unlinked as soon as the site has it open (`Site::start_unlinked`): nothing is left
    // behind, a SIGKILL included.
    let log = std::env::temp_dir().join(format!("bench-floor-site-{}.log", std::process::id()));
    floor_by_hand(bin, latency_ms, &log, requests, concurrency)
}

/// `bench floor`: the site started with its log at `log`, and each run of the floor's client.
fn floor_by_hand(
    bin: &std::path::Path,
    latency_ms: u64,
    log: &std::path::Path,
    requests: usize,
    concurrency: usize,
) -> anyhow::Result<()> {
    let site = bench::site::Site::start_unlinked(bin, latency_ms, log)?;
    let url = site.url.parse()?;
    let cores = workloads::cores();
    let settle = bench::ports::settle(concurrency as u64);
    for cost in bench::measure::floor::runs(&url, site.pid(), requests, concurrency, cores, settle)?
    {
        println!(
            "floor {:.3} s: {:.2} s of CPU (the site's and the client's) over {cores} cores; wall {:.3} s",
            cost.cpu / cores as f64,
            cost.cpu,
            cost.wall
        );
    }
    Ok(())
}
