//! The run's random numbers: initial weights and the shuffle of each epoch.
//!
//! A `Pcg64Mcg` seeded from the run's `u32` seed, turned into floats with integer arithmetic and
//! `libm` only, so a seed gives the same stream natively and in wasm32. Not cryptographic.

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// A deterministic random number generator for one training run.
#[derive(Clone, Debug)]
pub struct Rng(Pcg64Mcg);

impl Rng {
    /// The generator for `seed` (expanded to 128 bits by `SeedableRng::seed_from_u64`).
    pub fn new(seed: u32) -> Rng {
        Rng(Pcg64Mcg::seed_from_u64(u64::from(seed)))
    }

    /// Uniform in [0, 1): the top 24 bits of a `u32`, so every value is an exact f32.
    pub fn uniform(&mut self) -> f32 {
        const SCALE: f32 = 1.0 / 16_777_216.0; // 2^−24
        (self.0.next_u32() >> 8) as f32 * SCALE
    }

    /// Standard normal N(0, 1) by the Box–Muller transform (libm `logf`, `cosf`, `sqrtf`).
    pub fn normal(&mut self) -> f32 {
        let u1 = 1.0 - self.uniform(); // (0, 1], so ln(u1) is finite
        let u2 = self.uniform();
        let radius = libm::sqrtf(-2.0 * libm::logf(u1));
        radius * libm::cosf(std::f32::consts::TAU * u2)
    }

    /// Uniform integer in 0..n, without modulo bias (Lemire's multiply-and-reject).
    ///
    /// # Panics
    /// If `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0): empty range");
        let n = n as u64;
        // Products m = x·n span n copies of 0..2^64; reject the low values that would make
        // some results one count more likely than others.
        let threshold = n.wrapping_neg() % n; // 2^64 mod n
        loop {
            let m = u128::from(self.0.next_u64()) * u128::from(n);
            if (m as u64) >= threshold {
                return (m >> 64) as usize;
            }
        }
    }

    /// Shuffles `v` in place: Fisher–Yates, every permutation equally likely.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_other_seed_other_stream() {
        let (mut a, mut b, mut c) = (Rng::new(7), Rng::new(7), Rng::new(8));
        let xs: Vec<f32> = (0..100).map(|_| a.normal()).collect();
        let ys: Vec<f32> = (0..100).map(|_| b.normal()).collect();
        let zs: Vec<f32> = (0..100).map(|_| c.normal()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn uniform_stays_in_unit_interval() {
        let mut rng = Rng::new(1);
        let draws: Vec<f32> = (0..100_000).map(|_| rng.uniform()).collect();
        assert!(draws.iter().all(|&u| (0.0..1.0).contains(&u)));
        let mean = draws.iter().map(|&u| f64::from(u)).sum::<f64>() / draws.len() as f64;
        assert!((mean - 0.5).abs() < 0.01, "mean {mean}");
    }

    #[test]
    fn normal_has_mean_zero_and_variance_one() {
        let mut rng = Rng::new(2024);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| f64::from(rng.normal())).collect();
        assert!(draws.iter().all(|x| x.is_finite()));
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut rng = Rng::new(3);
        for len in [0usize, 1, 2, 10, 1000] {
            let mut v: Vec<usize> = (0..len).collect();
            rng.shuffle(&mut v);
            let mut sorted = v.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..len).collect::<Vec<_>>());
            if len == 1000 {
                assert_ne!(v, sorted, "1000 elements should move");
            }
        }
    }

    #[test]
    fn shuffle_is_unbiased() {
        // All 6 orders of 3 elements, each expected 1/6 of the time.
        let mut rng = Rng::new(11);
        let mut counts = std::collections::HashMap::new();
        let trials = 60_000;
        for _ in 0..trials {
            let mut v = [0u8, 1, 2];
            rng.shuffle(&mut v);
            *counts.entry(v).or_insert(0usize) += 1;
        }
        assert_eq!(counts.len(), 6);
        for (order, &count) in &counts {
            let share = count as f64 / trials as f64;
            assert!((share - 1.0 / 6.0).abs() < 0.01, "{order:?}: {share}");
        }
    }

    #[test]
    fn below_covers_its_range() {
        let mut rng = Rng::new(5);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            seen[rng.below(7)] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
