//! Queue, sequential: the producers and one consumer take turns on one thread.
//!
//! asyncq without concurrency: the producers put their items in turn on a `VecDeque` of K, and
//! whenever it is full, or every item is out, the consumer takes the oldest and works on it.
//! Nothing overlaps, so M items take M × X however many consumers there are: Q is read, and
//! does not matter. The baseline every other row is held to.
//!
//! ```text
//! cargo run --release -p queue-sequential -- --items 1000000
//! ```

use clap::Parser;
use std::collections::VecDeque;
use workloads::queue::{Args, Handoff, Tally, check_depth};
use workloads::{Failure, print_result};

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let handoff = hand_off(&args)?;
    print_result(env!("CARGO_PKG_NAME"), &handoff)?;
    Ok(())
}

/// Puts every item on the queue, a producer at a time, taking one off whenever it is full.
fn hand_off(args: &Args) -> anyhow::Result<Handoff> {
    let mut queue = VecDeque::with_capacity(args.capacity);
    let mut consumed = Tally::default();
    let mut most = 0;
    // The producers take turns: one item each, round and round, until every share is out.
    let mut shares: Vec<_> = (0..args.producers).map(|p| args.share(p)).collect();
    let mut produced = 0;
    while produced < args.items {
        for share in &mut shares {
            let Some(item) = share.next() else { continue };
            if queue.len() == args.capacity {
                consume(args, &mut queue, &mut consumed);
            }
            queue.push_back(item);
            produced += 1;
            most = most.max(queue.len());
        }
    }
    while !queue.is_empty() {
        consume(args, &mut queue, &mut consumed);
    }
    check_depth(most, args)?;
    Ok(Handoff { produced, consumed })
}

/// The consumer: takes the oldest item and works on it.
fn consume(args: &Args, queue: &mut VecDeque<u64>, consumed: &mut Tally) {
    if let Some(item) = queue.pop_front() {
        if args.work_us > 0 {
            std::thread::sleep(args.work());
        }
        consumed.add(item);
    }
}
