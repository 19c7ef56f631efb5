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
    let (r, g, b) = row.model().color;
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

/// Draws the two charts of a single run: `<name>.svg` (time) and `<name>-memory.svg`.
pub fn single(run: &Run, caption: &str, out: &Path) -> anyhow::Result<()> {
    let points = run.figures();
    let point = &points[0];
    let figures = &point.figures;
    let times: Vec<Bar> = figures
        .iter()
        .map(|f| Bar {
            figure: f,
            value: f.measurement.median,
            range: Some((f.measurement.min, f.measurement.max)),
        })
        .collect();
    let ideal = point.ideal.map(|i| (format!("ideal: {}", seconds(i)), i));
    bars(
        &times,
        ideal,
        TIME,
        caption,
        &out.join(format!("{}.svg", run.name())),
    )?;
    let memory: Vec<Bar> = figures
        .iter()
        .filter_map(|f| {
            Some(Bar {
                figure: f,
                value: f.memory? as f64 / MIB,
                range: None,
            })
        })
        .collect();
    let memory_caption = format!("{caption}: peak memory");
    bars(
        &memory,
        None,
        MEMORY,
        &memory_caption,
        &out.join(format!("{}-memory.svg", run.name())),
    )
}

/// One bar: a row's value, and its range where there is one.
struct Bar<'a> {
    figure: &'a Figure<'a>,
    value: f64,
    range: Option<(f64, f64)>,
}

/// A bar per row, a whisker for the range, a reference line.
fn bars(
    bars: &[Bar],
    reference: Option<(String, f64)>,
    axis: Axis,
    caption: &str,
    path: &Path,
) -> anyhow::Result<()> {
    let values = || {
        bars.iter()
            .flat_map(|b| {
                [
                    b.value,
                    b.range.map_or(b.value, |r| r.0),
                    b.range.map_or(b.value, |r| r.1),
                ]
            })
            .chain(reference.iter().map(|r| r.1))
    };
    let low = values().fold(f64::MAX, f64::min);
    let high = values().fold(0.0, f64::max);
    let count = bars.len() as i32;
    // A segmented range has a segment per value at both ends: 0..count - 1 is `count` bars.
    let slots = (0..count - 1).into_segmented();
    // Wider with many bars, so that each keeps room for its name.
    let width = SIZE.0.max(80 * bars.len() as u32 + 160);
    let root = SVGBackend::new(path, (width, SIZE.1)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut builder = ChartBuilder::on(&root);
    builder
        .caption(caption, ("sans-serif", caption_font(caption, width)))
        .margin(12)
        .margin_right(48)
        .x_label_area_size(66)
        .y_label_area_size(80);
    // The rows' names are drawn by `draw_names`, which staggers them when they would collide.
    let no_label = |_: &SegmentValue<i32>| String::new();
    let whisker = bars.iter().any(|b| b.range.is_some());
    // Headroom above the tallest bar keeps its value clear of the legend in the corner.
    if high / low.max(f64::MIN_POSITIVE) > LOG_SPREAD {
        let (bottom, top) = (low / 2.0, high * 5.0);
        let mut chart = builder.build_cartesian_2d(slots, (bottom..top).log_scale())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(bars.len())
            .x_label_formatter(&no_label)
            .y_desc(format!("{}, log scale", axis.desc))
            .y_label_formatter(&|y| log_tick(*y, axis.format))
            .label_style(("sans-serif", LABEL))
            .draw()?;
        draw_bars(&mut chart, bars, bottom, 1.15, axis)?;
        draw_reference(&mut chart, reference, count, whisker)?;
        draw_names(&root, &chart, bars, bottom)?;
    } else {
        let (bottom, top) = (0.0, high * 1.35);
        let mut chart = builder.build_cartesian_2d(slots, bottom..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(bars.len())
            .x_label_formatter(&no_label)
            .y_desc(axis.desc)
            .y_label_formatter(&|y| (axis.format)(*y))
            .label_style(("sans-serif", LABEL))
            .draw()?;
        draw_bars(&mut chart, bars, bottom, 1.03, axis)?;
        draw_reference(&mut chart, reference, count, whisker)?;
        draw_names(&root, &chart, bars, bottom)?;
    }
    root.present()?;
    Ok(())
}

type BarChart<'a, Y> =
    ChartContext<'a, SVGBackend<'a>, Cartesian2d<SegmentedCoord<RangedCoordi32>, Y>>;

/// The bars, their whiskers and their values.
fn draw_bars<'a, Y>(
    chart: &mut BarChart<'a, Y>,
    bars: &[Bar],
    bottom: f64,
    above: f64,
    axis: Axis,
) -> anyhow::Result<()>
where
    Y: Ranged<ValueType = f64>,
{
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let i = i as i32;
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), bottom),
                (SegmentValue::Exact(i + 1), b.value),
            ],
            color(b.figure.row).filled(),
        );
        bar.set_margin(0, 0, 12, 12);
        bar
    }))?;
    chart.draw_series(bars.iter().enumerate().filter_map(|(i, b)| {
        let (min, max) = b.range?;
        let x = SegmentValue::CenterOf(i as i32);
        Some(PathElement::new(
            vec![(x.clone(), min), (x, max)],
            BLACK.stroke_width(2),
        ))
    }))?;
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let top = b.range.map_or(b.value, |r| r.1);
        let at = (SegmentValue::CenterOf(i as i32), top * above);
        let centred = Pos::new(HPos::Center, VPos::Bottom);
        let style = TextStyle::from(("sans-serif", LABEL).into_font()).pos(centred);
        Text::new((axis.format)(b.value), at, style)
    }))?;
    Ok(())
}

/// Each bar's row name under it; on two or three staggered lines when the longest name is
/// wider than a bar's slot (with the Python rows, 14 bars share the width).
fn draw_names<'a, Y>(
    root: &DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
    chart: &BarChart<'a, Y>,
    bars: &[Bar],
    bottom: f64,
) -> anyhow::Result<()>
where
    Y: Ranged<ValueType = f64>,
{
    let x = |i: usize| chart.backend_coord(&(SegmentValue::CenterOf(i as i32), bottom));
    let slot = match bars.len() {
        0 | 1 => f64::MAX,
        n => f64::from((x(n - 1).0 - x(0).0).abs()) / (n - 1) as f64,
    };
    // About 0.6 of the font size per character, in a sans-serif face.
    let widest = bars
        .iter()
        .map(|b| b.figure.row.label().chars().count())
        .max()
        .unwrap_or(0) as f64
        * f64::from(LABEL)
        * 0.6;
    let lines = (widest / (slot * 0.95)).ceil().clamp(1.0, 3.0) as usize;
    let style =
        TextStyle::from(("sans-serif", LABEL).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    for (i, bar) in bars.iter().enumerate() {
        let (px, py) = x(i);
        let below = 6 + 18 * (i % lines) as i32;
        root.draw(&Text::new(
            bar.figure.row.label(),
            (px, py + below),
            style.clone(),
        ))?;
    }
    Ok(())
}

/// The reference line (the ideal), and the legend saying what the marks are.
fn draw_reference<'a, Y>(
    chart: &mut BarChart<'a, Y>,
    reference: Option<(String, f64)>,
    count: i32,
    whisker: bool,
) -> anyhow::Result<()>
where
    Y: Ranged<ValueType = f64>,
{
    let mut legend = false;
    if let Some((text, value)) = reference {
        let line = vec![
            (SegmentValue::Exact(0), value),
            (SegmentValue::Exact(count), value),
        ];
        chart
            .draw_series(std::iter::once(PathElement::new(line, RED.stroke_width(2))))?
            .label(text)
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.stroke_width(2)));
        legend = true;
    }
    if whisker {
        // An empty series whose legend entry says what a whisker is.
        chart
            .draw_series(std::iter::empty::<PathElement<(SegmentValue<i32>, f64)>>())?
            .label("bar: median; whisker: fastest to slowest run")
            .legend(|(x, y)| {
                PathElement::new(
                    vec![(x + 10, y - 6), (x + 10, y + 6)],
                    BLACK.stroke_width(2),
                )
            });
        legend = true;
    }
    if legend {
        draw_legend(chart, SeriesLabelPosition::UpperRight)?;
    }
    Ok(())
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

/// What a sweep chart plots for a row at a point.
type Value<'a> = Box<dyn Fn(usize, &Figure) -> Option<f64> + 'a>;

/// Draws the charts of a sweep: median wall time, peak memory and each derived figure against
/// the level, a line per row, both axes logarithmic, the ideal dashed on the time chart.
pub fn sweep(run: &Run, caption: &str, out: &Path) -> anyhow::Result<()> {
    let points = run.figures();
    let sweep = run
        .experiment
        .sweep
        .as_ref()
        .expect("a sweep's experiment declares its sweep");
    let level = |i: usize| points[i].record.level.unwrap_or(1) as f64;
    let x_desc = format!("{}, log scale", sweep.axis);
    let points = &points;
    let mut charts: Vec<(String, Axis, Value, bool)> = vec![
        (
            "median wall time".into(),
            TIME,
            Box::new(|_, f| Some(f.measurement.median)),
            true,
        ),
        (
            "peak memory".into(),
            MEMORY,
            Box::new(|_, f| Some(f.memory? as f64 / MIB)),
            false,
        ),
    ];
    for derived in run.experiment.derived {
        charts.push(match *derived {
            Derived::Efficiency => continue,
            Derived::CpuTime => (
                "CPU time (user + system)".into(),
                TIME,
                Box::new(|_, f| (f.cpu > 0.0).then_some(f.cpu)),
                false,
            ),
            Derived::Overhead => (
                "overhead: median − ideal".into(),
                TIME,
                Box::new(|i, f| {
                    let over = f.measurement.median - points[i].ideal?;
                    (over > 0.0).then_some(over)
                }),
                false,
            ),
            Derived::MemoryPer { flag, unit } => (
                format!("memory per {unit}"),
                KIB,
                Box::new(move |i, f| {
                    let bytes = run.memory_per(points, &f.row.label(), i, flag)?;
                    (bytes > 0.0).then_some(bytes / 1024.0)
                }),
                false,
            ),
        });
    }
    let rows = run.rows();
    for ((what, axis, value, ideal), (_, file)) in charts.iter().zip(files(run)) {
        let series: Vec<(String, Vec<(f64, f64)>)> = rows
            .iter()
            .map(|row| {
                let label = row.label();
                let found: Vec<(f64, f64)> = (0..points.len())
                    .filter_map(|i| {
                        let figure = points[i].figures.iter().find(|f| f.row.label() == label)?;
                        Some((level(i), value(i, figure)?))
                    })
                    .collect();
                let ran = (0..points.len())
                    .filter(|i| points[*i].figures.iter().any(|f| f.row.label() == label))
                    .count();
                let name = if ran < points.len() {
                    format!("{label} (not run at every level: see the table)")
                } else {
                    label
                };
                (name, found)
            })
            .collect();
        let lines_of: Vec<Line> = rows
            .iter()
            .zip(&series)
            .map(|(row, (name, points))| Line { row, name, points })
            .collect();
        let ideal_line: Vec<(f64, f64)> = (0..points.len())
            .filter_map(|i| Some((level(i), points[i].ideal?)))
            .collect();
        // The time chart carries the caption; the others say what they show, briefly.
        let title = if *ideal {
            caption.to_string()
        } else {
            format!("{}: {what}", run.name())
        };
        lines(
            &lines_of,
            ideal.then_some(ideal_line.as_slice()),
            &x_desc,
            *axis,
            what,
            &title,
            &out.join(file),
        )?;
    }
    Ok(())
}

/// One row's line in a sweep chart.
struct Line<'a> {
    row: &'a Row,
    name: &'a str,
    points: &'a [(f64, f64)],
}

/// Lines on log–log axes, the ideal dashed in black, the legend beside the plot (with ten
/// rows or more, a legend inside the plot would hide the lines).
#[allow(clippy::too_many_arguments)]
fn lines(
    lines: &[Line],
    ideal: Option<&[(f64, f64)]>,
    x_desc: &str,
    axis: Axis,
    y_desc: &str,
    caption: &str,
    path: &Path,
) -> anyhow::Result<()> {
    let all = || {
        lines
            .iter()
            .flat_map(|l| l.points.iter())
            .chain(ideal.into_iter().flatten())
    };
    // A chart with nothing to plot (every figure at or below zero) still draws, empty.
    let (x_low, x_high, low, high) = match all().next() {
        None => (1.0, 10.0, 1.0, 10.0),
        Some(_) => (
            all().map(|p| p.0).fold(f64::MAX, f64::min) / 1.5,
            all().map(|p| p.0).fold(1.0, f64::max) * 1.5,
            all().map(|p| p.1).fold(f64::MAX, f64::min) / 2.0,
            all().map(|p| p.1).fold(0.0, f64::max) * 2.0,
        ),
    };
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(caption, ("sans-serif", caption_font(caption, SIZE.0)))?;
    let (plot, side) = root.split_horizontally(SIZE.0 - LEGEND_WIDTH);
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d((x_low..x_high).log_scale(), (low..high).log_scale())?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .light_line_style(BLACK.mix(0.03))
        .y_desc(format!("{y_desc}, log scale"))
        .x_label_formatter(&|x| log_tick(*x, |x| format!("{x:.0}")))
        .y_label_formatter(&|y| log_tick(*y, axis.format))
        .label_style(("sans-serif", LABEL))
        .draw()?;
    let mut legend: Vec<(String, ShapeStyle, bool)> = Vec::new();
    for line in lines {
        if line.points.is_empty() {
            continue;
        }
        let color = color(line.row);
        let style = color.stroke_width(2);
        let dashed = line.row.variant.is_some();
        if dashed {
            chart.draw_series(DashedLineSeries::new(line.points.to_vec(), 6, 4, style))?;
        } else {
            chart.draw_series(LineSeries::new(line.points.to_vec(), style))?;
        }
        chart.draw_series(
            line.points
                .iter()
                .map(|p| Circle::new(*p, 3, color.filled())),
        )?;
        legend.push((line.name.to_string(), style, dashed));
    }
    if let Some(ideal) = ideal.filter(|i| !i.is_empty()) {
        let style = BLACK.stroke_width(2);
        chart.draw_series(DashedLineSeries::new(ideal.to_vec(), 8, 6, style))?;
        legend.push(("ideal".into(), style, true));
    }
    side_legend(&side, &legend)?;
    root.present()?;
    Ok(())
}

/// A legend drawn in its own area: a line sample and a name per entry, wrapped at the area's
/// width.
fn side_legend(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    entries: &[(String, ShapeStyle, bool)],
) -> anyhow::Result<()> {
    const LINE_HEIGHT: i32 = 20;
    const WRAP: usize = 30;
    let mut y = 30;
    for (name, style, dashed) in entries {
        let sample = if *dashed {
            vec![((0, y), (8, y)), ((12, y), (20, y))]
        } else {
            vec![((0, y), (20, y))]
        };
        for (from, to) in sample {
            area.draw(&PathElement::new(vec![from, to], *style))?;
        }
        let parts = wrap(name, WRAP);
        for (i, part) in parts.iter().enumerate() {
            let at = (28, y - 7 + i as i32 * (LINE_HEIGHT - 4));
            area.draw(&Text::new(
                part.clone(),
                at,
                ("sans-serif", LABEL).into_font(),
            ))?;
        }
        y += LINE_HEIGHT + (parts.len() as i32 - 1) * (LINE_HEIGHT - 4);
    }
    Ok(())
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
