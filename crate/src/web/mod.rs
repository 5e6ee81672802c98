//! The browser edge (wasm32 only): the training worker's loop and the canvas drawing, thin
//! layers over the pure core.

pub mod experiments;
pub mod explain;
pub mod instruments;
pub mod link;
pub mod model;
pub mod smoothness;
pub mod view;
pub mod worker;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::chapters;
use crate::goal::{Goal, Outcome};
use crate::nn::{Config, Init};
use crate::schema::{self, Dataset};

/// `value` as a plain JS value (objects, arrays, numbers, strings), as JSON would have it.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The one schema (see [`crate::schema`]) for runs on MNIST: parameters, presets, published
/// figures, the sweep and the dataset. The page reads it once at start.
///
/// # Errors
/// Never in practice (serializing plain values).
#[wasm_bindgen(js_name = schema)]
pub fn schema_js() -> Result<JsValue, JsError> {
    to_js(&schema::schema(&Dataset::MNIST))
}

/// Dataset `key`'s descriptor (MNIST's when absent or unknown).
fn dataset_of(key: Option<String>) -> &'static Dataset {
    key.as_deref()
        .and_then(schema::DatasetKey::parse)
        .unwrap_or_default()
        .dataset()
}

/// The chapters in the words of dataset `key` (MNIST's when absent): `[{id, title, claim}]`
/// ([`crate::chapters`]).
///
/// # Errors
/// Never in practice (serializing plain values).
#[wasm_bindgen(js_name = chapters)]
pub fn chapters_js(key: Option<String>) -> Result<JsValue, JsError> {
    to_js(&chapters::chapters(dataset_of(key)))
}

/// The line under each chapter's claim for the network on screen, of dataset `key`:
/// `[{name, text}]` ([`chapters::looks`]). `output`: its output layer's weights (empty before
/// its first weights); `tested`: `[correct, total]` of its latest test (empty before one);
/// `init` and `lambda`: the recipe the page shows (`init` undefined when it shows none).
///
/// # Errors
/// Never in practice (serializing plain values).
#[wasm_bindgen(js_name = chapterLooks)]
pub fn chapter_looks(
    key: Option<String>,
    sizes: Vec<usize>,
    output: &[f32],
    tested: Vec<usize>,
    init: JsValue,
    lambda: f64,
) -> Result<JsValue, JsError> {
    let init: Option<Init> = serde_wasm_bindgen::from_value(init).unwrap_or(None);
    let net = chapters::OnScreen {
        sizes: &sizes,
        output,
        tested: match tested[..] {
            [correct, total] => Some((correct, total)),
            _ => None,
        },
        recipe: init.map(|init| (init, lambda)),
    };
    to_js(&chapters::looks(dataset_of(key), &net))
}

/// Whether a link's `model` names a file on this site ([`schema::is_site_path`]).
#[wasm_bindgen(js_name = isSitePath)]
pub fn is_site_path(path: &str) -> bool {
    schema::is_site_path(path)
}

/// Checks a configuration from the page's form: `[{field, message}]`, empty when it is valid.
///
/// # Errors
/// When `config` does not have the shape of a configuration at all.
#[wasm_bindgen(js_name = validateConfig)]
pub fn validate_config(config: JsValue) -> Result<JsValue, JsError> {
    let config: Config = serde_wasm_bindgen::from_value(config)
        .map_err(|e| JsError::new(&format!("not a configuration: {e}")))?;
    to_js(&config.problems())
}

/// The "Change the network" form read ([`crate::form::read`]): `texts` holds each field's text in
/// the order of [`crate::form::FIELDS`]; the answer is `{config, problems: [{field, message}]}`.
///
/// # Errors
/// Only if the answer cannot be made into a JS object.
#[wasm_bindgen(js_name = readForm)]
pub fn read_form(texts: Vec<String>) -> Result<JsValue, JsError> {
    to_js(&crate::form::read(|name| {
        let at = crate::form::FIELDS.iter().position(|f| *f == name);
        at.and_then(|i| texts.get(i)).cloned().unwrap_or_default()
    }))
}

/// A link's goal in the form a link writes it (`accuracy>=93.43;hidden<=10;epochs<=30`).
///
/// # Errors
/// When `text` is not a goal ([`crate::goal::Goal::parse`]): the message says why.
#[wasm_bindgen(js_name = parseGoal)]
pub fn parse_goal(text: &str) -> Result<String, JsError> {
    Goal::parse(text)
        .map(|goal| goal.to_string())
        .map_err(|e| JsError::new(&e.0))
}

/// The goal `text` in words: "a test accuracy of at least 93.43%, at most 10 hidden neurons, …".
///
/// # Errors
/// When `text` is not a goal.
#[wasm_bindgen(js_name = goalWords)]
pub fn goal_words(text: &str) -> Result<String, JsError> {
    Goal::parse(text)
        .map(|goal| goal.words())
        .map_err(|e| JsError::new(&e.0))
}

/// Whether a finished run meets the goal `text`: `{met, checks: [{met, text}]}`.
///
/// # Errors
/// When `text` is not a goal.
#[wasm_bindgen(js_name = checkGoal)]
pub fn check_goal(
    text: &str,
    sizes: Vec<usize>,
    epochs: usize,
    test_correct: usize,
    test_total: usize,
) -> Result<JsValue, JsError> {
    let goal = Goal::parse(text).map_err(|e| JsError::new(&e.0))?;
    to_js(&goal.check(&Outcome {
        sizes,
        epochs,
        test_correct,
        test_total,
    }))
}
