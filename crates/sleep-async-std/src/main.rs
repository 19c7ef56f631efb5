//! Sleep, async-std: a spawned task per wait on async-std's global executor. Legacy row.
//!
//! async-std is discontinued upstream (2025, RUSTSEC-2025-0052; its authors point to smol).
//! Its global executor already uses every core, so the program only spawns tasks. Each task
//! creates its own timer inside its body and parks on it. Finished tasks report their id on a
//! channel; dropping a task's handle detaches it, so no handle per task is kept.
//!
//! ```text
//! cargo run --release -p sleep-async-std -- --tasks 1000000 --duration-ms 1000
//! ```

use async_std::channel::{Sender, unbounded};
use async_std::task;
use clap::Parser;
use workloads::sleep::{Args, Count, WAIT, WAITING};
use workloads::{Failure, print_result};

/// mimalloc, in every sleep program: tokio aligns each task to 128 bytes, and the system
/// allocator (glibc's) pads such aligned blocks; mimalloc serves them from its size classes.
/// Every row of this workload uses it, so none has an advantage (the README has both figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    args.ensure_room(384)?; // what a waiting task takes here, measured: docs/sleep.md
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
