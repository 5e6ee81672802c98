//! Chart layout math for the training curves: the spec the page sends, axis ranges, nice
//! 1-2-5 ticks, tick labels, and where everything goes in CSS pixels.
//!
//! Pure and natively tested; it never draws. `web::view::draw_chart` deserialises a
//! [`ChartSpec`], asks [`ChartLayout::new`] where things go and strokes them on a canvas.

use serde::{Deserialize, Serialize};

/// Font size of every chart label, in CSS pixels.
pub const FONT_PX: f64 = 12.0;
/// Height of a line of text (title, legend row, tick label), in CSS pixels.
pub const LINE_PX: f64 = 18.0;
/// Length of the coloured line in front of a legend entry, in CSS pixels.
pub const SWATCH_PX: f64 = 14.0;
/// Gap between a swatch and its name, and between text and what it labels, in CSS pixels.
pub const GAP_PX: f64 = 6.0;
/// Padding around the whole chart, in CSS pixels.
pub const PAD_PX: f64 = 6.0;
/// Length of a tick mark outside the plot, in CSS pixels.
pub const TICK_PX: f64 = 4.0;
/// Colours for series that do not name one.
pub const PALETTE: [&str; 5] = ["#2166ac", "#d6604d", "#1b7837", "#762a83", "#e08214"];

/// How tick labels on the y axis are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum YFormat {
    /// Plain numbers with as many decimals as the tick step needs: `0.5`, `1.0`, `1.5`.
    #[default]
    Number,
    /// Fractions shown as percentages: `0.95` is written `95%`.
    Percent,
}

/// One line on the chart. JSON: `{name, color, points: [[x, y], ...]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    /// Legend text.
    #[serde(default)]
    pub name: String,
    /// Any CSS colour; empty picks one from [`PALETTE`].
    #[serde(default)]
    pub color: String,
    /// `(x, y)` points in drawing order. A point with a non-finite coordinate breaks the line.
    #[serde(default)]
    pub points: Vec<[f64; 2]>,
}

/// What `drawChart` is asked to draw. JSON: `{title?, xLabel, yLabel, series, yMin?, yMax?,
/// xMin?, xMax?, yFormat?: "percent" | "number"}`; missing labels are empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartSpec {
    /// Drawn above the plot, left-aligned.
    #[serde(default)]
    pub title: Option<String>,
    /// Drawn under the x tick labels.
    #[serde(default)]
    pub x_label: String,
    /// Drawn rotated left of the y tick labels.
    #[serde(default)]
    pub y_label: String,
    /// The lines; a legend is drawn when there is more than one.
    pub series: Vec<Series>,
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
}

impl ChartSpec {
    /// The colour series `i` is drawn in: its own, or one from [`PALETTE`].
    pub fn color(&self, i: usize) -> &str {
        match self.series.get(i) {
            Some(s) if !s.color.trim().is_empty() => &s.color,
            _ => PALETTE[i % PALETTE.len()],
        }
    }
}

/// Why a chart spec cannot be laid out.
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
        }
    }
}

impl std::error::Error for ChartError {}

/// A tick step `mantissa * 10^exponent` with `mantissa` 1, 2 or 5, kept exact so labels get
/// the right number of decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// 1, 2 or 5.
    pub mantissa: u8,
    /// Power of ten.
    pub exponent: i32,
}

impl Step {
    /// The 1-2-5 step nearest to `span / count` (d3's rule: thresholds at sqrt 2, 10, 50), so an
    /// axis of length `span` gets about `count` intervals. Non-positive or non-finite input gives
    /// a step of 1.
    pub fn nice(span: f64, count: usize) -> Step {
        let raw = span / count.max(1) as f64;
        if !(raw.is_finite() && raw > 0.0) {
            return Step {
                mantissa: 1,
                exponent: 0,
            };
        }
        let mut exponent = libm::floor(libm::log10(raw)) as i32;
        let error = raw / pow10(exponent);
        let mantissa = if error >= 50f64.sqrt() {
            exponent += 1;
            1
        } else if error >= 10f64.sqrt() {
            5
        } else if error >= 2f64.sqrt() {
            2
        } else {
            1
        };
        Step { mantissa, exponent }
    }

    /// The step as a number.
    pub fn value(self) -> f64 {
        self.times(1)
    }

    /// `k` steps, computed as `k * mantissa / 10^-exponent` so `3 * 0.1` is `0.3`, not
    /// `0.30000000000000004`.
    pub fn times(self, k: i64) -> f64 {
        let m = (k * i64::from(self.mantissa)) as f64;
        if self.exponent >= 0 {
            m * pow10(self.exponent)
        } else {
            m / pow10(-self.exponent)
        }
    }

    /// Decimals a label needs to tell ticks of this step apart.
    pub fn decimals(self) -> usize {
        usize::try_from(-self.exponent).unwrap_or(0)
    }
}

fn pow10(e: i32) -> f64 {
    libm::pow(10.0, f64::from(e))
}

/// Slack for float noise when deciding whether a multiple of the step lies inside a range.
const EPS: f64 = 1e-9;

/// One axis: its range and its ticks.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// Value at the left (x) or bottom (y) of the plot.
    pub min: f64,
    /// Value at the right (x) or top (y) of the plot; always above `min`.
    pub max: f64,
    /// Distance between ticks.
    pub step: Step,
    /// Tick values, ascending, all within `min..=max`.
    pub ticks: Vec<f64>,
}

impl Axis {
    /// An axis over `values` (non-finite ones ignored) with about `count` intervals.
    ///
    /// Fixed ends are kept exactly; free ends come from the data and are widened to the next
    /// tick. With no data the range is 0..1 (or one unit beside a fixed end); a single value `v`
    /// gets `v ± 5%` (`±1` at zero) so it sits mid-plot.
    ///
    /// # Errors
    /// [`ChartError::EmptyRange`] when both ends are fixed and `min >= max`. Callers check that
    /// fixed ends are finite (see [`ChartLayout::new`]).
    pub fn new(
        axis: &'static str,
        values: impl IntoIterator<Item = f64>,
        fixed_min: Option<f64>,
        fixed_max: Option<f64>,
        count: usize,
    ) -> Result<Axis, ChartError> {
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
        let widen = |step: Step, lo: &mut f64, hi: &mut f64| {
            let s = step.value();
            if fixed_min.is_none() {
                *lo = step.times(libm::floor(*lo / s + EPS) as i64);
            }
            if fixed_max.is_none() {
                *hi = step.times(libm::ceil(*hi / s - EPS) as i64);
            }
        };
        let mut step = Step::nice(hi - lo, count);
        // Widening to the ticks can change the best step; a few rounds settle it.
        for _ in 0..3 {
            widen(step, &mut lo, &mut hi);
            let next = Step::nice(hi - lo, count);
            if next == step {
                break;
            }
            step = next;
        }
        widen(step, &mut lo, &mut hi);
        let s = step.value();
        let first = libm::ceil(lo / s - EPS) as i64;
        let last = libm::floor(hi / s + EPS) as i64;
        // At most a handful of ticks: the step is about (hi - lo) / count.
        let ticks = (first..=last).map(|k| step.times(k) + 0.0).collect();
        Ok(Axis {
            min: lo,
            max: hi,
            step,
            ticks,
        })
    }

    /// Where `v` falls along the axis: 0 at `min`, 1 at `max` (outside for values outside).
    pub fn fraction(&self, v: f64) -> f64 {
        (v - self.min) / (self.max - self.min)
    }

    /// The label of tick value `v` in this axis's step.
    pub fn label(&self, v: f64, format: YFormat) -> String {
        format_tick(v, self.step, format)
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

/// A tick label: `v` with the decimals `step` needs; [`YFormat::Percent`] writes fractions as
/// percentages (`0.25` -> `25%`, step 0.005 -> `25.5%`). Negative values take a true minus
/// sign (`−0.5`, as the page writes them); never `-0`.
pub fn format_tick(v: f64, step: Step, format: YFormat) -> String {
    match format {
        YFormat::Number => fixed(v, step.decimals()),
        YFormat::Percent => {
            let decimals = usize::try_from(-(step.exponent + 2)).unwrap_or(0);
            format!("{}%", fixed(v * 100.0, decimals))
        }
    }
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

/// An axis-aligned rectangle in CSS pixels, origin top-left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width, never negative.
    pub width: f64,
    /// Height, never negative.
    pub height: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }
}

/// A legend entry placed on the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// Index into [`ChartSpec::series`].
    pub series: usize,
    /// Left end of the swatch line, CSS pixels.
    pub x: f64,
    /// Vertical middle of the row, CSS pixels.
    pub y: f64,
}

/// Where everything of a chart goes, in CSS pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLayout {
    /// Width of the whole chart.
    pub width: f64,
    /// Height of the whole chart.
    pub height: f64,
    /// The data area; lines are clipped to it.
    pub plot: Rect,
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
    /// Vertical middle of the title row, when there is a title.
    pub title_y: Option<f64>,
    /// Legend entries; empty for a single series.
    pub legend: Vec<LegendEntry>,
}

impl ChartLayout {
    /// Lays out `spec` on a `width` x `height` chart. `measure` gives the width of a label in
    /// [`FONT_PX`] type (the canvas's `measureText`; [`estimate_width`] natively).
    ///
    /// Space goes, top to bottom: title row, legend rows (more than one series), plot, x tick
    /// labels, x label; left to right: y label, y tick labels, plot. Tiny charts still get a
    /// plot of at least one pixel.
    ///
    /// # Errors
    /// A fixed bound that is not finite, or an axis whose fixed ends are empty (`min >= max`).
    pub fn new(
        spec: &ChartSpec,
        width: f64,
        height: f64,
        measure: &dyn Fn(&str) -> f64,
    ) -> Result<ChartLayout, ChartError> {
        for (field, value) in [
            ("xMin", spec.x_min),
            ("xMax", spec.x_max),
            ("yMin", spec.y_min),
            ("yMax", spec.y_max),
        ] {
            if let Some(value) = value.filter(|v| !v.is_finite()) {
                return Err(ChartError::NotFinite { field, value });
            }
        }
        let width = if width.is_finite() {
            width.max(0.0)
        } else {
            0.0
        };
        let height = if height.is_finite() {
            height.max(0.0)
        } else {
            0.0
        };

        let mut top = PAD_PX;
        let title_y = spec.title.as_ref().filter(|t| !t.is_empty()).map(|_| {
            top += LINE_PX;
            top - LINE_PX / 2.0
        });
        // Legend: entries flow right to left from the right edge, wrapping into rows.
        let mut legend = Vec::new();
        if spec.series.len() > 1 {
            let widths: Vec<f64> = spec
                .series
                .iter()
                .map(|s| SWATCH_PX + GAP_PX + measure(&s.name))
                .collect();
            let avail = (width - 2.0 * PAD_PX).max(0.0);
            let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
            let mut used = 0.0;
            for (i, w) in widths.iter().enumerate() {
                let need = if used > 0.0 {
                    used + 2.0 * GAP_PX + w
                } else {
                    *w
                };
                match rows.last_mut() {
                    Some(row) if need <= avail || row.is_empty() => {
                        row.push(i);
                        used = need;
                    }
                    _ => {
                        rows.push(vec![i]);
                        used = *w;
                    }
                }
            }
            for row in rows {
                let y = top + LINE_PX / 2.0;
                let total: f64 = row.iter().map(|&i| widths[i]).sum::<f64>()
                    + 2.0 * GAP_PX * (row.len().saturating_sub(1)) as f64;
                let mut x = width - PAD_PX - total;
                for i in row {
                    legend.push(LegendEntry { series: i, x, y });
                    x += widths[i] + 2.0 * GAP_PX;
                }
                top += LINE_PX;
            }
        }
        top += GAP_PX;

        let mut bottom = PAD_PX + TICK_PX + LINE_PX;
        if !spec.x_label.is_empty() {
            bottom += LINE_PX;
        }
        let plot_height = (height - top - bottom).max(1.0);
        let y_count = ticks_for(plot_height, 36.0);
        let ys = spec
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p[1]));
        let y = Axis::new("y", ys, spec.y_min, spec.y_max, y_count)?;

        let widest_y = y
            .ticks
            .iter()
            .map(|&v| measure(&y.label(v, spec.y_format)))
            .fold(0.0, f64::max);
        let mut left = PAD_PX + widest_y + TICK_PX + GAP_PX;
        if !spec.y_label.is_empty() {
            left += LINE_PX;
        }
        // The x tick labels are centred on their ticks; keep the outer halves on the canvas.
        let right_guess = PAD_PX + measure("0000") / 2.0;
        let plot_width = (width - left - right_guess).max(1.0);
        let x_count = ticks_for(plot_width, 70.0);
        let xs = spec
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p[0]));
        let x = Axis::new("x", xs, spec.x_min, spec.x_max, x_count)?;
        let half_first = x
            .ticks
            .first()
            .map_or(0.0, |&v| measure(&x.label(v, YFormat::Number)) / 2.0);
        let left = left.max(PAD_PX + half_first);
        let right = x.ticks.last().map_or(PAD_PX, |&v| {
            PAD_PX + measure(&x.label(v, YFormat::Number)) / 2.0
        });

        let plot = Rect {
            x: left,
            y: top,
            width: (width - left - right).max(1.0),
            height: plot_height,
        };
        Ok(ChartLayout {
            width,
            height,
            plot,
            x,
            y,
            title_y,
            legend,
        })
    }

    /// The horizontal pixel of data value `x`.
    pub fn x_px(&self, x: f64) -> f64 {
        self.plot.x + self.x.fraction(x) * self.plot.width
    }

    /// The vertical pixel of data value `y` (up is larger).
    pub fn y_px(&self, y: f64) -> f64 {
        self.plot.bottom() - self.y.fraction(y) * self.plot.height
    }

    /// The series' points in pixels, split into runs at points with a non-finite coordinate.
    pub fn polylines(&self, series: &Series) -> Vec<Vec<(f64, f64)>> {
        let mut runs = vec![Vec::new()];
        for &[x, y] in &series.points {
            if x.is_finite() && y.is_finite() {
                if let Some(run) = runs.last_mut() {
                    run.push((self.x_px(x), self.y_px(y)));
                }
            } else if runs.last().is_some_and(|r| !r.is_empty()) {
                runs.push(Vec::new());
            }
        }
        runs.retain(|r| !r.is_empty());
        runs
    }

    /// Whether to mark each point of `series`: when it has few enough points not to blur the
    /// line (at least 6 pixels apart on average), and always for a lone point.
    pub fn show_markers(&self, series: &Series) -> bool {
        let n = series.points.len();
        n <= 1 || self.plot.width / n as f64 >= 6.0
    }
}

/// About one tick interval per `spacing` pixels, between 2 and 10.
fn ticks_for(length: f64, spacing: f64) -> usize {
    // Clamped to 2..=10 first, so the cast is exact.
    libm::floor((length / spacing).clamp(2.0, 10.0)) as usize
}

/// A rough width of `text` in 12px system-ui: 7 pixels a character. For native layout tests
/// and as a fallback when the canvas cannot measure.
pub fn estimate_width(text: &str) -> f64 {
    7.0 * text.chars().count() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(mantissa: u8, exponent: i32) -> Step {
        Step { mantissa, exponent }
    }

    fn labels(axis: &Axis, format: YFormat) -> Vec<String> {
        axis.ticks.iter().map(|&v| axis.label(v, format)).collect()
    }

    #[test]
    fn steps_are_1_2_5() {
        assert_eq!(Step::nice(1.0, 5), step(2, -1));
        assert_eq!(Step::nice(1.0, 10), step(1, -1));
        assert_eq!(Step::nice(29.0, 5), step(5, 0));
        assert_eq!(Step::nice(100.0, 4), step(2, 1));
        assert_eq!(Step::nice(0.03, 5), step(5, -3));
        assert_eq!(Step::nice(7.5, 1), step(1, 1));
        assert_eq!(Step::nice(0.0, 5), step(1, 0));
        assert_eq!(Step::nice(f64::NAN, 5), step(1, 0));
        assert_eq!(step(5, -3).value(), 0.005);
        assert_eq!(step(1, -1).times(3), 0.3);
    }

    #[test]
    fn fixed_ends_are_kept_and_ticks_are_exact() {
        let y = Axis::new("y", [0.5, 0.7], Some(0.0), Some(1.0), 5).unwrap();
        assert_eq!((y.min, y.max), (0.0, 1.0));
        assert_eq!(y.ticks, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(
            labels(&y, YFormat::Percent),
            ["0%", "20%", "40%", "60%", "80%", "100%"]
        );

        let x = Axis::new("x", [], Some(1.0), Some(30.0), 5).unwrap();
        assert_eq!((x.min, x.max), (1.0, 30.0));
        assert_eq!(x.ticks, vec![5.0, 10.0, 15.0, 20.0, 25.0, 30.0]);
        assert_eq!(
            labels(&x, YFormat::Number),
            ["5", "10", "15", "20", "25", "30"]
        );
    }

    #[test]
    fn free_ends_widen_to_the_next_tick() {
        let y = Axis::new("y", [0.913, 0.962, 0.951], None, None, 5).unwrap();
        assert_eq!((y.min, y.max), (0.91, 0.97));
        assert_eq!(y.step, step(1, -2));
        assert_eq!(
            labels(&y, YFormat::Percent),
            ["91%", "92%", "93%", "94%", "95%", "96%", "97%"]
        );
        let y = Axis::new("y", [0.30, 0.31], None, None, 4).unwrap();
        assert_eq!(y.step, step(2, -3));
        assert_eq!(labels(&y, YFormat::Percent)[1], "30.2%");
        assert_eq!(labels(&y, YFormat::Number)[1], "0.302");
    }

    #[test]
    fn one_fixed_end_and_data_on_the_other() {
        let y = Axis::new("y", [0.2, 2.3], Some(0.0), None, 5).unwrap();
        assert_eq!((y.min, y.max), (0.0, 2.5));
        assert_eq!(y.ticks.first(), Some(&0.0));
        // Data below a fixed minimum still gives a non-empty axis.
        let y = Axis::new("y", [-5.0], Some(0.0), None, 5).unwrap();
        assert!(y.max > y.min && y.min == 0.0, "{y:?}");
        let y = Axis::new("y", [], None, Some(10.0), 5).unwrap();
        assert_eq!((y.min, y.max), (9.0, 10.0));
    }

    #[test]
    fn empty_and_single_point_axes() {
        let a = Axis::new("x", [], None, None, 5).unwrap();
        assert_eq!((a.min, a.max), (0.0, 1.0));
        let a = Axis::new("x", [f64::NAN, f64::INFINITY], None, None, 5).unwrap();
        assert_eq!((a.min, a.max), (0.0, 1.0));
        let a = Axis::new("x", [0.0], None, None, 5).unwrap();
        assert_eq!((a.min, a.max), (-1.0, 1.0));
        let a = Axis::new("y", [0.95], None, None, 5).unwrap();
        assert!(a.min < 0.95 && 0.95 < a.max, "{a:?}");
        assert!(a.ticks.len() >= 2, "{a:?}");
    }

    #[test]
    fn empty_fixed_range_is_an_error() {
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
    }

    #[test]
    fn labels_never_read_minus_zero() {
        assert_eq!(format_tick(-1e-17, step(1, -1), YFormat::Number), "0.0");
        assert_eq!(format_tick(-0.0, step(5, 0), YFormat::Number), "0");
        assert_eq!(
            format_tick(-0.5, step(5, -1), YFormat::Number),
            "\u{2212}0.5"
        );
        assert_eq!(format_tick(0.955, step(5, -3), YFormat::Percent), "95.5%");
        assert_eq!(format_tick(2500.0, step(5, 2), YFormat::Number), "2500");
        let a = Axis::new("y", [-1.0, 1.0], None, None, 4).unwrap();
        assert!(
            labels(&a, YFormat::Number).contains(&"0.0".to_string()),
            "{a:?}"
        );
    }

    fn spec(series: Vec<Series>) -> ChartSpec {
        ChartSpec {
            title: Some("Accuracy".into()),
            x_label: "epoch".into(),
            y_label: "accuracy".into(),
            series,
            ..ChartSpec::default()
        }
    }

    fn line(name: &str, points: &[[f64; 2]]) -> Series {
        Series {
            name: name.into(),
            color: String::new(),
            points: points.to_vec(),
        }
    }

    #[test]
    fn data_maps_into_the_plot_rect() {
        let mut s = spec(vec![line("test", &[[1.0, 0.9], [2.0, 0.95]])]);
        s.x_min = Some(0.0);
        s.x_max = Some(10.0);
        s.y_min = Some(0.0);
        s.y_max = Some(1.0);
        let l = ChartLayout::new(&s, 400.0, 240.0, &estimate_width).unwrap();
        let p = l.plot;
        assert!(p.x > 0.0 && p.y > 0.0 && p.right() < 400.0 && p.bottom() < 240.0);
        assert_eq!(l.x_px(0.0), p.x);
        assert!((l.x_px(10.0) - p.right()).abs() < 1e-9);
        assert!((l.x_px(5.0) - (p.x + p.width / 2.0)).abs() < 1e-9);
        assert_eq!(l.y_px(0.0), p.bottom());
        assert!((l.y_px(1.0) - p.y).abs() < 1e-9);
        assert!(l.title_y.is_some_and(|t| t < p.y));
        assert!(l.legend.is_empty());
    }

    #[test]
    fn margins_leave_room_for_labels() {
        let s = spec(vec![line("a", &[[0.0, 12345.0], [1.0, 0.0]])]);
        let l = ChartLayout::new(&s, 400.0, 240.0, &estimate_width).unwrap();
        let widest =
            l.y.ticks
                .iter()
                .map(|&v| estimate_width(&l.y.label(v, YFormat::Number)))
                .fold(0.0, f64::max);
        // y label row + widest tick label + tick + gap fit left of the plot.
        assert!(l.plot.x >= LINE_PX + widest + TICK_PX + GAP_PX, "{l:?}");
        // x tick labels and the x label fit below it.
        assert!(l.height - l.plot.bottom() >= TICK_PX + 2.0 * LINE_PX);
    }

    #[test]
    fn legend_only_for_several_series_and_inside_the_chart() {
        let s = spec(vec![
            line("training", &[[1.0, 0.5]]),
            line("test", &[[1.0, 0.6]]),
        ]);
        let l = ChartLayout::new(&s, 400.0, 240.0, &estimate_width).unwrap();
        assert_eq!(l.legend.len(), 2);
        for e in &l.legend {
            assert!(e.x >= 0.0 && e.y < l.plot.y, "{e:?}");
            let w = SWATCH_PX + GAP_PX + estimate_width(&s.series[e.series].name);
            assert!(e.x + w <= 400.0, "{e:?}");
        }
        // Too narrow for one row: it wraps.
        let l = ChartLayout::new(&s, 120.0, 240.0, &estimate_width).unwrap();
        assert!(l.legend[0].y < l.legend[1].y, "{:?}", l.legend);
        assert_eq!(s.color(0), PALETTE[0]);
    }

    #[test]
    fn empty_series_and_tiny_canvases_still_lay_out() {
        let l = ChartLayout::new(&spec(vec![]), 300.0, 150.0, &estimate_width).unwrap();
        assert_eq!((l.x.min, l.x.max, l.y.min, l.y.max), (0.0, 1.0, 0.0, 1.0));
        let l = ChartLayout::new(&spec(vec![line("a", &[])]), 0.0, 0.0, &estimate_width).unwrap();
        assert!(l.plot.width >= 1.0 && l.plot.height >= 1.0);
        let l = ChartLayout::new(&spec(vec![]), f64::NAN, f64::INFINITY, &estimate_width).unwrap();
        assert_eq!((l.width, l.height), (0.0, 0.0));
    }

    #[test]
    fn non_finite_bounds_are_errors() {
        let mut s = spec(vec![]);
        s.y_max = Some(f64::NAN);
        let err = ChartLayout::new(&s, 300.0, 150.0, &estimate_width).unwrap_err();
        assert!(matches!(err, ChartError::NotFinite { field: "yMax", .. }));
        let mut s = spec(vec![]);
        s.x_min = Some(5.0);
        s.x_max = Some(1.0);
        assert!(ChartLayout::new(&s, 300.0, 150.0, &estimate_width).is_err());
    }

    #[test]
    fn polylines_break_at_gaps_and_markers_thin_out() {
        let s = line(
            "a",
            &[
                [0.0, 0.0],
                [1.0, f64::NAN],
                [2.0, 1.0],
                [3.0, 0.5],
                [f64::NAN, 0.0],
            ],
        );
        let l = ChartLayout::new(&spec(vec![s.clone()]), 300.0, 150.0, &estimate_width).unwrap();
        let runs = l.polylines(&s);
        assert_eq!(runs.iter().map(Vec::len).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(runs[1][0], (l.x_px(2.0), l.y_px(1.0)));
        assert!(l.show_markers(&s));
        let many = line("b", &vec![[0.0, 0.0]; 1000]);
        assert!(!l.show_markers(&many));
        assert!(l.show_markers(&line("c", &[[1.0, 1.0]])));
    }

    #[test]
    fn spec_reads_the_page_json() {
        let s: ChartSpec = serde_json::from_str(
            r##"{"title": "Accuracy", "xLabel": "epoch", "yLabel": "accuracy",
                "series": [{"name": "test", "color": "#2166ac", "points": [[1, 0.9], [2, 0.93]]}],
                "yMin": 0, "yMax": 1, "yFormat": "percent"}"##,
        )
        .unwrap();
        assert_eq!(s.y_format, YFormat::Percent);
        assert_eq!(s.series[0].points[1], [2.0, 0.93]);
        assert_eq!((s.y_min, s.x_min), (Some(0.0), None));
        let minimal: ChartSpec = serde_json::from_str(r#"{"series": []}"#).unwrap();
        assert_eq!(minimal.y_format, YFormat::Number);
        assert!(serde_json::from_str::<ChartSpec>(r#"{"series": 5}"#).is_err());
        assert!(serde_json::from_str::<ChartSpec>(r#"{"series": [], "yFormat": "pct"}"#).is_err());
        assert!(serde_json::from_str::<ChartSpec>(r#"{"title": "no series"}"#).is_err());
    }
}
