//! Thin wasm exports over [`crate::instruments`] for the page's instruments (issues #17 and
//! #18): knocking hidden neurons out, building a digit from the blocks, and matching the blocks
//! of two networks. No math here: the arrays the page holds become a [`Network`], errors become
//! `JsError`s, results cross as plain objects; everything else is the pure core.

use js_sys::Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::instruments::ablation::{Ablation, Silence};
use crate::instruments::{blocks, matching};
use crate::mnist;
use crate::model::network_from_parts;
use crate::nn::{Cost, Examples, Network};
use crate::web::explain::copy_floats;
use crate::web::to_js;

/// The network of a `weights` snapshot: `layers[l]` row-major `(sizes[l + 1], sizes[l])`.
fn network(sizes: &[u32], layers: &Array, biases: &Array) -> Result<Network, JsError> {
    let sizes: Vec<usize> = sizes.iter().map(|&n| n as usize).collect();
    // The cost only matters for training; the instruments measure cross-entropy themselves.
    network_from_parts(
        &sizes,
        copy_floats(layers),
        copy_floats(biases),
        Cost::CrossEntropy,
    )
    .map_err(|e| JsError::new(&e.to_string()))
}

/// `silence` as the page names it: `"zero"`, or anything else for the mean.
fn silence(name: &str) -> Silence {
    if name == "zero" {
        Silence::Zero
    } else {
        Silence::Mean
    }
}

/// A network's test-set activations, cached once, for knocking hidden neurons out at a click
/// ([`Ablation`]).
#[wasm_bindgen]
pub struct Ablator {
    ablation: Ablation,
}

#[wasm_bindgen]
impl Ablator {
    /// Feeds the test images (`images` and `labels`: the raw IDX files) through the network of
    /// a `weights` snapshot once and caches its first hidden layer.
    ///
    /// # Errors
    /// Malformed files, or a network the images do not fit.
    #[wasm_bindgen(constructor)]
    pub fn new(
        sizes: &[u32],
        layers: &Array,
        biases: &Array,
        images: &[u8],
        labels: &[u8],
    ) -> Result<Ablator, JsError> {
        let net = network(sizes, layers, biases)?;
        let parsed = mnist::parse_images(images).map_err(|e| JsError::new(&e.to_string()))?;
        let labels = mnist::parse_labels(labels).map_err(|e| JsError::new(&e.to_string()))?;
        mnist::same_count(parsed.count, &labels).map_err(|e| JsError::new(&e.to_string()))?;
        let test = Examples::from_pixels(parsed.pixels, &labels, parsed.rows * parsed.cols);
        let ablation = Ablation::new(&net, &test, 0).map_err(|e| JsError::new(&e.0))?;
        Ok(Ablator { ablation })
    }

    /// `{overall, digits}`: accuracy and cross-entropy with the neurons `silenced` knocked out
    /// (`silence`: `"mean"` or `"zero"`).
    ///
    /// # Errors
    /// A neuron that is not in the hidden layer.
    pub fn evaluate(&self, silenced: &[u32], silence_name: &str) -> Result<JsValue, JsError> {
        let silenced: Vec<usize> = silenced.iter().map(|&j| j as usize).collect();
        let scores = self
            .ablation
            .evaluate(&silenced, silence(silence_name))
            .map_err(|e| JsError::new(&e.0))?;
        to_js(&scores)
    }

    /// Each neuron knocked out alone: per digit, the ranking by damage beside the "likes"
    /// ranking, Spearman's ρ and the top-3 overlap ([`Ablation::report`]).
    ///
    /// # Errors
    /// Never in practice.
    pub fn report(&self, silence_name: &str) -> Result<JsValue, JsError> {
        let report = self
            .ablation
            .report(silence(silence_name))
            .map_err(|e| JsError::new(&e.0))?;
        to_js(&report)
    }
}

/// A digit built from the hidden tiles `neurons` with weights `amounts`: `{image, outputs}`, the
/// clipped weighted sum and the network's 10 outputs for it ([`blocks::build`]).
///
/// # Errors
/// A neuron that is not a tile, a weight that is not finite, or arrays that do not fit.
#[wasm_bindgen(js_name = buildDigit)]
pub fn build_digit(
    sizes: &[u32],
    layers: &Array,
    biases: &Array,
    neurons: &[u32],
    amounts: &[f32],
) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Built {
        image: Vec<f32>,
        outputs: Vec<f32>,
    }
    if neurons.len() != amounts.len() {
        return Err(JsError::new("each picked tile needs one weight"));
    }
    let net = network(sizes, layers, biases)?;
    let picks: Vec<(usize, f32)> = neurons
        .iter()
        .zip(amounts)
        .map(|(&j, &w)| (j as usize, w))
        .collect();
    let built = blocks::build(&net, &picks).map_err(|e| JsError::new(&e.0))?;
    to_js(&Built {
        image: built.image,
        outputs: built.outputs,
    })
}

/// The network's own recipe for `digit`: `{weights, template}` ([`blocks::recipe`]).
///
/// # Errors
/// A digit without an output neuron, or arrays that do not fit.
#[wasm_bindgen(js_name = digitRecipe)]
pub fn digit_recipe(
    sizes: &[u32],
    layers: &Array,
    biases: &Array,
    digit: usize,
) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Recipe {
        weights: Vec<f32>,
        template: Vec<f32>,
    }
    let net = network(sizes, layers, biases)?;
    let recipe = blocks::recipe(&net, digit).map_err(|e| JsError::new(&e.0))?;
    to_js(&Recipe {
        weights: recipe.weights,
        template: recipe.template,
    })
}

/// Pairs the hidden neurons of two networks (their first-layer weights `a` and `b`, each
/// `(H, nIn)` row-major) by |ρ|: `{matching, baseline}`, the baseline with `b`'s pixels
/// shuffled by `seed` ([`matching::match_weights`], [`matching::shuffle_pixels`]).
///
/// # Errors
/// When an array is not a whole number of rows of `n_in`.
#[wasm_bindgen(js_name = matchBlocks)]
pub fn match_blocks(a: &[f32], b: &[f32], n_in: usize, seed: u32) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Both {
        matching: matching::Matching,
        baseline: matching::Matching,
    }
    let rows = |w: &[f32]| {
        if n_in == 0 || w.len() % n_in != 0 {
            return Err(JsError::new(&format!(
                "{} weights are not rows of {n_in} inputs",
                w.len()
            )));
        }
        ndarray::Array2::from_shape_vec((w.len() / n_in, n_in), w.to_vec())
            .map_err(|e| JsError::new(&e.to_string()))
    };
    let (a, b) = (rows(a)?, rows(b)?);
    to_js(&Both {
        matching: matching::match_weights(a.view(), b.view()),
        baseline: matching::match_weights(
            a.view(),
            matching::shuffle_pixels(b.view(), seed).view(),
        ),
    })
}
