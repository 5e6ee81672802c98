//! Property tests, fuzz style, for the readers of untrusted bytes: the model-file reader
//! (`model::from_bytes`) and the MNIST IDX parser (`mnist::parse_images` / `parse_labels`).
//! Whatever the bytes, they return a value or an error and never panic; a model they accept is
//! sane (valid config, finite parameters) and reads back the same after writing.
//!
//! Inputs are random bytes and structure-aware mutations of valid files (bit flips, interesting
//! integers and floats, cuts, splices), half of them with the model checksum recomputed so the
//! checks behind it are reached. `cargo test` runs a fixed, seeded number of cases; `make fuzz`
//! runs the `#[ignore]`d time-boxed variants for `FUZZ_SECONDS` with a fresh seed and reports
//! executions and crashes. A crashing input is printed as hex and saved under
//! `target/fuzz-crashes/` so it can become a regular test.
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use weightscope::digest::fnv1a;
use weightscope::mnist::{parse_images, parse_labels};
use weightscope::model::{from_bytes, to_bytes, Model, Snapshot};
use weightscope::nn::{Config, EpochResult, Network, Rng};

/// Cases each property gets in a plain `cargo test`.
const QUICK_CASES: usize = 3_000;

/// Rewrites the last 8 bytes as the FNV-1a of the rest, as a valid model file ends.
fn reseal(bytes: &mut [u8]) {
    if bytes.len() < 8 {
        return;
    }
    let body = bytes.len() - 8;
    let sum = fnv1a(&bytes[..body]).to_le_bytes();
    bytes[body..].copy_from_slice(&sum);
}

/// Small valid models of different shapes: the seeds the mutations start from.
fn seed_models() -> Vec<Vec<u8>> {
    [vec![784, 1, 10], vec![784, 3, 10], vec![784, 2, 3, 10]]
        .into_iter()
        .enumerate()
        .map(|(i, sizes)| {
            let config = Config {
                sizes,
                epochs: 3,
                seed: i as u32,
                ..Config::network2()
            };
            let network = Network::new(
                &config.sizes,
                config.init,
                config.cost,
                &mut Rng::new(i as u32),
            );
            let history = (1..=i)
                .map(|epoch| EpochResult {
                    epoch,
                    test_correct: 9000,
                    test_total: 10_000,
                    train_cost: 0.5,
                    train_accuracy: 0.9,
                })
                .collect();
            // Every other seed carries a timeline snapshot, so version 2 files are fuzzed too.
            let snapshots = (i % 2 == 1)
                .then(|| Snapshot {
                    batches: 10,
                    epoch: 0,
                    samples_done: 100,
                    weights: network.weights.clone(),
                    biases: network.biases.clone(),
                })
                .into_iter()
                .collect();
            to_bytes(&Model {
                config,
                network,
                history,
                snapshots,
                dataset: None,
            })
        })
        .collect()
}

/// A valid IDX images file (`count` images of rows×cols) and its labels file.
fn seed_idx(count: u32, rows: u32, cols: u32) -> (Vec<u8>, Vec<u8>) {
    let mut images = vec![0, 0, 8, 3];
    for n in [count, rows, cols] {
        images.extend(n.to_be_bytes());
    }
    images.extend((0..count * rows * cols).map(|i| (i % 256) as u8));
    let mut labels = vec![0, 0, 8, 1];
    labels.extend(count.to_be_bytes());
    labels.extend((0..count).map(|i| (i % 10) as u8));
    (images, labels)
}

const INTERESTING_U32: [u32; 12] = [
    0,
    1,
    2,
    6,
    10,
    784,
    0x7f,
    0xffff,
    0x7fff_ffff,
    0x8000_0000,
    u32::MAX,
    2_000_001,
];
const INTERESTING_F32: [f32; 8] = [
    f32::NAN,
    f32::INFINITY,
    f32::NEG_INFINITY,
    0.0,
    -1.0,
    1e30,
    f32::MIN_POSITIVE,
    100.0,
];

/// One random mutation of `bytes`, in place.
fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng, little_endian: bool) {
    let len = bytes.len();
    let at = |rng: &mut Rng| rng.below(len.max(1));
    match rng.below(9) {
        0 if len > 0 => {
            let i = at(rng);
            bytes[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = at(rng);
            bytes[i] = [0, 1, 0x7f, 0x80, 0xff][rng.below(5)];
        }
        2 if len >= 4 => {
            let i = rng.below(len - 3) & !3;
            let value = INTERESTING_U32[rng.below(INTERESTING_U32.len())];
            let value = if little_endian {
                value.to_le_bytes()
            } else {
                value.to_be_bytes()
            };
            bytes[i..i + 4].copy_from_slice(&value);
        }
        3 if len >= 4 => {
            let i = rng.below(len - 3) & !3;
            let value = INTERESTING_F32[rng.below(INTERESTING_F32.len())];
            bytes[i..i + 4].copy_from_slice(&value.to_le_bytes());
        }
        4 => bytes.truncate(rng.below(len + 1)),
        5 => {
            let extra = rng.below(64);
            bytes.extend((0..extra).map(|_| rng.below(256) as u8));
        }
        6 if len > 1 => {
            // Delete a chunk.
            let start = at(rng);
            let end = (start + 1 + rng.below(64)).min(len);
            bytes.drain(start..end);
        }
        7 if len > 1 => {
            // Duplicate a chunk somewhere else.
            let start = at(rng);
            let end = (start + 1 + rng.below(64)).min(len);
            let chunk = bytes[start..end].to_vec();
            let to = rng.below(bytes.len() + 1);
            bytes.splice(to..to, chunk);
        }
        _ => {
            // The header region is where the lengths live: hit it more often.
            if len > 0 {
                let i = rng.below(len.min(64));
                bytes[i] = rng.below(256) as u8;
            }
        }
    }
}

/// Random bytes, or a valid seed with 1 to 8 mutations.
fn input(rng: &mut Rng, seeds: &[Vec<u8>], prefix: &[u8], little_endian: bool) -> Vec<u8> {
    if rng.below(8) == 0 {
        let len = rng.below(300);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
        if rng.below(2) == 0 {
            bytes.splice(0..0, prefix.iter().copied());
        }
        return bytes;
    }
    let mut bytes = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(8) {
        mutate(&mut bytes, rng, little_endian);
    }
    bytes
}

/// Executions run, inputs accepted, and crashing inputs found.
struct Outcome {
    executions: usize,
    accepted: usize,
    crashes: Vec<(Vec<u8>, String)>,
}

/// Runs `property` on inputs from `generate` until `cases` are done or `time` is up, catching
/// panics as crashes (the first few are kept; the panic hook still prints each).
fn fuzz(
    seed: u32,
    cases: usize,
    time: Option<Duration>,
    mut generate: impl FnMut(&mut Rng) -> Vec<u8>,
    property: impl Fn(&[u8]) -> bool,
) -> Outcome {
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let mut outcome = Outcome {
        executions: 0,
        accepted: 0,
        crashes: Vec::new(),
    };
    while outcome.executions < cases && time.is_none_or(|t| start.elapsed() < t) {
        let bytes = generate(&mut rng);
        outcome.executions += 1;
        match panic::catch_unwind(AssertUnwindSafe(|| property(&bytes))) {
            Ok(accepted) => outcome.accepted += usize::from(accepted),
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
                    .unwrap_or_default();
                if outcome.crashes.len() < 5 {
                    outcome.crashes.push((bytes, message));
                }
            }
        }
    }
    outcome
}

/// The model reader's properties for one input; whether it was accepted.
fn model_property(bytes: &[u8]) -> bool {
    let Ok(model) = from_bytes(bytes) else {
        return false;
    };
    assert_eq!(
        model.config.problems(),
        vec![],
        "accepted an invalid config"
    );
    assert_eq!(model.config.sizes, model.network.sizes);
    let finite = model
        .network
        .weights
        .iter()
        .flat_map(|w| w.iter())
        .chain(model.network.biases.iter().flat_map(|b| b.iter()))
        .all(|v| v.is_finite());
    assert!(finite, "accepted a non-finite parameter");
    let history_finite = model
        .history
        .iter()
        .all(|h| h.train_cost.is_finite() && h.train_accuracy.is_finite());
    assert!(
        history_finite,
        "accepted a non-finite cost or accuracy in the history"
    );
    let written = to_bytes(&model);
    let again = from_bytes(&written).expect("a model it wrote reads back");
    assert!(
        to_bytes(&again) == written,
        "write then read changed the model"
    );
    true
}

/// The IDX parsers' property: a value or an error, and a value fits its bytes; whether either
/// parser accepted the input.
fn idx_property(bytes: &[u8]) -> bool {
    let images = parse_images(bytes);
    if let Ok(images) = &images {
        assert_eq!(
            images.pixels.len(),
            images.count * images.rows * images.cols
        );
        assert!(images.pixels.len() <= bytes.len());
    }
    let labels = parse_labels(bytes);
    if let Ok(labels) = &labels {
        assert!(labels.len() <= bytes.len());
        assert!(labels.iter().all(|&l| l <= 9));
    }
    images.is_ok() || labels.is_ok()
}

fn model_input(seeds: &[Vec<u8>]) -> impl FnMut(&mut Rng) -> Vec<u8> + '_ {
    move |rng| {
        let mut bytes = input(rng, seeds, b"WSCP\x01\x00", true);
        if rng.below(2) == 0 {
            reseal(&mut bytes);
        }
        bytes
    }
}

fn idx_seeds() -> Vec<Vec<u8>> {
    let (images, labels) = seed_idx(3, 28, 28);
    let (small, small_labels) = seed_idx(2, 2, 2);
    vec![images, labels, small, small_labels]
}

/// Prints the figures, saves and shows the crashes, and fails if there were any.
fn report(name: &str, outcome: &Outcome, seconds: f64) {
    println!(
        "fuzz {name}: {} executions in {seconds:.1} s ({} accepted), {} crashes",
        outcome.executions,
        outcome.accepted,
        outcome.crashes.len()
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/fuzz-crashes");
    for (bytes, message) in &outcome.crashes {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let path = format!("{dir}/{name}-{:016x}.bin", fnv1a(bytes));
        let saved = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, bytes));
        println!(
            "  crash: {message}\n  input ({} bytes, saved: {}): {hex}",
            bytes.len(),
            saved.is_ok()
        );
    }
    assert!(outcome.crashes.is_empty(), "{name}: crashes found");
}

/// `FUZZ_SECONDS` (default 20) and a seed from the clock, for the long runs.
fn long_run() -> (Duration, u32) {
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(20.0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.subsec_nanos());
    println!("fuzz seed {seed}");
    (Duration::from_secs_f64(seconds), seed)
}

#[test]
fn the_model_reader_never_panics_and_accepts_only_sane_models() {
    let seeds = seed_models();
    for seed in &seeds {
        assert!(model_property(seed), "the seeds are valid");
    }
    let start = Instant::now();
    let outcome = fuzz(1, QUICK_CASES, None, model_input(&seeds), model_property);
    report("model", &outcome, start.elapsed().as_secs_f64());
}

#[test]
fn the_idx_parsers_never_panic() {
    let seeds = idx_seeds();
    let start = Instant::now();
    let outcome = fuzz(
        2,
        QUICK_CASES,
        None,
        |rng| input(rng, &seeds, &[0, 0, 8, 3], false),
        idx_property,
    );
    report("idx", &outcome, start.elapsed().as_secs_f64());
}

#[test]
#[ignore = "time-boxed fuzzing: `make fuzz`"]
fn fuzz_the_model_reader_for_a_while() {
    let (time, seed) = long_run();
    let seeds = seed_models();
    let start = Instant::now();
    let outcome = fuzz(
        seed,
        usize::MAX,
        Some(time),
        model_input(&seeds),
        model_property,
    );
    report("model", &outcome, start.elapsed().as_secs_f64());
}

#[test]
#[ignore = "time-boxed fuzzing: `make fuzz`"]
fn fuzz_the_idx_parsers_for_a_while() {
    let (time, seed) = long_run();
    let seeds = idx_seeds();
    let start = Instant::now();
    let outcome = fuzz(
        seed,
        usize::MAX,
        Some(time),
        |rng| input(rng, &seeds, &[0, 0, 8, 3], false),
        idx_property,
    );
    report("idx", &outcome, start.elapsed().as_secs_f64());
}

/// Found by the long run: a history entry whose cost (or accuracy) is NaN or infinite, in an
/// otherwise valid, correctly sealed file, was accepted.
#[test]
fn a_non_finite_history_value_is_refused() {
    let seeds = seed_models();
    let valid = &seeds[2]; // two history entries
    assert!(from_bytes(valid).is_ok());
    // The history's 20-byte entries end just before the 8-byte checksum: the last entry's
    // train_cost is 8 bytes before its end, train_accuracy 4.
    for (offset, value) in [
        (8 + 8, f32::NAN),
        (8 + 4, f32::INFINITY),
        (8 + 28, f32::NAN),
    ] {
        let mut bytes = valid.clone();
        let at = bytes.len() - offset;
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
        reseal(&mut bytes);
        let error = from_bytes(&bytes).expect_err("non-finite history value");
        assert_eq!(
            error.to_string(),
            "the model file holds weights that are not numbers (NaN or infinite)"
        );
    }
}
