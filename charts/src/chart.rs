//! Every chart of the page, drawn by the `plotters` library from a [`ChartSpec`]: lines
//! (the learning curves), scatter points (the sweep's seeds), histograms (side by side's
//! weights) and labelled bars (per-digit accuracy, likes and dislikes, the pad's answer).
//!
//! Pure: [`draw`] takes any plotters `DrawingBackend` whose units are CSS pixels and which
//! measures its own text. The page's is `web::canvas` (a canvas 2d context at any
//! devicePixelRatio, on screen or for an export); the tests record what is drawn. This module
//! only picks ranges, ticks, label formats, colours and the legend row; plotters lays out the
//! axes and draws.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use crate::palette;

/// Font size of every chart label, in CSS pixels.
pub const FONT_PX: f64 = 12.0;
/// The font family of every chart label (a CSS font family list).
pub const FONT_FAMILY: &str = "system-ui, sans-serif";
/// Height of a line of text (title, legend row, tick labels), in CSS pixels.
const LINE_PX: i32 = 18;
/// Length of the coloured line in front of a legend entry, in CSS pixels.
const SWATCH_PX: i32 = 14;
/// Gap between a swatch and its name, and between text and what it labels, in CSS pixels.
const GAP_PX: i32 = 6;
/// Padding around the whole chart, in CSS pixels.
const PAD_PX: i32 = 6;
/// Length of a tick mark outside the plot, in CSS pixels.
const TICK_PX: i32 = 4;
/// Radius of a point marker, CSS pixels.
const MARKER_PX: i32 = 3;
/// Width of a series line, CSS pixels.
const SERIES_LINE_PX: u32 = 2;

/// How tick labels on an axis are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum YFormat {
    /// Plain numbers with as many decimals as the tick step needs: `0.5`, `1.0`, `1.5`.
    #[default]
    Number,
    /// Fractions shown as percentages: `0.95` is written `95%`.
    Percent,
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mark {
    /// A line through the points, with a dot on each when they are not crowded.
    #[default]
    Line,
    /// A dot on each point, no line (a scatter plot).
    Points,
    /// A histogram's outline: each point is the centre and height of a bin.
    Steps,
}

/// One series on a chart. JSON: `{name, color, points: [[x, y], ...], mark?}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    /// Legend text.
    #[serde(default)]
    pub name: String,
    /// A palette role (`"test"`) or `#rrggbb`; empty picks one of [`palette::SERIES`].
    #[serde(default)]
    pub color: String,
    /// `(x, y)` points in drawing order. A point with a non-finite coordinate breaks the line.
    #[serde(default)]
    pub points: Vec<[f64; 2]>,
    /// Line, points or histogram steps.
    #[serde(default)]
    pub mark: Mark,
}

/// A bar chart: one bar per value, left to right. JSON: `{values, labels?, signed?,
/// highlight?, max?, min?}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bars {
    /// Bar heights; a non-finite one is drawn as 0.
    pub values: Vec<f64>,
    /// One label per bar, written under it when there is room.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Positive bars go up in the `likes` colour, negative ones down in `dislikes`; otherwise
    /// `bar`-coloured bars go up from 0.
    #[serde(default)]
    pub signed: bool,
    /// The bar drawn in the `chosen` colour.
    #[serde(default)]
    pub highlight: Option<usize>,
    /// The value at full height; the largest |value| (at least a tiny positive) when absent.
    #[serde(default)]
    pub max: Option<f64>,
    /// Unsigned bars only: the value at the foot of the axis, for values that differ little
    /// (accuracies of 89 to 99% on a 0-100% axis all look full); 0 when absent. A bar below
    /// it is not drawn.
    #[serde(default)]
    pub min: Option<f64>,
}

/// What `drawChart` is asked to draw. JSON: `{title?, xLabel, yLabel, series, bars?, yMin?,
/// yMax?, xMin?, xMax?, xWhole?, yFormat?: "percent" | "number", description?}`; missing labels are empty. With
/// `bars`, it is a bar chart and `series` and the x bounds are ignored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartSpec {
    /// Drawn above the plot, left-aligned.
    #[serde(default)]
    pub title: Option<String>,
    /// What the chart shows, read aloud: `drawChart` makes it the canvas's `aria-label` when the
    /// chart is the whole canvas.
    #[serde(default)]
    pub description: Option<String>,
    /// Drawn under the x tick labels.
    #[serde(default)]
    pub x_label: String,
    /// Drawn rotated left of the y tick labels.
    #[serde(default)]
    pub y_label: String,
    /// The lines, points or histograms; a legend row is drawn when there is more than one.
    #[serde(default)]
    pub series: Vec<Series>,
    /// Makes this a bar chart.
    #[serde(default)]
    pub bars: Option<Bars>,
    /// Fixed lower end of the x axis; from the data when absent.
    #[serde(default)]
    pub x_min: Option<f64>,
    /// Fixed upper end of the x axis; from the data when absent.
    #[serde(default)]
    pub x_max: Option<f64>,
    /// Fixed lower end of the y axis; from the data when absent.
    #[serde(default)]
    pub y_min: Option<f64>,
    /// Fixed upper end of the y axis; from the data when absent.
    #[serde(default)]
    pub y_max: Option<f64>,
    /// How y tick labels are written.
    #[serde(default)]
    pub y_format: YFormat,
    /// Ticks on the x axis only at whole numbers (epochs, neurons): no `0.5` epochs.
    #[serde(default)]
    pub x_whole: bool,
}

impl ChartSpec {
    /// The colour series `i` is drawn in: its own, or one of [`palette::SERIES`].
    pub fn color(&self, i: usize) -> RGBColor {
        let (r, g, b) = self
            .series
            .get(i)
            .and_then(|s| palette::rgb(&s.color))
            .unwrap_or_else(|| palette::series(i));
        RGBColor(r, g, b)
    }
}

/// Why a chart cannot be drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartError {
    /// A fixed bound is NaN or infinite.
    NotFinite {
        /// JSON name of the bound: `"xMin"`, `"xMax"`, `"yMin"` or `"yMax"`.
        field: &'static str,
        /// The value given.
        value: f64,
    },
    /// Both ends of an axis are fixed and the lower is not below the upper.
    EmptyRange {
        /// `"x"` or `"y"`.
        axis: &'static str,
        /// The fixed lower end.
        min: f64,
        /// The fixed upper end.
        max: f64,
    },
    /// The backend failed (the canvas refused a call).
    Backend(String),
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChartError::NotFinite { field, value } => {
                write!(f, "chart {field} must be a finite number, not {value}")
            }
            ChartError::EmptyRange { axis, min, max } => write!(
                f,
                "chart {axis} axis is empty: {axis}Min ({min}) must be below {axis}Max ({max})"
            ),
            ChartError::Backend(why) => write!(f, "the chart could not be drawn: {why}"),
        }
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Backend(e.to_string())
    }
}

/// One axis: its range and the step between its ticks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axis {
    /// Value at the left (x) or bottom (y) of the plot.
    pub min: f64,
    /// Value at the right (x) or top (y) of the plot; always above `min`.
    pub max: f64,
    /// About how many tick intervals it gets.
    pub count: usize,
}

impl Axis {
    /// An axis over `values` (non-finite ones ignored) with about `count` intervals.
    ///
    /// Fixed ends are kept exactly; free ends come from the data and are widened to the next
    /// tick. With no data the range is 0..1 (or one unit beside a fixed end); a single value `v`
    /// gets `v ± 5%` (`±1` at zero) so it sits mid-plot.
    ///
    /// # Errors
    /// [`ChartError::NotFinite`] for a fixed end that is not finite, [`ChartError::EmptyRange`]
    /// when both ends are fixed and `min >= max`.
    pub fn new(
        axis: &'static str,
        values: impl IntoIterator<Item = f64>,
        fixed_min: Option<f64>,
        fixed_max: Option<f64>,
        count: usize,
    ) -> Result<Axis, ChartError> {
        for (end, value) in [("Min", fixed_min), ("Max", fixed_max)] {
            if let Some(value) = value.filter(|v| !v.is_finite()) {
                let field = match (axis, end) {
                    ("x", "Min") => "xMin",
                    ("x", _) => "xMax",
                    (_, "Min") => "yMin",
                    _ => "yMax",
                };
                return Err(ChartError::NotFinite { field, value });
            }
        }
        if let (Some(min), Some(max)) = (fixed_min, fixed_max) {
            if min >= max {
                return Err(ChartError::EmptyRange { axis, min, max });
            }
        }
        let data = values.into_iter().filter(|v| v.is_finite()).fold(
            None,
            |range: Option<(f64, f64)>, v| match range {
                None => Some((v, v)),
                Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            },
        );
        let (mut lo, mut hi) = match (data, fixed_min, fixed_max) {
            (_, Some(min), Some(max)) => (min, max),
            (Some((lo, hi)), min, max) => (min.unwrap_or(lo), max.unwrap_or(hi)),
            (None, Some(min), None) => (min, min + 1.0),
            (None, None, Some(max)) => (max - 1.0, max),
            (None, None, None) => (0.0, 1.0),
        };
        if hi <= lo {
            // One value, or data entirely on the wrong side of a fixed end.
            match (fixed_min, fixed_max) {
                (Some(_), _) => hi = lo + 2.0 * pad(lo),
                (None, Some(_)) => lo = hi - 2.0 * pad(hi),
                (None, None) => {
                    let d = pad(lo);
                    lo -= d;
                    hi += d;
                }
            }
        }
        // Free ends widen to the tick step plotters picks for the range; widening can change
        // the step, and a few rounds settle it.
        for _ in 0..3 {
            let step = step(&ticks(lo, hi, count));
            let (was_lo, was_hi) = (lo, hi);
            // k steps, rounded to the step's decimals: 91 * 0.01 is 0.91, not 0.9100000000000001.
            let scale = libm::pow(10.0, decimals(step) as f64);
            let snap = |k: f64| libm::round(k * step * scale) / scale;
            if fixed_min.is_none() {
                lo = snap(libm::floor(lo / step + 1e-9));
            }
            if fixed_max.is_none() {
                hi = snap(libm::ceil(hi / step - 1e-9));
            }
            if (lo, hi) == (was_lo, was_hi) {
                break;
            }
        }
        Ok(Axis {
            min: lo,
            max: hi,
            count,
        })
    }

    /// The tick values plotters draws on this axis.
    pub fn ticks(&self) -> Vec<f64> {
        ticks(self.min, self.max, self.count)
    }

    /// The label of tick value `v`, with the decimals the ticks' step needs.
    pub fn label(&self, v: f64, format: YFormat) -> String {
        format_tick(v, step(&self.ticks()), format)
    }
}

/// plotters' tick values for `lo..hi` with at most `count + 1` ticks.
fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    RangedCoordf64::from(lo..hi).key_points(count.max(1) + 1)
}

/// The distance between neighbouring ticks (1 when there are fewer than two).
fn step(ticks: &[f64]) -> f64 {
    match ticks {
        [a, b, ..] if b > a => b - a,
        _ => 1.0,
    }
}

/// Half the room a lone value gets on each side.
fn pad(v: f64) -> f64 {
    if v == 0.0 {
        1.0
    } else {
        v.abs() * 0.05
    }
}

/// A tick label: `v` with the decimals ticks `step` apart need; [`YFormat::Percent`] writes
/// fractions as percentages (`0.25` -> `25%`, step 0.005 -> `25.5%`). Negative values take a
/// true minus sign (`−0.5`, as the page writes them); never `-0`.
pub fn format_tick(v: f64, step: f64, format: YFormat) -> String {
    match format {
        YFormat::Number => fixed(v, decimals(step)),
        YFormat::Percent => format!("{}%", fixed(v * 100.0, decimals(step * 100.0))),
    }
}

/// The fewest decimals (up to 6) that write multiples of `step` exactly.
fn decimals(step: f64) -> usize {
    let step = step.abs();
    (0..6)
        .find(|&d| {
            let scaled = step * libm::pow(10.0, d as f64);
            (scaled - libm::round(scaled)).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6)
}

fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    match s.strip_prefix('-') {
        // "-0.0" and friends: a value that rounds to zero is written without a sign.
        Some(digits) if digits.bytes().all(|b| matches!(b, b'0' | b'.')) => digits.to_string(),
        Some(digits) => format!("\u{2212}{digits}"),
        None => s,
    }
}

/// About one tick interval per `spacing` pixels, between 2 and 10.
fn ticks_for(length: i32, spacing: i32) -> usize {
    usize::try_from((length / spacing).clamp(2, 10)).unwrap_or(2)
}

fn color(role: &str) -> RGBColor {
    let (r, g, b) = palette::rgb(role).unwrap_or((0, 0, 0));
    RGBColor(r, g, b)
}

fn font(size: f64, style: FontStyle) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style)
}

fn text_style(anchor: (HPos, VPos), color: RGBColor) -> TextStyle<'static> {
    font(FONT_PX, FontStyle::Normal)
        .color(&color)
        .pos(Pos::new(anchor.0, anchor.1))
}

/// The width in pixels of `text` in the chart font, as the backend measures it.
fn text_width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str) -> i32 {
    let style = font(FONT_PX, FontStyle::Normal).into_text_style(area);
    area.estimate_text_size(text, &style)
        .map_or(7 * text.chars().count() as i32, |(w, _)| {
            i32::try_from(w).unwrap_or(i32::MAX)
        })
}

/// Draws `spec` on `backend`, whose size is the chart's size in CSS pixels: paper background,
/// title, legend row(s), axes with ticks and labels, then the series or the bars.
///
/// # Errors
/// A fixed bound that is not finite, an axis whose fixed ends are empty (`min >= max`), or a
/// backend failure.
pub fn draw<DB: DrawingBackend>(backend: DB, spec: &ChartSpec) -> Result<(), ChartError> {
    let root = backend.into_drawing_area();
    root.fill(&color("paper"))?;
    let root = root.margin(PAD_PX, PAD_PX, PAD_PX, PAD_PX);
    let (width, _) = root.dim_in_pixel();
    let width = i32::try_from(width).unwrap_or(i32::MAX);
    let ink = color("ink");

    let mut body = root.clone();
    if let Some(title) = spec.title.as_deref().filter(|t| !t.is_empty()) {
        let (top, rest) = body.split_vertically(LINE_PX);
        let bold = font(FONT_PX, FontStyle::Bold)
            .color(&ink)
            .pos(Pos::new(HPos::Left, VPos::Center));
        top.draw_text(title, &bold, (0, LINE_PX / 2))?;
        body = rest;
    }
    if spec.bars.is_none() && spec.series.len() > 1 {
        let rows = legend_rows(&root, spec, width);
        let (top, rest) = body.split_vertically(LINE_PX * rows.len() as i32);
        draw_legend(&top, spec, &rows, width)?;
        body = rest;
    }
    let body = body.margin(GAP_PX, 0, 0, 0);
    match &spec.bars {
        Some(bars) => draw_bars(&body, spec, bars)?,
        None => draw_series(&body, spec)?,
    }
    root.present()?;
    Ok(())
}

/// Legend entries flow right to left from the right edge, wrapping into rows: series indices
/// per row, with each entry's width.
fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    width: i32,
) -> Vec<Vec<(usize, i32)>> {
    let mut rows: Vec<Vec<(usize, i32)>> = vec![Vec::new()];
    let mut used = 0;
    for (i, s) in spec.series.iter().enumerate() {
        let w = SWATCH_PX + GAP_PX + text_width(area, &s.name);
        let need = if used > 0 { used + 2 * GAP_PX + w } else { w };
        match rows.last_mut() {
            Some(row) if need <= width || row.is_empty() => {
                row.push((i, w));
                used = need;
            }
            _ => {
                rows.push(vec![(i, w)]);
                used = w;
            }
        }
    }
    rows
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    rows: &[Vec<(usize, i32)>],
    width: i32,
) -> Result<(), ChartError> {
    let label = text_style((HPos::Left, VPos::Center), color("ink"));
    for (r, row) in rows.iter().enumerate() {
        let y = LINE_PX * r as i32 + LINE_PX / 2;
        let total: i32 = row.iter().map(|(_, w)| w).sum::<i32>()
            + 2 * GAP_PX * (row.len().saturating_sub(1)) as i32;
        let mut x = width - total;
        for &(i, w) in row {
            let swatch = spec.color(i).stroke_width(SERIES_LINE_PX);
            if spec.series[i].mark == Mark::Points {
                area.draw(&Circle::new(
                    (x + SWATCH_PX / 2, y),
                    MARKER_PX,
                    swatch.filled(),
                ))?;
            } else {
                area.draw(&PathElement::new(vec![(x, y), (x + SWATCH_PX, y)], swatch))?;
            }
            area.draw_text(&spec.series[i].name, &label, (x + SWATCH_PX + GAP_PX, y))?;
            x += w + 2 * GAP_PX;
        }
    }
    Ok(())
}

/// The y label area's width: the widest tick label, the tick, a gap, and the axis label.
fn y_area<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    y: &Axis,
    format: YFormat,
    labelled: bool,
) -> i32 {
    let widest = y
        .ticks()
        .iter()
        .map(|&v| text_width(area, &y.label(v, format)))
        .max()
        .unwrap_or(0);
    widest + TICK_PX + GAP_PX + if labelled { LINE_PX } else { 0 }
}

fn draw_series<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (
        i32::try_from(w).unwrap_or(i32::MAX),
        i32::try_from(h).unwrap_or(i32::MAX),
    );
    let x_area = TICK_PX + LINE_PX + if spec.x_label.is_empty() { 0 } else { LINE_PX };
    let ys = spec
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p[1]));
    let y = Axis::new("y", ys, spec.y_min, spec.y_max, ticks_for(h - x_area, 36))?;
    let y_area = y_area(area, &y, spec.y_format, !spec.y_label.is_empty());
    // The last x tick label is centred on the plot's right edge: keep its outer half inside.
    let right = text_width(area, "0000") / 2;
    let xs = spec
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p[0]));
    let mut x_count = ticks_for(w - y_area - right, 70);
    if spec.x_whole {
        // At most one interval per unit, so the step is at least 1 (the span is fixed or small).
        let (lo, hi) = (spec.x_min.unwrap_or(0.0), spec.x_max.unwrap_or(f64::MAX));
        let span = libm::floor((hi - lo).max(1.0)).min(1e6) as usize;
        x_count = x_count.min(span);
    }
    let x = Axis::new("x", xs, spec.x_min, spec.x_max, x_count)?;
    let ink = color("ink");
    let mut chart = ChartBuilder::on(area)
        .margin_right(right)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x.min..x.max, y.min..y.max)?;
    let y_format = spec.y_format;
    let x_label = |v: &f64| x.label(*v, YFormat::Number);
    let y_label = |v: &f64| y.label(*v, y_format);
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .x_labels(x.count + 1)
        .y_labels(y.count + 1)
        .max_light_lines(0)
        .bold_line_style(ink.mix(0.12))
        .axis_style(ink.mix(0.6))
        .set_all_tick_mark_size(TICK_PX)
        .label_style(font(FONT_PX, FontStyle::Normal).color(&ink))
        .axis_desc_style(font(FONT_PX, FontStyle::Normal).color(&ink))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label);
    describe(&mut mesh, spec);
    mesh.draw()?;

    let plot_width = chart.plotting_area().dim_in_pixel().0;
    for (i, series) in spec.series.iter().enumerate() {
        let style = spec.color(i).stroke_width(SERIES_LINE_PX);
        let runs = runs(&series.points);
        match series.mark {
            Mark::Line => {
                for run in &runs {
                    chart.draw_series(LineSeries::new(run.iter().copied(), style))?;
                }
                // Dots when they are at least 6 pixels apart on average, and for a lone point.
                let n = series.points.len();
                if n <= 1 || f64::from(plot_width) / n as f64 >= 6.0 {
                    chart.draw_series(
                        runs.iter()
                            .flatten()
                            .map(|&p| Circle::new(p, MARKER_PX - 1, style.filled())),
                    )?;
                }
            }
            Mark::Points => {
                chart.draw_series(
                    runs.iter()
                        .flatten()
                        .map(|&p| Circle::new(p, MARKER_PX, style.filled())),
                )?;
            }
            Mark::Steps => {
                for run in &runs {
                    chart.draw_series(LineSeries::new(steps(run), style))?;
                }
            }
        }
    }
    Ok(())
}

/// The axis labels that are not empty.
fn describe<DB: DrawingBackend, X: Ranged, Y: Ranged>(
    mesh: &mut plotters::chart::MeshStyle<'_, '_, X, Y, DB>,
    spec: &ChartSpec,
) {
    if !spec.x_label.is_empty() {
        mesh.x_desc(spec.x_label.as_str());
    }
    if !spec.y_label.is_empty() {
        mesh.y_desc(spec.y_label.as_str());
    }
}

/// The points split into runs at points with a non-finite coordinate.
pub fn runs(points: &[[f64; 2]]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![Vec::new()];
    for &[x, y] in points {
        if x.is_finite() && y.is_finite() {
            if let Some(run) = runs.last_mut() {
                run.push((x, y));
            }
        } else if runs.last().is_some_and(|r| !r.is_empty()) {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// A histogram's outline through bins centred on `run`'s x values: flat across each bin, with
/// bin edges half way between centres (the outer bins as wide as their neighbours).
pub fn steps(run: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let half = |i: usize| match (run.get(i), run.get(i + 1), i.checked_sub(1).map(|j| run[j])) {
        (Some(a), Some(b), _) => (b.0 - a.0) / 2.0,
        (Some(a), None, Some(p)) => (a.0 - p.0) / 2.0,
        _ => 0.5,
    };
    let mut out = Vec::with_capacity(2 * run.len() + 2);
    for (i, &(x, y)) in run.iter().enumerate() {
        let left = if i == 0 { x - half(0) } else { x - half(i - 1) };
        let right = x + half(i);
        if i == 0 {
            out.push((left, 0.0));
        }
        out.push((left, y));
        out.push((right, y));
    }
    if let Some(&(x, _)) = out.last() {
        out.push((x, 0.0));
    }
    out
}

fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    bars: &Bars,
) -> Result<(), ChartError> {
    let values: Vec<f64> = bars
        .values
        .iter()
        .map(|v| if v.is_finite() { *v } else { 0.0 })
        .collect();
    let top = bars
        .max
        .filter(|m| m.is_finite() && *m > 0.0)
        .unwrap_or_else(|| values.iter().fold(0.0, |m, v| m.max(v.abs())));
    let top = if top > 0.0 { top } else { 1.0 };
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (
        i32::try_from(w).unwrap_or(i32::MAX),
        i32::try_from(h).unwrap_or(i32::MAX),
    );
    let foot = bars
        .min
        .filter(|m| !bars.signed && m.is_finite() && *m < top)
        .unwrap_or(0.0);
    let y_for = |x_area: i32| Axis {
        min: if bars.signed { -top } else { foot },
        max: top,
        count: ticks_for(h - x_area, 30).min(if bars.signed { 4 } else { 2 }),
    };
    let n = values.len().max(1);
    // The labels under the bars read across when the widest fits a bar's slot; names too wide
    // for it ("Ankle boot" in a narrow chart) are turned to read upwards, each under its bar,
    // when a line of text fits the slot; otherwise every k-th label is written across.
    let widest = bars.labels.iter().map(|t| text_width(area, t)).max();
    let across = if widest.is_some() { LINE_PX } else { 2 } + TICK_PX;
    let slot_for = |y: &Axis| {
        f64::from(w - y_area(area, y, spec.y_format, !spec.y_label.is_empty())) / n as f64
    };
    let first = slot_for(&y_for(across));
    let turned = widest
        .filter(|&wide| f64::from(wide + GAP_PX) > first && first >= f64::from(LINE_PX))
        .map(|wide| (wide + GAP_PX).min(3 * h / 5));
    let x_area = turned.map_or(across, |tall| tall + TICK_PX);
    let y = y_for(x_area);
    let y_area = y_area(area, &y, spec.y_format, !spec.y_label.is_empty());
    let ink = color("ink");
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(-0.5..n as f64 - 0.5, y.min..y.max)?;
    let y_format = spec.y_format;
    let y_label = |v: &f64| y.label(*v, y_format);
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .disable_x_axis()
        .y_labels(y.count + 1)
        .max_light_lines(0)
        .bold_line_style(ink.mix(0.12))
        .axis_style(ink.mix(0.6))
        .set_all_tick_mark_size(TICK_PX)
        .label_style(font(FONT_PX, FontStyle::Normal).color(&ink))
        .axis_desc_style(font(FONT_PX, FontStyle::Normal).color(&ink))
        .y_label_formatter(&y_label);
    describe(&mut mesh, spec);
    mesh.draw()?;

    // A gap between bars when each has more than 6 pixels.
    let slot = f64::from(w - y_area) / n as f64;
    let gap = if slot > 6.0 {
        (3.0 / slot).min(0.2)
    } else {
        0.0
    };
    chart.draw_series(values.iter().enumerate().map(|(i, &v)| {
        let role = if bars.highlight == Some(i) {
            "chosen"
        } else if !bars.signed {
            "bar"
        } else if v >= 0.0 {
            "likes"
        } else {
            "dislikes"
        };
        let x = i as f64;
        let v = v.clamp(-top, top);
        let (from, to) = if bars.signed {
            (0.0, v)
        } else {
            (foot, v.max(foot))
        };
        Rectangle::new(
            [(x - 0.5 + gap / 2.0, from), (x + 0.5 - gap / 2.0, to)],
            color(role).filled(),
        )
    }))?;
    // The zero line, and the labels under the bars (every k-th when they would collide).
    chart.draw_series(LineSeries::new(
        [(-0.5, foot), (n as f64 - 0.5, foot)],
        color("line").stroke_width(1),
    ))?;
    if let Some(wide) = widest {
        let step = if turned.is_some() {
            LINE_PX
        } else {
            wide + GAP_PX
        };
        let every = (f64::from(step) / slot).ceil().max(1.0) as usize;
        let label = if turned.is_some() {
            text_style((HPos::Right, VPos::Center), ink).transform(FontTransform::Rotate270)
        } else {
            text_style((HPos::Center, VPos::Top), ink)
        };
        let bottom = chart.backend_coord(&(0.0, y.min)).1 + TICK_PX;
        let (ox, oy) = area.get_base_pixel();
        for (i, text) in bars.labels.iter().enumerate().step_by(every) {
            let x = chart.backend_coord(&(i as f64, 0.0)).0;
            area.draw_text(text, &label, (x - ox, bottom - oy))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters_backend::{
        BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
    };

    /// What a chart drew: texts with their anchor points, filled rectangles with their colours,
    /// paths and circles.
    #[derive(Default)]
    struct Drawing {
        texts: Vec<(String, BackendCoord)>,
        /// The texts drawn turned (rotated), in drawing order.
        turned: Vec<String>,
        rects: Vec<(BackendCoord, BackendCoord, (u8, u8, u8))>,
        paths: Vec<(Vec<BackendCoord>, (u8, u8, u8))>,
        circles: Vec<(BackendCoord, (u8, u8, u8))>,
    }

    /// A backend that records, measuring text at 7 pixels a character.
    struct Recorder<'a> {
        size: (u32, u32),
        drawing: &'a mut Drawing,
    }

    #[derive(Debug)]
    struct Never;
    impl std::fmt::Display for Never {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("never")
        }
    }
    impl std::error::Error for Never {}

    type Drawn = Result<(), DrawingErrorKind<Never>>;

    impl DrawingBackend for Recorder<'_> {
        type ErrorType = Never;
        fn get_size(&self) -> (u32, u32) {
            self.size
        }
        fn ensure_prepared(&mut self) -> Drawn {
            Ok(())
        }
        fn present(&mut self) -> Drawn {
            Ok(())
        }
        fn draw_pixel(&mut self, _: BackendCoord, _: BackendColor) -> Drawn {
            Ok(())
        }
        fn draw_line<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S) -> Drawn {
            self.drawing.paths.push((vec![a, b], s.color().rgb));
            Ok(())
        }
        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            s: &S,
        ) -> Drawn {
            self.drawing
                .paths
                .push((path.into_iter().collect(), s.color().rgb));
            Ok(())
        }
        fn draw_rect<S: BackendStyle>(
            &mut self,
            a: BackendCoord,
            b: BackendCoord,
            s: &S,
            fill: bool,
        ) -> Drawn {
            if fill {
                self.drawing.rects.push((a, b, s.color().rgb));
            }
            Ok(())
        }
        fn draw_circle<S: BackendStyle>(
            &mut self,
            c: BackendCoord,
            _: u32,
            s: &S,
            _: bool,
        ) -> Drawn {
            self.drawing.circles.push((c, s.color().rgb));
            Ok(())
        }
        fn estimate_text_size<S: BackendTextStyle>(
            &self,
            text: &str,
            _: &S,
        ) -> Result<(u32, u32), DrawingErrorKind<Never>> {
            Ok((7 * text.chars().count() as u32, 12))
        }
        fn draw_text<S: BackendTextStyle>(&mut self, text: &str, s: &S, at: BackendCoord) -> Drawn {
            if !matches!(s.transform(), FontTransform::None) {
                self.drawing.turned.push(text.to_string());
            }
            self.drawing.texts.push((text.to_string(), at));
            Ok(())
        }
    }

    fn drawn(spec: &ChartSpec, size: (u32, u32)) -> Result<Drawing, ChartError> {
        let mut drawing = Drawing::default();
        draw(
            Recorder {
                size,
                drawing: &mut drawing,
            },
            spec,
        )?;
        Ok(drawing)
    }

    fn texts(d: &Drawing) -> Vec<&str> {
        d.texts.iter().map(|(t, _)| t.as_str()).collect()
    }

    fn rgb(role: &str) -> (u8, u8, u8) {
        palette::rgb(role).expect("a palette role")
    }

    fn accuracy(series: Vec<Series>) -> ChartSpec {
        ChartSpec {
            title: Some("Accuracy after each epoch".into()),
            x_label: "epochs".into(),
            y_label: "accuracy".into(),
            series,
            x_min: Some(0.0),
            x_max: Some(30.0),
            y_format: YFormat::Percent,
            ..ChartSpec::default()
        }
    }

    fn line(name: &str, color: &str, points: &[[f64; 2]]) -> Series {
        Series {
            name: name.into(),
            color: color.into(),
            points: points.to_vec(),
            mark: Mark::Line,
        }
    }

    #[test]
    fn free_ends_widen_to_the_next_tick_and_fixed_ends_stay() {
        let y = Axis::new("y", [0.913, 0.962, 0.951], None, None, 5).unwrap();
        assert!(
            (y.min - 0.91).abs() < 1e-9 && (y.max - 0.97).abs() < 1e-9,
            "{y:?}"
        );
        let labels: Vec<String> = y
            .ticks()
            .iter()
            .map(|&v| y.label(v, YFormat::Percent))
            .collect();
        // The ends are ticks, written with the step's decimals.
        assert_eq!(
            labels.first(),
            Some(&y.label(y.min, YFormat::Percent)),
            "{labels:?}"
        );
        assert_eq!(
            labels.last(),
            Some(&y.label(y.max, YFormat::Percent)),
            "{labels:?}"
        );
        assert!(
            labels.iter().all(|l| l.ends_with('%') && !l.contains('.')),
            "{labels:?}"
        );

        let x = Axis::new("x", [], Some(0.0), Some(30.0), 5).unwrap();
        assert_eq!((x.min, x.max), (0.0, 30.0));
        let labels: Vec<String> = x
            .ticks()
            .iter()
            .map(|&v| x.label(v, YFormat::Number))
            .collect();
        assert!(labels.contains(&"10".to_string()), "{labels:?}");
    }

    #[test]
    fn empty_lone_and_one_sided_axes_are_not_empty() {
        let a = Axis::new("x", [], None, None, 5).unwrap();
        assert_eq!((a.min, a.max), (0.0, 1.0));
        let a = Axis::new("x", [f64::NAN, f64::INFINITY], None, None, 5).unwrap();
        assert_eq!((a.min, a.max), (0.0, 1.0));
        let a = Axis::new("y", [0.95], None, None, 5).unwrap();
        assert!(a.min < 0.95 && 0.95 < a.max, "{a:?}");
        let a = Axis::new("y", [-5.0], Some(0.0), None, 5).unwrap();
        assert!(a.min == 0.0 && a.max > 0.0, "{a:?}");
        let a = Axis::new("y", [], None, Some(10.0), 5).unwrap();
        assert_eq!(a.max, 10.0);
        assert!(a.min < 10.0);
    }

    #[test]
    fn bad_bounds_are_errors_that_name_the_field() {
        let err = Axis::new("y", [], Some(1.0), Some(1.0), 5).unwrap_err();
        assert_eq!(
            err,
            ChartError::EmptyRange {
                axis: "y",
                min: 1.0,
                max: 1.0
            }
        );
        assert!(err.to_string().contains("yMin"));
        let mut spec = accuracy(vec![]);
        spec.y_max = Some(f64::NAN);
        let err = drawn(&spec, (400, 240)).err();
        assert!(
            matches!(err, Some(ChartError::NotFinite { field: "yMax", .. })),
            "{err:?}"
        );
        let mut spec = accuracy(vec![]);
        spec.x_min = Some(40.0);
        assert!(matches!(
            drawn(&spec, (400, 240)),
            Err(ChartError::EmptyRange { axis: "x", .. })
        ));
    }

    #[test]
    fn labels_never_read_minus_zero() {
        assert_eq!(format_tick(-1e-17, 0.1, YFormat::Number), "0.0");
        assert_eq!(format_tick(-0.0, 5.0, YFormat::Number), "0");
        assert_eq!(format_tick(-0.5, 0.5, YFormat::Number), "\u{2212}0.5");
        assert_eq!(format_tick(0.955, 0.005, YFormat::Percent), "95.5%");
        assert_eq!(format_tick(0.25, 0.25, YFormat::Number), "0.25");
        assert_eq!(format_tick(2500.0, 500.0, YFormat::Number), "2500");
    }

    #[test]
    fn a_line_chart_has_its_title_labels_ticks_legend_and_lines() {
        let spec = accuracy(vec![
            line(
                "test images",
                "test",
                &[[1.0, 0.9], [2.0, 0.93], [3.0, 0.95]],
            ),
            line("training images", "train", &[[1.0, 0.91], [2.0, 0.94]]),
        ]);
        let d = drawn(&spec, (400, 240)).unwrap();
        let t = texts(&d);
        for want in [
            "Accuracy after each epoch",
            "epochs",
            "accuracy",
            "test images",
            "training images",
            "0",
            "30",
        ] {
            assert!(t.contains(&want), "{want} missing from {t:?}");
        }
        assert!(t.iter().any(|s| s.ends_with('%')), "percent ticks: {t:?}");
        // Every label is on the chart.
        for (text, (x, y)) in &d.texts {
            assert!(
                (0..=400).contains(x) && (0..=240).contains(y),
                "{text} at {x},{y}"
            );
        }
        // The title is above the legend, which is above the plot; the legend is right-aligned.
        let at = |s: &str| {
            d.texts
                .iter()
                .find(|(t, _)| t == s)
                .map(|(_, p)| *p)
                .unwrap()
        };
        assert!(at("Accuracy after each epoch").1 < at("test images").1);
        assert!(at("training images").0 + 7 * 15 <= 400);
        // Each series drew a line in its palette colour, and dots (few points).
        assert!(d
            .paths
            .iter()
            .any(|(p, c)| *c == rgb("test") && p.len() == 3));
        assert!(d
            .paths
            .iter()
            .any(|(p, c)| *c == rgb("train") && p.len() == 2));
        assert_eq!(
            d.circles.iter().filter(|(_, c)| *c == rgb("test")).count(),
            3
        );
        // Points go up as accuracy does.
        let test_line = d
            .paths
            .iter()
            .find(|(p, c)| *c == rgb("test") && p.len() == 3)
            .unwrap();
        assert!(test_line.0[0].1 > test_line.0[2].1 && test_line.0[0].0 < test_line.0[2].0);
    }

    #[test]
    fn whole_x_ticks_for_epochs() {
        let mut spec = accuracy(vec![line("a", "a", &[[1.0, 0.9], [2.0, 0.95]])]);
        spec.x_max = Some(2.0);
        let fractional = drawn(&spec, (400, 240)).unwrap();
        assert!(
            texts(&fractional).contains(&"0.5"),
            "{:?}",
            texts(&fractional)
        );
        spec.x_whole = true;
        let t = texts(&drawn(&spec, (400, 240)).unwrap()).join(" ");
        assert!(!t.contains("0.5") && !t.contains("1.5"), "{t}");
        assert!(t.contains(" 0 1 2"), "{t}");
        // One epoch, the side by side's default: 0 and 1, nothing between.
        let mut one = accuracy(vec![line("a", "a", &[[1.0, 0.9]])]);
        (one.x_min, one.x_max, one.x_whole) = (Some(0.0), Some(1.0), true);
        let t = texts(&drawn(&one, (400, 240)).unwrap()).join(" ");
        assert!(!t.contains("0.5") && !t.contains("0.2"), "{t}");
    }

    #[test]
    fn one_series_has_no_legend_and_gaps_break_lines() {
        let spec = ChartSpec {
            title: Some("Training cost".into()),
            series: vec![line(
                "average cost",
                "cost",
                &[[0.0, 1.0], [0.5, f64::NAN], [1.0, 0.5], [1.5, 0.4]],
            )],
            ..ChartSpec::default()
        };
        let d = drawn(&spec, (300, 150)).unwrap();
        assert!(!texts(&d).contains(&"average cost"));
        let runs: Vec<usize> = d
            .paths
            .iter()
            .filter(|(_, c)| *c == rgb("cost"))
            .map(|(p, _)| p.len())
            .collect();
        assert_eq!(runs, [1, 2]);
    }

    #[test]
    fn crowded_lines_lose_their_dots_and_points_are_a_scatter() {
        let many: Vec<[f64; 2]> = (0..1000)
            .map(|i| [f64::from(i), f64::from(i % 7)])
            .collect();
        let d = drawn(&accuracy(vec![line("a", "a", &many)]), (300, 150)).unwrap();
        assert!(d.circles.is_empty());
        let mut scatter = line("lowest seed", "seedLow", &[[10.0, 0.9], [30.0, 0.95]]);
        scatter.mark = Mark::Points;
        let d = drawn(&accuracy(vec![scatter, line("b", "b", &[])]), (300, 150)).unwrap();
        assert_eq!(
            d.circles
                .iter()
                .filter(|(_, c)| *c == rgb("seedLow"))
                .count(),
            3,
            "two points and the legend's dot"
        );
        assert!(!d
            .paths
            .iter()
            .any(|(p, c)| *c == rgb("seedLow") && p.len() > 1));
    }

    #[test]
    fn histogram_steps_outline_the_bins() {
        let run = [(-0.5, 0.1), (0.0, 0.6), (0.5, 0.3)];
        assert_eq!(
            steps(&run),
            [
                (-0.75, 0.0),
                (-0.75, 0.1),
                (-0.25, 0.1),
                (-0.25, 0.6),
                (0.25, 0.6),
                (0.25, 0.3),
                (0.75, 0.3),
                (0.75, 0.0)
            ]
        );
        assert_eq!(
            steps(&[(2.0, 1.0)]),
            [(1.5, 0.0), (1.5, 1.0), (2.5, 1.0), (2.5, 0.0)]
        );
        assert!(steps(&[]).is_empty());
        assert_eq!(
            runs(&[[0.0, 0.0], [f64::NAN, 1.0], [2.0, 1.0]]),
            [vec![(0.0, 0.0)], vec![(2.0, 1.0)]]
        );
    }

    #[test]
    fn signed_bars_go_up_in_likes_and_down_in_dislikes() {
        let spec = ChartSpec {
            bars: Some(Bars {
                values: vec![0.5, -0.25, 0.0, f64::NAN, 1.0],
                labels: (0..5).map(|i| i.to_string()).collect(),
                signed: true,
                highlight: Some(4),
                max: None,
                min: None,
            }),
            ..ChartSpec::default()
        };
        let d = drawn(&spec, (300, 120)).unwrap();
        let bars: Vec<_> = d
            .rects
            .iter()
            .filter(|(_, _, c)| *c != rgb("paper"))
            .collect();
        assert_eq!(bars.len(), 5, "{bars:?}");
        assert_eq!(bars[0].2, rgb("likes"));
        assert_eq!(bars[1].2, rgb("dislikes"));
        assert_eq!(bars[4].2, rgb("chosen"));
        // Up and down from the same zero line; the highlighted one is the tallest.
        let zero = bars[0].1 .1;
        assert_eq!(bars[1].0 .1, zero, "{bars:?}");
        assert!(bars[4].0 .1 < bars[0].0 .1);
        let t = texts(&d);
        for want in ["0", "1", "4", "\u{2212}1"] {
            assert!(t.contains(&want), "{want} missing from {t:?}");
        }
    }

    #[test]
    fn unsigned_bars_with_percent_ticks_and_crowded_labels() {
        let spec = ChartSpec {
            y_format: YFormat::Percent,
            bars: Some(Bars {
                values: vec![0.9; 30],
                labels: (0..30).map(|i| i.to_string()).collect(),
                max: Some(1.0),
                ..Bars::default()
            }),
            ..ChartSpec::default()
        };
        let d = drawn(&spec, (200, 100)).unwrap();
        assert!(d.rects.iter().filter(|(_, _, c)| *c == rgb("bar")).count() == 30);
        let t = texts(&d);
        assert!(t.contains(&"100%") && t.contains(&"0%"), "{t:?}");
        let bar_labels = t.iter().filter(|s| s.parse::<u32>().is_ok()).count();
        assert!((3..30).contains(&bar_labels), "{t:?}");
    }

    #[test]
    fn labels_too_wide_for_their_bars_are_turned_and_all_written() {
        let spec = |labels: &[String]| ChartSpec {
            bars: Some(Bars {
                values: vec![0.5; 10],
                labels: labels.to_vec(),
                max: Some(1.0),
                ..Bars::default()
            }),
            ..ChartSpec::default()
        };
        // Class names as wide as Fashion-MNIST's ("T-shirt/top"): 77 pixels at 7 a character.
        let names: Vec<String> = (0..10).map(|i| format!("garment {i:03}")).collect();
        // A composer-sized chart: about 30 pixels a bar.
        let narrow = drawn(&spec(&names), (330, 144)).unwrap();
        assert_eq!(narrow.turned, names, "each name, turned, under its bar");
        // Wide enough, they read across; digits always do.
        let wide = drawn(&spec(&names), (1000, 144)).unwrap();
        assert!(wide.turned.is_empty() && names.iter().all(|n| texts(&wide).contains(&n.as_str())));
        let digits: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        let across = drawn(&spec(&digits), (330, 144)).unwrap();
        assert!(
            across.turned.is_empty() && digits.iter().all(|n| texts(&across).contains(&n.as_str()))
        );
    }

    #[test]
    fn unsigned_bars_can_start_above_zero_to_show_small_differences() {
        let spec = |min| ChartSpec {
            y_format: YFormat::Percent,
            bars: Some(Bars {
                values: vec![0.98, 0.89],
                max: Some(1.0),
                min,
                ..Bars::default()
            }),
            ..ChartSpec::default()
        };
        let heights = |d: &Drawing| -> Vec<i32> {
            d.rects
                .iter()
                .filter(|(_, _, c)| *c == rgb("bar"))
                .map(|(a, b, _)| (a.1 - b.1).abs())
                .collect()
        };
        let zero = drawn(&spec(None), (300, 120)).unwrap();
        let foot = drawn(&spec(Some(0.8)), (300, 120)).unwrap();
        let (z, f) = (heights(&zero), heights(&foot));
        assert!(
            f64::from(z[1]) / f64::from(z[0]) > 0.85,
            "on 0-100% both look full: {z:?}"
        );
        assert!(
            f64::from(f[1]) / f64::from(f[0]) < 0.6,
            "from 80% they differ: {f:?}"
        );
        let t = texts(&foot);
        assert!(t.contains(&"80%") && !t.contains(&"0%"), "{t:?}");
    }

    #[test]
    fn tiny_and_empty_charts_still_draw() {
        assert!(drawn(&accuracy(vec![]), (0, 0)).is_ok());
        assert!(drawn(&ChartSpec::default(), (20, 10)).is_ok());
        let bars = ChartSpec {
            bars: Some(Bars::default()),
            ..ChartSpec::default()
        };
        assert!(drawn(&bars, (300, 120)).is_ok());
    }

    #[test]
    fn spec_reads_the_page_json() {
        let s: ChartSpec = serde_json::from_str(
            r##"{"title": "Accuracy", "xLabel": "epoch", "yLabel": "accuracy",
                "series": [{"name": "test", "color": "test", "points": [[1, 0.9], [2, 0.93]], "mark": "steps"}],
                "yMin": 0, "yMax": 1, "yFormat": "percent"}"##,
        )
        .unwrap();
        assert_eq!(s.y_format, YFormat::Percent);
        assert_eq!(s.series[0].mark, Mark::Steps);
        assert_eq!(s.color(0), RGBColor(0x1d, 0x4e, 0xd8));
        let bars: ChartSpec = serde_json::from_str(
            r#"{"bars": {"values": [1, -1], "signed": true, "highlight": 1}}"#,
        )
        .unwrap();
        assert_eq!(
            bars.bars.map(|b| (b.signed, b.highlight)),
            Some((true, Some(1)))
        );
        assert!(serde_json::from_str::<ChartSpec>(r#"{"series": 5}"#).is_err());
        assert!(serde_json::from_str::<ChartSpec>(r#"{"series": [], "yFormat": "pct"}"#).is_err());
        assert!(serde_json::from_str::<ChartSpec>(r#"{"series": [{"mark": "pie"}]}"#).is_err());
        assert_eq!(ChartSpec::default().color(7), {
            let (r, g, b) = palette::series(7);
            RGBColor(r, g, b)
        });
    }
}
