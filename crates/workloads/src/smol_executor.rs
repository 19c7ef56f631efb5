//! smol's executor on every core: what `#[tokio::main]` gives tokio's rows, in one call.
//! Behind the `smol` feature.
//!
//! smol's global executor is one thread. A multi-thread smol program runs one `Executor` on a
//! thread per core itself: each thread runs the executor inside `smol::block_on`, which also
//! drives the reactor (sockets and timers) while it waits. smol-macros' `main!` does the same
//! with one thread more (a thread per core, and main's thread as well); this runs main's thread
//! as one of the cores' threads, so that smol's rows run as many executor threads as tokio's
//! rows run workers.

use anyhow::Context;
use smol::Executor;
use std::future::Future;
use std::thread;

/// Runs `executor` on one thread per core, this one included, until `future` is done; then
/// stops the other threads and returns its output. Fails, with nothing left running, when a
/// thread cannot be started.
pub fn block_on_every_core<T>(
    executor: &Executor<'_>,
    future: impl Future<Output = T>,
) -> anyhow::Result<T> {
    let threads = crate::cores();
    let (stop, stopped) = smol::channel::bounded::<()>(1);
    thread::scope(|scope| {
        let started = (1..threads).try_for_each(|i| {
            let helper = || smol::block_on(executor.run(stopped.recv()));
            let started = thread::Builder::new().spawn_scoped(scope, helper);
            started
                .map(drop)
                .with_context(|| format!("cannot start executor thread {} of {threads}", i + 1))
        });
        let output = started.map(|()| smol::block_on(executor.run(future)));
        drop(stop); // closes the channel: every helper thread's `recv` returns and it exits
        output
    })
}
