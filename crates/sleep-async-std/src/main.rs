//! Sleep, async-std: a spawned task per wait on async-std's global executor. Legacy row.
//!
//! async-std is discontinued upstream (2025, RUSTSEC-2025-0052; its authors point to smol).
//! Its global executor already uses every core, so the program only spawns tasks. Each task
//! creates its own timer inside its body and parks on it. Finished tasks report their id on a
//! channel, async-channel 2 as in smol's row (`async_std::channel` is the older 1.9, whose cost
//! the queue's control row `queue-async-std-channel1` shows); dropping a task's handle detaches
//! it, so no handle per task is kept.
//!
//! ```text
//! cargo run --release -p sleep-async-std -- --tasks 1000000 --duration-ms 1000
//! ```

use async_channel::{Sender, unbounded};
use async_std::task;
use clap::Parser;
use workloads::sleep::{Args, Count, WAIT, WAITING};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // What a waiting task takes here with the system allocator, measured as the peak resident
    // size's growth from 100,000 to 1,000,000 tasks: 310-338 bytes (2026-12-03).
    args.ensure_room(352)?;
    WAIT.set(args.duration());
    let count = task::block_on(wait_all(&args));
    print_result(env!("CARGO_PKG_NAME"), &count)?;
    Ok(())
}

/// Spawns a task per wait, then counts the ids they report.
async fn wait_all(args: &Args) -> Count {
    let (done, finished) = unbounded();
    for id in 0..args.tasks {
        task::spawn(wait_one(id, done.clone()));
    }
    // The channel closes when the last task drops its sender: every task has reported.
    drop(done);
    let mut count = Count::default();
    while let Ok(id) = finished.recv().await {
        count.add(id);
    }
    count.held = WAITING.most();
    count
}

/// One task: marks itself waiting, waits D on its own timer, and reports its id.
async fn wait_one(id: u64, done: Sender<u64>) {
    WAITING.enter();
    task::sleep(WAIT.get()).await;
    WAITING.leave();
    // Unbounded, and the receiver lives until every sender is gone: this never fails, and
    // never waits, so the task holds no send future in its state.
    let _ = done.try_send(id);
}
