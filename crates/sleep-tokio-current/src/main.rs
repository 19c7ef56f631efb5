//! Sleep, tokio current-thread: a spawned task per wait, all on one thread: asyncio exactly.
//!
//! One thread runs every task and the timers: waiting needs no thread, so a million waits
//! overlap on one core as well as on two. The only change from `sleep-tokio` is the runtime's
//! flavor.
//!
//! ```text
//! cargo run --release -p sleep-tokio-current -- --tasks 1000000 --duration-ms 1000
//! ```

use clap::Parser;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use workloads::sleep::{Args, Count, WAIT, WAITING};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // What a waiting task takes here with the system allocator, measured as the peak resident
    // size's growth from 100,000 to 1,000,000 tasks: 455 bytes (2026-12-03).
    args.ensure_room(464)?;
    WAIT.set(args.duration());
    // `#[tokio::main]`'s runtime less its IO driver: this program opens no socket, so its
    // threads park on the timer alone (why, measured: docs/fair-rows.md).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let count = runtime.block_on(wait_all(&args));
    print_result(env!("CARGO_PKG_NAME"), &count)?;
    Ok(())
}

/// Spawns a task per wait, then counts the ids they report.
async fn wait_all(args: &Args) -> Count {
    let (done, mut finished) = unbounded_channel();
    for id in 0..args.tasks {
        tokio::spawn(wait_one(id, done.clone()));
    }
    // The channel closes when the last task drops its sender: every task has reported.
    drop(done);
    let mut count = Count::default();
    while let Some(id) = finished.recv().await {
        count.add(id);
    }
    count.held = WAITING.most();
    count
}

/// One task: marks itself waiting, waits D on its own timer, and reports its id.
async fn wait_one(id: u64, done: UnboundedSender<u64>) {
    WAITING.enter();
    tokio::time::sleep(WAIT.get()).await;
    WAITING.leave();
    // Unbounded, and the receiver lives until every sender is gone: this never fails.
    let _ = done.send(id);
}
