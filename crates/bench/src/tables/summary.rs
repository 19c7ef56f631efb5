//! `summary.md` and the README's block.

use super::*;
use std::fmt::Write;

/// The summary's metrics: one table each, rows by model, a column per workload.
const SUMMARY_METRICS: [Metric; 5] = [
    Metric {
        title: "Median wall time",
        column: Column::Median,
        cell: median,
    },
    Metric {
        title: "Speed-up over sequential",
        column: Column::Speedup,
        cell: |f| f.speedup.map_or("n/a".into(), times),
    },
    Metric {
        title: "Efficiency against the ideal",
        column: Column::Efficiency,
        cell: |f| f.efficiency.map_or("n/a".into(), percent),
    },
    Metric {
        title: "Peak memory",
        column: Column::Memory,
        cell: memory,
    },
    Metric {
        title: "CPU time",
        column: Column::Cpu,
        cell: |f| seconds(f.cpu),
    },
];

/// The README's block shows these three; `summary.md` has every metric.
const README_METRICS: [usize; 3] = [0, 2, 3];

/// `summary.md`: for each metric a table, a row per model, a column per single-run experiment.
pub fn summary(runs: &[Run]) -> anyhow::Result<String> {
    let metrics: Vec<&Metric> = SUMMARY_METRICS.iter().collect();
    Ok(format!(
        "# Summary\n\n{}",
        summary_body(runs, "", &metrics)?
    ))
}

/// The summary for the README's block, its links pointing into `out`: the median, the
/// efficiency and the peak memory (`summary.md` has the speed-up and the CPU time as well).
pub fn summary_block(runs: &[Run], out: &std::path::Path) -> anyhow::Result<String> {
    let prefix = format!("{}/", out.display());
    let metrics: Vec<&Metric> = README_METRICS
        .iter()
        .map(|&i| &SUMMARY_METRICS[i])
        .collect();
    let body = summary_body(runs, &prefix, &metrics)?;
    Ok(format!(
        "From [`{prefix}summary.md`]({prefix}summary.md) (which has the speed-up and the CPU time \
         as well), rewritten by `make bench`; the machine: \
         [`{prefix}machine.md`]({prefix}machine.md).\n\n{body}\n{}",
        crate::gaps::summary_line(runs)?
    ))
}

/// The summary's text after its title, a table per metric, links prefixed with `prefix`.
fn summary_body(runs: &[Run], prefix: &str, metrics: &[&Metric]) -> anyhow::Result<String> {
    let singles: Vec<&Run> = runs.iter().filter(|r| r.experiment.is_single()).collect();
    let points: Vec<Vec<PointFigures>> = singles.iter().map(|r| r.figures()).collect();
    let mut out = String::new();
    for run in &singles {
        writeln!(
            out,
            "- **{}**: {}. {}",
            run.name(),
            caption(run)?,
            provenance(run)
        )?;
    }
    let labels = summarised_rows(&singles);
    let header: Vec<&str> = singles.iter().map(|r| r.name()).collect();
    let mut absent = false;
    for metric in metrics {
        writeln!(out, "\n### {}\n", metric.title)?;
        writeln!(out, "| model | {} |", header.join(" | "))?;
        writeln!(out, "|---|{}", "--:|".repeat(singles.len()))?;
        for (row, text) in &labels {
            let cells: Vec<String> = points
                .iter()
                .map(|p| {
                    let figure = p[0].figures.iter().find(|f| f.row.label() == *text);
                    let skipped = p[0].record.skipped.iter().any(|s| s.row == *text);
                    match figure {
                        Some(f) => (metric.cell)(f),
                        None if skipped => "n/a".to_string(),
                        None => {
                            absent = true;
                            "—".to_string()
                        }
                    }
                })
                .collect();
            writeln!(out, "| {} | {} |", label(row), cells.join(" | "))?;
        }
    }
    let columns: Vec<Column> = metrics.iter().map(|m| m.column).collect();
    let summed = points.iter().flat_map(|p| &p[0].figures).any(|f| f.summed);
    writeln!(out, "\n{}", legend(&columns, summed))?;
    writeln!(
        out,
        "The ideal of each workload: {}.",
        singles
            .iter()
            .map(|r| format!("{}, {}", r.name(), r.experiment.ideal.formula))
            .collect::<Vec<_>>()
            .join("; ")
    )?;
    if absent {
        writeln!(out, "— : the workload has no such program.")?;
    }
    if points.iter().any(|p| !p[0].record.skipped.is_empty()) {
        writeln!(
            out,
            "n/a: not run at this size; the workload's table says why."
        )?;
    }
    let rows: Vec<&Row> = labels.iter().map(|(row, _)| *row).collect();
    if let Some(note) = control_note(&rows, None) {
        writeln!(out, "\n{note}")?;
    }
    writeln!(
        out,
        "\nEach workload's own table has the spread of every figure: {}.",
        runs.iter()
            .map(|r| format!("[{0}]({prefix}{0}.md)", r.name()))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    Ok(out)
}

/// Every row of any summarised workload, with its label, ordered by model, a model's own row
/// first.
fn summarised_rows(singles: &[&Run]) -> Vec<(&'static Row, String)> {
    let mut labels: Vec<(&'static Row, String)> = Vec::new();
    for run in singles {
        for row in run.rows() {
            if !labels.iter().any(|(_, l)| *l == row.label()) {
                labels.push((row, row.label()));
            }
        }
    }
    labels.sort_by_key(|(row, _)| row.rank());
    labels
}
