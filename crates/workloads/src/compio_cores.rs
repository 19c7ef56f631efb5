//! compio on every core: one runtime per core, each running the share of the work the program
//! gives it, on io_uring and nothing else. Behind the `compio` feature.
//!
//! compio is thread-per-core: a `Runtime` is one thread's executor, timers and io_uring, and it
//! is `!Send`, so nothing moves between cores unless the program moves it (no work stealing,
//! no `Send` bound on a task). compio's own `Dispatcher` hands closures to worker runtimes from
//! one shared queue, for a server that accepts on one thread; a client that knows its work up
//! front partitions it itself, which is this module: [`block_on_every_core`] starts a runtime on
//! each core (main's thread as the first, as `smol_executor` does for smol), asks the program
//! for each core's start (a `Send` closure returning a future that need not be `Send`: the
//! shape of `Dispatcher::dispatch`), and returns what each core's future returned. [`Core::share`]
//! is the partition every compio row uses: core `c` of `n` takes items `c`, `c + n`, `c + 2n`...
//!
//! **The driver is a fact of the run.** compio is built here with its io_uring driver only (its
//! `polling` feature, the fallback, is off), so a kernel without io_uring, or with it disabled
//! (`kernel.io_uring_disabled`), fails every compio program at start with one line, and each
//! runtime's driver is checked to be io_uring as well: no compio row can pass a fallback off
//! as io_uring. The threads are not pinned to cores: no other row pins its threads.
//!
//! hyper speaks over compio's socket through compio's own bridge to the `futures-io` traits
//! (`compio::io::compat::AsyncStream`, which owns the buffers io_uring reads into and writes
//! from, as a completion-based runtime must) and `crate::futures_io::FuturesIo` on top, the
//! adapter the async-std and smol rows use: [`hyper_io`].

use crate::futures_io::FuturesIo;
use anyhow::{Context, anyhow, bail};
use compio::driver::DriverType;
use compio::io::compat::AsyncStream;
use compio::net::TcpStream;
use compio::runtime::{Runtime, RuntimeBuilder};
use std::future::Future;
use std::iter::StepBy;
use std::ops::Range;
use std::pin::Pin;
use std::thread;

/// How many tasks other cores may have woken on a runtime before it runs again. compio keeps
/// the wakes that come from other threads in a fixed queue (64 by default), and a waker that
/// finds it full spins until the runtime drains it: two cores each waking more than that many
/// of the other's tasks (the queue's producers and consumers, spread over both) would spin on
/// each other for ever. A task sits in the queue once at most, so room for every task a row may
/// run (10,000 consumers and 1,024 producers in the queue) means no waker ever spins.
const REMOTE_WAKES: usize = 16 * 1024;

/// One core's place among the runtimes: which one it is, of how many.
#[derive(Debug, Clone, Copy)]
pub struct Core {
    index: usize,
    count: usize,
}

impl Core {
    /// Which core this is, from 0; core 0 runs on main's thread.
    pub fn index(&self) -> usize {
        self.index
    }

    /// This core's share of `n` items: `index`, `index + cores`, `index + 2 * cores`... below `n`.
    pub fn share(&self, n: usize) -> StepBy<Range<usize>> {
        (self.index..n).step_by(self.count)
    }
}

/// hyper's I/O over a compio socket (module header).
pub type HyperIo = FuturesIo<Pin<Box<AsyncStream<TcpStream>>>>;

/// Wraps `stream` for `workloads::http1::handshake`.
pub fn hyper_io(stream: TcpStream) -> HyperIo {
    FuturesIo::new(Box::pin(AsyncStream::new(stream)))
}

/// Runs a compio runtime on every core, main's thread as core 0, each until the future its
/// start returns is done, and returns the futures' outputs in core order.
///
/// `start` is called once per core on this thread, before any core runs, and dropped then:
/// what it owns (a channel's ends, say) is gone once every core's start is. A runtime that
/// cannot start, or does not run on io_uring, is an error before any work begins on this core;
/// a thread that cannot be started is an error, the cores not yet started dropping their work.
pub fn block_on_every_core<S, F, T>(mut start: impl FnMut(Core) -> S) -> anyhow::Result<Vec<T>>
where
    S: FnOnce() -> F + Send,
    F: Future<Output = T>,
    T: Send,
{
    let count = crate::cores();
    let mut starts: Vec<S> = (0..count)
        .map(|index| start(Core { index, count }))
        .collect();
    drop(start);
    // Core 0's runtime first, on this thread: no io_uring is known before any thread starts.
    let here = runtime()?;
    let first = starts.remove(0);
    thread::scope(|scope| {
        let mut helpers = Vec::with_capacity(count - 1);
        let mut starts = starts.into_iter();
        for (i, start) in (1..count).zip(starts.by_ref()) {
            let run = move || anyhow::Ok(runtime()?.block_on(start()));
            match thread::Builder::new().spawn_scoped(scope, run) {
                Ok(helper) => helpers.push(helper),
                Err(error) => {
                    // The cores not started, this one included, drop their work: whatever the
                    // started ones wait for from them (a channel's other end) closes.
                    drop((first, starts));
                    let error = anyhow!(error);
                    return Err(error.context(format!("cannot start core {} of {count}", i + 1)));
                }
            }
        }
        let mut outputs = vec![here.block_on(first())];
        for (i, helper) in (1..count).zip(helpers) {
            let joined = helper
                .join()
                .map_err(|_| anyhow!("core {} of {count} panicked", i + 1));
            outputs.push(joined??);
        }
        Ok(outputs)
    })
}

/// A compio runtime on io_uring, or why there is none.
fn runtime() -> anyhow::Result<Runtime> {
    let runtime = RuntimeBuilder::new()
        .sync_queue_size(REMOTE_WAKES)
        .build()
        .context("cannot start compio's io_uring driver")?;
    match runtime.driver_type() {
        DriverType::IoUring => Ok(runtime),
        other => bail!("compio runs on its {other:?} driver here, not io_uring"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shares_cover_every_item_once() {
        let count = 3;
        let mut seen: Vec<usize> = (0..count)
            .flat_map(|index| Core { index, count }.share(10))
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn every_core_runs_its_start_on_io_uring() {
        let outputs = block_on_every_core(|core| {
            move || async move {
                compio::time::sleep(std::time::Duration::from_millis(1)).await;
                let driver = Runtime::with_current(|runtime| runtime.driver_type());
                (core.index(), driver)
            }
        })
        .unwrap();
        let expected: Vec<_> = (0..crate::cores())
            .map(|i| (i, DriverType::IoUring))
            .collect();
        assert_eq!(outputs, expected);
    }
}
