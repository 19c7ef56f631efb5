//! Queue, smol: producer and consumer tasks around async-channel, on a smol executor per core.
//!
//! asyncq on smol. Its channel is async-channel's `bounded(K)` (smol's own `smol::channel`, and
//! the channel of every async row), multi-producer and multi-consumer: every consumer task
//! holds a clone of the receiver, so none waits on a lock to take an item (compare
//! `queue-tokio-mpsc`). smol's global executor is single-threaded, so this
//! program runs one `Executor` on every core itself, as the other smol rows do. The channel
//! closes when the last producer drops its sender; each consumer's `recv` then fails.
//!
//! ```text
//! cargo run --release -p queue-smol -- --items 1000000 --producers 5 --consumers 10
//! ```

use anyhow::Context;
use clap::Parser;
use smol::channel::{Receiver, Sender, bounded};
use smol::{Executor, Timer};
use std::future::Future;
use std::sync::Arc;
use std::thread;
use workloads::queue::{Args, Handoff, SAMPLE_EVERY, Tally, check_depth};
use workloads::{Failure, print_result};

/// The executor every task runs on; [`block_on_every_core`] gives it one thread per core.
static EXECUTOR: Executor<'static> = Executor::new();

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    let handoff = block_on_every_core(hand_off(args))??;
    print_result(env!("CARGO_PKG_NAME"), &handoff);
    Ok(())
}

/// Runs [`EXECUTOR`] on one thread per core until `future` is done.
fn block_on_every_core<T>(future: impl Future<Output = T>) -> anyhow::Result<T> {
    let threads = workloads::cores();
    let (stop, stopped) = smol::channel::bounded::<()>(1);
    thread::scope(|scope| {
        let started = (1..threads).try_for_each(|i| {
            let helper = || smol::block_on(EXECUTOR.run(stopped.recv()));
            let started = thread::Builder::new().spawn_scoped(scope, helper);
            started
                .map(drop)
                .with_context(|| format!("cannot start executor thread {} of {threads}", i + 1))
        });
        let output = started.map(|()| smol::block_on(EXECUTOR.run(future)));
        drop(stop); // closes the channel: every helper thread's `recv` returns and it exits
        output
    })
}

/// Spawns Q consumer tasks and P producer tasks, and adds up what they moved.
async fn hand_off(args: Arc<Args>) -> anyhow::Result<Handoff> {
    let (sender, receiver) = bounded(args.capacity);
    let consumers: Vec<_> = (0..args.consumers)
        .map(|_| EXECUTOR.spawn(consume(Arc::clone(&args), receiver.clone())))
        .collect();
    drop(receiver);
    let producers: Vec<_> = (0..args.producers)
        .map(|p| EXECUTOR.spawn(produce(Arc::clone(&args), p, sender.clone())))
        .collect();
    // The producers hold the only senders now: the channel closes when the last one ends.
    drop(sender);
    let (mut produced, mut most) = (0, 0);
    for producer in producers {
        let (count, deepest) = producer.await;
        produced += count;
        most = most.max(deepest);
    }
    let mut consumed = Tally::default();
    for consumer in consumers {
        consumed = consumed.merge(consumer.await);
    }
    check_depth(most, &args)?;
    Ok(Handoff { produced, consumed })
}

/// One producer: puts its share of the items, waiting whenever the queue is full; returns how
/// many it put and the most the channel held just after a put (read every [`SAMPLE_EVERY`]
/// puts).
async fn produce(args: Arc<Args>, producer: usize, sender: Sender<u64>) -> (u64, usize) {
    let (mut produced, mut most) = (0_u64, 0);
    for item in args.share(producer) {
        if sender.send(item).await.is_err() {
            break; // every consumer is gone: the run is failing, and says so elsewhere
        }
        produced += 1;
        if produced.is_multiple_of(SAMPLE_EVERY) {
            most = most.max(sender.len());
        }
    }
    (produced, most)
}

/// One consumer: takes items until the channel closes, working on each.
async fn consume(args: Arc<Args>, receiver: Receiver<u64>) -> Tally {
    let mut tally = Tally::default();
    while let Ok(item) = receiver.recv().await {
        if args.work_us > 0 {
            Timer::after(args.work()).await;
        }
        tally.add(item);
    }
    tally
}
