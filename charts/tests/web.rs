//! Browser tests of `drawChart` and `drawFigure`: draw on a real canvas, then read the pixels
//! back.
//!
//! Run with wasm-bindgen-test-runner in headless Chromium (see `charts/webdriver.json`); what is
//! drawn is tested natively in `chart`, `specs` and `figure`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    reason = "in a test a failed unwrap is a failed test"
)]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlCanvasElement;
use weightscope_charts::web::draw_chart;
#[cfg(feature = "figures")]
use weightscope_charts::web_figure::draw_figure;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../../crate/tests/support/canvas.rs"]
mod canvas;
use canvas::{all_pixels, canvas, ok, pixel};

/// The palette's paper, which every chart is drawn on.
const WHITE: [u8; 4] = [255, 255, 255, 255];

fn spec(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// A chart spec as `drawChart` takes it: `{spec: …}`.
fn chart(json: &str) -> JsValue {
    spec(&format!(r#"{{"spec": {json}}}"#))
}

#[wasm_bindgen_test]
fn chart_draws_axes_lines_and_text() {
    let c = canvas("width: 320px; height: 200px; color: #000");
    ok(draw_chart(
        &c,
        chart(
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
        chart(r#"{"series": []}"#),
        JsValue::UNDEFINED,
    ));
    assert!(
        all_pixels(&c).iter().any(|p| *p != WHITE),
        "empty chart drew no axes"
    );
    ok(draw_chart(
        &c,
        chart(
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
    assert!(draw_chart(&c, chart(r#"{"series": 5}"#), JsValue::UNDEFINED).is_err());
    assert!(draw_chart(
        &c,
        chart(r#"{"series": [{"points": [["a", 1]]}]}"#),
        JsValue::UNDEFINED
    )
    .is_err());
    assert!(draw_chart(
        &c,
        chart(r#"{"series": [], "yFormat": "pct"}"#),
        JsValue::UNDEFINED
    )
    .is_err());
    assert!(draw_chart(
        &c,
        chart(r#"{"series": [], "yMin": 1, "yMax": 0}"#),
        JsValue::UNDEFINED
    )
    .is_err());
    assert!(draw_chart(&c, chart(r#"{"series": []}"#), spec(r#"{"width": "wide"}"#)).is_err());
    // And the canvas still works afterwards.
    ok(draw_chart(
        &c,
        chart(r#"{"series": []}"#),
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
    let bars = chart(
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
        chart(r#"{"series": []}"#),
        spec(r#"{"width": 200, "height": 100, "at": [200, 0]}"#),
    ));
    assert_eq!((c.width(), c.height()), (400, 100));
    assert_eq!(pixel(&c, 100, 50), [0, 0, 0, 0], "left half untouched");
    assert_eq!(pixel(&c, 201, 1), WHITE, "right half on paper");
}

#[wasm_bindgen_test]
fn a_named_chart_is_made_from_its_data_and_describes_itself() {
    let c = canvas("width: 300px; height: 150px");
    ok(draw_chart(
        &c,
        spec(r#"{"compareHistogram": {"a": [0.5, -0.25, 0.1], "b": [0.2]}}"#),
        JsValue::UNDEFINED,
    ));
    assert_eq!(
        c.get_attribute("aria-label").as_deref(),
        Some("Histogram of the hidden-layer weights of (a) and (b), from \u{2212}0.50 to 0.50")
    );
    // (a) in the palette's `a` blue.
    assert!(
        all_pixels(&c).contains(&[0x1d, 0x4e, 0xd8, 255]),
        "no (a) steps"
    );
    // As the page sends them: Float32Arrays, (b) missing; its range is (a)'s alone.
    let hidden = js_sys::Object::new();
    let a = js_sys::Float32Array::from(&[0.25f32, -1.0][..]);
    js_sys::Reflect::set(&hidden, &"a".into(), &a).unwrap();
    let named = js_sys::Object::new();
    js_sys::Reflect::set(&named, &"compareHistogram".into(), &hidden).unwrap();
    ok(draw_chart(&c, named.into(), JsValue::UNDEFINED));
    assert_eq!(
        c.get_attribute("aria-label").as_deref(),
        Some("Histogram of the hidden-layer weights of (a) and (b), from \u{2212}1.00 to 1.00")
    );
    let err = draw_chart(&c, spec(r#"{"pie": {}}"#), JsValue::UNDEFINED);
    assert!(err.is_err());
}

#[cfg(feature = "figures")]
#[wasm_bindgen_test]
fn a_figure_is_drawn_at_its_size_times_the_ratio_with_its_heat_maps() {
    let c = canvas("width: 10px; height: 10px");
    // Two neurons of four inputs: 2x2 heat maps, each weight a square of 42 CSS pixels.
    let figure = spec(
        r#"{"layer": {"title": "Hidden layer", "weights": [1, -1, 0, 0.5, -1, 1, 0.5, 0], "nIn": 4}}"#,
    );
    let size = draw_figure(&c, figure, 2.0, "Weightscope").unwrap();
    let get = |key: &str| {
        js_sys::Reflect::get(&size, &JsValue::from_str(key))
            .unwrap()
            .as_f64()
            .unwrap()
    };
    let (width, height) = (get("width"), get("height"));
    assert_eq!(
        (f64::from(c.width()), f64::from(c.height())),
        (2.0 * width, 2.0 * height)
    );
    // The first tile's first weight saturates blue, its second red; unsmoothed, at 2x.
    assert_eq!(pixel(&c, 2 * 12 + 20, 2 * 34 + 20), [33, 102, 172, 255]);
    assert_eq!(
        pixel(&c, 2 * (12 + 42) + 20, 2 * 34 + 20),
        [178, 24, 43, 255]
    );
    assert_eq!(pixel(&c, 2, 2), WHITE, "on paper");
    let bad = spec(r#"{"layer": {"title": "", "weights": [1, 2, 3], "nIn": 2}}"#);
    assert!(draw_figure(&c, bad, 1.0, "").is_err());
}
