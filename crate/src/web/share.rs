//! Sharing exports for the page's main thread: the digest of the network the worker sent last.
//!
//! Thin: the arithmetic is in [`crate::digest`]; this only copies typed arrays out of JS.

use js_sys::{Array, Float32Array};
use wasm_bindgen::prelude::*;

use crate::digest::{parameters_digest, to_hex};

/// The weights digest (16 hex digits) of a network as a `weights` message carries it: `sizes`,
/// `layers[l]` row-major `(sizes[l + 1], sizes[l])` and `biases[l]` `(sizes[l + 1],)`.
///
/// # Errors
/// When `layers` or `biases` hold something other than `Float32Array`s, or their lengths do not
/// match `sizes`.
#[wasm_bindgen(js_name = weightsDigest)]
pub fn weights_digest(sizes: Vec<u32>, layers: Array, biases: Array) -> Result<String, JsError> {
    let sizes: Vec<usize> = sizes.iter().map(|&n| n as usize).collect();
    let weights = arrays(&layers, "layers")?;
    let biases = arrays(&biases, "biases")?;
    let layer_count = sizes.len().saturating_sub(1);
    if weights.len() != layer_count || biases.len() != layer_count {
        return Err(JsError::new("the network has the wrong number of layers"));
    }
    for (l, pair) in sizes.windows(2).enumerate() {
        if weights[l].len() != pair[0] * pair[1] || biases[l].len() != pair[1] {
            return Err(JsError::new(&format!("layer {l} does not match the sizes")));
        }
    }
    let weights: Vec<&[f32]> = weights.iter().map(Vec::as_slice).collect();
    let biases: Vec<&[f32]> = biases.iter().map(Vec::as_slice).collect();
    Ok(to_hex(parameters_digest(&sizes, &weights, &biases)))
}

/// The `Float32Array`s in `values` as vectors; `name` says which argument was wrong.
pub(crate) fn arrays(values: &Array, name: &str) -> Result<Vec<Vec<f32>>, JsError> {
    values
        .iter()
        .map(|value| {
            value
                .dyn_into::<Float32Array>()
                .map(|array| array.to_vec())
                .map_err(|_| JsError::new(&format!("{name} must be Float32Arrays")))
        })
        .collect()
}
