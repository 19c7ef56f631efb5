//! Sleep, pool: W worker threads take the tasks one at a time.
//!
//! `ThreadPoolExecutor(max_workers=W)` for waiting work: never more than W waits at once, so N
//! waits take ceil(N / W) × D. The lesson: a pool caps concurrency, which is what it is for
//! with CPU work and what hurts with waiting work. The queue is the range of task ids; an
//! atomic cursor hands out the next one, so no queue of N entries is built up front.
//!
//! ```text
//! cargo run --release -p sleep-pool -- --tasks 10 --duration-ms 1000 --workers 2
//! ```

use anyhow::Context;
use clap::Parser;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use workloads::sleep::{Args, Count, SharedCount, WAIT, WAITING};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    WAIT.set(args.duration());
    let count = wait_all(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &count)?;
    Ok(())
}

/// Starts W workers that take task ids until none is left.
fn wait_all(args: &Args) -> anyhow::Result<Count> {
    let finished = SharedCount::new();
    let next = AtomicU64::new(0);
    thread::scope(|scope| {
        for worker in 0..args.workers {
            let (finished, next, args) = (&finished, &next, &args);
            let work = move || {
                // fetch_add hands each id to exactly one worker.
                loop {
                    let id = next.fetch_add(1, Ordering::SeqCst);
                    if id >= args.tasks {
                        break;
                    }
                    finished.add(wait_one(id));
                }
            };
            thread::Builder::new()
                .spawn_scoped(scope, work)
                .with_context(|| {
                    format!("cannot start worker {} of {}", worker + 1, args.workers)
                })?;
        }
        anyhow::Ok(())
    })?;
    Ok(finished.get(WAITING.most()))
}

/// One task: marks itself waiting, waits D, and returns its id.
fn wait_one(id: u64) -> u64 {
    WAITING.enter();
    thread::sleep(WAIT.get());
    WAITING.leave();
    id
}
