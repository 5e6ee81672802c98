//! Telling that a run has diverged (a cost or weight that is NaN or infinite, or a weight so
//! large that every neuron it feeds is saturated), and saying why in a sentence with advice.
//!
//! A cheap check, one pass over the parameters, that [`Training`](super::Training) makes after
//! each step that trained. Not here: stopping the run (training does) or showing anything.

use std::fmt;

use serde::Serialize;

use super::config::Config;
use super::network::Network;

/// A weight or bias beyond this magnitude means the run has blown up. Trained MNIST networks
/// stay within a few hundred even with η = 100; at |w| = 10⁴ a single pixel saturates a sigmoid
/// and f32 has lost the precision SGD's small steps need.
pub const MAX_SANE_PARAMETER: f32 = 1e4;

/// What showed that the run diverged.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Cause {
    /// The cost of the examples just trained was NaN or infinite.
    NonFiniteCost,
    /// A weight or bias became NaN or infinite.
    NonFiniteParameter,
    /// A weight or bias grew beyond [`MAX_SANE_PARAMETER`] in magnitude.
    HugeParameter {
        /// Its value.
        value: f32,
    },
}

/// Where and why a run diverged, with the hyper-parameters that advice needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Divergence {
    /// What showed it.
    pub cause: Cause,
    /// 0-based epoch being trained.
    pub epoch: usize,
    /// Training examples done in that epoch.
    pub samples_done: usize,
    /// The learning rate η of the run.
    pub eta: f32,
    /// The regularization parameter λ of the run.
    pub lambda: f32,
    /// Training examples per epoch (n in the L2 term).
    pub n: usize,
}

/// The first sign of divergence in `network` after examples costing `cost_sum` in total, if any.
pub fn check(network: &Network, cost_sum: f32) -> Option<Cause> {
    if !cost_sum.is_finite() {
        return Some(Cause::NonFiniteCost);
    }
    let weights = network.weights.iter().flat_map(|w| w.iter());
    let biases = network.biases.iter().flat_map(|b| b.iter());
    for &value in weights.chain(biases) {
        if !value.is_finite() {
            return Some(Cause::NonFiniteParameter);
        }
        if value.abs() > MAX_SANE_PARAMETER {
            return Some(Cause::HugeParameter { value });
        }
    }
    None
}

impl Divergence {
    /// A divergence of a run with `config`, trained on `n` examples per epoch.
    pub fn new(cause: Cause, config: &Config, epoch: usize, samples_done: usize, n: usize) -> Self {
        Divergence {
            cause,
            epoch,
            samples_done,
            eta: config.eta,
            lambda: config.lambda,
            n,
        }
    }

    /// η·λ/n: the fraction of each weight that L2 decay removes per mini-batch. At 2 or more
    /// the decay factor (1 − η·λ/n) is −1 or less and the weights flip sign and grow.
    pub fn decay(&self) -> f32 {
        if self.n == 0 {
            0.0
        } else {
            self.eta * self.lambda / self.n as f32
        }
    }
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.cause {
            Cause::NonFiniteCost => "the cost became infinite or not a number".to_string(),
            Cause::NonFiniteParameter => "a weight became infinite or not a number".to_string(),
            Cause::HugeParameter { value } => format!(
                "a weight reached {value:.3e}, far beyond any useful value (the limit is {MAX_SANE_PARAMETER:.0e})"
            ),
        };
        write!(
            f,
            "the network diverged in epoch {} after {} examples: {what}, so its weights mean nothing any more. ",
            self.epoch + 1,
            self.samples_done
        )?;
        let decay = self.decay();
        if decay >= 1.0 {
            write!(
                f,
                "With η = {} and λ = {}, each step scales the weights by 1 − η·λ/n = {:.2}, which overshoots: lower η or λ.",
                self.eta,
                self.lambda,
                1.0 - decay
            )
        } else {
            write!(
                f,
                "The learning rate η = {} is too large for this network: try a smaller one.",
                self.eta
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Cost, Init, Rng};

    fn network() -> Network {
        Network::new(
            &[784, 5, 10],
            Init::Default,
            Cost::CrossEntropy,
            &mut Rng::new(1),
        )
    }

    #[test]
    fn a_fresh_network_is_sane() {
        assert_eq!(check(&network(), 12.5), None);
    }

    #[test]
    fn non_finite_cost_weights_and_biases_are_caught() {
        let net = network();
        assert_eq!(check(&net, f32::NAN), Some(Cause::NonFiniteCost));
        assert_eq!(check(&net, f32::INFINITY), Some(Cause::NonFiniteCost));
        let mut nan = network();
        nan.weights[1][[3, 2]] = f32::NAN;
        assert_eq!(check(&nan, 1.0), Some(Cause::NonFiniteParameter));
        let mut inf = network();
        inf.biases[0][4] = f32::NEG_INFINITY;
        assert_eq!(check(&inf, 1.0), Some(Cause::NonFiniteParameter));
        let mut huge = network();
        huge.weights[0][[0, 0]] = -2e4;
        assert_eq!(
            check(&huge, 1.0),
            Some(Cause::HugeParameter { value: -2e4 })
        );
    }

    #[test]
    fn the_explanation_gives_advice() {
        let config = Config {
            eta: 100.0,
            lambda: 1000.0,
            ..Config::network2()
        };
        let overshoot = Divergence::new(
            Cause::HugeParameter { value: 4.5e4 },
            &config,
            0,
            2500,
            50_000,
        );
        let text = overshoot.to_string();
        assert!(
            text.starts_with(
                "the network diverged in epoch 1 after 2500 examples: a weight reached 4.500e4"
            ),
            "{text}"
        );
        assert!(text.contains("1 − η·λ/n = -1.00"), "{text}");
        let plain = Divergence::new(Cause::NonFiniteCost, &Config::network1(), 2, 10, 50_000);
        assert!(plain.to_string().contains("η = 3 is too large"), "{plain}");
    }
}
