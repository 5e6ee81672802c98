//! Model files at the browser edge (wasm32 only): reads a WSCP file or network2.py JSON into the
//! parts a [`Run`](crate::run::Run) opens (writing is the run's own,
//! [`Run::save`](crate::run::Run::save)), and, for the page, turns a saved file into an embed
//! link's text and back (digest-checked), an SVG of a layer and a GIF of the timeline.
//!
//! Thin: formats live in [`crate::model`], [`crate::nielsen`] and [`crate::export`]; this adds
//! JavaScript's JSON parser and turns their errors into sentences for the page.

use wasm_bindgen::prelude::*;

use crate::export;
use crate::model::{self, sniff, Format, ModelError, Snapshot};
use crate::nielsen::{self, NielsenJson};
use crate::nn::{Config, EpochResult, Network};
use crate::protocol::FileFormat;
use crate::schema::{self, DatasetKey};

pub use crate::schema::MAX_FILE_BYTES;

/// Refuses a file of `size` bytes above [`MAX_FILE_BYTES`], saying so.
///
/// # Errors
/// The sentence the page shows.
pub fn check_size(size: usize) -> Result<(), String> {
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "The file is {} MB; Weightscope reads model files up to {} MB.",
            size / 1_000_000,
            MAX_FILE_BYTES >> 20
        ));
    }
    Ok(())
}

/// A model file, read and checked.
pub struct File {
    /// Which kind it was.
    pub format: FileFormat,
    /// How it was trained (`None` for network2.py JSON).
    pub config: Option<Config>,
    /// What it learned from (the configuration's, or the JSON's `dataset`; MNIST when absent).
    pub dataset: DatasetKey,
    /// The network.
    pub network: Network,
    /// Its finished epochs.
    pub history: Vec<EpochResult>,
    /// Its timeline, oldest first.
    pub snapshots: Vec<Snapshot>,
}

/// Reads a model file, WSCP or network2.py JSON.
///
/// # Errors
/// A sentence saying why the file is refused: too large, neither format, truncated, damaged,
/// another version, absurd sizes, values that are not numbers, JSON of the wrong shape.
pub fn read(bytes: &[u8]) -> Result<File, String> {
    let refuse = |e: ModelError| sentence(&e.to_string());
    check_size(bytes.len())?;
    match sniff(bytes) {
        Format::Wscp => {
            let m = model::from_bytes(bytes).map_err(refuse)?;
            Ok(File {
                format: FileFormat::Wscp,
                dataset: m.config.dataset,
                config: Some(m.config),
                network: m.network,
                history: m.history,
                snapshots: m.snapshots,
            })
        }
        Format::Json => {
            let text =
                std::str::from_utf8(bytes).map_err(|_| "The JSON file is not valid UTF-8 text.")?;
            let value = js_sys::JSON::parse(text.trim_start_matches('\u{feff}'))
                .map_err(|_| "The file is not valid JSON (it may be cut short, or hold NaN).")?;
            let file: NielsenJson = serde_wasm_bindgen::from_value(value).map_err(|e| {
                format!("The JSON is not a network2.py network ({{sizes, weights, biases, cost}}): {e}.")
            })?;
            Ok(File {
                format: FileFormat::Json,
                config: None,
                dataset: file.dataset.unwrap_or_default(),
                network: nielsen::from_json(file).map_err(refuse)?,
                history: Vec::new(),
                snapshots: Vec::new(),
            })
        }
        Format::Unknown => {
            Err("This is neither a Weightscope model file (.wscp) nor network2.py JSON.".into())
        }
    }
}

/// A message as a sentence: capital first letter, full stop.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!("{}{}.", first.unwrap_or_default(), chars.as_str())
}

/// Turns a model file's error into the sentence the page shows.
fn refuse(e: ModelError) -> JsError {
    JsError::new(&sentence(&e.to_string()))
}

/// What an embed link carries for the network of a WSCP file: `net`, [`model::to_embed`]'s
/// text, and `digest`, the weights digest it is checked against.
#[derive(serde::Serialize)]
pub struct EmbedLink {
    /// The recipe, dataset, weights and history (and the timeline if asked), base64url.
    pub net: String,
    /// The weights digest, 16 hex digits.
    pub digest: String,
}

/// The embed link's network for WSCP file `bytes`, with its timeline if `timeline`.
///
/// # Errors
/// The sentence for a file [`model::from_bytes`] refuses.
#[wasm_bindgen(js_name = embedLink)]
pub fn embed_link(bytes: &[u8], timeline: bool) -> Result<JsValue, JsError> {
    let m = model::from_bytes(bytes).map_err(refuse)?;
    let link = EmbedLink {
        net: model::to_embed(&m, timeline),
        digest: crate::digest::to_hex(crate::digest::network_digest(&m.network)),
    };
    serde_wasm_bindgen::to_value(&link).map_err(|e| JsError::new(&e.to_string()))
}

/// An embed link's network as WSCP bytes for the worker to open, checked against the link's
/// weights `digest` ([`model::from_embed_checked`]).
///
/// # Errors
/// The sentence for text that is not an embedded network, or one whose digest differs.
#[wasm_bindgen(js_name = embedModel)]
pub fn embed_model(text: &str, digest: &str) -> Result<Vec<u8>, JsError> {
    Ok(model::to_bytes(
        &model::from_embed_checked(text, digest).map_err(refuse)?,
    ))
}

/// Whether a link's `model` names a model file on another site ([`schema::is_model_url`]).
#[wasm_bindgen(js_name = isModelUrl)]
pub fn is_model_url(url: &str) -> bool {
    schema::is_model_url(url)
}

/// Checks that `bytes`, a model file fetched from another site, is a WSCP file of the network
/// whose weights digest is `digest` ([`model::from_bytes_checked`]), before the worker opens it.
///
/// # Errors
/// The sentence for a file that is no model file, a refused one, or another network.
#[wasm_bindgen(js_name = checkHostedModel)]
pub fn check_hosted_model(bytes: &[u8], digest: &str) -> Result<(), JsError> {
    check_size(bytes.len()).map_err(|e| JsError::new(&e))?;
    if sniff(bytes) != Format::Wscp {
        return Err(JsError::new(
            "It is not a Weightscope model file (.wscp): the server sent something else.",
        ));
    }
    model::from_bytes_checked(bytes, digest)
        .map(drop)
        .map_err(refuse)
}

/// How long retraining `config` in a browser takes: `{seconds, source}`
/// ([`schema::training_seconds`], and where its rate comes from).
///
/// # Errors
/// When `config` does not have the shape of a configuration.
#[wasm_bindgen(js_name = trainingTime)]
pub fn training_time(config: JsValue) -> Result<JsValue, JsError> {
    let config: Config = serde_wasm_bindgen::from_value(config)
        .map_err(|e| JsError::new(&format!("not a configuration: {e}")))?;
    let time = TrainingTime {
        seconds: schema::training_seconds(&config),
        source: schema::TRAINING_RATE_SOURCE,
    };
    serde_wasm_bindgen::to_value(&time).map_err(|e| JsError::new(&e.to_string()))
}

/// [`training_time`]'s answer.
#[derive(serde::Serialize)]
struct TrainingTime {
    seconds: f64,
    source: &'static str,
}

/// Layer `layer` of WSCP file `bytes` as an SVG document titled `title` ([`export::layer_svg`]).
///
/// # Errors
/// The sentence for a refused file or a layer the network does not have.
#[wasm_bindgen(js_name = layerSvg)]
pub fn layer_svg(bytes: &[u8], layer: usize, title: &str) -> Result<String, JsError> {
    let m = model::from_bytes(bytes).map_err(refuse)?;
    let w = m
        .network
        .weights
        .get(layer)
        .ok_or_else(|| JsError::new(&format!("The network has no layer {layer}.")))?;
    Ok(export::layer_svg(w, title))
}

/// The timeline of the hidden layer of WSCP file `bytes` as an animated GIF
/// ([`export::file_timeline_gif`]).
///
/// # Errors
/// The sentence for a refused file or a network without a timeline.
#[wasm_bindgen(js_name = timelineGif)]
pub fn timeline_gif(bytes: &[u8]) -> Result<Vec<u8>, JsError> {
    export::file_timeline_gif(bytes).map_err(|e| JsError::new(&sentence(&e)))
}
