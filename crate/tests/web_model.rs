//! Browser tests of the worker's model-file reader, `web::model::read`: a network written as
//! WSCP and as network2.py JSON reads back with the same digest and values (JSON through the
//! browser's own parser); damaged bytes are refused with a sentence.
//!
//! Run with wasm-bindgen-test-runner in headless Chromium; the formats themselves are tested
//! natively in `model` and `nielsen`, saving in `run`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    reason = "in a test a failed unwrap is a failed test"
)]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use weightscope::digest::network_digest;
use weightscope::model::{self, Model};
use weightscope::nielsen;
use weightscope::nn::{Config, EpochResult, Network, Rng};
use weightscope::protocol::FileFormat;
use weightscope::web::model::read;

wasm_bindgen_test_configure!(run_in_browser);

fn model() -> Model {
    let config = Config {
        sizes: vec![784, 2, 10],
        seed: 9,
        ..Config::network2()
    };
    let network = Network::new(&config.sizes, config.init, config.cost, &mut Rng::new(9));
    let history = vec![EpochResult {
        epoch: 1,
        test_correct: 9000,
        test_total: 10_000,
        train_cost: 0.5,
        train_accuracy: 0.9,
    }];
    Model {
        config,
        network,
        history,
        snapshots: Vec::new(),
        dataset: None,
    }
}

#[wasm_bindgen_test]
fn wscp_and_json_read_back_with_the_same_digest() {
    let m = model();
    let file = read(&model::to_bytes(&m)).unwrap();
    assert_eq!(file.format, FileFormat::Wscp);
    assert_eq!(file.config.map(|c| c.seed), Some(9));
    assert_eq!(file.history, m.history);
    assert_eq!(file.network, m.network);

    let from_json = read(nielsen::to_json(&m.network, m.config.dataset).as_bytes()).unwrap();
    assert_eq!(from_json.format, FileFormat::Json);
    assert!(from_json.config.is_none());
    assert_eq!(
        network_digest(&from_json.network),
        network_digest(&m.network)
    );
}

#[wasm_bindgen_test]
fn damaged_or_foreign_bytes_are_refused_with_a_sentence() {
    let bytes = model::to_bytes(&model());
    let mut damaged = bytes.clone();
    damaged[100] ^= 1;
    let message = |bytes: &[u8]| read(bytes).err().unwrap();
    assert!(message(&damaged).contains("checksum"));
    assert!(message(&bytes[..50]).contains("cut short"));
    assert!(message(b"GIF89a").contains("neither"));
    assert!(message(b"{\"sizes\": [784, 2, 10]}").contains("network2.py"));
    assert!(message(b"{\"sizes\": [784, 2, 10], ").contains("not valid JSON"));
}
