//! The SVG charts, drawn with plotters' SVG backend (text is left to the viewer's fonts, so no
//! font library is needed to draw them). Each experiment gets a time chart and a memory chart.

use crate::figures::Figure;
use crate::raw::Run;
use crate::registry::{Derived, Row};
use crate::units::{mebibytes, seconds};
use plotters::coord::ranged1d::{SegmentValue, SegmentedCoord};
use plotters::coord::types::RangedCoordi32;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

mod single;
mod sweep;

pub use single::single;
pub use sweep::sweep;

/// The size of every chart, in pixels.
const SIZE: (u32, u32) = (960, 540);
/// The width of a sweep chart's legend, beside its plot.
const LEGEND_WIDTH: u32 = 250;
/// Font sizes: the caption (smaller when it would not fit: see [`caption_font`]), and the
/// labels.
const CAPTION: u32 = 22;
const LABEL: u32 = 14;
/// A spread of values (largest / smallest) past which an axis is logarithmic.
const LOG_SPREAD: f64 = 4.0;

/// What a chart shows on its value axis.
#[derive(Clone, Copy)]
struct Axis {
    /// Its description.
    desc: &'static str,
    /// How a value reads.
    format: fn(f64) -> String,
}

const TIME: Axis = Axis {
    desc: "wall time",
    format: seconds,
};
/// Memory is plotted in MiB, so that a log axis ticks at 1, 10, 100 MiB.
const MEMORY: Axis = Axis {
    desc: "peak memory",
    format: |mib| mebibytes((mib * MIB) as u64),
};
/// Bytes in a MiB.
const MIB: f64 = 1024.0 * 1024.0;
/// Small amounts of memory, plotted in KiB.
const KIB: Axis = Axis {
    desc: "memory",
    format: |kib| format!("{kib:.2} KiB"),
};

/// A row's colour: its model's, lighter for a control row.
fn color(row: &Row) -> RGBAColor {
    let (r, g, b) = row.model.about().color;
    let alpha = if row.variant.is_some() { 0.45 } else { 0.85 };
    RGBColor(r, g, b).mix(alpha)
}

/// The caption's font size: [`CAPTION`], or smaller (not below the labels') for a caption
/// that would be wider than the chart, at about 0.55 of the size per character.
fn caption_font(caption: &str, width: u32) -> u32 {
    let fits = (f64::from(width) - 24.0) / (caption.chars().count() as f64 * 0.55);
    (fits.floor() as u32).clamp(LABEL, CAPTION)
}

/// A label for a tick on a log axis: only at 1, 2 and 5 times a power of ten, so that the
/// labels do not crowd; the other ticks stay as unlabelled grid lines.
fn log_tick(value: f64, format: fn(f64) -> String) -> String {
    let mantissa = value / 10f64.powf(value.log10().floor());
    if [1.0, 2.0, 5.0].iter().any(|m| (mantissa - m).abs() < 1e-6) {
        // Round figures read better without their zeros: "500 ms", "2 s".
        let text = format(value);
        text.replace(".00 ", " ").replace(".0 ", " ")
    } else {
        String::new()
    }
}

/// The charts of an experiment, as (what it shows, file name): time and memory, then one per
/// figure the registry derives.
pub fn files(run: &Run) -> Vec<(String, String)> {
    let name = run.name();
    let mut files = vec![
        ("time".to_string(), format!("{name}.svg")),
        ("memory".to_string(), format!("{name}-memory.svg")),
    ];
    for derived in run.experiment.derived {
        files.push(match derived {
            // A table of its own, no chart: the time chart shows the same medians.
            Derived::Efficiency => continue,
            Derived::Overhead => ("overhead".into(), format!("{name}-overhead.svg")),
            Derived::CpuTime => ("CPU time".into(), format!("{name}-cpu.svg")),
            Derived::MemoryPer { unit, .. } => (
                format!("memory per {unit}"),
                format!("{name}-memory-per-{unit}.svg"),
            ),
        });
    }
    files
}

/// Splits `text` into lines of at most about `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && last.len() + word.len() + 1 > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// The legend box, in the same style on every chart.
fn draw_legend<'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    position: SeriesLabelPosition,
) -> anyhow::Result<()> {
    chart
        .configure_series_labels()
        .position(position)
        .label_font(("sans-serif", LABEL))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}
