//! `<experiment>.md` for a single run.

use super::*;
use std::fmt::Write;

/// `<experiment>.md` for a single run: every row's figures.
pub fn single(run: &Run) -> anyhow::Result<String> {
    let points = run.figures();
    let point = &points[0];
    let mut out = String::new();
    writeln!(out, "# {}: {}\n", run.name(), caption(run)?)?;
    write_bounds(&mut out, run, point)?;
    writeln!(out, "{}\n", provenance(run))?;
    write_rows(&mut out, run, point)?;
    let startups = point.figures.iter().any(|f| f.startup.is_some());
    let mut columns = vec![
        Column::Median,
        Column::Interval,
        Column::Spread,
        Column::Cpu,
        Column::Speedup,
        Column::Efficiency,
    ];
    columns.extend(run.experiment.rate.as_ref().map(|_| Column::Rate));
    columns.push(Column::Memory);
    if startups {
        columns.push(Column::Startup);
    }
    let summed = point.figures.iter().any(|f| f.summed);
    writeln!(out, "\n{}", legend(&columns, summed))?;
    if run.experiment.sampled {
        writeln!(out, "{KERNEL_STACK}")?;
    }
    if !point.record.skipped.is_empty() {
        writeln!(out, "\nNot run here:")?;
        for skip in &point.record.skipped {
            writeln!(out, "- {}: {}", skip.row, skip.reason)?;
        }
    }
    let rows: Vec<&Row> = point.figures.iter().map(|f| f.row).collect();
    if let Some(note) = control_note(&rows, Some(point)) {
        writeln!(out, "\n{note}")?;
    }
    if let Some(note) = shared_note(run) {
        writeln!(out, "\n{note}")?;
    }
    write_footer(&mut out, run)?;
    Ok(out)
}

/// What bounds a single run: its ideal, its probe, its floor, where it has them.
fn write_bounds(out: &mut String, run: &Run, point: &PointFigures) -> anyhow::Result<()> {
    if let Some(ideal) = point.ideal {
        let bound = point
            .bound
            .map_or(String::new(), |b| format!("; the bound here: {b}"));
        writeln!(
            out,
            "Ideal wall time: **{}** ({}{bound}).\n",
            seconds(ideal),
            run.experiment.ideal.formula
        )?;
    }
    if let Some(line) = probe_line(run) {
        writeln!(out, "{line}\n")?;
    }
    if let (Some(floor), Some(legend)) = (point.record.floor, floor_legend(run)) {
        writeln!(
            out,
            "Floor: **{}** ({} of CPU); its client: {}. {legend}\n",
            floor_cell(&floor, run.record.cores),
            seconds(floor.cpu),
            seconds(floor.wall)
        )?;
    }
    Ok(())
}

/// The table: a row per program, with the rate, kernel stacks and start-up columns where the
/// experiment has them.
fn write_rows(out: &mut String, run: &Run, point: &PointFigures) -> anyhow::Result<()> {
    let rate = run.experiment.rate.as_ref();
    let rate_header = rate.map_or(String::new(), |r| format!(" {}/s |", r.unit));
    let stacks = run.experiment.sampled;
    let stacks_header = if stacks { " kernel stacks |" } else { "" };
    let startups = point.figures.iter().any(|f| f.startup.is_some());
    let startup_header = if startups { " start-up |" } else { "" };
    writeln!(
        out,
        "| model | median | mean ± σ | min … max | runs | CPU time | vs sequential | efficiency |{rate_header} peak memory |{stacks_header}{startup_header}"
    )?;
    let rate_rule = if rate.is_some() { "--:|" } else { "" };
    let stacks_rule = if stacks { "--:|" } else { "" };
    let startup_rule = if startups { "--:|" } else { "" };
    writeln!(
        out,
        "|---|--:|--:|--:|--:|--:|--:|--:|{rate_rule}--:|{stacks_rule}{startup_rule}"
    )?;
    for f in &point.figures {
        let m = f.measurement;
        let rate_cell = match (rate, f.rate) {
            (Some(_), Some(r)) => format!(" {} |", per_second(r)),
            (Some(_), None) => " n/a |".into(),
            (None, _) => String::new(),
        };
        let stacks_cell = match (stacks, f.kernel_stack) {
            (true, Some(bytes)) => format!(" {} |", mebibytes(bytes)),
            (true, None) => " n/a |".into(),
            (false, _) => String::new(),
        };
        let startup_cell = match (startups, f.startup) {
            (true, Some(startup)) => format!(" {} |", seconds(startup)),
            (true, None) => " — |".into(),
            (false, _) => String::new(),
        };
        // One run has no spread to show.
        let (spread, range) = match (m.times.len(), m.stddev) {
            (2.., Some(stddev)) => (
                format!("{} ± {}", seconds(m.mean), seconds(stddev)),
                format!("{} … {}", seconds(m.min), seconds(m.max)),
            ),
            _ => ("one run".into(), "one run".into()),
        };
        writeln!(
            out,
            "| {} | {} | {spread} | {range} | {} | {} | {} | {} |{rate_cell} {} |{stacks_cell}{startup_cell}",
            label(f.row),
            median_interval(f),
            runs(point, f),
            seconds(f.cpu),
            f.speedup.map_or("n/a".into(), times),
            f.efficiency.map_or("n/a".into(), percent),
            memory(f),
        )?;
    }
    Ok(())
}
