//! What a reference reads: a field of a row at a level, of a level, or of the experiment's run.
//!
//! An experiment, row, level or field the raw data does not have is an error that says what
//! there is, so that a typo in a page fails its test rather than rendering something.

use super::expr::{Kind, Reference, Value};
use crate::compare::stats;
use crate::figures::{Figure, PointFigures};
use crate::hyperfine::Measurement;
use crate::raw::Run;
use crate::registry::Derived;
use anyhow::{Context, bail};

/// The fields of a row at a level, with what each is.
pub const ROW_FIELDS: &[(&str, &str)] = &[
    ("wall", "the median wall time"),
    ("lo", "the low end of the median's 95% bootstrap interval"),
    ("hi", "the high end of the median's 95% bootstrap interval"),
    ("mean", "the mean wall time"),
    ("min", "the fastest run"),
    ("max", "the slowest run"),
    ("runs", "how many runs were timed"),
    ("cpu", "user + system time per run"),
    ("user", "user time per run"),
    ("system", "system time per run"),
    ("peak", "the peak memory the tables show"),
    ("speedup", "the sequential row's median / this median"),
    ("efficiency", "the ideal / this median (a share)"),
    ("overhead", "the median less the ideal"),
    ("rate", "units per second of median wall time"),
    (
        "per",
        "memory per unit of the sweep's parameter, where the table shows it",
    ),
    ("stacks", "how much the kernel's stacks grew, where sampled"),
    ("startup", "a Python row's interpreter start-up"),
];

/// The fields of a level (no row).
pub const POINT_FIELDS: &[(&str, &str)] = &[
    ("ideal", "the ideal wall time"),
    ("bound", "which term of the ideal is the largest (text)"),
    ("floor", "the machine's floor"),
    ("floor-cpu", "the CPU time the floor's run took"),
    ("client", "the floor's client's wall time"),
    ("level", "the level itself"),
    (
        "<flag>",
        "any flag the programs got at that level: requests, tasks, items…",
    ),
];

/// The fields of the experiment's run (no row, no level).
pub const RUN_FIELDS: &[(&str, &str)] = &[
    ("date", "the day it started, YYYY-MM-DD (text)"),
    ("commit", "the commit it measured (text)"),
    ("cores", "the machine's cores"),
    ("latency", "the site's latency"),
    (
        "probe",
        "the experiment's probe figure (the crawl's parse time a page)",
    ),
    ("others", "the share of the machine other work took"),
    (
        "checked",
        "how long checking its programs' result lines took",
    ),
    ("took", "from its first timed run to its last"),
];

/// The fields of the whole run, `bench.<field>`: every experiment of the raw data together.
pub const BENCH_FIELDS: &[(&str, &str)] = &[
    ("date", "the day the first experiment started (text)"),
    (
        "commit",
        "the commits the experiments measured, each once (text: `a24d126 and 804e252` where `make bench-<experiment>` re-measured some)",
    ),
    ("checked", "checking every result line, all experiments"),
    ("took", "timing every experiment, all of them"),
];

/// The raw data the pages are rendered from.
pub struct Data<'a> {
    /// The experiments read from the raw folder.
    pub runs: &'a [Run],
}

impl Data<'_> {
    /// The value `r` refers to.
    pub fn lookup(&self, r: &Reference) -> anyhow::Result<Value> {
        if r.experiment == "bench" {
            anyhow::ensure!(
                r.row.is_none() && r.level.is_none(),
                "bench.<field> has no row or level"
            );
            return self.bench_field(&r.field);
        }
        let run = self
            .runs
            .iter()
            .find(|run| run.name() == r.experiment)
            .with_context(|| {
                let names: Vec<&str> = self.runs.iter().map(|r| r.name()).collect();
                format!(
                    "no experiment {:?} in the raw data (there are {})",
                    r.experiment,
                    names.join(", ")
                )
            })?;
        if r.row.is_none()
            && r.level.is_none()
            && let Some(value) = run_field(run, &r.field)
        {
            return Ok(value);
        }
        let points = run.figures();
        let index = point_index(run, r.level)?;
        let point = &points[index];
        let Some(row) = &r.row else {
            return point_field(point, &r.field).with_context(|| {
                format!(
                    "no field {:?} (a level has {}; the run has {})",
                    r.field,
                    names(POINT_FIELDS),
                    names(RUN_FIELDS)
                )
            });
        };
        let figure = point.figures.iter().find(|f| f.row.label() == *row);
        let Some(figure) = figure else {
            if let Some(skip) = point.record.skipped.iter().find(|s| s.row == *row) {
                bail!("{row} was not run here: {}", skip.reason);
            }
            let rows: Vec<String> = point.figures.iter().map(|f| f.row.label()).collect();
            bail!("no row {row:?} here (there are {})", rows.join(", "));
        };
        row_field(run, &points, index, figure, &r.field)
    }
}

impl Data<'_> {
    /// A field of the whole run.
    fn bench_field(&self, field: &str) -> anyhow::Result<Value> {
        let records = self.runs.iter().map(|run| &run.record);
        Ok(match field {
            "date" => {
                let first = records
                    .map(|r| r.started.as_str())
                    .min()
                    .context("no experiment")?;
                Value::Text(first.get(..10).unwrap_or(first).to_string())
            }
            // The commits the experiments were measured at, each once, in the order first met:
            // `make bench-<experiment>` re-measures one experiment and keeps the others.
            "commit" => {
                let mut commits: Vec<&str> = Vec::new();
                for commit in records.map(|r| r.commit.as_str()) {
                    if !commits.contains(&commit) {
                        commits.push(commit);
                    }
                }
                anyhow::ensure!(!commits.is_empty(), "no experiment");
                Value::Text(commits.join(" and "))
            }
            "checked" => {
                let sum: Option<f64> = records.map(|r| r.checked).sum();
                Value::Num(
                    sum.context("an experiment's check was not timed")?,
                    Kind::Time,
                )
            }
            "took" => {
                let sum: Option<u64> = records
                    .map(|r| crate::machine::seconds_between(&r.started, &r.finished))
                    .sum();
                Value::Num(
                    sum.context("an experiment's times are not readable")? as f64,
                    Kind::Time,
                )
            }
            other => bail!("no field {other:?} (bench has {})", names(BENCH_FIELDS)),
        })
    }
}

fn names(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
}

/// The point a level names: a sweep needs one of its levels, a single run none.
fn point_index(run: &Run, level: Option<u64>) -> anyhow::Result<usize> {
    let levels: Vec<String> = run
        .record
        .points
        .iter()
        .filter_map(|p| p.level.map(|l| l.to_string()))
        .collect();
    match (run.experiment.is_single(), level) {
        (true, None) => Ok(0),
        (true, Some(l)) => bail!("{} is a single run: no level @{l}", run.name()),
        (false, None) => bail!(
            "{} is a sweep: name a level, @{}",
            run.name(),
            levels.join(", @")
        ),
        (false, Some(l)) => run
            .record
            .points
            .iter()
            .position(|p| p.level == Some(l))
            .with_context(|| {
                format!(
                    "{} has no level {l} (it has {})",
                    run.name(),
                    levels.join(", ")
                )
            }),
    }
}

fn run_field(run: &Run, field: &str) -> Option<Value> {
    let r = &run.record;
    Some(match field {
        "date" => Value::Text(r.started.get(..10).unwrap_or(&r.started).to_string()),
        "commit" => Value::Text(r.commit.clone()),
        "cores" => Value::Num(r.cores as f64, Kind::Number),
        "latency" => Value::Num(r.latency_ms as f64 / 1000.0, Kind::Time),
        "probe" => Value::Num(r.probe?, Kind::Time),
        "others" => Value::Num(r.load.others?, Kind::Share),
        "checked" => Value::Num(r.checked?, Kind::Time),
        "took" => Value::Num(
            crate::machine::seconds_between(&r.started, &r.finished)? as f64,
            Kind::Time,
        ),
        _ => return None,
    })
}

fn point_field(point: &PointFigures, field: &str) -> anyhow::Result<Value> {
    let floor = || point.record.floor.context("no floor was measured here");
    Ok(match field {
        "ideal" => Value::Num(point.ideal.context("no ideal here")?, Kind::Time),
        "bound" => Value::Text(point.bound.context("no bound here")?.to_string()),
        "floor" => Value::Num(floor()?.seconds, Kind::Time),
        "floor-cpu" => Value::Num(floor()?.cpu, Kind::Time),
        "client" => Value::Num(floor()?.wall, Kind::Time),
        "level" => Value::Num(
            point.record.level.context("a single run has no level")? as f64,
            Kind::Number,
        ),
        flag => {
            let value = point.record.flags.iter().find(|(name, _)| name == flag);
            Value::Num(value.context("not a field here")?.1 as f64, Kind::Number)
        }
    })
}

fn row_field(
    run: &Run,
    points: &[PointFigures],
    index: usize,
    f: &Figure,
    field: &str,
) -> anyhow::Result<Value> {
    let m = f.measurement;
    let time = |x: f64| Ok(Value::Num(x, Kind::Time));
    let label = f.row.label();
    match field {
        "wall" => time(m.median),
        "lo" | "hi" => {
            let (lo, hi) = median_interval(m);
            time(if field == "lo" { lo } else { hi })
        }
        "mean" => time(m.mean),
        "min" => time(m.min),
        "max" => time(m.max),
        "runs" => Ok(Value::Num(m.times.len() as f64, Kind::Number)),
        "cpu" => time(f.cpu),
        "user" => time(m.user),
        "system" => time(m.system),
        "peak" => Ok(Value::Num(
            f.memory.context("no peak memory measured")? as f64,
            Kind::Bytes,
        )),
        "speedup" => Ok(Value::Num(
            f.speedup.context("no sequential row here")?,
            Kind::Number,
        )),
        "efficiency" => Ok(Value::Num(
            f.efficiency.context("no ideal here")?,
            Kind::Share,
        )),
        "overhead" => time(m.median - points[index].ideal.context("no ideal here")?),
        "rate" => Ok(Value::Num(
            f.rate.context("the experiment declares no rate")?,
            Kind::Number,
        )),
        "per" => {
            let flag = run
                .experiment
                .derived
                .iter()
                .find_map(|d| match d {
                    Derived::MemoryPer { flag, .. } => Some(*flag),
                    _ => None,
                })
                .context("the experiment's table shows no memory per unit")?;
            let per = run.memory_per(points, &label, index, flag);
            Ok(Value::Num(
                per.context("no memory per unit at the row's first level")?,
                Kind::Bytes,
            ))
        }
        "stacks" => Ok(Value::Num(
            f.kernel_stack.context("not sampled")? as f64,
            Kind::Bytes,
        )),
        "startup" => time(f.startup.context("not a Python row")?),
        other => bail!("no field {other:?} (a row has {})", names(ROW_FIELDS)),
    }
}

/// The 95% bootstrap interval of a row's median wall time, seeded from its command (the same
/// row always draws the same interval): `bench compare`'s bootstrap, of the median over 1.
/// One run has no interval: it is the run itself.
pub fn median_interval(m: &Measurement) -> (f64, f64) {
    if m.times.len() < 2 {
        return (m.median, m.median);
    }
    let ratio = stats::of_medians(&m.times, &[1.0], stats::seed(&[&m.command]));
    (ratio.low, ratio.high)
}

/// Makes one row's times, CPU and memory `factor` times what they were, in the hyperfine
/// exports of an experiment's raw folder `dir` (a copy: the docs test's proof that a claim
/// follows its cells). Every export of the row, at every level, is rewritten.
pub fn scale_row_exports(dir: &std::path::Path, row: &str, factor: f64) -> anyhow::Result<()> {
    let run = Run::load(dir)?;
    let mut edited = 0;
    for point in &run.record.points {
        for timed in point.timed.iter().filter(|t| t.row == row) {
            let path = dir.join(&timed.export);
            let text = std::fs::read_to_string(&path)?;
            let mut json: serde_json::Value = serde_json::from_str(&text)?;
            let result = &mut json["results"][0];
            for key in ["mean", "stddev", "median", "user", "system", "min", "max"] {
                if let Some(x) = result[key].as_f64() {
                    result[key] = serde_json::json!(x * factor);
                }
            }
            for key in ["times", "memory_usage_byte"] {
                if let Some(values) = result[key].as_array_mut() {
                    for v in values.iter_mut() {
                        let x = v.as_f64().context("not a number")? * factor;
                        *v = if key == "times" {
                            serde_json::json!(x)
                        } else {
                            serde_json::json!(x.round() as u64)
                        };
                    }
                }
            }
            std::fs::write(&path, serde_json::to_string_pretty(&json)?)?;
            edited += 1;
        }
    }
    anyhow::ensure!(edited > 0, "{}: no export of row {row:?}", dir.display());
    Ok(())
}
