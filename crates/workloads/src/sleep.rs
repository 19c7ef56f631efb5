//! The waiting workload: N tasks that each wait D, as many at once as the model allows.
//!
//! The third article's first example (`countasync`), and the question the "how much memory do
//! a million concurrent tasks need" posts made famous. Each task does its own waiting: it
//! marks itself waiting in [`WAITING`], waits [`WAIT`] (D, set once from the flags, as the
//! article's `await asyncio.sleep(1)` has its literal), and unmarks itself. The result line proves
//! every task finished (a count and an order-independent checksum of the task ids) and how
//! many were waiting at once (`held`, the high-water mark taken inside the task body): N for the
//! models that wait without a thread each, at most W for a pool, 1 for sequential.

use crate::up_to;
use clap::Parser;
use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

/// The most tasks accepted: ten times the sweep's largest level, past what any model here holds.
pub const MAX_TASKS: u64 = 10_000_000;
/// The longest wait accepted, in milliseconds: an hour.
pub const MAX_DURATION_MS: u64 = 3_600_000;

/// Start N tasks that each wait D, and count them.
#[derive(Parser, Debug, Clone)]
pub struct Args {
    /// How many tasks, each waiting once (at most 10,000,000).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=MAX_TASKS))]
    pub tasks: u64,

    /// How long each task waits, in milliseconds (at most an hour).
    #[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(0..=MAX_DURATION_MS))]
    pub duration_ms: u64,

    /// How many worker threads, in the models that have a set number of them (default: the
    /// number of cores; at most 1,024).
    #[arg(long, default_value_t = crate::cores(), value_parser = up_to(crate::fib::MAX_WORKERS))]
    pub workers: usize,
}

impl Args {
    /// The wait each task makes.
    pub fn duration(&self) -> Duration {
        Duration::from_millis(self.duration_ms)
    }

    /// Refuses, with one line, N tasks that cannot fit in the memory this process may have:
    /// `bytes_a_task` (what one waiting task costs in the calling model, measured) times N, a
    /// quarter more for slack and [`BASE_BYTES`] for the rest of the program, against the
    /// address-space limit (`ulimit -v`) and the memory Linux says is available. An async
    /// runtime that runs out of memory while spawning aborts the process (Rust's handler for
    /// a failed allocation), so a clear error is only possible before the first task.
    pub fn ensure_room(&self, bytes_a_task: u64) -> anyhow::Result<()> {
        let tasks = self.tasks.saturating_mul(bytes_a_task);
        let need = (tasks / 4).saturating_mul(5).saturating_add(BASE_BYTES);
        match memory_room() {
            Some((room, what)) if need > room => anyhow::bail!(
                "{} tasks need about {} here ({bytes_a_task} bytes each, and slack) and {what} \
                 leaves {}: fewer --tasks",
                self.tasks,
                gib(need),
                gib(room)
            ),
            _ => Ok(()),
        }
    }
}

/// What [`Args::ensure_room`] allows for everything but the tasks: the runtime's threads, the
/// allocator's arenas, the program (64 MiB).
pub const BASE_BYTES: u64 = 64 << 20;

/// The most memory this process may take, in bytes, and what sets it: the address-space limit
/// or, if lower, the memory available (MemAvailable and free swap). None where Linux's `/proc`
/// does not say.
fn memory_room() -> Option<(u64, &'static str)> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok();
    let address_space = limits.as_deref().and_then(|limits| {
        let line = limits
            .lines()
            .find(|l| l.starts_with("Max address space"))?;
        line.split_whitespace().nth(3)?.parse::<u64>().ok() // "unlimited" is no limit
    });
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok();
    let kib = |field: &str| -> Option<u64> {
        let meminfo = meminfo.as_deref()?;
        let line = meminfo.lines().find(|l| l.starts_with(field))?;
        Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
    };
    let available = kib("MemAvailable:").map(|bytes| bytes + kib("SwapFree:").unwrap_or(0));
    let limit = address_space.map(|bytes| (bytes, "the address-space limit (ulimit -v)"));
    let memory = available.map(|bytes| (bytes, "the memory available"));
    [limit, memory]
        .into_iter()
        .flatten()
        .min_by_key(|(bytes, _)| *bytes)
}

/// `bytes` in GiB, to one decimal.
fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / f64::from(1 << 30))
}

/// The one wait every task makes, D: set once from `--duration-ms` before any task starts, and
/// read by each task in its body. One shared value rather than a copy in every task keeps a
/// task's state to what only it needs (its id, where to report): with a million tasks, a copy
/// each would be 16 MB of the memory per task this workload measures.
pub static WAIT: Wait = Wait::new();

/// A duration set once and read by every task.
#[derive(Debug, Default)]
pub struct Wait(AtomicU64);

impl Wait {
    /// Not set yet: zero.
    pub const fn new() -> Wait {
        Wait(AtomicU64::new(0))
    }

    /// Sets the wait.
    pub fn set(&self, wait: Duration) {
        let nanos = u64::try_from(wait.as_nanos()).unwrap_or(u64::MAX);
        self.0.store(nanos, Ordering::SeqCst);
    }

    /// The wait.
    pub fn get(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }
}

/// How many tasks are waiting now, and the most that ever were at once.
#[derive(Debug, Default)]
pub struct Watermark {
    now: AtomicUsize,
    most: AtomicUsize,
}

/// The one watermark of a program: every task marks itself here as it starts and ends waiting.
pub static WAITING: Watermark = Watermark::new();

impl Watermark {
    /// No task waiting yet.
    pub const fn new() -> Watermark {
        Watermark {
            now: AtomicUsize::new(0),
            most: AtomicUsize::new(0),
        }
    }

    /// A task starts waiting.
    pub fn enter(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
    }

    /// A task stops waiting.
    pub fn leave(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }

    /// The most tasks that were waiting at once.
    pub fn most(&self) -> u64 {
        self.most.load(Ordering::SeqCst) as u64
    }
}

/// What a program proves: how many tasks finished, a checksum of their ids, how many waited at
/// once.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// Tasks that finished.
    pub tasks: u64,
    /// The wrapping sum of a hash of each finished task's id: shows a task lost or run twice.
    pub checksum: u64,
    /// The most tasks waiting at once.
    pub held: u64,
}

impl Count {
    /// Counts task `id` as finished.
    pub fn add(&mut self, id: u64) {
        self.tasks += 1;
        self.checksum = self.checksum.wrapping_add(mix(id));
    }

    /// Adds another count's tasks to this one (the most waiting at once: the larger `held`).
    pub fn merge(self, other: Count) -> Count {
        Count {
            tasks: self.tasks + other.tasks,
            checksum: self.checksum.wrapping_add(other.checksum),
            held: self.held.max(other.held),
        }
    }
}

/// A thread-safe [`Count`] for models whose tasks report without a channel: each task adds
/// its own id.
#[derive(Debug, Default)]
pub struct SharedCount {
    tasks: AtomicU64,
    checksum: AtomicU64,
}

impl SharedCount {
    /// Nothing counted yet.
    pub const fn new() -> SharedCount {
        SharedCount {
            tasks: AtomicU64::new(0),
            checksum: AtomicU64::new(0),
        }
    }

    /// Counts task `id` as finished.
    pub fn add(&self, id: u64) {
        self.tasks.fetch_add(1, Ordering::SeqCst);
        self.checksum.fetch_add(mix(id), Ordering::SeqCst);
    }

    /// The count so far, with the watermark's most.
    pub fn get(&self, held: u64) -> Count {
        Count {
            tasks: self.tasks.load(Ordering::SeqCst),
            checksum: self.checksum.load(Ordering::SeqCst),
            held,
        }
    }
}

/// SplitMix64's finaliser: spreads consecutive ids over 64 bits, so that a checksum of sums
/// shows a missing id and a duplicated one rather than cancelling them out.
pub(crate) fn mix(id: u64) -> u64 {
    let mut z = id.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "tasks={} checksum={:016x} held={}",
            self.tasks, self.checksum, self.held
        )
    }
}

/// How many tasks a model holds waiting at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Every task at once: a thread, a process or a task each.
    All,
    /// One per worker: a pool of W.
    Workers,
    /// One at a time.
    One,
}

/// The count a correct run of `args` prints, for a model that holds `holds` waiting at once.
pub fn expected(args: &Args, holds: Holds) -> Count {
    let mut count = Count::default();
    for id in 0..args.tasks {
        count.add(id);
    }
    count.held = match holds {
        Holds::All => args.tasks,
        Holds::Workers => args.tasks.min(args.workers as u64),
        Holds::One => 1,
    };
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_that_cannot_fit_are_refused() {
        let args = Args::try_parse_from(["sleep", "--tasks", "10000000"]).unwrap();
        let refused = args.ensure_room(1 << 50).unwrap_err().to_string();
        assert!(
            refused.starts_with("10000000 tasks need about"),
            "{refused}"
        );
        let one = Args::try_parse_from(["sleep", "--tasks", "1"]).unwrap();
        one.ensure_room(256).unwrap();
    }

    fn args(flags: &[&str]) -> Args {
        Args::parse_from(std::iter::once("sleep").chain(flags.iter().copied()))
    }

    #[test]
    fn the_count_shows_a_lost_or_a_doubled_task() {
        let args = args(&["--tasks", "5"]);
        let want = expected(&args, Holds::All);
        let mut lost = Count::default();
        let mut doubled = Count::default();
        for id in [0, 1, 2, 3] {
            lost.add(id);
            doubled.add(id);
        }
        doubled.add(3);
        lost.held = 5;
        doubled.held = 5;
        assert_ne!(lost, want);
        assert_ne!(doubled.checksum, want.checksum);
        assert_eq!(
            want.to_string(),
            format!("tasks=5 checksum={:016x} held=5", want.checksum)
        );
    }

    #[test]
    fn each_model_holds_what_it_can() {
        let args = args(&["--tasks", "10", "--workers", "3"]);
        assert_eq!(expected(&args, Holds::All).held, 10);
        assert_eq!(expected(&args, Holds::Workers).held, 3);
        assert_eq!(expected(&args, Holds::One).held, 1);
        let few = self::args(&["--tasks", "2", "--workers", "3"]);
        assert_eq!(expected(&few, Holds::Workers).held, 2);
    }

    #[test]
    fn the_wait_is_what_was_set() {
        let wait = Wait::new();
        assert_eq!(wait.get(), Duration::ZERO);
        wait.set(Duration::from_millis(1500));
        assert_eq!(wait.get(), Duration::from_millis(1500));
    }

    #[test]
    fn the_watermark_keeps_the_most() {
        let mark = Watermark::new();
        mark.enter();
        mark.enter();
        mark.leave();
        mark.enter();
        mark.leave();
        mark.leave();
        assert_eq!(mark.most(), 2);
    }

    #[test]
    fn flags_are_bounded() {
        assert_eq!(args(&[]).tasks, 10_000);
        assert_eq!(args(&[]).duration(), Duration::from_secs(1));
        for bad in [
            &["--tasks", "0"][..],
            &["--tasks", "10000001"],
            &["--duration-ms", "3600001"],
            &["--workers", "0"],
        ] {
            let parsed = Args::try_parse_from(std::iter::once("sleep").chain(bad.iter().copied()));
            assert!(parsed.is_err(), "{bad:?} was accepted");
        }
    }
}
