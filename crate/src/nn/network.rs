//! Nielsen's `Network`: sizes, biases and weights, `feedforward`, `backprop` and a per-example
//! `update_mini_batch`, written to be read next to network2.py.
//!
//! This is the reference: clear, allocating, one example at a time. Training uses the fast
//! [`kernel`](super::kernel), which the tests check against this file.

use ndarray::{Array1, Array2, ArrayView1, ShapeBuilder};

use super::activation::{sigmoid, sigmoid_prime};
use super::config::Init;
use super::cost::Cost;
use super::rng::Rng;

/// A feedforward network of sigmoid neurons.
///
/// `weights[l]` and `biases[l]` feed layer `l + 1` from layer `l`. Weight matrices are in
/// standard (row-major) layout. (While [`Training`](super::Training) runs a step, the
/// [`kernel`](super::kernel) keeps `weights[0]` column-major, see [`first_layer_layout`].)
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// Neurons per layer, input first: `[784, 30, 10]`.
    pub sizes: Vec<usize>,
    /// `biases[l]`: `(sizes[l+1],)`, one per neuron of layer l+1.
    pub biases: Vec<Array1<f32>>,
    /// `weights[l]`: `(sizes[l+1], sizes[l])`; row j feeds neuron j of layer l+1.
    pub weights: Vec<Array2<f32>>,
    /// The cost being minimised.
    pub cost: Cost,
}

impl Network {
    /// A network with random biases, N(0, 1), and random weights chosen by `init`
    /// (network2.py `default_weight_initializer` / `large_weight_initializer`).
    ///
    /// Draws all biases, then all weights row by row, from `rng`.
    pub fn new(sizes: &[usize], init: Init, cost: Cost, rng: &mut Rng) -> Network {
        let biases = sizes
            .iter()
            .skip(1)
            .map(|&y| Array1::from_shape_fn(y, |_| rng.normal()))
            .collect();
        let weights = sizes
            .windows(2)
            .map(|pair| {
                let (x, y) = (pair[0], pair[1]);
                // (y, x): row j feeds neuron j of the next layer
                match init {
                    Init::Large => Array2::from_shape_fn((y, x), |_| rng.normal()),
                    Init::Default => {
                        let sqrt_x = libm::sqrtf(x as f32);
                        Array2::from_shape_fn((y, x), |_| rng.normal() / sqrt_x)
                    }
                }
            })
            .collect();
        Network {
            sizes: sizes.to_vec(),
            biases,
            weights,
            cost,
        }
    }

    /// The network's output for input `a`: a ← σ(w·a + b), layer after layer.
    pub fn feedforward(&self, a: &[f32]) -> Vec<f32> {
        let mut a = ArrayView1::from(a).to_owned();
        for (b, w) in self.biases.iter().zip(&self.weights) {
            a = (w.dot(&a) + b).mapv(sigmoid);
        }
        a.to_vec()
    }

    /// The gradient of the cost for one example, `(nabla_b, nabla_w)`, layer by layer like
    /// `self.biases` and `self.weights` (network2.py `backprop`).
    ///
    /// `y` is the desired output (one-hot for MNIST).
    pub fn backprop(&self, x: &[f32], y: &[f32]) -> (Vec<Array1<f32>>, Vec<Array2<f32>>) {
        // Feedforward, keeping every weighted input z and activation a.
        let mut activation = ArrayView1::from(x).to_owned();
        let mut activations = vec![activation.clone()];
        let mut zs = Vec::with_capacity(self.weights.len());
        for (b, w) in self.biases.iter().zip(&self.weights) {
            let z = w.dot(&activation) + b;
            activation = z.mapv(sigmoid);
            zs.push(z);
            activations.push(activation.clone());
        }

        // Backward pass: the output error, then each earlier layer's error from the next.
        let layers = self.weights.len();
        let mut nabla_b: Vec<Array1<f32>> = self.biases.iter().map(|b| b.clone() * 0.0).collect();
        let mut nabla_w: Vec<Array2<f32>> = self.weights.iter().map(|w| w.clone() * 0.0).collect();
        let Some(output) = activations.last() else {
            return (nabla_b, nabla_w);
        };
        let mut delta = Array1::zeros(output.len());
        let y = ArrayView1::from(y);
        self.cost.delta(
            output.as_slice().expect("fresh arrays are contiguous"),
            y.as_slice().expect("views of slices are contiguous"),
            delta.as_slice_mut().expect("fresh arrays are contiguous"),
        );
        for l in (0..layers).rev() {
            if l + 1 < layers {
                // δ^l = (w^{l+1})ᵀ δ^{l+1} ⊙ σ'(z^l)
                delta = self.weights[l + 1].t().dot(&delta) * zs[l].mapv(sigmoid_prime);
            }
            nabla_w[l] = outer(&delta, &activations[l]);
            nabla_b[l] = delta.clone();
        }
        (nabla_b, nabla_w)
    }

    /// One step of gradient descent with L2 regularization on `batch`, one example at a time
    /// (network2.py `update_mini_batch`): w ← (1 − ηλ/n) w − (η/m) Σ ∇w, b ← b − (η/m) Σ ∇b,
    /// where m = `batch.len()` and n is the size of the whole training set.
    ///
    /// The reference the kernel is tested against; training uses [`super::kernel`].
    pub fn update_mini_batch_reference(
        &mut self,
        batch: &[(Vec<f32>, Vec<f32>)],
        eta: f32,
        lambda: f32,
        n: usize,
    ) {
        if batch.is_empty() {
            return;
        }
        let mut nabla_b: Vec<Array1<f32>> = self.biases.iter().map(|b| b.clone() * 0.0).collect();
        let mut nabla_w: Vec<Array2<f32>> = self.weights.iter().map(|w| w.clone() * 0.0).collect();
        for (x, y) in batch {
            let (delta_nabla_b, delta_nabla_w) = self.backprop(x, y);
            for (nb, dnb) in nabla_b.iter_mut().zip(&delta_nabla_b) {
                *nb += dnb;
            }
            for (nw, dnw) in nabla_w.iter_mut().zip(&delta_nabla_w) {
                *nw += dnw;
            }
        }
        let rate = eta / batch.len() as f32;
        let decay = 1.0 - eta * (lambda / n as f32);
        for (w, nw) in self.weights.iter_mut().zip(&nabla_w) {
            w.zip_mut_with(nw, |w, &nw| *w = decay * *w - rate * nw);
        }
        for (b, nb) in self.biases.iter_mut().zip(&nabla_b) {
            b.zip_mut_with(nb, |b, &nb| *b -= rate * nb);
        }
    }
}

/// A copy of `w` stored column-major, as the kernel keeps `weights[0]`: (n_out, n_in) with
/// column k (input k's weights to every neuron) contiguous in memory, so the sparse first layer
/// reads and updates whole columns. Indexing `w[[j, k]]` is the same in both layouts.
pub fn first_layer_layout(w: &Array2<f32>) -> Array2<f32> {
    let mut columns = Array2::zeros(w.raw_dim().f());
    columns.assign(w);
    columns
}

/// δ aᵀ: (delta.len(), a.len()), the ∇w of one example for one layer.
fn outer(delta: &Array1<f32>, a: &Array1<f32>) -> Array2<f32> {
    Array2::from_shape_fn((delta.len(), a.len()), |(j, k)| delta[j] * a[k])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cost of one example computed independently in f64, straight from the definitions.
    fn cost_f64(net: &Network, x: &[f32], y: &[f32]) -> f64 {
        let mut a: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
        for (b, w) in net.biases.iter().zip(&net.weights) {
            a = (0..w.nrows())
                .map(|j| {
                    let z = f64::from(b[j])
                        + (0..w.ncols())
                            .map(|k| f64::from(w[[j, k]]) * a[k])
                            .sum::<f64>();
                    1.0 / (1.0 + (-z).exp())
                })
                .collect();
        }
        a.iter()
            .zip(y)
            .map(|(&a, &y)| {
                let y = f64::from(y);
                match net.cost {
                    Cost::Quadratic => 0.5 * (a - y) * (a - y),
                    Cost::CrossEntropy => -y * a.ln() - (1.0 - y) * (1.0 - a).ln(),
                }
            })
            .sum()
    }

    /// Relative error with a floor, so gradients near zero are compared absolutely.
    fn relative_error(analytic: f64, numeric: f64) -> f64 {
        (analytic - numeric).abs() / (analytic.abs() + numeric.abs()).max(1e-3)
    }

    /// ∂C/∂p by central differences, p being the parameter that `param` points at.
    fn numerical_derivative(
        net: &mut Network,
        x: &[f32],
        y: &[f32],
        param: impl Fn(&mut Network) -> &mut f32,
    ) -> f64 {
        let h = 1e-3f32;
        let p0 = *param(net);
        *param(net) = p0 + h;
        let plus = cost_f64(net, x, y);
        *param(net) = p0 - h;
        let minus = cost_f64(net, x, y);
        *param(net) = p0;
        // The step actually taken in f32, not the nominal 2h.
        let step = f64::from(p0 + h) - f64::from(p0 - h);
        (plus - minus) / step
    }

    fn gradient_check(sizes: &[usize], cost: Cost) {
        let mut rng = Rng::new(42);
        let mut net = Network::new(sizes, Init::Large, cost, &mut rng);
        let x: Vec<f32> = (0..sizes[0]).map(|_| rng.uniform()).collect();
        let mut y = vec![0.0; *sizes.last().expect("sizes")];
        y[1] = 1.0;
        let (nabla_b, nabla_w) = net.backprop(&x, &y);
        let mut worst = 0.0f64;
        for l in 0..net.weights.len() {
            for (jk, &analytic) in nabla_w[l].indexed_iter() {
                let numeric = numerical_derivative(&mut net, &x, &y, |n| &mut n.weights[l][jk]);
                worst = worst.max(relative_error(f64::from(analytic), numeric));
            }
            for (j, &analytic) in nabla_b[l].iter().enumerate() {
                let numeric = numerical_derivative(&mut net, &x, &y, |n| &mut n.biases[l][j]);
                worst = worst.max(relative_error(f64::from(analytic), numeric));
            }
        }
        assert!(
            worst < 1e-4,
            "{sizes:?} {cost:?}: worst relative error {worst}"
        );
    }

    #[test]
    fn backprop_matches_numerical_gradient_quadratic() {
        gradient_check(&[6, 4, 3], Cost::Quadratic);
        gradient_check(&[6, 5, 4, 3], Cost::Quadratic);
    }

    #[test]
    fn backprop_matches_numerical_gradient_cross_entropy() {
        gradient_check(&[6, 4, 3], Cost::CrossEntropy);
        gradient_check(&[6, 5, 4, 3], Cost::CrossEntropy);
    }

    #[test]
    fn shapes_follow_sizes() {
        let net = Network::new(
            &[784, 30, 10],
            Init::Default,
            Cost::CrossEntropy,
            &mut Rng::new(1),
        );
        assert_eq!(net.weights[0].dim(), (30, 784));
        assert_eq!(net.weights[1].dim(), (10, 30));
        assert_eq!(net.biases[0].len(), 30);
        assert_eq!(net.biases[1].len(), 10);
        assert_eq!(net.feedforward(&[0.5; 784]).len(), 10);
        assert!(net.weights.iter().all(|w| w.is_standard_layout()));
    }

    #[test]
    fn default_init_shrinks_weights_by_sqrt_n_in() {
        let spread = |init| {
            let net = Network::new(&[784, 30, 10], init, Cost::Quadratic, &mut Rng::new(9));
            let w = &net.weights[0];
            (w.iter().map(|&v| f64::from(v * v)).sum::<f64>() / w.len() as f64).sqrt()
        };
        assert!((spread(Init::Large) - 1.0).abs() < 0.05);
        assert!((spread(Init::Default) - 1.0 / 28.0).abs() < 0.005);
    }

    #[test]
    fn reference_step_lowers_the_cost() {
        let mut rng = Rng::new(4);
        let mut net = Network::new(&[6, 4, 3], Init::Default, Cost::CrossEntropy, &mut rng);
        let batch: Vec<(Vec<f32>, Vec<f32>)> = (0..5)
            .map(|i| {
                let x = (0..6).map(|_| rng.uniform()).collect();
                let mut y = vec![0.0; 3];
                y[i % 3] = 1.0;
                (x, y)
            })
            .collect();
        let total = |net: &Network| batch.iter().map(|(x, y)| cost_f64(net, x, y)).sum::<f64>();
        let before = total(&net);
        for _ in 0..20 {
            net.update_mini_batch_reference(&batch, 0.5, 0.0, batch.len());
        }
        assert!(total(&net) < before);
    }
}
