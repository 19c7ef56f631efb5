//! Queue, tokio, control row: tokio's own `mpsc::channel(K)`, its receiver behind a mutex.
//!
//! `queue-tokio` with one change, the channel: the shape of the Rust Book's thread pool and of
//! much real tokio code, kept as a row of its own so that its cost is a figure rather than a
//! confound in the runtime comparison. tokio's channel, like std's, is multi-producer and
//! single-consumer, so the Q consumer tasks share its receiver behind tokio's own `Mutex`,
//! whose `lock` is awaited rather than blocked on: a consumer waiting its turn is a parked
//! task, not a parked thread. Each works on an item (a timer of X µs) after letting the lock
//! go. The channel closes when the last producer drops its sender; `recv` then returns `None`.
//!
//! ```text
//! cargo run --release -p queue-tokio-mpsc -- --items 1000000 --producers 5 --consumers 10
//! ```

use clap::Parser;
use std::sync::Arc;
use tokio::sync::Mutex;
use tokio::sync::mpsc::{Receiver, Sender, channel};
use workloads::queue::{Args, Handoff, Puts, Tally};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Arc::new(Args::parse());
    // `#[tokio::main]`'s runtime less its IO driver: this program opens no socket, so its
    // threads park on the timer alone (why, measured: docs/fair-rows.md).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .build()?;
    let handoff = runtime.block_on(hand_off(args))?;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
}

/// Spawns Q consumer tasks and P producer tasks, and adds up what they moved.
async fn hand_off(args: Arc<Args>) -> anyhow::Result<Handoff> {
    let (sender, receiver) = channel(args.capacity);
    let receiver = Arc::new(Mutex::new(receiver));
    let consumers: Vec<_> = (0..args.consumers)
        .map(|_| tokio::spawn(consume(Arc::clone(&args), Arc::clone(&receiver))))
        .collect();
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
        puts.add(|| sender.max_capacity() - sender.capacity());
    }
    puts
}

/// One consumer: takes items until the channel closes, working on each.
async fn consume(args: Arc<Args>, receiver: Arc<Mutex<Receiver<u64>>>) -> Tally {
    let mut tally = Tally::default();
    loop {
        // The guard is a temporary: the lock is released as soon as `recv` returns.
        let item = receiver.lock().await.recv().await;
        let Some(item) = item else { break };
        if args.work_us > 0 {
            tokio::time::sleep(args.work()).await;
        }
        tally.add(item);
    }
    tally
}
