//! The Markdown tables: one per experiment, and the summary across workloads.

use crate::figures::{BUSY, Figure, PointFigures, WIDE_SPREAD};
use crate::raw::{FloorRecord, Run};
use crate::registry::{self, Derived, Row};
use crate::units::{kibibytes, mebibytes, per_second, percent, seconds, seconds_signed, times};
use std::fmt::Write;

/// A column a table can have; its legend entry is written only when the table has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Median,
    Spread,
    Cpu,
    Speedup,
    Efficiency,
    Rate,
    Memory,
    Startup,
}

impl Column {
    /// What the column means, for the legend under a table.
    fn legend(self) -> String {
        match self {
            Column::Median => "*median*: hyperfine's median wall time of the whole program, \
                start to exit."
                .into(),
            Column::Spread => format!(
                "*mean ± σ*, *min … max*: over the timed runs; ⚠ marks σ above {} of the mean, \
                 a noisy result: compare its range, not its median.",
                percent(WIDE_SPREAD)
            ),
            Column::Cpu => "*CPU time*: user + system time per run, the program's and every \
                process it started: what the model burns, beside what it waits."
                .into(),
            Column::Speedup => "*vs sequential*: the sequential program's median / this median; \
                a Python row's is python-sequential's."
                .into(),
            Column::Efficiency => "*efficiency*: the ideal wall time / the median (100% = no \
                overhead at all); where the ideal starts from the sequential time, a Python \
                row's starts from python-sequential's."
                .into(),
            Column::Rate => "*…/s*: the work's units (its requests, its items) per second of \
                median wall time."
                .into(),
            Column::Memory => "*peak memory*: the largest resident set of any run.".into(),
            Column::Startup => STARTUP.into(),
        }
    }
}

/// The legend for the columns a table has, and for the ¹ mark when a figure carries it.
fn legend(columns: &[Column], summed: bool) -> String {
    let mut lines: Vec<String> = columns.iter().map(|c| c.legend()).collect();
    if summed {
        lines.push(SUMMED.into());
    }
    lines.join(" ")
}

/// What a Python row's start-up figure is.
const STARTUP: &str = "*start-up*: a Python program's interpreter start and imports alone \
    (`python -c 'import <program>'`, 10 runs, median), measured apart: every figure of the row \
    includes it.";

/// What ¹ means.
const SUMMED: &str = "¹ Summed over the program and its worker processes, each at its own peak, \
    sampled from /proc in a separate run (hyperfine sees only the largest process).";

/// The caption of an experiment: its registry caption with the values of its first point.
pub fn caption(run: &Run) -> anyhow::Result<String> {
    let first = &run.record.points[0];
    let mut values = first.flags.clone();
    values.push(("latency_ms".into(), run.record.latency_ms));
    values.push(("cores".into(), run.record.cores));
    registry::fill(run.experiment.caption, &values)
}

/// Where, when and under what load an experiment was measured.
pub fn provenance(run: &Run) -> String {
    let r = &run.record;
    let average = |a: Option<[f64; 3]>| a.map_or("not measured".into(), |a| format!("{:.2}", a[0]));
    let mut text = format!(
        "Measured {} at commit {} on {} cores; load average {} before, {} after (the \
         bench's own work included); other work took {} of the CPU.",
        r.started,
        r.commit,
        r.cores,
        average(r.load.before),
        average(r.load.after),
        r.load.others.map_or("a share not measured".into(), percent)
    );
    if run.busy() {
        write!(
            text,
            " ⚠ **Measured on a busy machine** (other work above {}): compare with care.",
            percent(BUSY)
        )
        .expect("writing to a String");
    }
    if r.quick {
        text.push_str(" QUICK run: fewer runs, smaller work; not a reference.");
    }
    text
}

/// A row's label, marked when it is a control row.
fn label(row: &Row) -> String {
    match row.variant {
        Some(_) => format!("{} ²", row.label()),
        None => row.label(),
    }
}

/// The note under a table for its control rows, if it has any; under a single run's table,
/// each control row's distance to its model's own row as well.
fn control_note(rows: &[&Row], point: Option<&PointFigures>) -> Option<String> {
    let notes: Vec<String> = rows
        .iter()
        .filter(|row| row.variant.is_some())
        .map(|row| {
            let distance = point.and_then(|p| control_distance(p, row));
            let distance = distance.map_or(String::new(), |d| format!(" ({d})"));
            format!(
                "{} is {} with {}{distance}",
                row.label(),
                row.model,
                row.change
            )
        })
        .collect();
    (!notes.is_empty()).then(|| {
        format!(
            "² A control row, which changes one thing beside the model: {}.",
            notes.join("; ")
        )
    })
}

/// A control row's median and CPU time against its model's own row's, at one point:
/// `its median 4.90× tokio's, its CPU time 2.87×`.
fn control_distance(point: &PointFigures, row: &Row) -> Option<String> {
    let find = |label: &str| point.figures.iter().find(|f| f.row.label() == label);
    let (control, own) = (find(&row.label())?, find(row.model)?);
    Some(format!(
        "its median {} {}'s, its CPU time {}",
        times(control.measurement.median / own.measurement.median),
        row.model,
        times(control.cpu / own.cpu),
    ))
}

/// A memory cell: MiB, marked ¹ when summed over a process tree.
fn memory(figure: &Figure) -> String {
    let mark = if figure.summed { " ¹" } else { "" };
    figure
        .memory
        .map_or("n/a".into(), |bytes| mebibytes(bytes) + mark)
}

/// The figure the bench measured for the ideal, in a sentence: `*parse*: ... **85 µs**.`
fn probe_line(run: &Run) -> Option<String> {
    let probe = run.experiment.probe.as_ref()?;
    let seconds = run.record.probe.map_or("not measured".into(), seconds);
    Some(format!(
        "*{}*: {}, measured by the bench: **{seconds}**.",
        probe.name, probe.about
    ))
}

/// A floor in a cell: CPU time is counted in ticks of 10 ms, so a floor under one tick is shown
/// as a bound, not as a zero.
fn floor_cell(floor: &FloorRecord, cores: u64) -> String {
    let tick = 1.0 / crate::load::TICKS_PER_SECOND;
    if floor.cpu < tick {
        format!("< {}", seconds(tick / cores.max(1) as f64))
    } else {
        seconds(floor.seconds)
    }
}

/// What the floor is, in a sentence, where the experiment has one.
fn floor_legend(run: &Run) -> Option<String> {
    let floor = run.experiment.floor.as_ref()?;
    Some(format!(
        "*floor*: {}, measured by the bench at each level before the rows ran; *its client*: that \
         client's wall time, what the machine did rather than what its cores allow.",
        floor.about
    ))
}

/// A median, flagged when noisy.
fn median(figure: &Figure) -> String {
    let flag = if figure.noisy() { " ⚠" } else { "" };
    format!("{}{flag}", seconds(figure.measurement.median))
}

/// `<experiment>.md` for a single run: every row's figures.
pub fn single(run: &Run) -> anyhow::Result<String> {
    let points = run.figures();
    let point = &points[0];
    let rate = run.experiment.rate.as_ref();
    let mut out = String::new();
    writeln!(out, "# {}: {}\n", run.name(), caption(run)?)?;
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
    writeln!(out, "{}\n", provenance(run))?;
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
        let flag = if f.noisy() { " ⚠" } else { "" };
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
                format!("{} ± {}{flag}", seconds(m.mean), seconds(stddev)),
                format!("{} … {}", seconds(m.min), seconds(m.max)),
            ),
            _ => ("one run".into(), "one run".into()),
        };
        writeln!(
            out,
            "| {} | {} | {spread} | {range} | {} | {} | {} | {} |{rate_cell} {} |{stacks_cell}{startup_cell}",
            label(f.row),
            seconds(m.median),
            m.times.len(),
            seconds(f.cpu),
            f.speedup.map_or("n/a".into(), times),
            f.efficiency.map_or("n/a".into(), percent),
            memory(f),
        )?;
    }
    let mut columns = vec![
        Column::Median,
        Column::Spread,
        Column::Cpu,
        Column::Speedup,
        Column::Efficiency,
    ];
    columns.extend(rate.map(|_| Column::Rate));
    columns.push(Column::Memory);
    if startups {
        columns.push(Column::Startup);
    }
    let summed = point.figures.iter().any(|f| f.summed);
    writeln!(out, "\n{}", legend(&columns, summed))?;
    if stacks {
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
    write_footer(&mut out, run)?;
    Ok(out)
}

/// Charts and how to rerun, under every experiment's table.
fn write_footer(out: &mut String, run: &Run) -> anyhow::Result<()> {
    let name = run.name();
    writeln!(out)?;
    for (title, file) in crate::charts::files(run) {
        writeln!(out, "![{name}: {title}]({file})")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Every hyperfine command behind these figures is in [`raw/{name}/commands.sh`](raw/{name}/commands.sh), \
         runnable by hand."
    )?;
    Ok(())
}

/// A metric of a sweep table or the summary: its heading and how a figure shows in it.
struct Metric {
    title: &'static str,
    column: Column,
    cell: fn(&Figure) -> String,
}

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
            legend: Column::Median.legend(),
            ideal: true,
            cell: Box::new(|_, f| median(f)),
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

/// What the kernel stacks section shows.
const KERNEL_STACK: &str = "*kernel stacks*: how much the machine's kernel stacks \
    (`KernelStack` in /proc/meminfo) grew during a separate, sampled run: a thread's kernel \
    stack, 16 KiB on x86-64, is memory no resident size shows.";

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
        let table = crate::timers::table(&run.record, timers);
        write!(
            out,
            "{}",
            table.unwrap_or_else(|| "Timers: not measured.\n\n".into())
        )?;
    }
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
    let legends: Vec<&str> = sections.iter().map(|s| s.legend.as_str()).collect();
    writeln!(out, "{}", legends.join(" "))?;
    writeln!(
        out,
        "⚠: σ above {} of the mean, a noisy result.",
        percent(WIDE_SPREAD)
    )?;
    if points.iter().flat_map(|p| &p.figures).any(|f| f.summed) {
        writeln!(out, "{SUMMED}")?;
    }
    if let Some(note) = startup_note(&rows, &points) {
        writeln!(out, "\n{note}")?;
    }
    if let Some(note) = control_note(&rows, None) {
        writeln!(out, "\n{note}")?;
    }
    write_footer(&mut out, run)?;
    Ok(out)
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
         [`{prefix}machine.md`]({prefix}machine.md).\n\n{body}"
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
    // Every row of any summarised workload, ordered by model, a model's own row first.
    let mut labels: Vec<(&'static Row, String)> = Vec::new();
    for run in &singles {
        for row in run.rows() {
            if !labels.iter().any(|(_, l)| *l == row.label()) {
                labels.push((row, row.label()));
            }
        }
    }
    labels.sort_by_key(|(row, _)| row.rank());
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
