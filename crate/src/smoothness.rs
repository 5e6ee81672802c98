//! How clean a layer's "blocks" are (chapter 9: do clothes give cleaner blocks than digits?): the
//! smoothness of each hidden neuron's input weights as an image, the correlation between every
//! weight and its right and lower neighbours. Smooth blobs and strokes score near 1; salt-and-
//! pepper noise near 0. Pure: weights in, a number out; it draws nothing.

use ndarray::ArrayView2;

/// The mean, over a layer's neurons, of each tile's neighbour correlation ([`tile`]).
/// `weights`: (neurons, side²), row j the input weights of neuron j. 0 for no neurons.
pub fn layer(weights: ArrayView2<f32>) -> f32 {
    let n = weights.nrows();
    if n == 0 {
        return 0.0;
    }
    weights
        .rows()
        .into_iter()
        .map(|row| tile(&row.to_vec()))
        .sum::<f32>()
        / n as f32
}

/// The correlation between each weight of a square tile and its right and lower neighbours
/// (Pearson's, over all neighbouring pairs): 1 when neighbours move together, 0 when unrelated.
/// 0 for a tile that is not square, smaller than 2×2, or constant.
pub fn tile(weights: &[f32]) -> f32 {
    let side = (weights.len() as f64).sqrt() as usize;
    if side < 2 || side * side != weights.len() {
        return 0.0;
    }
    let mut pairs = Vec::with_capacity(2 * side * (side - 1));
    for r in 0..side {
        for c in 0..side {
            let here = f64::from(weights[r * side + c]);
            if c + 1 < side {
                pairs.push((here, f64::from(weights[r * side + c + 1])));
            }
            if r + 1 < side {
                pairs.push((here, f64::from(weights[(r + 1) * side + c])));
            }
        }
    }
    let count = pairs.len() as f64;
    let (sum_a, sum_b) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mean_a, mean_b) = (sum_a / count, sum_b / count);
    let (mut cov, mut var_a, mut var_b) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        cov += (x - mean_a) * (y - mean_b);
        var_a += (x - mean_a) * (x - mean_a);
        var_b += (y - mean_b) * (y - mean_b);
    }
    if var_a == 0.0 || var_b == 0.0 {
        return 0.0;
    }
    (cov / (var_a * var_b).sqrt()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_smooth_ramp_scores_near_one_and_a_checkerboard_below_zero() {
        let ramp: Vec<f32> = (0..784).map(|i| ((i / 28) + (i % 28)) as f32).collect();
        assert!(tile(&ramp) > 0.95, "{}", tile(&ramp));
        let checker: Vec<f32> = (0..784).map(|i| ((i / 28 + i % 28) % 2) as f32).collect();
        assert!(tile(&checker) < -0.9, "{}", tile(&checker));
    }

    #[test]
    fn noise_scores_near_zero_and_odd_shapes_score_zero() {
        let mut rng = crate::nn::Rng::new(7);
        let noise: Vec<f32> = (0..784).map(|_| rng.normal()).collect();
        assert!(tile(&noise).abs() < 0.1, "{}", tile(&noise));
        assert_eq!(tile(&[1.0; 783]), 0.0);
        assert_eq!(tile(&[1.0; 784]), 0.0, "constant");
    }

    #[test]
    fn a_layer_scores_the_mean_of_its_tiles() {
        let ramp: Vec<f32> = (0..784).map(|i| ((i / 28) + (i % 28)) as f32).collect();
        let checker: Vec<f32> = (0..784).map(|i| ((i / 28 + i % 28) % 2) as f32).collect();
        let both =
            ndarray::Array2::from_shape_vec((2, 784), [ramp.clone(), checker.clone()].concat())
                .expect("shape");
        let mean = (tile(&ramp) + tile(&checker)) / 2.0;
        assert!((layer(both.view()) - mean).abs() < 1e-6);
        assert_eq!(layer(ndarray::Array2::<f32>::zeros((0, 784)).view()), 0.0);
    }
}
