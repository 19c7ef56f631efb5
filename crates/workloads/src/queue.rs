//! The hand-off workload: P producers and Q consumers around one bounded queue of K items.
//!
//! The third article's `asyncq`: producers put items on a queue, consumers take them off and
//! work on each (here: wait X µs, simulated I/O). It is the shape of most real concurrent
//! programs (an accept loop, a crawler's frontier, a pipeline), and it measures what a hand-off
//! costs in each model and how well waiting consumers overlap.
//!
//! Producer `p` puts items `p`, `p + P`, `p + 2P`... below M, so the P producers put every item
//! once between them. Every consumer adds what it takes to a [`Tally`]; the tallies merge by
//! adding, so the result line (items produced, items consumed, an order-independent checksum of
//! their values) shows an item lost or handed out twice. Every program also watches its queue's
//! depth with a [`Depth`] gauge and fails if the queue ever held more than it may.

use crate::up_to;
use anyhow::bail;
use clap::Parser;
use std::fmt;
use std::iter::StepBy;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The most items a run may hand off.
pub const MAX_ITEMS: u64 = 100_000_000;
/// The most producers: each is a thread, a task or a process.
pub const MAX_PRODUCERS: u64 = 1_024;
/// The most consumers: ten times the overlap sweep's largest level.
pub const MAX_CONSUMERS: u64 = 10_000;
/// The largest queue.
pub const MAX_CAPACITY: u64 = 1_000_000;
/// The longest wait per item, in microseconds: a second.
pub const MAX_WORK_US: u64 = 1_000_000;

/// Hand M items from P producers to Q consumers through a queue of K.
#[derive(Parser, Debug, Clone)]
pub struct Args {
    /// How many producers put items on the queue (asyncq: 5; at most 1,024).
    #[arg(long, default_value_t = 5, value_parser = up_to(MAX_PRODUCERS))]
    pub producers: usize,

    /// How many consumers take them off (asyncq: 10; at most 10,000).
    #[arg(long, default_value_t = 10, value_parser = up_to(MAX_CONSUMERS))]
    pub consumers: usize,

    /// How many items in all (at most 100,000,000).
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(1..=MAX_ITEMS))]
    pub items: u64,

    /// How many items the queue holds before a producer must wait (at least 1; at most
    /// 1,000,000).
    #[arg(long, default_value_t = 100, value_parser = up_to(MAX_CAPACITY))]
    pub capacity: usize,

    /// How long a consumer works on each item, in microseconds: a timer in the async rows, a
    /// sleep in the blocking ones (simulated I/O; default 0, a bare hand-off).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=MAX_WORK_US))]
    pub work_us: u64,

    /// How many worker threads, in the models that have a set number of them (default: the
    /// number of cores; at most 1,024).
    #[arg(long, default_value_t = crate::cores(), value_parser = up_to(crate::fib::MAX_WORKERS))]
    pub workers: usize,
}

impl Args {
    /// The items producer `p` puts: `p`, `p + P`, `p + 2P`... below M.
    pub fn share(&self, producer: usize) -> StepBy<Range<u64>> {
        (producer as u64..self.items).step_by(self.producers)
    }

    /// The work on each item.
    pub fn work(&self) -> Duration {
        Duration::from_micros(self.work_us)
    }
}

/// What the consumers took, or what the producers put: the result line's fields.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Items counted.
    pub items: u64,
    /// The wrapping sum of a hash of each item's value.
    pub checksum: u64,
}

impl Tally {
    /// Counts an item.
    pub fn add(&mut self, item: u64) {
        self.items += 1;
        self.checksum = self.checksum.wrapping_add(crate::sleep::mix(item));
    }

    /// Adds another tally (a consumer's) to this one.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.items += other.items;
        self.checksum = self.checksum.wrapping_add(other.checksum);
        self
    }
}

/// The result line: how many items were produced, how many consumed, and the consumed items'
/// checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handoff {
    /// Items the producers put on the queue.
    pub produced: u64,
    /// What the consumers took off it.
    pub consumed: Tally,
}

impl fmt::Display for Handoff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "produced={} consumed={} checksum={:016x}",
            self.produced, self.consumed.items, self.consumed.checksum
        )
    }
}

/// The line a correct run of `args` prints: every item produced once and consumed once.
pub fn expected(args: &Args) -> Handoff {
    let mut consumed = Tally::default();
    for item in 0..args.items {
        consumed.add(item);
    }
    Handoff {
        produced: args.items,
        consumed,
    }
}

/// How often a producer looks at its queue's depth: every this many puts. Looking costs reads
/// of counters other threads write, which on every put would cost more than the hand-off it
/// watches (a third of `queue-pool`'s throughput, measured); every 64th still catches a queue
/// that runs past its bound, which then stays past it.
pub const SAMPLE_EVERY: u64 = 64;

/// A gauge of a queue's depth, for models whose channel cannot say its own length (std's).
///
/// Each producer counts the items it is about to put, each consumer the items it took, each on
/// a counter of its own (on its own cache line, so that counting costs no contention). A
/// producer looks at the depth every [`SAMPLE_EVERY`] puts: all the producers' counts, then
/// all the consumers'. Read in that order, the difference is never more than the queue held
/// when the reading began and the items in hand (one being put by each producer, one just
/// taken by each consumer), however long the reader is held up between the two: items taken
/// meanwhile only lower it. So [`Depth::check`] never fails a bounded queue, and fails one that
/// let its producers run ahead: its readings go far past K + P + Q (tested with a queue a
/// thousand times too large: readings near 100,000 for K = 100).
#[derive(Debug)]
pub struct Depth {
    puts: Vec<Counter>,
    takes: Vec<Counter>,
}

/// A counter alone on its cache line (two lines: some CPUs fetch them in pairs).
#[derive(Debug, Default)]
#[repr(align(128))]
struct Counter(AtomicU64);

impl Depth {
    /// An empty queue, with a counter for each of P producers and Q consumers.
    pub fn new(args: &Args) -> Depth {
        let counters = |n: usize| (0..n).map(|_| Counter::default()).collect();
        Depth {
            puts: counters(args.producers),
            takes: counters(args.consumers),
        }
    }

    /// Producer `p` is about to put its `n`th item (counting from 1); every
    /// [`SAMPLE_EVERY`]th time, returns the depth the gauge reads.
    pub fn put(&self, producer: usize, n: u64) -> Option<u64> {
        self.puts[producer].0.fetch_add(1, Ordering::SeqCst);
        n.is_multiple_of(SAMPLE_EVERY).then(|| self.read())
    }

    /// Consumer `c` took an item.
    pub fn took(&self, consumer: usize) {
        self.takes[consumer].0.fetch_add(1, Ordering::SeqCst);
    }

    /// Every item counted in less every item counted out, the puts read first.
    fn read(&self) -> u64 {
        let sum = |counters: &[Counter]| -> u64 {
            counters.iter().map(|c| c.0.load(Ordering::SeqCst)).sum()
        };
        let puts = sum(&self.puts);
        puts.saturating_sub(sum(&self.takes))
    }

    /// An error if the gauge ever read (`most`) more than K items and one in the hands of each
    /// producer and each consumer.
    pub fn check(most: u64, args: &Args) -> anyhow::Result<()> {
        if most > (args.capacity + args.producers + args.consumers) as u64 {
            bail!(
                "the queue held up to {most} items, past its capacity of {} (and one in the hands of each of {} producers and {} consumers)",
                args.capacity,
                args.producers,
                args.consumers
            );
        }
        Ok(())
    }
}

/// What producers put: how many items, and the most the queue held just after a put (read
/// every [`SAMPLE_EVERY`] puts), for models whose channel counts its own items.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Puts {
    /// Items put.
    pub count: u64,
    /// The most the queue held just after a sampled put.
    pub most: usize,
}

impl Puts {
    /// Counts one put; every [`SAMPLE_EVERY`] puts, reads the queue's depth with `len`.
    pub fn add(&mut self, len: impl FnOnce() -> usize) {
        self.count += 1;
        if self.count.is_multiple_of(SAMPLE_EVERY) {
            self.most = self.most.max(len());
        }
    }

    /// Two producers' puts together.
    pub fn merge(self, other: Puts) -> Puts {
        Puts {
            count: self.count + other.count,
            most: self.most.max(other.most),
        }
    }

    /// What crossed the queue: these puts' count and the consumers' tally, once the depth the
    /// puts saw is checked against the queue's capacity ([`check_depth`]).
    pub fn handoff(self, consumed: Tally, args: &Args) -> anyhow::Result<Handoff> {
        check_depth(self.most, args)?;
        Ok(Handoff {
            produced: self.count,
            consumed,
        })
    }
}

/// An error if a queue was seen holding `most` items, more than its capacity: for models
/// whose channel counts its own items.
pub fn check_depth(most: usize, args: &Args) -> anyhow::Result<()> {
    if most > args.capacity {
        bail!(
            "the queue held {most} items, past its capacity of {}",
            args.capacity
        );
    }
    Ok(())
}

/// Counts items into a shared tally without a lock, for models whose consumers report by
/// adding rather than by returning.
#[derive(Debug, Default)]
pub struct SharedTally {
    items: AtomicU64,
    checksum: AtomicU64,
}

impl SharedTally {
    /// Nothing counted.
    pub const fn new() -> SharedTally {
        SharedTally {
            items: AtomicU64::new(0),
            checksum: AtomicU64::new(0),
        }
    }

    /// Adds a consumer's tally.
    pub fn add(&self, tally: Tally) {
        self.items.fetch_add(tally.items, Ordering::SeqCst);
        self.checksum.fetch_add(tally.checksum, Ordering::SeqCst);
    }

    /// What was counted.
    pub fn get(&self) -> Tally {
        Tally {
            items: self.items.load(Ordering::SeqCst),
            checksum: self.checksum.load(Ordering::SeqCst),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(flags: &[&str]) -> Args {
        Args::parse_from(std::iter::once("queue").chain(flags.iter().copied()))
    }

    #[test]
    fn the_producers_share_every_item_once() {
        let args = args(&["--producers", "3", "--items", "10"]);
        let mut all: Vec<u64> = (0..3).flat_map(|p| args.share(p)).collect();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        let few = self::args(&["--producers", "5", "--items", "2"]);
        assert_eq!(few.share(4).count(), 0);
    }

    #[test]
    fn the_line_shows_a_lost_or_a_doubled_item() {
        let args = args(&["--items", "4"]);
        let want = expected(&args);
        let mut doubled = Tally::default();
        for item in [0, 1, 2, 2] {
            doubled.add(item);
        }
        assert_eq!(doubled.items, want.consumed.items);
        assert_ne!(doubled.checksum, want.consumed.checksum);
        assert_eq!(
            want.to_string(),
            format!(
                "produced=4 consumed=4 checksum={:016x}",
                want.consumed.checksum
            )
        );
    }

    #[test]
    fn the_gauge_fails_a_queue_that_ran_past_its_bound() {
        let args = args(&["--capacity", "2", "--producers", "1", "--consumers", "1"]);
        let depth = Depth::new(&args);
        let mut most = 0;
        for n in 1..=SAMPLE_EVERY {
            if let Some(read) = depth.put(0, n) {
                most = read;
            }
        }
        assert_eq!(
            most, SAMPLE_EVERY,
            "every put is counted, the reading at the 64th"
        );
        let message = Depth::check(most, &args).unwrap_err().to_string();
        assert!(message.contains("held up to 64 items"), "{message}");
        for _ in 0..SAMPLE_EVERY - 4 {
            depth.took(0);
        }
        assert_eq!(depth.read(), 4);
        assert!(
            Depth::check(4, &args).is_ok(),
            "K + P + Q items is within bounds"
        );
        assert!(check_depth(2, &args).is_ok());
        assert!(
            check_depth(3, &args).is_err(),
            "a channel's own count is held to K"
        );
    }

    #[test]
    fn flags_are_bounded() {
        for bad in [
            &["--producers", "0"][..],
            &["--consumers", "0"],
            &["--capacity", "0"],
            &["--items", "0"],
            &["--items", "100000001"],
            &["--consumers", "10001"],
            &["--work-us", "1000001"],
        ] {
            let parsed = Args::try_parse_from(std::iter::once("queue").chain(bad.iter().copied()));
            assert!(parsed.is_err(), "{bad:?} was accepted");
        }
    }
}
