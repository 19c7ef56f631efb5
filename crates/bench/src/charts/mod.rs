//! The SVG charts, drawn with plotters' SVG backend (text is left to the viewer's fonts, so no
//! font library is needed to draw them). Each experiment gets a time chart and a memory chart.

use crate::figures::Figure;
use crate::raw::Run;
use crate::registry::{Derived, Row};
use crate::units::{mebibytes, seconds_signed};
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
    format: seconds_signed,
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
    // A difference, which may be below zero (then shown in a note): a minus sign, not a hyphen.
    format: |kib| format!("{}{:.2} KiB", if kib < 0.0 { "−" } else { "" }, kib.abs()),
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

/// At most this many ticks on a log axis: 1, 2 and 5 times each power of ten while they fit,
/// powers of ten alone past it.
const MAX_TICKS: usize = 10;

/// The ticks of a log axis whose values run from `low` to `high` (both above zero): from the
/// largest at or below `low` to the smallest at or above `high`, so that a label lies at or
/// beyond each end of the data.
fn log_ticks(low: f64, high: f64) -> Vec<f64> {
    // Nothing at or below zero is drawn on a log axis; without a positive value there is
    // nothing to cover.
    if !(high > 0.0 && high.is_finite()) {
        return vec![1.0];
    }
    let low = if low > 0.0 { low.min(high) } else { high };
    let ticks = |steps: &[f64]| -> Vec<f64> {
        let (first, last) = (
            low.log10().floor() as i32 - 1,
            high.log10().ceil() as i32 + 1,
        );
        let all: Vec<f64> = (first..=last)
            .flat_map(|e| steps.iter().map(move |m| m * 10f64.powi(e)))
            .collect();
        let start = all.iter().rposition(|t| *t <= low * (1.0 + 1e-9));
        let end = all.iter().position(|t| *t >= high * (1.0 - 1e-9));
        all[start.unwrap_or(0)..=end.unwrap_or(all.len() - 1)].to_vec()
    };
    let fine = ticks(&[1.0, 2.0, 5.0]);
    if fine.len() <= MAX_TICKS {
        fine
    } else {
        ticks(&[1.0])
    }
}

/// A tick's label: round figures read better without their zeros ("500 ms", "2 s").
fn tick_label(value: f64, format: fn(f64) -> String) -> String {
    format(value).replace(".00 ", " ").replace(".0 ", " ")
}

/// The labelled ticks of an axis, each label once: two ticks whose labels read the same (a
/// unit's rounding) keep the first.
fn labelled(ticks: &[f64], format: fn(f64) -> String) -> Vec<(f64, String)> {
    let mut out: Vec<(f64, String)> = Vec::new();
    for &tick in ticks {
        let label = tick_label(tick, format);
        if !out.iter().any(|(_, l)| *l == label) {
            out.push((tick, label));
        }
    }
    out
}

/// Draws a chart's value axis ticks itself (plotters' own choice on a log axis can leave the
/// data below its lowest label, or label one value twice): at each, a grid line across the
/// plot and a label left of the axis. `x` is any value of the chart's x axis.
fn draw_y_ticks<'a, X, Y>(
    root: &DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
    chart: &ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    x: X::ValueType,
    ticks: &[(f64, String)],
) -> anyhow::Result<()>
where
    X: Ranged,
    X::ValueType: Clone,
    Y: Ranged<ValueType = f64>,
{
    let (xs, _) = chart.plotting_area().get_pixel_range();
    let style =
        TextStyle::from(("sans-serif", LABEL).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    for (tick, label) in ticks {
        let (_, y) = chart.backend_coord(&(x.clone(), *tick));
        let line = vec![(xs.start, y), (xs.end, y)];
        root.draw(&PathElement::new(line, BLACK.mix(0.2)))?;
        root.draw(&PathElement::new(
            vec![(xs.start - 5, y), (xs.start, y)],
            BLACK,
        ))?;
        root.draw(&Text::new(label.clone(), (xs.start - 8, y), style.clone()))?;
    }
    Ok(())
}

/// Which run a chart shows, in its bottom right corner: `run of 2026-11-30, commit a24d126`.
fn stamp(run: &Run) -> String {
    let date = run.record.started.get(..10).unwrap_or(&run.record.started);
    let quick = if run.record.quick { " (QUICK)" } else { "" };
    format!("run of {date}, commit {}{quick}", run.record.commit)
}

/// Draws the stamp ([`stamp`]) in the bottom right corner of `root`.
fn draw_stamp(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    text: &str,
) -> anyhow::Result<()> {
    let (width, height) = root.dim_in_pixel();
    let grey = BLACK.mix(0.6);
    let style = TextStyle::from(("sans-serif", 12).into_font())
        .color(&grey)
        .pos(Pos::new(HPos::Right, VPos::Bottom));
    root.draw(&Text::new(
        text.to_string(),
        (width as i32 - 6, height as i32 - 4),
        style,
    ))?;
    Ok(())
}

/// What ¹ means on a memory chart.
const SUMMED: &str = "¹ summed over the program and its worker processes";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_cover_the_data_at_both_ends() {
        // fib.svg of a24d126: bars from 331.6 ms (its whiskers from 300 ms) to 93.06 s.
        let ticks = log_ticks(0.300, 93.06);
        assert_eq!(ticks.first(), Some(&0.2));
        assert!((ticks.last().unwrap() - 100.0).abs() < 1e-9, "{ticks:?}");
        assert!(ticks.len() <= MAX_TICKS);
        // Seven decades: powers of ten alone, still covering both ends.
        let wide = log_ticks(0.05, 7000.0);
        assert!((wide[0] - 0.01).abs() < 1e-12 && (wide[wide.len() - 1] - 10_000.0).abs() < 1e-6);
        assert_eq!(log_ticks(0.0, 0.0), [1.0]);
        assert_eq!(log_ticks(0.0, 2.0), [2.0]);
    }

    #[test]
    fn no_label_is_drawn_twice() {
        let ticks = [1.0, 2.0, 5.0, 9.999, 10.0, 10.004];
        let labels: Vec<String> = labelled(&ticks, seconds_signed)
            .into_iter()
            .map(|(_, label)| label)
            .collect();
        assert_eq!(labels, ["1 s", "2 s", "5 s", "10 s"]);
    }
}
