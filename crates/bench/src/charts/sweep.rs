//! The charts of a sweep: a line per row against the level.

use super::*;
use crate::figures::PointFigures;

/// What a sweep chart plots for a row at a point: any value, drawn where it is above zero.
type Value<'a> = Box<dyn Fn(usize, &Figure) -> Option<f64> + 'a>;

/// One chart of a sweep.
struct Chart<'a> {
    /// What it shows.
    what: String,
    axis: Axis,
    value: Value<'a>,
    /// Whether the ideal is drawn on it (the time chart).
    ideal: bool,
    /// Whether it shows memory, where a process tree's sum is marked ¹.
    memory: bool,
}

/// Draws the charts of a sweep: median wall time, peak memory and each derived figure against
/// the level, a line per row, both axes logarithmic, the ideal dashed on the time chart. A
/// value a log axis cannot show (zero or below) is listed under the legend, not dropped.
pub fn sweep(run: &Run, caption: &str, out: &Path) -> anyhow::Result<()> {
    let points = run.figures();
    let sweep = run
        .experiment
        .sweep
        .as_ref()
        .expect("a sweep's experiment declares its sweep");
    let level = |i: usize| points[i].record.level.unwrap_or(1) as f64;
    let levels: Vec<f64> = (0..points.len()).map(level).collect();
    let x_desc = format!("{}, log scale", sweep.axis);
    let points = &points;
    let charts = charts_of(run, points);
    let rows = run.rows();
    let stamp = stamp(run);
    for (chart, (_, file)) in charts.iter().zip(files(run)) {
        let mut not_drawn: Vec<String> = Vec::new();
        let series: Vec<(String, Vec<(f64, f64)>)> = rows
            .iter()
            .map(|row| {
                let label = row.label();
                let mut found: Vec<(f64, f64)> = Vec::new();
                for (i, point) in points.iter().enumerate() {
                    let Some(figure) = point.figures.iter().find(|f| f.row.label() == label) else {
                        continue;
                    };
                    match (chart.value)(i, figure) {
                        Some(v) if v > 0.0 => found.push((level(i), v)),
                        Some(v) => not_drawn.push(format!(
                            "{label} {}: {}",
                            run.experiment.level_name(point.record.level),
                            (chart.axis.format)(v)
                        )),
                        None => {}
                    }
                }
                let summed = chart.memory
                    && points
                        .iter()
                        .flat_map(|p| &p.figures)
                        .any(|f| f.row.label() == label && f.summed);
                let mark = if summed { " ¹" } else { "" };
                (
                    format!("{label}{mark}{}", levels_note(run, points, &label)),
                    found,
                )
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
        let title = if chart.ideal {
            caption.to_string()
        } else {
            format!("{}: {}", run.name(), chart.what)
        };
        let mut notes = Vec::new();
        if series.iter().any(|(name, _)| name.contains(" ¹")) {
            notes.push(SUMMED.to_string());
        }
        if !not_drawn.is_empty() {
            notes.push(not_drawn_note(&not_drawn));
        }
        lines(
            &Plot {
                lines: &lines_of,
                ideal: chart.ideal.then_some(ideal_line.as_slice()),
                levels: &levels,
                x_desc: &x_desc,
                axis: chart.axis,
                y_desc: &chart.what,
                notes: &notes,
            },
            (&title, &stamp),
            &out.join(file),
        )?;
    }
    Ok(())
}

/// At most this many values a chart cannot draw are named under its legend; the table has
/// every one.
const NOT_DRAWN: usize = 12;

/// The note under a chart's legend for the values it cannot draw.
fn not_drawn_note(values: &[String]) -> String {
    let named = values.iter().take(NOT_DRAWN).cloned().collect::<Vec<_>>();
    let more = values.len().saturating_sub(NOT_DRAWN);
    let more = if more > 0 {
        format!("; {more} more in the table")
    } else {
        String::new()
    };
    format!(
        "Not drawn (zero or below, which a log axis cannot show): {}{more}.",
        named.join("; ")
    )
}

/// The levels a row was not run at, for its legend entry: ` (C = 1 only)`, ` (not at
/// C = 1, 10000)`, or nothing when it ran at every level.
fn levels_note(run: &Run, points: &[PointFigures], label: &str) -> String {
    let ran = |p: &PointFigures| p.figures.iter().any(|f| f.row.label() == label);
    let name = |levels: Vec<Option<u64>>| {
        let values: Vec<String> = levels
            .iter()
            .skip(1)
            .flatten()
            .map(u64::to_string)
            .collect();
        let first = run.experiment.level_name(levels[0]);
        std::iter::once(first)
            .chain(values)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (ran_at, not_at): (Vec<_>, Vec<_>) = points.iter().partition(|p| ran(p));
    let levels = |ps: Vec<&PointFigures>| ps.iter().map(|p| p.record.level).collect::<Vec<_>>();
    match (ran_at.len(), not_at.len()) {
        (_, 0) | (0, _) => String::new(),
        // Whichever list is shorter.
        (ran, not) if ran <= not => format!(" ({} only)", name(levels(ran_at))),
        _ => format!(" (not at {})", name(levels(not_at))),
    }
}

/// The charts a sweep draws: what each shows, its axis, its value for a row at a point, and
/// whether the ideal is drawn on it (the time chart).
fn charts_of<'a>(run: &'a Run, points: &'a [PointFigures<'a>]) -> Vec<Chart<'a>> {
    let mut charts: Vec<Chart<'a>> = vec![
        Chart {
            what: "median wall time".into(),
            axis: TIME,
            value: Box::new(|_, f| Some(f.measurement.median)),
            ideal: true,
            memory: false,
        },
        Chart {
            what: "peak memory".into(),
            axis: MEMORY,
            value: Box::new(|_, f| Some(f.memory? as f64 / MIB)),
            ideal: false,
            memory: true,
        },
    ];
    for derived in run.experiment.derived {
        charts.push(match *derived {
            Derived::Efficiency => continue,
            Derived::CpuTime => Chart {
                what: "CPU time (user + system)".into(),
                axis: TIME,
                value: Box::new(|_, f| Some(f.cpu)),
                ideal: false,
                memory: false,
            },
            Derived::Overhead => Chart {
                what: "overhead: median − ideal".into(),
                axis: TIME,
                value: Box::new(|i, f| Some(f.measurement.median - points[i].ideal?)),
                ideal: false,
                memory: false,
            },
            Derived::MemoryPer { flag, unit } => Chart {
                what: format!("memory per {unit}"),
                axis: KIB,
                value: Box::new(move |i, f| {
                    let bytes = run.memory_per(points, &f.row.label(), i, flag)?;
                    Some(bytes / 1024.0)
                }),
                ideal: false,
                memory: true,
            },
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

/// What a sweep chart plots: its lines, the ideal, the levels (the x axis's ticks), its axes,
/// and the notes under its legend.
struct Plot<'a> {
    lines: &'a [Line<'a>],
    ideal: Option<&'a [(f64, f64)]>,
    levels: &'a [f64],
    x_desc: &'a str,
    axis: Axis,
    y_desc: &'a str,
    notes: &'a [String],
}

/// Lines on log–log axes, the ideal dashed in black, the legend beside the plot (with ten
/// rows or more, a legend inside the plot would hide the lines), the levels as the x axis's
/// ticks.
fn lines(plot: &Plot, (caption, stamp): (&str, &str), path: &Path) -> anyhow::Result<()> {
    let all = || {
        (plot.lines.iter())
            .flat_map(|l| l.points.iter())
            .chain(plot.ideal.into_iter().flatten())
    };
    let x_low = plot.levels.iter().copied().fold(f64::MAX, f64::min);
    let x_high = plot.levels.iter().copied().fold(1.0, f64::max);
    // A chart with nothing to plot (every figure at or below zero) still draws, empty.
    let (low, high) = match all().next() {
        None => (1.0, 10.0),
        Some(_) => (
            all().map(|p| p.1).fold(f64::MAX, f64::min),
            all().map(|p| p.1).fold(0.0, f64::max),
        ),
    };
    let ticks = log_ticks(low, high);
    let (bottom, top) = (ticks[0] / 1.15, ticks[ticks.len() - 1] * 1.15);
    let base = SVGBackend::new(path, SIZE).into_drawing_area();
    base.fill(&WHITE)?;
    let root = base.titled(caption, ("sans-serif", caption_font(caption, SIZE.0)))?;
    let (area, side) = root.split_horizontally(SIZE.0 - LEGEND_WIDTH);
    let mut chart = ChartBuilder::on(&area)
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d(
            (x_low / 1.5..x_high * 1.5).log_scale(),
            (bottom..top).log_scale(),
        )?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_label_formatter(&|_| String::new())
        .y_label_formatter(&|_| String::new())
        .set_all_tick_mark_size(0)
        .x_desc(plot.x_desc)
        .y_desc(format!("{}, log scale", plot.y_desc))
        .label_style(("sans-serif", LABEL))
        .draw()?;
    draw_y_ticks(&base, &chart, x_low, &labelled(&ticks, plot.axis.format))?;
    draw_x_ticks(&base, &chart, plot.levels, bottom)?;
    let mut legend: Vec<(String, ShapeStyle, bool)> = Vec::new();
    for line in plot.lines {
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
    if let Some(ideal) = plot.ideal.filter(|i| !i.is_empty()) {
        let style = BLACK.stroke_width(2);
        chart.draw_series(DashedLineSeries::new(ideal.to_vec(), 8, 6, style))?;
        legend.push(("ideal".into(), style, true));
    }
    side_legend(&side, &legend, plot.notes)?;
    draw_stamp(&base, stamp)?;
    // The file is written here, all at once: a full disk fails here, named.
    anyhow::Context::with_context(base.present(), || {
        format!("cannot write {}", path.display())
    })?;
    Ok(())
}

/// The x axis's ticks: a grid line and a label at each level.
fn draw_x_ticks<'a, Y>(
    root: &DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
    chart: &ChartContext<'a, SVGBackend<'a>, Cartesian2d<LogCoord<f64>, Y>>,
    levels: &[f64],
    bottom: f64,
) -> anyhow::Result<()>
where
    Y: Ranged<ValueType = f64>,
{
    let (_, ys) = chart.plotting_area().get_pixel_range();
    let style =
        TextStyle::from(("sans-serif", LABEL).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    for level in levels {
        let (x, _) = chart.backend_coord(&(*level, bottom));
        root.draw(&PathElement::new(
            vec![(x, ys.start), (x, ys.end)],
            BLACK.mix(0.2),
        ))?;
        root.draw(&PathElement::new(vec![(x, ys.end), (x, ys.end + 5)], BLACK))?;
        root.draw(&Text::new(
            format!("{level:.0}"),
            (x, ys.end + 8),
            style.clone(),
        ))?;
    }
    Ok(())
}

/// A legend drawn in its own area: a line sample and a name per entry, wrapped at the area's
/// width; then the chart's notes (¹, the values it cannot draw).
fn side_legend(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    entries: &[(String, ShapeStyle, bool)],
    notes: &[String],
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
    for note in notes {
        y += 6;
        for part in wrap(note, WRAP + 4) {
            area.draw(&Text::new(part, (0, y - 7), ("sans-serif", 12).into_font()))?;
            y += LINE_HEIGHT - 5;
        }
    }
    Ok(())
}
