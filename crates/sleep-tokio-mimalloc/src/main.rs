//! Sleep, tokio with mimalloc: `sleep-tokio` with its global allocator changed. A control row.
//!
//! Every sleep row uses the system allocator (glibc's), as every other workload does and as a
//! user who writes the program gets. This row is `sleep-tokio` with mimalloc installed, so that
//! the allocator's share of the memory a task takes is a figure of its own in the sleep
//! tables. Its base program's header, which follows, says the rest.
//!
//! asyncio's `gather` of N `asyncio.sleep`s, on every core. Each task creates its own timer
//! inside its body and parks on it; a parked task is a small state in the runtime's heap and
//! an entry in its timer wheel, not a thread. Finished tasks report their id on a channel; no
//! handle per task is kept. The spawning loop runs in `block_on` on main's thread, as
//! `#[tokio::main]` runs it and as every async row of the bench runs its main future.
//!
//! ```text
//! cargo run --release -p sleep-tokio-mimalloc -- --tasks 1000000 --duration-ms 1000
//! ```

use clap::Parser;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use workloads::sleep::{Args, Count, WAIT, WAITING};
use workloads::{Failure, print_result};

/// mimalloc, the one change from the base program: glibc pads each of tokio's task cells,
/// 256 bytes aligned to 128, to about 456 bytes (a million such blocks, measured); mimalloc
/// serves them from its 256-byte size class. Each thread's own heap costs it more: about 24 KiB
/// a thread against glibc's 10 (docs/fair-rows.md has both, measured).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // What a waiting task takes here with mimalloc, measured as the peak resident size's
    // growth from 100,000 to 1,000,000 tasks: 176-188 bytes (2026-12-03).
    args.ensure_room(256)?;
    WAIT.set(args.duration());
    // `#[tokio::main]`'s runtime less its IO driver: this program opens no socket, so its
    // threads park on the timer alone (why, measured: docs/fair-rows.md).
    let runtime = tokio::runtime::Builder::new_multi_thread()
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
