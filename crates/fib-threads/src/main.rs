//! Fib, threads: one OS thread per job, all started at once.
//!
//! The article's threading version, where CPython's GIL let one thread compute at a time and
//! made it slower than sequential (39.86 s against 35.36 s). Rust threads have no such lock:
//! the kernel runs as many at once as there are cores. With more jobs than cores the threads
//! take turns, which costs a little switching, not a lock.
//!
//! ```text
//! cargo run --release -p fib-threads -- --n 35 --count 20
//! ```

use anyhow::Context;
use clap::Parser;
use std::thread;
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let results = compute_all(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results))?;
    Ok(())
}

/// Runs every job on a thread of its own and collects the results.
fn compute_all(args: &Args) -> anyhow::Result<Vec<u64>> {
    // Scoped threads may borrow `args`; the scope joins them all before it returns, the ones
    // already started included when starting another fails.
    thread::scope(|scope| {
        let mut jobs = Vec::new();
        for i in 0..args.count {
            let started = thread::Builder::new().spawn_scoped(scope, || job(args.n));
            jobs.push(
                started
                    .with_context(|| format!("cannot start thread {} of {}", i + 1, args.count))?,
            );
        }
        Ok(jobs
            .into_iter()
            .map(|job| job.join().expect("a job thread panicked"))
            .collect())
    })
}
