//! Knocking hidden neurons out (issue #17, item 1): a silenced neuron outputs its mean activation
//! over the test set (mean-ablation) or 0 (zero-ablation), and the layers above are recomputed.
//!
//! [`Ablation::new`] feeds the test images through the network once and keeps the chosen hidden
//! layer's activations and the weighted inputs of the layer above; [`Ablation::evaluate`] then
//! only adds `w[k, j] (replacement − a_j)` for each silenced neuron j and goes on upwards, so a
//! click in the page costs about a millisecond for 10,000 images. [`Ablation::report`] knocks
//! out each neuron alone and ranks, per digit, the neurons by how much that raises the digit's
//! cross-entropy, beside the article's weight-based "likes" ranking.
//!
//! Not here: drawing, or where the test images come from.

use ndarray::{Array1, Array2};
use serde::Serialize;

use super::stats;
use super::InstrumentError;
use crate::explain::{self, DIGITS};
use crate::nn::{sigmoid, Examples, Network};

/// What a silenced neuron outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Silence {
    /// Its mean activation over the test images (the default: the rest of the network still
    /// gets the input it is used to, only the information is gone).
    Mean,
    /// 0, as if the neuron were cut out.
    Zero,
}

/// Accuracy and cross-entropy over some test images.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    /// Test images counted.
    pub images: usize,
    /// Those classified correctly.
    pub correct: usize,
    /// `correct / images` (NaN for none).
    pub accuracy: f64,
    /// Mean cross-entropy per image, Σ over the outputs of −y ln a − (1 − y) ln(1 − a)
    /// (network2.py `CrossEntropyCost.fn`), whatever cost the network was trained with.
    pub cross_entropy: f64,
}

/// The network's scores with some neurons silenced: over all test images and per digit.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scores {
    /// Over every test image.
    pub overall: Score,
    /// `digits[d]`: over the test images of digit d.
    pub digits: Vec<Score>,
}

/// One digit's two rankings of the hidden neurons and how far they agree.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DigitRanking {
    /// The digit.
    pub digit: usize,
    /// `damage[j]`: how much knocking neuron j out alone raises this digit's cross-entropy.
    pub damage: Vec<f64>,
    /// Neurons from most to least damaging (ties in index order).
    pub by_damage: Vec<usize>,
    /// Neurons from most to least liked: the output neuron's weights, largest first (the
    /// article's reading, [`explain::rank`]).
    pub by_likes: Vec<usize>,
    /// Spearman's ρ between the damage and the output weights (1: the rankings agree).
    pub spearman: f64,
    /// How many of the top 3 by damage are among the top 3 liked.
    pub top3_overlap: usize,
    /// The damage of knocking out the most liked neuron.
    pub top_liked_damage: f64,
    /// The median of `damage`.
    pub median_damage: f64,
}

/// The whole table: the scores with nothing silenced, and each digit's rankings.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// What the knocked-out neurons output.
    pub silence: Silence,
    /// The scores with nothing silenced (the model's own).
    pub base: Scores,
    /// Per digit, 0 to 9.
    pub digits: Vec<DigitRanking>,
    /// Digits for which knocking out the most liked neuron hurts more than the median neuron.
    pub top_liked_beats_median: usize,
    /// The median over the digits of Spearman's ρ.
    pub median_spearman: f64,
}

/// A network's test-set activations at one hidden layer, cached so that silencing neurons only
/// recomputes the layers above.
#[derive(Clone, Debug)]
pub struct Ablation {
    /// Neurons in the cached hidden layer.
    hidden: usize,
    /// (n, hidden) row-major: each test image's activations of the cached layer.
    activations: Vec<f32>,
    /// (hidden,): each neuron's mean activation over the test images.
    means: Vec<f32>,
    /// (n, next) row-major: the weighted inputs z of the layer above, nothing silenced.
    base_z: Vec<f32>,
    /// The layers above the cached one: `weights[0]` is (next, hidden), row k feeds neuron k.
    weights: Vec<Array2<f32>>,
    biases: Vec<Array1<f32>>,
    /// (n,): each test image's digit.
    labels: Vec<u8>,
}

impl Ablation {
    /// Feeds every test image through `net` once and caches hidden layer `layer` (0 for the
    /// first hidden layer).
    ///
    /// # Errors
    /// When `layer` is not a hidden layer of `net`, the images do not fit its input, or there
    /// are no test images.
    pub fn new(net: &Network, test: &Examples, layer: usize) -> Result<Ablation, InstrumentError> {
        let hidden_layers = net.sizes.len().saturating_sub(2);
        if layer >= hidden_layers {
            return Err(InstrumentError(format!(
                "a {}-layer network has no hidden layer {}",
                net.sizes.len(),
                layer + 1
            )));
        }
        if test.is_empty() || test.n_in() != net.sizes[0] {
            return Err(InstrumentError(format!(
                "{} test images of {} pixels do not fit a network of {} inputs",
                test.len(),
                test.n_in(),
                net.sizes[0]
            )));
        }
        let layers: Vec<&[f32]> = net
            .weights
            .iter()
            .map(|w| w.as_slice().expect("a network's weights are row-major"))
            .collect();
        let biases: Vec<&[f32]> = net
            .biases
            .iter()
            .map(|b| b.as_slice().expect("biases are contiguous"))
            .collect();
        let hidden = net.sizes[layer + 1];
        let above = &net.weights[layer + 1]; // (next, hidden)
        let next = above.nrows();
        let n = test.len();
        let mut activations = Vec::with_capacity(n * hidden);
        let mut base_z = Vec::with_capacity(n * next);
        for i in 0..n {
            let all = explain::feedforward_all(&net.sizes, &layers, &biases, &test.dense(i))
                .map_err(|e| InstrumentError(e.to_string()))?;
            let a = &all[layer];
            activations.extend_from_slice(a);
            for (row, &b) in above.rows().into_iter().zip(&net.biases[layer + 1]) {
                base_z.push(weighted_input(b, row.as_slice().expect("row-major"), a));
            }
        }
        let mut means = vec![0.0f64; hidden];
        for a in activations.chunks_exact(hidden) {
            for (m, &a) in means.iter_mut().zip(a) {
                *m += f64::from(a);
            }
        }
        let means = means.iter().map(|&m| (m / n as f64) as f32).collect();
        Ok(Ablation {
            hidden,
            activations,
            means,
            base_z,
            weights: net.weights[layer + 1..].to_vec(),
            biases: net.biases[layer + 1..].to_vec(),
            labels: (0..n).map(|i| test.label(i)).collect(),
        })
    }

    /// Neurons in the cached hidden layer.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// Each neuron's mean activation over the test images.
    pub fn means(&self) -> &[f32] {
        &self.means
    }

    /// The scores with the neurons in `silenced` knocked out (repeats count once).
    ///
    /// # Errors
    /// A neuron that is not in the cached layer.
    pub fn evaluate(
        &self,
        silenced: &[usize],
        silence: Silence,
    ) -> Result<Scores, InstrumentError> {
        if let Some(&j) = silenced.iter().find(|&&j| j >= self.hidden) {
            return Err(InstrumentError(format!(
                "there is no hidden neuron {j}: the layer has neurons 0 to {}",
                self.hidden - 1
            )));
        }
        let mut silenced = silenced.to_vec();
        silenced.sort_unstable();
        silenced.dedup();
        let first = &self.weights[0]; // (next, hidden)
        let next = first.nrows();
        let mut digits = vec![Sums::default(); DIGITS];
        let mut z = vec![0.0f32; next];
        for (i, &label) in self.labels.iter().enumerate() {
            z.copy_from_slice(&self.base_z[i * next..(i + 1) * next]);
            let a = &self.activations[i * self.hidden..(i + 1) * self.hidden];
            for &j in &silenced {
                let replacement = match silence {
                    Silence::Mean => self.means[j],
                    Silence::Zero => 0.0,
                };
                let change = replacement - a[j];
                for (z, &w) in z.iter_mut().zip(first.column(j)) {
                    *z += w * change;
                }
            }
            let output_z = self.upwards(&z);
            if let Some(sums) = digits.get_mut(usize::from(label)) {
                sums.add(&output_z, usize::from(label));
            }
        }
        let mut overall = Sums::default();
        for d in &digits {
            overall.images += d.images;
            overall.correct += d.correct;
            overall.cross_entropy += d.cross_entropy;
        }
        Ok(Scores {
            overall: overall.score(),
            digits: digits.iter().map(Sums::score).collect(),
        })
    }

    /// From the weighted inputs of the layer above the cached one, the output layer's weighted
    /// inputs: σ, then each further layer.
    fn upwards(&self, z: &[f32]) -> Vec<f32> {
        let mut z = z.to_vec();
        for (w, b) in self.weights.iter().zip(&self.biases).skip(1) {
            let a: Vec<f32> = z.iter().map(|&z| sigmoid(z)).collect();
            z = w
                .rows()
                .into_iter()
                .zip(b)
                .map(|(row, &b)| weighted_input(b, row.as_slice().expect("row-major"), &a))
                .collect();
        }
        z
    }

    /// Knocks out each neuron alone and ranks, per digit, the neurons by the damage beside the
    /// output layer's "likes". The likes need the cached layer to feed the output layer; for an
    /// earlier hidden layer they are the effective weights through the layers above (their
    /// product), a reading the article does not make.
    ///
    /// # Errors
    /// None in practice (every neuron is in the layer); kept for the page's one error path.
    pub fn report(&self, silence: Silence) -> Result<Report, InstrumentError> {
        let base = self.evaluate(&[], silence)?;
        let knocked: Vec<Scores> = (0..self.hidden)
            .map(|j| self.evaluate(&[j], silence))
            .collect::<Result<_, _>>()?;
        let likes = self.likes();
        let digits: Vec<DigitRanking> = (0..DIGITS)
            .map(|digit| {
                let damage: Vec<f64> = knocked
                    .iter()
                    .map(|s| s.digits[digit].cross_entropy - base.digits[digit].cross_entropy)
                    .collect();
                let as_f32: Vec<f32> = damage.iter().map(|&d| d as f32).collect();
                let by_damage = explain::rank(&as_f32);
                let row = likes.row(digit).to_vec();
                let by_likes = explain::rank(&row);
                let row: Vec<f64> = row.iter().map(|&w| f64::from(w)).collect();
                let top3_overlap = by_damage
                    .iter()
                    .take(3)
                    .filter(|j| by_likes.iter().take(3).any(|k| k == *j))
                    .count();
                DigitRanking {
                    digit,
                    spearman: stats::spearman(&damage, &row),
                    top3_overlap,
                    top_liked_damage: by_likes.first().map_or(f64::NAN, |&j| damage[j]),
                    median_damage: stats::median(&damage).unwrap_or(f64::NAN),
                    damage,
                    by_damage,
                    by_likes,
                }
            })
            .collect();
        let rhos: Vec<f64> = digits.iter().map(|d| d.spearman).collect();
        Ok(Report {
            silence,
            base,
            top_liked_beats_median: digits
                .iter()
                .filter(|d| d.top_liked_damage > d.median_damage)
                .count(),
            median_spearman: stats::median(&rhos).unwrap_or(f64::NAN),
            digits,
        })
    }

    /// (10, hidden): how much each output neuron likes each cached neuron: the output layer's
    /// weights, or their product through the layers between.
    fn likes(&self) -> Array2<f32> {
        let mut likes = self.weights[0].clone();
        for w in self.weights.iter().skip(1) {
            likes = w.dot(&likes);
        }
        likes
    }
}

/// `b + Σ_k w_k a_k`, in index order, skipping zero inputs: the sum [`explain::feedforward_all`]
/// computes, so nothing silenced reproduces the network's own answers bit for bit.
fn weighted_input(b: f32, w: &[f32], a: &[f32]) -> f32 {
    let mut z = b;
    for (&w, &a) in w.iter().zip(a) {
        if a != 0.0 {
            z += w * a;
        }
    }
    z
}

/// Running totals for one digit.
#[derive(Clone, Debug, Default)]
struct Sums {
    images: usize,
    correct: usize,
    cross_entropy: f64,
}

impl Sums {
    /// Adds one image of digit `label` whose output weighted inputs are `z`.
    fn add(&mut self, z: &[f32], label: usize) {
        let a: Vec<f32> = z.iter().map(|&z| sigmoid(z)).collect();
        self.images += 1;
        self.correct += usize::from(explain::argmax(&a) == label);
        // −ln σ(z) = ln(1 + e^−z) and −ln(1 − σ(z)) = ln(1 + e^z), finite even where σ saturates.
        self.cross_entropy += z
            .iter()
            .enumerate()
            .map(|(k, &z)| {
                let z = f64::from(z);
                if k == label {
                    softplus(-z)
                } else {
                    softplus(z)
                }
            })
            .sum::<f64>();
    }

    fn score(&self) -> Score {
        let n = self.images as f64;
        Score {
            images: self.images,
            correct: self.correct,
            accuracy: self.correct as f64 / n,
            cross_entropy: self.cross_entropy / n,
        }
    }
}

/// ln(1 + e^x), without overflow.
fn softplus(x: f64) -> f64 {
    if x > 30.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Config, Rng, Training};

    /// Deterministic "images": a digit-dependent blob plus noise, so a network learns something.
    fn examples(n: usize, seed: u32) -> Examples {
        let mut rng = Rng::new(seed);
        let mut pixels = vec![0u8; n * 784];
        let labels: Vec<u8> = (0..n).map(|i| (i % DIGITS) as u8).collect();
        for (image, &label) in pixels.chunks_exact_mut(784).zip(&labels) {
            for (k, p) in image.iter_mut().enumerate() {
                let in_band = (k / 28) / 3 == usize::from(label);
                if (in_band && rng.uniform() < 0.7) || rng.uniform() < 0.05 {
                    *p = (64.0 + rng.uniform() * 191.0) as u8;
                }
            }
        }
        Examples::from_pixels(&pixels, &labels, 784)
    }

    fn trained(sizes: &[usize]) -> (Training, Examples) {
        let (train, test) = (examples(600, 1), examples(300, 2));
        let mut training = Training::new(Config {
            sizes: sizes.to_vec(),
            epochs: 2,
            train_size: 600,
            test_size: 300,
            mini_batch: 10,
            seed: 7,
            ..Config::network2()
        })
        .expect("valid");
        while !training.step(&train, &test, 1000).finished {}
        (training, test)
    }

    /// Cross-entropy straight from `Network::feedforward`'s outputs, per digit.
    fn reference(net: &Network, test: &Examples) -> ([usize; DIGITS], Vec<f64>) {
        let mut correct = [0; DIGITS];
        let mut ce = [0.0; DIGITS];
        let mut count = [0; DIGITS];
        for i in 0..test.len() {
            let a = net.feedforward(&test.dense(i));
            let y = usize::from(test.label(i));
            correct[y] += usize::from(explain::argmax(&a) == y);
            count[y] += 1;
            ce[y] += a
                .iter()
                .enumerate()
                .map(|(k, &a)| {
                    let a = f64::from(a).clamp(1e-15, 1.0 - 1e-15);
                    if k == y {
                        -a.ln()
                    } else {
                        -(1.0 - a).ln()
                    }
                })
                .sum::<f64>();
        }
        let ce = ce
            .iter()
            .zip(&count)
            .map(|(c, &n)| c / f64::from(n))
            .collect();
        (correct, ce)
    }

    #[test]
    fn ablating_nothing_reproduces_the_models_accuracy_exactly() {
        for sizes in [[784, 30, 10].as_slice(), &[784, 16, 12, 10]] {
            let (training, test) = trained(sizes);
            let ablation = Ablation::new(&training.network, &test, 0).expect("fits");
            let scores = ablation.evaluate(&[], Silence::Mean).expect("valid");
            let last = training.history().last().expect("trained");
            assert_eq!(scores.overall.correct, last.test_correct, "{sizes:?}");
            assert_eq!(scores.overall.images, last.test_total);
            let predictions = &training.evaluation().predictions;
            for digit in 0..DIGITS {
                let right = (0..test.len())
                    .filter(|&i| test.label(i) == digit as u8 && predictions[i] == digit as u8)
                    .count();
                assert_eq!(scores.digits[digit].correct, right, "digit {digit}");
            }
        }
    }

    #[test]
    fn each_neurons_mean_ablation_equals_feedforward_with_its_mean() {
        let (training, test) = trained(&[784, 30, 10]);
        let net = &training.network;
        let ablation = Ablation::new(net, &test, 0).expect("fits");
        for silence in [Silence::Mean, Silence::Zero] {
            for j in 0..30 {
                let scores = ablation.evaluate(&[j], silence).expect("valid");
                // The same network with neuron j made constant: no input weights, and a bias
                // whose σ is the replacement (σ(−100) is exactly 0 in f32).
                let value = match silence {
                    Silence::Mean => ablation.means()[j],
                    Silence::Zero => 0.0,
                };
                let mut constant = net.clone();
                constant.weights[0].row_mut(j).fill(0.0);
                constant.biases[0][j] = if value == 0.0 {
                    -100.0
                } else {
                    (value / (1.0 - value)).ln()
                };
                assert!((sigmoid(constant.biases[0][j]) - value).abs() < 1e-6);
                let (correct, ce) = reference(&constant, &test);
                for d in 0..DIGITS {
                    let s = &scores.digits[d];
                    assert!(
                        (s.cross_entropy - ce[d]).abs() < 1e-4 * ce[d].max(1.0),
                        "{silence:?} neuron {j} digit {d}: {} vs {}",
                        s.cross_entropy,
                        ce[d]
                    );
                    // Accuracy may differ only by a near-tie flipped in the last bit.
                    assert!(s.correct.abs_diff(correct[d]) <= 1, "neuron {j} digit {d}");
                }
            }
        }
    }

    #[test]
    fn silencing_several_neurons_and_bad_indices() {
        let (training, test) = trained(&[784, 30, 10]);
        let ablation = Ablation::new(&training.network, &test, 0).expect("fits");
        let all: Vec<usize> = (0..30).collect();
        let dead = ablation.evaluate(&all, Silence::Mean).expect("valid");
        // Every neuron at its mean: every image gets the same output, so one digit wins them all.
        let winners = dead.digits.iter().filter(|s| s.correct > 0).count();
        assert_eq!(winners, 1, "{dead:?}");
        assert_eq!(
            ablation.evaluate(&[3, 3, 17], Silence::Zero),
            ablation.evaluate(&[17, 3], Silence::Zero)
        );
        let error = ablation
            .evaluate(&[30], Silence::Mean)
            .expect_err("no neuron 30");
        assert_eq!(
            error.0,
            "there is no hidden neuron 30: the layer has neurons 0 to 29"
        );
        assert!(Ablation::new(&training.network, &test, 1).is_err());
    }

    #[test]
    fn the_report_ranks_damage_beside_likes() {
        let (training, test) = trained(&[784, 30, 10]);
        let ablation = Ablation::new(&training.network, &test, 0).expect("fits");
        let report = ablation.report(Silence::Mean).expect("valid");
        assert_eq!(report.digits.len(), DIGITS);
        let w = &training.network.weights[1]; // (10, 30)
        for r in &report.digits {
            assert_eq!(r.by_likes, explain::rank(&w.row(r.digit).to_vec()));
            // by_damage is sorted by damage, largest first.
            for pair in r.by_damage.windows(2) {
                assert!(r.damage[pair[0]] >= r.damage[pair[1]]);
            }
            let alone = ablation
                .evaluate(&[r.by_damage[0]], Silence::Mean)
                .expect("ok");
            let raised =
                alone.digits[r.digit].cross_entropy - report.base.digits[r.digit].cross_entropy;
            assert!((raised - r.damage[r.by_damage[0]]).abs() < 1e-12);
            assert!((-1.0..=1.0).contains(&r.spearman) && r.top3_overlap <= 3);
        }
        // Knocking out what a digit likes should hurt it: on this easy data the two readings
        // agree more often than not.
        assert!(report.median_spearman > 0.0, "{}", report.median_spearman);
        assert!(report.top_liked_beats_median >= 5, "{report:?}");
    }
}
