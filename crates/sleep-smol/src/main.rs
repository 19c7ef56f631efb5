//! Sleep, smol: a spawned task per wait, on a smol executor run by one thread per core.
//!
//! smol's global executor is single-threaded, so this program runs one `Executor` on every core
//! with `workloads::smol_executor::block_on_every_core` (smol-macros' `main!` does the same with
//! one thread more). Each task creates its own timer inside its body and parks on it; a parked
//! task is a small state in the executor's heap and an entry in the reactor's timer list, not a
//! thread. Finished tasks report their id on a channel; every task is detached, so no handle per
//! task is kept.
//!
//! ```text
//! cargo run --release -p sleep-smol -- --tasks 1000000 --duration-ms 1000
//! ```

use clap::Parser;
use smol::channel::{Sender, unbounded};
use smol::{Executor, Timer};
use workloads::sleep::{Args, Count, WAIT, WAITING};
use workloads::smol_executor::block_on_every_core;
use workloads::{Failure, print_result};

/// The executor every task runs on; `block_on_every_core` runs it on one thread per core.
static EXECUTOR: Executor<'static> = Executor::new();

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    // What a waiting task takes here with the system allocator, measured as the peak resident
    // size's growth from 100,000 to 1,000,000 tasks: 256-269 bytes (2026-12-03);
    // `sleep-smol-mimalloc` has the other allocator's.
    args.ensure_room(288)?;
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
