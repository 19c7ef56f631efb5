//! crawl: breadth-first across the site's web graph of G pages, C pages in flight, every link
//! written to a file.

use super::{
    Derived, Experiment, Ideal, MODEL_ROWS, Model, Point, Probe, ProbeKind, Runs, Skip, Sweep,
    Value, Workload, without,
};
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use workloads::crawl;

pub const WORKLOAD: Workload = Workload {
    name: "crawl",
    about: "breadth-first across the site's web graph, C pages in flight, links written to a file",
    needs_site: true,
    args: <workloads::crawl::Args as clap::CommandFactory>::command,
    // No python-interpreters row: the pool of interpreters is a fib row (`Model::PythonInterpreters`).
    rows: &without::<16>(MODEL_ROWS, Model::PythonInterpreters),
    expected: |flags, _| {
        // `--out` is the bench's to give (see `output`): any name parses.
        let flags: Vec<String> = flags
            .iter()
            .cloned()
            .chain(["--out".into(), "-".into()])
            .collect();
        let args: crawl::Args = super::parse_flags(&flags)?;
        Ok(crawl::expected(args.pages).to_string())
    },
    output: Some("out"),
    ignores: &[
        (Model::Sequential, "concurrency"),
        (Model::PythonSequential, "concurrency"),
    ],
    load_sensitive: None,
    experiments: &[
        Experiment {
            name: "crawl",
            caption: "a crawl of the graph of {pages} pages, {concurrency} in flight, {latency-ms} ms site latency",
            // The classic crawler's ten workers over a thousand pages.
            flags: &[("pages", Value::N(1_000)), ("concurrency", Value::N(10))],
            quick_flags: &[("pages", Value::N(100))],
            // A row takes 7 s: the check and two timed runs. The sequential row takes 70 s, one
            // round trip a page: one run, its own line the check.
            runs: Runs::new(1, 2, 2),
            row_runs: &[(Model::Sequential, Runs::ONCE)],
            python_runs: Some(Runs::ONCE),
            skips: &[SEQUENTIAL_PYTHON],
            open_files: Some("concurrency"),
            ideal: IDEAL,
            probe: Some(PARSE),
            rate: Some(RATE),
            ..Experiment::DEFAULT
        },
        Experiment {
            name: "crawl-scaling",
            caption: "a crawl of the graph of {pages} pages, C in flight, for each C; {latency-ms} ms site latency",
            flags: &[("pages", Value::N(1_000)), ("concurrency", Value::N(1))],
            quick_flags: &[("pages", Value::N(100))],
            sweep: Some(Sweep {
                parameter: "C",
                axis: "concurrency C (pages in flight)",
                levels: &[1, 10, 100, 1_000],
                quick_levels: &[1, 10, 1_000],
                sets: &[("concurrency", 1)],
            }),
            runs: Runs::new(1, 2, 2),
            row_runs: &[(Model::Sequential, Runs::ONCE)],
            python_runs: Some(Runs::ONCE),
            skips: &[
                Skip {
                    model: Model::Sequential,
                    flag: "concurrency",
                    above: 1,
                    below: 0,
                    reason: "one page at a time whatever C is: its C = 1 time holds at every C",
                },
                one_at_a_time(Model::Threads),
                one_at_a_time(Model::Pool),
                one_at_a_time(Model::Processes),
                one_at_a_time(Model::Rayon),
                one_at_a_time(Model::Tokio),
                one_at_a_time(Model::TokioCurrent),
                one_at_a_time(Model::AsyncStd),
                one_at_a_time(Model::Smol),
                one_at_a_time(Model::Compio),
                SEQUENTIAL_PYTHON,
                Skip {
                    model: Model::PythonSequential,
                    flag: "concurrency",
                    above: 1,
                    below: 0,
                    reason: "one page at a time whatever C is: its C = 1 time holds at every C",
                },
                Skip {
                    model: Model::PythonMultiprocessing,
                    flag: "concurrency",
                    above: 100,
                    below: 0,
                    reason: "an interpreter per worker, min(C, G) of them: 1,000 at G = 1,000, about ten times the 2.2 GiB they sum at C = 100",
                },
                one_at_a_time(Model::PythonThreading),
                one_at_a_time(Model::PythonMultiprocessing),
                one_at_a_time(Model::PythonAsyncio),
            ],
            open_files: Some("concurrency"),
            ideal: IDEAL,
            probe: Some(PARSE),
            rate: Some(RATE),
            derived: &[Derived::CpuTime],
            ..Experiment::DEFAULT
        },
    ],
};

/// At C = 1 every model crawls one page at a time, as the sequential row does: 70 s each.
const fn one_at_a_time(model: Model) -> Skip {
    Skip {
        model,
        flag: "concurrency",
        above: u64::MAX,
        below: 2,
        reason: "at C = 1 a model crawls one page at a time, as the sequential row does (70 s a run): the sequential row stands for them",
    }
}

/// The Python sequential crawl takes as long as Rust's (one round trip a page, 70 s), every run.
const SEQUENTIAL_PYTHON: Skip = Skip {
    model: Model::PythonSequential,
    flag: "pages",
    above: 100,
    below: 0,
    reason: "one page at a time, 70 s a run at G = 1000, as the Rust sequential row shows; the tests check its output",
};

/// Pages fetched per second.
const RATE: crate::registry::Rate = crate::registry::Rate {
    unit: "pages",
    flag: "pages",
};

/// The crawl can go no faster than the same breadth-first crawl with no overhead at all (C
/// round trips at a time, each page once the page linking to it is back), nor than the cores
/// can parse its pages.
const IDEAL: Ideal = Ideal {
    formula: "max(rounds × latency, parse × pages / cores); rounds: the round trips of the same \
        breadth-first crawl, C in flight, with no overhead: its fetches / C where every level is \
        wider than C, its levels where none is, more than either in between",
    at: |point| {
        Some(
            bounds(point)?
                .into_iter()
                .map(|(s, _)| s)
                .fold(0.0, f64::max),
        )
    },
    bound: |point| {
        let bounds = bounds(point)?;
        let most = bounds.into_iter().max_by(|a, b| a.0.total_cmp(&b.0))?;
        Some(most.1)
    },
};

/// The two bounds at a point, in seconds, with their names: the rounds named by the simpler
/// bound they equal, where they equal one.
fn bounds(point: &Point) -> Option<[(f64, &'static str); 2]> {
    let pages = usize::try_from(point.flag("pages")?).ok()?;
    let concurrency = point.flag("concurrency")?.max(1);
    let (shape, rounds) = walked(pages, usize::try_from(concurrency).ok()?);
    let name = if rounds == shape.fetches.div_ceil(concurrency) {
        "fetches / C"
    } else if rounds == shape.levels {
        "levels"
    } else {
        "rounds"
    };
    Some([
        (rounds as f64 * point.latency, name),
        (
            point.probe? * shape.parsed as f64 / point.cores.max(1) as f64,
            "parse",
        ),
    ])
}

/// The graph's shape and its rounds at C, worked out once a (pages, C): both walk the whole
/// graph, and the tables, charts, gaps and every prose reference ask for a point's bounds
/// again (the docs tests' threefold check asks thousands of times).
fn walked(pages: usize, concurrency: usize) -> (crawl::Shape, u64) {
    static WALKED: Mutex<BTreeMap<(usize, usize), (crawl::Shape, u64)>> =
        Mutex::new(BTreeMap::new());
    let mut walked = WALKED.lock().unwrap_or_else(PoisonError::into_inner);
    *walked
        .entry((pages, concurrency))
        .or_insert_with(|| (crawl::shape(pages), crawl::rounds(pages, concurrency)))
}

/// The parse of one page, timed in the bench itself: the CPU part of the crawl.
const PARSE: Probe = Probe {
    name: "parse",
    about: "the parse of one page (html5ever's tokenizer, links resolved), best of five passes over the graph",
    kind: ProbeKind::CrawlParse,
};
