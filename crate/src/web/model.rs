//! Model file exports for the page (wasm32 only): write the network on screen as a WSCP file or
//! as network2.py JSON, and read either kind back for drawing.
//!
//! Thin: formats live in [`crate::model`] and [`crate::nielsen`]; this only converts between
//! typed arrays and the pure types, and turns their errors into sentences for the page.

use js_sys::{Array, Float32Array, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::share::arrays;
use crate::digest::{network_digest, to_hex};
use crate::model::{
    self, network_from_parts, snapshot_from_parts, sniff, Format, Model, ModelError, Snapshot,
};
use crate::nielsen::{self, NielsenJson};
use crate::nn::{Config, Cost, EpochResult, Network};

pub use crate::schema::MAX_FILE_BYTES;

/// One finished epoch, as the page keeps it (the worker's `epoch` message, camelCase).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Epoch {
    epoch: usize,
    test_correct: usize,
    test_total: usize,
    train_cost: f32,
    train_accuracy: f32,
}

/// What `readModel` hands back, besides the typed arrays.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    format: &'static str,
    config: Option<Config>,
    cost: Cost,
    sizes: Vec<usize>,
    history: Vec<Epoch>,
    digest: String,
}

fn network(sizes: &[u32], layers: &Array, biases: &Array, cost: Cost) -> Result<Network, JsError> {
    let sizes: Vec<usize> = sizes.iter().map(|&n| n as usize).collect();
    network_from_parts(
        &sizes,
        arrays(layers, "layers")?,
        arrays(biases, "biases")?,
        cost,
    )
    .map_err(|e| JsError::new(&e.to_string()))
}

/// The WSCP model file (a `Uint8Array`) of the network `sizes`, `layers[l]` row-major
/// `(sizes[l + 1], sizes[l])`, `biases[l]`, trained with `config` (the page's configuration
/// object), with `history` the worker's `epoch` messages and `snapshots` (optional) the
/// timeline's `weights` messages `{batches, epoch, samplesDone, layers, biases}`, oldest first.
///
/// # Errors
/// When `config` or `history` do not have their shape, the arrays do not match `sizes` or
/// `config.sizes`, or a value is not finite.
#[wasm_bindgen(js_name = encodeModel)]
pub fn encode_model(
    config: JsValue,
    sizes: Vec<u32>,
    layers: Array,
    biases: Array,
    history: JsValue,
    snapshots: JsValue,
) -> Result<Vec<u8>, JsError> {
    let config: Config = serde_wasm_bindgen::from_value(config)
        .map_err(|e| JsError::new(&format!("not a configuration: {e}")))?;
    let history: Vec<Epoch> = serde_wasm_bindgen::from_value(history)
        .map_err(|e| JsError::new(&format!("not a training history: {e}")))?;
    let network = network(&sizes, &layers, &biases, config.cost)?;
    if network.sizes != config.sizes {
        return Err(JsError::new(
            "the network's sizes differ from its configuration's",
        ));
    }
    let history = history
        .into_iter()
        .map(|e| EpochResult {
            epoch: e.epoch,
            test_correct: e.test_correct,
            test_total: e.test_total,
            train_cost: e.train_cost,
            train_accuracy: e.train_accuracy,
        })
        .collect();
    let snapshots = read_snapshots(&network.sizes, &snapshots)?;
    Ok(model::to_bytes(&Model {
        config,
        network,
        history,
        snapshots,
        dataset: None,
    }))
}

/// The timeline's snapshots from the page (`undefined` or `null` for none).
fn read_snapshots(sizes: &[usize], value: &JsValue) -> Result<Vec<Snapshot>, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let list: Array = value
        .clone()
        .dyn_into()
        .map_err(|_| JsError::new("the snapshots must be an array"))?;
    if list.length() as usize > model::MAX_SNAPSHOTS {
        return Err(JsError::new("too many timeline snapshots"));
    }
    let field = |m: &JsValue, name: &str| Reflect::get(m, &name.into()).unwrap_or_default();
    let count = |m: &JsValue, name: &str| field(m, name).as_f64().unwrap_or(0.0).max(0.0) as usize;
    list.iter()
        .map(|m| {
            let layers: Array = field(&m, "layers").dyn_into().unwrap_or_default();
            let biases: Array = field(&m, "biases").dyn_into().unwrap_or_default();
            snapshot_from_parts(
                sizes,
                (
                    count(&m, "batches"),
                    count(&m, "epoch"),
                    count(&m, "samplesDone"),
                ),
                arrays(&layers, "snapshot layers")?,
                arrays(&biases, "snapshot biases")?,
            )
            .map_err(|e| JsError::new(&format!("a timeline snapshot: {e}")))
        })
        .collect()
}

/// The network as network2.py `save()` writes it (JSON text); `cost` is `"crossEntropy"` or
/// `"quadratic"`.
///
/// # Errors
/// When the arrays do not match `sizes`, a value is not finite, or `cost` is unknown.
#[wasm_bindgen(js_name = encodeNielsenJson)]
pub fn encode_nielsen_json(
    sizes: Vec<u32>,
    layers: Array,
    biases: Array,
    cost: JsValue,
) -> Result<String, JsError> {
    let cost: Cost = serde_wasm_bindgen::from_value(cost)
        .map_err(|e| JsError::new(&format!("not a cost: {e}")))?;
    Ok(nielsen::to_json(&network(&sizes, &layers, &biases, cost)?))
}

/// Reads a model file, WSCP or network2.py JSON: `{format: "wscp" | "json", config (null for
/// JSON), cost, sizes, layers: [Float32Array], biases: [Float32Array], history, digest}`.
///
/// # Errors
/// A sentence saying why the file is refused: too large, neither format, truncated, damaged,
/// another version, absurd sizes, values that are not numbers, JSON of the wrong shape.
#[wasm_bindgen(js_name = readModel)]
pub fn read_model(bytes: &[u8]) -> Result<JsValue, JsError> {
    let refuse = |e: ModelError| JsError::new(&sentence(&e.to_string()));
    if bytes.len() > MAX_FILE_BYTES {
        return Err(JsError::new(&format!(
            "The file is {} MB; Weightscope reads model files up to {} MB.",
            bytes.len() / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        )));
    }
    let mut snapshots = Vec::new();
    let (format, config, network, history) = match sniff(bytes) {
        Format::Wscp => {
            let m = model::from_bytes(bytes).map_err(refuse)?;
            snapshots = m.snapshots;
            ("wscp", Some(m.config), m.network, m.history)
        }
        Format::Json => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| JsError::new("The JSON file is not valid UTF-8 text."))?;
            let value = js_sys::JSON::parse(text.trim_start_matches('\u{feff}')).map_err(|_| {
                JsError::new("The file is not valid JSON (it may be cut short, or hold NaN).")
            })?;
            let file: NielsenJson = serde_wasm_bindgen::from_value(value).map_err(|e| {
                JsError::new(&format!(
                    "The JSON is not a network2.py network ({{sizes, weights, biases, cost}}): {e}."
                ))
            })?;
            (
                "json",
                None,
                nielsen::from_json(file).map_err(refuse)?,
                Vec::new(),
            )
        }
        Format::Unknown => {
            return Err(JsError::new(
                "This is neither a Weightscope model file (.wscp) nor network2.py JSON.",
            ))
        }
    };
    let summary = Summary {
        format,
        config,
        cost: network.cost,
        sizes: network.sizes.clone(),
        history: history
            .iter()
            .map(|e| Epoch {
                epoch: e.epoch,
                test_correct: e.test_correct,
                test_total: e.test_total,
                train_cost: e.train_cost,
                train_accuracy: e.train_accuracy,
            })
            .collect(),
        digest: to_hex(network_digest(&network)),
    };
    let value = summary
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))?;
    let typed = |values: Option<&[f32]>| Float32Array::from(values.unwrap_or_default());
    let layers: Array = network
        .weights
        .iter()
        .map(|w| typed(w.as_slice()))
        .collect();
    let biases: Array = network.biases.iter().map(|b| typed(b.as_slice())).collect();
    // The timeline, as the worker's `weights` messages: {sizes, batches, epoch, samplesDone,
    // timeline: true, layers, biases}.
    let timeline = Array::new();
    for s in &snapshots {
        let m = js_sys::Object::new();
        let sizes: Array = network
            .sizes
            .iter()
            .map(|&n| JsValue::from(n as u32))
            .collect();
        let layers: Array = s.weights.iter().map(|w| typed(w.as_slice())).collect();
        let biases: Array = s.biases.iter().map(|b| typed(b.as_slice())).collect();
        let fields: [(&str, JsValue); 7] = [
            ("sizes", sizes.into()),
            ("batches", (s.batches as u32).into()),
            ("epoch", (s.epoch as u32).into()),
            ("samplesDone", (s.samples_done as u32).into()),
            ("timeline", true.into()),
            ("layers", layers.into()),
            ("biases", biases.into()),
        ];
        for (name, v) in fields {
            Reflect::set(&m, &name.into(), &v)
                .map_err(|_| JsError::new("could not build the model object"))?;
        }
        timeline.push(&m);
    }
    Reflect::set(&value, &"layers".into(), &layers)
        .and_then(|_| Reflect::set(&value, &"biases".into(), &biases))
        .and_then(|_| Reflect::set(&value, &"snapshots".into(), &timeline))
        .map_err(|_| JsError::new("could not build the model object"))?;
    Ok(value)
}

/// A message as a sentence: capital first letter, full stop.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!("{}{}.", first.unwrap_or_default(), chars.as_str())
}
