//! Sleep, smol with mimalloc: `sleep-smol` with its global allocator changed. A control row.
//!
//! Every sleep row uses the system allocator (glibc's), as every other workload does and as a
//! user who writes the program gets. This row is `sleep-smol` with mimalloc installed, so that
//! the allocator's share of the memory a task takes is a figure of its own in the sleep
//! tables. Its base program's header, which follows, says the rest.
//!
//! smol's global executor is single-threaded, so this program runs one `Executor` on every core
//! with `workloads::smol_executor::block_on_every_core` (smol-macros' `main!` does the same with
//! one thread more). Each task creates its own timer inside its body and parks on it; a parked
//! task is a small state in the executor's heap and an entry in the reactor's timer list, not a
//! thread. Finished tasks report their id on a channel; every task is detached, so no handle per
//! task is kept.
//!
//! ```text
//! cargo run --release -p sleep-smol-mimalloc -- --tasks 1000000 --duration-ms 1000
//! ```

use clap::Parser;
use smol::channel::{Sender, unbounded};
use smol::{Executor, Timer};
use workloads::sleep::{Args, Count, WAIT, WAITING};
use workloads::smol_executor::block_on_every_core;
use workloads::{Failure, print_result};

/// mimalloc, the one change from the base program. smol's task, timer entry and slab share are
/// no aligned shape glibc pads (tokio's 128-byte-aligned cells are: `sleep-tokio-mimalloc`),
/// so here mimalloc saves nothing a task; each thread's own heap costs it more, about 24 KiB a
/// thread against glibc's 10 (docs/fair-rows.md has both, measured).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The executor every task runs on; `block_on_every_core` runs it on one thread per core.
static EXECUTOR: Executor<'static> = Executor::new();

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // What a waiting task takes here with mimalloc, measured as the peak resident size's
    // growth from 100,000 to 1,000,000 tasks: 281-288 bytes (2026-12-03).
    args.ensure_room(320)?;
    WAIT.set(args.duration());
    let count = block_on_every_core(&EXECUTOR, wait_all(&args))?;
    print_result(env!("CARGO_PKG_NAME"), &count)?;
    Ok(())
}

/// Spawns a task per wait, then counts the ids they report.
async fn wait_all(args: &Args) -> Count {
    let (done, finished) = unbounded();
    for id in 0..args.tasks {
        EXECUTOR.spawn(wait_one(id, done.clone())).detach();
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
    Timer::after(WAIT.get()).await;
    WAITING.leave();
    // Unbounded, and the receiver lives until every sender is gone: this never fails, and
    // never waits, so the task holds no send future in its state.
    let _ = done.try_send(id);
}
