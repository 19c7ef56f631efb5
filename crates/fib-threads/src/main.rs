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

use clap::Parser;
use std::thread;
use workloads::fib::{Answer, Args, job};
use workloads::print_result;

fn main() {
    let args = Args::parse();
    let results = compute_all(&args);
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results));
}

/// Runs every job on a thread of its own and collects the results.
fn compute_all(args: &Args) -> Vec<u64> {
    // Scoped threads may borrow `args`; the scope joins them all before it returns.
    thread::scope(|scope| {
        let jobs: Vec<_> = (0..args.count)
            .map(|_| scope.spawn(|| job(args.n)))
            .collect();
        jobs.into_iter()
            .map(|job| job.join().expect("a job thread panicked"))
            .collect()
    })
}
