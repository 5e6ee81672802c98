//! The hidden layer the article hoped for (issue #18, item 1): exactly H hand-designed stroke and
//! loop-half detectors, and training with a frozen hidden layer, where only the output layer
//! learns. Beside it, the control: the same seed's random hidden layer, frozen.
//!
//! [`detectors`] draws each detector as a thick curve on the 28×28 grid (a straight stroke, or
//! half a loop, like the parts of the book's chapter-1 picture of a 0), then makes it zero-mean
//! and scales it so its positive weights sum to [`REACH`]: for any image with pixels in [0, 1]
//! the weighted input stays in [−REACH, REACH], so the sigmoid never saturates. Deterministic:
//! no randomness, only H.
//!
//! [`FrozenTraining`] is [`Training`] with its first layer frozen
//! ([`Training::freeze_first_layer`]): the kernel skips that layer's backprop and update, so
//! it trains about as fast as the output layer alone, and the output layer takes exactly the
//! steps it would take if the first layer were trained and put back after every mini-batch
//! (tested bit for bit).

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use crate::nn::{Config, EpochResult, Examples, FieldError, Training};

/// Side of an MNIST image.
const SIDE: usize = 28;

/// The sum of a detector's positive weights (and minus the sum of its negative ones): its
/// weighted input lies in [−REACH, REACH] for any image, and σ(±3) = 0.95 / 0.05.
pub const REACH: f32 = 3.0;

/// Half the width of a drawn curve, in pixels.
const HALF_WIDTH: f32 = 1.2;

/// Length of a stroke, and radius of a loop half, in pixels.
const STROKE: f32 = 10.0;
const RADIUS: f32 = 5.0;

/// A frozen hidden layer: `weights` (H, 784), row j feeds hidden neuron j; `biases` (H,).
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// (H, 784).
    pub weights: Array2<f32>,
    /// (H,).
    pub biases: Array1<f32>,
}

/// Exactly `h` hand-designed detectors, zero bias. Neuron j is a stroke when j % 3 is 0 or 1 and
/// a loop half when it is 2. Its centre and angle step through the digit's box (pixels 7 to 21)
/// by the golden ratio, so any H spreads them evenly, with no two alike:
/// centre = (7 + 14·frac(0.618 j + 0.5), 7 + 14·frac(0.382 j + 0.25)), angle = π·frac(0.7549 j).
/// A loop half is the half circle of radius 5 facing the angle.
pub fn detectors(h: usize) -> Layer {
    let mut weights = Array2::zeros((h, SIDE * SIDE));
    for (j, mut row) in weights.rows_mut().into_iter().enumerate() {
        let t = j as f32;
        let frac = |x: f32| x - x.floor();
        let cx = 7.0 + 14.0 * frac(0.618_034 * t + 0.5);
        let cy = 7.0 + 14.0 * frac(0.381_966 * t + 0.25);
        let angle = std::f32::consts::PI * frac(0.754_878 * t);
        let (dx, dy) = (angle.cos(), angle.sin());
        let ink: Vec<f32> = (0..SIDE * SIDE)
            .map(|k| {
                let (x, y) = ((k % SIDE) as f32 - cx, (k / SIDE) as f32 - cy);
                let distance = if j % 3 == 2 {
                    // Half a loop: the circle's points on the side the angle faces.
                    let along = x * dx + y * dy;
                    let ring = ((x * x + y * y).sqrt() - RADIUS).abs();
                    if along >= 0.0 {
                        ring
                    } else {
                        ring.max(-along)
                    }
                } else {
                    // A stroke: distance to the segment through the centre along the angle.
                    let along = (x * dx + y * dy).clamp(-STROKE / 2.0, STROKE / 2.0);
                    ((x - along * dx).powi(2) + (y - along * dy).powi(2)).sqrt()
                };
                (1.0 - distance / (2.0 * HALF_WIDTH)).max(0.0)
            })
            .collect();
        let mean = ink.iter().sum::<f32>() / ink.len() as f32;
        let centred: Vec<f32> = ink.iter().map(|&v| v - mean).collect();
        let positive: f32 = centred.iter().filter(|&&v| v > 0.0).sum();
        for (w, &v) in row.iter_mut().zip(&centred) {
            *w = v * REACH / positive;
        }
    }
    Layer {
        weights,
        biases: Array1::zeros(h),
    }
}

/// Which hidden layer a [`FrozenTraining`] keeps (`"detectors"` or `"random"` in a worker's
/// train request).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Hidden {
    /// [`detectors`] of the recipe's hidden size.
    Detectors,
    /// The random layer the recipe's seed draws (the control).
    Random,
}

/// Examples of work per [`FrozenTraining::step`]: long steps, since each step lays the first
/// layer out for the kernel and back (as the command line's learned run does).
pub const STEP: usize = 10_000;

/// A [`Training`] of a 784-H-10 recipe whose hidden layer never changes: only the output layer
/// learns. Everything else (seed, order, epochs, evaluation) is the recipe's.
#[derive(Clone, Debug)]
pub struct FrozenTraining {
    /// The run; `training.network.weights[0]` is the frozen layer.
    pub training: Training,
}

impl FrozenTraining {
    /// The recipe's run with its hidden layer replaced by `hidden` (or kept, for the control)
    /// and frozen. The output layer starts from the seed's draw either way.
    ///
    /// # Errors
    /// The first problem of `config`, or a recipe that is not one hidden layer.
    pub fn new(config: Config, hidden: Hidden) -> Result<FrozenTraining, FieldError> {
        if config.sizes.len() != 3 {
            return Err(FieldError {
                field: "sizes",
                message: "a frozen hidden layer needs exactly one hidden layer".into(),
            });
        }
        let mut training = Training::new(config)?;
        let net = &mut training.network;
        let frozen = match hidden {
            Hidden::Detectors => detectors(net.sizes[1]),
            Hidden::Random => Layer {
                weights: net.weights[0].clone(),
                biases: net.biases[0].clone(),
            },
        };
        net.weights[0].assign(&frozen.weights);
        net.biases[0].assign(&frozen.biases);
        training.freeze_first_layer();
        Ok(FrozenTraining { training })
    }

    /// About [`STEP`] examples of work, stopping at an epoch's end. Returns the epoch it
    /// finished, if any, and whether the run is over.
    pub fn step(&mut self, train: &Examples, test: &Examples) -> (Option<EpochResult>, bool) {
        let report = self.training.step(train, test, STEP);
        (
            report.epoch_done,
            report.finished || report.diverged.is_some(),
        )
    }

    /// Trains to the end, calling `on_epoch` after each epoch.
    pub fn run(
        &mut self,
        train: &Examples,
        test: &Examples,
        mut on_epoch: impl FnMut(&EpochResult),
    ) {
        loop {
            let (epoch, finished) = self.step(train, test);
            if let Some(result) = &epoch {
                on_epoch(result);
            }
            if finished {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Rng;

    #[test]
    fn detectors_are_exactly_h_zero_mean_unsaturating_and_deterministic() {
        for h in [1, 2, 10, 30, 100] {
            let layer = detectors(h);
            assert_eq!(layer.weights.dim(), (h, 784));
            assert_eq!(layer, detectors(h), "deterministic");
            for row in layer.weights.rows() {
                let sum: f32 = row.sum();
                assert!(sum.abs() < 1e-4, "zero-mean: {sum}");
                let positive: f32 = row.iter().filter(|&&w| w > 0.0).sum();
                let negative: f32 = row.iter().filter(|&&w| w < 0.0).sum();
                assert!((positive - REACH).abs() < 1e-4 && (negative + REACH).abs() < 1e-3);
            }
            // No two detectors alike.
            for a in 0..h {
                for b in a + 1..h {
                    assert_ne!(layer.weights.row(a), layer.weights.row(b), "{a} and {b}");
                }
            }
        }
        // Any image in [0, 1] keeps every weighted input inside ±REACH.
        let layer = detectors(30);
        let mut rng = Rng::new(3);
        for _ in 0..20 {
            let x: Vec<f32> = (0..784).map(|_| rng.uniform().round()).collect();
            for row in layer.weights.rows() {
                let z: f32 = row.iter().zip(&x).map(|(w, x)| w * x).sum();
                assert!(z.abs() <= REACH + 1e-4);
            }
        }
    }

    fn examples(n: usize, seed: u32) -> Examples {
        let mut rng = Rng::new(seed);
        let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
        let mut pixels = vec![0u8; n * 784];
        for (image, &label) in pixels.chunks_exact_mut(784).zip(&labels) {
            for (k, p) in image.iter_mut().enumerate() {
                if ((k % 28) / 3 == usize::from(label) && rng.uniform() < 0.6)
                    || rng.uniform() < 0.03
                {
                    *p = 200;
                }
            }
        }
        Examples::from_pixels(&pixels, &labels, 784)
    }

    fn recipe() -> Config {
        Config {
            sizes: vec![784, 20, 10],
            epochs: 2,
            train_size: 500,
            test_size: 200,
            seed: 9,
            ..Config::network2()
        }
    }

    #[test]
    fn only_the_output_layer_learns_and_runs_repeat_bit_for_bit() {
        let (train, test) = (examples(500, 1), examples(200, 2));
        for hidden in [Hidden::Detectors, Hidden::Random] {
            let start = FrozenTraining::new(recipe(), hidden).expect("valid");
            let mut a = start.clone();
            let mut epochs = 0;
            a.run(&train, &test, |_| epochs += 1);
            assert_eq!(epochs, 2);
            let (before, after) = (&start.training.network, &a.training.network);
            assert_eq!(
                before.weights[0], after.weights[0],
                "{hidden:?}: hidden frozen"
            );
            assert_eq!(before.biases[0], after.biases[0]);
            assert_ne!(
                before.weights[1], after.weights[1],
                "the output layer learned"
            );
            let mut b = FrozenTraining::new(recipe(), hidden).expect("valid");
            b.run(&train, &test, |_| {});
            assert_eq!(
                a.training.network, b.training.network,
                "same seed, same bits"
            );
            assert_eq!(a.training.history(), b.training.history());
        }
        // Skipping the frozen layer's work gives the bits of training it and putting it back
        // after every mini-batch (steps of one unit, so no evaluation runs before it is back).
        for (hidden, mini_batch) in [
            (Hidden::Detectors, 10),
            (Hidden::Random, 10),
            (Hidden::Detectors, 300),
        ] {
            let recipe = Config {
                mini_batch,
                ..recipe()
            };
            let mut fast = FrozenTraining::new(recipe.clone(), hidden).expect("valid");
            fast.run(&train, &test, |_| {});
            let start = FrozenTraining::new(recipe, hidden).expect("valid").training;
            let mut restored = Training::new(start.config.clone()).expect("valid");
            restored.network = start.network.clone();
            while !restored.is_finished() {
                restored.step(&train, &test, 1);
                restored.network.weights[0].assign(&start.network.weights[0]);
                restored.network.biases[0].assign(&start.network.biases[0]);
            }
            assert_eq!(
                fast.training.network, restored.network,
                "{hidden:?}, batches of {mini_batch}"
            );
            assert_eq!(fast.training.history(), restored.history());
        }
        // The control's frozen layer is the seed's own draw, and its output layer starts the same.
        let learned = Training::new(recipe()).expect("valid");
        let control = FrozenTraining::new(recipe(), Hidden::Random).expect("valid");
        let detect = FrozenTraining::new(recipe(), Hidden::Detectors).expect("valid");
        assert_eq!(learned.network, control.training.network);
        assert_eq!(
            learned.network.weights[1],
            detect.training.network.weights[1]
        );
        assert_eq!(detect.training.network.weights[0], detectors(20).weights);
        assert!(FrozenTraining::new(
            Config {
                sizes: vec![784, 10, 10, 10],
                ..recipe()
            },
            Hidden::Detectors
        )
        .is_err());
    }
}
