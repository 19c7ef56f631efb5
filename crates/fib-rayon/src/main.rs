//! Fib, rayon: a parallel iterator over the jobs, on rayon's work-stealing pool.
//!
//! What rayon is for: CPU-bound work split into pieces. `into_par_iter` hands the jobs to a pool
//! of `--workers` threads (one per core by default); an idle thread steals work from a busy
//! one. The same line as the sequential program with `par_` in front, and no GIL to stop it.
//!
//! ```text
//! cargo run --release -p fib-rayon -- --n 35 --count 20 --workers 2
//! ```

use clap::Parser;
use rayon::prelude::*;
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    rayon::ThreadPoolBuilder::new()
        .num_threads(args.workers)
        .build_global()?;
    let results = compute_all(&args);
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results))?;
    Ok(())
}

/// Runs every job on rayon's pool and collects the results.
fn compute_all(args: &Args) -> Vec<u64> {
    (0..args.count)
        .into_par_iter()
        .map(|_| job(args.n))
        .collect()
}
