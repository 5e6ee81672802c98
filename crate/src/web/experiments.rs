//! The experiments' pure logic for the page (wasm32 only): a sweep's runs, the
//! spread over seeds, and the two configs of a side-by-side comparison, so the page and the
//! command line read the same numbers and make the same pairs.

use wasm_bindgen::prelude::*;

use crate::experiments::{self, Variation};
use crate::nn::Config;
use crate::web::to_js;

/// Every run of a sweep of `config`'s recipe over the `hidden` sizes, `seeds` seeds each
/// ([`experiments::sweep_configs`]), in order.
///
/// # Errors
/// When `config` is not a configuration.
#[wasm_bindgen(js_name = sweepConfigs)]
pub fn sweep_configs(config: JsValue, hidden: Vec<u32>, seeds: u32) -> Result<JsValue, JsError> {
    let config: Config = serde_wasm_bindgen::from_value(config)
        .map_err(|e| JsError::new(&format!("not a configuration: {e}")))?;
    let hidden: Vec<usize> = hidden.into_iter().map(|h| h as usize).collect();
    to_js(&experiments::sweep_configs(
        &config,
        &hidden,
        seeds as usize,
    ))
}

/// `{min, median, max}` of some numbers, or `undefined` when there are none.
///
/// # Errors
/// Never in practice (serializing numbers).
#[wasm_bindgen]
pub fn spread(values: Vec<f64>) -> Result<JsValue, JsError> {
    match experiments::spread(&values) {
        Some(s) => to_js(&s),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// The two configs of a comparison of `config`: `variation` is `"initAndL2"` ((a) N(0,1), no
/// L2; (b) N(0,1)/√n_in, λ 5.0) or `"cost"` ((a) quadratic; (b) cross-entropy).
///
/// # Errors
/// When `config` is not a configuration or `variation` is unknown.
#[wasm_bindgen(js_name = compareConfigs)]
pub fn compare_configs(config: JsValue, variation: &str) -> Result<JsValue, JsError> {
    let config: Config = serde_wasm_bindgen::from_value(config)
        .map_err(|e| JsError::new(&format!("not a configuration: {e}")))?;
    let variation = match variation {
        "initAndL2" => Variation::InitAndL2,
        "cost" => Variation::Cost,
        other => return Err(JsError::new(&format!("no comparison called {other}"))),
    };
    to_js(&experiments::compare(&config, variation))
}

/// The JSON names of the fields in which two configs differ, e.g. `["lambda", "init"]`.
///
/// # Errors
/// When either is not a configuration.
#[wasm_bindgen(js_name = configDifferences)]
pub fn config_differences(a: JsValue, b: JsValue) -> Result<JsValue, JsError> {
    let read = |value| {
        serde_wasm_bindgen::from_value::<Config>(value)
            .map_err(|e| JsError::new(&format!("not a configuration: {e}")))
    };
    to_js(&experiments::differences(&read(a)?, &read(b)?))
}

/// `config` in words, as the side by side titles it ([`experiments::in_words`]).
///
/// # Errors
/// When `config` is not a configuration.
#[wasm_bindgen(js_name = configInWords)]
pub fn config_in_words(config: JsValue) -> Result<String, JsError> {
    serde_wasm_bindgen::from_value::<Config>(config)
        .map(|config| experiments::in_words(&config))
        .map_err(|e| JsError::new(&format!("not a configuration: {e}")))
}
