//! Fib, smol: every job a plain task on an executor run by `--workers` threads.
//!
//! smol's blocking pool (`unblock`) is documented for blocking I/O, not computation. CPU work
//! runs as ordinary tasks on a multi-threaded executor instead: a task that never awaits holds
//! its thread until it is done, which harms nothing here because the executor has no other
//! work. W threads, one per core by default, make it a thread pool with an async front.
//!
//! ```text
//! cargo run --release -p fib-smol -- --n 35 --count 20 --workers 2
//! ```

use anyhow::Context;
use clap::Parser;
use smol::Executor;
use std::future::Future;
use std::thread;
use workloads::fib::{Answer, Args, job};
use workloads::{Failure, print_result};

/// The executor every task runs on; [`block_on_workers`] gives it W threads.
static EXECUTOR: Executor<'static> = Executor::new();

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let results = block_on_workers(args.workers, compute_all(&args))?;
    print_result(env!("CARGO_PKG_NAME"), &Answer::new(&args, results));
    Ok(())
}

/// Runs [`EXECUTOR`] on `workers` threads (this one included) until `future` is done.
fn block_on_workers<T>(workers: usize, future: impl Future<Output = T>) -> anyhow::Result<T> {
    let (stop, stopped) = smol::channel::bounded::<()>(1);
    thread::scope(|scope| {
        let started = (1..workers).try_for_each(|i| {
            let helper = || smol::block_on(EXECUTOR.run(stopped.recv()));
            let started = thread::Builder::new().spawn_scoped(scope, helper);
            started
                .map(drop)
                .with_context(|| format!("cannot start worker {} of {workers}", i + 1))
        });
        let output = started.map(|()| smol::block_on(EXECUTOR.run(future)));
        drop(stop); // closes the channel: every helper thread's `recv` returns and it exits
        output
    })
}

/// Spawns every job as a task and awaits the results.
async fn compute_all(args: &Args) -> Vec<u64> {
    let n = args.n;
    let jobs: Vec<_> = (0..args.count)
        .map(|_| EXECUTOR.spawn(async move { job(n) }))
        .collect();
    let mut results = Vec::with_capacity(args.count);
    for job in jobs {
        results.push(job.await);
    }
    results
}
