//! Canvas drawing exports (wasm32 only): weight heat maps and the colour legend, on a canvas or
//! as RGBA bytes for the figure functions.
//!
//! Thin on purpose: the colours come from [`crate::pixels`]; this module only moves them onto an
//! `HTMLCanvasElement`. It keeps no state. The charts are the `weightscope-charts` crate's
//! (its own wasm, loaded after the first figure).

use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::pixels;
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

/// The colour scale for `weights`: the 99th percentile of the finite `|w|`, so the top 1% of
/// weights saturate (see `pixels::symmetric_scale`); 1.0 when all are zero.
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
