//! Gaps: pairs of rows of one family (the async rows, the blocking rows, the Python rows)
//! whose headline figure differs by [`RATIO`] or more with intervals that do not overlap,
//! each listed under its experiment's table with its explanation from the ledger
//! (`docs/gaps.md`, [`ledger`]), or as **unexplained**.
//!
//! The intervals: a median's is its 95% bootstrap interval ([`crate::prose::data::median_interval`]);
//! a peak memory's is the range of its runs' peaks (one figure where it was summed over a process
//! tree, sampled once); memory per unit's is what those ranges allow at its two levels; a CPU
//! time is one mean a row (hyperfine keeps no run's CPU time), so its interval is its wall
//! time's, scaled: the row's run-to-run spread.

pub mod ledger;

use crate::figures::{Figure, PointFigures};
use crate::raw::Run;
use crate::registry::{Derived, Language, Row, Timer};
use crate::units::{kibibytes, mebibytes, seconds, times};
use anyhow::Context;
use ledger::Entry;
use std::fmt::Write;

/// How far apart two rows' figures must be to be a gap.
pub const RATIO: f64 = 1.3;

/// The ledger's path in the repository, from the README's folder.
pub const LEDGER: &str = "docs/gaps.md";

/// The ledger the bench was built with.
const LEDGER_TEXT: &str = include_str!("../../../../docs/gaps.md");

/// The ledger, parsed.
pub fn ledger() -> anyhow::Result<Vec<Entry>> {
    ledger::parse(LEDGER_TEXT, LEDGER)
}

/// A row's family: rows are compared only within one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Rust rows on a runtime.
    Async,
    /// Rust rows on std's threads and processes.
    Blocking,
    /// The Python rows.
    Python,
}

/// The family of a row, from its language and the timer its model sleeps on.
pub fn family(row: &Row) -> Family {
    let about = row.model.about();
    match (about.language, about.timer) {
        (Language::Python, _) => Family::Python,
        (_, Some(Timer::Std) | None) => Family::Blocking,
        _ => Family::Async,
    }
}

/// One gap: at a level, in a figure, a row's figure over another's.
#[derive(Debug, Clone)]
pub struct Gap {
    /// The experiment.
    pub experiment: &'static str,
    /// The level, for a sweep.
    pub level: Option<u64>,
    /// `wall`, `cpu`, `peak` or `per`.
    pub figure: &'static str,
    /// The row whose figure is the higher, and its figure as the table writes it.
    pub high: (String, String),
    /// The lower.
    pub low: (String, String),
    /// High over low.
    pub ratio: f64,
    /// The ledger entry that explains it, by index.
    pub entry: Option<usize>,
}

/// A figure of a row at a point: its value, its interval, and how it reads.
type Measure = (f64, (f64, f64), String);

/// The figures a gap may be in at point `index`, for one row.
fn measures(
    run: &Run,
    points: &[PointFigures],
    index: usize,
    f: &Figure,
) -> Vec<(&'static str, Measure)> {
    let m = f.measurement;
    let (lo, hi) = crate::prose::data::median_interval(m);
    // hyperfine keeps no run's CPU time: its interval is the wall time's, scaled.
    let cpu = (f.cpu * lo / m.median, f.cpu * hi / m.median);
    let mut out = vec![
        ("wall", (m.median, (lo, hi), seconds(m.median))),
        ("cpu", (f.cpu, cpu, seconds(f.cpu))),
    ];
    let range = |f: &Figure| -> Option<(f64, f64)> {
        let peak = f.memory? as f64;
        let runs = &f.measurement.memory_usage_byte;
        Some(match (f.summed, runs.iter().min()) {
            (false, Some(min)) => (*min as f64, peak),
            _ => (peak, peak),
        })
    };
    if let (Some(peak), Some(r)) = (f.memory, range(f)) {
        out.push(("peak", (peak as f64, r, mebibytes(peak))));
    }
    let flag = run.experiment.derived.iter().find_map(|d| match d {
        Derived::MemoryPer { flag, .. } => Some(*flag),
        _ => None,
    });
    let label = f.row.label();
    if let Some(flag) = flag
        && let Some(per) = run.memory_per(points, &label, index, flag)
    {
        // The row's first level, where per-unit memory starts from, and the units between.
        let at = |i: usize| {
            let p = &points[i];
            let g = p.figures.iter().find(|g| g.row.label() == label)?;
            let units = p.record.flags.iter().find(|(n, _)| n == flag)?.1 as f64;
            Some((units, range(g)?))
        };
        let base = (0..points.len()).find_map(at);
        if let (Some((u0, (lo0, hi0))), Some((u, (lo, hi)))) = (base, at(index)) {
            let du = u - u0;
            out.push((
                "per",
                (per, ((lo - hi0) / du, (hi - lo0) / du), kibibytes(per)),
            ));
        }
    }
    out
}

/// Every gap of a run, each matched to the first ledger entry that explains it.
pub fn find(run: &Run, entries: &[Entry]) -> Vec<Gap> {
    let points = run.figures();
    let mut gaps = Vec::new();
    for (index, point) in points.iter().enumerate() {
        let figures = &point.figures;
        for (i, a) in figures.iter().enumerate() {
            for b in &figures[i + 1..] {
                if family(a.row) != family(b.row) {
                    continue;
                }
                let (ma, mb) = (
                    measures(run, &points, index, a),
                    measures(run, &points, index, b),
                );
                for (figure, x) in &ma {
                    let Some((_, y)) = mb.iter().find(|(g, _)| g == figure) else {
                        continue;
                    };
                    let ((high, hx), (low, lx)) = if x.0 >= y.0 {
                        ((a, x), (b, y))
                    } else {
                        ((b, y), (a, x))
                    };
                    if lx.0 <= 0.0 || hx.0 / lx.0 < RATIO || lx.1.1 >= hx.1.0 {
                        continue;
                    }
                    let (h, l) = (high.row.label(), low.row.label());
                    let level = point.record.level;
                    let entry = entries
                        .iter()
                        .position(|e| e.covers(run.name(), level, figure, &h, &l));
                    gaps.push(Gap {
                        experiment: run.name(),
                        level,
                        figure,
                        high: (h, hx.2.clone()),
                        low: (l, lx.2.clone()),
                        ratio: hx.0 / lx.0,
                        entry,
                    });
                }
            }
        }
    }
    gaps
}

/// The entries that explain no gap of any of `runs`, among those naming at least one of them
/// (or every experiment): stale, their gap gone.
pub fn stale<'e>(runs: &[Run], entries: &'e [Entry], gaps: &[Gap]) -> Vec<&'e Entry> {
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.experiments.is_empty()
                || runs
                    .iter()
                    .any(|r| e.experiments.iter().any(|x| x == r.name()))
        })
        .filter(|(i, _)| !gaps.iter().any(|g| g.entry == Some(*i)))
        .map(|(_, e)| e)
        .collect()
}

/// What a figure's name reads as in a table.
fn figure_name(figure: &str) -> &'static str {
    match figure {
        "wall" => "median wall time",
        "cpu" => "CPU time",
        "peak" => "peak memory",
        _ => "memory per unit",
    }
}

/// The Gaps section under an experiment's table, its links relative to `results/`.
pub fn section(run: &Run) -> anyhow::Result<String> {
    let entries = ledger()?;
    let gaps = find(run, &entries);
    let mut out = String::new();
    writeln!(out, "\n## Gaps\n")?;
    writeln!(
        out,
        "Pairs of rows of one family (async, blocking, Python) whose figure differs by {} or more \
         with intervals that do not overlap (a median's 95% bootstrap interval; a peak's range \
         over the runs; a CPU time's, its median's scaled), each with its explanation from the ledger, \
         [`{LEDGER}`](../{LEDGER}).\n",
        times(RATIO)
    )?;
    if gaps.is_empty() {
        writeln!(out, "None in this run.")?;
    } else {
        let explained = gaps.iter().filter(|g| g.entry.is_some()).count();
        writeln!(
            out,
            "{} gaps, {} unexplained.\n",
            gaps.len(),
            gaps.len() - explained
        )?;
        let sweep = !run.experiment.is_single();
        let level = if sweep { "level | " } else { "" };
        writeln!(out, "| {level}figure | higher | lower | ratio | why |")?;
        writeln!(
            out,
            "|{}---|---|---|--:|---|",
            if sweep { "---|" } else { "" }
        )?;
        for g in &gaps {
            let why = g.entry.map_or("**unexplained**".to_string(), |i| {
                format!(
                    "[{}](../{LEDGER}#{})",
                    entries[i].title,
                    entries[i].anchor()
                )
            });
            let level = if sweep {
                format!("{} | ", run.experiment.level_name(g.level))
            } else {
                String::new()
            };
            writeln!(
                out,
                "| {level}{} | {} {} | {} {} | {} | {why} |",
                figure_name(g.figure),
                g.high.0,
                g.high.1,
                g.low.0,
                g.low.1,
                times(g.ratio)
            )?;
        }
    }
    let stale = stale(std::slice::from_ref(run), &entries, &gaps);
    let named: Vec<String> = stale
        .iter()
        .filter(|e| e.experiments.iter().any(|x| x == run.name()))
        .map(|e| format!("[{}](../{LEDGER}#{})", e.title, e.anchor()))
        .collect();
    if !named.is_empty() {
        writeln!(
            out,
            "\nStale ledger entries (no such gap in this run): {}.",
            named.join("; ")
        )?;
    }
    Ok(out)
}

/// The README block's sentence on gaps: how many, how many unexplained, how many entries stale.
pub fn summary_line(runs: &[Run]) -> anyhow::Result<String> {
    let entries = ledger().context("the gaps ledger")?;
    let gaps: Vec<Gap> = runs.iter().flat_map(|r| find(r, &entries)).collect();
    let unexplained = gaps.iter().filter(|g| g.entry.is_none()).count();
    let stale = stale(runs, &entries, &gaps).len();
    Ok(format!(
        "**Gaps**: {} pairs of rows of one family differ by {} or more beyond their intervals in \
         this run; {unexplained} unexplained; ledger entries that explain no gap of it: {stale}. \
         Each table lists its own; [`{LEDGER}`]({LEDGER}) explains them.",
        gaps.len(),
        times(RATIO)
    ))
}

#[cfg(test)]
mod tests;
