//! The article's Lego experiment, playable (issue #17, item 2): pick hidden tiles (the first
//! hidden layer's input weights, one 28×28 image per neuron), give each a weight, and their
//! weighted sum, clipped to [0, 1], is an input image fed to the network. Beside it, the
//! network's own recipe for a digit: the output neuron's weights over the hidden neurons and
//! its effective template, the same weighted sum of the tiles unclipped.
//!
//! Pure: tiles in, image and outputs out. Not here: drawing, or the pad the image can be sent to.

use ndarray::Array2;

use super::InstrumentError;

use crate::explain::{self, DIGITS};
use crate::nn::Network;

/// A digit built from blocks: the image and what the network answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Built {
    /// (n_in,): Σ weight · tile, each pixel clipped to [0, 1].
    pub image: Vec<f32>,
    /// (10,): the network's output activations for `image`.
    pub outputs: Vec<f32>,
}

/// The network's own recipe for a digit.
#[derive(Clone, Debug, PartialEq)]
pub struct Recipe {
    /// (H,): how much the digit's output neuron weighs each first-layer neuron (its weights, or
    /// for deeper networks their product through the layers between).
    pub weights: Vec<f32>,
    /// (n_in,): `weights` · tiles, unclipped: the effective template ([`explain::template`]).
    pub template: Vec<f32>,
}

/// Σ weight · tile over `picks` (neuron, weight) of `tiles` (H, n_in), clipped to [0, 1].
/// A neuron picked twice adds both weights.
///
/// # Errors
/// A neuron that is not a row of `tiles`, or a weight that is not finite.
pub fn compose(tiles: &Array2<f32>, picks: &[(usize, f32)]) -> Result<Vec<f32>, InstrumentError> {
    let mut image = vec![0.0f32; tiles.ncols()];
    for &(j, weight) in picks {
        if j >= tiles.nrows() || !weight.is_finite() {
            return Err(InstrumentError(format!(
                "tile {j} with weight {weight}: the tiles are 0 to {} and weights finite",
                tiles.nrows().saturating_sub(1)
            )));
        }
        for (p, &t) in image.iter_mut().zip(tiles.row(j)) {
            *p += weight * t;
        }
    }
    image.iter_mut().for_each(|p| *p = p.clamp(0.0, 1.0));
    Ok(image)
}

/// The image composed of `net`'s first-layer tiles, fed forward.
///
/// # Errors
/// As [`compose`], or a network without a hidden layer.
pub fn build(net: &Network, picks: &[(usize, f32)]) -> Result<Built, InstrumentError> {
    let tiles = first_layer(net)?;
    let image = compose(tiles, picks)?;
    let outputs = net.feedforward(&image);
    Ok(Built { image, outputs })
}

/// The recipe of output neuron `digit`.
///
/// # Errors
/// A digit the network has no output for, or a network without a hidden layer.
pub fn recipe(net: &Network, digit: usize) -> Result<Recipe, InstrumentError> {
    let tiles = first_layer(net)?;
    let outputs = net.sizes.last().copied().unwrap_or(0);
    if digit >= outputs.min(DIGITS) {
        return Err(InstrumentError(format!(
            "there is no output neuron {digit}"
        )));
    }
    // (1, H_last) → (1, H_1): the output row through the layers between.
    let mut weights = net.weights[net.weights.len() - 1].row(digit).to_owned();
    for w in net.weights[1..net.weights.len() - 1].iter().rev() {
        weights = weights.dot(w);
    }
    let weights = weights.to_vec();
    let template = explain::template(
        &weights,
        tiles.as_slice().expect("a network's weights are row-major"),
        tiles.ncols(),
    )
    .map_err(|e| InstrumentError(e.to_string()))?;
    Ok(Recipe { weights, template })
}

fn first_layer(net: &Network) -> Result<&Array2<f32>, InstrumentError> {
    if net.sizes.len() < 3 {
        return Err(InstrumentError(
            "a network without hidden neurons has no blocks".into(),
        ));
    }
    Ok(&net.weights[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Cost, Init, Rng};

    fn random(sizes: &[usize]) -> Network {
        Network::new(sizes, Init::Default, Cost::CrossEntropy, &mut Rng::new(5))
    }

    #[test]
    fn composing_is_a_clipped_weighted_sum_of_tiles() {
        let tiles = ndarray::arr2(&[[0.5, -1.0, 0.2, 2.0], [0.25, 1.0, -0.4, 0.0]]);
        let image = compose(&tiles, &[(0, 1.0), (1, 2.0)]).expect("valid");
        // [0.5 + 0.5, −1 + 2, 0.2 − 0.8, 2 + 0] clipped.
        assert_eq!(image, vec![1.0, 1.0, 0.0, 1.0]);
        assert_eq!(compose(&tiles, &[]).expect("valid"), vec![0.0; 4]);
        assert_eq!(
            compose(&tiles, &[(1, 0.5), (1, 0.5)]),
            compose(&tiles, &[(1, 1.0)])
        );
        assert!(compose(&tiles, &[(2, 1.0)]).is_err());
        assert!(compose(&tiles, &[(0, f32::NAN)]).is_err());
    }

    #[test]
    fn a_built_digit_changes_the_outputs_as_feedforward_says() {
        let net = random(&[784, 30, 10]);
        let empty = build(&net, &[]).expect("valid");
        let built = build(&net, &[(3, 4.0), (17, -2.0)]).expect("valid");
        assert_eq!(built.outputs, net.feedforward(&built.image));
        assert_ne!(
            built.outputs, empty.outputs,
            "a composed digit changes the outputs"
        );
        assert!(built.image.iter().all(|p| (0.0..=1.0).contains(p)));
        assert!(build(&net, &[(30, 1.0)]).is_err());
    }

    #[test]
    fn the_recipe_is_the_output_row_and_its_template() {
        let net = random(&[784, 30, 10]);
        let r = recipe(&net, 7).expect("valid");
        assert_eq!(r.weights, net.weights[1].row(7).to_vec());
        let expected = explain::template(
            &r.weights,
            net.weights[0].as_slice().expect("row-major"),
            784,
        )
        .expect("fits");
        assert_eq!(r.template, expected);
        // Deeper: the output row through the middle layer, (1, 12)·(12, 16) → (16,).
        let deep = random(&[784, 16, 12, 10]);
        let r = recipe(&deep, 2).expect("valid");
        let by_hand = deep.weights[2].row(2).dot(&deep.weights[1]);
        assert_eq!(r.weights, by_hand.to_vec());
        assert!(recipe(&net, 10).is_err());
        assert!(recipe(&random(&[784, 10]), 0).is_err());
    }
}
