//! Sleep, tokio: a spawned task per wait, on tokio's multi-thread runtime.
//!
//! asyncio's `gather` of N `asyncio.sleep`s, on every core. Each task creates its own timer
//! inside its body and parks on it; a parked task is a small state in the runtime's heap and
//! an entry in its timer wheel, not a thread. Finished tasks report their id on a channel; no
//! handle per task is kept.
//!
//! ```text
//! cargo run --release -p sleep-tokio -- --tasks 1000000 --duration-ms 1000
//! ```

use clap::Parser;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use workloads::sleep::{Args, Count, WAIT, WAITING};
use workloads::{Failure, print_result};

/// mimalloc, in every sleep program: tokio aligns each task to 128 bytes, and the system
/// allocator (glibc's) pads such aligned blocks; mimalloc serves them from its size classes.
/// Every row of this workload uses it, so none has an advantage (the README has both figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let args = Args::parse();
    WAIT.set(args.duration());
    // The spawning loop runs as a task itself, on a worker thread, where `tokio::spawn` puts
    // each new task on that worker's own queue; from `main`'s thread, which is no worker,
    // every spawn would go through the runtime's shared injection queue, a lock each.
    let count = tokio::spawn(async move { wait_all(&args).await }).await?;
    print_result(env!("CARGO_PKG_NAME"), &count);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The least a task of this program can cost tokio, from the types: its cell holds a
    /// 32-byte header, the scheduler's handle and the task's id (8 bytes each), the future behind
    /// an 8-byte tag, and a 48-byte trailer, and is aligned to 128 bytes on x86-64 and aarch64
    /// (tokio 1.54, `runtime/task/core.rs`). The README sets it beside the measured figure.
    #[test]
    fn the_floor_per_task_is_one_256_byte_cell() {
        let (done, _finished) = unbounded_channel();
        let future = wait_one(0, done);
        let cell = 32 + 8 + 8 + (8 + size_of_val(&future)) + 48;
        let floor = cell.next_multiple_of(128);
        println!(
            "future {} bytes, cell {cell} bytes, floor {floor} bytes",
            size_of_val(&future)
        );
        assert_eq!(floor, 256, "a future of {} bytes", size_of_val(&future));
    }
}
