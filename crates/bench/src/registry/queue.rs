//! queue: P producers and Q consumers around one bounded queue of K items, M items in all.

use super::{
    Derived, Experiment, Ideal, Model, Point, Rate, Row, Runs, Skip, Sweep, Timers, Value,
    Workload, with_controls, without,
};
use workloads::queue;

pub const WORKLOAD: Workload = Workload {
    name: "queue",
    about: "M items from P producers to Q consumers through a queue of K: what a hand-off costs, and how waiting consumers overlap",
    needs_site: false,
    args: <workloads::queue::Args as clap::CommandFactory>::command,
    rows: ROWS,
    expected: |flags, _| {
        let args: queue::Args = super::parse_flags(flags)?;
        Ok(queue::expected(&args).to_string())
    },
    output: None,
    ignores: &[],
    load_sensitive: None,
    experiments: &[
        Experiment {
            name: "queue",
            caption: "{items} items from {producers} producers to {consumers} consumers through a queue of {capacity}, no work per item; {workers} workers where a model has them",
            flags: &[
                ("items", Value::N(1_000_000)),
                ("producers", Value::N(5)),
                ("consumers", Value::N(10)),
                ("capacity", Value::N(100)),
                ("work-us", Value::N(0)),
                ("workers", Value::Cores),
            ],
            quick_flags: &[("items", Value::N(100_000))],
            // Runs of 10 to 400 ms that spread widely on a shared machine (some rows bimodal):
            // up to 40 runs or 10 s of them; queue-processes (8 s a run) stops at five.
            runs: Runs::new(1, 5, 40).within(10),
            // A Python row moves a million items in 5 to 60 s: one run each.
            python_runs: Some(Runs::ONCE),
            ideal: THROUGHPUT,
            rate: Some(RATE),
            ..Experiment::DEFAULT
        },
        Experiment {
            name: "queue-capacity",
            caption: "{items} items from {producers} producers to {consumers} consumers through a queue of K, for each K; no work per item",
            flags: &[
                ("items", Value::N(1_000_000)),
                ("producers", Value::N(5)),
                ("consumers", Value::N(10)),
                ("capacity", Value::N(1)),
                ("work-us", Value::N(0)),
                ("workers", Value::Cores),
            ],
            quick_flags: &[("items", Value::N(100_000))],
            sweep: Some(Sweep {
                parameter: "K",
                axis: "queue capacity K (items)",
                levels: &[1, 100, 10_000],
                quick_levels: &[1, 100],
                sets: &[("capacity", 1)],
            }),
            // Six capacities of eleven rows: 4 s of runs a row, at most 10.
            runs: Runs::new(1, 3, 10).within(4),
            skips: &[
                python_skip(Model::PythonSequential),
                python_skip(Model::PythonThreading),
                python_skip(Model::PythonMultiprocessing),
                python_skip(Model::PythonAsyncio),
            ],
            ideal: THROUGHPUT,
            rate: Some(RATE),
            ..Experiment::DEFAULT
        },
        Experiment {
            name: "queue-overlap",
            caption: "{items} items from {producers} producers to Q consumers, each working {work-us} µs per item, for each Q; a queue of {capacity}, {workers} workers where a model has them",
            flags: &[
                ("items", Value::N(20_000)),
                ("producers", Value::N(5)),
                ("consumers", Value::N(10)),
                ("capacity", Value::N(100)),
                ("work-us", Value::N(1_000)),
                ("workers", Value::Cores),
            ],
            quick_flags: &[("items", Value::N(2_000))],
            sweep: Some(Sweep {
                parameter: "Q",
                axis: "consumers Q",
                levels: &[10, 100, 1_000],
                quick_levels: &[10, 100],
                sets: &[("consumers", 1)],
            }),
            // Each run is mostly the wait, 20 s for one consumer: one timed run a level.
            runs: Runs::new(1, 1, 1),
            skips: &[
                Skip {
                    model: Model::Sequential,
                    flag: "consumers",
                    above: 10,
                    below: 0,
                    reason: "one consumer whatever Q: M × X, 20 s at every Q (its Q = 10 figure is every model's Q = 1)",
                },
                Skip {
                    model: Model::Pool,
                    flag: "consumers",
                    above: 10,
                    below: 0,
                    reason: "W consumers at a time whatever Q: M × X / W, 10 s on 2 workers at every Q",
                },
                Skip {
                    model: Model::Rayon,
                    flag: "consumers",
                    above: 10,
                    below: 0,
                    reason: "W consumers at a time whatever Q: M × X / W, 10 s on 2 workers at every Q",
                },
                Skip {
                    model: Model::Processes,
                    flag: "consumers",
                    above: 100,
                    below: 0,
                    reason: "a process per consumer: 1,000 processes and a broker thread each",
                },
                Skip {
                    model: Model::PythonSequential,
                    flag: "consumers",
                    above: 0,
                    below: 0,
                    reason: "one consumer whatever Q: M × X, 20 s, as the Rust sequential row shows",
                },
                Skip {
                    model: Model::PythonMultiprocessing,
                    flag: "consumers",
                    above: 100,
                    below: 0,
                    reason: "an interpreter per consumer: 1,000 of them",
                },
            ],
            ideal: OVERLAP,
            timers: Some(Timers {
                flag: "work-us",
                table_us: &[100, 1_000, 10_000],
            }),
            derived: &[Derived::Efficiency],
            rate: Some(RATE),
            ..Experiment::DEFAULT
        },
    ],
};

/// Every model's own program, and two control rows beside the async ones: the channel is the
/// same in every async row (async-channel 2), and these keep the other choices in sight.
const EVERY_ROW: [Row; 19] = with_controls::<2, 19>([
    Row::control(
        Model::Tokio,
        "mpsc",
        "tokio's own mpsc, its one receiver shared behind tokio's mutex as in the Rust Book's pool",
    ),
    Row::control(
        Model::AsyncStd,
        "channel1",
        "async-std's own `async_std::channel`, which is async-channel 1.9, on event-listener 2",
    ),
]);

/// No python-interpreters row: the pool of interpreters is a fib row
/// (`Model::PythonInterpreters`).
const ROWS: &[Row] = &without::<18>(&EVERY_ROW, Model::PythonInterpreters);

/// The Python rows are in the `queue` table, at K = 100; the capacity sweep is Rust's.
const fn python_skip(model: Model) -> Skip {
    Skip {
        model,
        flag: "capacity",
        above: 0,
        below: 0,
        reason: "a million Python hand-offs take 5 to 60 s: the queue table has them, at K = 100",
    }
}

/// Items per second.
const RATE: Rate = Rate {
    unit: "items",
    flag: "items",
};

/// No work per item: nothing to overlap, so no ideal but the machine's speed; the rate column
/// is the figure.
const THROUGHPUT: Ideal = Ideal {
    formula: "none: no work per item, so the hand-off rate is the figure",
    at: |_| None,
    bound: |_| None,
};

/// Every consumer busy all the time, and hand-offs free; each item's work is what a sleep of
/// X waits on the row's own timer (tokio's rounds 1 ms up to 2), so that the figure is the
/// overlap, not the timer.
const OVERLAP: Ideal = Ideal {
    formula: "M × X′ / Q, every consumer working all the time, where X′ is what a sleep of X waits on the row's own timer (its median, measured: see Timers); X itself for the *ideal* line and for rows whose timer is not measured",
    at: overlap,
    bound: |_| None,
};

fn overlap(point: &Point) -> Option<f64> {
    let (items, work, consumers) = (
        point.flag("items")?,
        point.flag("work-us")?,
        point.flag("consumers")?,
    );
    let work = point.sleep.unwrap_or(work as f64 / 1e6);
    Some(items as f64 * work / consumers.max(1) as f64)
}
