//! fib: recursive fib(n), `count` times, on `workers` workers where a model has them.

use super::{Experiment, Ideal, MODEL_ROWS, Point, Runs, Sweep, Value, Workload};
use workloads::fib;

pub const WORKLOAD: Workload = Workload {
    name: "fib",
    about: "recursive fib(n), count times (CPU-bound)",
    needs_site: false,
    rows: MODEL_ROWS,
    expected: |flags, _| {
        let args: fib::Args = super::parse_flags(flags)?;
        Ok(fib::expected(&args).to_string())
    },
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
            // tenant's work can slow a block of runs, so fib gets many of them.
            runs: Runs {
                warmup: 1,
                min: 25,
                max: 50,
            },
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
            runs: Runs {
                warmup: 1,
                min: 6,
                max: 6,
            },
            ideal: IDEAL,
            ..Experiment::DEFAULT
        },
    ],
};

/// The sequential time shared perfectly among the cores the jobs can use.
const IDEAL: Ideal = Ideal {
    formula: "sequential / min(cores, count)",
    at: ideal,
};

fn ideal(point: &Point) -> Option<f64> {
    let count = point.flag("count")?;
    Some(point.sequential? / point.cores.min(count).max(1) as f64)
}
