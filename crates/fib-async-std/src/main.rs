//! Fib, async-std: jobs on async-std's blocking pool. The legacy row.
//!
//! async-std is discontinued upstream (2025, RUSTSEC-2025-0052); it stays as the legacy row.
//! Its documentation sends long-running synchronous work to `spawn_blocking`, a pool that grows
//! a thread per waiting job (up to 500) and so takes no worker count: `--workers` is ignored
//! here, and all the jobs run at once, taking turns on the cores like the threads row.
//!
//! ```text
//! cargo run --release -p fib-async-std -- --n 35 --count 20
//! ```

use async_std::task;
use clap::Parser;
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
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
