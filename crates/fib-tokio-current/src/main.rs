//! Fib, tokio current-thread: every job a task on one thread, asyncio exactly, no faster.
//!
//! The article's asyncio version (86.50 s against 35.36 s sequential): one thread, an event
//! loop, tasks that switch only where they await. A computation never awaits, so each task runs
//! to the end before the next starts, on the same core. Async is for waiting, not computing:
//! this row stays near 1× whatever the machine has, and that is its lesson.
//!
//! ```text
//! cargo run --release -p fib-tokio-current -- --n 35 --count 20
//! ```

use clap::Parser;
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // `#[tokio::main]`'s runtime less its drivers: this program opens no socket and sets no
    // timer, so its thread parks on nothing else (why: docs/fair-rows.md).
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let results = runtime.block_on(compute_all(&args));
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results))?;
    Ok(())
}

/// Spawns every job as a task on this one thread and awaits the results.
async fn compute_all(args: &Args) -> Vec<u64> {
    let n = args.n;
    let jobs: Vec<_> = (0..args.count)
        .map(|_| tokio::spawn(async move { job(n) }))
        .collect();
    let mut results = Vec::with_capacity(args.count);
    for job in jobs {
        results.push(job.await.expect("a job panicked"));
    }
    results
}
