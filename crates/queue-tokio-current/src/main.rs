//! Queue, tokio current-thread: the tokio program on one thread: asyncq exactly.
//!
//! asyncq on one thread, as asyncio runs it; the only change from `queue-tokio` is the
//! runtime's flavor. Its channel is async-channel's `bounded(K)`, the channel of every async
//! row: every consumer task holds a clone of the receiver. The channel closes when the last
//! producer drops its sender; each consumer's `recv` then fails.
//!
//! ```text
//! cargo run --release -p queue-tokio-current -- --items 1000000 --producers 5 --consumers 10
//! ```

use async_channel::{Receiver, Sender, bounded};
use clap::Parser;
use std::sync::Arc;
use workloads::queue::{Args, Handoff, Puts, Tally};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    // `#[tokio::main]`'s runtime less its IO driver: this program opens no socket, so its
    // threads park on the timer alone (why, measured: docs/fair-rows.md).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let handoff = runtime.block_on(hand_off(args))?;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
}

/// Spawns Q consumer tasks and P producer tasks, and adds up what they moved.
async fn hand_off(args: Arc<Args>) -> anyhow::Result<Handoff> {
    let (sender, receiver) = bounded(args.capacity);
    let consumers: Vec<_> = (0..args.consumers)
        .map(|_| tokio::spawn(consume(Arc::clone(&args), receiver.clone())))
        .collect();
    drop(receiver);
    let producers: Vec<_> = (0..args.producers)
        .map(|p| tokio::spawn(produce(Arc::clone(&args), p, sender.clone())))
        .collect();
    // The producers hold the only senders now: the channel closes when the last one ends.
    drop(sender);
    let mut puts = Puts::default();
    for producer in producers {
        puts = puts.merge(producer.await?);
    }
    let mut consumed = Tally::default();
    for consumer in consumers {
        consumed = consumed.merge(consumer.await?);
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
            tokio::time::sleep(args.work()).await;
        }
        tally.add(item);
    }
    tally
}
