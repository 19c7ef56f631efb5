//! The SVG charts, drawn with plotters' SVG backend (text is left to the viewer's fonts, so no
//! font library is needed to draw them).

use crate::hyperfine::Measurement;
use crate::raw::{MODELS, Workload, model_of};
use crate::tables::{Kind, ideal, seconds};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use std::path::Path;

/// The size of every chart, in pixels.
const SIZE: (u32, u32) = (960, 540);
/// A colour per model, in [`MODELS`] order: distinct from each other and from the ideal's black.
const COLORS: [RGBColor; 9] = [
    RGBColor(214, 39, 40),
    RGBColor(31, 119, 180),
    RGBColor(23, 190, 207),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(140, 86, 75),
    RGBColor(127, 127, 127),
    RGBColor(227, 119, 194),
];
/// Font sizes: the caption, and the labels.
const CAPTION: u32 = 22;
const LABEL: u32 = 14;

/// A bar per model: the median, a whisker from the fastest run to the slowest, and the ideal as
/// a red line. The time axis is logarithmic: the models differ by orders of magnitude.
pub fn bars(workload: &Workload, caption: &str, path: &Path) -> anyhow::Result<()> {
    let ms = &workload.measurements;
    let ideal = ideal(workload, &ms[0])?;
    let low = ms.iter().map(|m| m.min).fold(ideal, f64::min) / 2.0;
    let high = ms.iter().map(|m| m.max).fold(ideal, f64::max) * 2.0;
    let count = ms.len() as i32;

    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", CAPTION))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d((0..count).into_segmented(), (low..high).log_scale())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(ms.len())
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) => ms
                .get(*i as usize)
                .map_or(String::new(), |m| model_of(&m.command).to_string()),
            _ => String::new(),
        })
        .y_desc("wall time, log scale")
        .y_label_formatter(&|y| seconds(*y))
        .label_style(("sans-serif", LABEL))
        .draw()?;

    chart.draw_series(ms.iter().enumerate().map(|(i, m)| {
        let i = i as i32;
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), low),
                (SegmentValue::Exact(i + 1), m.median),
            ],
            BLUE.mix(0.5).filled(),
        );
        bar.set_margin(0, 0, 12, 12);
        bar
    }))?;
    chart.draw_series(ms.iter().enumerate().map(|(i, m)| {
        let x = SegmentValue::CenterOf(i as i32);
        PathElement::new(vec![(x.clone(), m.min), (x, m.max)], BLACK.stroke_width(2))
    }))?;
    chart.draw_series(ms.iter().enumerate().map(|(i, m)| {
        let at = (SegmentValue::CenterOf(i as i32), m.max * 1.15);
        Text::new(seconds(m.median), at, ("sans-serif", LABEL).into_font())
    }))?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![
                (SegmentValue::Exact(0), ideal),
                (SegmentValue::Exact(count), ideal),
            ],
            RED.stroke_width(2),
        )))?
        .label(format!("ideal: {}", seconds(ideal)))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.stroke_width(2)));
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    root.present()?;
    Ok(())
}

/// Median wall time against the sweep's level, one line per model, both axes logarithmic,
/// with the ideal as a dashed black line.
pub fn scaling(workload: &Workload, caption: &str, path: &Path) -> anyhow::Result<()> {
    let ms = &workload.measurements;
    let x_desc = match Kind::of(workload)? {
        Kind::DownloadScaling => "concurrency C (requests in flight), log scale",
        _ => "count (jobs of fib(n)), log scale",
    };
    let level = |m: &Measurement| workload.level(m).map(|l| l as f64);
    let mut ideals: Vec<(f64, f64)> = Vec::new();
    for m in ms {
        if let Some(x) = level(m) {
            if !ideals.iter().any(|(seen, _)| *seen == x) {
                ideals.push((x, ideal(workload, m)?));
            }
        }
    }
    ideals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let levels = || ideals.iter().map(|p| p.0);
    let (x_low, x_high) = (
        levels().fold(f64::MAX, f64::min) / 1.5,
        levels().fold(1.0, f64::max) * 1.5,
    );
    let times = || {
        ms.iter()
            .map(|m| m.median)
            .chain(ideals.iter().map(|p| p.1))
    };
    let low = times().fold(f64::MAX, f64::min) / 2.0;
    let high = times().fold(0.0, f64::max) * 2.0;

    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", CAPTION))
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d((x_low..x_high).log_scale(), (low..high).log_scale())?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .light_line_style(BLACK.mix(0.03))
        .y_desc("median wall time, log scale")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| seconds(*y))
        .label_style(("sans-serif", LABEL))
        .draw()?;
    for (i, model) in MODELS.iter().enumerate() {
        let points: Vec<(f64, f64)> = ms
            .iter()
            .filter(|m| model_of(&m.command) == *model)
            .filter_map(|m| Some((level(m)?, m.median)))
            .collect();
        if points.is_empty() {
            continue;
        }
        let color = COLORS[i % COLORS.len()];
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(*model)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 3, color.filled())),
        )?;
    }
    chart
        .draw_series(DashedLineSeries::new(ideals, 8, 6, BLACK.stroke_width(2)))?
        .label("ideal")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    root.present()?;
    Ok(())
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
