//! `<experiment>.md` for a sweep.

use super::*;
use std::fmt::Write;

/// A sweep table's cell for a row at point `index`.
type Cell<'a> = Box<dyn Fn(usize, &Figure) -> String + 'a>;

/// A section of a sweep's tables: a title, what it shows, and a cell per row and point.
struct Section<'a> {
    title: String,
    legend: String,
    /// Whether the ideal gets a row of its own.
    ideal: bool,
    cell: Cell<'a>,
}

/// The sections of a sweep: time, CPU, memory, the kernel's stacks where they were sampled,
/// and what the registry derives from them.
fn sections<'a>(run: &'a Run, points: &'a [PointFigures<'a>]) -> Vec<Section<'a>> {
    let mut sections = vec![
        Section {
            title: "Median wall time".into(),
            legend: format!("{} {}", Column::Median.legend(), Column::Interval.legend()),
            ideal: true,
            cell: Box::new(|_, f| median_interval(f)),
        },
        Section {
            title: "Runs".into(),
            legend: String::new(),
            ideal: false,
            cell: Box::new(|i, f| runs(&points[i], f)),
        },
        Section {
            title: "CPU time".into(),
            legend: Column::Cpu.legend(),
            ideal: false,
            cell: Box::new(|_, f| seconds(f.cpu)),
        },
        Section {
            title: "Peak memory".into(),
            legend: Column::Memory.legend(),
            ideal: false,
            cell: Box::new(|_, f| memory(f)),
        },
    ];
    // Every row's kernel stacks, where the experiment samples every row (others sample only
    // the rows that start processes).
    if run.experiment.sampled {
        sections.push(Section {
            title: "Kernel stacks".into(),
            legend: KERNEL_STACK.into(),
            ideal: false,
            cell: Box::new(|_, f| f.kernel_stack.map_or("n/a".into(), mebibytes)),
        });
    }
    for derived in run.experiment.derived {
        sections.push(match *derived {
            // Every sweep's table has its CPU time section already: this one is a chart.
            Derived::CpuTime => continue,
            Derived::Efficiency => Section {
                title: "Efficiency against each row's ideal".into(),
                legend: "*efficiency*: the row's own ideal / its median (100% = no overhead at \
                    all), where a row's ideal counts each sleep as what its own timer waited \
                    (the Timers table); a Python row's, as the sleep asked for."
                    .into(),
                ideal: false,
                cell: Box::new(|_, f| f.efficiency.map_or("n/a".into(), percent)),
            },
            Derived::Overhead => Section {
                title: "Overhead".into(),
                legend: "*overhead*: the median less the ideal: what starting and finishing \
                    the work cost, beyond the work itself."
                    .into(),
                ideal: false,
                cell: Box::new(|i, f| {
                    let ideal = points[i].ideal;
                    ideal.map_or("n/a".into(), |ideal| {
                        seconds_signed(f.measurement.median - ideal)
                    })
                }),
            },
            Derived::MemoryPer { flag, unit } => Section {
                title: format!("Memory per {unit}"),
                legend: format!(
                    "*memory per {unit}*: (peak memory here − peak memory at the row's first \
                     level) / the {unit}s added: what one more {unit} costs in resident memory."
                ),
                ideal: false,
                cell: Box::new(move |i, f| {
                    run.memory_per(points, &f.row.label(), i, flag)
                        .map_or("–".into(), kibibytes)
                }),
            },
        });
    }
    sections
}

/// `<experiment>.md` for a sweep: a table per section, a column per level; a level a row was
/// not run at says why.
pub fn sweep(run: &Run) -> anyhow::Result<String> {
    let points = run.figures();
    let mut out = String::new();
    writeln!(out, "# {}: {}\n", run.name(), caption(run)?)?;
    writeln!(out, "{}\n", provenance(run))?;
    let header: Vec<String> = points
        .iter()
        .map(|p| run.experiment.level_name(p.record.level))
        .collect();
    let mut reasons: Vec<String> = Vec::new();
    let rows = run.rows();
    let sections = sections(run, &points);
    for section in &sections {
        writeln!(out, "## {}\n", section.title)?;
        writeln!(out, "| model | {} |", header.join(" | "))?;
        writeln!(out, "|---|{}", "--:|".repeat(points.len()))?;
        if section.ideal {
            write_ideal_rows(&mut out, run, &points)?;
        }
        for row in &rows {
            let cells: Vec<String> = (0..points.len())
                .map(|i| sweep_cell(&points[i], i, row, &section.cell, &mut reasons))
                .collect();
            writeln!(out, "| {} | {} |", label(row), cells.join(" | "))?;
        }
        writeln!(out)?;
    }
    for (i, reason) in reasons.iter().enumerate() {
        writeln!(out, "{}. not run: {reason}", i + 1)?;
    }
    if !reasons.is_empty() {
        writeln!(out)?;
    }
    if let Some(timers) = &run.experiment.timers {
        let table = timers::table(&run.record, timers);
        write!(
            out,
            "{}",
            table.unwrap_or_else(|| "Timers: not measured.\n\n".into())
        )?;
    }
    write_legends(&mut out, run, &points, &sections)?;
    if let Some(note) = startup_note(&rows, &points) {
        writeln!(out, "\n{note}")?;
    }
    if let Some(note) = control_note(&rows, None) {
        writeln!(out, "\n{note}")?;
    }
    if let Some(note) = shared_note(run) {
        writeln!(out, "\n{note}")?;
    }
    write_footer(&mut out, run)?;
    Ok(out)
}

/// The ideal's rows of the time section: the ideal, the bound, and the floor where measured.
fn write_ideal_rows(out: &mut String, run: &Run, points: &[PointFigures]) -> anyhow::Result<()> {
    let ideals: Vec<String> = points
        .iter()
        .map(|p| p.ideal.map_or("n/a".into(), seconds))
        .collect();
    writeln!(out, "| *ideal* | {} |", ideals.join(" | "))?;
    if points.iter().any(|p| p.bound.is_some()) {
        let bounds: Vec<&str> = points.iter().map(|p| p.bound.unwrap_or("n/a")).collect();
        writeln!(out, "| *bound* | {} |", bounds.join(" | "))?;
    }
    if points.iter().any(|p| p.record.floor.is_some()) {
        let cell = |f: &dyn Fn(&FloorRecord) -> String| -> String {
            let at = |p: &PointFigures| p.record.floor.as_ref().map(f);
            let cells: Vec<String> = points
                .iter()
                .map(|p| at(p).unwrap_or("n/a".into()))
                .collect();
            cells.join(" | ")
        };
        let cores = run.record.cores;
        writeln!(out, "| *floor* | {} |", cell(&|f| floor_cell(f, cores)))?;
        writeln!(out, "| *its client* | {} |", cell(&|f| seconds(f.wall)))?;
    }
    Ok(())
}

/// What the columns and marks of a sweep's tables mean.
fn write_legends(
    out: &mut String,
    run: &Run,
    points: &[PointFigures],
    sections: &[Section],
) -> anyhow::Result<()> {
    writeln!(
        out,
        "*ideal*: {}, with no overhead at all.",
        run.experiment.ideal.formula
    )?;
    if let Some(line) = probe_line(run) {
        writeln!(
            out,
            "{line} *bound*: the term of the ideal that is the largest at that level."
        )?;
    }
    if let Some(legend) = floor_legend(run) {
        writeln!(
            out,
            "{legend} *bound*: the term of the ideal that is the largest at that level."
        )?;
    }
    let legends: Vec<&str> = (sections.iter().map(|s| s.legend.as_str()))
        .filter(|legend| !legend.is_empty())
        .collect();
    writeln!(out, "{}", legends.join(" "))?;
    writeln!(out, "{UNSETTLED}")?;
    if points.iter().flat_map(|p| &p.figures).any(|f| f.summed) {
        writeln!(out, "{SUMMED}")?;
    }
    Ok(())
}

/// A sweep's Python rows' start-ups, in a line, if it has Python rows that ran.
fn startup_note(rows: &[&Row], points: &[PointFigures]) -> Option<String> {
    let startups: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            let figure = points
                .iter()
                .flat_map(|p| &p.figures)
                .find(|f| f.row.label() == row.label())?;
            Some(format!("{} {}", row.label(), seconds(figure.startup?)))
        })
        .collect();
    (!startups.is_empty()).then(|| format!("{STARTUP} Here: {}.", startups.join(", ")))
}

/// One cell of a sweep table: the figure, `n/a (k)` pointing at reason k, or empty.
fn sweep_cell(
    point: &PointFigures,
    index: usize,
    row: &Row,
    cell: &dyn Fn(usize, &Figure) -> String,
    reasons: &mut Vec<String>,
) -> String {
    let label = row.label();
    if let Some(figure) = point.figures.iter().find(|f| f.row.label() == label) {
        return cell(index, figure);
    }
    match point.record.skipped.iter().find(|s| s.row == label) {
        Some(skip) => {
            let index = match reasons.iter().position(|r| *r == skip.reason) {
                Some(i) => i,
                None => {
                    reasons.push(skip.reason.clone());
                    reasons.len() - 1
                }
            };
            format!("n/a ({})", index + 1)
        }
        None => String::new(),
    }
}
