//! `bench compare`'s chart: each row's NEW / OLD wall time with its interval, on a log axis
//! around 1, the noise band shaded.

use super::Compared;
use super::stats::Verdict;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// The chart's width, the room for the rows' names, and the height a row takes, in pixels.
const WIDTH: u32 = 960;
const NAMES: u32 = 240;
const ROW: u32 = 20;
/// Font sizes: the caption and the labels.
const CAPTION: u32 = 20;
const LABEL: u32 = 13;

/// Draws `experiment`'s chart into `path`.
pub fn draw(experiment: &Compared, band: f64, path: &Path) -> anyhow::Result<()> {
    let rows = &experiment.rows;
    let count = rows.len() as f64;
    let height = 110 + ROW * rows.len() as u32;
    let widest = rows.iter().map(|r| r.bands.wall).fold(band, f64::max);
    let ends = rows.iter().flat_map(|r| [r.wall.low, r.wall.high]);
    let (low, high) = ends.fold((1.0 / (1.0 + widest), 1.0 + widest), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    let (low, high) = (low / 1.15, high * 1.15);
    let root = SVGBackend::new(path, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let caption = format!(
        "{}: wall time, NEW / OLD (dot: ratio of medians; line: its interval; grey: its level's band)",
        experiment.experiment.name
    );
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", CAPTION))
        .margin(12)
        .margin_right(36)
        .x_label_area_size(44)
        .y_label_area_size(NAMES)
        .build_cartesian_2d((low..high).log_scale(), -0.5..count - 0.5)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_desc("NEW / OLD, log scale (below 1: NEW faster)")
        .x_label_formatter(&|x| format!("{x:.2}"))
        .label_style(("sans-serif", LABEL))
        .draw()?;
    // Each row's own band (its level's), shaded behind its interval.
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        let (low, high) = (1.0 / (1.0 + r.bands.wall), 1.0 + r.bands.wall);
        let y = count - 1.0 - i as f64;
        Rectangle::new(
            [(low, y - 0.45), (high, y + 0.45)],
            BLACK.mix(0.08).filled(),
        )
    }))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(1.0, -0.5), (1.0, count - 0.5)],
        BLACK.stroke_width(1),
    )))?;
    // The first row at the top.
    let y = |i: usize| count - 1.0 - i as f64;
    let color = |verdict: Verdict| match verdict {
        Verdict::Same => RGBColor(90, 90, 90),
        Verdict::More => RGBColor(200, 40, 40),
        Verdict::Less => RGBColor(30, 120, 60),
    };
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        let c = color(r.wall_verdict());
        PathElement::new(
            vec![(r.wall.low, y(i)), (r.wall.high, y(i))],
            c.stroke_width(2),
        )
    }))?;
    chart.draw_series(
        rows.iter()
            .enumerate()
            .map(|(i, r)| Circle::new((r.wall.value, y(i)), 4, color(r.wall_verdict()).filled())),
    )?;
    let style =
        TextStyle::from(("sans-serif", LABEL).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    for (i, r) in rows.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(low, y(i)));
        let name = match r.level {
            Some(level) => format!("{level} · {}", r.row),
            None => r.row.clone(),
        };
        root.draw(&Text::new(name, (px - 8, py), style.clone()))?;
    }
    root.present()?;
    Ok(())
}
