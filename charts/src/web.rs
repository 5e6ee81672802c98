//! The chart wasm's exports (wasm32 only): `drawChart` and `drawFigure` onto a canvas at any
//! size and devicePixelRatio, and the `palette`.
//!
//! Thin on purpose: [`crate::chart`], [`crate::specs`] and [`crate::figure`] decide what to
//! draw; this module is a plotters backend on a canvas 2d context, in CSS pixels, whose text the
//! canvas measures, and runs a figure's operations. It keeps no state.

use std::f64::consts::PI;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::chart::{self, ChartSpec, FONT_FAMILY};
use crate::figure::{self, Align, FigureRequest, Op, Rect, Text};
use crate::palette;
use crate::specs::Chart;

/// Installs the panic hook so a panic in wasm reads as a message, not `unreachable`.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Where and how big `drawChart` draws. JSON: `{width, height, ratio, at?: [x, y]}`, sizes in
/// CSS pixels. Without `at` the canvas is resized to `width * ratio` x `height * ratio`; with
/// it the chart goes into that rectangle of the canvas as it is (an export sheet).
#[derive(serde::Deserialize)]
struct Placement {
    width: f64,
    height: f64,
    #[serde(default = "one")]
    ratio: f64,
    #[serde(default)]
    at: Option<[f64; 2]>,
}

fn one() -> f64 {
    1.0
}

/// Draws a chart with plotters: `chart` is a named chart with its data, `{accuracy: {…}}` (see
/// `specs::Chart`: `accuracy`, `cost`, `compareAccuracy`, `compareHistogram`, `sweep`,
/// `matching`), or a spec as it is, `{spec: {…}}` (see `chart::ChartSpec`: `{title?, xLabel,
/// yLabel, series: [{name, color, points: [[x, y], ...], mark?: "line" | "points" | "steps"}],
/// bars?: {values, labels?, signed?, highlight?, max?, min?}, yMin?, yMax?, xMin?, xMax?,
/// xWhole?, yFormat?: "percent" | "number", description?}`). Colours are palette roles or `#rrggbb`. A chart that fills its canvas
/// and has a description makes it the canvas's `aria-label`.
///
/// `placement` (`{width, height, ratio, at?: [x, y]}`, CSS pixels) says where: the figure
/// functions and exports always give it, so nothing is read from the page. Without it the
/// canvas keeps its CSS size and its backing store is that times `devicePixelRatio`.
///
/// # Errors
/// `chart` or `placement` does not have that shape, a fixed bound is not finite or
/// `min >= max`, or the canvas has no 2d context.
#[wasm_bindgen(js_name = drawChart)]
pub fn draw_chart(
    canvas: &HtmlCanvasElement,
    chart: JsValue,
    placement: JsValue,
) -> Result<(), JsError> {
    let spec = serde_wasm_bindgen::from_value::<Chart>(chart)
        .map_err(|e| JsError::new(&format!("drawChart: bad chart: {e}")))?
        .spec();
    let place = if placement.is_undefined() || placement.is_null() {
        on_screen(canvas)
    } else {
        serde_wasm_bindgen::from_value(placement)
            .map_err(|e| JsError::new(&format!("drawChart: bad placement: {e}")))?
    };
    if place.at.is_none() {
        let (width, height) = (clean(place.width), clean(place.height));
        let ratio = clean_ratio(place.ratio);
        // Both at most i32::MAX * ratio, so the casts are in range for any real screen.
        let backing_w = (width * ratio).round().max(1.0) as u32;
        let backing_h = (height * ratio).round().max(1.0) as u32;
        if canvas.width() != backing_w {
            canvas.set_width(backing_w);
        }
        if canvas.height() != backing_h {
            canvas.set_height(backing_h);
        }
        if let Some(description) = &spec.description {
            canvas
                .set_attribute("aria-label", description)
                .map_err(|e| JsError::new(&format!("drawChart: aria-label: {e:?}")))?;
        }
    }
    draw_spec(&context(canvas)?, &spec, &place)
}

/// A size that is at least one pixel (1 when not finite).
fn clean(v: f64) -> f64 {
    if v.is_finite() {
        v.max(1.0)
    } else {
        1.0
    }
}

/// A devicePixelRatio that is positive and finite (else 1).
fn clean_ratio(ratio: f64) -> f64 {
    Some(ratio)
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
}

/// Draws `spec` with `ctx` into `place`'s rectangle, clipped to it, at its ratio.
fn draw_spec(
    ctx: &CanvasRenderingContext2d,
    spec: &ChartSpec,
    place: &Placement,
) -> Result<(), JsError> {
    let ratio = clean_ratio(place.ratio);
    let (width, height) = (clean(place.width), clean(place.height));
    let [x, y] = place.at.unwrap_or([0.0, 0.0]);
    ctx.save();
    let drawn = (|| {
        ctx.set_transform(ratio, 0.0, 0.0, ratio, x * ratio, y * ratio)
            .map_err(|e| JsError::new(&format!("drawChart: setTransform failed: {e:?}")))?;
        ctx.begin_path();
        ctx.rect(0.0, 0.0, width, height);
        ctx.clip();
        let size = (width.round() as u32, height.round() as u32);
        chart::draw(CanvasBackend { ctx, size }, spec).map_err(|e| JsError::new(&e.to_string()))
    })();
    ctx.restore();
    drawn
}

/// Draws a figure of the PNG export on `canvas`, resized to the figure's size times `ratio`:
/// `figure` is a figure with its data, `{layer: {…}}` (see `figure::FigureRequest`: `chartRow`,
/// `layer`, `pad`, `explorer`), `credit` the line at its foot (empty: none). Returns the figure's CSS size,
/// `{width, height}`.
///
/// # Errors
/// `figure` does not have that shape or its data does not fit together, or the canvas refuses a
/// call.
#[wasm_bindgen(js_name = drawFigure)]
pub fn draw_figure(
    canvas: &HtmlCanvasElement,
    figure: JsValue,
    ratio: f64,
    credit: &str,
) -> Result<JsValue, JsError> {
    let request: FigureRequest = serde_wasm_bindgen::from_value(figure)
        .map_err(|e| JsError::new(&format!("drawFigure: bad figure: {e}")))?;
    let sheet = figure::layout(&request, credit).map_err(|e| JsError::new(&e.to_string()))?;
    let ratio = clean_ratio(ratio);
    // Figures are a few thousand CSS pixels at most: the casts are in range.
    canvas.set_width((sheet.width * ratio).round().max(1.0) as u32);
    canvas.set_height((sheet.height * ratio).round().max(1.0) as u32);
    let ctx = context(canvas)?;
    ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)
        .map_err(refused("setTransform"))?;
    ctx.set_fill_style_str(role("paper"));
    ctx.fill_rect(0.0, 0.0, sheet.width, sheet.height);
    ctx.set_image_smoothing_enabled(false);
    ctx.set_line_width(1.0);
    for op in &sheet.ops {
        match op {
            Op::Text(text) => write(&ctx, text).map_err(refused("fillText"))?,
            Op::Pixels {
                rgba,
                cols,
                rows,
                rect,
            } => paint(&ctx, rgba, (*cols, *rows), rect)?,
            Op::Frame(r) => {
                ctx.set_stroke_style_str(role("line"));
                ctx.stroke_rect(r.x, r.y, r.width, r.height);
            }
            Op::Chart { spec, rect } => {
                let place = Placement {
                    width: rect.width,
                    height: rect.height,
                    ratio,
                    at: Some([rect.x, rect.y]),
                };
                draw_spec(&ctx, spec, &place)?;
            }
        }
    }
    let size = js_sys::Object::new();
    for (key, value) in [("width", sheet.width), ("height", sheet.height)] {
        js_sys::Reflect::set(&size, &JsValue::from_str(key), &JsValue::from_f64(value))
            .map_err(refused("size"))?;
    }
    Ok(size.into())
}

/// A canvas call of `drawFigure` failed (the browser threw).
fn refused(what: &'static str) -> impl Fn(JsValue) -> JsError {
    move |e| JsError::new(&format!("drawFigure: {what} failed: {e:?}"))
}

/// The palette's colour for `role` (black for a role it lacks).
fn role(role: &str) -> &'static str {
    palette::named(role).unwrap_or("#000000")
}

/// Writes one line of a figure.
fn write(ctx: &CanvasRenderingContext2d, text: &Text) -> Result<(), JsValue> {
    let (weight, size) = text.font.weight_and_size();
    ctx.set_font(&format!("{weight} {size}px {FONT_FAMILY}"));
    ctx.set_fill_style_str(role(text.color));
    ctx.set_text_baseline(if text.bottom { "bottom" } else { "top" });
    ctx.set_text_align(match text.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    });
    match text.max_width {
        Some(max) => ctx.fill_text_with_max_width(&text.text, text.x, text.y, max),
        None => ctx.fill_text(&text.text, text.x, text.y),
    }
}

/// Puts `cols` x `rows` RGBA pixels on a canvas of their own, then scales that into `rect`.
fn paint(
    ctx: &CanvasRenderingContext2d,
    rgba: &[u8],
    (cols, rows): (usize, usize),
    rect: &Rect,
) -> Result<(), JsError> {
    if cols == 0 || rows == 0 {
        return Ok(());
    }
    let (cols, rows) = (u32::try_from(cols)?, u32::try_from(rows)?);
    let pixels = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("drawFigure: no document to draw pixels in"))?
        .create_element("canvas")
        .map_err(refused("createElement"))?
        .dyn_into::<HtmlCanvasElement>()
        .map_err(|_| JsError::new("drawFigure: not a canvas"))?;
    pixels.set_width(cols);
    pixels.set_height(rows);
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), cols, rows)
        .map_err(refused("ImageData"))?;
    context(&pixels)?
        .put_image_data(&image, 0.0, 0.0)
        .map_err(refused("putImageData"))?;
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        &pixels,
        rect.x,
        rect.y,
        rect.width,
        rect.height,
    )
    .map_err(refused("drawImage"))
}

/// The page's own charts: the canvas's CSS size at the screen's devicePixelRatio. A canvas
/// outside layout (display: none) draws at its own size, unscaled, so repeated draws never grow
/// it.
fn on_screen(canvas: &HtmlCanvasElement) -> Placement {
    let ratio = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0);
    match (canvas.client_width(), canvas.client_height()) {
        (w, h) if w > 0 && h > 0 => Placement {
            width: f64::from(w),
            height: f64::from(h),
            ratio,
            at: None,
        },
        _ => Placement {
            width: f64::from(canvas.width()),
            height: f64::from(canvas.height()),
            ratio: 1.0,
            at: None,
        },
    }
}

/// The palette (`{role: "#rrggbb"}`), for the page's own drawing (the export sheets).
#[wasm_bindgen]
pub fn palette() -> js_sys::Object {
    let object = js_sys::Object::new();
    for (role, hex) in crate::palette::PALETTE {
        // Setting a plain string property on a fresh object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(role), &JsValue::from_str(hex));
    }
    object
}

/// A plotters backend on a canvas 2d context whose transform is set so one unit is one CSS
/// pixel: any devicePixelRatio stays crisp, and text is measured by the canvas itself.
struct CanvasBackend<'a> {
    ctx: &'a CanvasRenderingContext2d,
    /// Width and height in CSS pixels.
    size: (u32, u32),
}

/// A canvas call failed (the browser threw).
#[derive(Debug)]
struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasError {}

type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

fn failed(what: &'static str) -> impl Fn(JsValue) -> DrawingErrorKind<CanvasError> {
    move |e| DrawingErrorKind::DrawingError(CanvasError(format!("{what} failed: {e:?}")))
}

fn css(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", color.alpha)
}

impl CanvasBackend<'_> {
    fn stroke_style(&self, style: &impl BackendStyle) {
        self.ctx.set_stroke_style_str(&css(style.color()));
        self.ctx.set_line_width(f64::from(style.stroke_width()));
    }

    fn font(&self, style: &impl BackendTextStyle) {
        let weight = match style.style() {
            FontStyle::Bold => "600",
            _ => "400",
        };
        self.ctx.set_font(&format!(
            "{weight} {}px {}",
            style.size(),
            style.family().as_str()
        ));
    }

    /// A path through `points`, with odd-width horizontal and vertical lines moved half a
    /// pixel so they cover whole pixels.
    fn trace(&self, points: impl IntoIterator<Item = BackendCoord>, width: u32) {
        let shift = if width % 2 == 1 { 0.5 } else { 0.0 };
        let points: Vec<BackendCoord> = points.into_iter().collect();
        let straight = points
            .windows(2)
            .all(|w| w[0].0 == w[1].0 || w[0].1 == w[1].1);
        let shift = if straight { shift } else { 0.0 };
        self.ctx.begin_path();
        for (k, &(x, y)) in points.iter().enumerate() {
            let (x, y) = (f64::from(x) + shift, f64::from(y) + shift);
            if k == 0 {
                self.ctx.move_to(x, y);
            } else {
                self.ctx.line_to(x, y);
            }
        }
    }
}

impl DrawingBackend for CanvasBackend<'_> {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        self.ctx.set_fill_style_str(&css(color));
        self.ctx
            .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (w, h) = (
            f64::from(bottom_right.0 - upper_left.0),
            f64::from(bottom_right.1 - upper_left.1),
        );
        if fill {
            self.ctx.set_fill_style_str(&css(style.color()));
            self.ctx.fill_rect(x, y, w, h);
        } else {
            self.stroke_style(style);
            self.ctx.stroke_rect(x + 0.5, y + 0.5, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        self.stroke_style(style);
        self.ctx.set_line_join("round");
        self.ctx.set_line_cap(if style.stroke_width() > 1 {
            "round"
        } else {
            "butt"
        });
        self.trace(path, style.stroke_width());
        self.ctx.stroke();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        self.ctx.set_fill_style_str(&css(style.color()));
        self.trace(path, 0);
        self.ctx.close_path();
        self.ctx.fill();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        self.ctx.begin_path();
        self.ctx
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                2.0 * PI,
            )
            .map_err(failed("arc"))?;
        if fill {
            self.ctx.set_fill_style_str(&css(style.color()));
            self.ctx.fill();
        } else {
            self.stroke_style(style);
            self.ctx.stroke();
        }
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.font(style);
        let width = self
            .ctx
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or_else(|_| 7.0 * text.chars().count() as f64);
        // Text widths and font sizes are small positive numbers: the casts are exact enough.
        Ok((width.ceil() as u32, style.size().ceil() as u32))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        let turn = match style.transform() {
            FontTransform::Rotate90 => PI / 2.0,
            FontTransform::Rotate180 => PI,
            FontTransform::Rotate270 => -PI / 2.0,
            _ => 0.0,
        };
        self.ctx.save();
        self.ctx
            .translate(f64::from(pos.0), f64::from(pos.1))
            .map_err(failed("translate"))?;
        if turn != 0.0 {
            self.ctx.rotate(turn).map_err(failed("rotate"))?;
        }
        let anchor = style.anchor();
        self.ctx.set_text_baseline(match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        self.ctx.set_text_align(match anchor.h_pos {
            HPos::Left => "left",
            HPos::Right => "right",
            HPos::Center => "center",
        });
        self.font(style);
        self.ctx.set_fill_style_str(&css(style.color()));
        let drawn = self
            .ctx
            .fill_text(text, 0.0, 0.0)
            .map_err(failed("fillText"));
        self.ctx.restore();
        drawn
    }
}

/// The canvas's 2d context, or why there is none.
fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    match canvas.get_context("2d") {
        Ok(Some(ctx)) => ctx
            .dyn_into()
            .map_err(|_| JsError::new("drawChart: not a 2d context")),
        Ok(None) => Err(JsError::new(
            "drawChart: the canvas already has another kind of context",
        )),
        Err(e) => Err(JsError::new(&format!(
            "drawChart: getContext failed: {e:?}"
        ))),
    }
}
