//! Canvas drawing exports (wasm32 only): weight heat maps, the colour legend and line charts.
//!
//! Thin on purpose: colours come from [`crate::pixels`], chart layout from [`crate::chart`];
//! this module only moves their results onto an `HTMLCanvasElement`. It keeps no state.

use std::f64::consts::PI;

use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::chart::{self, ChartLayout, ChartSpec, YFormat, FONT_PX, GAP_PX, PAD_PX, SWATCH_PX};
use crate::chart::{LINE_PX, TICK_PX};
use crate::pixels;

/// Every chart label's font.
const FONT: &str = "12px system-ui, sans-serif";
/// The title's font.
const TITLE_FONT: &str = "600 12px system-ui, sans-serif";
/// Text colour when the canvas's CSS `color` cannot be read.
const INK: &str = "#222";
/// Radius of a point marker, CSS pixels.
const MARKER_PX: f64 = 2.5;
/// Width of a series line, CSS pixels.
const SERIES_LINE_PX: f64 = 2.0;
/// Size of the legend bar when the canvas has no size of its own.
const LEGEND_SIZE: (u32, u32) = (256, 1);

/// Draws `weights` as a heat map, one pixel per weight, laid out by `imageShape`: blue for
/// positive, red for negative, white for zero, saturating at `|w| = scale` (use
/// `symmetricScale`). Sets the canvas's `width`/`height` to the image (784 weights: 28x28);
/// CSS scales it up (`image-rendering: pixelated`). No weights leave a 0x0 canvas.
///
/// # Errors
/// The canvas has no 2d context, or the browser refuses the image.
#[wasm_bindgen(js_name = drawWeights)]
pub fn draw_weights(
    canvas: &HtmlCanvasElement,
    weights: &[f32],
    scale: f32,
) -> Result<(), JsError> {
    let (rows, cols, rgba) = pixels::weights_to_rgba(weights, scale);
    put_rgba(canvas, u32::try_from(cols)?, u32::try_from(rows)?, &rgba)
}

/// Draws the colour legend: a horizontal bar from red (`-scale`) on the left through white (0) to
/// blue (`+scale`) on the right, filling the canvas's `width` x `height` (256x1 when either is
/// 0). The page prints the numbers beside it.
///
/// # Errors
/// The canvas has no 2d context, or the browser refuses the image.
#[wasm_bindgen(js_name = drawLegend)]
pub fn draw_legend(canvas: &HtmlCanvasElement, scale: f32) -> Result<(), JsError> {
    let (mut width, mut height) = (canvas.width(), canvas.height());
    if width == 0 || height == 0 {
        (width, height) = LEGEND_SIZE;
    }
    let rgba = pixels::legend_rgba(width as usize, height as usize, scale);
    put_rgba(canvas, width, height, &rgba)
}

/// The colour scale for `weights`: the largest finite `|w|`, 1.0 when all are zero.
#[wasm_bindgen(js_name = symmetricScale)]
pub fn symmetric_scale(weights: &[f32]) -> f32 {
    pixels::symmetric_scale(weights)
}

/// The `[rows, cols]` grid `drawWeights` uses for `n` weights (a `Uint32Array` of two).
#[wasm_bindgen(js_name = imageShape)]
pub fn image_shape(n: usize) -> Vec<usize> {
    let (rows, cols) = pixels::image_shape(n);
    vec![rows, cols]
}

/// Draws a line chart from `spec` (`{title?, xLabel, yLabel, series: [{name, color, points:
/// [[x, y], ...]}], yMin?, yMax?, xMin?, xMax?, yFormat?: "percent" | "number"}`): axes, 1-2-5
/// ticks and labels, a legend for more than one series, lines and (when not crowded) point
/// markers. The canvas keeps its CSS size; its backing store is that times `devicePixelRatio`,
/// so text is crisp. Text takes the canvas's CSS `color`.
///
/// # Errors
/// `spec` does not have that shape, a fixed bound is not finite or `min >= max`, or the canvas
/// has no 2d context.
#[wasm_bindgen(js_name = drawChart)]
pub fn draw_chart(canvas: &HtmlCanvasElement, spec: JsValue) -> Result<(), JsError> {
    let spec: ChartSpec = serde_wasm_bindgen::from_value(spec)
        .map_err(|e| JsError::new(&format!("drawChart: bad spec: {e}")))?;
    let window = web_sys::window();
    let ratio = window
        .as_ref()
        .map(web_sys::Window::device_pixel_ratio)
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0);
    // CSS size; a canvas outside layout (display: none) draws at its own size, unscaled, so
    // repeated draws never grow it.
    let (css_w, css_h, ratio) = match (canvas.client_width(), canvas.client_height()) {
        (w, h) if w > 0 && h > 0 => (f64::from(w), f64::from(h), ratio),
        _ => (f64::from(canvas.width()), f64::from(canvas.height()), 1.0),
    };
    // Both at most i32::MAX * ratio, so the casts are in range for any real screen.
    let backing_w = (css_w * ratio).round().max(1.0) as u32;
    let backing_h = (css_h * ratio).round().max(1.0) as u32;
    if canvas.width() != backing_w {
        canvas.set_width(backing_w);
    }
    if canvas.height() != backing_h {
        canvas.set_height(backing_h);
    }
    let ctx = context(canvas)?;
    let (sx, sy) = (
        f64::from(backing_w) / css_w.max(1.0),
        f64::from(backing_h) / css_h.max(1.0),
    );
    ctx.set_transform(sx, 0.0, 0.0, sy, 0.0, 0.0)
        .map_err(js("setTransform"))?;
    ctx.clear_rect(0.0, 0.0, css_w, css_h);

    let ink = window
        .as_ref()
        .and_then(|w| w.get_computed_style(canvas).ok().flatten())
        .and_then(|style| style.get_property_value("color").ok())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| INK.to_string());
    ctx.set_font(FONT);
    let measure = |text: &str| {
        ctx.measure_text(text)
            .map(|m| m.width())
            .unwrap_or_else(|_| chart::estimate_width(text))
    };
    let layout = ChartLayout::new(&spec, css_w, css_h, &measure)?;
    Painter {
        ctx: &ctx,
        ink: &ink,
    }
    .chart(&spec, &layout)
}

/// Strokes a laid-out chart on a context whose units are CSS pixels.
struct Painter<'a> {
    ctx: &'a CanvasRenderingContext2d,
    ink: &'a str,
}

impl Painter<'_> {
    fn chart(&self, spec: &ChartSpec, layout: &ChartLayout) -> Result<(), JsError> {
        let ctx = self.ctx;
        let plot = layout.plot;
        ctx.set_line_cap("butt");
        ctx.set_line_width(1.0);
        ctx.set_stroke_style_str(self.ink);
        ctx.set_fill_style_str(self.ink);

        // Horizontal grid lines at the y ticks, faint.
        ctx.set_global_alpha(0.12);
        ctx.begin_path();
        for &v in &layout.y.ticks {
            let y = crisp(layout.y_px(v));
            ctx.move_to(plot.x, y);
            ctx.line_to(plot.right(), y);
        }
        ctx.stroke();

        // Axes and ticks.
        ctx.set_global_alpha(0.6);
        ctx.begin_path();
        let (left, bottom) = (crisp(plot.x), crisp(plot.bottom()));
        ctx.move_to(left, plot.y);
        ctx.line_to(left, bottom);
        ctx.line_to(plot.right(), bottom);
        for &v in &layout.y.ticks {
            let y = crisp(layout.y_px(v));
            ctx.move_to(left - TICK_PX, y);
            ctx.line_to(left, y);
        }
        for &v in &layout.x.ticks {
            let x = crisp(layout.x_px(v));
            ctx.move_to(x, bottom);
            ctx.line_to(x, bottom + TICK_PX);
        }
        ctx.stroke();
        ctx.set_global_alpha(1.0);

        // Tick labels.
        ctx.set_font(FONT);
        ctx.set_text_align("right");
        ctx.set_text_baseline("middle");
        for &v in &layout.y.ticks {
            let label = layout.y.label(v, spec.y_format);
            self.text(&label, plot.x - TICK_PX - GAP_PX / 2.0, layout.y_px(v))?;
        }
        ctx.set_text_align("center");
        ctx.set_text_baseline("top");
        for &v in &layout.x.ticks {
            let label = layout.x.label(v, YFormat::Number);
            self.text(&label, layout.x_px(v), plot.bottom() + TICK_PX + 2.0)?;
        }

        // Axis labels and title.
        ctx.set_text_baseline("middle");
        if !spec.x_label.is_empty() {
            let y = layout.height - PAD_PX - LINE_PX / 2.0;
            self.text(&spec.x_label, plot.x + plot.width / 2.0, y)?;
        }
        if !spec.y_label.is_empty() {
            ctx.save();
            ctx.translate(PAD_PX + FONT_PX / 2.0, plot.y + plot.height / 2.0)
                .map_err(js("translate"))?;
            ctx.rotate(-PI / 2.0).map_err(js("rotate"))?;
            self.text(&spec.y_label, 0.0, 0.0)?;
            ctx.restore();
        }
        if let (Some(title), Some(y)) = (&spec.title, layout.title_y) {
            ctx.set_font(TITLE_FONT);
            ctx.set_text_align("left");
            self.text(title, PAD_PX, y)?;
            ctx.set_font(FONT);
        }

        // Legend.
        ctx.set_text_align("left");
        for entry in &layout.legend {
            let Some(series) = spec.series.get(entry.series) else {
                continue;
            };
            ctx.set_stroke_style_str(spec.color(entry.series));
            ctx.set_line_width(SERIES_LINE_PX);
            ctx.begin_path();
            ctx.move_to(entry.x, entry.y);
            ctx.line_to(entry.x + SWATCH_PX, entry.y);
            ctx.stroke();
            self.text(&series.name, entry.x + SWATCH_PX + GAP_PX, entry.y)?;
        }

        // Series, clipped to the plot (with room for markers on its edges).
        ctx.save();
        ctx.begin_path();
        ctx.rect(
            plot.x - MARKER_PX - 1.0,
            plot.y - MARKER_PX - 1.0,
            plot.width + 2.0 * MARKER_PX + 2.0,
            plot.height + 2.0 * MARKER_PX + 2.0,
        );
        ctx.clip();
        ctx.set_line_width(SERIES_LINE_PX);
        ctx.set_line_join("round");
        ctx.set_line_cap("round");
        for (i, series) in spec.series.iter().enumerate() {
            let color = spec.color(i);
            ctx.set_stroke_style_str(color);
            ctx.set_fill_style_str(color);
            let runs = layout.polylines(series);
            for run in &runs {
                ctx.begin_path();
                for (k, &(x, y)) in run.iter().enumerate() {
                    if k == 0 {
                        ctx.move_to(x, y);
                    } else {
                        ctx.line_to(x, y);
                    }
                }
                ctx.stroke();
            }
            if layout.show_markers(series) {
                for &(x, y) in runs.iter().flatten() {
                    ctx.begin_path();
                    ctx.arc(x, y, MARKER_PX, 0.0, 2.0 * PI).map_err(js("arc"))?;
                    ctx.fill();
                }
            }
        }
        ctx.restore();
        Ok(())
    }

    fn text(&self, text: &str, x: f64, y: f64) -> Result<(), JsError> {
        self.ctx.fill_text(text, x, y).map_err(js("fillText"))
    }
}

/// The middle of the device pixel row or column at CSS coordinate `v`, so 1px lines are sharp.
fn crisp(v: f64) -> f64 {
    v.floor() + 0.5
}

/// Sizes the canvas to `width` x `height` and puts `rgba` (row-major, 4 bytes a pixel) on it.
pub(crate) fn put_rgba(
    canvas: &HtmlCanvasElement,
    width: u32,
    height: u32,
    rgba: &[u8],
) -> Result<(), JsError> {
    // Resizing a canvas reallocates and clears it, even to the same size: only when it changes
    // (put_image_data below replaces every pixel anyway).
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    if rgba.is_empty() {
        return Ok(());
    }
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), width, height)
        .map_err(js("new ImageData"))?;
    context(canvas)?
        .put_image_data(&image, 0.0, 0.0)
        .map_err(js("putImageData"))
}

/// The canvas's 2d context.
fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .map_err(js("getContext"))?
        .ok_or_else(|| JsError::new("canvas has no 2d context (it already has another kind)"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsError::new("canvas getContext(\"2d\") is not a CanvasRenderingContext2D"))
}

/// Turns an exception thrown by the browser during `what` into an error value.
fn js(what: &'static str) -> impl Fn(JsValue) -> JsError {
    move |e| {
        let detail = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| format!("{e:?}"));
        JsError::new(&format!("{what} failed: {detail}"))
    }
}
