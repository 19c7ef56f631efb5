//! The figures behind every table and chart, worked out once from the raw data.
//!
//! A [`Figure`] is one row at one point: hyperfine's times, the CPU it burnt, its peak memory,
//! and how it compares with the sequential row and with the ideal. Tables and charts only
//! format and draw these.

use crate::hyperfine::Measurement;
use crate::raw::{PointRecord, Run};
use crate::registry::{self, Model, Point, Row};

/// The share of the machine other work may take during an experiment before its figures are
/// flagged as measured on a busy machine.
pub const BUSY: f64 = 0.10;

/// One row's figures at one point.
#[derive(Debug)]
pub struct Figure<'a> {
    /// The row, from the registry.
    pub row: &'static Row,
    /// hyperfine's figures.
    pub measurement: &'a Measurement,
    /// Mean CPU time per run, user + system, over the whole process tree, in seconds.
    pub cpu: f64,
    /// Peak resident memory in bytes, summed over the process tree where it was measured so.
    pub memory: Option<u64>,
    /// Whether `memory` is a process tree's sum.
    pub summed: bool,
    /// How much the kernel's thread stacks grew while it ran, where that was sampled.
    pub kernel_stack: Option<u64>,
    /// The sequential row's median / this median, where it ran at this point: the sequential
    /// row of the row's own language and interpreter (a Python row is held to
    /// python-sequential, a free-threaded one to python-sequential-ft).
    pub speedup: Option<f64>,
    /// The ideal / this median; where the ideal starts from the sequential time, it starts
    /// from the row's own language's.
    pub efficiency: Option<f64>,
    /// For a Python row, its interpreter's start-up and imports, measured apart.
    pub startup: Option<f64>,
    /// Units per second, where the experiment declares a rate.
    pub rate: Option<f64>,
}

impl Figure<'_> {
    /// Whether its median is not a settled figure (a wide interval, or two modes): marked ⚠.
    pub fn noisy(&self) -> bool {
        self.measurement.unsettled()
    }
}

/// One point of an experiment: its level, its ideal, and a figure per row that ran.
#[derive(Debug)]
pub struct PointFigures<'a> {
    /// The recorded point.
    pub record: &'a PointRecord,
    /// The ideal wall time, where it can be worked out (from the Rust sequential row where it
    /// starts from the sequential time).
    pub ideal: Option<f64>,
    /// Which bound the ideal is, where it is the largest of several.
    pub bound: Option<&'static str>,
    /// The rows that ran, in registry order.
    pub figures: Vec<Figure<'a>>,
}

impl Run {
    /// Every point's figures.
    pub fn figures(&self) -> Vec<PointFigures<'_>> {
        self.record
            .points
            .iter()
            .zip(&self.measurements)
            .map(|(point, measurements)| self.point_figures(point, measurements))
            .collect()
    }

    fn point_figures<'a>(
        &self,
        point: &'a PointRecord,
        measurements: &'a [Measurement],
    ) -> PointFigures<'a> {
        let row_of = |label: &str| {
            self.workload
                .row(label)
                .expect("rows were checked against the registry on load")
        };
        let sequential = |model: Model| {
            point
                .timed
                .iter()
                .zip(measurements)
                .find(|(timed, _)| row_of(&timed.row).model == model.sequential())
                .map(|(_, m)| m.median)
        };
        let at = |model: Model, sleep: Option<f64>| Point {
            flags: &point.flags,
            latency: self.record.latency_ms as f64 / 1000.0,
            cores: self.record.cores,
            sequential: sequential(model),
            probe: self.record.probe,
            floor: point.floor.map(|f| f.seconds),
            sleep,
        };
        // A row's ideal: its own sequential row's time, and its own timer's sleep.
        let ideal = |row: &Row| (self.experiment.ideal.at)(&at(row.model, self.sleep(point, row)));
        let units = (self.experiment.rate.as_ref())
            .and_then(|rate| registry::flag(&point.flags, rate.flag).map(|units| units as f64));
        let mut figures: Vec<Figure> = point
            .timed
            .iter()
            .zip(measurements)
            .map(|(timed, m)| (row_of(&timed.row), timed, m))
            .map(|(row, timed, m)| Figure {
                row,
                measurement: m,
                cpu: m.user + m.system,
                memory: timed.tree_bytes.or(m.peak_memory()),
                summed: timed.tree_bytes.is_some(),
                kernel_stack: timed.kernel_stack,
                speedup: sequential(row.model).map(|s| s / m.median),
                efficiency: ideal(row).map(|i| i / m.median),
                startup: timed.startup,
                rate: units.map(|u| u / m.median),
            })
            .collect();
        figures.sort_by_key(|f| f.row.rank());
        PointFigures {
            record: point,
            ideal: (self.experiment.ideal.at)(&at(Model::Sequential, None)),
            bound: (self.experiment.ideal.bound)(&at(Model::Sequential, None)),
            figures,
        }
    }

    /// What `row`'s own timer waited for a sleep of the point's [`crate::registry::Timers`]
    /// flag (the median, in seconds), where the experiment measured its timers at that value.
    fn sleep(&self, point: &PointRecord, row: &Row) -> Option<f64> {
        let flag = self.experiment.timers.as_ref()?.flag;
        let us = crate::registry::flag(&point.flags, flag)?;
        let timer = row.model.about().timer?;
        let timers = self.record.timers.as_ref()?;
        let measured = timers
            .iter()
            .find(|t| t.timer == timer.name() && t.us == us)?;
        Some(measured.median_us / 1e6)
    }

    /// A row's peak memory per unit of `flag` at point `index`: what the units added between
    /// the row's first point and this one cost, each. `None` at the row's first point.
    pub fn memory_per(
        &self,
        points: &[PointFigures],
        label: &str,
        index: usize,
        flag: &str,
    ) -> Option<f64> {
        let find = |i: usize| {
            let point = &points[i];
            let figure = point.figures.iter().find(|f| f.row.label() == label)?;
            let units = point.record.flags.iter().find(|(n, _)| n == flag)?.1;
            Some((units, figure.memory?))
        };
        let first = (0..points.len()).find_map(|i| find(i).map(|found| (i, found)))?;
        let (base_index, (base_units, base_memory)) = first;
        let (units, memory) = find(index)?;
        (index > base_index && units > base_units)
            .then(|| (memory as f64 - base_memory as f64) / (units - base_units) as f64)
    }

    /// Whether other work took more than [`BUSY`] of the machine during the experiment.
    pub fn busy(&self) -> bool {
        self.record.load.others.is_some_and(|others| others > BUSY)
    }

    /// The rows of the workload that appear anywhere in this run, in registry order.
    pub fn rows(&self) -> Vec<&'static Row> {
        let mut rows: Vec<&'static Row> = self
            .workload
            .rows
            .iter()
            .filter(|row| {
                let label = row.label();
                self.record.points.iter().any(|p| {
                    p.timed.iter().any(|t| t.row == label)
                        || p.skipped.iter().any(|s| s.row == label)
                })
            })
            .collect();
        rows.sort_by_key(|r| r.rank());
        rows
    }
}
