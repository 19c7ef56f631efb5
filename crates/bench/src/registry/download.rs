//! download: N GETs of two pages from the local site, at most C in flight.

use super::{
    Experiment, Floor, FloorKind, Ideal, Model, Point, Rate, Row, Runs, Skip, Sweep, Value,
    Workload, with_controls, without,
};
use workloads::download;

pub const WORKLOAD: Workload = Workload {
    name: "download",
    about: "N GETs alternating two pages from the local site, at most C in flight",
    needs_site: true,
    args: <workloads::download::Args as clap::CommandFactory>::command,
    // The control row: tokio with reqwest instead of bare hyper, so that the client's cost is
    // a figure of its own and the runtimes compare over the same HTTP engine.
    // No python-interpreters row: the pool of interpreters is a fib row (`Model::PythonInterpreters`).
    rows: &without::<17>(
        &with_controls::<1, 18>([Row::control(
            Model::Tokio,
            "reqwest",
            "reqwest, the pooled high-level client, instead of bare hyper",
        )]),
        Model::PythonInterpreters,
    ),
    expected: |flags, _| {
        let args: download::Args = super::parse_flags(flags)?;
        Ok(download::expected(args.requests).to_string())
    },
    output: None,
    ignores: &[
        (Model::Sequential, "concurrency"),
        (Model::PythonSequential, "concurrency"),
    ],
    load_sensitive: None,
    experiments: &[
        Experiment {
            name: "download",
            caption: "{requests} GETs, at most {concurrency} in flight, {latency-ms} ms site latency",
            // The article's 160 requests, all in flight at once as in its asyncio version.
            flags: &[("requests", Value::N(160)), ("concurrency", Value::N(160))],
            quick_flags: &[("requests", Value::N(40)), ("concurrency", Value::N(40))],
            // Adaptive (see `Runs`): the sequential and rayon rows (4 to 8 s a run) stop at
            // three, past their budget; the rows of 70 to 250 ms run until their median is
            // known within ±5%, at most 30 times.
            runs: Runs::new(1, 3, 30),
            // The Python rows add up to minutes (the sequential one takes 8 s a run, like Rust's):
            // one timed run after the check, to keep them within six minutes of the bench.
            python_runs: Some(Runs::new(1, 1, 1)),
            open_files: Some("concurrency"),
            ideal: IDEAL,
            floor: Some(FLOOR),
            rate: Some(RATE),
            ..Experiment::DEFAULT
        },
        Experiment {
            name: "download-scaling",
            caption: "N = 2C GETs with C in flight, for each C; {latency-ms} ms site latency",
            sweep: Some(Sweep {
                parameter: "C",
                axis: "concurrency C (requests in flight)",
                levels: &[1, 10, 100, 1_000, 10_000],
                quick_levels: &[1, 10, 1_000],
                sets: &[("requests", 2), ("concurrency", 1)],
            }),
            // Five levels of up to fourteen rows: 5 s of runs a row, at most 10.
            runs: Runs::new(1, 3, 10).within(5),
            python_runs: Some(Runs::new(1, 1, 1)),
            skips: &[
                Skip {
                    model: Model::Sequential,
                    flag: "concurrency",
                    above: 100,
                    below: 0,
                    reason: "one request at a time: 2C × latency, 100 s at C = 1000",
                },
                Skip {
                    model: Model::Rayon,
                    flag: "concurrency",
                    above: 100,
                    below: 0,
                    reason: "blocking I/O on one thread per core: about C × latency, 50 s at C = 1000",
                },
                Skip {
                    model: Model::Processes,
                    flag: "concurrency",
                    above: 1_000,
                    below: 0,
                    reason: "one process per lane: 10000 processes at 3 MiB each would need about 30 GiB",
                },
                Skip {
                    model: Model::PythonSequential,
                    flag: "concurrency",
                    above: 10,
                    below: 0,
                    reason: "one request at a time: 2C × latency, 10 s at C = 100, as the Rust sequential row shows",
                },
                Skip {
                    model: Model::PythonThreading,
                    flag: "concurrency",
                    above: 1_000,
                    below: 0,
                    reason: "10,000 threads from one interpreter took 19 s for the 20,000 GETs in one run (asyncio: 7 s)",
                },
                Skip {
                    model: Model::PythonMultiprocessing,
                    flag: "concurrency",
                    above: 100,
                    below: 0,
                    reason: "an interpreter per lane: 1,000 of them took 9 s at C = 1000 in one run, more system time than work",
                },
            ],
            open_files: Some("concurrency"),
            ideal: IDEAL,
            floor: Some(FLOOR),
            rate: Some(RATE),
            ..Experiment::DEFAULT
        },
    ],
};

/// Requests per second.
const RATE: Rate = Rate {
    unit: "requests",
    flag: "requests",
};

/// Every lane's round trips back to back with no overhead, or the machine's cores serving the
/// exchange flat out, whichever is longer.
const IDEAL: Ideal = Ideal {
    formula: "max(ceil(N / C) × latency, floor)",
    at: |point| Some(latency_bound(point)?.max(point.floor.unwrap_or(0.0))),
    bound: |point| match (latency_bound(point), point.floor) {
        (Some(latency), Some(floor)) if floor > latency => Some("floor"),
        (Some(_), _) => Some("latency"),
        _ => None,
    },
};

/// The round trips' bound: each lane's requests one after another, every lane at once.
fn latency_bound(point: &Point) -> Option<f64> {
    let (requests, concurrency) = (point.flag("requests")?, point.flag("concurrency")?);
    Some(requests.div_ceil(concurrency.max(1)) as f64 * point.latency)
}

/// The same GETs made by the bench's own event loop (`crate::measure::floor`), the CPU time it
/// and the site spent over the cores.
const FLOOR: Floor = Floor {
    about: "the CPU time the site and the bench's own client (an epoll loop a core) spend on \
            the same GETs, over the cores; the least of three runs",
    kind: FloorKind::DownloadClient,
};
