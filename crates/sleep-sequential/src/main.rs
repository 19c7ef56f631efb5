//! Sleep, sequential: one task waits, then the next.
//!
//! The floor the others are held to: N waits of D take N × D, and only one task is ever
//! waiting. Nothing overlaps because nothing can: the one thread is asleep.
//!
//! ```text
//! cargo run --release -p sleep-sequential -- --tasks 5 --duration-ms 1000
//! ```

use clap::Parser;
use std::thread;
use workloads::sleep::{Args, Count, WAIT, WAITING};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    WAIT.set(args.duration());
    let count = wait_all(&args);
    print_result(env!("CARGO_PKG_NAME"), &count)?;
    Ok(())
}

/// Runs every task, one after another.
fn wait_all(args: &Args) -> Count {
    let mut count = Count::default();
    for id in 0..args.tasks {
        count.add(wait_one(id));
    }
    count.held = WAITING.most();
    count
}

/// One task: marks itself waiting, waits D, and returns its id.
fn wait_one(id: u64) -> u64 {
    WAITING.enter();
    thread::sleep(WAIT.get());
    WAITING.leave();
    id
}
