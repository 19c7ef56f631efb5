//! Queue, rayon: producer threads feed a channel that rayon's pool drains with `par_bridge`.
//!
//! rayon has no channels, and blocking inside its pool is a trap: producers and consumers as
//! rayon jobs on W threads deadlock once every thread is a producer waiting for room that only a
//! consumer, with no thread left to run on, could make. The correct shape keeps the producers
//! off the pool, on threads of their own, and lets rayon consume: `par_bridge` turns the
//! channel's receiving iterator into a parallel one whose items rayon's W threads take as they
//! come. Like the pool, it works on at most W items at once, whatever Q asks for.
//!
//! ```text
//! cargo run --release -p queue-rayon -- --items 1000000 --producers 5 --workers 2
//! ```

use anyhow::Context;
use clap::Parser;
use crossbeam_channel::{Sender, bounded};
use rayon::prelude::*;
use std::thread;
use workloads::queue::{Args, Handoff, Puts, SharedTally};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let handoff = hand_off(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
}

/// Starts P producer threads, and drains the channel on rayon's pool of W threads.
fn hand_off(args: &Args) -> anyhow::Result<Handoff> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.workers)
        .build()
        .context("cannot start rayon's pool")?;
    let (sender, receiver) = bounded(args.capacity);
    let consumed = SharedTally::new();
    thread::scope(|scope| {
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
        // Each rayon thread keeps a tally of its own (`fold`) and adds it in once at the end.
        pool.install(|| {
            receiver
                .into_iter()
                .par_bridge()
                .fold(workloads::queue::Tally::default, |mut tally, item| {
                    if args.work_us > 0 {
                        thread::sleep(args.work());
                    }
                    tally.add(item);
                    tally
                })
                .for_each(|tally| consumed.add(tally));
        });
        let mut puts = Puts::default();
        for producer in producers {
            puts = puts.merge(producer.join().expect("a producer panicked"));
        }
        puts.handoff(consumed.get(), args)
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
