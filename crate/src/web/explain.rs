//! Thin wasm exports over [`crate::explain`] and [`crate::preprocess`] for the digit explorer,
//! the drawing pad and the test-set browser. No math here: shapes are checked and errors become
//! `JsError`s; everything else is the pure core.

use js_sys::{Array, Float32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::explain;
use crate::preprocess;
use crate::web::to_js;
use crate::web::view::put_rgba;

/// Neuron indices from the most positive weight to the most negative.
#[wasm_bindgen(js_name = rankWeights)]
pub fn rank_weights(weights: &[f32]) -> Vec<u32> {
    explain::rank(weights)
        .into_iter()
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect()
}

/// Whom a neuron likes and dislikes most.
#[derive(Serialize)]
struct TopK {
    likes: Vec<usize>,
    dislikes: Vec<usize>,
}

/// `{likes, dislikes}`: the indices of the `k` largest weights and the `k` smallest, strongest
/// first (`k` capped at half the weights).
///
/// # Errors
/// Only if the result cannot be made into a JS object.
#[wasm_bindgen(js_name = topK)]
pub fn top_k(weights: &[f32], k: usize) -> Result<JsValue, JsError> {
    let (likes, dislikes) = explain::top_k(weights, k);
    to_js(&TopK { likes, dislikes })
}

/// What neuron `neuron` of layer `layer` (1 = the first hidden) looks for in the pixels: its
/// weights pushed down to the input ([`explain::neuron_template`]). `layers` is a `weights`
/// snapshot's `weights`.
///
/// # Errors
/// When the network has no such neuron or the arrays do not fit `sizes`.
#[wasm_bindgen(js_name = neuronTemplate)]
pub fn neuron_template(
    sizes: &[u32],
    layers: &Array,
    layer: usize,
    neuron: usize,
) -> Result<Vec<f32>, JsError> {
    on_snapshot(sizes, layers, |sizes, layers| {
        explain::neuron_template(sizes, layers, layer, neuron)
    })
}

/// How much each class's output neuron likes neuron `neuron` of hidden layer `layer`, through
/// the layers between ([`explain::output_liking`]).
///
/// # Errors
/// When the network has no such hidden neuron or the arrays do not fit `sizes`.
#[wasm_bindgen(js_name = outputLiking)]
pub fn output_liking(
    sizes: &[u32],
    layers: &Array,
    layer: usize,
    neuron: usize,
) -> Result<Vec<f32>, JsError> {
    on_snapshot(sizes, layers, |sizes, layers| {
        explain::output_liking(sizes, layers, layer, neuron)
    })
}

/// The index of the largest value (the first of equals): the network's answer for its outputs.
#[wasm_bindgen]
pub fn argmax(values: &[f32]) -> usize {
    explain::argmax(values)
}

/// `read` on a `weights` snapshot's `sizes` and weight arrays, copied into wasm.
fn on_snapshot(
    sizes: &[u32],
    layers: &Array,
    read: impl Fn(&[usize], &[&[f32]]) -> Result<Vec<f32>, explain::ShapeError>,
) -> Result<Vec<f32>, JsError> {
    let (sizes, layers) = (to_sizes(sizes), copy_floats(layers));
    let layers: Vec<&[f32]> = layers.iter().map(Vec::as_slice).collect();
    read(&sizes, &layers).map_err(|e| JsError::new(&e.0))
}

fn to_sizes(sizes: &[u32]) -> Vec<usize> {
    sizes.iter().map(|&n| n as usize).collect()
}

/// `activation[j] * weights[j]` for each neuron j.
#[wasm_bindgen]
pub fn contributions(activation: &[f32], weights: &[f32]) -> Vec<f32> {
    explain::contributions(activation, weights)
}

/// A JS array of `Float32Array`s (a `weights` snapshot's `weights` or `biases`) copied into wasm.
pub(crate) fn copy_floats(arrays: &Array) -> Vec<Vec<f32>> {
    arrays
        .iter()
        .map(|a| Float32Array::new(&a).to_vec())
        .collect()
}

/// Every layer's activations for input `x` (784 values in [0, 1]): an array of `Float32Array`s,
/// the hidden layers then the output layer. `layers` and `biases` are a `weights` snapshot's.
///
/// # Errors
/// When the arrays do not fit `sizes`.
#[wasm_bindgen(js_name = feedforwardAll)]
pub fn feedforward_all(
    sizes: &[u32],
    layers: &Array,
    biases: &Array,
    x: &[f32],
) -> Result<Array, JsError> {
    let sizes = to_sizes(sizes);
    let (layers, biases) = (copy_floats(layers), copy_floats(biases));
    let layers: Vec<&[f32]> = layers.iter().map(Vec::as_slice).collect();
    let biases: Vec<&[f32]> = biases.iter().map(Vec::as_slice).collect();
    let activations =
        explain::feedforward_all(&sizes, &layers, &biases, x).map_err(|e| JsError::new(&e.0))?;
    Ok(activations
        .iter()
        .map(|a| Float32Array::from(a.as_slice()))
        .collect())
}

/// The 10x10 confusion matrix, row-major `[true * 10 + predicted]`.
#[wasm_bindgen(js_name = confusionMatrix)]
pub fn confusion_matrix(labels: &[u8], predictions: &[u8]) -> Vec<u32> {
    explain::confusion(labels, predictions)
}

/// Per digit, the fraction of its images classified correctly (NaN for none).
#[wasm_bindgen(js_name = perDigitAccuracy)]
pub fn per_digit_accuracy(confusion: &[u32]) -> Vec<f32> {
    explain::per_digit_accuracy(confusion)
}

/// A drawing's ink coverage (`width * height` values in [0, 1]) made into MNIST's 784 inputs.
///
/// # Errors
/// When `ink` is not `width * height` long.
#[wasm_bindgen(js_name = preprocessDrawing)]
pub fn preprocess_drawing(ink: &[f32], width: usize, height: usize) -> Result<Vec<f32>, JsError> {
    preprocess::preprocess(ink, width, height).map_err(|e| JsError::new(&e.0))
}

/// Draws an input image (784 values in [0, 1]) as black ink on white, 28x28 (CSS scales it).
///
/// # Errors
/// The canvas has no 2d context, or the browser refuses the image.
#[wasm_bindgen(js_name = drawInk)]
pub fn draw_ink(canvas: &HtmlCanvasElement, values: &[f32]) -> Result<(), JsError> {
    let side = u32::try_from(preprocess::SIDE)?;
    if values.len() != preprocess::SIDE * preprocess::SIDE {
        return Err(JsError::new(&format!(
            "drawInk: {} values are not a 28x28 image",
            values.len()
        )));
    }
    put_rgba(canvas, side, side, &preprocess::ink_rgba(values))
}
