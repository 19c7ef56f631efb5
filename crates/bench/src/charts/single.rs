//! The chart of a single run: a bar per row.

use super::*;

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
            summed: false,
        })
        .collect();
    let ideal = point
        .ideal
        .map(|i| (format!("ideal: {}", seconds_signed(i)), i));
    let stamp = stamp(run);
    bars(
        &times,
        ideal,
        TIME,
        (caption, &stamp),
        &out.join(format!("{}.svg", run.name())),
    )?;
    let memory: Vec<Bar> = figures
        .iter()
        .filter_map(|f| {
            Some(Bar {
                figure: f,
                value: f.memory? as f64 / MIB,
                range: None,
                summed: f.summed,
            })
        })
        .collect();
    let memory_caption = format!("{caption}: peak memory");
    bars(
        &memory,
        None,
        MEMORY,
        (&memory_caption, &stamp),
        &out.join(format!("{}-memory.svg", run.name())),
    )
}

/// One bar: a row's value, its range where there is one, and whether it is a process tree's
/// sum (marked ¹).
struct Bar<'a> {
    figure: &'a Figure<'a>,
    value: f64,
    range: Option<(f64, f64)>,
    summed: bool,
}

/// A bar per row, a whisker for the range, a reference line; the caption on top, the stamp
/// (which run) in the corner.
fn bars(
    bars: &[Bar],
    reference: Option<(String, f64)>,
    axis: Axis,
    (caption, stamp): (&str, &str),
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
    let marks = Marks {
        whisker: bars.iter().any(|b| b.range.is_some()),
        summed: bars.iter().any(|b| b.summed),
    };
    // Headroom above the tallest bar keeps its value clear of the legend in the corner.
    if low > 0.0 && high / low > LOG_SPREAD {
        let ticks = log_ticks(low, high);
        let (bottom, top) = (ticks[0] / 1.15, high * 5.0);
        let mut chart = builder.build_cartesian_2d(slots, (bottom..top).log_scale())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_y_mesh()
            .x_labels(bars.len())
            .x_label_formatter(&no_label)
            .y_labels(0)
            .y_label_formatter(&|_| String::new())
            .y_desc(format!("{}, log scale", axis.desc))
            .label_style(("sans-serif", LABEL))
            .draw()?;
        let ticks = labelled(&ticks, axis.format);
        draw_y_ticks(&root, &chart, SegmentValue::Exact(0), &ticks)?;
        draw_bars(&mut chart, bars, bottom, 1.15, axis)?;
        draw_reference(&mut chart, reference, count, marks)?;
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
        draw_reference(&mut chart, reference, count, marks)?;
        draw_names(&root, &chart, bars, bottom)?;
    }
    draw_stamp(&root, stamp)?;
    // The file is written here, all at once: a full disk fails here, named.
    anyhow::Context::with_context(root.present(), || {
        format!("cannot write {}", path.display())
    })?;
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
        let mark = if b.summed { " ¹" } else { "" };
        Text::new(format!("{}{mark}", (axis.format)(b.value)), at, style)
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

/// The marks a bar chart's legend explains, where it has them.
#[derive(Clone, Copy)]
struct Marks {
    /// The whiskers (fastest to slowest run).
    whisker: bool,
    /// ¹, a process tree's sum.
    summed: bool,
}

/// The reference line (the ideal), and the legend saying what the marks are.
fn draw_reference<'a, Y>(
    chart: &mut BarChart<'a, Y>,
    reference: Option<(String, f64)>,
    count: i32,
    marks: Marks,
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
    if marks.whisker {
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
    if marks.summed {
        // No sample: the mark is on the bars' values.
        chart
            .draw_series(std::iter::empty::<PathElement<(SegmentValue<i32>, f64)>>())?
            .label(SUMMED.trim_start_matches("¹ "))
            .legend(|(x, y)| Text::new("¹", (x + 6, y - 8), ("sans-serif", LABEL).into_font()));
        legend = true;
    }
    if legend {
        draw_legend(chart, SeriesLabelPosition::UpperRight)?;
    }
    Ok(())
}
