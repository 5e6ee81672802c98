//! Canvases for the browser tests (crate/tests/web.rs, charts/tests/web.rs): a fresh canvas in
//! the document, its pixels read back, and a JS error turned into a failed test.
#![allow(dead_code, reason = "each test file uses the helpers it needs")]

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A fresh canvas in the document, with `style` as its CSS.
pub fn canvas(style: &str) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_attribute("style", style).unwrap();
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

pub fn context(canvas: &HtmlCanvasElement) -> CanvasRenderingContext2d {
    canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// The RGBA of backing-store pixel `(x, y)`.
pub fn pixel(canvas: &HtmlCanvasElement, x: u32, y: u32) -> [u8; 4] {
    let data = context(canvas)
        .get_image_data(f64::from(x), f64::from(y), 1.0, 1.0)
        .unwrap()
        .data();
    [data[0], data[1], data[2], data[3]]
}

/// Panics with the error's message if `r` is an error.
pub fn ok(r: Result<(), wasm_bindgen::JsError>) {
    if let Err(e) = r {
        let e = JsValue::from(e);
        panic!(
            "{:?}",
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        );
    }
}

/// Every pixel of the backing store, RGBA.
pub fn all_pixels(canvas: &HtmlCanvasElement) -> Vec<[u8; 4]> {
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let data = context(canvas)
        .get_image_data(0.0, 0.0, w, h)
        .unwrap()
        .data();
    data.chunks_exact(4)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect()
}
