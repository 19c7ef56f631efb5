//! Fib, thread pool: `--workers` threads pull jobs from one shared queue.
//!
//! `ThreadPoolExecutor(max_workers=W)`, without the GIL: W threads, one per core by default,
//! each taking the next job as soon as it finishes one. No more threads than cores means no
//! time lost switching between them; the queue is how the work is shared out.
//!
//! ```text
//! cargo run --release -p fib-pool -- --n 35 --count 20 --workers 2
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

/// Queues every job, lets W workers drain the queue, and collects the results.
fn compute_all(args: &Args) -> anyhow::Result<Vec<u64>> {
    let (submit, queue) = crossbeam_channel::unbounded();
    for _ in 0..args.count {
        submit
            .send(args.n)
            .expect("the queue is open while we hold its receiver");
    }
    // Closing the queue is how the workers know to stop once it is empty.
    drop(submit);
    thread::scope(|scope| {
        let mut workers = Vec::new();
        for i in 0..args.workers {
            let queue = queue.clone();
            let started = thread::Builder::new().spawn_scoped(scope, move || {
                queue.into_iter().map(job).collect::<Vec<_>>()
            });
            workers.push(
                started.with_context(|| {
                    format!("cannot start worker {} of {}", i + 1, args.workers)
                })?,
            );
        }
        Ok(workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a worker thread panicked"))
            .collect())
    })
}
