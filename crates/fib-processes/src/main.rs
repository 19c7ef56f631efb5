//! Fib, processes: the program starts `--workers` copies of itself and deals the jobs out.
//!
//! `multiprocessing.Pool`, the article's answer to the GIL for CPU work (10.02 s against 35.36 s
//! sequential): several interpreters, each with its own lock. The binary re-executes itself with
//! a hidden `--worker` flag; the parent writes each worker's jobs (one `n` a line) to its stdin
//! and reads one result a line from its stdout. In Rust, threads already run on every core, so
//! what this row adds is only the cost of starting processes and talking over pipes.
//!
//! Starting this program again as a worker (with the run's own flags and a hidden role), and
//! killing and reaping any worker left when the run fails, is `workloads::worker::Workers`, the
//! same in every processes row.
//!
//! ```text
//! cargo run --release -p fib-processes -- --n 35 --count 20 --workers 2
//! ```

use anyhow::Context;
use clap::Parser;
use std::io::Write;
use workloads::fib::{Answer, Args, job};
use workloads::worker::{self, Workers};
use workloads::{Failure, print_result};

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
    // before any is waited for, so all W run at once. `Workers` kills and reaps any still
    // running if the run is cut short, so none outlives the program.
    let mut workers = Workers::default();
    for index in 0..count {
        let worker = workers.start(&["--worker"], count)?;
        let mut work = worker.stdin.take().expect("stdin is piped");
        for _ in (index..args.count).step_by(count) {
            writeln!(work, "{}", args.n).context("cannot write to a worker")?;
        }
        // Dropping `work` closes the pipe: the end of the list, and the worker starts.
    }
    // Whichever worker ends first is collected first, so a failed one stops the run at once.
    let mut results = Vec::with_capacity(args.count);
    while let Some(ended) = workers.next_ended()? {
        let lines =
            String::from_utf8(worker::output(ended)?).context("a worker wrote non-UTF-8")?;
        let these = lines
            .lines()
            .map(str::parse)
            .collect::<Result<Vec<u64>, _>>();
        results.extend(these.context("a worker's results")?);
    }
    Ok(results)
}
