//! Browser tests of the model-file exports in `web::model`: a network written as WSCP and as
//! network2.py JSON reads back with the same digest and values; damaged bytes are refused.
//!
//! Run with wasm-bindgen-test-runner in headless Chromium; the formats themselves are tested
//! natively in `model` and `nielsen`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    reason = "in a test a failed unwrap is a failed test"
)]

use js_sys::{Array, Float32Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use weightscope::web::model::{encode_model, encode_nielsen_json, read_model};

wasm_bindgen_test_configure!(run_in_browser);

const SIZES: [u32; 3] = [784, 2, 10];

/// Weights and biases of a 784-2-10 network with distinct, awkward values.
fn parts() -> (Array, Array) {
    let layer = |n: usize, k: f32| {
        Float32Array::from(
            &(0..n)
                .map(|i| (i as f32 * k).sin() / 3.0)
                .collect::<Vec<_>>()[..],
        )
    };
    let layers: Array = [layer(784 * 2, 0.37), layer(2 * 10, 1.1)].iter().collect();
    let biases: Array = [layer(2, 0.7), layer(10, 0.9)].iter().collect();
    (layers, biases)
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn config() -> JsValue {
    JSON::parse(r#"{"sizes":[784,2,10],"epochs":3,"eta":0.5,"miniBatch":10,"lambda":5,"cost":"crossEntropy","init":"default","seed":9}"#).unwrap()
}

#[wasm_bindgen_test]
fn wscp_and_json_read_back_with_the_same_digest() {
    let (layers, biases) = parts();
    let history = JSON::parse(
        r#"[{"epoch":1,"testCorrect":9000,"testTotal":10000,"trainCost":0.5,"trainAccuracy":0.9}]"#,
    )
    .unwrap();
    let bytes = encode_model(
        config(),
        SIZES.to_vec(),
        layers.clone(),
        biases.clone(),
        history,
        JsValue::UNDEFINED,
    )
    .map_err(JsValue::from)
    .unwrap();
    assert_eq!(&bytes[..4], b"WSCP");
    let model = read_model(&bytes).map_err(JsValue::from).unwrap();
    assert_eq!(get(&model, "format").as_string().unwrap(), "wscp");
    assert_eq!(get(&get(&model, "config"), "seed").as_f64(), Some(9.0));
    assert_eq!(Array::from(&get(&model, "history")).length(), 1);
    let back: Float32Array = Array::from(&get(&model, "layers"))
        .get(0)
        .dyn_into()
        .unwrap();
    let original: Float32Array = layers.get(0).dyn_into().unwrap();
    assert_eq!(back.to_vec(), original.to_vec());
    let digest = get(&model, "digest").as_string().unwrap();
    assert_eq!(digest.len(), 16);

    let text = encode_nielsen_json(SIZES.to_vec(), layers, biases, "crossEntropy".into())
        .map_err(JsValue::from)
        .unwrap();
    let from_json = read_model(text.as_bytes()).map_err(JsValue::from).unwrap();
    assert_eq!(get(&from_json, "format").as_string().unwrap(), "json");
    assert!(get(&from_json, "config").is_null());
    assert_eq!(get(&from_json, "digest").as_string().unwrap(), digest);
}

#[wasm_bindgen_test]
fn damaged_or_foreign_bytes_are_refused_with_a_sentence() {
    let (layers, biases) = parts();
    let bytes = encode_model(
        config(),
        SIZES.to_vec(),
        layers,
        biases,
        Array::new().into(),
        JsValue::UNDEFINED,
    )
    .map_err(JsValue::from)
    .unwrap();
    let mut damaged = bytes.clone();
    damaged[100] ^= 1;
    let message = |bytes: &[u8]| {
        let error = JsValue::from(read_model(bytes).err().unwrap());
        get(&error, "message").as_string().unwrap()
    };
    assert!(message(&damaged).contains("checksum"));
    assert!(message(&bytes[..50]).contains("cut short"));
    assert!(message(b"GIF89a").contains("neither"));
    assert!(message(b"{\"sizes\": [784, 2, 10]}").contains("network2.py"));
    assert!(message(b"{\"sizes\": [784, 2, 10], ").contains("not valid JSON"));
}

#[wasm_bindgen_test]
fn timeline_snapshots_travel_in_the_file() {
    let (layers, biases) = parts();
    let snapshot = js_sys::Object::new();
    for (key, value) in [
        ("batches", JsValue::from(10)),
        ("epoch", JsValue::from(0)),
        ("samplesDone", JsValue::from(100)),
        ("layers", layers.clone().into()),
        ("biases", biases.clone().into()),
    ] {
        Reflect::set(&snapshot, &key.into(), &value).unwrap();
    }
    let snapshots: Array = [snapshot.clone(), snapshot].iter().collect();
    let bytes = encode_model(
        config(),
        SIZES.to_vec(),
        layers.clone(),
        biases,
        Array::new().into(),
        snapshots.into(),
    )
    .map_err(JsValue::from)
    .unwrap();
    assert_eq!(bytes[4], 4); // model::VERSION
    let model = read_model(&bytes).map_err(JsValue::from).unwrap();
    let back = Array::from(&get(&model, "snapshots"));
    assert_eq!(back.length(), 2);
    assert_eq!(get(&back.get(1), "batches").as_f64(), Some(10.0));
    let first: Float32Array = Array::from(&get(&back.get(0), "layers"))
        .get(0)
        .dyn_into()
        .unwrap();
    let original: Float32Array = layers.get(0).dyn_into().unwrap();
    assert_eq!(first.to_vec(), original.to_vec());
}
