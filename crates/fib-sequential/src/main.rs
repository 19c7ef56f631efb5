//! Fib, sequential: every job on the main thread, one after another.
//!
//! The baseline, and the article's synchronous version: `count` jobs, each computing fib(n) by
//! the naive recursion, all on one core. Every other model is held against its time; with no
//! GIL, a model with k threads on k idle cores should come close to k times faster.
//!
//! ```text
//! cargo run --release -p fib-sequential -- --n 35 --count 20
//! ```

use clap::Parser;
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let results = compute_all(&args);
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results))?;
    Ok(())
}

/// Runs every job, one after another.
fn compute_all(args: &Args) -> Vec<u64> {
    (0..args.count).map(|_| job(args.n)).collect()
}
