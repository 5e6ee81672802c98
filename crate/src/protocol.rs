//! The typed messages between the page and the training worker.
//!
//! Only the small, structured part of a message goes through serde; weight matrices travel
//! beside it as transferred `Float32Array`s (added by `web::worker`), never as JSON numbers.
//! Every message about a run carries its `run` id so the page can drop stale ones.
//!
//! One request is not here: the data, `{type: "data", trainImages, trainLabels, testImages,
//! testLabels}`, four `Uint8Array`s of raw IDX bytes as the page downloaded them. `web::worker`
//! reads it itself, a piece at a time ([`Dataset::from_files`](crate::dataset::Dataset::from_files)),
//! so MNIST's 55 MB are never copied into wasm memory whole. It answers with [`Reply::DataReady`].

use serde::{Deserialize, Serialize};

use crate::nn::Config;

/// A message from the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Request {
    /// Start a new run, replacing any current one.
    Train {
        /// The page's id for this run.
        run: u32,
        /// What to train, validated again by the worker.
        config: Config,
    },
    /// Stop advancing the run until `Resume`.
    Pause {
        /// The run to pause.
        run: u32,
    },
    /// Continue a paused run.
    Resume {
        /// The run to resume.
        run: u32,
    },
    /// Stop the run and forget it.
    Reset {
        /// The run to discard.
        run: u32,
    },
    /// Send the test images and labels, for the page to show (answered by `TestSet`).
    TestSet,
    /// Test builds only: allocate and keep `mebibytes` MiB, as a network too big for memory
    /// would. Past the memory cap the test build is linked with, the allocation traps.
    #[cfg(feature = "test-hooks")]
    Allocate {
        /// How much to allocate, in MiB.
        mebibytes: u32,
    },
}

impl Request {
    /// The run this request is about; `None` for the test set, which belongs to no run.
    pub fn run(&self) -> Option<u32> {
        match self {
            Request::TestSet => None,
            #[cfg(feature = "test-hooks")]
            Request::Allocate { .. } => None,
            Request::Train { run, .. }
            | Request::Pause { run }
            | Request::Resume { run }
            | Request::Reset { run } => Some(*run),
        }
    }
}

/// A message from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Reply {
    /// The wasm module is running; the page may send requests.
    WorkerReady,
    /// MNIST is parsed and split as in the book.
    DataReady {
        /// Training images (the first 50,000).
        train: usize,
        /// Validation images (the last 10,000 of the training file).
        validation: usize,
        /// Test images.
        test: usize,
    },
    /// Where training is, a few times a second.
    Progress {
        /// The run.
        run: u32,
        /// Epoch being trained, 0-based.
        epoch: usize,
        /// Epochs in the run.
        epochs: usize,
        /// Training examples done in this epoch.
        samples_done: usize,
        /// Training examples in an epoch (the run's subset, 50,000 without one).
        samples_per_epoch: usize,
        /// Training speed since the last report.
        samples_per_second: f64,
        /// Fraction of the examples since the last report that the network got right.
        running_accuracy: f64,
        /// Mean cost of those examples, with the L2 term.
        cost: f64,
    },
    /// A weight snapshot; the worker attaches `layers`, one `Float32Array` per weight matrix,
    /// row-major `(sizes[l + 1], sizes[l])`, and `biases`, one `Float32Array` per layer after the
    /// input, `(sizes[l + 1],)`.
    Weights {
        /// The run.
        run: u32,
        /// Layer sizes, input first.
        sizes: Vec<usize>,
        /// Epoch being trained, 0-based.
        epoch: usize,
        /// Training examples done in this epoch.
        samples_done: usize,
        /// Mini-batches trained since the run started.
        #[serde(default)]
        batches: usize,
        /// Whether this snapshot is one of the timeline's moments: mini-batch 0, after 10, 100
        /// and 1,000 mini-batches, and the end of every epoch.
        #[serde(default)]
        timeline: bool,
    },
    /// An epoch finished and was evaluated on the test set.
    Epoch {
        /// The run.
        run: u32,
        /// Epochs finished so far (1 after the first).
        epoch: usize,
        /// Test images classified correctly.
        test_correct: usize,
        /// Test images evaluated.
        test_total: usize,
        /// Mean training cost over the epoch, with the L2 term.
        train_cost: f64,
        /// Fraction of training examples classified correctly during the epoch.
        train_accuracy: f64,
        /// Seconds spent training this epoch (evaluation and pauses excluded).
        seconds: f64,
        /// Training examples per second over the epoch.
        samples_per_second: f64,
    },
    /// The run is paused.
    Paused {
        /// The run.
        run: u32,
    },
    /// The run continues.
    Resumed {
        /// The run.
        run: u32,
    },
    /// Every epoch is trained and evaluated.
    Done {
        /// The run.
        run: u32,
    },
    /// The worker panicked: its state is lost and the page should start a new one. Sent by the
    /// panic hook just before the wasm traps (the trap then fires the worker's `error` event).
    Panicked {
        /// The panic message and where it happened.
        message: String,
    },
    /// The test set through the network at the end of an epoch, sent right after its `Epoch`;
    /// the worker attaches `predictions` (`Uint8Array`, one
    /// digit per test image), `confidences` (`Float32Array`, the output activation of that digit)
    /// and `meanActivations` (one `Float32Array` per hidden layer, `(10, sizes[l + 1])`: mean
    /// activation of each neuron over the test images of each digit).
    Evaluation {
        /// The run.
        run: u32,
        /// Layer sizes, input first.
        sizes: Vec<usize>,
        /// Epochs finished when evaluated.
        epoch: usize,
        /// Training examples done in the current epoch.
        samples_done: usize,
    },
    /// The test images; the worker attaches `images` (`Uint8Array`, `count * 784` bytes, row-major
    /// 28x28 each) and `labels` (`Uint8Array`, `count`).
    TestSet {
        /// Test images.
        count: usize,
    },
    /// Something went wrong; `run` is absent when it concerns no run (such as bad data).
    Error {
        /// The run it concerns, if any.
        run: Option<u32>,
        /// A sentence for the page to show.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn train_request_reads_the_pages_json() {
        let request: Request = serde_json::from_value(json!({
            "type": "train",
            "run": 3,
            "config": {
                "sizes": [784, 30, 10], "epochs": 1, "eta": 0.5, "miniBatch": 10,
                "lambda": 5.0, "cost": "crossEntropy", "init": "default", "seed": 7
            }
        }))
        .expect("a valid train request");
        let Request::Train { run, config } = request else {
            panic!("expected a train request, got {request:?}");
        };
        assert_eq!(run, 3);
        assert_eq!(config.sizes, vec![784, 30, 10]);
        assert_eq!(config.mini_batch, 10);
        assert_eq!(config.seed, 7);
        assert_eq!((config.train_size, config.test_size), (50_000, 10_000));
        assert_eq!(Request::Reset { run: 4 }.run(), Some(4));
    }

    #[test]
    fn train_request_carries_the_subset() {
        let request: Request = serde_json::from_value(json!({
            "type": "train",
            "run": 5,
            "config": {
                "sizes": [784, 30, 10], "epochs": 1, "eta": 0.5, "miniBatch": 10,
                "lambda": 5.0, "cost": "crossEntropy", "init": "default", "seed": 7,
                "trainSize": 2000, "testSize": 500
            }
        }))
        .expect("a valid train request");
        let Request::Train { config, .. } = request else {
            panic!("expected a train request, got {request:?}");
        };
        assert_eq!((config.train_size, config.test_size), (2000, 500));
    }

    #[test]
    fn unknown_or_incomplete_requests_are_errors() {
        for bad in [
            json!({"type": "explode", "run": 1}),
            json!({"type": "pause"}),
            json!({"run": 1}),
            json!({"type": "train", "run": 1, "config": {"sizes": "784-30-10"}}),
        ] {
            assert!(
                serde_json::from_value::<Request>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn replies_are_tagged_camel_case() {
        let reply = Reply::Epoch {
            run: 2,
            epoch: 1,
            test_correct: 9343,
            test_total: 10_000,
            train_cost: 0.5,
            train_accuracy: 0.9,
            seconds: 0.75,
            samples_per_second: 66_666.0,
        };
        let value = serde_json::to_value(&reply).expect("serializable");
        assert_eq!(value["type"], "epoch");
        assert_eq!(value["testCorrect"], 9343);
        assert_eq!(value["samplesPerSecond"], 66_666.0);
        let back: Reply = serde_json::from_value(value).expect("round trip");
        assert_eq!(back, reply);

        let panicked = serde_json::to_value(Reply::Panicked {
            message: "boom".into(),
        })
        .expect("serializable");
        assert_eq!(panicked, json!({"type": "panicked", "message": "boom"}));

        let weights = serde_json::to_value(Reply::Weights {
            run: 1,
            sizes: vec![784, 30, 10],
            epoch: 0,
            samples_done: 100,
            batches: 10,
            timeline: true,
        })
        .expect("serializable");
        assert_eq!(
            (weights["batches"].clone(), weights["timeline"].clone()),
            (json!(10), json!(true))
        );
        let test_set: Request =
            serde_json::from_value(json!({"type": "testSet"})).expect("a valid request");
        assert_eq!(test_set, Request::TestSet);
        let evaluation = serde_json::to_value(Reply::Evaluation {
            run: 4,
            sizes: vec![784, 30, 10],
            epoch: 1,
            samples_done: 0,
        })
        .expect("serializable");
        assert_eq!(
            evaluation,
            json!({"type": "evaluation", "run": 4, "sizes": [784, 30, 10], "epoch": 1, "samplesDone": 0})
        );

        let ready = serde_json::to_value(Reply::WorkerReady).expect("serializable");
        assert_eq!(ready, json!({"type": "workerReady"}));
        let error = serde_json::to_value(Reply::Error {
            run: None,
            message: "bad".into(),
        })
        .expect("serializable");
        assert_eq!(
            error,
            json!({"type": "error", "run": null, "message": "bad"})
        );
    }

    #[cfg(feature = "test-hooks")]
    #[test]
    fn allocate_request_is_read_in_test_builds() {
        let request: Request =
            serde_json::from_value(json!({"type": "allocate", "mebibytes": 512}))
                .expect("a valid request");
        assert_eq!(request, Request::Allocate { mebibytes: 512 });
        assert_eq!(request.run(), None);
    }
}
