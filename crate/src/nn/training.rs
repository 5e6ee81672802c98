//! A training run as a resumable state machine, advanced in small steps by its caller, so a
//! browser worker can train without blocking and still hear "pause" (network2.py `SGD`).
//!
//! Each epoch: shuffle the order of the training examples with the run's [`Rng`], do the
//! mini-batches in that order (the last one partial, as Python's slicing gives), then evaluate
//! every test image, then the next epoch. Not here: timing, messages, or where data comes from.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::config::{Config, FieldError};
use super::divergence::{self, Divergence};
use super::input::Examples;
use super::kernel::{self, Workspace};
use super::network::{first_layer_layout, Network};
use super::rng::Rng;

/// Training examples per epoch: the first 50,000 of MNIST's 60,000 training images (the last
/// 10,000 are the validation set, as in the book).
pub const TRAINING_SIZE: usize = super::config::MAX_TRAIN_SIZE;

/// What one epoch achieved, measured when its evaluation finished.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochResult {
    /// Epochs finished so far, counting this one: 1 for the first.
    pub epoch: usize,
    /// Test images classified correctly after this epoch.
    pub test_correct: usize,
    /// Test images evaluated.
    pub test_total: usize,
    /// Mean cost per training example plus the L2 term ½(λ/n)Σw² (network2.py `total_cost`).
    /// The data part is averaged during the epoch's own feedforward passes, so the weights
    /// move while it is measured: it costs no extra pass over the 50,000 images.
    pub train_cost: f32,
    /// Fraction of training examples classified correctly, measured the same way.
    pub train_accuracy: f32,
}

/// The network's answers on the test set at the end of an epoch, and what its hidden neurons do
/// per digit: what the test-set browser and the neuron view show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// (n,): the digit picked for each test image (argmax of the output).
    pub predictions: Vec<u8>,
    /// (n,): the output activation of the picked digit, in (0, 1).
    pub confidences: Vec<f32>,
    /// Per hidden layer l: `(10, sizes[l + 1])` row-major, the mean activation of each neuron
    /// over the test images of each digit (0 for a digit with no images).
    pub mean_activations: Vec<Vec<f32>>,
}

/// Digits, the classes of MNIST (the output layer).
const DIGITS: usize = crate::explain::DIGITS;

/// What one call to [`Training::step`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepReport {
    /// Training examples processed in this step.
    pub trained: usize,
    /// Σ data cost over those examples.
    pub cost_sum: f32,
    /// Those examples classified correctly (before their gradient step).
    pub correct: usize,
    /// Set when this step finished evaluating an epoch.
    pub epoch_done: Option<EpochResult>,
    /// All epochs trained and evaluated.
    pub finished: bool,
    /// Set when the run has diverged (in this step or before): it does no more work.
    pub diverged: Option<Divergence>,
}

/// Where a run is within its current epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Doing mini-batches; `cursor` training examples of the epoch are done.
    Train,
    /// Classifying test images; `evaluated` of them are done.
    Evaluate,
    /// Every epoch trained and evaluated.
    Finished,
}

/// One training run: its configuration, its network, and where it is.
#[derive(Clone, Debug)]
pub struct Training {
    /// The run's hyper-parameters (validated).
    pub config: Config,
    /// The network being trained.
    pub network: Network,
    /// Shuffles each epoch (it also drew the initial weights).
    rng: Rng,
    /// (n_train,): indices of the run's training examples in this epoch's order.
    order: Vec<u32>,
    /// 0-based epoch being trained; `config.epochs` when finished.
    epoch: usize,
    /// Whether `order` has been shuffled for the current epoch.
    shuffled: bool,
    phase: Phase,
    /// Training examples done in the current epoch.
    cursor: usize,
    /// Σ data cost and hits over the current epoch's training examples.
    epoch_cost_sum: f64,
    epoch_correct: usize,
    /// Test images evaluated in the current evaluation.
    evaluated: usize,
    /// The current (or last) evaluation's answers.
    tally: Tally,
    ws: Workspace,
    /// The first layer's other layout: column-major (the kernel's) between steps, row-major
    /// during one. Each step swaps it with `network.weights[0]` on the way in and out, so the
    /// network is row-major whenever the caller looks, and nothing is allocated.
    spare_first_layer: Array2<f32>,
    history: Vec<EpochResult>,
    /// Set once a step found the run diverged; no step trains after that.
    diverged: Option<Divergence>,
}

impl Training {
    /// A new run: the network initialised from `Rng::new(config.seed)`, nothing trained yet.
    ///
    /// # Errors
    /// The first problem of an invalid `config`.
    pub fn new(config: Config) -> Result<Training, FieldError> {
        config.validate()?;
        let mut rng = Rng::new(config.seed);
        let network = Network::new(&config.sizes, config.init, config.cost, &mut rng);
        let ws = Workspace::new(&config.sizes, config.mini_batch);
        let spare_first_layer = network
            .weights
            .first()
            .map_or_else(|| Array2::zeros((0, 0)), first_layer_layout);
        Ok(Training {
            config,
            network,
            rng,
            order: Vec::new(),
            epoch: 0,
            shuffled: false,
            phase: Phase::Train,
            cursor: 0,
            epoch_cost_sum: 0.0,
            epoch_correct: 0,
            evaluated: 0,
            tally: Tally::default(),
            ws,
            spare_first_layer,
            history: Vec::new(),
            diverged: None,
        })
    }

    /// Does about `budget` examples of work (training examples, whole mini-batches, or test
    /// evaluations), then returns; at least one unit of work unless finished. Stops early when
    /// an epoch's evaluation completes, so every [`EpochResult`] is reported once.
    ///
    /// `train` = the training examples (the first 50,000 images), `test` = the test images;
    /// pass the same sets at every step. The run uses only their first `config.train_size` and
    /// `config.test_size` examples ([`Config::train_count`], [`Config::test_count`]); n in the
    /// L2 term is that training count.
    ///
    /// # Panics
    /// If the sets do not fit the network (inputs per example), or `train` shrinks mid-epoch.
    ///
    /// A step that trained checks the cost and every parameter ([`divergence::check`]); once
    /// the run has diverged, every step reports it in `diverged` and does nothing.
    pub fn step(&mut self, train: &Examples, test: &Examples, budget: usize) -> StepReport {
        self.swap_first_layer(); // into the kernel's column-major layout
        let report = self.work(train, test, budget);
        self.swap_first_layer(); // back to row-major
        report
    }

    /// Keeps the first layer (the hidden layer's input weights and biases) as it is from now on:
    /// only the layers above learn, and the first layer's backprop is skipped (see
    /// [`Workspace::freeze`]).
    pub fn freeze_first_layer(&mut self) {
        self.ws.freeze(1);
    }

    /// Copies the first layer into its other layout and swaps the two (see `spare_first_layer`).
    fn swap_first_layer(&mut self) {
        if let Some(w) = self.network.weights.first_mut() {
            if self.spare_first_layer.dim() == w.dim() {
                self.spare_first_layer.assign(w);
                std::mem::swap(w, &mut self.spare_first_layer);
            }
        }
    }

    /// [`Training::step`]'s work, with the first layer in the kernel's layout.
    fn work(&mut self, train: &Examples, test: &Examples, budget: usize) -> StepReport {
        let mut report = StepReport::default();
        if self.diverged.is_some() {
            report.diverged.clone_from(&self.diverged);
            return report;
        }
        // The run's subset: the first n_train training and n_test test examples.
        let n_train = self.config.train_count(train.len());
        let n_test = self.config.test_count(test.len());
        let budget = budget.max(1);
        let mut work = 0;
        while work < budget {
            match self.phase {
                Phase::Finished => break,
                Phase::Train => {
                    if !self.shuffled {
                        self.start_epoch(n_train);
                    }
                    if self.cursor < n_train {
                        let end = (self.cursor + self.config.mini_batch).min(n_train);
                        let stats = kernel::update_mini_batch(
                            &mut self.network,
                            train,
                            &self.order[self.cursor..end],
                            self.config.eta,
                            self.config.lambda,
                            n_train,
                            &mut self.ws,
                        );
                        self.cursor = end;
                        self.epoch_cost_sum += f64::from(stats.cost_sum);
                        self.epoch_correct += stats.correct;
                        report.trained += stats.count;
                        report.cost_sum += stats.cost_sum;
                        report.correct += stats.correct;
                        work += stats.count;
                    }
                    if self.cursor >= n_train {
                        self.start_evaluation(n_test);
                    }
                }
                Phase::Evaluate => {
                    let end = (self.evaluated + (budget - work)).min(n_test);
                    for i in self.evaluated..end {
                        self.tally.add(&self.network, test, i, &mut self.ws);
                    }
                    work += end - self.evaluated;
                    self.evaluated = end;
                    if self.evaluated >= n_test {
                        report.epoch_done = Some(self.finish_epoch(n_train, n_test));
                        break;
                    }
                }
            }
        }
        report.finished = self.is_finished();
        if report.trained > 0 {
            if let Some(cause) = divergence::check(&self.network, report.cost_sum) {
                let n = n_train;
                self.diverged = Some(Divergence::new(
                    cause,
                    &self.config,
                    self.epoch,
                    self.cursor,
                    n,
                ));
                report.diverged.clone_from(&self.diverged);
            }
        }
        report
    }

    /// Why the run stopped, if it diverged.
    pub fn divergence(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }

    /// 0-based epoch being trained (== `config.epochs` when finished).
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Training examples done in the current epoch.
    pub fn samples_done(&self) -> usize {
        self.cursor
    }

    /// True when every epoch has been trained and evaluated.
    pub fn is_finished(&self) -> bool {
        self.phase == Phase::Finished
    }

    /// The results of the finished epochs, first epoch first.
    pub fn history(&self) -> &[EpochResult] {
        &self.history
    }

    /// The L2 part of network2.py's `total_cost`: ½(λ/n) Σ w², over every weight (not biases).
    /// Zero when n is 0.
    pub fn total_cost_regularization(&self, n: usize) -> f32 {
        if n == 0 {
            return 0.0;
        }
        let squares: f64 = self
            .network
            .weights
            .iter()
            .flat_map(|w| w.iter())
            .map(|&w| f64::from(w) * f64::from(w))
            .sum();
        (0.5 * (f64::from(self.config.lambda) / n as f64) * squares) as f32
    }

    /// The answers on the test set of the last evaluated epoch (empty before the first).
    pub fn evaluation(&self) -> &Evaluation {
        &self.tally.evaluation
    }

    fn start_evaluation(&mut self, n_test: usize) {
        self.phase = Phase::Evaluate;
        self.evaluated = 0;
        self.tally = Tally::new(&self.config.sizes, n_test);
    }

    /// Shuffles the order of the first `n_train` training examples (in place, like
    /// `random.shuffle`).
    fn start_epoch(&mut self, n_train: usize) {
        if self.order.len() != n_train {
            let n = u32::try_from(n_train).expect("fewer than 2^32 training examples");
            self.order = (0..n).collect();
        }
        self.rng.shuffle(&mut self.order);
        self.shuffled = true;
        self.cursor = 0;
        self.epoch_cost_sum = 0.0;
        self.epoch_correct = 0;
    }

    fn finish_epoch(&mut self, n: usize, test_total: usize) -> EpochResult {
        self.tally.finish();
        let per_example = |sum: f64| if n == 0 { 0.0 } else { sum / n as f64 };
        let result = EpochResult {
            epoch: self.epoch + 1,
            test_correct: self.tally.correct,
            test_total,
            train_cost: per_example(self.epoch_cost_sum) as f32 + self.total_cost_regularization(n),
            train_accuracy: per_example(self.epoch_correct as f64) as f32,
        };
        self.history.push(result.clone());
        self.epoch += 1;
        self.cursor = 0;
        self.shuffled = false;
        self.phase = if self.epoch >= self.config.epochs {
            Phase::Finished
        } else {
            Phase::Train
        };
        result
    }
}

/// An evaluation being added up: the answers so far, the activation sums per digit (means once
/// finished), the test images seen per digit and how many were right.
#[derive(Clone, Debug, Default)]
struct Tally {
    evaluation: Evaluation,
    digit_counts: [usize; DIGITS],
    correct: usize,
}

impl Tally {
    /// An empty tally for a network of `sizes` on `n_test` images.
    fn new(sizes: &[usize], n_test: usize) -> Tally {
        let hidden = &sizes[1..sizes.len() - 1];
        Tally {
            evaluation: Evaluation {
                predictions: Vec::with_capacity(n_test),
                confidences: Vec::with_capacity(n_test),
                mean_activations: hidden.iter().map(|&n| vec![0.0; DIGITS * n]).collect(),
            },
            digit_counts: [0; DIGITS],
            correct: 0,
        }
    }

    /// Classifies test image `i` with `network` (first layer in the kernel's layout), recording
    /// its answer and adding its hidden activations to the sums of its digit.
    fn add(&mut self, network: &Network, test: &Examples, i: usize, ws: &mut Workspace) {
        let guess = kernel::predict(network, test, i, ws);
        let label = usize::from(test.label(i));
        self.correct += usize::from(guess == label);
        let output = ws.predicted_activations(network.sizes.len() - 2);
        self.evaluation.confidences.push(output[guess]);
        self.evaluation
            .predictions
            .push(u8::try_from(guess).expect("an output index of a 10-way classifier"));
        if label < DIGITS {
            self.digit_counts[label] += 1;
            for (l, sums) in self.evaluation.mean_activations.iter_mut().enumerate() {
                let a = ws.predicted_activations(l);
                for (sum, &a) in sums[label * a.len()..(label + 1) * a.len()]
                    .iter_mut()
                    .zip(a)
                {
                    *sum += a;
                }
            }
        }
    }

    /// Turns the activation sums into means per digit.
    fn finish(&mut self) {
        for sums in &mut self.evaluation.mean_activations {
            let n = sums.len() / DIGITS;
            for (digit, &count) in self.digit_counts.iter().enumerate() {
                if count > 0 {
                    for sum in &mut sums[digit * n..(digit + 1) * n] {
                        *sum /= count as f32;
                    }
                }
            }
        }
    }
}

/// `network` (row-major, as a run or a model file holds it) evaluated on every image of `test`,
/// as a run evaluates itself after an epoch: what the test-set browser and the neuron view show
/// for a network opened from a file. Returns the evaluation and the images classified right.
///
/// # Panics
/// If `test` does not fit the network's inputs.
pub fn evaluate(network: &Network, test: &Examples) -> (Evaluation, usize) {
    let mut kernel_layout = network.clone();
    if let Some(w) = kernel_layout.weights.first_mut() {
        *w = first_layer_layout(w);
    }
    let mut ws = Workspace::new(&network.sizes, 1);
    let mut tally = Tally::new(&network.sizes, test.len());
    for i in 0..test.len() {
        tally.add(&kernel_layout, test, i, &mut ws);
    }
    tally.finish();
    (tally.evaluation, tally.correct)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::config::{MNIST_INPUTS, MNIST_OUTPUTS};

    /// A toy MNIST: digit d lights a bar of pixels in row 2d + 4, at a random horizontal shift,
    /// with some noise elsewhere.
    fn toy_digits(count: usize, seed: u32) -> Examples {
        let mut rng = Rng::new(seed);
        let mut pixels = vec![0u8; count * MNIST_INPUTS];
        let mut labels = Vec::with_capacity(count);
        for image in pixels.chunks_exact_mut(MNIST_INPUTS) {
            let digit = rng.below(MNIST_OUTPUTS);
            let shift = rng.below(10);
            for col in shift..shift + 12 {
                image[(2 * digit + 4) * 28 + col] = 200;
            }
            for _ in 0..20 {
                image[rng.below(MNIST_INPUTS)] = (rng.below(255) + 1) as u8;
            }
            labels.push(digit as u8);
        }
        Examples::from_pixels(&pixels, &labels, MNIST_INPUTS)
    }

    fn small_config(seed: u32) -> Config {
        Config {
            sizes: vec![MNIST_INPUTS, 12, MNIST_OUTPUTS],
            epochs: 3,
            mini_batch: 10,
            seed,
            ..Config::network2()
        }
    }

    fn run(config: Config, train: &Examples, test: &Examples, budget: usize) -> Training {
        let mut training = Training::new(config).expect("valid config");
        let mut steps = 0;
        while !training.step(train, test, budget).finished {
            steps += 1;
            assert!(steps < 1_000_000, "training never finishes");
        }
        training
    }

    fn bits(training: &Training) -> Vec<u32> {
        let net = &training.network;
        let weights = net.weights.iter().flat_map(|w| w.iter());
        let biases = net.biases.iter().flat_map(|b| b.iter());
        weights.chain(biases).map(|v| v.to_bits()).collect()
    }

    #[test]
    fn same_seed_gives_bit_identical_weights_whatever_the_step_size() {
        let (train, test) = (toy_digits(205, 1), toy_digits(50, 2));
        let a = run(small_config(7), &train, &test, 37);
        let b = run(small_config(7), &train, &test, 37);
        let c = run(small_config(7), &train, &test, 1_000_000);
        assert_eq!(bits(&a), bits(&b));
        assert_eq!(bits(&a), bits(&c), "step budget must not change the result");
        assert_eq!(a.history(), c.history());
        let other = run(small_config(8), &train, &test, 37);
        assert_ne!(bits(&a), bits(&other));
    }

    /// FNV-1a of the bits of every weight and bias.
    fn fingerprint(training: &Training) -> u64 {
        bits(training)
            .iter()
            .flat_map(|b| b.to_le_bytes())
            .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            })
    }

    #[test]
    fn a_seeded_run_reproduces_its_recorded_weights() {
        // Recorded once; a seed must give the same run on every machine and in every release
        // (the same value comes out of a wasm32 build: fixed summation order, no FMA, our own
        // exp; tests/determinism.rs checks that in wasm32 with and without SIMD). If a change
        // to the arithmetic is deliberate, record the new value (last: the polynomial sigmoid
        // and the column-major first layer).
        let (train, test) = (toy_digits(205, 1), toy_digits(50, 2));
        let training = run(small_config(7), &train, &test, 37);
        assert_eq!(fingerprint(&training), 0x8800_3235_45c0_66a8);
    }

    #[test]
    fn the_network_is_row_major_between_steps() {
        let (train, test) = (toy_digits(95, 5), toy_digits(30, 6));
        let mut training = Training::new(small_config(2)).expect("valid config");
        for _ in 0..5 {
            training.step(&train, &test, 40);
            let weights = &training.network.weights;
            assert!(weights.iter().all(|w| w.is_standard_layout()));
        }
    }

    #[test]
    fn learns_the_toy_digits() {
        let (train, test) = (toy_digits(2000, 3), toy_digits(500, 4));
        let training = run(small_config(1), &train, &test, 500);
        let history = training.history();
        assert_eq!(history.len(), 3);
        let last = history.last().expect("three epochs");
        assert_eq!(last.test_total, 500);
        assert!(last.test_correct >= 450, "{history:?}");
        assert!(last.train_accuracy > 0.8, "{history:?}");
        assert!(history[0].train_cost > last.train_cost, "{history:?}");
        assert_eq!(
            history.iter().map(|r| r.epoch).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn steps_respect_the_budget_and_report_each_epoch_once() {
        let (train, test) = (toy_digits(95, 5), toy_digits(30, 6));
        let mut training = Training::new(small_config(2)).expect("valid config");
        assert_eq!((training.epoch(), training.samples_done()), (0, 0));

        // Whole mini-batches only: 25 asked, 30 done; then the rest of the epoch.
        let report = training.step(&train, &test, 25);
        assert_eq!(report.trained, 30);
        assert_eq!(training.samples_done(), 30);
        assert!(report.epoch_done.is_none() && !report.finished);
        let report = training.step(&train, &test, 65);
        assert_eq!(report.trained, 65, "the last mini-batch is partial (5)");
        assert_eq!(training.samples_done(), 95);
        assert!(
            report.epoch_done.is_none(),
            "evaluation is part of the budget"
        );

        // Evaluation in chunks, then the epoch's result.
        let report = training.step(&train, &test, 20);
        assert_eq!((report.trained, report.epoch_done), (0, None));
        let report = training.step(&train, &test, 1000);
        let done = report.epoch_done.expect("epoch finished");
        assert_eq!((done.epoch, done.test_total), (1, 30));
        assert_eq!(report.trained, 0, "stops at the end of an epoch");
        assert_eq!((training.epoch(), training.samples_done()), (1, 0));
        assert_eq!(training.history(), [done]);

        while !training.step(&train, &test, 1000).finished {}
        assert!(training.is_finished());
        assert_eq!(training.epoch(), 3);
        assert_eq!(training.history().len(), 3);
        let after = training.step(&train, &test, 1000);
        assert_eq!((after.trained, after.finished), (0, true));
    }

    #[test]
    fn evaluating_a_network_matches_the_runs_own_evaluation() {
        let (train, test) = (toy_digits(100, 7), toy_digits(40, 8));
        let mut training = Training::new(small_config(3)).expect("valid config");
        let result = loop {
            if let Some(result) = training.step(&train, &test, 1000).epoch_done {
                break result;
            }
        };
        let (evaluation, correct) = evaluate(&training.network, &test);
        assert_eq!(&evaluation, training.evaluation());
        assert_eq!(correct, result.test_correct);
        assert_eq!(evaluation.predictions.len(), 40);
    }

    #[test]
    fn step_reports_add_up_to_the_epoch() {
        let (train, test) = (toy_digits(100, 7), toy_digits(10, 8));
        let mut training = Training::new(small_config(3)).expect("valid config");
        let (mut cost_sum, mut correct) = (0.0f64, 0);
        let result = loop {
            let report = training.step(&train, &test, 30);
            cost_sum += f64::from(report.cost_sum);
            correct += report.correct;
            if let Some(result) = report.epoch_done {
                break result;
            }
        };
        let l2 = training.total_cost_regularization(100);
        assert!((result.train_cost - (cost_sum / 100.0) as f32 - l2).abs() < 1e-5);
        assert_eq!(result.train_accuracy, correct as f32 / 100.0);
    }

    #[test]
    fn regularization_is_half_lambda_over_n_sum_of_squares() {
        let training = Training::new(small_config(4)).expect("valid config");
        let squares: f64 = training
            .network
            .weights
            .iter()
            .flat_map(|w| w.iter())
            .map(|&w| f64::from(w).powi(2))
            .sum();
        let expected = 0.5 * (5.0 / 50_000.0) * squares;
        assert!((f64::from(training.total_cost_regularization(50_000)) - expected).abs() < 1e-6);
        assert_eq!(training.total_cost_regularization(0), 0.0);
    }

    #[test]
    fn invalid_config_is_refused() {
        let config = Config {
            eta: -1.0,
            ..Config::network2()
        };
        let error = Training::new(config).expect_err("eta must be positive");
        assert_eq!(error.field, "eta");
    }

    #[test]
    fn a_subset_trains_on_its_first_examples_with_l2_over_its_own_n() {
        let (train, test) = (toy_digits(400, 21), toy_digits(300, 22));
        let subset = Config {
            train_size: 150,
            test_size: 120,
            ..small_config(3)
        };
        assert!(subset.lambda > 0.0, "the L2 decay 1 − ηλ/n must take part");
        let a = run(subset, &train, &test, 64);
        // The same run given only those examples: n = 150 in the decay, 120 images evaluated.
        let b = run(
            small_config(3),
            &train.range(0, 150),
            &test.range(0, 120),
            64,
        );
        assert_eq!(bits(&a), bits(&b));
        assert_eq!(a.history(), b.history());
        assert_eq!(a.history()[0].test_total, 120);
        assert_eq!(a.evaluation().predictions.len(), 120);
        // …and not the run on every example.
        let full = run(small_config(3), &train, &test, 64);
        assert_ne!(bits(&a), bits(&full));
        assert_eq!(full.history()[0].test_total, 300);
    }

    #[test]
    fn empty_sets_do_not_hang() {
        let none = Examples::from_pixels(&[], &[], MNIST_INPUTS);
        let training = run(small_config(5), &none, &none, 10);
        assert_eq!(training.history().len(), 3);
        assert_eq!(training.history()[0].test_total, 0);
    }

    #[test]
    fn a_run_that_blows_up_stops_and_says_why() {
        use crate::nn::divergence::Cause;
        let (train, test) = (toy_digits(200, 9), toy_digits(20, 10));
        // η·λ/n = 100·1000/200: every step scales the weights by about −499.
        let config = Config {
            eta: 100.0,
            lambda: 1000.0,
            ..small_config(4)
        };
        let mut training = Training::new(config).expect("valid config");
        let mut steps = 0;
        let divergence = loop {
            let report = training.step(&train, &test, 10);
            if let Some(divergence) = report.diverged {
                break divergence;
            }
            assert!(!report.finished, "an exploding run must not finish quietly");
            steps += 1;
            assert!(steps < 100, "no divergence reported");
        };
        assert!(
            matches!(divergence.cause, Cause::HugeParameter { .. }),
            "{divergence:?}"
        );
        assert_eq!(training.divergence(), Some(&divergence));
        assert!(
            divergence.to_string().contains("lower η or λ"),
            "{divergence}"
        );
        // Stopped for good: no more work, the same report.
        let (epoch, done) = (training.epoch(), training.samples_done());
        let again = training.step(&train, &test, 1000);
        assert_eq!((again.trained, again.diverged), (0, Some(divergence)));
        assert_eq!((training.epoch(), training.samples_done()), (epoch, done));
    }

    #[test]
    fn a_nan_weight_stops_the_run_at_the_next_step() {
        use crate::nn::divergence::Cause;
        let (train, test) = (toy_digits(100, 11), toy_digits(10, 12));
        let mut training = Training::new(small_config(6)).expect("valid config");
        assert_eq!(training.step(&train, &test, 20).diverged, None);
        training.network.weights[0][[0, 0]] = f32::NAN;
        let report = training.step(&train, &test, 20);
        let cause = report.diverged.map(|d| d.cause);
        assert!(
            matches!(
                cause,
                Some(Cause::NonFiniteCost | Cause::NonFiniteParameter)
            ),
            "{cause:?}"
        );
    }

    #[test]
    fn healthy_runs_never_report_divergence() {
        let (train, test) = (toy_digits(300, 13), toy_digits(30, 14));
        for config in [
            small_config(1),
            Config {
                sizes: vec![MNIST_INPUTS, 12, MNIST_OUTPUTS],
                epochs: 3,
                ..Config::network1()
            },
        ] {
            let mut training = Training::new(config).expect("valid config");
            loop {
                let report = training.step(&train, &test, 50);
                assert_eq!(report.diverged, None);
                if report.finished {
                    break;
                }
            }
        }
    }
}
