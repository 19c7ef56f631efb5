//! The raw data a bench run leaves per experiment, and reading it back.
//!
//! `raw/<experiment>/` holds `run.json` (a [`Record`]: what was run, on what, when, under what
//! load, which rows were skipped and why), one hyperfine export per program and level, and
//! `commands.sh`, every hyperfine command that produced a figure. Reading it back checks every
//! figure the report divides by or plots, so that a damaged file fails with its name and field
//! rather than rendering nonsense.

use crate::hyperfine::{Export, Measurement};
use crate::registry::{Experiment, Workload};
use anyhow::{Context, bail, ensure};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Clock ticks a second in `/proc`'s CPU times, which the floor's CPU time is counted in:
/// Linux's `USER_HZ`, fixed at 100 for user space whatever the kernel's own tick rate.
pub const TICKS_PER_SECOND: f64 = 100.0;

/// The name of the index file in each experiment's raw folder.
pub const RECORD: &str = "run.json";

/// What the bench recorded about one experiment's run (`run.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// The experiment's name in the registry.
    pub experiment: String,
    /// Whether it was a QUICK run (smaller, fewer runs: not a reference).
    pub quick: bool,
    /// The site's latency, in milliseconds.
    pub latency_ms: u64,
    /// The cores the machine had.
    pub cores: u64,
    /// The code's commit, `-dirty` when the code (not the results) had uncommitted changes.
    pub commit: String,
    /// When the experiment started and finished (UTC, RFC 3339).
    pub started: String,
    /// When the experiment finished.
    pub finished: String,
    /// The machine's load while it ran.
    pub load: Load,
    /// How long checking its programs' result lines took, in seconds, before anything was
    /// timed (absent from older records: not measured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<f64>,
    /// The experiment's probe figure in seconds (the crawl's parse time a page), where it has
    /// one.
    #[serde(default)]
    pub probe: Option<f64>,
    /// What each timer's sleeps waited, where the experiment measures its timers.
    #[serde(default)]
    pub timers: Option<Vec<TimerRecord>>,
    /// Each level: what ran, what was skipped.
    pub points: Vec<PointRecord>,
}

/// What one timer's sleeps of one length waited, from the `timers` program's line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimerRecord {
    /// The timer, as [`crate::registry::Timer::name`] names it.
    pub timer: String,
    /// The sleep asked for, in µs.
    pub us: u64,
    /// How many sleeps were timed.
    pub sleeps: u64,
    /// Their median wait, in µs.
    pub median_us: f64,
    /// Their 99th percentile, in µs.
    pub p99_us: f64,
}

/// The load around one experiment.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Load {
    /// `/proc/loadavg`'s 1, 5 and 15 minute averages before the experiment; `None` where
    /// /proc could not be read (never a 0 that was not measured).
    pub before: Option<[f64; 3]>,
    /// The same after it.
    pub after: Option<[f64; 3]>,
    /// The share of the machine's CPU time that went to anything but the bench and what it
    /// ran (other tenants' processes, and time stolen by the hypervisor), during the experiment;
    /// `None` where it could not be measured. (Raw files from before this was an `Option`
    /// hold a number, read as measured.)
    pub others: Option<f64>,
}

/// One level of an experiment (the only one, for a single run).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PointRecord {
    /// The level; `None` for a single run.
    pub level: Option<u64>,
    /// The flags every program got.
    pub flags: Vec<(String, u64)>,
    /// The programs timed.
    pub timed: Vec<Timed>,
    /// The rows not run here, and why.
    pub skipped: Vec<Skipped>,
    /// The machine's floor here, where the experiment has one.
    #[serde(default)]
    pub floor: Option<FloorRecord>,
}

/// What the bench's own run of a point's work cost: the floor under its ideal.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct FloorRecord {
    /// The floor: `cpu` over the cores, in seconds.
    pub seconds: f64,
    /// The CPU time the run took, the site's included, in seconds (the least of its runs).
    pub cpu: f64,
    /// That run's wall time, in seconds.
    pub wall: f64,
}

/// A program timed at one point.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Timed {
    /// The row's label.
    pub row: String,
    /// hyperfine's export, beside `run.json`.
    pub export: String,
    /// The fields its result line had to show after its name, and did.
    pub expected: String,
    /// Peak memory summed over the process tree, where the row starts worker processes.
    pub tree_bytes: Option<u64>,
    /// How much the kernel's thread stacks grew while it ran, where the run was sampled.
    #[serde(default)]
    pub kernel_stack: Option<u64>,
    /// For a Python row: the median time its interpreter takes to start and import the
    /// program, in seconds, measured apart; every timed run includes it.
    #[serde(default)]
    pub startup: Option<f64>,
    /// The earlier experiment of the run that did the same work and timed it, where one did:
    /// these figures are its, copied (absent from older records: timed here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timed_in: Option<String>,
    /// Why its runs stopped where they did (absent from older records: not recorded, the
    /// registry's fixed runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
}

/// Why a row's timed runs stopped at their count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stopped {
    /// Its median's interval was within ±[`crate::hyperfine::PRECISE`].
    Precise,
    /// Its time budget was spent before that.
    Budget,
    /// It reached the registry's most runs before that.
    Most,
    /// A fixed count: its minimum is its maximum (a row of one run, a QUICK run).
    Fixed,
}

impl Stopped {
    /// How a table says it, after the count: `12 (±5%)`.
    pub fn mark(self) -> &'static str {
        match self {
            Stopped::Precise => "±5%",
            Stopped::Budget => "budget",
            Stopped::Most => "max",
            Stopped::Fixed => "fixed",
        }
    }
}

/// A row not run at one point.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Skipped {
    /// The row's label.
    pub row: String,
    /// Why.
    pub reason: String,
}

/// An experiment's raw data, read back and checked against the registry.
#[derive(Debug)]
pub struct Run {
    /// The workload, from the registry.
    pub workload: &'static Workload,
    /// The experiment, from the registry.
    pub experiment: &'static Experiment,
    /// `run.json`.
    pub record: Record,
    /// hyperfine's figures, parallel to each point's `timed`.
    pub measurements: Vec<Vec<Measurement>>,
}

impl Run {
    /// Reads and checks `dir`, an experiment's raw folder.
    pub fn load(dir: &Path) -> anyhow::Result<Run> {
        let path = dir.join(RECORD);
        let text = read_regular(&path)?;
        let record: Record = serde_json::from_str(&text).with_context(|| {
            let name = dir.file_name().unwrap_or_default().to_string_lossy();
            format!(
                "{} is not a bench record (left by an older bench? run `make bench-{name}` again)",
                path.display()
            )
        })?;
        let (workload, experiment) = Experiment::named(&record.experiment).with_context(|| {
            format!(
                "{}: no experiment {:?} in the registry",
                path.display(),
                record.experiment
            )
        })?;
        let folder = dir.file_name().unwrap_or_default().to_string_lossy();
        ensure!(
            record.experiment == folder,
            "{}: the record of experiment {:?} in the folder of {folder:?}",
            path.display(),
            record.experiment
        );
        record
            .check(workload)
            .with_context(|| format!("{}", path.display()))?;
        let mut measurements = Vec::new();
        for point in &record.points {
            let mut here = Vec::new();
            for timed in &point.timed {
                here.push(read_export(&dir.join(&timed.export))?);
            }
            measurements.push(here);
        }
        Ok(Run {
            workload,
            experiment,
            record,
            measurements,
        })
    }

    /// The experiment's name.
    pub fn name(&self) -> &'static str {
        self.experiment.name
    }
}

/// Reads one program's hyperfine export (one result) and checks its figures.
pub fn read_export(file: &Path) -> anyhow::Result<Measurement> {
    let text = read_regular(file)?;
    let export: Export = serde_json::from_str(&text)
        .with_context(|| format!("{} is not hyperfine's JSON", file.display()))?;
    let [measurement] = <[Measurement; 1]>::try_from(export.results)
        .map_err(|r| anyhow::anyhow!("{}: {} results, not one", file.display(), r.len()))?;
    measurement
        .check()
        .with_context(|| format!("{}", file.display()))?;
    Ok(measurement)
}

/// The text of `file`, which must be a regular file: a FIFO or a device in a raw folder would
/// hang the read or feed it without end.
fn read_regular(file: &Path) -> anyhow::Result<String> {
    let meta =
        std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?;
    ensure!(meta.is_file(), "{} is not a regular file", file.display());
    std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))
}

/// The longest time any figure may be, in seconds: a day. A figure past it is damage, not a
/// measurement (no run of this bench takes an hour), and would render as nonsense.
pub const MAX_SECONDS: f64 = 86_400.0;

/// Whether `x` is a time the report can use: finite, not negative, at most [`MAX_SECONDS`].
fn a_time(x: f64) -> bool {
    x.is_finite() && (0.0..=MAX_SECONDS).contains(&x)
}

impl Record {
    /// Checks every field the report divides by, and every row against the registry.
    fn check(&self, workload: &Workload) -> anyhow::Result<()> {
        ensure!(
            self.cores > 0,
            "cores is {}: must be at least 1",
            self.cores
        );
        ensure!(!self.points.is_empty(), "no points");
        let averages = self.load.before.iter().chain(&self.load.after).flatten();
        ensure!(
            averages
                .chain(&self.load.others)
                .all(|x| x.is_finite() && *x >= 0.0),
            "load: negative or not a number"
        );
        ensure!(
            self.load.others.is_none_or(|others| others <= 1.0),
            "load: other work took {:?} of the machine, more than all of it",
            self.load.others
        );
        for timer in self.timers.iter().flatten() {
            let known = crate::registry::Model::ALL
                .into_iter()
                .filter_map(|m| m.about().timer)
                .any(|t| t.name() == timer.timer);
            ensure!(known, "timers: no timer {:?} in the registry", timer.timer);
            let waits = [timer.median_us, timer.p99_us];
            ensure!(
                timer.us > 0
                    && timer.sleeps > 0
                    && waits.iter().all(|w| w.is_finite() && *w > 0.0 && *w < 1e9)
                    && timer.median_us <= timer.p99_us,
                "timers: {} at {} µs: median {} and p99 {} are not waits",
                timer.timer,
                timer.us,
                timer.median_us,
                timer.p99_us
            );
        }
        if let Some(checked) = self.checked {
            ensure!(
                a_time(checked),
                "checked: {checked} s is not a time (0 to {MAX_SECONDS} s)"
            );
        }
        if let Some(probe) = self.probe {
            ensure!(
                a_time(probe) && probe > 0.0,
                "probe: {probe} s is not a time (0 to {MAX_SECONDS} s)"
            );
        }
        for point in &self.points {
            self.check_point(point, workload)?;
        }
        Ok(())
    }

    /// Checks one point: where its rows were timed, its floor, its flags and its rows.
    fn check_point(&self, point: &PointRecord, workload: &Workload) -> anyhow::Result<()> {
        for timed in &point.timed {
            if let Some(earlier) = &timed.timed_in {
                ensure!(
                    *earlier != self.experiment
                        && crate::registry::Experiment::named(earlier).is_some(),
                    "{} at {:?}: timed_in names no other experiment: {earlier:?}",
                    timed.row,
                    point.level
                );
            }
        }
        if let Some(floor) = point.floor {
            for (field, x) in [
                ("seconds", floor.seconds),
                ("cpu", floor.cpu),
                ("wall", floor.wall),
            ] {
                ensure!(
                    a_time(x),
                    "floor at {:?}: {field} is {x}, not a time (0 to {MAX_SECONDS} s)",
                    point.level
                );
            }
        }
        // The flags must be ones the programs accept: the workload's own parser, with its
        // bounds, reads them (a count of 0 that a table would divide by fails here).
        let arguments = crate::registry::arguments(&point.flags);
        (workload.expected)(&arguments, &workload.rows[0]).map_err(|error| {
            anyhow::anyhow!(
                "the flags at {:?} are not valid: {}",
                point.level,
                error.to_string().lines().next().unwrap_or_default()
            )
        })?;
        let rows = point.timed.iter().map(|t| &t.row);
        for row in rows.chain(point.skipped.iter().map(|s| &s.row)) {
            if workload.row(row).is_none() {
                bail!(
                    "row {row:?} is not a row of {} in the registry",
                    workload.name
                );
            }
        }
        Ok(())
    }
}

impl Measurement {
    /// Checks the figures the report uses: positive, finite, in order.
    fn check(&self) -> anyhow::Result<()> {
        let times = [
            ("mean", self.mean),
            ("median", self.median),
            ("min", self.min),
            ("max", self.max),
            ("user", self.user),
            ("system", self.system),
        ];
        for (field, time) in times {
            ensure!(
                a_time(time),
                "{}: {field} is {time}, not a time (0 to {MAX_SECONDS} s)",
                self.command
            );
        }
        if let Some(bad) = self.times.iter().find(|t| !a_time(**t)) {
            bail!("{}: a run of {bad} s is not a time", self.command);
        }
        ensure!(
            self.median > 0.0 && self.min <= self.median && self.median <= self.max,
            "{}: median {} outside min {} … max {}",
            self.command,
            self.median,
            self.min,
            self.max
        );
        ensure!(!self.times.is_empty(), "{}: no runs", self.command);
        ensure!(!self.failed(), "{}: runs that failed", self.command);
        Ok(())
    }
}

/// Every experiment folder under `raw`, loaded and checked, in registry order.
pub fn load_all(raw: &Path) -> anyhow::Result<Vec<Run>> {
    let mut runs = Vec::new();
    for (_, experiment) in crate::registry::all() {
        let dir = raw.join(experiment.name);
        if dir.is_dir() {
            ensure!(
                dir.join(RECORD).exists(),
                "{} has no {RECORD} (left by an older bench?): run `make bench-{}` again",
                dir.display(),
                experiment.name
            );
            runs.push(Run::load(&dir)?);
        }
    }
    // A folder the registry does not know is an error, not something silently left out.
    if let Ok(entries) = std::fs::read_dir(raw) {
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && Experiment::named(&name).is_none() {
                bail!(
                    "{}: no experiment {name:?} in the registry",
                    entry.path().display()
                );
            }
        }
    }
    Ok(runs)
}
