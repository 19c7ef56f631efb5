//! Fib, processes: the program starts `--workers` copies of itself and deals the jobs out.
//!
//! `multiprocessing.Pool`, the article's answer to the GIL for CPU work (10.02 s against 35.36 s
//! sequential): several interpreters, each with its own lock. The binary re-executes itself with
//! a hidden `--worker` flag; the parent writes each worker's jobs (one `n` a line) to its stdin
//! and reads one result a line from its stdout. In Rust, threads already run on every core, so
//! what this row adds is only the cost of starting processes and talking over pipes.
//!
//! ```text
//! cargo run --release -p fib-processes -- --n 35 --count 20 --workers 2
//! ```

use anyhow::{Context, bail};
use clap::Parser;
use std::io::Write;
use std::process::{Child, Command, Stdio};
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result, worker};

/// The parent's flags, plus the hidden one a worker is started with.
#[derive(Parser, Debug)]
struct Cli {
    #[command(flatten)]
    args: Args,

    /// Run as a worker: read one `n` a line from stdin, print fib(n) a line.
    #[arg(long, hide = true)]
    worker: bool,
}

fn main() -> Result<(), Failure> {
    let Cli { args, worker } = Cli::parse();
    if worker {
        worker::die_with_parent()?;
        // Read the whole list before starting, so the parent's writes never wait on us.
        let jobs = std::io::read_to_string(std::io::stdin())?
            .lines()
            .map(str::parse)
            .collect::<Result<Vec<u32>, _>>()
            .context("a worker's jobs")?;
        for n in jobs {
            println!("{}", job(n));
        }
        return Ok(());
    }
    let results = compute_all(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results))?;
    Ok(())
}

/// Starts W workers, deals them the jobs in turn, then collects their results.
fn compute_all(args: &Args) -> anyhow::Result<Vec<u64>> {
    let count = args.workers.min(args.count);
    // Worker w gets jobs w, w + W, w + 2W...: its share of the count. Every worker is started
    // before any is waited for, so all W run at once.
    let mut workers = Workers(Vec::new());
    for index in 0..count {
        let jobs = (index..args.count).step_by(count).count();
        let started = spawn_worker(args, jobs);
        workers.0.push(
            started.with_context(|| format!("cannot start worker {} of {count}", index + 1))?,
        );
    }
    // Whichever worker ends first is collected first, so a failed one stops the run at once.
    let mut results = Vec::with_capacity(args.count);
    while !workers.0.is_empty() {
        let ended = worker::wait_any(&workers.0)?;
        results.extend(collect(workers.0.swap_remove(ended))?);
    }
    Ok(results)
}

/// The started workers. Any still here when this is dropped (an error cut the run short) are
/// killed and reaped, so that no worker outlives the program.
struct Workers(Vec<Child>);

impl Drop for Workers {
    fn drop(&mut self) {
        for worker in &mut self.0 {
            let _ = worker.kill();
            let _ = worker.wait();
        }
    }
}

/// Starts this program as a worker and writes it `jobs` jobs.
fn spawn_worker(args: &Args, jobs: usize) -> anyhow::Result<Child> {
    let program = std::env::current_exe().context("cannot find this program to re-run it")?;
    let mut worker = worker::mark_parent(&mut Command::new(program))
        .arg("--worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut work = worker.stdin.take().expect("stdin is piped");
    for _ in 0..jobs {
        writeln!(work, "{}", args.n).context("cannot write to a worker")?;
    }
    // Dropping `work` closes the pipe: the end of the list, and the worker starts.
    Ok(worker)
}

/// Waits for a worker and reads its results; a failed worker's own error becomes ours.
fn collect(worker: Child) -> anyhow::Result<Vec<u64>> {
    let output = worker.wait_with_output().context("lost a worker process")?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        match stderr.trim().trim_start_matches("Error: ") {
            "" => bail!("a worker failed ({})", output.status),
            error => bail!("a worker failed ({}): {error}", output.status),
        }
    }
    let lines = String::from_utf8(output.stdout).context("a worker wrote non-UTF-8")?;
    let results = lines.lines().map(str::parse).collect::<Result<_, _>>();
    results.context("a worker's results")
}
