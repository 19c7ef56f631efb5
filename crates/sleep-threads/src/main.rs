//! Sleep, threads: one OS thread per task, all waiting at once.
//!
//! `threading.Thread` for every task, as the notes suggest for waiting work: it works, and every
//! wait overlaps. What it costs is a thread per task: an entry in the kernel's process table
//! (`pid_max` caps them, 32,768 here), a kernel stack (16 KiB, not in the resident size), and a
//! user stack mapping whose touched pages are resident. The count is shared atomics, so no
//! handle per thread is kept: the scope joins them all.
//!
//! ```text
//! cargo run --release -p sleep-threads -- --tasks 10000 --duration-ms 1000
//! ```

use anyhow::Context;
use clap::Parser;
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

/// Starts a thread per task; the scope waits for every one, the ones already started included
/// when starting another fails.
fn wait_all(args: &Args) -> anyhow::Result<Count> {
    let finished = SharedCount::new();
    thread::scope(|scope| {
        for id in 0..args.tasks {
            let finished = &finished;
            thread::Builder::new()
                .spawn_scoped(scope, move || finished.add(wait_one(id)))
                .with_context(|| format!("cannot start thread {} of {}", id + 1, args.tasks))?;
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
