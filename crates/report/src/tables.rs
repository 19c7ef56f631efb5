//! The Markdown tables: one per workload, the sweep's, and the summary across workloads.

use crate::hyperfine::Measurement;
use crate::raw::{MODELS, Workload, model_of};
use anyhow::{Context, bail};
use std::collections::BTreeSet;
use std::fmt::Write;

/// A spread (σ / mean) past which a result is flagged as noisy rather than shown as settled.
pub const WIDE_SPREAD: f64 = 0.10;

/// What a workload's figures are held against, and how the bench ran it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// N GETs, C in flight: ideal `ceil(N / C) × latency`.
    Download,
    /// The download workload at several concurrencies `c`, with `n` = 2C requests.
    DownloadScaling,
    /// `count` jobs of fib(n) on `workers` workers: ideal `sequential / min(cores, count)`.
    Fib,
    /// The fib workload at several `count`s.
    FibScaling,
}

impl Kind {
    /// The kind named by a workload's `workload` setting.
    pub fn of(workload: &Workload) -> anyhow::Result<Kind> {
        match workload.settings.get("workload").map(String::as_str) {
            Some("download") => Ok(Kind::Download),
            Some("download-scaling") => Ok(Kind::DownloadScaling),
            Some("fib") => Ok(Kind::Fib),
            Some("fib-scaling") => Ok(Kind::FibScaling),
            other => bail!("{}: unknown workload {other:?}", workload.name),
        }
    }

    /// Whether the workload is a sweep over a parameter (a table and a line chart of its own,
    /// no column in the summary).
    pub fn is_sweep(self) -> bool {
        matches!(self, Kind::DownloadScaling | Kind::FibScaling)
    }

    /// What a sweep's level is, for a table's columns and a chart's axis.
    pub fn level_label(self) -> &'static str {
        match self {
            Kind::DownloadScaling => "C",
            _ => "count",
        }
    }
}

/// The shortest wall time `measurement`'s work allows, in seconds.
pub fn ideal(workload: &Workload, measurement: &Measurement) -> anyhow::Result<f64> {
    let parameter = |name: &str| {
        let value = measurement.parameter(name);
        value.with_context(|| format!("{}: {} has no {name}", workload.name, measurement.command))
    };
    Ok(match Kind::of(workload)? {
        Kind::Download => download_ideal(
            workload,
            workload.setting("requests")?,
            workload.setting("concurrency")?,
        )?,
        Kind::DownloadScaling => download_ideal(workload, parameter("n")?, parameter("c")?)?,
        Kind::Fib => fib_ideal(
            workload,
            workload.of("sequential"),
            workload.setting("count")?,
        )?,
        Kind::FibScaling => {
            let count = parameter("count")?;
            fib_ideal(workload, workload.at("sequential", count), count)?
        }
    })
}

/// `ceil(requests / concurrency) × latency`: every lane's round trips, with no overhead.
fn download_ideal(workload: &Workload, requests: u64, concurrency: u64) -> anyhow::Result<f64> {
    let latency = workload.setting("latency_ms")? as f64 / 1000.0;
    Ok(requests.div_ceil(concurrency) as f64 * latency)
}

/// The sequential time shared perfectly among the cores the jobs can use.
fn fib_ideal(
    workload: &Workload,
    sequential: Option<&Measurement>,
    count: u64,
) -> anyhow::Result<f64> {
    let sequential = sequential.with_context(|| {
        format!(
            "{}: no sequential run to derive the ideal from",
            workload.name
        )
    })?;
    Ok(sequential.median / workload.setting("cores")?.min(count) as f64)
}

/// One line saying what was run, for a table's heading.
pub fn describe(workload: &Workload) -> anyhow::Result<String> {
    let setting = |key: &str| workload.setting(key);
    Ok(match Kind::of(workload)? {
        Kind::Download => format!(
            "{} GETs, at most {} in flight, {} ms site latency",
            setting("requests")?,
            setting("concurrency")?,
            setting("latency_ms")?
        ),
        Kind::DownloadScaling => format!(
            "2C GETs at C in flight, for each C; {} ms site latency",
            setting("latency_ms")?
        ),
        Kind::Fib => format!(
            "fib({}) {} times, {} workers where a model has them",
            setting("n")?,
            setting("count")?,
            setting("workers")?
        ),
        Kind::FibScaling => format!(
            "fib({}) count times, for each count; {} workers where a model has them",
            setting("n")?,
            setting("workers")?
        ),
    })
}

/// Seconds, to three significant figures in a fitting unit.
pub fn seconds(value: f64) -> String {
    if value >= 1.0 {
        format!("{value:.2} s")
    } else if value >= 0.001 {
        format!("{:.1} ms", value * 1e3)
    } else {
        format!("{:.0} µs", value * 1e6)
    }
}

/// Bytes in MiB.
pub fn mebibytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// `mean ± σ`, flagged when the spread is wide.
fn mean_sigma(m: &Measurement) -> String {
    let flag = if m.spread() > WIDE_SPREAD { " ⚠" } else { "" };
    format!(
        "{} ± {}{flag}",
        seconds(m.mean),
        seconds(m.stddev.unwrap_or(0.0))
    )
}

/// The figures of one model in one workload, relative to sequential and to the ideal.
pub struct Row<'a> {
    /// hyperfine's figures.
    pub measurement: &'a Measurement,
    /// Sequential median / this median.
    pub speedup: Option<f64>,
    /// Ideal / this median.
    pub efficiency: f64,
    /// Peak resident memory.
    pub memory: Option<u64>,
    /// Whether `memory` is summed over a process tree rather than hyperfine's largest process.
    pub summed: bool,
}

impl Row<'_> {
    /// The memory cell: MiB, marked ¹ when summed over a process tree.
    fn memory_cell(&self) -> String {
        let mark = if self.summed { " ¹" } else { "" };
        self.memory
            .map_or("n/a".into(), |bytes| mebibytes(bytes) + mark)
    }
}

/// The rows of a single-level workload, in model order.
pub fn rows(workload: &Workload) -> anyhow::Result<Vec<Row<'_>>> {
    let sequential = workload.of("sequential").map(|m| m.median);
    workload
        .measurements
        .iter()
        .map(|m| {
            Ok(Row {
                measurement: m,
                speedup: sequential.map(|s| s / m.median),
                efficiency: ideal(workload, m)? / m.median,
                memory: workload.peak_memory(m),
                summed: workload.has_tree_memory(m),
            })
        })
        .collect()
}

/// `<workload>.md`: every model's figures for one workload.
pub fn workload_table(workload: &Workload) -> anyhow::Result<String> {
    let mut out = String::new();
    let first = workload
        .measurements
        .first()
        .expect("a loaded workload has results");
    writeln!(out, "# {}: {}\n", workload.name, describe(workload)?)?;
    writeln!(
        out,
        "Ideal wall time: **{}**. {}\n",
        seconds(ideal(workload, first)?),
        provenance(workload)
    )?;
    writeln!(
        out,
        "| model | median | mean ± σ | min … max | runs | vs sequential | efficiency | peak memory |"
    )?;
    writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|")?;
    for row in rows(workload)? {
        let m = row.measurement;
        let failed = if m.failed() { " (failed runs)" } else { "" };
        writeln!(
            out,
            "| {}{failed} | {} | {} | {} … {} | {} | {} | {:.0}% | {} |",
            m.command,
            seconds(m.median),
            mean_sigma(m),
            seconds(m.min),
            seconds(m.max),
            m.times.len(),
            row.speedup.map_or("n/a".into(), |s| format!("{s:.2}×")),
            row.efficiency * 100.0,
            row.memory_cell(),
        )?;
    }
    writeln!(out, "\n{}", legend(workload))?;
    writeln!(out, "![{}]({}.svg)", workload.name, workload.name)?;
    Ok(out)
}

/// Where and when a workload was measured.
fn provenance(workload: &Workload) -> String {
    let get = |key: &str| workload.settings.get(key).map_or("?", String::as_str);
    let quick = if get("quick") == "1" {
        " QUICK run: fewer runs, smaller N; not a reference."
    } else {
        ""
    };
    format!(
        "Measured {} at commit {} on {} cores (see machine.md).{quick}",
        get("date"),
        get("commit"),
        get("cores")
    )
}

/// What the columns mean.
fn legend(workload: &Workload) -> String {
    let mut legend = format!(
        "*vs sequential*: sequential's median / this median. *efficiency*: the ideal / this \
         median (100% = no overhead at all). *peak memory*: the largest resident set of any run. \
         ⚠: σ above {:.0}% of the mean, a noisy result; compare its range, not its median.",
        WIDE_SPREAD * 100.0
    );
    if !workload.tree_memory.is_empty() {
        legend.push_str(
            "\n\n¹ Summed over the program and its worker processes, each at its own peak \
             (sampled from /proc in a separate run); hyperfine sees only the largest one.",
        );
    }
    legend
}

/// A sweep's table (`download-scaling.md`, `fib-scaling.md`): median time and peak memory per
/// model and level; a level a model was not run at says why.
pub fn scaling_table(workload: &Workload) -> anyhow::Result<String> {
    let label = Kind::of(workload)?.level_label();
    let levels: BTreeSet<u64> = workload
        .measurements
        .iter()
        .filter_map(|m| workload.level(m))
        .chain(workload.skipped.iter().map(|s| s.level))
        .collect();
    let mut reasons: Vec<&str> = Vec::new();
    let mut out = String::new();
    writeln!(out, "# {}: {}\n", workload.name, describe(workload)?)?;
    writeln!(out, "{}\n", provenance(workload))?;
    for (title, cell) in [
        ("Median wall time", Cell::Time),
        ("Peak memory", Cell::Memory),
    ] {
        writeln!(out, "## {title}\n")?;
        let header: Vec<String> = levels.iter().map(|l| format!("{label} = {l}")).collect();
        writeln!(out, "| model | {} |", header.join(" | "))?;
        writeln!(out, "|---|{}", "--:|".repeat(levels.len()))?;
        if let Cell::Time = cell {
            let ideals: Vec<String> = levels
                .iter()
                .map(|&level| {
                    let m = workload
                        .measurements
                        .iter()
                        .find(|m| workload.level(m) == Some(level));
                    m.map_or(Ok(String::new()), |m| ideal(workload, m).map(seconds))
                })
                .collect::<anyhow::Result<_>>()?;
            writeln!(out, "| *ideal* | {} |", ideals.join(" | "))?;
        }
        for model in MODELS {
            let cells: Vec<String> = levels
                .iter()
                .map(|&level| scaling_cell(workload, model, level, &cell, &mut reasons))
                .collect();
            if cells.iter().any(|cell| !cell.is_empty()) {
                writeln!(out, "| {model} | {} |", cells.join(" | "))?;
            }
        }
        writeln!(out)?;
    }
    for (i, reason) in reasons.iter().enumerate() {
        writeln!(out, "{}. not run: {reason}", i + 1)?;
    }
    writeln!(out, "\n{}\n", legend(workload))?;
    writeln!(out, "![{}]({}.svg)", workload.name, workload.name)?;
    Ok(out)
}

/// Which figure a sweep table shows.
enum Cell {
    Time,
    Memory,
}

/// One cell of a sweep table: the figure, or `n/a (k)` pointing at reason k.
fn scaling_cell<'a>(
    workload: &'a Workload,
    model: &str,
    level: u64,
    cell: &Cell,
    reasons: &mut Vec<&'a str>,
) -> String {
    if let Some(m) = workload.at(model, level) {
        let flag = if m.spread() > WIDE_SPREAD { " ⚠" } else { "" };
        return match cell {
            Cell::Time => format!("{}{flag}", seconds(m.median)),
            Cell::Memory => {
                let summed = if workload.has_tree_memory(m) {
                    " ¹"
                } else {
                    ""
                };
                workload
                    .peak_memory(m)
                    .map_or("n/a".into(), |b| mebibytes(b) + summed)
            }
        };
    }
    let skip = workload
        .skipped
        .iter()
        .find(|s| model_of(&s.program) == model && s.level == level);
    match skip {
        Some(skip) => {
            let index = match reasons.iter().position(|r| *r == skip.reason) {
                Some(i) => i,
                None => {
                    reasons.push(&skip.reason);
                    reasons.len() - 1
                }
            };
            format!("n/a ({})", index + 1)
        }
        None => String::new(),
    }
}

/// `summary.md`: a row per model; per workload its median, speedup, efficiency and memory.
pub fn summary(workloads: &[Workload]) -> anyhow::Result<String> {
    let singles: Vec<&Workload> = workloads
        .iter()
        .filter(|w| !Kind::of(w).is_ok_and(Kind::is_sweep))
        .collect();
    let mut out = String::from("# Summary\n\n");
    for w in &singles {
        writeln!(out, "- **{}**: {}. {}", w.name, describe(w)?, provenance(w))?;
    }
    let mut header = String::from("| model |");
    let mut rule = String::from("|---|");
    for w in &singles {
        write!(
            header,
            " {0} median | {0} vs sequential | {0} efficiency | {0} memory |",
            w.name
        )?;
        rule.push_str("--:|--:|--:|--:|");
    }
    writeln!(out, "\n{header}\n{rule}")?;
    let all_rows: Vec<Vec<Row>> = singles
        .iter()
        .map(|w| rows(w))
        .collect::<anyhow::Result<_>>()?;
    for model in MODELS {
        let mut line = format!("| {model} |");
        let mut any = false;
        for rows in &all_rows {
            match rows
                .iter()
                .find(|r| model_of(&r.measurement.command) == model)
            {
                Some(r) => {
                    any = true;
                    let m = r.measurement;
                    let flag = if m.spread() > WIDE_SPREAD { " ⚠" } else { "" };
                    write!(
                        line,
                        " {}{flag} | {} | {:.0}% | {} |",
                        seconds(m.median),
                        r.speedup.map_or("n/a".into(), |s| format!("{s:.2}×")),
                        r.efficiency * 100.0,
                        r.memory_cell()
                    )?;
                }
                None => line.push_str(" n/a | | | |"),
            }
        }
        if any {
            writeln!(out, "{line}")?;
        }
    }
    writeln!(
        out,
        "\n*vs sequential*: how many times faster than the sequential program. *efficiency*: \
         the ideal wall time / the median; the ideal is what the work allows with no overhead. \
         ⚠: σ above {:.0}% of the mean. ¹ Summed over the program's processes (see the \
         workload's table). Per-workload tables: `<workload>.md`.",
        WIDE_SPREAD * 100.0
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str) -> Workload {
        Workload::load(&crate::fixture(&format!("raw/{name}"))).unwrap()
    }

    #[test]
    fn download_rows_hold_each_model_against_sequential_and_the_ideal() {
        let workload = load("download");
        // 40 requests, 40 in flight, 50 ms: one round trip.
        assert_eq!(ideal(&workload, &workload.measurements[0]).unwrap(), 0.05);
        let rows = rows(&workload).unwrap();
        let names: Vec<_> = rows
            .iter()
            .map(|r| r.measurement.command.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "download-sequential",
                "download-processes",
                "download-tokio"
            ]
        );
        let (sequential, tokio) = (&rows[0], &rows[2]);
        assert_eq!(sequential.speedup, Some(1.0));
        let speedup = sequential.measurement.median / tokio.measurement.median;
        assert_eq!(tokio.speedup, Some(speedup));
        assert_eq!(tokio.efficiency, 0.05 / tokio.measurement.median);
        assert!(tokio.efficiency > 0.0 && tokio.efficiency <= 1.0);
        // The processes row's memory is its tree's, not hyperfine's largest process.
        let processes = &rows[1];
        assert_eq!(
            processes.memory,
            Some(workload.tree_memory["download-processes"])
        );
        assert!(processes.memory > processes.measurement.peak_memory());

        let table = workload_table(&workload).unwrap();
        assert!(table.contains(&format!("{speedup:.2}×")), "{table}");
        assert!(table.contains("MiB ¹"), "{table}");
        assert!(table.contains("QUICK run"), "{table}");
    }

    #[test]
    fn the_sweep_table_says_why_a_cell_is_empty() {
        let workload = load("download-scaling");
        let table = scaling_table(&workload).unwrap();
        assert!(
            table.contains("| C = 1 | C = 10 | C = 100 | C = 1000 |"),
            "{table}"
        );
        assert!(
            table.contains("| sequential |") && table.contains("n/a (1)"),
            "{table}"
        );
        assert!(
            table.contains("1. not run: one request at a time"),
            "{table}"
        );
        assert!(
            table.contains("| *ideal* | 100.0 ms | 100.0 ms | 100.0 ms | 100.0 ms |"),
            "{table}"
        );
    }

    #[test]
    fn the_summary_has_a_row_per_model_and_skips_the_sweep() {
        let summary = summary(&[load("download"), load("download-scaling")]).unwrap();
        assert!(
            summary.contains("| sequential |") && summary.contains("| tokio |"),
            "{summary}"
        );
        assert!(
            !summary.contains("| threads |"),
            "no threads figures in the fixture: {summary}"
        );
        assert!(!summary.contains("download-scaling median"), "{summary}");
        assert!(
            summary.contains("MiB ¹ |"),
            "the processes row's memory is marked: {summary}"
        );
    }

    #[test]
    fn noisy_and_failed_results_are_flagged() {
        let mut workload = load("download");
        let tokio = &mut workload.measurements[2];
        tokio.stddev = Some(tokio.mean * 0.5);
        tokio.exit_codes[0] = Some(1);
        let table = workload_table(&workload).unwrap();
        assert!(table.contains("download-tokio (failed runs)"), "{table}");
        assert!(table.contains(" ⚠ |"), "{table}");
    }

    #[test]
    fn units_read_naturally() {
        assert_eq!(seconds(8.066), "8.07 s");
        assert_eq!(seconds(0.0512), "51.2 ms");
        assert_eq!(seconds(0.000_25), "250 µs");
        assert_eq!(mebibytes(3 * 1024 * 1024 + 512 * 1024), "3.5 MiB");
    }
}
