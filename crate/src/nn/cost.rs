//! The two cost functions of network2.py: quadratic and cross-entropy, each with its `value`
//! (network2.py `fn`) and the output-layer error `delta`.
//!
//! Both assume sigmoid output neurons and a one-hot target `y`. Not here: the rest of backprop.

use serde::{Deserialize, Serialize};

/// Smallest argument given to `ln` in the cross-entropy value: 2^−24, the gap between 1.0 and the
/// f32 just below it. An f32 sigmoid reaches exactly 1.0 for z ≳ 17, where ln(1 − a) would be −∞;
/// with this floor one term costs at most 24·ln 2 ≈ 16.6 instead of network2.py's
/// `np.nan_to_num(∞)` (the largest float), which would swamp a mean. Only reporting uses the value:
/// the cross-entropy `delta` (a − y) needs no logarithm.
pub const CROSS_ENTROPY_LOG_FLOOR: f32 = 1.0 / 16_777_216.0;

/// Which cost the network minimises (network2.py `QuadraticCost` / `CrossEntropyCost`).
///
/// JSON: `"quadratic"` | `"crossEntropy"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Cost {
    /// C = ½‖a − y‖², the cost of chapter 1 (network.py).
    Quadratic,
    /// C = −Σ [y ln a + (1 − y) ln(1 − a)], chapter 3: it does not learn slowly when a neuron
    /// saturates, because σ'(z) cancels out of the output error.
    CrossEntropy,
}

impl Cost {
    /// Cost of output `a` for one-hot target `y` (network2.py `fn`).
    ///
    /// For cross-entropy, terms with a zero factor count as zero, as `np.nan_to_num` makes
    /// them, and log arguments are floored at [`CROSS_ENTROPY_LOG_FLOOR`].
    pub fn value(self, a: &[f32], y: &[f32]) -> f32 {
        match self {
            Cost::Quadratic => {
                let squares: f32 = a.iter().zip(y).map(|(&a, &y)| (a - y) * (a - y)).sum();
                0.5 * squares
            }
            Cost::CrossEntropy => a
                .iter()
                .zip(y)
                .map(|(&a, &y)| {
                    let mut term = 0.0;
                    if y != 0.0 {
                        term -= y * libm::logf(a.max(CROSS_ENTROPY_LOG_FLOOR));
                    }
                    if y != 1.0 {
                        term -= (1.0 - y) * libm::logf((1.0 - a).max(CROSS_ENTROPY_LOG_FLOOR));
                    }
                    term
                })
                .sum(),
        }
    }

    /// [`Cost::value`] for the one-hot target of digit `label` (the kernel's path): the same
    /// terms, but cross-entropy's Σ ln(1 − a_j) is taken as the ln of their product in f64 (each
    /// factor ≥ 2⁻²⁴, so 40 of them cannot underflow): two logarithms per example, not ten.
    pub fn value_for_label(self, a: &[f32], label: usize) -> f32 {
        match self {
            Cost::Quadratic => {
                let squares: f32 = a
                    .iter()
                    .enumerate()
                    .map(|(j, &a)| {
                        let e = if j == label { a - 1.0 } else { a };
                        e * e
                    })
                    .sum();
                0.5 * squares
            }
            Cost::CrossEntropy => {
                let floor = f64::from(CROSS_ENTROPY_LOG_FLOOR);
                let mut sum = 0.0f64; // Σ −ln(1 − a_j) over whole groups of 40
                let mut product = 1.0f64;
                let mut right = 0.0f64;
                for (j, &a) in a.iter().enumerate() {
                    if j == label {
                        right = -libm::log(f64::from(a).max(floor));
                    } else {
                        product *= (1.0 - f64::from(a)).max(floor);
                        if j % 40 == 39 {
                            sum -= libm::log(product);
                            product = 1.0;
                        }
                    }
                }
                (right + sum - libm::log(product)) as f32
            }
        }
    }

    /// Output-layer error δ^L = ∂C/∂z^L (network2.py `delta`), written into `delta`.
    ///
    /// Quadratic: (a − y) ⊙ σ'(z) = (a − y) ⊙ a(1 − a). Cross-entropy: a − y.
    pub fn delta(self, a: &[f32], y: &[f32], delta: &mut [f32]) {
        let terms = delta.iter_mut().zip(a.iter().zip(y));
        match self {
            Cost::Quadratic => {
                for (d, (&a, &y)) in terms {
                    *d = (a - y) * (a * (1.0 - a));
                }
            }
            Cost::CrossEntropy => {
                for (d, (&a, &y)) in terms {
                    *d = a - y;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadratic_value_and_delta() {
        let a = [0.5, 0.25];
        let y = [1.0, 0.0];
        assert_eq!(Cost::Quadratic.value(&a, &y), 0.5 * (0.25 + 0.0625));
        let mut delta = [0.0; 2];
        Cost::Quadratic.delta(&a, &y, &mut delta);
        assert_eq!(delta, [-0.5 * 0.25, 0.25 * 0.75 * 0.25]);
    }

    #[test]
    fn cross_entropy_value_and_delta() {
        let a = [0.8, 0.1];
        let y = [1.0, 0.0];
        let expected = -(0.8f32.ln()) - (0.9f32.ln());
        assert!((Cost::CrossEntropy.value(&a, &y) - expected).abs() < 1e-6);
        let mut delta = [0.0; 2];
        Cost::CrossEntropy.delta(&a, &y, &mut delta);
        assert_eq!(delta, [0.8 - 1.0, 0.1]);
    }

    #[test]
    fn cross_entropy_is_finite_when_the_sigmoid_saturates() {
        // a = 1 exactly for the wrong digit, a = 0 exactly for the right one.
        let value = Cost::CrossEntropy.value(&[1.0, 0.0], &[0.0, 1.0]);
        assert!(value.is_finite());
        assert!((value - 2.0 * 24.0 * std::f32::consts::LN_2).abs() < 1e-4);
        // A perfect answer costs nothing (no 0 · ln 0 = NaN).
        assert_eq!(Cost::CrossEntropy.value(&[1.0, 0.0], &[1.0, 0.0]), 0.0);
    }

    #[test]
    fn value_for_label_is_value_with_a_one_hot_target() {
        let mut a: Vec<f32> = (0..10).map(|j| 0.05 + 0.09 * j as f32).collect();
        a[3] = 1.0; // saturated, floored like value()
        a[7] = 0.0;
        for cost in [Cost::Quadratic, Cost::CrossEntropy] {
            for label in [0, 3, 7, 9] {
                let mut y = vec![0.0; 10];
                y[label] = 1.0;
                let (fast, slow) = (cost.value_for_label(&a, label), cost.value(&a, &y));
                assert!(
                    (fast - slow).abs() <= 2e-6 * slow.max(1.0),
                    "{cost:?} {label}: {fast} vs {slow}"
                );
            }
        }
        // More outputs than one product holds.
        let wide = vec![0.999_9f32; 100];
        let y: Vec<f32> = (0..100).map(|j| if j == 5 { 1.0 } else { 0.0 }).collect();
        let (fast, slow) = (
            Cost::CrossEntropy.value_for_label(&wide, 5),
            Cost::CrossEntropy.value(&wide, &y),
        );
        assert!((fast - slow).abs() <= 1e-5 * slow, "{fast} vs {slow}");
    }

    #[test]
    fn json_names() {
        let json =
            serde_json::to_string(&[Cost::Quadratic, Cost::CrossEntropy]).expect("serialize");
        assert_eq!(json, r#"["quadratic","crossEntropy"]"#);
        let back: Cost = serde_json::from_str(r#""crossEntropy""#).expect("deserialize");
        assert_eq!(back, Cost::CrossEntropy);
    }
}
