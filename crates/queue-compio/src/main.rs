//! Queue, compio: producer and consumer tasks around async-channel, on one compio runtime per
//! core.
//!
//! asyncq thread-per-core. Each core runs its own compio runtime and spawns its share of the
//! producers and of the consumers (`workloads::compio_cores`: core `c` of `n` takes producers
//! and consumers `c`, `c + n`...); no task leaves its core, and the one thing that crosses
//! cores is the items, through the channel every async row uses: async-channel's `bounded(K)`
//! (compio ships none), multi-producer and multi-consumer, so none waits on a lock to take an
//! item. A consumer woken by a producer on another core is woken through its runtime's queue of
//! remote wakes. The channel closes when the last producer drops its sender; each consumer's
//! `recv` then fails.
//!
//! ```text
//! cargo run --release -p queue-compio -- --items 1000000 --producers 5 --consumers 10
//! ```

use anyhow::anyhow;
use async_channel::{Receiver, Sender, bounded};
use clap::Parser;
use std::sync::Arc;
use workloads::compio_cores::{Core, block_on_every_core};
use workloads::queue::{Args, Handoff, Puts, Tally};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    let handoff = hand_off(args)?;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
}

/// Starts a runtime per core with its share of the Q consumer tasks and P producer tasks, and
/// adds up what they moved.
fn hand_off(args: Arc<Args>) -> anyhow::Result<Handoff> {
    let (sender, receiver) = bounded(args.capacity);
    // Each core's start owns its clones of the channel's ends; the originals go with this
    // closure once every core's start is made, so the producers hold the only senders then.
    let shared = Arc::clone(&args);
    let shares = block_on_every_core(move |core| {
        let ends = (Arc::clone(&shared), sender.clone(), receiver.clone());
        move || hand_off_share(ends, core)
    })?;
    let (mut puts, mut consumed) = (Puts::default(), Tally::default());
    for share in shares {
        let (p, c) = share?;
        (puts, consumed) = (puts.merge(p), consumed.merge(c));
    }
    puts.handoff(consumed, &args)
}

/// Spawns this core's consumers and producers, and adds up what they moved.
async fn hand_off_share(
    (args, sender, receiver): (Arc<Args>, Sender<u64>, Receiver<u64>),
    core: Core,
) -> anyhow::Result<(Puts, Tally)> {
    let consumers: Vec<_> = core
        .share(args.consumers)
        .map(|_| compio::runtime::spawn(consume(Arc::clone(&args), receiver.clone())))
        .collect();
    drop(receiver);
    let producers: Vec<_> = core
        .share(args.producers)
        .map(|p| compio::runtime::spawn(produce(Arc::clone(&args), p, sender.clone())))
        .collect();
    drop(sender);
    let mut puts = Puts::default();
    for producer in producers {
        puts = puts.merge(
            producer
                .await
                .map_err(|joined| anyhow!("a producer: {joined}"))?,
        );
    }
    let mut consumed = Tally::default();
    for consumer in consumers {
        consumed = consumed.merge(
            consumer
                .await
                .map_err(|joined| anyhow!("a consumer: {joined}"))?,
        );
    }
    Ok((puts, consumed))
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
            compio::time::sleep(args.work()).await;
        }
        tally.add(item);
    }
    tally
}
