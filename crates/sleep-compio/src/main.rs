//! Sleep, compio: a spawned task per wait, on one compio runtime per core.
//!
//! asyncio's `gather` of N `asyncio.sleep`s, thread-per-core: each core runs its own compio
//! runtime and spawns its share of the tasks (`workloads::compio_cores`: core `c` of `n` takes
//! ids `c`, `c + n`...), which never leave it. Each task creates its own timer inside its body
//! and parks on it; a parked task is a small state in its core's executor and an entry in that
//! core's timer queue, not a thread. Finished tasks report their id on their core's channel
//! (async-channel, as in the smol rows: compio ships none); every task is detached, so no
//! handle per task is kept. A wait is compio's timer, not an io_uring timeout: compio keeps its
//! timers itself and passes the nearest to its wait in the kernel.
//!
//! ```text
//! cargo run --release -p sleep-compio -- --tasks 1000000 --duration-ms 1000
//! ```

use async_channel::{Sender, unbounded};
use clap::Parser;
use workloads::compio_cores::{Core, block_on_every_core};
use workloads::sleep::{Args, Count, WAIT, WAITING};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // What a waiting task takes here with the system allocator, measured as the peak resident
    // size's growth from 100,000 to 1,000,000 tasks: 343-344 bytes (2026-12-03; smol's row
    // 274 in the same runs): the task, its entry in its core's timer map, its waker.
    args.ensure_room(360)?;
    WAIT.set(args.duration());
    // A runtime per core, each spawning its share of the tasks.
    let tasks = args.tasks;
    let shares = block_on_every_core(|core| move || wait_all(tasks, core))?;
    let count = shares.into_iter().fold(Count::default(), Count::merge);
    print_result(env!("CARGO_PKG_NAME"), &count)?;
    Ok(())
}

/// Spawns a task per wait of this core's share, then counts the ids they report.
async fn wait_all(tasks: u64, core: Core) -> Count {
    let (done, finished) = unbounded();
    // Every id fits a `usize`: `--tasks` is at most 10,000,000.
    for id in core.share(tasks as usize) {
        compio::runtime::spawn(wait_one(id as u64, done.clone())).detach();
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
    compio::time::sleep(WAIT.get()).await;
    WAITING.leave();
    // Unbounded, and the receiver lives until every sender is gone: this never fails, and
    // never waits, so the task holds no send future in its state.
    let _ = done.try_send(id);
}
