//! The sigmoid neuron's activation, σ(z) = 1 / (1 + e^−z), and its derivative.
//!
//! It is built on `libm::expf`, a pure-Rust exponential, so the same weights give bit-identical
//! activations natively and in wasm32. Not here: anything about layers or costs.

/// σ(z) = 1 / (1 + e^−z), the sigmoid function of network.py.
///
/// Saturates to exactly 0.0 for z below about −88 and to exactly 1.0 for z above about 17 (f32).
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + libm::expf(-z))
}

/// σ'(z) = σ(z)(1 − σ(z)), the derivative of the sigmoid function.
#[inline]
pub fn sigmoid_prime(z: f32) -> f32 {
    let s = sigmoid(z);
    s * (1.0 - s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_known_values() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!((sigmoid(2.0) - 0.880_797_1).abs() < 1e-6);
        assert!((sigmoid(-2.0) - 0.119_202_92).abs() < 1e-6);
        assert_eq!(sigmoid(-200.0), 0.0, "saturates without NaN");
        assert_eq!(sigmoid(200.0), 1.0, "saturates without NaN");
    }

    #[test]
    fn sigmoid_prime_matches_central_difference() {
        for &z in &[-4.0f32, -1.0, 0.0, 0.5, 3.0] {
            let h = 1e-2;
            let numeric = (sigmoid(z + h) - sigmoid(z - h)) / (2.0 * h);
            assert!((numeric - sigmoid_prime(z)).abs() < 1e-4, "z = {z}");
        }
        assert_eq!(sigmoid_prime(0.0), 0.25);
    }
}
