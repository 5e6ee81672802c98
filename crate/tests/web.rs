//! Browser tests of the canvas exports in `web::view`: draw, then read the pixels back.
//!
//! Run with wasm-bindgen-test-runner in headless Chromium (see `crate/webdriver.json`); the
//! colours and layout themselves are tested natively in `pixels` and `chart`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    reason = "in a test a failed unwrap is a failed test"
)]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use weightscope::pixels::{NAN_RGBA, NEGATIVE_RGBA, POSITIVE_RGBA, ZERO_RGBA};
use weightscope::web::view::{draw_chart, draw_legend, draw_weights, image_shape, symmetric_scale};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh canvas in the document, with `style` as its CSS.
fn canvas(style: &str) -> HtmlCanvasElement {
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

fn context(canvas: &HtmlCanvasElement) -> CanvasRenderingContext2d {
    canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// The RGBA of backing-store pixel `(x, y)`.
fn pixel(canvas: &HtmlCanvasElement, x: u32, y: u32) -> [u8; 4] {
    let data = context(canvas)
        .get_image_data(f64::from(x), f64::from(y), 1.0, 1.0)
        .unwrap()
        .data();
    [data[0], data[1], data[2], data[3]]
}

/// Every pixel of the backing store, RGBA.
fn all_pixels(canvas: &HtmlCanvasElement) -> Vec<[u8; 4]> {
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let data = context(canvas)
        .get_image_data(0.0, 0.0, w, h)
        .unwrap()
        .data();
    data.chunks_exact(4)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect()
}

/// Panics with the error's message if `r` is an error.
fn ok(r: Result<(), wasm_bindgen::JsError>) {
    if let Err(e) = r {
        let e = JsValue::from(e);
        panic!(
            "{:?}",
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        );
    }
}

#[wasm_bindgen_test]
fn weights_land_on_the_right_pixels() {
    let mut w = vec![0.0_f32; 784];
    w[3 * 28 + 5] = 0.8; // row 3, column 5
    w[10 * 28 + 20] = -0.8; // row 10, column 20
    w[27 * 28 + 27] = f32::NAN;
    let c = canvas("width: 112px; height: 112px; image-rendering: pixelated");
    let scale = symmetric_scale(&w);
    assert_eq!(scale, 0.8);
    ok(draw_weights(&c, &w, scale));
    assert_eq!((c.width(), c.height()), (28, 28));
    assert_eq!(pixel(&c, 5, 3), POSITIVE_RGBA);
    assert_eq!(pixel(&c, 20, 10), NEGATIVE_RGBA);
    assert_eq!(pixel(&c, 0, 0), ZERO_RGBA);
    assert_eq!(pixel(&c, 3, 5), ZERO_RGBA);
    assert_eq!(pixel(&c, 27, 27), NAN_RGBA);
}

#[wasm_bindgen_test]
fn thirty_weights_make_a_six_by_five_canvas() {
    let c = canvas("");
    ok(draw_weights(&c, &[0.5; 30], 1.0));
    assert_eq!((c.width(), c.height()), (6, 5));
    assert_eq!(image_shape(30), vec![5, 6]);
    assert_eq!(image_shape(784), vec![28, 28]);
    // Redrawing with another size resizes the canvas.
    ok(draw_weights(&c, &[0.5; 10], 1.0));
    assert_eq!((c.width(), c.height()), (5, 2));
    ok(draw_weights(&c, &[], 1.0));
    assert_eq!((c.width(), c.height()), (0, 0));
}

#[wasm_bindgen_test]
fn legend_runs_from_red_to_blue() {
    let c = canvas("width: 200px; height: 12px");
    c.set_width(101);
    c.set_height(4);
    ok(draw_legend(&c, 0.25));
    assert_eq!((c.width(), c.height()), (101, 4));
    assert_eq!(pixel(&c, 0, 0), NEGATIVE_RGBA);
    assert_eq!(pixel(&c, 50, 2), ZERO_RGBA);
    assert_eq!(pixel(&c, 100, 3), POSITIVE_RGBA);
    // A canvas without a size gets a 256x1 bar.
    c.set_width(0);
    ok(draw_legend(&c, 0.25));
    assert_eq!((c.width(), c.height()), (256, 1));
    assert_eq!(pixel(&c, 0, 0), NEGATIVE_RGBA);
    assert_eq!(pixel(&c, 255, 0), POSITIVE_RGBA);
}

/// The palette's paper, which every chart is drawn on.
const WHITE: [u8; 4] = [255, 255, 255, 255];

fn spec(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn chart_draws_axes_lines_and_text() {
    let c = canvas("width: 320px; height: 200px; color: #000");
    ok(draw_chart(
        &c,
        spec(
            r##"{"title": "Accuracy", "xLabel": "epoch", "yLabel": "accuracy",
                 "series": [
                   {"name": "test", "color": "#ff0000",
                    "points": [[1, 0.9], [2, 0.93], [3, 0.95]]},
                   {"name": "training", "color": "#0000ff", "points": [[1, 0.88], [2, 0.94]]}
                 ],
                 "xMin": 0, "xMax": 30, "yMin": 0.8, "yMax": 1, "yFormat": "percent"}"##,
        ),
        JsValue::UNDEFINED,
    ));
    // The backing store is the CSS size times devicePixelRatio.
    let ratio = web_sys::window().unwrap().device_pixel_ratio();
    assert_eq!(f64::from(c.width()), (320.0 * ratio).round());
    assert_eq!(f64::from(c.height()), (200.0 * ratio).round());
    let pixels = all_pixels(&c);
    let inked = pixels.iter().filter(|p| **p != WHITE).count();
    assert!(inked > 500, "only {inked} pixels drawn");
    // The series colours made it onto the canvas.
    assert!(pixels.contains(&[255, 0, 0, 255]), "no red series pixel");
    assert!(pixels.contains(&[0, 0, 255, 255]), "no blue series pixel");
}

#[wasm_bindgen_test]
fn chart_with_nothing_or_one_point_still_draws() {
    let c = canvas("width: 240px; height: 160px");
    ok(draw_chart(
        &c,
        spec(r#"{"series": []}"#),
        JsValue::UNDEFINED,
    ));
    assert!(
        all_pixels(&c).iter().any(|p| *p != WHITE),
        "empty chart drew no axes"
    );
    ok(draw_chart(
        &c,
        spec(
            r##"{"xLabel": "epoch", "yLabel": "cost",
                 "series": [{"name": "cost", "color": "#00ff00", "points": [[1, 0.5]]}]}"##,
        ),
        JsValue::UNDEFINED,
    ));
    assert!(
        all_pixels(&c).contains(&[0, 255, 0, 255]),
        "lone point has no marker"
    );
}

#[wasm_bindgen_test]
fn malformed_chart_specs_are_errors_not_panics() {
    let c = canvas("width: 240px; height: 160px");
    assert!(draw_chart(&c, JsValue::from_str("not a spec"), JsValue::UNDEFINED).is_err());
    assert!(draw_chart(&c, JsValue::NULL, JsValue::UNDEFINED).is_err());
    assert!(draw_chart(&c, spec(r#"{"series": 5}"#), JsValue::UNDEFINED).is_err());
    assert!(draw_chart(
        &c,
        spec(r#"{"series": [{"points": [["a", 1]]}]}"#),
        JsValue::UNDEFINED
    )
    .is_err());
    assert!(draw_chart(
        &c,
        spec(r#"{"series": [], "yFormat": "pct"}"#),
        JsValue::UNDEFINED
    )
    .is_err());
    assert!(draw_chart(
        &c,
        spec(r#"{"series": [], "yMin": 1, "yMax": 0}"#),
        JsValue::UNDEFINED
    )
    .is_err());
    assert!(draw_chart(&c, spec(r#"{"series": []}"#), spec(r#"{"width": "wide"}"#)).is_err());
    // And the canvas still works afterwards.
    ok(draw_chart(
        &c,
        spec(r#"{"series": []}"#),
        JsValue::UNDEFINED,
    ));
}

#[wasm_bindgen_test]
fn a_placement_sets_size_and_ratio_without_the_page() {
    // A canvas outside the document, as an export makes: nothing is read from layout.
    let document = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    let bars = spec(
        r#"{"bars": {"values": [0.5, -0.5, 1], "labels": ["0", "1", "2"], "signed": true, "highlight": 2}}"#,
    );
    ok(draw_chart(
        &c,
        bars.clone(),
        spec(r#"{"width": 150, "height": 80, "ratio": 1}"#),
    ));
    assert_eq!((c.width(), c.height()), (150, 80));
    let once = all_pixels(&c);
    ok(draw_chart(
        &c,
        bars,
        spec(r#"{"width": 150, "height": 80, "ratio": 2}"#),
    ));
    assert_eq!((c.width(), c.height()), (300, 160));
    // The bars are in the palette's likes, dislikes and chosen colours at both ratios.
    for pixels in [once, all_pixels(&c)] {
        for rgba in [
            [0x1d, 0x4e, 0xd8, 255],
            [0xb9, 0x1c, 0x1c, 255],
            [0xf5, 0x9e, 0x0b, 255],
        ] {
            assert!(pixels.contains(&rgba), "no {rgba:?} bar");
        }
    }
    // `at` draws into part of the canvas as it is: the size stays, the rest is untouched.
    let c = canvas("width: 100px; height: 100px");
    c.set_width(400);
    c.set_height(100);
    ok(draw_chart(
        &c,
        spec(r#"{"series": []}"#),
        spec(r#"{"width": 200, "height": 100, "at": [200, 0]}"#),
    ));
    assert_eq!((c.width(), c.height()), (400, 100));
    assert_eq!(pixel(&c, 100, 50), [0, 0, 0, 0], "left half untouched");
    assert_eq!(pixel(&c, 201, 1), WHITE, "right half on paper");
}
