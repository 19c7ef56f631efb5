//! The charts of a sweep: a line per row against the level.

use super::*;
use crate::figures::PointFigures;

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
    let charts = charts_of(run, points);
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

/// The charts a sweep draws: what each shows, its axis, its value for a row at a point, and
/// whether the ideal is drawn on it (the time chart).
fn charts_of<'a>(
    run: &'a Run,
    points: &'a [PointFigures<'a>],
) -> Vec<(String, Axis, Value<'a>, bool)> {
    let mut charts: Vec<(String, Axis, Value<'a>, bool)> = vec![
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
    charts
}

/// One row's line in a sweep chart.
struct Line<'a> {
    row: &'a Row,
    name: &'a str,
    points: &'a [(f64, f64)],
}

/// Lines on log–log axes, the ideal dashed in black, the legend beside the plot (with ten
/// rows or more, a legend inside the plot would hide the lines).
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
