//! A training run's hyper-parameters (`Config`), the two presets of the book, and validation
//! against documented limits, each problem tied to the JSON field that caused it.
//!
//! Not here: building or training the network.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::cost::Cost;
use crate::schema::{thousands, Dataset, DatasetKey};

/// Inputs of an MNIST network: one per pixel of a 28×28 image.
pub const MNIST_INPUTS: usize = Dataset::MNIST.inputs();
/// Outputs of an MNIST network: one per digit.
pub const MNIST_OUTPUTS: usize = Dataset::MNIST.classes();
/// Fewest hidden layers.
pub const MIN_HIDDEN_LAYERS: usize = 1;
/// Most hidden layers.
pub const MAX_HIDDEN_LAYERS: usize = 4;
/// Most neurons in one hidden layer (each hidden layer has at least 1).
pub const MAX_HIDDEN_NEURONS: usize = 1000;
/// Most weights plus biases in a network.
pub const MAX_PARAMETERS: usize = 2_000_000;
/// Most epochs in a run (at least 1).
pub const MAX_EPOCHS: usize = 1000;
/// Largest learning rate η (η must be > 0).
pub const MAX_ETA: f32 = 100.0;
/// Largest mini-batch on MNIST (at least 1): the whole training set.
pub const MAX_MINI_BATCH: usize = Dataset::MNIST.train;
/// Largest L2 regularization parameter λ (λ must be ≥ 0).
pub const MAX_LAMBDA: f32 = 1000.0;
/// Most training images of MNIST: the book's whole training set.
pub const MAX_TRAIN_SIZE: usize = Dataset::MNIST.train;
/// Fewest training images: 10 per digit on average, so a run still learns something.
pub const MIN_TRAIN_SIZE: usize = 100;
/// Most test images of MNIST: its whole test set.
pub const MAX_TEST_SIZE: usize = Dataset::MNIST.test;
/// Fewest test images: enough that one image moves the accuracy by at most 1%.
pub const MIN_TEST_SIZE: usize = 100;

/// How the weights start (biases always start N(0, 1)).
///
/// JSON: `"large"` | `"default"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Init {
    /// N(0, 1), network.py's `large_weight_initializer`: hidden neurons start saturated.
    Large,
    /// N(0, 1)/√n_in, network2.py's `default_weight_initializer`.
    Default,
}

/// Everything that defines a training run; the same `Config` gives the same weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Neurons per layer, input first: `[784, 30, 10]`.
    pub sizes: Vec<usize>,
    /// Passes over the training set.
    pub epochs: usize,
    /// Learning rate η (serialized as its shortest decimal: 0.1, not 0.10000000149011612).
    #[serde(serialize_with = "crate::decimal::serialize")]
    pub eta: f32,
    /// Examples per gradient step (JSON `miniBatch`).
    pub mini_batch: usize,
    /// L2 regularization parameter λ (0 = none), serialized as its shortest decimal.
    #[serde(serialize_with = "crate::decimal::serialize")]
    pub lambda: f32,
    /// The cost being minimised.
    pub cost: Cost,
    /// How the weights start.
    pub init: Init,
    /// Seeds the initial weights and every epoch's shuffle.
    pub seed: u32,
    /// Trains on the first `train_size` training images (JSON `trainSize`; absent = all 50,000).
    /// n in the L2 decay 1 − ηλ/n is this number.
    #[serde(default = "full_train_size")]
    pub train_size: usize,
    /// Evaluates the first `test_size` test images (JSON `testSize`; absent = all 10,000).
    #[serde(default = "full_test_size")]
    pub test_size: usize,
    /// The dataset it learns from (JSON `dataset`, left out for MNIST: absent = MNIST, as in
    /// every link and file made before there was a choice).
    #[serde(default, skip_serializing_if = "DatasetKey::is_default")]
    pub dataset: DatasetKey,
}

fn full_train_size() -> usize {
    MAX_TRAIN_SIZE
}

fn full_test_size() -> usize {
    MAX_TEST_SIZE
}

/// One problem with a `Config`, tied to the field to fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The JSON name of the field: `"sizes"`, `"epochs"`, `"eta"`, `"miniBatch"`, `"lambda"`,
    /// `"cost"`, `"init"`, `"seed"`, `"trainSize"` or `"testSize"`.
    pub field: &'static str,
    /// What is wrong, as a sentence fragment to show next to the field.
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, message: String) -> FieldError {
        FieldError { field, message }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

impl Config {
    /// network2.py as run in chapter 3: 784-30-10, cross-entropy, N(0,1)/√n_in weights,
    /// η = 0.5, λ = 5.0, mini-batches of 10, 30 epochs, seed 1, all of MNIST.
    pub fn network2() -> Config {
        Config::network2_for(&Dataset::MNIST)
    }

    /// network2.py's recipe on `data`: 30 hidden neurons, all of its images.
    pub fn network2_for(data: &Dataset) -> Config {
        Config {
            sizes: vec![data.inputs(), 30, data.classes()],
            epochs: 30,
            eta: 0.5,
            mini_batch: 10,
            lambda: 5.0,
            cost: Cost::CrossEntropy,
            init: Init::Default,
            seed: 1,
            train_size: data.train,
            test_size: data.test,
            dataset: data.key,
        }
    }

    /// network.py as run in chapter 1: 784-30-10, quadratic cost, N(0,1) weights, η = 3.0,
    /// no regularization, mini-batches of 10, 30 epochs, seed 1, all of MNIST.
    pub fn network1() -> Config {
        Config::network1_for(&Dataset::MNIST)
    }

    /// network.py's recipe on `data`: 30 hidden neurons, all of its images.
    pub fn network1_for(data: &Dataset) -> Config {
        Config {
            sizes: vec![data.inputs(), 30, data.classes()],
            epochs: 30,
            eta: 3.0,
            mini_batch: 10,
            lambda: 0.0,
            cost: Cost::Quadratic,
            init: Init::Large,
            seed: 1,
            train_size: data.train,
            test_size: data.test,
            dataset: data.key,
        }
    }

    /// Every problem of a run on its dataset, each tied to its field; empty when valid.
    pub fn problems(&self) -> Vec<FieldError> {
        self.problems_in(self.dataset.dataset())
    }

    /// The descriptor of the dataset it learns from.
    pub fn data(&self) -> &'static Dataset {
        self.dataset.dataset()
    }

    /// Every problem of a run on `data`, each tied to its field; empty when valid.
    pub fn problems_in(&self, data: &Dataset) -> Vec<FieldError> {
        let (max_train, max_test) = (data.train, data.test);
        let mut problems = self.size_problems(data);
        if !(1..=MAX_EPOCHS).contains(&self.epochs) {
            problems.push(FieldError::new(
                "epochs",
                format!("must be from 1 to {MAX_EPOCHS}, not {}", self.epochs),
            ));
        }
        if !(self.eta.is_finite() && self.eta > 0.0 && self.eta <= MAX_ETA) {
            problems.push(FieldError::new(
                "eta",
                format!("must be above 0 and at most {MAX_ETA}, not {}", self.eta),
            ));
        }
        if !(1..=max_train).contains(&self.mini_batch) {
            problems.push(FieldError::new(
                "miniBatch",
                format!("must be from 1 to {max_train}, not {}", self.mini_batch),
            ));
        } else if self.mini_batch > self.train_size
            && (MIN_TRAIN_SIZE..=max_train).contains(&self.train_size)
        {
            problems.push(FieldError::new(
                "miniBatch",
                format!(
                    "must be at most the {} training images, not {}",
                    thousands(self.train_size),
                    self.mini_batch
                ),
            ));
        }
        if !(self.lambda.is_finite() && (0.0..=MAX_LAMBDA).contains(&self.lambda)) {
            problems.push(FieldError::new(
                "lambda",
                format!("must be from 0 to {MAX_LAMBDA}, not {}", self.lambda),
            ));
        }
        for (field, value, min, max, what) in [
            (
                "trainSize",
                self.train_size,
                MIN_TRAIN_SIZE,
                max_train,
                "training",
            ),
            ("testSize", self.test_size, MIN_TEST_SIZE, max_test, "test"),
        ] {
            if !(min..=max).contains(&value) {
                problems.push(FieldError::new(
                    field,
                    format!(
                        "must be from {} to {} {what} images, not {value}",
                        thousands(min),
                        thousands(max)
                    ),
                ));
            }
        }
        // `cost`, `init` and `seed` cannot be wrong once they have been parsed.
        problems
    }

    /// Training images a run uses when `available` are loaded: the first `train_size`.
    pub fn train_count(&self, available: usize) -> usize {
        self.train_size.min(available)
    }

    /// Test images a run evaluates when `available` are loaded: the first `test_size`.
    pub fn test_count(&self, available: usize) -> usize {
        self.test_size.min(available)
    }

    /// True when the run uses fewer images than the book's full sets.
    pub fn is_subset(&self) -> bool {
        self.train_size != MAX_TRAIN_SIZE || self.test_size != MAX_TEST_SIZE
    }

    /// The first problem, if any.
    ///
    /// # Errors
    /// The first of [`Config::problems`].
    pub fn validate(&self) -> Result<(), FieldError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Weights plus biases: `Σ_l sizes[l+1]·(sizes[l] + 1)`. Saturates instead of overflowing.
    pub fn parameter_count(&self) -> usize {
        self.sizes
            .windows(2)
            .map(|pair| pair[1].saturating_mul(pair[0].saturating_add(1)))
            .fold(0, usize::saturating_add)
    }

    fn size_problems(&self, data: &Dataset) -> Vec<FieldError> {
        let (inputs, outputs, name) = (data.inputs(), data.classes(), data.name);
        let sizes = &self.sizes;
        let mut problems = Vec::new();
        let mut problem = |message: String| problems.push(FieldError::new("sizes", message));
        match sizes.first() {
            Some(&first) if first == inputs => {}
            Some(&first) => problem(format!(
                "must start with {inputs} inputs (one per {name} pixel), not {first}"
            )),
            None => problem(format!(
                "must list the neurons of every layer, e.g. [{inputs}, 30, {outputs}]"
            )),
        }
        match sizes.last() {
            Some(&last) if last != outputs => problem(format!(
                "must end with {outputs} outputs (one per class), not {last}"
            )),
            _ => {}
        }
        let hidden = sizes.len().saturating_sub(2);
        if !sizes.is_empty() && !(MIN_HIDDEN_LAYERS..=MAX_HIDDEN_LAYERS).contains(&hidden) {
            problem(format!(
                "must have {MIN_HIDDEN_LAYERS} to {MAX_HIDDEN_LAYERS} hidden layers, not {hidden}"
            ));
        }
        if sizes.len() > 2 {
            for (i, &n) in sizes[1..sizes.len() - 1].iter().enumerate() {
                if !(1..=MAX_HIDDEN_NEURONS).contains(&n) {
                    problem(format!(
                        "hidden layer {} must have 1 to {MAX_HIDDEN_NEURONS} neurons, not {n}",
                        i + 1
                    ));
                }
            }
        }
        let parameters = self.parameter_count();
        if parameters > MAX_PARAMETERS {
            problem(format!(
                "would have {} weights and biases; the page trains at most {} (so memory stays bounded)",
                thousands(parameters),
                thousands(MAX_PARAMETERS)
            ));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(config: &Config) -> Vec<&'static str> {
        config.problems().iter().map(|p| p.field).collect()
    }

    #[test]
    fn presets_are_valid() {
        assert_eq!(Config::network1().validate(), Ok(()));
        assert_eq!(Config::network2().validate(), Ok(()));
        assert_eq!(
            Config::network2().parameter_count(),
            784 * 30 + 30 + 30 * 10 + 10
        );
    }

    #[test]
    fn each_limit_is_refused_with_its_field() {
        let with = |change: fn(&mut Config)| {
            let mut config = Config::network2();
            change(&mut config);
            config
        };
        let cases: Vec<(Config, &str)> = vec![
            (with(|c| c.sizes = vec![]), "sizes"),
            (with(|c| c.sizes = vec![100, 30, 10]), "sizes"),
            (with(|c| c.sizes = vec![784, 30, 9]), "sizes"),
            (with(|c| c.sizes = vec![784, 10]), "sizes"),
            (with(|c| c.sizes = vec![784, 5, 5, 5, 5, 5, 10]), "sizes"),
            (with(|c| c.sizes = vec![784, 0, 10]), "sizes"),
            (
                with(|c| c.sizes = vec![784, MAX_HIDDEN_NEURONS + 1, 10]),
                "sizes",
            ),
            (with(|c| c.sizes = vec![784, 1000, 1000, 10]), "sizes"), // 1.8M: fine…
            (with(|c| c.sizes = vec![784, 1000, 1000, 1000, 10]), "sizes"), // …2.8M: too many
            (with(|c| c.sizes = vec![784, usize::MAX, 10]), "sizes"),
            (with(|c| c.epochs = 0), "epochs"),
            (with(|c| c.epochs = MAX_EPOCHS + 1), "epochs"),
            (with(|c| c.eta = 0.0), "eta"),
            (with(|c| c.eta = -1.0), "eta"),
            (with(|c| c.eta = MAX_ETA * 1.01), "eta"),
            (with(|c| c.eta = f32::NAN), "eta"),
            (with(|c| c.eta = f32::INFINITY), "eta"),
            (with(|c| c.mini_batch = 0), "miniBatch"),
            (with(|c| c.mini_batch = MAX_MINI_BATCH + 1), "miniBatch"),
            (with(|c| c.lambda = -0.1), "lambda"),
            (with(|c| c.lambda = MAX_LAMBDA + 1.0), "lambda"),
            (with(|c| c.lambda = f32::NAN), "lambda"),
            (with(|c| c.train_size = MIN_TRAIN_SIZE - 1), "trainSize"),
            (with(|c| c.train_size = MAX_TRAIN_SIZE + 1), "trainSize"),
            (with(|c| c.test_size = MIN_TEST_SIZE - 1), "testSize"),
            (with(|c| c.test_size = MAX_TEST_SIZE + 1), "testSize"),
            // A mini-batch larger than the training set it comes from.
            (
                with(|c| {
                    c.train_size = 500;
                    c.mini_batch = 501;
                }),
                "miniBatch",
            ),
        ];
        for (config, field) in cases {
            let problems = fields(&config);
            if config.sizes == [784, 1000, 1000, 10] {
                assert!(problems.is_empty(), "{problems:?}");
                continue;
            }
            assert!(!problems.is_empty(), "{config:?}");
            assert!(
                problems.iter().all(|&f| f == field),
                "{config:?}: {problems:?}"
            );
            let error = config.validate().expect_err("invalid");
            assert_eq!(error.field, field);
            assert!(error.to_string().starts_with(&format!("{field}: ")));
        }
    }

    #[test]
    fn limits_themselves_are_accepted() {
        let mut config = Config::network2();
        config.sizes = vec![784, 1, 1, 1, MAX_HIDDEN_NEURONS, 10];
        config.epochs = MAX_EPOCHS;
        config.eta = MAX_ETA;
        config.mini_batch = MAX_MINI_BATCH;
        config.lambda = MAX_LAMBDA;
        assert_eq!(config.problems(), vec![]);
        config.lambda = 0.0;
        config.epochs = 1;
        config.mini_batch = 1;
        config.seed = u32::MAX;
        config.train_size = MIN_TRAIN_SIZE;
        config.test_size = MIN_TEST_SIZE;
        assert_eq!(config.problems(), vec![]);
        config.mini_batch = MIN_TRAIN_SIZE; // the whole (small) training set in one step
        assert_eq!(config.problems(), vec![]);
    }

    #[test]
    fn every_problem_is_reported() {
        let config = Config {
            sizes: vec![3, 0, 2],
            epochs: 0,
            eta: 0.0,
            mini_batch: 0,
            lambda: -1.0,
            cost: Cost::Quadratic,
            init: Init::Large,
            seed: 0,
            train_size: 0,
            test_size: 0,
            dataset: DatasetKey::FashionMnist,
        };
        assert_eq!(
            fields(&config),
            [
                "sizes",
                "sizes",
                "sizes",
                "epochs",
                "eta",
                "miniBatch",
                "lambda",
                "trainSize",
                "testSize"
            ]
        );
    }

    #[test]
    fn json_uses_camel_case() {
        let json = serde_json::to_value(Config::network2()).expect("serialize");
        assert_eq!(json["miniBatch"], 10);
        assert_eq!(json["init"], "default");
        assert_eq!(json["cost"], "crossEntropy");
        assert_eq!(json["trainSize"], 50_000);
        assert_eq!(json["testSize"], 10_000);
        let back: Config = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, Config::network2());
    }

    #[test]
    fn eta_and_lambda_serialize_as_their_shortest_decimal() {
        let config = Config {
            eta: 0.1,
            lambda: 0.3,
            ..Config::network2()
        };
        let json = serde_json::to_value(&config).expect("serialize");
        // As an f64 (what JavaScript holds): 0.1, not 0.10000000149011612.
        assert_eq!(
            (json["eta"].as_f64(), json["lambda"].as_f64()),
            (Some(0.1), Some(0.3))
        );
        let back: Config = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, config);
        let json = serde_json::to_value(Config { eta: 2.7, ..config }).expect("serialize");
        assert_eq!(json["eta"].as_f64(), Some(2.7));
    }

    #[test]
    fn json_without_a_subset_means_all_of_mnist() {
        let mut json = serde_json::to_value(Config::network2()).expect("serialize");
        let object = json.as_object_mut().expect("an object");
        object.remove("trainSize");
        object.remove("testSize");
        let old: Config = serde_json::from_value(json).expect("older JSON still reads");
        assert_eq!(old, Config::network2());
        assert!(!old.is_subset());
        let subset = Config {
            train_size: 1000,
            ..Config::network2()
        };
        assert!(subset.is_subset());
        assert_eq!(
            (subset.train_count(50_000), subset.train_count(300)),
            (1000, 300)
        );
        assert_eq!(
            (subset.test_count(10_000), subset.test_count(50)),
            (10_000, 50)
        );
    }
}
