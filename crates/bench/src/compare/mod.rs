//! `bench compare`: two bench runs side by side, and what moved beyond the noise.
//!
//! Each side is a raw-data folder (`results/raw`, a QUICK run's, or `results/raw` as a commit
//! holds it: [`from_commit`]), loaded and checked as `bench render` loads one, so a damaged file
//! fails with its name and field. Only the same work is compared: an experiment, a level and a
//! row timed on both sides with the same flags, site latency and expected result line. What
//! differs is said before anything is compared, and what one side has alone is listed, never
//! silently dropped. The figures read only raw data; nothing is run.

pub mod chart;
mod cli;
pub mod report;
pub mod stats;
mod verdict;

pub use cli::{command, from_commit};
pub use verdict::{BAND, Bands, MIN_CPU, MIN_MEMORY, MIN_RUNS, RowRatios, SIGMAS};

use crate::hyperfine::Measurement;
use crate::raw::{self, PointRecord, RECORD, Run, Timed};
use crate::registry::{Experiment, Language, Model};
use anyhow::{bail, ensure};
use std::path::{Path, PathBuf};

/// The rows a row is set against within its own run, the first timed on both sides: the
/// ratios to it carry across machines, where absolute times do not.
const REFERENCES: [Model; 2] = [Model::Tokio, Model::Sequential];

/// One side of a comparison: a raw folder and every experiment in it.
#[derive(Debug)]
pub struct Side {
    /// What the report calls it: the folder, or the commit it was read from.
    pub label: String,
    /// The folder read.
    pub dir: PathBuf,
    /// Its experiments, in registry order.
    pub runs: Vec<Run>,
}

impl Side {
    /// Reads and checks the raw folder `dir`, which must hold at least one experiment.
    pub fn load(label: impl Into<String>, dir: &Path) -> anyhow::Result<Side> {
        let label = label.into();
        ensure!(dir.is_dir(), "{label}: {} is not a folder", dir.display());
        let runs = raw::load_all(dir)?;
        ensure!(
            !runs.is_empty(),
            "{label}: {} holds no experiment's raw data (a folder per experiment, each with {RECORD})",
            dir.display()
        );
        Ok(Side {
            label,
            dir: dir.to_path_buf(),
            runs,
        })
    }

    /// The experiment named `name`, if this side ran it.
    fn run(&self, name: &str) -> Option<&Run> {
        self.runs.iter().find(|run| run.name() == name)
    }

    /// An experiment's record file, for the report to name.
    fn record(&self, name: &str) -> String {
        self.dir.join(name).join(RECORD).display().to_string()
    }
}

/// What to compare and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The noise band: a ratio is flagged only when its whole interval lies past 1 ± band.
    pub band: f64,
    /// The experiments to compare (all that both sides ran, when empty).
    pub experiments: Vec<String>,
}

/// Two runs compared.
#[derive(Debug)]
pub struct Comparison {
    /// The noise band used.
    pub band: f64,
    /// How the two sides differ in what they ran, said before any figure.
    pub differences: Vec<String>,
    /// What one side has and the other does not.
    pub one_side: Vec<String>,
    /// Each experiment both sides ran, with what could be compared.
    pub experiments: Vec<Compared>,
}

/// One experiment's rows, compared.
#[derive(Debug)]
pub struct Compared {
    /// The experiment in the registry.
    pub experiment: &'static Experiment,
    /// The rows compared, level by level.
    pub rows: Vec<RowRatios>,
}

/// Compares NEW against OLD.
pub fn compare(old: &Side, new: &Side, options: &Options) -> anyhow::Result<Comparison> {
    ensure!(
        options.band.is_finite() && options.band >= 0.0,
        "the noise band must be a share of at least 0, not {}",
        options.band
    );
    let mut comparison = Comparison {
        band: options.band,
        differences: Vec::new(),
        one_side: Vec::new(),
        experiments: Vec::new(),
    };
    for name in &options.experiments {
        ensure!(
            Experiment::named(name).is_some(),
            "no experiment {name:?} (`bench list` names them)"
        );
        for side in [old, new] {
            ensure!(
                side.run(name).is_some(),
                "{}: {} has no raw data for experiment {name}",
                side.label,
                side.dir.join(name).display()
            );
        }
    }
    for (_, experiment) in crate::registry::all() {
        let name = experiment.name;
        if !options.experiments.is_empty() && !options.experiments.iter().any(|e| e == name) {
            continue;
        }
        match (old.run(name), new.run(name)) {
            (Some(o), Some(n)) => {
                let rows = compare_runs(o, n, new, &mut comparison)?;
                if !rows.is_empty() {
                    comparison.experiments.push(Compared { experiment, rows });
                }
            }
            (Some(_), None) => comparison.one_side.push(format!("{name}: only in OLD")),
            (None, Some(_)) => comparison.one_side.push(format!("{name}: only in NEW")),
            (None, None) => {}
        }
    }
    if comparison.experiments.is_empty() {
        let why = comparison
            .differences
            .first()
            .or(comparison.one_side.first());
        bail!(
            "nothing to compare: the two sides share no experiment, level and row of the same \
             work{}",
            why.map(|w| format!(" ({w})")).unwrap_or_default()
        );
    }
    Ok(comparison)
}

/// The rows of one experiment timed on both sides with the same work; what differs goes into
/// `comparison`.
fn compare_runs(
    o: &Run,
    n: &Run,
    new: &Side,
    comparison: &mut Comparison,
) -> anyhow::Result<Vec<RowRatios>> {
    let name = o.name();
    let (or, nr) = (&o.record, &n.record);
    if or.quick != nr.quick {
        let kind = |quick| if quick { "QUICK" } else { "full" };
        comparison.differences.push(format!(
            "{name}: a {} run in OLD, a {} run in NEW: only levels with the same flags are compared",
            kind(or.quick),
            kind(nr.quick)
        ));
    }
    if or.cores != nr.cores {
        comparison.differences.push(format!(
            "{name}: {} cores in OLD, {} in NEW: other machines, so read each row against its \
             run's reference row (the last column) more than the raw times",
            or.cores, nr.cores
        ));
    }
    if or.latency_ms != nr.latency_ms {
        comparison.differences.push(format!(
            "{}: the site's latency is {} ms there and {} ms in OLD: not the same work, not compared",
            new.record(name),
            nr.latency_ms,
            or.latency_ms
        ));
        return Ok(Vec::new());
    }
    let mut rows = Vec::new();
    let mut mismatched = Vec::new();
    for (op, o_timed) in or.points.iter().zip(&o.measurements) {
        let found = nr
            .points
            .iter()
            .zip(&n.measurements)
            .find(|(np, _)| np.level == op.level);
        let Some((np, n_timed)) = found else {
            comparison
                .one_side
                .push(format!("{}: only in OLD", level_name(o, op.level)));
            continue;
        };
        if op.flags != np.flags {
            mismatched.push((op.level, flags(np, op), flags(op, np)));
            continue;
        }
        let sides = Pair {
            o,
            op,
            np,
            o_timed,
            n_timed,
        };
        let mut level = compare_point(&sides, new, comparison);
        assign_bands(&mut level, o, comparison.band);
        rows.extend(level);
    }
    if !mismatched.is_empty() {
        comparison
            .differences
            .push(flags_differ(o, new, &mismatched));
    }
    for np in &nr.points {
        if !or.points.iter().any(|op| op.level == np.level) {
            let here = level_name(n, np.level);
            comparison.one_side.push(format!("{here}: only in NEW"));
        }
    }
    Ok(rows)
}

/// Sets each row's bands from its level's rows of the same language (an interpreter's
/// run-to-run noise is not a Rust program's).
fn assign_bands(level: &mut [RowRatios], run: &Run, floor: f64) {
    for language in [Language::Rust, Language::Python] {
        let of =
            |row: &RowRatios| run.workload.row(&row.row).map(|r| r.language()) == Some(language);
        let same: Vec<RowRatios> = level.iter().filter(|r| of(r)).cloned().collect();
        let bands = Bands::of(&same, floor);
        for row in level.iter_mut().filter(|r| of(r)) {
            row.bands = bands;
        }
    }
}

/// One level of an experiment, as each side ran it.
struct Pair<'a> {
    o: &'a Run,
    op: &'a PointRecord,
    np: &'a PointRecord,
    o_timed: &'a [Measurement],
    n_timed: &'a [Measurement],
}

/// The rows of one level timed on both sides with the same expected line; what one side has
/// alone, or expects differently, goes into `comparison`.
fn compare_point(sides: &Pair, new: &Side, comparison: &mut Comparison) -> Vec<RowRatios> {
    let Pair {
        o,
        op,
        np,
        o_timed,
        n_timed,
    } = *sides;
    let here = level_name(o, op.level);
    let timed = |p: &PointRecord, label: &str| p.timed.iter().position(|t| t.row == label);
    let reference = (REFERENCES.into_iter().map(Model::name))
        .find(|r| timed(op, r).is_some() && timed(np, r).is_some());
    let mut rows = Vec::new();
    for (i, ot) in op.timed.iter().enumerate() {
        let Some(j) = timed(np, &ot.row) else {
            let why = why_not(np, &ot.row);
            comparison
                .one_side
                .push(format!("{here}: {} only in OLD{why}", ot.row));
            continue;
        };
        let nt = &np.timed[j];
        if ot.expected != nt.expected {
            comparison.differences.push(format!(
                "{}: {here}, {}: the expected line is {:?} there and {:?} in OLD: not compared",
                new.record(o.name()),
                ot.row,
                nt.expected,
                ot.expected
            ));
            continue;
        }
        let refs = reference.filter(|r| *r != ot.row).map(|r| {
            let (ri, rj) = (timed(op, r).expect("found"), timed(np, r).expect("found"));
            (r, &o_timed[ri].times, &n_timed[rj].times)
        });
        let measured = (&o_timed[i], &n_timed[j]);
        rows.push(row_ratios(o.name(), op.level, ot, measured, refs));
    }
    for nt in &np.timed {
        if timed(op, &nt.row).is_none() {
            let why = why_not(op, &nt.row);
            comparison
                .one_side
                .push(format!("{here}: {} only in NEW{why}", nt.row));
        }
    }
    rows
}

/// The line saying at which levels the flags differ, and how (at the first).
fn flags_differ(o: &Run, new: &Side, mismatched: &[(Option<u64>, String, String)]) -> String {
    let (level, there, in_old) = &mismatched[0];
    let levels: Vec<String> = mismatched
        .iter()
        .filter_map(|(level, _, _)| level.map(|l| l.to_string()))
        .collect();
    let at = match (level, o.experiment.sweep.as_ref()) {
        (Some(_), Some(sweep)) => format!(" at {} = {}", sweep.parameter, levels.join(", ")),
        _ => String::new(),
    };
    let first = if mismatched.len() > 1 {
        ", at the first"
    } else {
        ""
    };
    format!(
        "{}: the flags{at} are not OLD's ({there} there, {in_old} in OLD{first}): not compared",
        new.record(o.name())
    )
}

/// One row's ratios, OLD and NEW measured.
fn row_ratios(
    experiment: &str,
    level: Option<u64>,
    timed: &Timed,
    (o, n): (
        &crate::hyperfine::Measurement,
        &crate::hyperfine::Measurement,
    ),
    reference: Option<(&'static str, &Vec<f64>, &Vec<f64>)>,
) -> RowRatios {
    let level_text = level.map(|l| l.to_string()).unwrap_or_default();
    let seed = |what: &str| stats::seed(&[experiment, &level_text, &timed.row, what]);
    let bytes =
        |m: &Measurement| -> Vec<f64> { m.memory_usage_byte.iter().map(|b| *b as f64).collect() };
    let (old_bytes, new_bytes) = (bytes(o), bytes(n));
    let both = !old_bytes.is_empty() && !new_bytes.is_empty();
    let memory = both.then(|| stats::of_medians(&new_bytes, &old_bytes, seed("memory")));
    let memory_bytes = both.then(|| {
        let median = |bytes: &[f64]| stats::median(&mut bytes.to_vec());
        (median(&old_bytes), median(&new_bytes))
    });
    let within = reference.map(|(name, old_ref, new_ref)| {
        let ratio = stats::within(&n.times, new_ref, &o.times, old_ref, seed("within"));
        (ratio, name)
    });
    RowRatios {
        level,
        row: timed.row.clone(),
        old: o.median,
        new: n.median,
        wall: stats::of_medians(&n.times, &o.times, seed("wall")),
        cpu: (o.user + o.system, n.user + n.system),
        memory,
        memory_bytes,
        within,
        runs: o.times.len().min(n.times.len()),
        bands: Bands {
            wall: 0.0,
            cpu: 0.0,
            memory: 0.0,
            within: 0.0,
        },
    }
}

/// `download` or `download-scaling at concurrency = 100`, for the lists.
fn level_name(run: &Run, level: Option<u64>) -> String {
    match (level, run.experiment.sweep.as_ref()) {
        (Some(level), Some(sweep)) => format!("{} at {} = {level}", run.name(), sweep.parameter),
        _ => run.name().to_string(),
    }
}

/// The flags of `point` that `other` does not have as they are: `requests=20000`.
fn flags(point: &PointRecord, other: &PointRecord) -> String {
    let flags = point
        .flags
        .iter()
        .filter(|flag| !other.flags.contains(flag));
    let flags: Vec<String> = flags.map(|(k, v)| format!("{k}={v}")).collect();
    flags.join(" ")
}

/// Why the other side did not time `row` here, where it said (a skip's reason).
fn why_not(point: &PointRecord, row: &str) -> String {
    point
        .skipped
        .iter()
        .find(|s| s.row == row)
        .map(|s| format!(" (the other skipped it: {})", s.reason))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
