//! The sigmoid neuron's activation, σ(z) = 1 / (1 + e^−z), and its derivative.
//!
//! e^x is computed here from `+`, `×`, one division and bit operations only (no table, no
//! branch, no libm), so it is bit-identical natively and in wasm32, and a loop of it compiles
//! to SIMD. It is accurate to about one unit in the last place of f32 (see the tests). Not
//! here: anything about layers or costs.

/// log₂ e, to split x = n ln 2 + r.
const LOG2_E: f32 = std::f32::consts::LOG2_E;
/// ln 2 in two parts (Cody–Waite): `LN2_HI` has few enough bits that n·`LN2_HI` is exact.
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// 1.5 · 2²³: adding it rounds an f32 of magnitude < 2²² to an integer held in the low bits.
const ROUNDER: f32 = 12_582_912.0;
/// exp's input is clamped to [−`EXP_LIMIT`, `EXP_LIMIT`] so 2ⁿ stays a normal f32.
const EXP_LIMIT: f32 = 87.0;
/// Below −`SATURATION`, σ(z) is exactly 0.0 (the true value is under 2⁻¹²⁵).
const SATURATION: f32 = 87.0;

/// e^x for f32, to about 1 ulp for |x| ≤ 87 (Cephes `expf`'s polynomial, branch-free).
///
/// x is clamped to ±87 first, so the result is always finite and normal; NaN stays NaN.
#[inline]
pub fn exp(x: f32) -> f32 {
    // Comparisons, not f32::clamp: the same select on every target, and NaN passes through.
    let x = if x < -EXP_LIMIT { -EXP_LIMIT } else { x };
    let x = if x > EXP_LIMIT { EXP_LIMIT } else { x };
    // x = n ln 2 + r with n = round(x log₂ e) and |r| ≤ ln 2 / 2.
    let t = x * LOG2_E + ROUNDER;
    let n = t - ROUNDER;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    // e^r = 1 + r + r² P(r), a degree-5 minimax P (Cephes expf.c).
    let p = 1.987_569_1e-4;
    let p = p * r + 1.398_199_9e-3;
    let p = p * r + 8.333_452e-3;
    let p = p * r + 4.166_579_6e-2;
    let p = p * r + 1.666_666_5e-1;
    let p = p * r + 0.5; // Cephes: 5.0000001201e-1, which is 0.5 in f32
    let e_r = p * (r * r) + r + 1.0;
    // 2ⁿ from its bits: n is in the low mantissa bits of t (|n| ≤ 126 after the clamp).
    let n_bits = (t.to_bits() as i32).wrapping_sub(ROUNDER.to_bits() as i32);
    let two_n = f32::from_bits((n_bits.wrapping_add(127) as u32) << 23);
    e_r * two_n
}

/// σ(z) = 1 / (1 + e^−z), the sigmoid function of network.py.
///
/// Exactly 0.0 for z below −87 and exactly 1.0 for z above about 17 (f32).
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    let s = 1.0 / (1.0 + exp(-z));
    if z < -SATURATION {
        0.0
    } else {
        s
    }
}

/// a ← σ(a) for every element: the loop the kernel runs on a layer's weighted inputs (SIMD).
#[inline]
pub fn sigmoid_in_place(a: &mut [f32]) {
    for a in a {
        *a = sigmoid(*a);
    }
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

    /// Distance in units in the last place between an f32 and the exact value.
    fn ulps(approx: f32, exact: f64) -> f64 {
        let rounded = exact as f32;
        let ulp = f64::from(f32::from_bits(rounded.to_bits() + 1)) - f64::from(rounded);
        (f64::from(approx) - exact).abs() / ulp
    }

    #[test]
    fn exp_is_within_one_ulp_of_f64_exp() {
        // Every 997th f32 in [−87, 87], and the special points.
        let (lo, hi) = ((-87.0f32).to_bits(), 87.0f32.to_bits());
        let negatives = (0x8000_0000..=lo).step_by(997).map(f32::from_bits);
        let positives = (0..=hi).step_by(997).map(f32::from_bits);
        let special = [0.0, -0.0, 1.0, -1.0, 0.5, 87.0, -87.0, 1e-30, -1e-30];
        let mut worst = 0.0f64;
        for x in negatives.chain(positives).chain(special) {
            let error = ulps(exp(x), f64::from(x).exp());
            assert!(error <= 1.0, "exp({x}) = {} is {error} ulps off", exp(x));
            worst = worst.max(error);
        }
        assert!(worst > 0.0, "measured something");
        assert_eq!(exp(0.0), 1.0);
    }

    #[test]
    fn exp_stays_finite_and_keeps_nan() {
        assert!(exp(200.0).is_finite() && exp(200.0) > 1e37);
        assert!(exp(-200.0) > 0.0 && exp(-200.0).is_normal());
        assert!(exp(f32::NAN).is_nan());
        assert!(exp(f32::INFINITY).is_finite());
        assert!(exp(f32::NEG_INFINITY) >= 0.0);
    }

    #[test]
    fn sigmoid_is_within_1e7_of_f64() {
        let mut z = -40.0f32;
        while z <= 40.0 {
            let exact = 1.0 / (1.0 + (-f64::from(z)).exp());
            let error = (f64::from(sigmoid(z)) - exact).abs();
            assert!(
                error <= 1e-7 && error <= 4e-7 * exact,
                "σ({z}) off by {error}"
            );
            z += 0.001_3;
        }
    }

    #[test]
    fn sigmoid_known_values() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!((sigmoid(2.0) - 0.880_797_1).abs() < 1e-6);
        assert!((sigmoid(-2.0) - 0.119_202_92).abs() < 1e-6);
        assert_eq!(sigmoid(-200.0), 0.0, "saturates without NaN");
        assert_eq!(sigmoid(200.0), 1.0, "saturates without NaN");
        assert!(sigmoid(f32::NAN).is_nan());
    }

    #[test]
    fn sigmoid_in_place_is_sigmoid() {
        let mut a: Vec<f32> = (0..37).map(|i| i as f32 * 0.7 - 12.0).collect();
        let expected: Vec<f32> = a.iter().map(|&z| sigmoid(z)).collect();
        sigmoid_in_place(&mut a);
        assert_eq!(a, expected);
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
