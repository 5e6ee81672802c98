//! The PNG export's `drawFigure` (wasm32, cargo feature `figures`): runs a sheet's drawing
//! operations ([`crate::figure`]) on a canvas at a devicePixelRatio. Built into a wasm of its own
//! (www/export-pkg/, the chart wasm with this module) that the page loads at the first "Save as
//! PNG", so the sheets' code (about 32 KB gzipped) is not on a chart reader's or an embed's path.

use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::chart::FONT_FAMILY;
use crate::figure::{self, Align, FigureRequest, Op, Rect, Text};
use crate::palette;
use crate::web::{clean_ratio, context, draw_spec, Placement};

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
