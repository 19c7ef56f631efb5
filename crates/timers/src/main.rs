//! Timers: what a sleep of X actually waits, in every runtime of the workspace.
//!
//! Not a model but a probe, run by the bench beside the queue's overlap experiment: a consumer
//! there "works" X µs per item by sleeping, and a sleep waits what its timer allows, not X.
//! tokio's timer wheel ticks in whole milliseconds and rounds a deadline up to the next tick;
//! async-io's timers (async-std's and smol's), compio's (a deadline-ordered map per runtime, the
//! nearest passed to its io_uring wait) and std's `thread::sleep` ask the kernel for the
//! deadline itself. For each timer and each X this program sleeps many times in a row, in a
//! task on the runtime as the queue programs do, times every sleep with `Instant`, and prints a
//! line per timer and X: the median and the 99th percentile of what was waited.
//!
//! ```text
//! cargo run --release -p timers -- --us 100 --us 1000 --us 10000
//! ```

use anyhow::Context;
use clap::Parser;
use std::io::Write;
use std::time::{Duration, Instant};

/// The fewest sleeps a figure is made of (its p99 is then the largest but one).
const MIN_SLEEPS: u64 = 50;
/// The most sleeps a figure is made of, however short X is.
const MAX_SLEEPS: u64 = 2_000;

/// What to measure.
#[derive(Debug, Parser)]
#[command(about = "What a sleep of X waits in each runtime: a line per timer and X")]
struct Args {
    /// A sleep to measure, in µs; give it once per X (1 to 1,000,000).
    #[arg(long = "us", required = true, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    us: Vec<u64>,
    /// About how long to spend on each timer and X, in ms: the sleeps are this over X, from 50
    /// to 2,000 (10 to 60,000).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    budget_ms: u64,
}

/// A timer of the workspace: its name (the bench's key) and how to sleep `n` times on it.
struct Timer {
    name: &'static str,
    sleeps: fn(Duration, u64) -> anyhow::Result<Vec<Duration>>,
}

/// Every timer a program of the workspace sleeps on, in the order the tables list them.
const TIMERS: &[Timer] = &[
    Timer {
        name: "std",
        sleeps: on_std,
    },
    Timer {
        name: "tokio",
        sleeps: on_tokio,
    },
    Timer {
        name: "tokio-current",
        sleeps: on_tokio_current,
    },
    Timer {
        name: "async-std",
        sleeps: on_async_std,
    },
    Timer {
        name: "smol",
        sleeps: on_smol,
    },
    Timer {
        name: "compio",
        sleeps: on_compio,
    },
];

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut out = std::io::stdout().lock();
    writeln!(out, "timer\tus\tsleeps\tmedian_us\tp99_us").context("cannot write stdout")?;
    for timer in TIMERS {
        for &us in &args.us {
            let wait = Duration::from_micros(us);
            let n = (args.budget_ms * 1_000 / us).clamp(MIN_SLEEPS, MAX_SLEEPS);
            let mut waited = (timer.sleeps)(wait, n)
                .with_context(|| format!("{}: sleeps of {us} µs", timer.name))?;
            waited.sort();
            let (median, p99) = (percentile(&waited, 0.5), percentile(&waited, 0.99));
            writeln!(out, "{}\t{us}\t{n}\t{median:.1}\t{p99:.1}", timer.name)
                .context("cannot write stdout")?;
        }
    }
    out.flush().context("cannot write stdout")
}

/// The `q` quantile of sorted waits, in µs: the smallest wait at least `q` of them reach.
fn percentile(sorted: &[Duration], q: f64) -> f64 {
    let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e6
}

/// `n` sleeps of `wait` on std's `thread::sleep`: the threads, pool, processes and rayon rows.
fn on_std(wait: Duration, n: u64) -> anyhow::Result<Vec<Duration>> {
    Ok((0..n)
        .map(|_| {
            let start = Instant::now();
            std::thread::sleep(wait);
            start.elapsed()
        })
        .collect())
}

/// `n` sleeps in one async task, each timed: the body every async timer shares.
async fn sleep_n<F: Future>(n: u64, sleep: impl Fn() -> F) -> Vec<Duration> {
    let mut waited = Vec::new();
    for _ in 0..n {
        let start = Instant::now();
        sleep().await;
        waited.push(start.elapsed());
    }
    waited
}

/// On tokio's multi-thread runtime, in a spawned task (on a worker thread, as the rows' tasks).
fn on_tokio(wait: Duration, n: u64) -> anyhow::Result<Vec<Duration>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .build()?;
    let task = runtime.spawn(sleep_n(n, move || tokio::time::sleep(wait)));
    Ok(runtime.block_on(task)?)
}

/// On tokio's current-thread runtime.
fn on_tokio_current(wait: Duration, n: u64) -> anyhow::Result<Vec<Duration>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    Ok(runtime.block_on(sleep_n(n, move || tokio::time::sleep(wait))))
}

/// On async-std's executor, in a spawned task.
fn on_async_std(wait: Duration, n: u64) -> anyhow::Result<Vec<Duration>> {
    let task = async_std::task::spawn(sleep_n(n, move || async_std::task::sleep(wait)));
    Ok(async_std::task::block_on(task))
}

/// On a smol executor, in a spawned task.
fn on_smol(wait: Duration, n: u64) -> anyhow::Result<Vec<Duration>> {
    let executor = smol::Executor::new();
    let task = executor.spawn(sleep_n(n, move || smol::Timer::after(wait)));
    Ok(smol::block_on(executor.run(task)))
}

/// On a compio runtime (one core's, as each of the compio rows' runtimes), in a spawned task.
fn on_compio(wait: Duration, n: u64) -> anyhow::Result<Vec<Duration>> {
    let runtime = compio::runtime::Runtime::new().context("cannot start compio's runtime")?;
    let task = runtime.spawn(sleep_n(n, move || compio::time::sleep(wait)));
    let waited = runtime.block_on(task);
    waited.map_err(|joined| anyhow::anyhow!("the sleeping task: {joined}"))
}
