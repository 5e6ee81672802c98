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
    fn json_names() {
        let json =
            serde_json::to_string(&[Cost::Quadratic, Cost::CrossEntropy]).expect("serialize");
        assert_eq!(json, r#"["quadratic","crossEntropy"]"#);
        let back: Cost = serde_json::from_str(r#""crossEntropy""#).expect("deserialize");
        assert_eq!(back, Cost::CrossEntropy);
    }
}
