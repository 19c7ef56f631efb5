//! fib: recursive fib(n), `count` times, on `workers` workers where a model has them.

use super::{
    Experiment, Ideal, MODEL_ROWS, Model, Point, Runs, Skip, Sweep, Value, Workload, without,
};
use workloads::fib;

pub const WORKLOAD: Workload = Workload {
    name: "fib",
    about: "recursive fib(n), count times (CPU-bound)",
    needs_site: false,
    args: <workloads::fib::Args as clap::CommandFactory>::command,
    // No compio row: compio has no shape for CPU work but its blocking pool (`Model::Compio`).
    rows: &without::<16>(MODEL_ROWS, Model::Compio),
    expected: |flags, _| {
        let args: fib::Args = super::parse_flags(flags)?;
        Ok(fib::expected(&args).to_string())
    },
    output: None,
    ignores: &[],
    load_sensitive: None,
    experiments: &[
        Experiment {
            name: "fib",
            caption: "fib({n}) {count} times, {workers} workers where a model has them",
            // The 2024 article's fib(35), twenty times.
            flags: &[
                ("n", Value::N(35)),
                ("count", Value::N(20)),
                ("workers", Value::Cores),
            ],
            quick_flags: &[("n", Value::N(30)), ("count", Value::N(8))],
            // The runs are short (under a second) and the machines shared: a burst of another
            // tenant's work can slow a block of runs, so a row that has not settled at five
            // runs gets more, up to 30 or 20 s of runs.
            runs: Runs::new(1, 5, 30),
            // A Python row takes 25 to 75 s here (the coroutine fib longest): one run each, its
            // own line checked, rather than smaller work than the Rust rows do.
            python_runs: Some(Runs::ONCE),
            ideal: IDEAL,
            ..Experiment::DEFAULT
        },
        Experiment {
            name: "fib-scaling",
            caption: "fib({n}) count times, for each count; {workers} workers where a model has them",
            flags: &[
                ("n", Value::N(35)),
                ("count", Value::N(1)),
                ("workers", Value::Cores),
            ],
            quick_flags: &[("n", Value::N(30))],
            sweep: Some(Sweep {
                parameter: "count",
                axis: "count (jobs of fib(n))",
                levels: &[1, 2, 4, 8, 16, 32],
                quick_levels: &[1, 2, 4, 8],
                sets: &[("count", 1)],
            }),
            // Six levels of nine Rust rows of 30 ms to 1 s: 3 s of runs a row, at most 20.
            runs: Runs::new(1, 5, 20).within(3),
            python_runs: Some(Runs::ONCE),
            skips: &[
                python_skip(Model::PythonSequential),
                python_skip(Model::PythonThreading),
                python_skip(Model::PythonMultiprocessing),
                python_skip(Model::PythonAsyncio),
                python_skip(Model::PythonInterpreters),
            ],
            ideal: IDEAL,
            ..Experiment::DEFAULT
        },
    ],
};

/// The Python rows stop at two jobs in the sweep: one job against two shows whether a second
/// core helps (the GIL's lesson); the `fib` table has them at twenty.
const fn python_skip(model: Model) -> Skip {
    Skip {
        model,
        flag: "count",
        above: 2,
        below: 0,
        reason: "a Python job of fib(35) takes 2 to 4 s: two jobs show whether a second core helps; the fib table has twenty",
    }
}

/// The sequential time shared perfectly among the cores the jobs can use.
const IDEAL: Ideal = Ideal {
    formula: "sequential / min(cores, count)",
    at: ideal,
    bound: |_| None,
};

fn ideal(point: &Point) -> Option<f64> {
    let count = point.flag("count")?;
    Some(point.sequential? / point.cores.min(count).max(1) as f64)
}
