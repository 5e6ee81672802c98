//! The article's experiments as pure logic: hidden-size sweeps (784-H-10 for several H and
//! seeds), two networks that differ in one setting, the spread over seeds, and the published
//! figures each is read against. (The timeline's moments are [`crate::schedule`]'s.)
//!
//! Not here: files, printing, clocks or browser types. [`run_all`] uses std threads natively;
//! the page runs the same configs in parallel web workers instead.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::decimal::shortest;
use crate::nn::config::{MNIST_INPUTS, MNIST_OUTPUTS};
use crate::nn::{Config, Cost, EpochResult, Examples, FieldError, Init, Training};
use crate::schema::thousands;
use serde::Serialize;

/// The article's hidden-size figures: (hidden neurons, test images classified correctly out of
/// 10,000), trained with network.py's recipe.
pub const ARTICLE_SWEEP: [(usize, usize); 5] =
    [(2, 2280), (3, 5875), (4, 8373), (5, 8665), (10, 9343)];

/// The hidden sizes the sweep tries unless told otherwise.
pub const DEFAULT_HIDDEN: [usize; 6] = [2, 3, 4, 5, 10, 30];

/// Most seeds per hidden size in one sweep.
pub const MAX_SEEDS: usize = 20;

/// The λ of network2.py's regularized runs, used by [`Variation::InitAndL2`].
pub const BOOK_LAMBDA: f32 = 5.0;

/// The article's figure for `hidden` neurons, if it published one.
pub fn article_figure(hidden: usize) -> Option<usize> {
    ARTICLE_SWEEP
        .iter()
        .find(|&&(h, _)| h == hidden)
        .map(|&(_, correct)| correct)
}

/// `base`'s recipe on a 784-`hidden`-10 network.
pub fn with_hidden(base: &Config, hidden: usize) -> Config {
    Config {
        sizes: vec![MNIST_INPUTS, hidden, MNIST_OUTPUTS],
        ..base.clone()
    }
}

/// Every run of a sweep, in order: each hidden size, and for each the seeds `base.seed`,
/// `base.seed + 1`, … (`seeds` of them, at least one).
pub fn sweep_configs(base: &Config, hidden: &[usize], seeds: usize) -> Vec<Config> {
    hidden
        .iter()
        .flat_map(|&h| {
            (0..seeds.max(1)).map(move |k| Config {
                seed: base.seed.wrapping_add(k as u32),
                ..with_hidden(base, h)
            })
        })
        .collect()
}

/// What the two networks of a side-by-side comparison differ in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variation {
    /// (a) N(0,1) weights and no regularization; (b) N(0,1)/√n_in weights and λ = 5.0.
    InitAndL2,
    /// (a) quadratic cost; (b) cross-entropy cost.
    Cost,
}

/// The two configs of a comparison: `base` with only the settings of `variation` changed, so
/// architecture, seed, η, mini-batch and epochs are the same.
pub fn compare(base: &Config, variation: Variation) -> [Config; 2] {
    match variation {
        Variation::InitAndL2 => [
            Config {
                init: Init::Large,
                lambda: 0.0,
                ..base.clone()
            },
            Config {
                init: Init::Default,
                lambda: BOOK_LAMBDA,
                ..base.clone()
            },
        ],
        Variation::Cost => [
            Config {
                cost: Cost::Quadratic,
                ..base.clone()
            },
            Config {
                cost: Cost::CrossEntropy,
                ..base.clone()
            },
        ],
    }
}

/// A recipe in words, as the side by side titles its networks: "784-30-10, N(0,1) weights, λ 0,
/// quadratic cost, η 3, mini-batch 10, 1 epoch, seed 1", then ", 2,000 training and 500 test
/// images" for a run on a subset. Numbers are their shortest decimals (η 0.1 stays 0.1).
pub fn in_words(config: &Config) -> String {
    let sizes: Vec<String> = config.sizes.iter().map(usize::to_string).collect();
    let init = match config.init {
        Init::Large => "N(0,1)",
        Init::Default => "N(0,1)/√n_in",
    };
    let cost = match config.cost {
        Cost::Quadratic => "quadratic",
        Cost::CrossEntropy => "cross-entropy",
    };
    let epochs = if config.epochs == 1 {
        "epoch"
    } else {
        "epochs"
    };
    let subset = if config.is_subset() {
        format!(
            ", {} training and {} test images",
            thousands(config.train_size),
            thousands(config.test_size)
        )
    } else {
        String::new()
    };
    format!(
        "{}, {init} weights, λ {}, {cost} cost, η {}, mini-batch {}, {} {epochs}, seed {}{subset}",
        sizes.join("-"),
        shortest(config.lambda),
        shortest(config.eta),
        config.mini_batch,
        config.epochs,
        config.seed
    )
}

/// The JSON names of the fields in which `a` and `b` differ, in the order of `Config`.
pub fn differences(a: &Config, b: &Config) -> Vec<&'static str> {
    let same = [
        ("sizes", a.sizes == b.sizes),
        ("epochs", a.epochs == b.epochs),
        ("eta", a.eta.to_bits() == b.eta.to_bits()),
        ("miniBatch", a.mini_batch == b.mini_batch),
        ("lambda", a.lambda.to_bits() == b.lambda.to_bits()),
        ("cost", a.cost == b.cost),
        ("init", a.init == b.init),
        ("seed", a.seed == b.seed),
        ("trainSize", a.train_size == b.train_size),
        ("testSize", a.test_size == b.test_size),
    ];
    same.iter()
        .filter(|(_, same)| !same)
        .map(|&(name, _)| name)
        .collect()
}

/// One finished run: its config and the result of each epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// What was trained.
    pub config: Config,
    /// Every epoch's result, first epoch first.
    pub history: Vec<EpochResult>,
    /// (test images used,): the class the last epoch's network picks for each test image.
    pub predictions: Vec<u8>,
}

impl Outcome {
    /// The last epoch's result.
    pub fn last(&self) -> Option<&EpochResult> {
        self.history.last()
    }

    /// The epoch with the most test images right (the book quotes peaks).
    pub fn best(&self) -> Option<&EpochResult> {
        self.history.iter().reduce(|best, r| {
            if r.test_correct > best.test_correct {
                r
            } else {
                best
            }
        })
    }
}

/// Trains `config` to the end, calling `on_epoch` after each epoch.
///
/// # Errors
/// The first problem of an invalid `config`.
pub fn train(
    config: &Config,
    train: &Examples,
    test: &Examples,
    mut on_epoch: impl FnMut(&EpochResult),
) -> Result<Outcome, FieldError> {
    let mut training = Training::new(config.clone())?;
    loop {
        let report = training.step(train, test, 10_000);
        if let Some(result) = &report.epoch_done {
            on_epoch(result);
        }
        if report.finished {
            break;
        }
    }
    Ok(Outcome {
        config: config.clone(),
        history: training.history().to_vec(),
        predictions: training.evaluation().predictions.clone(),
    })
}

/// Trains every config on up to `threads` threads at once; the outcomes come back in the order
/// of `configs`. `on_epoch(i, result)` hears each epoch of `configs[i]` as it finishes.
///
/// # Errors
/// The first invalid config (checked before anything is trained).
pub fn run_all(
    configs: &[Config],
    train_set: &Examples,
    test_set: &Examples,
    threads: usize,
    on_epoch: &(dyn Fn(usize, &EpochResult) + Sync),
) -> Result<Vec<Outcome>, FieldError> {
    for config in configs {
        config.validate()?;
    }
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; configs.len()]);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(config) = configs.get(i) else { break };
        // Validated above, so training cannot refuse it.
        if let Ok(outcome) = train(config, train_set, test_set, |r| on_epoch(i, r)) {
            if let Ok(mut outcomes) = outcomes.lock() {
                outcomes[i] = Some(outcome);
            }
        }
    };
    let threads = threads.clamp(1, configs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let outcomes = outcomes.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(outcomes.into_iter().flatten().collect())
}

/// The smallest, middle and largest of some values (the spread over seeds): `{min, median, max}`
/// on the page.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Spread {
    /// Smallest value.
    pub min: f64,
    /// Median (the mean of the middle two for an even count).
    pub median: f64,
    /// Largest value.
    pub max: f64,
}

/// The spread of `values`; `None` when there are none (NaNs are ignored).
pub fn spread(values: &[f64]) -> Option<Spread> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = match n {
        0 => return None,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    };
    Some(Spread {
        min: sorted[0],
        median,
        max: sorted[n - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_configs_keep_the_recipe_and_vary_hidden_then_seed() {
        let base = Config {
            seed: 7,
            train_size: 1000,
            test_size: 500,
            ..Config::network1()
        };
        assert_eq!(
            differences(&Config::network1(), &base),
            ["seed", "trainSize", "testSize"]
        );
        let configs = sweep_configs(&base, &[2, 3], 2);
        let shapes: Vec<(Vec<usize>, u32)> =
            configs.iter().map(|c| (c.sizes.clone(), c.seed)).collect();
        assert_eq!(
            shapes,
            [
                (vec![784, 2, 10], 7),
                (vec![784, 2, 10], 8),
                (vec![784, 3, 10], 7),
                (vec![784, 3, 10], 8)
            ]
        );
        for config in &configs {
            assert!(differences(&base, config)
                .iter()
                .all(|f| ["sizes", "seed"].contains(f)));
        }
        assert_eq!(sweep_configs(&base, &[5], 0).len(), 1, "at least one seed");
    }

    #[test]
    fn comparisons_differ_only_in_the_chosen_setting() {
        let base = Config::network2();
        let [a, b] = compare(&base, Variation::InitAndL2);
        assert_eq!(differences(&a, &b), ["lambda", "init"]);
        assert_eq!(
            (a.init, a.lambda, b.init, b.lambda),
            (Init::Large, 0.0, Init::Default, 5.0)
        );
        let [a, b] = compare(&base, Variation::Cost);
        assert_eq!(differences(&a, &b), ["cost"]);
        assert_eq!((a.cost, b.cost), (Cost::Quadratic, Cost::CrossEntropy));
        assert!(differences(&base, &base).is_empty());
        assert_eq!(
            in_words(&a),
            "784-30-10, N(0,1)/√n_in weights, λ 5, quadratic cost, η 0.5, mini-batch 10, 30 epochs, seed 1"
        );
        let small = Config {
            eta: 0.1,
            lambda: 0.3,
            epochs: 1,
            train_size: 2000,
            test_size: 500,
            ..a
        };
        assert_eq!(
            in_words(&small),
            "784-30-10, N(0,1)/√n_in weights, λ 0.3, quadratic cost, η 0.1, mini-batch 10, 1 epoch, seed 1, 2,000 training and 500 test images"
        );
    }

    #[test]
    fn article_figures_are_looked_up_by_hidden_size() {
        assert_eq!(article_figure(10), Some(9343));
        assert_eq!(article_figure(2), Some(2280));
        assert_eq!(article_figure(30), None);
    }

    #[test]
    fn spread_is_min_median_max() {
        let s = spread(&[0.9, 0.5, 0.7]).expect("three values");
        assert_eq!((s.min, s.median, s.max), (0.5, 0.7, 0.9));
        let s = spread(&[0.4, 0.1, 0.3, 0.2]).expect("four values");
        assert!((s.median - 0.25).abs() < 1e-12);
        assert_eq!(spread(&[]), None);
        assert_eq!(spread(&[f64::NAN]), None);
    }
}
