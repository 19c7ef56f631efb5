//! Fib, smol: jobs on smol's blocking pool (`unblock`), capped at `--workers` threads.
//!
//! An executor thread must not be held by long computation: while it is, the tasks queued on
//! it cannot run. smol's answer for blocking or long work is `unblock`, which moves a closure
//! to the `blocking` crate's thread pool, the same pool async-std's `spawn_blocking` uses. That
//! pool grows a thread per waiting job up to 500 unless told otherwise; the crate's own
//! `set_max_blocking_threads` caps it, so at most W jobs compute at once, as in every
//! concurrent fib row, and the rest wait in the pool's queue. Nothing else runs, so
//! `smol::block_on` on this thread is the whole executor.
//!
//! ```text
//! cargo run --release -p fib-smol -- --n 35 --count 20 --workers 2
//! ```

use clap::Parser;
use smol::unblock;
use std::num::NonZeroUsize;
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // The blocking pool, where the jobs run, has at most W threads (clap holds W to 1 or more).
    blocking::set_max_blocking_threads(
        NonZeroUsize::new(args.workers).unwrap_or(NonZeroUsize::MIN),
    );
    let results = smol::block_on(compute_all(&args));
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results))?;
    Ok(())
}

/// Hands every job to the blocking pool and awaits the results.
async fn compute_all(args: &Args) -> Vec<u64> {
    let n = args.n;
    let jobs: Vec<_> = (0..args.count).map(|_| unblock(move || job(n))).collect();
    let mut results = Vec::with_capacity(args.count);
    for job in jobs {
        results.push(job.await);
    }
    results
}
