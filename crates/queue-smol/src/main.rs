//! Queue, smol: producer and consumer tasks around async-channel, on a smol executor per core.
//!
//! asyncq on smol. Its channel is async-channel's `bounded(K)` (smol's own `smol::channel`, and
//! the channel of every async row), multi-producer and multi-consumer: every consumer task
//! holds a clone of the receiver, so none waits on a lock to take an item (compare
//! `queue-tokio-mpsc`). smol's global executor is single-threaded, so this program runs one
//! `Executor` on every core with `workloads::smol_executor`, as the other smol rows do. The
//! channel closes when the last producer drops its sender; each consumer's `recv` then fails.
//!
//! ```text
//! cargo run --release -p queue-smol -- --items 1000000 --producers 5 --consumers 10
//! ```

use async_channel::{Receiver, Sender, bounded};
use clap::Parser;
use smol::{Executor, Timer};
use std::sync::Arc;
use workloads::queue::{Args, Handoff, Puts, Tally};
use workloads::smol_executor::block_on_every_core;
use workloads::{Failure, print_result};

/// The executor every task runs on; `block_on_every_core` runs it on one thread per core.
static EXECUTOR: Executor<'static> = Executor::new();

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    let handoff = block_on_every_core(&EXECUTOR, hand_off(args))??;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
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
    let mut puts = Puts::default();
    for producer in producers {
        puts = puts.merge(producer.await);
    }
    let mut consumed = Tally::default();
    for consumer in consumers {
        consumed = consumed.merge(consumer.await);
    }
    puts.handoff(consumed, &args)
}

/// One producer: puts its share of the items, waiting whenever the queue is full; returns what
/// it put, with the queue's depth read as it went.
async fn produce(args: Arc<Args>, producer: usize, sender: Sender<u64>) -> Puts {
    let mut puts = Puts::default();
    for item in args.share(producer) {
        if sender.send(item).await.is_err() {
            break; // every consumer is gone: the run is failing, and says so elsewhere
        }
        puts.add(|| sender.len());
    }
    puts
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
