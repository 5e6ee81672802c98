//! Chapter 9's measure for the page: how smooth a layer's tiles are ([`crate::smoothness`]).

use ndarray::ArrayView2;
use wasm_bindgen::prelude::*;

/// The mean neighbour correlation of a layer's tiles: `weights` row-major (neurons, `n_in`).
///
/// # Errors
/// When `weights` is not a whole number of rows of `n_in`.
#[wasm_bindgen(js_name = layerSmoothness)]
pub fn layer_smoothness(weights: &[f32], n_in: usize) -> Result<f32, JsError> {
    if n_in == 0 || weights.len() % n_in != 0 {
        return Err(JsError::new("the weights are not whole rows of the inputs"));
    }
    let rows = ArrayView2::from_shape((weights.len() / n_in, n_in), weights)
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(crate::smoothness::layer(rows))
}
