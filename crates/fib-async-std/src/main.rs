//! Fib, async-std: jobs on async-std's blocking pool, capped at `--workers` threads. The legacy
//! row.
//!
//! async-std is discontinued upstream (2025, RUSTSEC-2025-0052); it stays as the legacy row.
//! Its documentation sends long-running synchronous work to `spawn_blocking`, which is the
//! `blocking` crate's pool (through async-global-executor), the pool smol's `unblock` uses. That
//! pool grows a thread per waiting job up to 500 unless told otherwise; the crate's own
//! `set_max_blocking_threads` caps it, so at most W jobs compute at once, as in every
//! concurrent fib row.
//!
//! ```text
//! cargo run --release -p fib-async-std -- --n 35 --count 20 --workers 2
//! ```

use async_std::task;
use clap::Parser;
use std::num::NonZeroUsize;
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // The blocking pool, where the jobs run, has at most W threads (clap holds W to 1 or more).
    blocking::set_max_blocking_threads(
        NonZeroUsize::new(args.workers).unwrap_or(NonZeroUsize::MIN),
    );
    let results = task::block_on(compute_all(&args));
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results))?;
    Ok(())
}

/// Hands every job to the blocking pool and awaits the results.
async fn compute_all(args: &Args) -> Vec<u64> {
    let n = args.n;
    let jobs: Vec<_> = (0..args.count)
        .map(|_| task::spawn_blocking(move || job(n)))
        .collect();
    let mut results = Vec::with_capacity(args.count);
    for job in jobs {
        results.push(job.await);
    }
    results
}
