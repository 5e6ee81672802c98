//! The typed messages between the page and a training worker, every one of them: the boot
//! message that hands the worker its compiled WebAssembly, the MNIST files, the requests about a
//! run, and every reply, arrays included.
//!
//! The arrays are typed too, through [`Arrays`]: natively (tests, tools) they are vectors, in
//! the worker they are the JS typed arrays themselves (`web::worker::Js`), passed through serde
//! untouched and transferred, never copied into JSON numbers. Every message about a run carries
//! its `run` id so the page can drop stale ones.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::instruments::detectors::Hidden;
use crate::nn::{Config, Cost, EpochResult};
use crate::schema::DatasetKey;

/// How a message holds its arrays: `Bytes` (`Uint8Array`), `Floats` (`Float32Array`) and the
/// compiled `Module` (`WebAssembly.Module`).
pub trait Arrays: Clone + Debug + PartialEq {
    /// Bytes, such as an IDX file or a model file.
    type Bytes: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// 32-bit floats, such as a weight matrix, row-major.
    type Floats: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// The compiled WebAssembly module the page hands a new worker.
    type Module: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// `values` as this kind's bytes.
    fn bytes(values: &[u8]) -> Self::Bytes;
    /// `values` as this kind's floats.
    fn floats(values: &[f32]) -> Self::Floats;
}

/// Arrays as Rust vectors: what native code and the tests use.
#[derive(Clone, Debug, PartialEq)]
pub struct Native;

impl Arrays for Native {
    type Bytes = Vec<u8>;
    type Floats = Vec<f32>;
    type Module = ();
    fn bytes(values: &[u8]) -> Vec<u8> {
        values.to_vec()
    }
    fn floats(values: &[f32]) -> Vec<f32> {
        values.to_vec()
    }
}

/// Which file a model is saved as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FileFormat {
    /// Weightscope's model file: network, configuration, history, timeline.
    Wscp,
    /// network2.py's `save()` JSON: the network alone.
    Json,
}

/// A message from the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    bound = ""
)]
pub enum Request<A: Arrays> {
    /// The first message to a new worker: the page's compiled module, so the worker neither
    /// downloads nor compiles it again. Read by www/worker.js before the wasm runs; the worker
    /// refuses it afterwards.
    Boot {
        /// The compiled `weightscope_bg.wasm`.
        module: A::Module,
    },
    /// A dataset's four IDX files, as the page downloaded them (raw, not gzipped), transferred.
    /// The worker reads them a piece at a time, so the 55 MB are never copied into wasm memory
    /// whole; it answers [`Reply::DataReady`]. They replace any it held: a run trains only on
    /// data of its own dataset.
    Data {
        /// Which dataset they are (absent: MNIST).
        #[serde(default)]
        dataset: DatasetKey,
        /// `train-images-idx3-ubyte`.
        train_images: A::Bytes,
        /// `train-labels-idx1-ubyte`.
        train_labels: A::Bytes,
        /// `t10k-images-idx3-ubyte`.
        test_images: A::Bytes,
        /// `t10k-labels-idx1-ubyte`.
        test_labels: A::Bytes,
    },
    /// A dataset's two test files alone (raw, not gzipped), transferred: enough to show a
    /// network's answers ([`Request::Evaluate`]) and the test images, without the training files.
    /// Answered by [`Reply::TestSet`]. A worker that holds that dataset's four files ignores them.
    TestData {
        /// Which dataset they are (absent: MNIST).
        #[serde(default)]
        dataset: DatasetKey,
        /// `t10k-images-idx3-ubyte`.
        test_images: A::Bytes,
        /// `t10k-labels-idx1-ubyte`.
        test_labels: A::Bytes,
    },
    /// Evaluate run `run`'s network as it is now on the test set (answered by an
    /// [`Reply::Evaluation`]): for a network opened from a file, which brings no evaluation.
    Evaluate {
        /// The run.
        run: u32,
    },
    /// Start a new run, replacing any current one. Its initial weights (mini-batch 0) are posted
    /// at once, data or not; it trains once the data is there.
    Train {
        /// The page's id for this run.
        run: u32,
        /// What to train, validated again by the worker.
        config: Config,
        /// A hidden layer to freeze (issue #18: the hoped-for detectors, or the seed's random
        /// layer as the control): only the output layer learns. Absent: every layer learns.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        frozen: Option<Hidden>,
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
    /// Open a model file (WSCP or network2.py JSON) as run `run`, replacing the current one
    /// only if the file is good: answered by `Opened`, its `Weights` and its `Timeline`, or by
    /// an `Error` for `run` (the current run is then untouched).
    Open {
        /// The id the opened model's messages will carry.
        run: u32,
        /// The file's bytes.
        bytes: A::Bytes,
    },
    /// Write the run's network as a file (answered by `Saved`).
    Save {
        /// The run to save.
        run: u32,
        /// Which file.
        format: FileFormat,
    },
    /// Send the timeline's snapshot taken after `batches` mini-batches (a `Weights` reply
    /// with `replay`).
    Snapshot {
        /// The run.
        run: u32,
        /// The moment, in mini-batches.
        batches: usize,
    },
    /// Give the opened run `run` the timeline of a demo's timeline file (`demos` writes them: a
    /// WSCP file of the same recipe whose network is the seeded one before training and whose
    /// snapshots are moments after it): answered by its `Timeline`, or an `Error` for `run` when
    /// the file belongs to another recipe.
    Timeline {
        /// The opened run.
        run: u32,
        /// The timeline file's bytes.
        bytes: A::Bytes,
    },
    /// Test builds only: panic inside the wasm, as a bug would, with `message`.
    #[cfg(feature = "test-hooks")]
    Panic {
        /// What the panic says.
        message: String,
    },
    /// Test builds only: allocate and keep `mebibytes` MiB, as a network too big for memory
    /// would. Past the memory cap the test build is linked with, the allocation traps.
    #[cfg(feature = "test-hooks")]
    Allocate {
        /// How much to allocate, in MiB.
        mebibytes: u32,
    },
}

/// One moment of a run's timeline, as the page lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Moment {
    /// Mini-batches done.
    pub batches: usize,
    /// Epochs finished.
    pub epoch: usize,
    /// Training examples done in the current epoch (0 at an epoch's end).
    pub samples_done: usize,
}

/// What a run's timeline holds: its moments, oldest first, and what they cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineSummary {
    /// The moments kept.
    pub moments: Vec<Moment>,
    /// Bytes of one snapshot.
    pub bytes_each: usize,
    /// Most snapshots kept for this network.
    pub limit: usize,
}

/// A message from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    bound = ""
)]
pub enum Reply<A: Arrays> {
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
    /// The run's weights and biases at one moment.
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
        batches: usize,
        /// This is one of the timeline's moments, just recorded.
        timeline: bool,
        /// An earlier moment the page asked for (`Snapshot`), not the run as it is now.
        replay: bool,
        /// `weights[l]`, row-major `(sizes[l + 1], sizes[l])`: row j feeds neuron j of layer l + 1.
        weights: Vec<A::Floats>,
        /// `biases[l]`, `(sizes[l + 1],)`.
        biases: Vec<A::Floats>,
    },
    /// What the run's timeline holds now.
    Timeline {
        /// The run.
        run: u32,
        /// Its moments and what they cost.
        timeline: TimelineSummary,
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
    /// Every epoch is trained and evaluated; the final weights were posted just before.
    Done {
        /// The run.
        run: u32,
        /// The weights digest of the trained network (16 hex digits).
        digest: String,
    },
    /// A model file was opened as run `run`: all it takes to show it.
    Opened {
        /// The run.
        run: u32,
        /// `"wscp"` or `"json"`.
        format: FileFormat,
        /// How it was trained (absent from network2.py JSON).
        config: Option<Config>,
        /// What it learned from (its configuration's, or a JSON file's; MNIST when it names none).
        dataset: DatasetKey,
        /// Its cost function.
        cost: Cost,
        /// Layer sizes, input first.
        sizes: Vec<usize>,
        /// Its finished epochs.
        history: Vec<EpochResult>,
        /// Its weights digest.
        digest: String,
        /// What its timeline holds (nothing for most files).
        timeline: TimelineSummary,
        /// `weights[l]`, row-major `(sizes[l + 1], sizes[l])`.
        weights: Vec<A::Floats>,
        /// `biases[l]`, `(sizes[l + 1],)`.
        biases: Vec<A::Floats>,
    },
    /// The run's network written as a file.
    Saved {
        /// The run.
        run: u32,
        /// Which file.
        format: FileFormat,
        /// The file.
        bytes: A::Bytes,
    },
    /// The worker panicked: its state is lost and the page should start a new one. Sent by the
    /// panic hook just before the wasm traps (the trap then fires the worker's `error` event).
    Panicked {
        /// The panic message and where it happened.
        message: String,
    },
    /// The test set through the network at the end of an epoch, sent right after its `Epoch`.
    Evaluation {
        /// The run.
        run: u32,
        /// Layer sizes, input first.
        sizes: Vec<usize>,
        /// Epochs finished when evaluated.
        epoch: usize,
        /// Training examples done in the current epoch.
        samples_done: usize,
        /// One digit per test image.
        predictions: A::Bytes,
        /// The output activation of that digit.
        confidences: A::Floats,
        /// One per hidden layer, `(10, sizes[l + 1])`: the mean activation of each neuron over
        /// the test images of each digit.
        mean_activations: Vec<A::Floats>,
    },
    /// The test images.
    TestSet {
        /// Test images.
        count: usize,
        /// `count * 784` bytes, row-major 28x28 each.
        images: A::Bytes,
        /// `count` digits.
        labels: A::Bytes,
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
    use std::collections::BTreeSet;

    type Req = Request<Native>;
    type Rep = Reply<Native>;

    #[test]
    fn train_request_reads_the_pages_json() {
        let request: Req = serde_json::from_value(json!({
            "type": "train",
            "run": 3,
            "config": {
                "sizes": [784, 30, 10], "epochs": 1, "eta": 0.5, "miniBatch": 10,
                "lambda": 5.0, "cost": "crossEntropy", "init": "default", "seed": 7,
                "trainSize": 2000, "testSize": 500
            }
        }))
        .expect("a valid train request");
        let Request::Train {
            run,
            config,
            frozen,
        } = request
        else {
            panic!("expected a train request, got {request:?}");
        };
        assert_eq!(run, 3);
        assert_eq!(frozen, None, "every layer learns unless the page says");
        assert_eq!(config.sizes, vec![784, 30, 10]);
        assert_eq!((config.mini_batch, config.seed), (10, 7));
        assert_eq!((config.train_size, config.test_size), (2000, 500));
    }

    #[test]
    fn a_train_request_can_freeze_the_hidden_layer() {
        let config = Config::network2();
        for (hidden, name) in [(Hidden::Detectors, "detectors"), (Hidden::Random, "random")] {
            let value = round_trip(&Req::Train {
                run: 2,
                config: config.clone(),
                frozen: Some(hidden),
            });
            assert_eq!(value["frozen"], json!(name));
        }
        let plain = round_trip(&Req::Train {
            run: 2,
            config,
            frozen: None,
        });
        assert!(plain.get("frozen").is_none());
        let mut bad = plain;
        bad["frozen"] = json!("edges");
        assert!(serde_json::from_value::<Req>(bad).is_err());
    }

    #[test]
    fn unknown_or_incomplete_requests_are_errors() {
        for bad in [
            json!({"type": "explode", "run": 1}),
            json!({"type": "pause"}),
            json!({"run": 1}),
            json!({"type": "train", "run": 1, "config": {"sizes": "784-30-10"}}),
            json!({"type": "data", "trainImages": [1, 2]}),
            json!({"type": "testData", "testImages": [1, 2]}),
            json!({"type": "evaluate"}),
            json!({"type": "save", "run": 1, "format": "pickle"}),
        ] {
            assert!(serde_json::from_value::<Req>(bad.clone()).is_err(), "{bad}");
        }
        #[cfg(not(feature = "test-hooks"))]
        assert!(serde_json::from_value::<Req>(json!({"type": "panic", "message": "no"})).is_err());
    }

    /// Every message survives the wire: to JSON and back, equal.
    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(
        message: &T,
    ) -> serde_json::Value {
        let value = serde_json::to_value(message).expect("serializable");
        let back: T = serde_json::from_value(value.clone()).expect("deserializable");
        assert_eq!(&back, message);
        value
    }

    /// The page fills the `data` and `testData` messages from the schema's files, by their keys.
    #[test]
    fn the_data_messages_fields_are_the_schema_files() {
        let files = crate::schema::data_files();
        let fields = |message: &Req| -> BTreeSet<String> {
            let value = serde_json::to_value(message).expect("serializable");
            value
                .as_object()
                .expect("an object")
                .keys()
                .cloned()
                .collect()
        };
        let keys = |test_only: bool| -> BTreeSet<String> {
            let files = files.iter().filter(|f| f.test || !test_only).map(|f| f.key);
            files.chain(["type", "dataset"]).map(String::from).collect()
        };
        let data = Req::Data {
            dataset: DatasetKey::Mnist,
            train_images: vec![],
            train_labels: vec![],
            test_images: vec![],
            test_labels: vec![],
        };
        assert_eq!(fields(&data), keys(false));
        let test_data = Req::TestData {
            dataset: DatasetKey::Mnist,
            test_images: vec![],
            test_labels: vec![],
        };
        assert_eq!(fields(&test_data), keys(true));
    }

    #[test]
    fn every_request_round_trips_with_its_arrays() {
        let boot = round_trip(&Req::Boot { module: () });
        assert_eq!(boot, json!({"type": "boot", "module": null}));
        let data = round_trip(&Req::Data {
            dataset: DatasetKey::FashionMnist,
            train_images: vec![0, 0, 8, 3],
            train_labels: vec![0, 0, 8, 1],
            test_images: vec![1],
            test_labels: vec![2],
        });
        assert_eq!(data["trainImages"], json!([0, 0, 8, 3]));
        assert_eq!(data["dataset"], json!("fashion-mnist"));
        assert_eq!(data["testLabels"], json!([2]));
        let test_data = round_trip(&Req::TestData {
            dataset: DatasetKey::FashionMnist,
            test_images: vec![0, 0, 8, 3],
            test_labels: vec![0, 0, 8, 1],
        });
        assert_eq!(test_data["type"], "testData");
        assert_eq!(test_data["testImages"], json!([0, 0, 8, 3]));
        assert_eq!(test_data["dataset"], json!("fashion-mnist"));
        let evaluate = round_trip(&Req::Evaluate { run: 3 });
        assert_eq!(evaluate, json!({"type": "evaluate", "run": 3}));
        let open = round_trip(&Req::Open {
            run: 2,
            bytes: vec![b'W'],
        });
        assert_eq!(open, json!({"type": "open", "run": 2, "bytes": [87]}));
        let timeline = round_trip(&Req::Timeline {
            run: 2,
            bytes: vec![b'W'],
        });
        assert_eq!(
            timeline,
            json!({"type": "timeline", "run": 2, "bytes": [87]})
        );
        let save = round_trip(&Req::Save {
            run: 2,
            format: FileFormat::Json,
        });
        assert_eq!(save, json!({"type": "save", "run": 2, "format": "json"}));
        round_trip(&Req::Snapshot {
            run: 2,
            batches: 300,
        });
        for request in [Req::Pause { run: 1 }, Req::Resume { run: 1 }, Req::TestSet] {
            round_trip(&request);
        }
        #[cfg(feature = "test-hooks")]
        {
            round_trip(&Req::Panic {
                message: "boom".into(),
            });
            assert_eq!(
                round_trip(&Req::Allocate { mebibytes: 512 }),
                json!({"type": "allocate", "mebibytes": 512})
            );
        }
    }

    #[test]
    fn every_reply_round_trips_tagged_camel_case() {
        let epoch = round_trip(&Rep::Epoch {
            run: 2,
            epoch: 1,
            test_correct: 9343,
            test_total: 10_000,
            train_cost: 0.5,
            train_accuracy: 0.9,
            seconds: 0.75,
            samples_per_second: 66_666.0,
        });
        assert_eq!(
            (epoch["type"].clone(), epoch["testCorrect"].clone()),
            (json!("epoch"), json!(9343))
        );
        let weights = round_trip(&Rep::Weights {
            run: 1,
            sizes: vec![2, 1],
            epoch: 0,
            samples_done: 100,
            batches: 10,
            timeline: true,
            replay: false,
            weights: vec![vec![0.5, -0.25]],
            biases: vec![vec![0.125]],
        });
        assert_eq!(
            weights["weights"],
            json!([[0.5, -0.25]]),
            "`weights` on the wire, not `layers`"
        );
        assert!(weights.get("layers").is_none());
        let done = round_trip(&Rep::Done {
            run: 4,
            digest: "0123456789abcdef".into(),
        });
        assert_eq!(
            done,
            json!({"type": "done", "run": 4, "digest": "0123456789abcdef"})
        );
        let timeline = TimelineSummary {
            moments: vec![Moment {
                batches: 0,
                epoch: 0,
                samples_done: 0,
            }],
            bytes_each: 95_440,
            limit: 64,
        };
        let reply = round_trip(&Rep::Timeline {
            run: 1,
            timeline: timeline.clone(),
        });
        assert_eq!(reply["timeline"]["bytesEach"], json!(95_440));
        round_trip(&Rep::Opened {
            run: 5,
            format: FileFormat::Wscp,
            config: Some(Config::network2()),
            dataset: DatasetKey::Mnist,
            cost: Cost::CrossEntropy,
            sizes: vec![784, 30, 10],
            history: vec![EpochResult {
                epoch: 1,
                test_correct: 9000,
                test_total: 10_000,
                train_cost: 0.5,
                train_accuracy: 0.875,
            }],
            digest: "00".into(),
            timeline,
            weights: vec![vec![0.5; 4]],
            biases: vec![vec![0.25; 2]],
        });
        round_trip(&Rep::Saved {
            run: 5,
            format: FileFormat::Wscp,
            bytes: vec![1, 2],
        });
        let evaluation = round_trip(&Rep::Evaluation {
            run: 4,
            sizes: vec![784, 30, 10],
            epoch: 1,
            samples_done: 0,
            predictions: vec![7, 2],
            confidences: vec![0.75, 0.5],
            mean_activations: vec![vec![0.25; 300]],
        });
        assert_eq!(
            evaluation["meanActivations"][0].as_array().map(Vec::len),
            Some(300)
        );
        round_trip(&Rep::TestSet {
            count: 1,
            images: vec![0; 784],
            labels: vec![7],
        });
        let panicked = round_trip(&Rep::Panicked {
            message: "boom".into(),
        });
        assert_eq!(panicked, json!({"type": "panicked", "message": "boom"}));
        assert_eq!(
            round_trip(&Rep::WorkerReady),
            json!({"type": "workerReady"})
        );
        let error = round_trip(&Rep::Error {
            run: None,
            message: "bad".into(),
        });
        assert_eq!(
            error,
            json!({"type": "error", "run": null, "message": "bad"})
        );
        round_trip(&Rep::DataReady {
            train: 50_000,
            validation: 10_000,
            test: 10_000,
        });
        round_trip(&Rep::Progress {
            run: 1,
            epoch: 0,
            epochs: 30,
            samples_done: 10,
            samples_per_epoch: 100,
            samples_per_second: 1.5,
            running_accuracy: 0.5,
            cost: 2.0,
        });
    }
}
