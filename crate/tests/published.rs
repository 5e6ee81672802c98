//! What Weightscope has published must keep its meaning: the model files of versions 1 to 3 in
//! `tests/fixtures/` (written by the code at commit 2372650) reopen to the same configuration,
//! history, timeline and weights digest, forever. The links of the same fixtures are checked by
//! `tests/unit/published.test.mjs`, through the page's own code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "in a test a failed unwrap is a failed test"
)]

use std::path::PathBuf;

use weightscope::digest::{network_digest, to_hex};
use weightscope::model::from_bytes;
use weightscope::nn::Config;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn index() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(fixtures().join("models.json")).expect("models.json");
    let index: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    index["models"].as_array().expect("a list").clone()
}

#[test]
fn every_published_model_file_reopens_to_the_same_recipe_and_digest() {
    let models = index();
    let versions: Vec<u64> = models
        .iter()
        .map(|m| m["version"].as_u64().unwrap())
        .collect();
    for version in 1..=3 {
        assert!(
            versions.contains(&version),
            "no fixture of version {version}"
        );
    }
    for entry in models {
        let file = entry["file"].as_str().unwrap();
        let bytes = std::fs::read(fixtures().join(file)).expect(file);
        assert_eq!(
            u64::from(bytes[4]),
            entry["version"].as_u64().unwrap(),
            "{file}"
        );
        let model = from_bytes(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        let config: Config = serde_json::from_value(entry["config"].clone()).expect("a config");
        assert_eq!(model.config, config, "{file}");
        // The recipe as the page and links show it: 0.1 stays 0.1, not 0.10000000149011612.
        assert_eq!(
            serde_json::to_value(&model.config).unwrap(),
            entry["config"],
            "{file}"
        );
        assert_eq!(
            to_hex(network_digest(&model.network)),
            entry["digest"],
            "{file}"
        );
        assert_eq!(model.history.len() as u64, entry["history"], "{file}");
        assert_eq!(model.snapshots.len() as u64, entry["snapshots"], "{file}");
    }
}
