//! Browser tests of the canvas exports in `web::view`: draw, then read the pixels back.
//!
//! Run with wasm-bindgen-test-runner in headless Chromium (see `crate/webdriver.json`); the
//! colours themselves are tested natively in `pixels`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    reason = "in a test a failed unwrap is a failed test"
)]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use weightscope::pixels::{NAN_RGBA, NEGATIVE_RGBA, POSITIVE_RGBA, ZERO_RGBA};
use weightscope::web::view::{draw_legend, draw_weights, image_shape, symmetric_scale};

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::canvas::{canvas, ok, pixel};

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
