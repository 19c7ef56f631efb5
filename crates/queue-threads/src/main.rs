//! Queue, threads: a thread per producer and per consumer around std's `sync_channel(K)`.
//!
//! `queue.Queue` with threads, as the notes would have it. std's channel is multi-producer,
//! single-consumer: the senders clone, the receiver does not. Q consumers therefore share one
//! receiver behind a `Mutex`, and take turns at it: the lock is held while a consumer waits for
//! an item, and released before it works on it. That is the lesson of this row (an MPMC channel,
//! as in `queue-pool`, needs no lock). The channel closes when the last producer's sender is
//! dropped; each consumer's `recv` then fails, and it stops.
//!
//! ```text
//! cargo run --release -p queue-threads -- --items 1000000 --producers 5 --consumers 10
//! ```

use anyhow::Context;
use clap::Parser;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread;
use workloads::queue::{Args, Depth, Handoff, Tally};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let handoff = hand_off(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
}

/// Starts P producer threads and Q consumer threads, and adds up what they moved. std's
/// channel cannot say how many items it holds, so a [`Depth`] gauge counts them.
///
/// The consumers own the shared receiver between them (an `Arc` each): if every consumer
/// ended early (a panic), the receiver would go with the last one, and the producers' sends
/// would fail rather than wait for ever on a full queue no one empties.
fn hand_off(args: &Args) -> anyhow::Result<Handoff> {
    let (sender, receiver) = sync_channel(args.capacity);
    let receiver = Arc::new(Mutex::new(receiver));
    let depth = Depth::new(args);
    let (handoff, most) = thread::scope(|scope| {
        let mut consumers = Vec::new();
        for index in 0..args.consumers {
            let (receiver, depth) = (Arc::clone(&receiver), &depth);
            let started = thread::Builder::new()
                .spawn_scoped(scope, move || consume(args, index, &receiver, depth));
            consumers.push(started.with_context(|| {
                format!("cannot start consumer {} of {}", index + 1, args.consumers)
            })?);
        }
        let mut producers = Vec::new();
        for producer in 0..args.producers {
            let (sender, depth) = (sender.clone(), &depth);
            let started = thread::Builder::new()
                .spawn_scoped(scope, move || produce(args, producer, sender, depth));
            producers.push(started.with_context(|| {
                format!(
                    "cannot start producer {} of {}",
                    producer + 1,
                    args.producers
                )
            })?);
        }
        // The producers hold the only senders now: the channel closes when the last one ends.
        drop(sender);
        drop(receiver);
        let (mut produced, mut most) = (0, 0);
        for producer in producers {
            let (count, deepest) = producer.join().expect("a producer panicked");
            produced += count;
            most = most.max(deepest);
        }
        let consumed = consumers.into_iter().fold(Tally::default(), |tally, c| {
            tally.merge(c.join().expect("a consumer panicked"))
        });
        anyhow::Ok((Handoff { produced, consumed }, most))
    })?;
    Depth::check(most, args)?;
    Ok(handoff)
}

/// One producer: puts its share of the items, waiting whenever the queue is full; returns how
/// many it put and the most the gauge read.
fn produce(args: &Args, producer: usize, sender: SyncSender<u64>, depth: &Depth) -> (u64, u64) {
    let (mut produced, mut most) = (0_u64, 0);
    for item in args.share(producer) {
        if let Some(read) = depth.put(producer, produced + 1) {
            most = most.max(read);
        }
        if sender.send(item).is_err() {
            break; // every consumer is gone: the run is failing, and says so elsewhere
        }
        produced += 1;
    }
    (produced, most)
}

/// One consumer: takes items until the channel closes, working on each.
fn consume(args: &Args, index: usize, receiver: &Mutex<Receiver<u64>>, depth: &Depth) -> Tally {
    let mut tally = Tally::default();
    loop {
        // The guard is a temporary: the lock is released as soon as `recv` returns.
        let item = receiver.lock().expect("a consumer panicked").recv();
        let Ok(item) = item else { break };
        depth.took(index);
        if args.work_us > 0 {
            thread::sleep(args.work());
        }
        tally.add(item);
    }
    tally
}
