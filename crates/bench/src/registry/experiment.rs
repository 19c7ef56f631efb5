//! An experiment: what runs at which levels, how often, which rows are skipped, and what
//! its tables derive (the ideal, the floor, the probe).

use super::*;
use std::time::Duration;

/// A flag's value in an experiment.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    /// A fixed number.
    N(u64),
    /// The machine's core count.
    Cores,
}

/// A flag and its value: `("requests", Value::N(160))` is `--requests 160`.
pub type Flag = (&'static str, Value);

/// How many times hyperfine runs a program: after `warmup` runs, a first batch of `min` timed
/// runs; then, while the median's 95% interval is wider than ±5% (`crate::hyperfine::PRECISE`),
/// more batches, until `max` runs or until the runs have taken `budget` (adaptive runs: a
/// short, noisy row gets more runs, a long, steady one fewer). Where `min` is `max`, exactly
/// that many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Runs {
    /// Untimed runs first. The bench's own check run, which runs every program once with the
    /// same flags before any timing, counts as the first: hyperfine is given one fewer.
    pub warmup: u32,
    /// The fewest timed runs.
    pub min: u32,
    /// The most timed runs.
    pub max: u32,
    /// What a row's timed runs may take in all (their wall times summed) before no more
    /// batches are started: [`Runs::BUDGET`] unless the registry says otherwise.
    pub budget: Duration,
    /// When the result line is checked.
    pub check: Check,
}

/// When a program's result line is checked against the expected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// In a run of its own before anything is timed (the first warm-up run).
    First,
    /// In its last timed run, with no run of its own: for rows that take a minute a run (the
    /// Python fib rows), where a check run would double their share of the bench. A wrong line
    /// still fails the bench, after that row's timing rather than before all timing.
    LastRun,
}

impl Runs {
    /// A row's time budget unless the registry gives one: 20 s of timed runs.
    pub const BUDGET: Duration = Duration::from_secs(20);

    /// `warmup`, then from `min` to `max` timed runs within [`Runs::BUDGET`], checked first.
    pub const fn new(warmup: u32, min: u32, max: u32) -> Runs {
        Runs {
            warmup,
            min,
            max,
            budget: Runs::BUDGET,
            check: Check::First,
        }
    }

    /// The same runs within a budget of `seconds` of timed runs.
    pub const fn within(self, seconds: u64) -> Runs {
        Runs {
            budget: Duration::from_secs(seconds),
            ..self
        }
    }

    /// Whether the count is fixed (`min` is `max`): no adaptive batches.
    pub const fn fixed(&self) -> bool {
        self.min == self.max
    }

    /// One timed run, no warm-up, its own line the check: for rows that take a minute.
    pub const ONCE: Runs = Runs {
        warmup: 0,
        min: 1,
        max: 1,
        budget: Runs::BUDGET,
        check: Check::LastRun,
    };
}

/// What a sweep varies: one level per column, and how a level becomes flags.
#[derive(Debug)]
pub struct Sweep {
    /// The parameter's short name in tables: `C`, `count`.
    pub parameter: &'static str,
    /// The chart axis: `concurrency C (requests in flight)`.
    pub axis: &'static str,
    /// The levels of the reference run.
    pub levels: &'static [u64],
    /// The levels of a QUICK run.
    pub quick_levels: &'static [u64],
    /// The flags a level sets, each to the level times a factor: download's
    /// `[("concurrency", 1), ("requests", 2)]` is C in flight and N = 2C.
    pub sets: &'static [(&'static str, u64)],
}

/// Where a row stops: it is not run when a flag's value is above a bound (or below one), and
/// why.
#[derive(Debug)]
pub struct Skip {
    /// The model whose rows stop (its control rows with it: each is the model with one change).
    pub model: Model,
    /// The flag whose value is bounded: `concurrency`, `tasks`.
    pub flag: &'static str,
    /// The highest value it runs at.
    pub above: u64,
    /// The lowest value it runs at (0: no lower bound).
    pub below: u64,
    /// Why not beyond, in a sentence: shown under the table.
    pub reason: &'static str,
}

/// What an ideal is computed from, at one point of an experiment.
#[derive(Debug, Clone, Copy)]
pub struct Point<'a> {
    /// The flags the programs ran with.
    pub flags: &'a [(String, u64)],
    /// The site's latency in seconds.
    pub latency: f64,
    /// The machine's cores.
    pub cores: u64,
    /// The sequential row's median at this point, when it ran.
    pub sequential: Option<f64>,
    /// The experiment's [`Probe`] figure, in seconds, where it has one.
    pub probe: Option<f64>,
    /// The machine's [`Floor`] at this point, in seconds, where the experiment has one.
    pub floor: Option<f64>,
    /// What the row's own timer waited for a sleep of the [`Timers`] flag's value (median, in
    /// seconds), where the experiment measures its timers and the row's was measured; `None`
    /// for the ideal of the table as a whole.
    pub sleep: Option<f64>,
}

impl Point<'_> {
    /// A flag's value.
    pub fn flag(&self, name: &str) -> Option<u64> {
        flag(self.flags, name)
    }
}

/// A flag's value among a point's flags.
pub fn flag(flags: &[(String, u64)], name: &str) -> Option<u64> {
    flags.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
}

/// A throughput column: how many units a run moves, from its flags.
#[derive(Debug)]
pub struct Rate {
    /// The unit's name, plural: `requests`.
    pub unit: &'static str,
    /// The flag that counts them: `requests`.
    pub flag: &'static str,
}

/// One experiment of a workload: a single run (a column of the summary) or a sweep.
#[derive(Debug)]
pub struct Experiment {
    /// Its name: the `make bench-<name>` target, the `results/<name>.*` files.
    pub name: &'static str,
    /// The caption of its table and charts, with `{flag}`, `{latency-ms}` and `{cores}`
    /// replaced by their values: `{requests} GETs, at most {concurrency} in flight`.
    pub caption: &'static str,
    /// The flags every program gets.
    pub flags: &'static [Flag],
    /// The flags that differ in a QUICK run.
    pub quick_flags: &'static [Flag],
    /// The sweep, for an experiment over several levels.
    pub sweep: Option<Sweep>,
    /// hyperfine's runs, and a QUICK run's.
    pub runs: Runs,
    /// A QUICK run's runs: by default each row's line is checked in a run of its own, then one
    /// timed run, no warm-up. QUICK is a look at the shape of the results (and CI's proof that
    /// the main job runs end to end), not a measurement to quote.
    pub quick_runs: Runs,
    /// The Python rows' runs, where they differ: a row that takes a minute runs fewer times,
    /// never at smaller parameters, so that every row of a table does the same work. (QUICK
    /// runs are `quick_runs` for every row.)
    pub python_runs: Option<Runs>,
    /// Rows with runs of their own, by model, where one row takes far longer than the rest (the
    /// crawl's sequential row: a minute a run); it comes before `python_runs`.
    pub row_runs: &'static [(Model, Runs)],
    /// Where rows stop.
    pub skips: &'static [Skip],
    /// The flag whose value is the number of sockets a program opens at once: a level needing
    /// more open files than the limit allows is skipped, with the reason.
    pub open_files: Option<&'static str>,
    /// The ideal wall time at a point, in seconds, and how it is worked out, for the legend.
    pub ideal: Ideal,
    /// A throughput column, where the work has a natural unit.
    pub rate: Option<Rate>,
    /// Whether every row gets a run sampled from /proc besides hyperfine's (its process tree's
    /// memory and the kernel stacks of its threads), not only the rows that start processes.
    pub sampled: bool,
    /// The figures derived from a sweep, each a table and a chart of its own.
    pub derived: &'static [Derived],
    /// A figure the bench measures itself for the ideal, where it needs one.
    pub probe: Option<Probe>,
    /// The machine's floor under the ideal, measured by the bench at every point, where the
    /// cores rather than the work's own shape can be the bound.
    pub floor: Option<Floor>,
    /// What each timer's sleep really waits, measured by the `timers` program before the rows
    /// are timed, where the work is sleeps and the ideal must use what a sleep waits.
    pub timers: Option<Timers>,
}

/// The timers probe of an experiment: the flag whose value is a sleep, and the sleeps its
/// table shows beside it.
#[derive(Debug)]
pub struct Timers {
    /// The flag that is each sleep, in µs: `work-us`.
    pub flag: &'static str,
    /// The sleeps every timer is measured at for the table, in µs, besides the flag's value.
    pub table_us: &'static [u64],
}

/// A figure worked out from a sweep's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    /// The median less the ideal: what starting and finishing the work costs beyond it.
    Overhead,
    /// CPU time (user + system) against the level, as a chart beside the wall time (the sweep's
    /// table has it for every experiment).
    CpuTime,
    /// Each row's ideal / its median, where a row's ideal is its own (it sleeps on its own
    /// timer: [`Timers`]).
    Efficiency,
    /// Peak memory per unit of the flag: (peak at a level − peak at the lowest level) / (the
    /// flag's value there − its value at the lowest level).
    MemoryPer {
        /// The flag that counts the units: `tasks`.
        flag: &'static str,
        /// The unit, singular: `task`.
        unit: &'static str,
    },
}

/// The shortest wall time the work allows, with no overhead at all.
#[derive(Debug)]
pub struct Ideal {
    /// The formula, for the legend: `ceil(N / C) × latency`.
    pub formula: &'static str,
    /// The ideal at a point; `None` where it cannot be worked out (no sequential run).
    pub at: fn(&Point) -> Option<f64>,
    /// Where the ideal is the largest of several bounds: which one it is at a point, for the
    /// tables (`levels`, `pages`, `parse`); `None` for an ideal of one formula.
    pub bound: fn(&Point) -> Option<&'static str>,
}

/// A figure of the machine the bench measures itself, once an experiment, before timing: what
/// an ideal needs and no program reports (the crawl's parse time per page). The registry only
/// names it; `crate::measure` measures it.
#[derive(Debug)]
pub struct Probe {
    /// Its name in the ideal's formula: `parse`.
    pub name: &'static str,
    /// What it is, for the tables: `html5ever's parse of one page`.
    pub about: &'static str,
    /// Which measurement it is.
    pub kind: ProbeKind,
}

/// The probes the bench can measure (`crate::measure::probe`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeKind {
    /// The crawl's parse of one page, at the flags of the experiment's first point (once: a
    /// probe's figure must not depend on what a sweep varies).
    CrawlParse,
}

/// The shortest wall time this machine's cores allow for a point's work, measured by the bench
/// at every point before the rows are timed: the CPU time the work needs done by the leanest
/// program the bench has for it (and by the site it talks to), over the cores. The registry
/// only names it; `crate::measure` measures it.
#[derive(Debug)]
pub struct Floor {
    /// What was run and counted, for the tables.
    pub about: &'static str,
    /// Which measurement it is.
    pub kind: FloorKind,
}

/// The floors the bench can measure (`crate::measure::floor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloorKind {
    /// The download's GETs, made by the bench's own event loop against the running site.
    DownloadClient,
}

impl Experiment {
    /// What an entry does not say: no QUICK changes, no sweep, no skips, no throughput column,
    /// no sampled runs, nothing derived. An entry names what is its own and ends with
    /// `..Experiment::DEFAULT`; a registry test checks that none leaves its name, caption,
    /// flags, runs or ideal at these placeholders.
    pub const DEFAULT: Experiment = Experiment {
        name: "",
        caption: "",
        flags: &[],
        quick_flags: &[],
        sweep: None,
        runs: Runs::new(0, 0, 0),
        quick_runs: Runs::new(0, 1, 1),
        python_runs: None,
        row_runs: &[],
        skips: &[],
        open_files: None,
        ideal: Ideal {
            formula: "",
            at: |_| None,
            bound: |_| None,
        },
        probe: None,
        floor: None,
        timers: None,
        rate: None,
        sampled: false,
        derived: &[],
    };

    /// The experiment of the given name, with its workload.
    pub fn named(name: &str) -> Option<(&'static Workload, &'static Experiment)> {
        all().find(|(_, e)| e.name == name)
    }

    /// Whether it is a single run, a column of the summary.
    pub fn is_single(&self) -> bool {
        self.sweep.is_none()
    }

    /// The levels to run: `[None]` for a single run.
    pub fn levels(&self, quick: bool) -> Vec<Option<u64>> {
        match &self.sweep {
            Some(sweep) if quick => sweep.quick_levels.iter().copied().map(Some).collect(),
            Some(sweep) => sweep.levels.iter().copied().map(Some).collect(),
            None => vec![None],
        }
    }

    /// The flags at a level, in order, with values: the base flags, QUICK's changes, then the
    /// sweep's.
    pub fn flags(&self, level: Option<u64>, quick: bool, cores: u64) -> Vec<(String, u64)> {
        let value = |v: Value| match v {
            Value::N(n) => n,
            Value::Cores => cores,
        };
        let mut flags: Vec<(String, u64)> = self
            .flags
            .iter()
            .map(|(name, v)| (name.to_string(), value(*v)))
            .collect();
        let mut set = |name: &str, v: u64| match flags.iter_mut().find(|(n, _)| n == name) {
            Some(flag) => flag.1 = v,
            None => flags.push((name.to_string(), v)),
        };
        if quick {
            for (name, v) in self.quick_flags {
                set(name, value(*v));
            }
        }
        if let (Some(sweep), Some(level)) = (&self.sweep, level) {
            for (name, factor) in sweep.sets {
                set(name, level * factor);
            }
        }
        flags
    }

    /// Whether `row` gets a run sampled from /proc besides hyperfine's: every row where the
    /// experiment says so, and every row that starts worker processes.
    pub fn samples(&self, row: &Row) -> bool {
        self.sampled || row.process_tree()
    }

    /// hyperfine's runs for `row`.
    pub fn runs(&self, row: &Row, quick: bool) -> Runs {
        if quick {
            return self.quick_runs;
        }
        // A free-threaded row runs its twin's program: the twin's runs and skips hold for it.
        let model = row.model.script_model();
        if let Some((_, runs)) = self.row_runs.iter().find(|(m, _)| *m == model) {
            return *runs;
        }
        match self.python_runs {
            Some(runs) if row.language() == Language::Python => runs,
            _ => self.runs,
        }
    }

    /// Why `row` is not run with `flags`, if the registry says it is not.
    pub fn skip(&self, row: &Row, flags: &[(String, u64)]) -> Option<&'static str> {
        self.skips
            .iter()
            .filter(|s| s.model == row.model.script_model())
            .find(|s| flag(flags, s.flag).is_some_and(|v| v > s.above || v < s.below))
            .map(|s| s.reason)
    }

    /// "C = 1000", for a level; empty for a single run.
    pub fn level_name(&self, level: Option<u64>) -> String {
        match (&self.sweep, level) {
            (Some(sweep), Some(level)) => format!("{} = {level}", sweep.parameter),
            _ => String::new(),
        }
    }
}
