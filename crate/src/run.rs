//! The run a training worker owns: a network being trained (or opened from a file), its
//! history, its timeline and its weights, and the replies they make. The page keeps none of
//! these: it asks (a snapshot, a file, the digest comes with `Done`).
//!
//! Pure: the worker hands it the data, the clock and what to do; it returns [`Reply`]s with the
//! arrays built by the caller's [`Arrays`], and never posts, measures or touches JS itself.

use crate::dataset::Dataset;
use crate::digest::{network_digest, to_hex};
use crate::instruments::detectors::{FrozenTraining, Hidden};
use crate::model::{self, Model};
use crate::nielsen;
use crate::nn::{self, Config, EpochResult, Evaluation, Examples, Network, Training};
use crate::protocol::{Arrays, FileFormat, Moment, Reply, TimelineSummary};
use crate::schedule::{self, Chunk, Schedule, Timeline};
use crate::schema::DatasetKey;

/// Where the run's network comes from.
enum Source {
    /// Trained here, from its seed.
    Training(Box<Training>),
    /// Read from a model file.
    Opened {
        config: Option<Config>,
        /// What it learned from (a network2.py file of MNIST's names none).
        dataset: DatasetKey,
        network: Network,
        history: Vec<EpochResult>,
    },
}

impl Source {
    fn network(&self) -> &Network {
        match self {
            Source::Training(training) => &training.network,
            Source::Opened { network, .. } => network,
        }
    }
}

/// One run and everything about it.
pub struct Run {
    /// The page's id for it.
    pub id: u32,
    source: Source,
    schedule: Schedule,
    timeline: Timeline,
    /// Paused by the page.
    pub paused: bool,
}

impl Run {
    /// A new run of `config` at `now` (ms), with its initial weights (mini-batch 0) recorded
    /// on the timeline: they need no data. Returns the run and its first replies.
    ///
    /// # Errors
    /// The first problem of an invalid `config`, as a sentence.
    pub fn train<A: Arrays>(
        id: u32,
        config: Config,
        now: f64,
    ) -> Result<(Run, Vec<Reply<A>>), String> {
        let training = Training::new(config).map_err(|e| e.to_string())?;
        Ok(Run::start(id, training, now))
    }

    /// As [`Run::train`], with the hidden layer `hidden` frozen: only the output layer learns
    /// (issue #18, [`FrozenTraining`]).
    ///
    /// # Errors
    /// The first problem of `config`, or a recipe that is not one hidden layer.
    pub fn train_frozen<A: Arrays>(
        id: u32,
        config: Config,
        hidden: Hidden,
        now: f64,
    ) -> Result<(Run, Vec<Reply<A>>), String> {
        let frozen = FrozenTraining::new(config, hidden).map_err(|e| e.to_string())?;
        Ok(Run::start(id, frozen.training, now))
    }

    /// A run of `training` from `now`, its initial weights recorded, and its first replies.
    fn start<A: Arrays>(id: u32, training: Training, now: f64) -> (Run, Vec<Reply<A>>) {
        let mut run = Run {
            id,
            source: Source::Training(Box::new(training)),
            schedule: Schedule::new(now),
            timeline: Timeline::default(),
            paused: false,
        };
        run.timeline.record(run.source.network(), 0, 0, 0);
        let replies = vec![run.weights(0, true), run.timeline_reply()];
        (run, replies)
    }

    /// Run `id` holding the network read from a file (`config` absent for network2.py JSON),
    /// with the `Opened` reply that shows it.
    pub fn open<A: Arrays>(
        id: u32,
        format: FileFormat,
        config: Option<Config>,
        dataset: DatasetKey,
        network: Network,
        history: Vec<EpochResult>,
        snapshots: Vec<model::Snapshot>,
    ) -> (Run, Reply<A>) {
        let run = Run {
            id,
            source: Source::Opened {
                config,
                dataset,
                network,
                history,
            },
            schedule: Schedule::new(0.0),
            timeline: Timeline::from_snapshots(snapshots),
            paused: false,
        };
        let network = run.network();
        let opened = Reply::Opened {
            run: id,
            format,
            config: run.config().cloned(),
            dataset: run.dataset(),
            cost: network.cost,
            sizes: network.sizes.clone(),
            history: run.history().to_vec(),
            digest: run.digest(),
            timeline: run.timeline_summary(),
            weights: floats::<A, _>(&network.weights),
            biases: floats::<A, _>(&network.biases),
        };
        (run, opened)
    }

    /// The network as it is now.
    pub fn network(&self) -> &Network {
        self.source.network()
    }

    /// How it is (or was) trained; `None` for a network2.py file.
    pub fn config(&self) -> Option<&Config> {
        match &self.source {
            Source::Training(training) => Some(&training.config),
            Source::Opened { config, .. } => config.as_ref(),
        }
    }

    /// What it learns or learned from: its configuration's dataset, or a file's.
    pub fn dataset(&self) -> DatasetKey {
        match &self.source {
            Source::Training(training) => training.config.dataset,
            Source::Opened { dataset, .. } => *dataset,
        }
    }

    /// The finished epochs.
    pub fn history(&self) -> &[EpochResult] {
        match &self.source {
            Source::Training(training) => training.history(),
            Source::Opened { history, .. } => history,
        }
    }

    /// The weights digest of the network now (16 hex digits).
    pub fn digest(&self) -> String {
        to_hex(network_digest(self.network()))
    }

    /// The training, while the run is one.
    pub fn training(&self) -> Option<&Training> {
        match &self.source {
            Source::Training(training) => Some(training),
            Source::Opened { .. } => None,
        }
    }

    /// Whether there is training left to do.
    pub fn is_training(&self) -> bool {
        self.training()
            .is_some_and(|t| !t.is_finished() && t.divergence().is_none())
    }

    /// (epoch, examples done in it, mini-batches done) with `data` the run's dataset.
    fn position(&self, data: Option<&Dataset>) -> (usize, usize, usize) {
        match (self.training(), data) {
            (Some(t), Some(data)) => {
                let n = t.config.train_count(data.train.len());
                let batches =
                    schedule::batches_done(t.epoch(), t.samples_done(), n, t.config.mini_batch);
                (t.epoch(), t.samples_done(), batches)
            }
            (Some(t), None) => (t.epoch(), t.samples_done(), 0),
            (None, _) => (self.history().len(), 0, 0),
        }
    }

    /// One chunk of training on `data`, timed by `clock` (ms), and the replies that are due.
    /// The caller follows an `Epoch` reply with the evaluation ([`Run::evaluation`]).
    pub fn advance<A: Arrays>(
        &mut self,
        data: &Dataset,
        clock: &mut dyn FnMut() -> f64,
    ) -> Vec<Reply<A>> {
        let id = self.id;
        let (_, _, batches_before) = self.position(Some(data));
        let Source::Training(training) = &mut self.source else {
            return Vec::new();
        };
        if self.paused || training.is_finished() {
            return Vec::new();
        }
        let n_train = training.config.train_count(data.train.len());
        let budget = self
            .schedule
            .budget(batches_before, training.config.mini_batch);
        let start = clock();
        let report = training.step(&data.train, &data.test, budget);
        if let Some(divergence) = &report.diverged {
            // Its weights mean nothing now: no snapshot, no results, just why it stopped.
            return vec![Reply::Error {
                run: Some(id),
                message: sentence(&divergence.to_string()),
            }];
        }
        let end = clock();
        let due = self.schedule.chunk_done(
            Chunk {
                budget,
                trained: report.trained,
                correct: report.correct,
                cost_sum: f64::from(report.cost_sum),
                elapsed: end - start,
                epoch_ended: report.epoch_done.is_some(),
                finished: report.finished,
            },
            end,
        );
        let mut replies = Vec::new();
        if let Some(window) = due.progress {
            let samples = window.samples as f64;
            let regularization = training.total_cost_regularization(n_train);
            replies.push(Reply::Progress {
                run: id,
                epoch: training.epoch(),
                epochs: training.config.epochs,
                samples_done: training.samples_done(),
                samples_per_epoch: n_train,
                samples_per_second: samples / (window.ms / 1000.0),
                running_accuracy: window.correct as f64 / samples,
                cost: window.cost_sum / samples + f64::from(regularization),
            });
        }
        let (epoch, samples_done, batches) = self.position(Some(data));
        let moment = schedule::is_moment(batches) || report.epoch_done.is_some();
        let recorded = moment
            && self
                .timeline
                .record(self.source.network(), batches, epoch, samples_done);
        if due.weights || report.finished || recorded {
            replies.push(self.weights(batches, recorded));
        }
        if recorded {
            replies.push(self.timeline_reply());
        }
        if let Some(result) = &report.epoch_done {
            let seconds = self.schedule.take_epoch_seconds();
            replies.push(Reply::Epoch {
                run: id,
                epoch: result.epoch,
                test_correct: result.test_correct,
                test_total: result.test_total,
                train_cost: f64::from(result.train_cost),
                train_accuracy: f64::from(result.train_accuracy),
                seconds,
                samples_per_second: n_train as f64 / seconds.max(1e-9),
            });
        }
        if report.finished {
            replies.push(Reply::Done {
                run: id,
                digest: self.digest(),
            });
        }
        replies
    }

    /// The `Evaluation` of the epoch just finished, with its arrays.
    pub fn evaluation<A: Arrays>(&self) -> Option<Reply<A>> {
        Some(self.evaluation_reply(self.training()?.evaluation()))
    }

    /// The network as it is now evaluated on `test` (all of it), as an `Evaluation` reply: for
    /// a network opened from a file, which brings none.
    pub fn evaluate<A: Arrays>(&self, test: &Examples) -> Reply<A> {
        self.evaluation_reply(&nn::evaluate(self.network(), test).0)
    }

    fn evaluation_reply<A: Arrays>(&self, evaluation: &Evaluation) -> Reply<A> {
        Reply::Evaluation {
            run: self.id,
            sizes: self.network().sizes.clone(),
            epoch: self.history().len(),
            samples_done: self.training().map_or(0, Training::samples_done),
            predictions: A::bytes(&evaluation.predictions),
            confidences: A::floats(&evaluation.confidences),
            mean_activations: evaluation
                .mean_activations
                .iter()
                .map(|m| A::floats(m))
                .collect(),
        }
    }

    /// The network now, as a `Weights` reply after `batches` mini-batches.
    pub fn weights<A: Arrays>(&self, batches: usize, timeline: bool) -> Reply<A> {
        let network = self.network();
        let (epoch, samples_done) = self
            .training()
            .map_or((self.history().len(), 0), |t| (t.epoch(), t.samples_done()));
        Reply::Weights {
            run: self.id,
            sizes: network.sizes.clone(),
            epoch,
            samples_done,
            batches,
            timeline,
            replay: false,
            weights: floats::<A, _>(&network.weights),
            biases: floats::<A, _>(&network.biases),
        }
    }

    /// The timeline's snapshot after `batches` mini-batches, as a `Weights` reply with `replay`.
    ///
    /// # Errors
    /// When the timeline does not hold that moment.
    pub fn snapshot<A: Arrays>(&self, batches: usize) -> Result<Reply<A>, String> {
        let s = self
            .timeline
            .at(batches)
            .ok_or_else(|| format!("The timeline has no snapshot after {batches} mini-batches."))?;
        Ok(Reply::Weights {
            run: self.id,
            sizes: self.network().sizes.clone(),
            epoch: s.epoch,
            samples_done: s.samples_done,
            batches: s.batches,
            timeline: true,
            replay: true,
            weights: floats::<A, _>(&s.weights),
            biases: floats::<A, _>(&s.biases),
        })
    }

    /// Gives an opened run the timeline of its demo's timeline file (`config`, `start` and
    /// `snapshots` as read from it; `demos` writes them): the moment before training (`start`,
    /// which must be `config`'s seeded network), the file's moments, and this run's network as
    /// the end of its last epoch. Answers with the `Timeline` reply.
    ///
    /// # Errors
    /// When the run is not an opened one of the same recipe, or `start` is not its seeded
    /// network: the file is another run's.
    pub fn adopt_timeline<A: Arrays>(
        &mut self,
        config: Option<Config>,
        start: &Network,
        snapshots: Vec<model::Snapshot>,
    ) -> Result<Reply<A>, String> {
        let another = "This timeline belongs to another network.";
        let Source::Opened {
            config: Some(own),
            network,
            history,
            ..
        } = &self.source
        else {
            return Err(another.into());
        };
        if config.as_ref() != Some(own) {
            return Err(another.into());
        }
        let seeded = Training::new(own.clone()).map_err(|e| e.to_string())?;
        if network_digest(start) != network_digest(&seeded.network) {
            return Err("This timeline does not start from its recipe's seeded weights.".into());
        }
        let end = own.epochs * schedule::batches_per_epoch(own.train_size, own.mini_batch);
        let moment = |batches, epoch, samples_done, net: &Network| model::Snapshot {
            batches,
            epoch,
            samples_done,
            weights: net.weights.clone(),
            biases: net.biases.clone(),
        };
        let mut all = vec![moment(0, 0, 0, start)];
        all.extend(
            snapshots
                .into_iter()
                .filter(|s| s.batches > 0 && s.batches < end),
        );
        all.push(moment(end, history.len(), 0, network));
        self.timeline = Timeline::from_snapshots(all);
        Ok(self.timeline_reply())
    }

    /// The moments the timeline holds, as a `Timeline` reply.
    pub fn timeline_reply<A: Arrays>(&self) -> Reply<A> {
        Reply::Timeline {
            run: self.id,
            timeline: self.timeline_summary(),
        }
    }

    /// The moments the timeline holds and what they cost.
    fn timeline_summary(&self) -> TimelineSummary {
        TimelineSummary {
            moments: self
                .timeline
                .snapshots()
                .iter()
                .map(|s| Moment {
                    batches: s.batches,
                    epoch: s.epoch,
                    samples_done: s.samples_done,
                })
                .collect(),
            bytes_each: self.timeline.bytes_each(),
            limit: self.timeline.limit(),
        }
    }

    /// The network written as a file: WSCP (with configuration, history and timeline) or
    /// network2.py JSON.
    ///
    /// # Errors
    /// WSCP needs the configuration, which a network2.py file did not have.
    pub fn save(&self, format: FileFormat) -> Result<Vec<u8>, String> {
        match format {
            FileFormat::Json => Ok(nielsen::to_json(self.network(), self.dataset()).into_bytes()),
            FileFormat::Wscp => {
                let config = self.config().ok_or(
                    "This network came without its training configuration: save it as JSON.",
                )?;
                Ok(model::to_bytes(&Model {
                    config: config.clone(),
                    network: self.network().clone(),
                    history: self.history().to_vec(),
                    snapshots: self.timeline.snapshots().to_vec(),
                    // The page verifies the files against the site's manifest, whose raw files
                    // are the ones the descriptor's digest is of (a native test checks).
                    dataset: Some(model::DatasetId::of(config.data())),
                }))
            }
        }
    }
}

/// Each of `arrays` (weight matrices or bias vectors, always in standard layout: contiguous,
/// row-major) as the caller's floats.
fn floats<A: Arrays, D: ndarray::Dimension>(arrays: &[ndarray::Array<f32, D>]) -> Vec<A::Floats> {
    arrays
        .iter()
        .map(|a| A::floats(a.as_slice().expect("network arrays are in standard layout")))
        .collect()
}

/// `text` with a capital first letter, as a message on its own.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::from_bytes;
    use crate::nn::{Examples, Rng};
    use crate::protocol::Native;
    use crate::schedule::TIMELINE_BATCHES;

    /// A toy MNIST: digit d lights row 2d + 4, with noise.
    fn toy(count: usize, seed: u32) -> Examples {
        let mut rng = Rng::new(seed);
        let mut pixels = vec![0u8; count * 784];
        let mut labels = Vec::new();
        for image in pixels.chunks_exact_mut(784) {
            let digit = rng.below(10);
            for col in 4..16 {
                image[(2 * digit + 4) * 28 + col] = 200;
            }
            image[rng.below(784)] = 99;
            labels.push(digit as u8);
        }
        Examples::from_pixels(&pixels, &labels, 784)
    }

    fn data() -> Dataset {
        Dataset {
            train: toy(600, 1),
            validation: toy(0, 2),
            test: toy(100, 3),
            test_pixels: Vec::new(),
            test_labels: Vec::new(),
        }
    }

    fn config() -> Config {
        Config {
            sizes: vec![784, 8, 10],
            epochs: 2,
            mini_batch: 10,
            seed: 3,
            ..Config::network2()
        }
    }

    /// Every reply of a whole run, with a clock that advances `ms` per reading.
    fn train_all(run: &mut Run, data: &Dataset, ms: f64) -> Vec<Reply<Native>> {
        let mut t = 0.0;
        let mut clock = move || {
            t += ms;
            t
        };
        let mut replies = Vec::new();
        for _ in 0..100_000 {
            let more = run.advance::<Native>(data, &mut clock);
            let done = more
                .iter()
                .any(|r| matches!(r, Reply::Done { .. } | Reply::Error { .. }));
            replies.extend(more);
            if done {
                return replies;
            }
        }
        panic!("the run never finished");
    }

    #[test]
    fn batch_zero_is_posted_before_any_data() {
        let (run, replies) = Run::train::<Native>(1, config(), 0.0).expect("a valid config");
        let [Reply::Weights {
            batches,
            timeline,
            epoch,
            samples_done,
            weights,
            biases,
            ..
        }, Reply::Timeline {
            timeline: summary, ..
        }] = &replies[..]
        else {
            panic!("expected weights then the timeline, got {replies:?}");
        };
        assert_eq!(
            (*batches, *timeline, *epoch, *samples_done),
            (0, true, 0, 0)
        );
        assert_eq!((weights[0].len(), biases[1].len()), (784 * 8, 10));
        assert_eq!(
            summary.moments,
            [Moment {
                batches: 0,
                epoch: 0,
                samples_done: 0
            }]
        );
        // The seeded initial weights, the same as training's own.
        let fresh = Training::new(config()).expect("valid");
        assert_eq!(run.digest(), to_hex(network_digest(&fresh.network)));
        assert!(Run::train::<Native>(
            1,
            Config {
                epochs: 0,
                ..config()
            },
            0.0
        )
        .is_err());
    }

    #[test]
    fn moments_come_in_order_and_done_carries_the_digest() {
        let data = data();
        let (mut run, _) = Run::train::<Native>(7, config(), 0.0).expect("valid");
        // 600 examples in mini-batches of 10: 60 per epoch, 120 in all.
        let replies = train_all(&mut run, &data, 1.0);
        let moments: Vec<usize> = replies
            .iter()
            .filter_map(|r| match r {
                Reply::Weights {
                    batches,
                    timeline: true,
                    ..
                } => Some(*batches),
                _ => None,
            })
            .collect();
        assert_eq!(moments, [1, 3, 10, 30, 60, 100, 120]);
        let Some(Reply::Timeline {
            timeline: summary, ..
        }) = replies
            .iter()
            .rev()
            .find(|r| matches!(r, Reply::Timeline { .. }))
        else {
            panic!("no timeline");
        };
        let kept: Vec<usize> = summary.moments.iter().map(|m| m.batches).collect();
        assert_eq!(kept, [0, 1, 3, 10, 30, 60, 100, 120]);
        assert!(TIMELINE_BATCHES
            .iter()
            .filter(|&&b| b <= 120)
            .all(|b| kept.contains(b)));

        let epochs = replies
            .iter()
            .filter(|r| matches!(r, Reply::Epoch { .. }))
            .count();
        assert_eq!(epochs, 2);
        // The final weights come just before Done, and Done carries their digest.
        let last_weights = replies
            .iter()
            .rposition(|r| matches!(r, Reply::Weights { .. }));
        let (
            Some(Reply::Weights {
                weights,
                biases,
                sizes,
                ..
            }),
            Some(Reply::Done { run: 7, digest }),
        ) = (last_weights.map(|i| &replies[i]), replies.last())
        else {
            panic!("expected the last weights, then done: {replies:?}");
        };
        let w: Vec<&[f32]> = weights.iter().map(Vec::as_slice).collect();
        let b: Vec<&[f32]> = biases.iter().map(Vec::as_slice).collect();
        assert_eq!(
            digest,
            &to_hex(crate::digest::parameters_digest(sizes, &w, &b))
        );
        assert_eq!(digest, &run.digest());
        assert!(!run.is_training());
        assert!(
            run.advance::<Native>(&data, &mut || 0.0).is_empty(),
            "a finished run is quiet"
        );
    }

    #[test]
    fn a_frozen_run_trains_only_the_output_layer_as_the_instrument_does() {
        let data = data();
        for hidden in [Hidden::Detectors, Hidden::Random] {
            let (mut run, _) =
                Run::train_frozen::<Native>(1, config(), hidden, 0.0).expect("a valid config");
            let before = run.network().clone();
            let replies = train_all(&mut run, &data, 1.0);
            assert!(matches!(replies.last(), Some(Reply::Done { .. })));
            assert_eq!(run.network().weights[0], before.weights[0], "{hidden:?}");
            assert_ne!(run.network().weights[1], before.weights[1]);
            let mut alone = FrozenTraining::new(config(), hidden).expect("valid");
            alone.run(&data.train, &data.test, |_| {});
            assert_eq!(run.network(), &alone.training.network, "{hidden:?}");
            assert_eq!(run.history(), alone.training.history());
        }
        let deep = Config {
            sizes: vec![784, 8, 8, 10],
            ..config()
        };
        assert!(Run::train_frozen::<Native>(1, deep, Hidden::Detectors, 0.0).is_err());
    }

    #[test]
    fn a_paused_run_waits() {
        let data = data();
        let (mut run, _) = Run::train::<Native>(1, config(), 0.0).expect("valid");
        run.paused = true;
        assert!(run.advance::<Native>(&data, &mut || 0.0).is_empty());
        assert_eq!(run.training().map(Training::samples_done), Some(0));
    }

    #[test]
    fn an_opened_network_evaluates_as_the_run_that_trained_it_did() {
        let data = data();
        let (mut run, _) = Run::train::<Native>(1, config(), 0.0).expect("valid");
        train_all(&mut run, &data, 1.0);
        let own = run
            .evaluation::<Native>()
            .expect("evaluated after its last epoch");
        let (opened, _) = Run::open::<Native>(
            2,
            FileFormat::Json,
            None,
            DatasetKey::Mnist,
            run.network().clone(),
            run.history().to_vec(),
            Vec::new(),
        );
        assert_eq!(run.evaluate::<Native>(&data.test), own);
        let Reply::Evaluation {
            run: 2,
            epoch: 2,
            samples_done: 0,
            predictions,
            mean_activations,
            ..
        } = opened.evaluate::<Native>(&data.test)
        else {
            panic!("an evaluation of run 2");
        };
        let Reply::Evaluation {
            predictions: expected,
            ..
        } = own
        else {
            unreachable!()
        };
        assert_eq!((predictions, mean_activations.len()), (expected, 1));
    }

    #[test]
    fn a_network2_py_file_names_the_dataset_and_reopens_on_it() {
        let fashion = Config {
            dataset: DatasetKey::FashionMnist,
            ..config()
        };
        let (run, _) = Run::train::<Native>(1, fashion, 0.0).expect("valid");
        let bytes = run.save(FileFormat::Json).expect("a JSON file");
        let file: nielsen::NielsenJson = serde_json::from_slice(&bytes).expect("network2.py JSON");
        assert_eq!(file.dataset, Some(DatasetKey::FashionMnist));
        let network = nielsen::from_json(file).expect("valid");
        let (opened, reply) = Run::open::<Native>(
            2,
            FileFormat::Json,
            None,
            DatasetKey::FashionMnist,
            network,
            Vec::new(),
            Vec::new(),
        );
        assert_eq!(opened.digest(), run.digest());
        let json = serde_json::to_value(&reply).expect("json");
        assert_eq!(json["dataset"], "fashion-mnist");
        let again = opened.save(FileFormat::Json).expect("a JSON file");
        assert_eq!(again, bytes, "saved again, the same file");
    }

    #[test]
    fn saving_asks_the_run_and_the_file_reopens_the_same() {
        let data = data();
        let (mut run, _) = Run::train::<Native>(1, config(), 0.0).expect("valid");
        train_all(&mut run, &data, 1.0);
        let bytes = run.save(FileFormat::Wscp).expect("a wscp file");
        let model = from_bytes(&bytes).expect("it reads back");
        assert_eq!(to_hex(network_digest(&model.network)), run.digest());
        assert_eq!(model.history, run.history());
        assert_eq!(model.snapshots.len(), 8);
        let (opened, reply) = Run::open::<Native>(
            2,
            FileFormat::Wscp,
            Some(model.config.clone()),
            model.config.dataset,
            model.network,
            model.history,
            model.snapshots,
        );
        let Reply::Opened {
            digest,
            history,
            timeline,
            weights,
            ..
        } = &reply
        else {
            panic!("expected opened: {reply:?}");
        };
        assert_eq!((digest, history.len()), (&run.digest(), 2));
        assert_eq!(
            (timeline.moments.len(), weights.len()),
            (8, 2),
            "all it takes to show it"
        );
        let Ok(Reply::Weights {
            replay: true,
            batches: 30,
            ..
        }) = opened.snapshot::<Native>(30)
        else {
            panic!("the timeline's snapshot after 30 mini-batches");
        };
        assert!(opened.snapshot::<Native>(31).is_err());
        assert_eq!(opened.save(FileFormat::Wscp), Ok(bytes));

        let json = String::from_utf8(run.save(FileFormat::Json).expect("json")).expect("utf-8");
        assert!(json.starts_with("{\"sizes\": [784, 8, 10]"));
        let (from_json, _) = Run::open::<Native>(
            3,
            FileFormat::Json,
            None,
            DatasetKey::Mnist,
            run.network().clone(),
            Vec::new(),
            Vec::new(),
        );
        assert!(from_json.save(FileFormat::Wscp).is_err());
    }

    #[test]
    fn an_opened_demo_takes_the_timeline_of_its_recipe_only() {
        let data = data();
        let (mut trained, _) = Run::train::<Native>(1, config(), 0.0).expect("valid");
        train_all(&mut trained, &data, 1.0);
        let (mut opened, _) = Run::open::<Native>(
            2,
            FileFormat::Wscp,
            Some(config()),
            DatasetKey::Mnist,
            trained.network().clone(),
            trained.history().to_vec(),
            Vec::new(),
        );
        let start = Training::new(config()).expect("valid").network;
        let after_ten = model::Snapshot {
            batches: 10,
            epoch: 0,
            samples_done: 100,
            weights: start.weights.clone(),
            biases: start.biases.clone(),
        };
        let other = Config {
            seed: 4,
            ..config()
        };
        let other_start = Training::new(other.clone()).expect("valid").network;
        assert!(opened
            .adopt_timeline::<Native>(Some(other), &other_start, Vec::new())
            .is_err());
        assert!(opened
            .adopt_timeline::<Native>(Some(config()), &other_start, Vec::new())
            .is_err());
        let Ok(Reply::Timeline { timeline, .. }) =
            opened.adopt_timeline::<Native>(Some(config()), &start, vec![after_ten])
        else {
            panic!("the recipe's own timeline is taken");
        };
        // Two epochs of all 50,000 images in tens: the end is after 10,000 mini-batches.
        let kept: Vec<(usize, usize)> = timeline
            .moments
            .iter()
            .map(|m| (m.batches, m.epoch))
            .collect();
        assert_eq!(kept, [(0, 0), (10, 0), (10_000, 2)]);
        let Ok(Reply::Weights { weights, .. }) = opened.snapshot::<Native>(10_000) else {
            panic!("the end is the opened network");
        };
        assert_eq!(
            weights[0],
            trained.network().weights[0]
                .as_slice()
                .expect("standard")
                .to_vec()
        );
        assert!(
            trained
                .adopt_timeline::<Native>(Some(config()), &start, Vec::new())
                .is_err(),
            "a run training makes its own"
        );
    }

    #[test]
    fn eta_and_lambda_come_back_from_a_saved_file_as_written() {
        // The bug of issue #12: η 0.1 and λ 0.3, saved and opened, came back as
        // 0.10000000149011612 and 0.30000001192092896 in the form and the link.
        for (eta, lambda) in [(0.1, 0.3), (2.7, 0.3)] {
            let recipe = Config {
                eta,
                lambda,
                epochs: 1,
                ..config()
            };
            let (run, _) = Run::train::<Native>(1, recipe, 0.0).expect("valid");
            let model = from_bytes(&run.save(FileFormat::Wscp).expect("wscp")).expect("reads");
            let (_, reply) = Run::open::<Native>(
                2,
                FileFormat::Wscp,
                Some(model.config.clone()),
                model.config.dataset,
                model.network,
                model.history,
                model.snapshots,
            );
            let json = serde_json::to_string(&reply).expect("json");
            assert!(
                json.contains(&format!("\"eta\":{eta},"))
                    && json.contains(&format!("\"lambda\":{lambda},")),
                "{json}"
            );
        }
    }
}
