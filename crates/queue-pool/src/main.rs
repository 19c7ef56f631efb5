//! Queue, pool: producer threads, and a pool of W consumer threads, around a crossbeam channel.
//!
//! crossbeam-channel's `bounded(K)` is multi-producer and multi-consumer: the receiver clones
//! like the sender, so the consumers need no lock (compare `queue-threads`, whose std channel
//! has one receiver to share). The consuming is done by a fixed pool of W threads, as a
//! `ThreadPoolExecutor` would do it: Q consumers' worth of items, at most W worked on at once,
//! so with waiting work the pool stops at its workers. The channel closes when the last
//! producer drops its sender, and each worker's `recv` then fails.
//!
//! ```text
//! cargo run --release -p queue-pool -- --items 1000000 --producers 5 --consumers 10 --workers 2
//! ```

use anyhow::Context;
use clap::Parser;
use crossbeam_channel::{Receiver, Sender, bounded};
use std::thread;
use workloads::queue::{Args, Handoff, Puts, Tally};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let handoff = hand_off(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
}

/// Starts P producer threads and a pool of min(Q, W) consumer threads, and adds up what they
/// moved.
fn hand_off(args: &Args) -> anyhow::Result<Handoff> {
    let (sender, receiver) = bounded(args.capacity);
    let workers = args.consumers.min(args.workers);
    thread::scope(|scope| {
        let mut consumers = Vec::new();
        for index in 0..workers {
            let receiver = receiver.clone();
            let started =
                thread::Builder::new().spawn_scoped(scope, move || consume(args, receiver));
            consumers.push(
                started
                    .with_context(|| format!("cannot start worker {} of {workers}", index + 1))?,
            );
        }
        drop(receiver);
        let mut producers = Vec::new();
        for producer in 0..args.producers {
            let (sender, of) = (sender.clone(), args.producers);
            let started =
                thread::Builder::new().spawn_scoped(scope, move || produce(args, producer, sender));
            producers.push(
                started
                    .with_context(|| format!("cannot start producer {} of {of}", producer + 1))?,
            );
        }
        drop(sender);
        let mut puts = Puts::default();
        for producer in producers {
            puts = puts.merge(producer.join().expect("a producer panicked"));
        }
        let consumed = consumers.into_iter().fold(Tally::default(), |tally, c| {
            tally.merge(c.join().expect("a consumer panicked"))
        });
        puts.handoff(consumed, args)
    })
}

/// One producer: puts its share of the items, waiting whenever the queue is full, and counts
/// its puts ([`Puts`] reads crossbeam's own count of the channel's items now and then).
fn produce(args: &Args, producer: usize, sender: Sender<u64>) -> Puts {
    let mut puts = Puts::default();
    for item in args.share(producer) {
        if sender.send(item).is_err() {
            break; // every consumer is gone: the run is failing, and says so elsewhere
        }
        puts.add(|| sender.len());
    }
    puts
}

/// One worker of the pool: takes items until the channel closes, working on each.
fn consume(args: &Args, receiver: Receiver<u64>) -> Tally {
    let mut tally = Tally::default();
    for item in receiver {
        if args.work_us > 0 {
            thread::sleep(args.work());
        }
        tally.add(item);
    }
    tally
}
