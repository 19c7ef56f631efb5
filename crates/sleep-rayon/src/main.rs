//! Sleep, rayon: blocking sleeps on rayon's pool, the anti-pattern kept because it teaches.
//!
//! rayon is a pool for CPU work: its W threads (one per core by default) each run one task
//! until it returns. A task that sleeps holds its thread asleep, so only W tasks wait at once
//! and N waits take ceil(N / W) × D, like any pool. Async runtimes exist for exactly this case.
//!
//! ```text
//! cargo run --release -p sleep-rayon -- --tasks 10 --duration-ms 1000 --workers 2
//! ```

use clap::Parser;
use rayon::prelude::*;
use std::thread;
use workloads::sleep::{Args, Count, SharedCount, WAIT, WAITING};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    WAIT.set(args.duration());
    rayon::ThreadPoolBuilder::new()
        .num_threads(args.workers)
        .build_global()?;
    let count = wait_all(&args);
    print_result(env!("CARGO_PKG_NAME"), &count)?;
    Ok(())
}

/// Hands every task id to rayon's pool.
fn wait_all(args: &Args) -> Count {
    let finished = SharedCount::new();
    (0..args.tasks)
        .into_par_iter()
        .for_each(|id| finished.add(wait_one(id)));
    finished.get(WAITING.most())
}

/// One task: marks itself waiting, waits D, and returns its id.
fn wait_one(id: u64) -> u64 {
    WAITING.enter();
    thread::sleep(WAIT.get());
    WAITING.leave();
    id
}
