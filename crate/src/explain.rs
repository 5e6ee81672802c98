//! Reading a trained network the way Nielsen's article does: which neurons a neuron likes
//! (most positive weights) and dislikes (most negative), what its "Lego blocks" add up to (the
//! effective input template), what a drawing activates, and where the network errs on the test set.
//!
//! Pure math on flat row-major slices, exactly as weight snapshots cross to the page; no browser
//! types and no drawing (see `web::explain` and `pixels`).

use std::fmt;

use crate::nn::sigmoid;

/// Digits in MNIST, and neurons in the output layer (the dataset's classes).
pub const DIGITS: usize = crate::schema::Dataset::MNIST.classes();

/// Weights and biases that do not fit the layer sizes they come with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError(pub String);

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShapeError {}

pub use weightscope_pixels::rank::{rank, top_k};

/// `row · W`: the weighted sum of the rows of `weights` (`(row.len(), n_in)` row-major), each row
/// j scaled by `row[j]`. With `row` an output neuron's weights and `weights` the hidden layer's
/// input weights, this is the neuron's effective input template (784 pixels).
///
/// # Errors
/// When `weights.len() != row.len() * n_in`.
pub fn template(row: &[f32], weights: &[f32], n_in: usize) -> Result<Vec<f32>, ShapeError> {
    if Some(weights.len()) != row.len().checked_mul(n_in) || (n_in == 0 && !row.is_empty()) {
        return Err(ShapeError(format!(
            "{} weights are not {} rows of {n_in}",
            weights.len(),
            row.len()
        )));
    }
    let mut out = vec![0.0; n_in];
    for (&r, w) in row.iter().zip(weights.chunks_exact(n_in)) {
        for (o, &w) in out.iter_mut().zip(w) {
            *o += r * w;
        }
    }
    Ok(out)
}

/// Neuron `j` of layer `l`'s weights from layer `l − 1` (1 = the first hidden layer): row `j` of
/// `layers[l − 1]`, which is `(sizes[l], sizes[l − 1])` row-major.
fn weights_of<'a>(
    sizes: &[usize],
    layers: &[&'a [f32]],
    l: usize,
    j: usize,
) -> Result<&'a [f32], ShapeError> {
    let outside = || ShapeError(format!("layer {l} has no neuron {j}"));
    if l == 0 || l >= sizes.len() || j >= sizes[l] {
        return Err(outside());
    }
    let n_in = sizes[l - 1];
    layers
        .get(l - 1)
        .and_then(|w| w.get(j * n_in..(j + 1) * n_in))
        .ok_or_else(outside)
}

/// What neuron `j` of layer `l` (1 = the first hidden layer) looks for in the pixels: its weights
/// pushed down through the layers below to the input, each step a [`template`] (for `l` = 1, its
/// own input weights). `layers[m]` is `(sizes[m + 1], sizes[m])` row-major.
///
/// # Errors
/// When the network has no neuron `j` in layer `l`, or the shapes do not fit.
pub fn neuron_template(
    sizes: &[usize],
    layers: &[&[f32]],
    l: usize,
    j: usize,
) -> Result<Vec<f32>, ShapeError> {
    let mut t = weights_of(sizes, layers, l, j)?.to_vec();
    for m in (1..l).rev() {
        t = template(&t, layers[m - 1], sizes[m - 1])?;
    }
    Ok(t)
}

/// How much each output neuron (each class) likes neuron `j` of hidden layer `l`: its weight to
/// that neuron, through any hidden layers between (the output neuron's template at layer `l`).
///
/// # Errors
/// When the network has no neuron `j` in hidden layer `l`, or the shapes do not fit.
pub fn output_liking(
    sizes: &[usize],
    layers: &[&[f32]],
    l: usize,
    j: usize,
) -> Result<Vec<f32>, ShapeError> {
    let last = sizes.len().saturating_sub(1);
    if l == 0 || l >= last || j >= sizes[l] {
        return Err(ShapeError(format!("hidden layer {l} has no neuron {j}")));
    }
    (0..sizes[last])
        .map(|d| {
            let mut v = weights_of(sizes, layers, last, d)?.to_vec();
            for m in (l + 1..last).rev() {
                v = template(&v, layers[m - 1], sizes[m - 1])?;
            }
            Ok(v[j])
        })
        .collect()
}

/// What each neuron of a layer adds to one neuron above it: `activation[j] * weights[j]`.
pub fn contributions(activation: &[f32], weights: &[f32]) -> Vec<f32> {
    activation.iter().zip(weights).map(|(a, w)| a * w).collect()
}

/// Index of the largest value (the first of equals); 0 for an empty slice.
pub fn argmax(values: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = i;
        }
    }
    best
}

/// Checks that `layers[l]` is `(sizes[l + 1], sizes[l])` and `biases[l]` is `(sizes[l + 1],)`.
///
/// # Errors
/// The first mismatch, as a sentence.
pub fn check_shapes(
    sizes: &[usize],
    layers: &[&[f32]],
    biases: &[&[f32]],
) -> Result<(), ShapeError> {
    if sizes.len() < 2 || layers.len() != sizes.len() - 1 || biases.len() != layers.len() {
        return Err(ShapeError(format!(
            "{} layer sizes do not go with {} weight matrices and {} bias vectors",
            sizes.len(),
            layers.len(),
            biases.len()
        )));
    }
    for (l, (w, b)) in layers.iter().zip(biases).enumerate() {
        if Some(w.len()) != sizes[l + 1].checked_mul(sizes[l]) || b.len() != sizes[l + 1] {
            return Err(ShapeError(format!(
                "layer {} has {} weights and {} biases, not {}x{} and {}",
                l + 1,
                w.len(),
                b.len(),
                sizes[l + 1],
                sizes[l],
                sizes[l + 1]
            )));
        }
    }
    Ok(())
}

/// Feedforward that keeps every layer's activations: `result[l]` is layer l + 1's output
/// (the hidden layers, then the output layer). `x` is the input, `sizes[0]` values in [0, 1].
///
/// # Errors
/// When the shapes do not fit (see [`check_shapes`]) or `x` is not `sizes[0]` long.
pub fn feedforward_all(
    sizes: &[usize],
    layers: &[&[f32]],
    biases: &[&[f32]],
    x: &[f32],
) -> Result<Vec<Vec<f32>>, ShapeError> {
    check_shapes(sizes, layers, biases)?;
    if x.len() != sizes[0] {
        return Err(ShapeError(format!(
            "the input has {} values, not {}",
            x.len(),
            sizes[0]
        )));
    }
    let mut activations: Vec<Vec<f32>> = Vec::with_capacity(layers.len());
    for (l, (w, b)) in layers.iter().zip(biases).enumerate() {
        let a = activations.last().map_or(x, Vec::as_slice);
        // (sizes[l + 1], sizes[l]): row j feeds neuron j; z_j = b_j + Σ_k w[j, k] a_k.
        let next = w
            .chunks_exact(sizes[l])
            .zip(b.iter())
            .map(|(row, &bj)| sigmoid(dot_from(bj, row, a)))
            .collect();
        activations.push(next);
    }
    Ok(activations)
}

/// `start + Σ w_k a_k`, skipping zero inputs (adding `w * 0` changes nothing, so this equals the
/// dense sum exactly and the sparse test images take the same path).
fn dot_from(start: f32, w: &[f32], a: &[f32]) -> f32 {
    let mut z = start;
    for (&w, &a) in w.iter().zip(a) {
        if a != 0.0 {
            z += w * a;
        }
    }
    z
}

/// The 10x10 confusion matrix, row-major: `counts[true_digit * 10 + predicted]`. Pairs with a
/// digit above 9 are not counted.
pub fn confusion(labels: &[u8], predictions: &[u8]) -> Vec<u32> {
    let mut counts = vec![0; DIGITS * DIGITS];
    for (&t, &p) in labels.iter().zip(predictions) {
        let (t, p) = (usize::from(t), usize::from(p));
        if t < DIGITS && p < DIGITS {
            counts[t * DIGITS + p] += 1;
        }
    }
    counts
}

/// Per digit, the fraction of its test images classified correctly (from [`confusion`]); NaN
/// for a digit with no images.
pub fn per_digit_accuracy(confusion: &[u32]) -> Vec<f32> {
    confusion
        .chunks_exact(DIGITS)
        .enumerate()
        .map(|(digit, row)| {
            let total: u32 = row.iter().sum();
            if total == 0 {
                f32::NAN
            } else {
                row[digit] as f32 / total as f32
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Config, Examples, Network, Rng, Training};

    #[test]
    fn a_neurons_template_and_liking_go_through_the_layers_between() {
        // 4-3-2-2: layers (3, 4), (2, 3), (2, 2), row-major.
        let sizes = [4, 3, 2, 2];
        let w1: Vec<f32> = (0..12).map(|i| i as f32 - 5.0).collect();
        let w2 = [1.0, -1.0, 0.5, 2.0, 0.0, -0.5];
        let w3 = [1.0, 2.0, -3.0, 0.5];
        let layers = [&w1[..], &w2[..], &w3[..]];
        // A first hidden neuron's template is its own input weights.
        assert_eq!(neuron_template(&sizes, &layers, 1, 2).unwrap(), &w1[8..12]);
        // A second hidden neuron's: its weights times the first layer's rows.
        let expected = template(&w2[3..6], &w1, 4).unwrap();
        assert_eq!(neuron_template(&sizes, &layers, 2, 1).unwrap(), expected);
        assert_eq!(neuron_template(&sizes, &layers, 3, 0).unwrap().len(), 4);
        // The outputs like neuron 1 of layer 2 by their own weights to it.
        assert_eq!(
            output_liking(&sizes, &layers, 2, 1).unwrap(),
            vec![2.0, 0.5]
        );
        // And neuron 0 of layer 1 through layer 2: output d's row times layer 2's rows, entry 0.
        let liking: Vec<f32> = (0..2)
            .map(|d| template(&w3[2 * d..2 * d + 2], &w2, 3).unwrap()[0])
            .collect();
        assert_eq!(output_liking(&sizes, &layers, 1, 0).unwrap(), liking);
        // Outside the network: an error, never a panic.
        assert!(neuron_template(&sizes, &layers, 0, 0).is_err());
        assert!(neuron_template(&sizes, &layers, 1, 3).is_err());
        assert!(output_liking(&sizes, &layers, 3, 0).is_err());
        assert!(output_liking(&sizes, &layers[..1], 1, 0).is_err());
    }

    #[test]
    fn template_is_the_weighted_sum_of_hidden_images() {
        // Two hidden neurons over 3 pixels: (2, 3).
        let hidden = [1.0, 0.0, -1.0, 0.5, 2.0, 0.0];
        let t = template(&[2.0, -1.0], &hidden, 3).expect("shapes fit");
        assert_eq!(t, vec![1.5, -2.0, -2.0]);
        assert!(template(&[1.0], &hidden, 3).is_err());
        assert!(template(&[1.0, 1.0], &hidden, 0).is_err());
    }

    #[test]
    fn contributions_multiply_activation_by_weight() {
        assert_eq!(
            contributions(&[0.5, 1.0, 0.0], &[2.0, -3.0, 9.0]),
            vec![1.0, -3.0, 0.0]
        );
    }

    #[test]
    fn confusion_counts_and_per_digit_accuracy() {
        let labels = [0, 0, 1, 1, 1, 9, 12];
        let predictions = [0, 6, 1, 1, 7, 9, 1];
        let c = confusion(&labels, &predictions);
        assert_eq!(
            c.iter().sum::<u32>(),
            6,
            "the pair with digit 12 is dropped"
        );
        assert_eq!(c[0], 1);
        assert_eq!(c[6], 1);
        assert_eq!(c[11], 2);
        assert_eq!(c[17], 1);
        assert_eq!(c[99], 1);
        let accuracy = per_digit_accuracy(&c);
        assert_eq!(accuracy[0], 0.5);
        assert!((accuracy[1] - 2.0 / 3.0).abs() < 1e-6);
        assert_eq!(accuracy[9], 1.0);
        assert!(accuracy[5].is_nan());
    }

    fn flat(net: &Network) -> (Vec<&[f32]>, Vec<&[f32]>) {
        let layers = net
            .weights
            .iter()
            .map(|w| w.as_slice().expect("standard layout"))
            .collect();
        let biases = net
            .biases
            .iter()
            .map(|b| b.as_slice().expect("contiguous"))
            .collect();
        (layers, biases)
    }

    /// Deterministic "images" with a few inked pixels each.
    fn examples(n: usize, n_in: usize) -> Examples {
        let mut rng = Rng::new(9);
        let mut pixels = vec![0u8; n * n_in];
        for p in &mut pixels {
            if rng.uniform() < 0.2 {
                *p = (rng.uniform() * 255.0) as u8;
            }
        }
        let labels: Vec<u8> = (0..n).map(|i| (i % DIGITS) as u8).collect();
        Examples::from_pixels(&pixels, &labels, n_in)
    }

    #[test]
    fn feedforward_all_ends_with_the_networks_feedforward() {
        let config = Config::network2();
        let mut rng = Rng::new(3);
        let net = Network::new(&[784, 16, 12, 10], config.init, config.cost, &mut rng);
        let (layers, biases) = flat(&net);
        let x = examples(1, 784).dense(0);
        let all = feedforward_all(&net.sizes, &layers, &biases, &x).expect("shapes fit");
        assert_eq!(
            all.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![16, 12, 10]
        );
        for (a, b) in all[2].iter().zip(net.feedforward(&x)) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
        assert!(feedforward_all(&net.sizes, &layers, &biases, &x[..10]).is_err());
        assert!(feedforward_all(&[784, 16, 10], &layers, &biases, &x).is_err());
    }

    #[test]
    fn a_test_image_through_the_pads_path_gets_the_evaluators_prediction() {
        let data = examples(50, 784);
        let mut training = Training::new(Config {
            sizes: vec![784, 30, 10],
            epochs: 1,
            seed: 5,
            ..Config::network2()
        })
        .expect("valid");
        while !training.step(&data, &data, 100).finished {}
        let net = &training.network;
        let evaluation = training.evaluation();
        let (layers, biases) = flat(net);
        for i in 0..data.len() {
            // The pad's path: the image's pixels / 255 through feedforward_all, then argmax.
            let all =
                feedforward_all(&net.sizes, &layers, &biases, &data.dense(i)).expect("shapes fit");
            let pad = argmax(&all[1]);
            assert_eq!(usize::from(evaluation.predictions[i]), pad, "image {i}");
            assert!((evaluation.confidences[i] - all[1][pad]).abs() < 1e-6);
        }
        // Mean activation per digit: digit 3 is images 3, 13, 23, 33, 43.
        let mean = &evaluation.mean_activations[0];
        assert_eq!(mean.len(), 10 * 30);
        let by_hand: f32 = [3, 13, 23, 33, 43]
            .iter()
            .map(|&i| {
                feedforward_all(&net.sizes, &layers, &biases, &data.dense(i)).expect("fits")[0][7]
            })
            .sum::<f32>()
            / 5.0;
        assert!((mean[3 * 30 + 7] - by_hand).abs() < 1e-5);
    }
}
