//! The Markdown tables: one per experiment ([`single`], [`sweep`]), the timers probe's under
//! its experiment's ([`timers`]), and the summary across workloads ([`summary`]). They read
//! only raw data (`crate::raw`) and the registry: `bench render` runs them on their own.

mod single;
mod summary;
mod sweep;
mod timers;

pub use single::single;
pub use summary::{summary, summary_block};
pub use sweep::sweep;

use crate::figures::{BUSY, Figure, PointFigures};
use crate::hyperfine::{Mode, UNSETTLED};
use crate::raw::{FloorRecord, Run, Timed};
use crate::registry::{self, Derived, Row};
use crate::units::{kibibytes, mebibytes, per_second, percent, seconds, seconds_signed, times};
use std::fmt::Write;

/// A column a table can have; its legend entry is written only when the table has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Median,
    /// The median with its interval, and the runs' count and why it stopped there.
    Interval,
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
            Column::Interval => INTERVAL.into(),
            Column::Spread => "*mean ± σ*, *min … max*: over the timed runs.".into(),
            Column::Cpu => "*CPU time*: user + system time per run, the program's and every \
                process it started: what the model burns, beside what it waits."
                .into(),
            Column::Speedup => "*vs sequential*: the sequential program's median / this median; \
                a Python row's is python-sequential's (a free-threaded row's, \
                python-sequential-ft's)."
                .into(),
            Column::Efficiency => "*efficiency*: the ideal wall time / the median (100% = no \
                overhead at all); where the ideal starts from the sequential time, a Python \
                row's starts from python-sequential's (a free-threaded row's, from \
                python-sequential-ft's)."
                .into(),
            Column::Rate => "*…/s*: the work's units (its requests, its items) per second of \
                median wall time."
                .into(),
            Column::Memory => "*peak memory*: the largest resident set of any run.".into(),
            Column::Startup => STARTUP.into(),
        }
    }
}

/// The legend for the columns a table has, for ⚠ wherever medians are shown, and for the ¹
/// mark when a figure carries it.
fn legend(columns: &[Column], summed: bool) -> String {
    let mut lines: Vec<String> = columns.iter().map(|c| c.legend()).collect();
    if columns.contains(&Column::Median) {
        lines.push(UNSETTLED.into());
    }
    if summed {
        lines.push(SUMMED.into());
    }
    lines.join(" ")
}

/// What a median's `±` and the runs' marks are.
const INTERVAL: &str = "*±*: the median's 95% interval, the percentile bootstrap `bench compare` \
    uses (the runs resampled 2,000 times, the middle 95% of the resamples' medians), as how far \
    it reaches from the median on its wider side, a share of the median: `85.5 ms ±4%`; one run \
    has none (*1 run*). *bimodal*: the runs fall into two groups, each shown as its fastest–slowest \
    run (its runs): on the runs sorted, a gap between two consecutive runs that is at least \
    1.25× and wider (as a ratio) than either group's own spread, each group at least 2 runs and \
    a fifth of them. *runs*: the timed runs and why no more: *±5%*, the median's interval \
    reached ±5%; *budget*, the row's time budget was spent first; *max*, the registry's most \
    runs; *fixed*, a fixed count (one run of a long row, QUICK); no mark, a run that did not \
    record it.";

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
    values.push(("latency-ms".into(), run.record.latency_ms));
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

/// The note under a table for the rows an earlier experiment of the run timed (the same
/// program doing the same work), if it has any: where they are, and whose runs they are.
fn shared_note(run: &Run) -> Option<String> {
    let mut parts = Vec::new();
    let mut from: Vec<&str> = Vec::new();
    for point in &run.record.points {
        let shared: Vec<&Timed> = point
            .timed
            .iter()
            .filter(|t| t.timed_in.is_some())
            .collect();
        if shared.is_empty() {
            continue;
        }
        for earlier in shared.iter().filter_map(|t| t.timed_in.as_deref()) {
            if !from.contains(&earlier) {
                from.push(earlier);
            }
        }
        let rows = if shared.len() == point.timed.len() {
            "every row".to_string()
        } else {
            let labels: Vec<&str> = shared.iter().map(|t| t.row.as_str()).collect();
            labels.join(", ")
        };
        let at = run.experiment.level_name(point.level);
        parts.push(if at.is_empty() {
            rows
        } else {
            format!("{rows} at {at}")
        });
    }
    (!parts.is_empty()).then(|| {
        format!(
            "Timed once for two experiments: the figures of {} are the {} experiment's runs, \
             copied here (the same program doing the same work; its runs, its load).",
            parts.join("; "),
            from.join(" and ")
        )
    })
}

/// A control row's median and CPU time against its model's own row's, at one point:
/// `its median 4.90× tokio's, its CPU time 2.87×`.
fn control_distance(point: &PointFigures, row: &Row) -> Option<String> {
    let find = |label: &str| point.figures.iter().find(|f| f.row.label() == label);
    let (control, own) = (find(&row.label())?, find(row.model.name())?);
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
    let tick = 1.0 / crate::raw::TICKS_PER_SECOND;
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

/// A median, flagged ⚠ when not settled; a bimodal row's two modes rather than a median
/// between them.
fn median(figure: &Figure) -> String {
    median_cell(figure, false)
}

/// A median with its interval (`85.5 ms ±4%`, `8.25 s (1 run)`), flagged ⚠ when not settled.
fn median_interval(figure: &Figure) -> String {
    median_cell(figure, true)
}

fn median_cell(figure: &Figure, interval: bool) -> String {
    let m = figure.measurement;
    let flag = if figure.noisy() { " ⚠" } else { "" };
    if let Some([fast, slow]) = m.modes() {
        return format!("bimodal: {}, {}{flag}", mode(fast), mode(slow));
    }
    let width = match (interval, m.plus_minus()) {
        (false, _) => String::new(),
        (true, Some(plus_minus)) => format!(" {plus_minus}"),
        (true, None) => " (1 run)".into(),
    };
    format!("{}{width}{flag}", seconds(m.median))
}

/// A mode: `92.4–115 ms (5)`.
fn mode(mode: Mode) -> String {
    format!("{} ({})", range(mode.low, mode.high), mode.runs)
}

/// Two times as a range, the unit said once where they share it: `92.4–115 ms`.
fn range(low: f64, high: f64) -> String {
    let (low, high) = (seconds(low), seconds(high));
    match (low.split_once(' '), high.split_once(' ')) {
        (Some((l, lu)), Some((h, hu))) if lu == hu => format!("{l}–{h} {hu}"),
        _ => format!("{low}–{high}"),
    }
}

/// A row's runs, and why no more where the run recorded it: `12 (±5%)`.
fn runs(point: &PointFigures, figure: &Figure) -> String {
    let count = figure.measurement.times.len();
    let label = figure.row.label();
    let timed = point.record.timed.iter().find(|t| t.row == label);
    match timed.and_then(|t| t.stopped) {
        Some(stopped) => format!("{count} ({})", stopped.mark()),
        None => count.to_string(),
    }
}

/// A metric of a sweep table or the summary: its heading and how a figure shows in it.
struct Metric {
    title: &'static str,
    column: Column,
    cell: fn(&Figure) -> String,
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

/// What the kernel stacks section shows.
const KERNEL_STACK: &str = "*kernel stacks*: how much the machine's kernel stacks \
    (`KernelStack` in /proc/meminfo) grew during a separate, sampled run: a thread's kernel \
    stack, 16 KiB on x86-64, is memory no resident size shows.";
