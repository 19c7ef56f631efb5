//! sleep: N tasks that each wait D, as many at once as the model allows.

use super::{
    Derived, Experiment, Ideal, Model, Point, Row, Runs, Skip, Sweep, Value, Workload,
    with_controls, without,
};
use workloads::sleep::{self, Holds};

pub const WORKLOAD: Workload = Workload {
    name: "sleep",
    about: "N tasks that each wait D: how many waits a model holds at once, and at what cost",
    needs_site: false,
    args: <workloads::sleep::Args as clap::CommandFactory>::command,
    rows: ROWS,
    expected: |flags, row| {
        let args: sleep::Args = super::parse_flags(flags)?;
        Ok(sleep::expected(&args, holds(row.model)).to_string())
    },
    output: None,
    ignores: &[],
    load_sensitive: Some("held"),
    experiments: &[
        Experiment {
            name: "sleep",
            caption: "{tasks} tasks each waiting {duration-ms} ms, {workers} workers where a model has them",
            flags: &[
                ("tasks", Value::N(10_000)),
                ("duration-ms", Value::N(1_000)),
                ("workers", Value::Cores),
            ],
            // QUICK waits as long as the reference, 1 s: one interpreter can take 200 ms to start
            // 1,000 threads (in one CI run only 861 of 1,000 waited at once within 200 ms).
            quick_flags: &[("tasks", Value::N(1_000))],
            runs: Runs::new(1, 3, 6).within(10),
            python_runs: Some(Runs::new(1, 2, 2)),
            skips: SKIPS,
            ideal: IDEAL,
            sampled: true,
            ..Experiment::DEFAULT
        },
        Experiment {
            name: "sleep-scaling",
            caption: "N tasks each waiting {duration-ms} ms, for each N; {workers} workers where a model has them",
            flags: &[
                ("tasks", Value::N(1)),
                ("duration-ms", Value::N(1_000)),
                ("workers", Value::Cores),
            ],
            // No shorter wait in QUICK: see the single run's.
            quick_flags: &[],
            sweep: Some(Sweep {
                parameter: "N",
                axis: "tasks N waiting at once",
                levels: &[1, 10, 100, 1_000, 10_000, 100_000, 1_000_000],
                // QUICK: one wait and a thousand (at N = 10 the one-at-a-time rows wait 5 to 10 s
                // a run; 10,000 threads take seconds to start and stop).
                quick_levels: &[1, 1_000],
                sets: &[("tasks", 1)],
            }),
            // A wait of D dominates every run and varies little: two runs a level, more (4 s of
            // runs, at most 4) where they differ; one for the Python rows (whose wait is as
            // long, and whose share of the bench is bounded).
            runs: Runs::new(1, 2, 4).within(4),
            python_runs: Some(Runs::new(1, 1, 1)),
            skips: SKIPS,
            ideal: IDEAL,
            sampled: true,
            derived: &[
                Derived::Overhead,
                Derived::MemoryPer {
                    flag: "tasks",
                    unit: "task",
                },
            ],
            ..Experiment::DEFAULT
        },
    ],
};

/// Every model's own program, each on the system allocator, and two control rows with
/// mimalloc, so that what the allocator moves in the memory a task takes is a figure of its own:
/// glibc pads tokio's 128-byte-aligned task cells, and mimalloc's per-thread heaps cost more.
const EVERY_ROW: [Row; 19] = with_controls::<2, 19>([
    Row::control(
        Model::Tokio,
        "mimalloc",
        "mimalloc as the global allocator instead of the system's (glibc's)",
    ),
    Row::control(
        Model::Smol,
        "mimalloc",
        "mimalloc as the global allocator instead of the system's (glibc's)",
    ),
]);

/// No python-interpreters row: the pool of interpreters is a fib row
/// (`Model::PythonInterpreters`).
const ROWS: &[Row] = &without::<18>(&EVERY_ROW, Model::PythonInterpreters);

/// Where each model stops, and why. The waits of the models that hold one or W at a time add
/// up; they stop before the wait alone passes ten seconds, to keep the bench's time bounded.
const SKIPS: &[Skip] = &[
    Skip {
        model: Model::Sequential,
        flag: "tasks",
        above: 10,
        below: 0,
        reason: "one wait after another: N × D, 100 s at N = 100",
    },
    Skip {
        model: Model::Pool,
        flag: "tasks",
        above: 10,
        below: 0,
        reason: "W waits at a time: ceil(N / W) × D, 50 s at N = 100 on 2 workers",
    },
    Skip {
        model: Model::Rayon,
        flag: "tasks",
        above: 10,
        below: 0,
        reason: "blocking sleeps hold rayon's W threads: ceil(N / W) × D, 50 s at N = 100 on 2 workers",
    },
    Skip {
        model: Model::Threads,
        flag: "tasks",
        above: 10_000,
        below: 0,
        reason: "a thread per task: pid_max (32,768) and vm.max_map_count (65,530, two maps a thread) cap threads near 32,000",
    },
    Skip {
        model: Model::Processes,
        flag: "tasks",
        above: 100,
        below: 0,
        reason: "a process per task: starting 1,000 takes about as long as the 1 s wait here, so they do not all wait at once (588 of 1,000 did in one run)",
    },
    Skip {
        model: Model::PythonSequential,
        flag: "tasks",
        above: 1,
        below: 0,
        reason: "one wait after another: N × D, as the Rust sequential row shows to N = 10",
    },
    Skip {
        model: Model::PythonThreading,
        flag: "tasks",
        above: 1_000,
        below: 0,
        reason: "one interpreter starts threads one by one: 10,000 take longer than the 1 s wait, so they do not all wait at once (7,546 did in one run)",
    },
    Skip {
        model: Model::PythonMultiprocessing,
        flag: "tasks",
        above: 1,
        below: 0,
        reason: "W waits at a time, as the Rust pool row shows: ceil(N / W) × D, 5 s at N = 10 on 2 workers",
    },
    Skip {
        model: Model::PythonAsyncio,
        flag: "tasks",
        above: 100_000,
        below: 0,
        reason: "a million coroutines took 25 s (the 1 s wait included) and 1.7 GB on one thread in one run",
    },
];

/// How many tasks each model holds waiting at once: its lesson, checked in every result line.
const fn holds(model: Model) -> Holds {
    match model {
        Model::Sequential | Model::PythonSequential | Model::PythonSequentialFt => Holds::One,
        Model::Pool | Model::Rayon | Model::PythonMultiprocessing | Model::PythonInterpreters => {
            Holds::Workers
        }
        Model::Threads
        | Model::Processes
        | Model::Tokio
        | Model::TokioCurrent
        | Model::AsyncStd
        | Model::Smol
        | Model::Compio
        | Model::PythonThreading
        | Model::PythonThreadingFt
        | Model::PythonAsyncio => Holds::All,
    }
}

/// Every task waiting at once, each exactly D: the wait itself.
const IDEAL: Ideal = Ideal {
    formula: "D, every wait at once",
    at: ideal,
    bound: |_| None,
};

fn ideal(point: &Point) -> Option<f64> {
    Some(point.flag("duration-ms")? as f64 / 1000.0)
}
