//! `bench compare`'s report: Markdown that reads in a terminal as well as rendered.

use super::stats::{CONFIDENCE, RESAMPLES, Ratio, Verdict};
use super::{Compared, Comparison, MIN_RUNS, RowRatios, SIGMAS, Side};
use crate::units::{percent, seconds};
use std::fmt::Write;

/// The whole report; `charts` names each experiment's chart file, where one was drawn.
pub fn markdown(
    old: &Side,
    new: &Side,
    comparison: &Comparison,
    charts: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::from("# bench compare: NEW against OLD\n\n");
    sides(&mut out, old, new);
    legend(&mut out, comparison.band);
    let rows: Vec<&RowRatios> = comparison
        .experiments
        .iter()
        .flat_map(|e| &e.rows)
        .collect();
    let flagged: Vec<String> = comparison
        .experiments
        .iter()
        .flat_map(|e| e.rows.iter().map(move |r| (e, r)))
        .filter(|(_, r)| r.flagged())
        .map(|(e, r)| format!("{} {}", place(e, r), r.row))
        .collect();
    let _ = writeln!(
        out,
        "**{} of {} rows moved past the noise band**{}\n",
        flagged.len(),
        rows.len(),
        if flagged.is_empty() {
            String::new()
        } else {
            format!(": {}", flagged.join("; "))
        }
    );
    list(
        &mut out,
        "What the two sides ran differently",
        &comparison.differences,
    );
    list(&mut out, "On one side only", &comparison.one_side);
    for experiment in &comparison.experiments {
        table(&mut out, experiment, charts(experiment.experiment.name));
    }
    out
}

/// Which raw data each side is, and what it was run on.
fn sides(out: &mut String, old: &Side, new: &Side) {
    out.push_str("| | OLD | NEW |\n|---|---|---|\n");
    let facts = |side: &Side| {
        let first = &side.runs[0].record;
        let commits: Vec<&str> = unique(side.runs.iter().map(|r| r.record.commit.as_str()));
        let quick = unique(
            side.runs
                .iter()
                .map(|r| if r.record.quick { "QUICK" } else { "full" }),
        );
        let others = side
            .runs
            .iter()
            .filter_map(|r| r.record.load.others)
            .fold(None, |most: Option<f64>, x| {
                Some(most.map_or(x, |m| m.max(x)))
            });
        [
            side.label.clone(),
            commits.join(", "),
            format!(
                "{} ({})",
                first.started.get(..10).unwrap_or(&first.started),
                quick.join(", ")
            ),
            first.cores.to_string(),
            others.map_or("not measured".into(), percent),
        ]
    };
    let (o, n) = (facts(old), facts(new));
    let names = [
        "raw data",
        "commit",
        "run",
        "cores",
        "other work's CPU share (most)",
    ];
    for (i, name) in names.iter().enumerate() {
        let _ = writeln!(out, "| {name} | {} | {} |", o[i], n[i]);
    }
    out.push('\n');
}

/// How to read the figures, and how a change is decided.
fn legend(out: &mut String, band: f64) {
    let _ = write!(
        out,
        "How to read it:\n\n\
         - Each ratio is NEW over OLD: below 1, NEW is faster or smaller.\n\
         - *interval*: a {:.0}% percentile bootstrap interval of the ratio of the medians, from \
         each side's hyperfine runs ({RESAMPLES} resamples, seeded from the row, so the same \
         folders give the same report).\n\
         - *band*: the noise band of the row's level, past which a ratio is marked **more** or \
         **less** (its whole interval must lie past it): the larger of ±{} (`--band`) and \
         {SIGMAS} robust standard deviations of how far that level's rows moved (1.4826 × \
         their median |ln ratio|). The runs of one session cannot show the noise between two \
         sessions; the level's other rows, most of which did not change, can. \
         docs/compare.md has the rule's measured false-flag rate on this project's machine.\n\
         - A row with fewer than {MIN_RUNS} runs on a side is shown, never marked.\n\
         - *CPU*: hyperfine's mean user + system time, with no runs to resample: marked past its \
         own band (twice the floor at least), and only where both sides spent at least {} of \
         it.\n\
         - *memory*: hyperfine's peak resident size of a run (the largest process), as \
         `results/` shows it.\n\
         - *vs ref*: the row's median over its reference row's (tokio, or sequential where \
         tokio did not run) in its own run, NEW over OLD: the figure that carries across \
         machines.\n\n",
        CONFIDENCE * 100.0,
        percent(band),
        seconds(super::MIN_CPU)
    );
}

/// A heading and its items, if any.
fn list(out: &mut String, heading: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    for item in items {
        let _ = writeln!(out, "- {item}");
    }
    out.push('\n');
}

/// One experiment's table.
fn table(out: &mut String, experiment: &Compared, chart: Option<String>) {
    let e = experiment.experiment;
    let _ = writeln!(out, "## {}\n", e.name);
    if let Some(chart) = chart {
        let _ = writeln!(out, "![{} NEW / OLD]({chart})\n", e.name);
    }
    let level = e.sweep.as_ref().map(|s| s.parameter);
    let head = level.map(|p| format!("| {p} ")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{head}| row | OLD | NEW | wall NEW/OLD | interval | band | CPU NEW/OLD | memory NEW/OLD | vs ref |"
    );
    let _ = writeln!(
        out,
        "{}|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        if level.is_some() { "|--:" } else { "" }
    );
    for r in &experiment.rows {
        let level = r.level.map(|l| format!("| {l} ")).unwrap_or_default();
        let cpu = marked(r.cpu_ratio(), r.cpu_verdict());
        let memory = r
            .memory
            .map_or("n/a".into(), |m| marked(m.value, r.memory_verdict()));
        let within = r.within.map_or("(ref)".into(), |(w, name)| {
            format!("{} vs {name}", marked(w.value, r.within_verdict()))
        });
        let _ = writeln!(
            out,
            "{level}| {} | {} | {} | {} | {} | ±{} | {cpu} | {memory} | {within} |",
            r.row,
            seconds(r.old),
            seconds(r.new),
            marked(r.wall.value, r.wall_verdict()),
            interval(&r.wall),
            percent(r.bands.wall),
        );
    }
    out.push('\n');
}

/// `1.52 **more**`, `0.98`.
fn marked(ratio: f64, verdict: Verdict) -> String {
    match verdict {
        Verdict::Same => format!("{ratio:.2}"),
        Verdict::More => format!("{ratio:.2} **more**"),
        Verdict::Less => format!("{ratio:.2} **less**"),
    }
}

/// `0.97–1.04`.
fn interval(ratio: &Ratio) -> String {
    format!("{:.2}–{:.2}", ratio.low, ratio.high)
}

/// `download` or `download-scaling concurrency = 100`, for the summary line.
fn place(experiment: &Compared, row: &RowRatios) -> String {
    match (row.level, experiment.experiment.sweep.as_ref()) {
        (Some(level), Some(sweep)) => {
            format!(
                "{} {} = {level}",
                experiment.experiment.name, sweep.parameter
            )
        }
        _ => experiment.experiment.name.to_string(),
    }
}

/// The distinct values, in first-seen order.
fn unique<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}
