//! Queue, async-std: producer and consumer tasks around async-channel, on async-std's executor.
//!
//! asyncq on async-std (discontinued upstream: the legacy row). Its channel is async-channel's
//! `bounded(K)`, the channel of every async row, multi-producer and multi-consumer: every
//! consumer task holds a clone of the receiver, so none waits on a lock to take an item. It is
//! async-channel 2, as smol's and tokio's rows have it, not the 1.9 that `async_std::channel`
//! re-exports: that one is the control row `queue-async-std-channel1`. The channel closes when
//! the last producer drops its sender; each consumer's `recv` then fails.
//!
//! ```text
//! cargo run --release -p queue-async-std -- --items 1000000 --producers 5 --consumers 10
//! ```

use async_channel::{Receiver, Sender, bounded};
use async_std::task;
use clap::Parser;
use std::sync::Arc;
use workloads::queue::{Args, Handoff, Puts, Tally};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    let handoff = task::block_on(hand_off(args))?;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
}

/// Spawns Q consumer tasks and P producer tasks, and adds up what they moved.
async fn hand_off(args: Arc<Args>) -> anyhow::Result<Handoff> {
    let (sender, receiver) = bounded(args.capacity);
    let consumers: Vec<_> = (0..args.consumers)
        .map(|_| task::spawn(consume(Arc::clone(&args), receiver.clone())))
        .collect();
    drop(receiver);
    let producers: Vec<_> = (0..args.producers)
        .map(|p| task::spawn(produce(Arc::clone(&args), p, sender.clone())))
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
            task::sleep(args.work()).await;
        }
        tally.add(item);
    }
    tally
}
