//! Fib, tokio: jobs on tokio's blocking pool, capped at `--workers` threads.
//!
//! A tokio worker thread must not be held by long computation: while it is, the tasks queued on
//! it cannot run. tokio's answer for CPU work is to move it off the async workers: to
//! `spawn_blocking`'s pool, or to rayon when there is a lot of it. This program uses
//! `spawn_blocking` with the pool capped at W threads, awaiting each job like any future.
//!
//! ```text
//! cargo run --release -p fib-tokio -- --n 35 --count 20 --workers 2
//! ```

use clap::Parser;
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // The blocking pool, where the jobs run, has at most W threads.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(args.workers)
        .build()?;
    let results = runtime.block_on(compute_all(&args));
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results))?;
    Ok(())
}

/// Hands every job to the blocking pool and awaits the results.
async fn compute_all(args: &Args) -> Vec<u64> {
    let n = args.n;
    let jobs: Vec<_> = (0..args.count)
        .map(|_| tokio::task::spawn_blocking(move || job(n)))
        .collect();
    let mut results = Vec::with_capacity(args.count);
    for job in jobs {
        results.push(job.await.expect("a job panicked"));
    }
    results
}
