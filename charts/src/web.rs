//! The chart wasm's exports (wasm32 only): `drawChart` and `drawFigure` onto a canvas at any
//! size and devicePixelRatio.
//!
//! Thin on purpose: [`crate::chart`] and [`crate::specs`] decide what to draw; this module is a
//! plotters backend on a canvas 2d context, in CSS pixels, whose text the canvas measures. It
//! keeps no state. The PNG export's sheets are `web_figure`'s, in a wasm of their own.

use std::f64::consts::PI;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::chart::{self, ChartSpec};
use crate::specs::{Chart, Sides};

/// Installs the panic hook so a panic in wasm reads as a message, not `unreachable`.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Where and how big `drawChart` draws. JSON: `{width, height, ratio, at?: [x, y]}`, sizes in
/// CSS pixels. Without `at` the canvas is resized to `width * ratio` x `height * ratio`; with
/// it the chart goes into that rectangle of the canvas as it is (an export sheet).
#[derive(serde::Deserialize)]
pub(crate) struct Placement {
    pub(crate) width: f64,
    pub(crate) height: f64,
    #[serde(default = "one")]
    pub(crate) ratio: f64,
    #[serde(default)]
    pub(crate) at: Option<[f64; 2]>,
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
    let spec = read_chart(chart)?.spec();
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

/// A named chart or a spec, as `drawChart` takes it. Side by side's histogram (two hidden layers
/// of weights, 23,520 each for 784-30-10, redrawn as a run goes) reads its Float32Arrays in one
/// copy each: through serde, one number at a time, a draw took 10 ms instead of 0.3 ms.
fn read_chart(chart: JsValue) -> Result<Chart, JsError> {
    let hidden = js_sys::Reflect::get(&chart, &"compareHistogram".into()).unwrap_or_default();
    if hidden.is_object() {
        let side = |name: &str| {
            let weights = js_sys::Reflect::get(&hidden, &name.into()).ok()?;
            // A Float32Array or any array of numbers, copied at once.
            (!weights.is_undefined() && !weights.is_null())
                .then(|| js_sys::Float32Array::new(&weights).to_vec())
        };
        return Ok(Chart::CompareHistogram(Sides {
            a: side("a"),
            b: side("b"),
        }));
    }
    serde_wasm_bindgen::from_value::<Chart>(chart)
        .map_err(|e| JsError::new(&format!("drawChart: bad chart: {e}")))
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
pub(crate) fn clean_ratio(ratio: f64) -> f64 {
    Some(ratio)
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
}

/// Draws `spec` with `ctx` into `place`'s rectangle, clipped to it, at its ratio.
pub(crate) fn draw_spec(
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
pub(crate) fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
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
