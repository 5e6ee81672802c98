//! When the training worker trains, reports and keeps snapshots: the chunk budget that keeps a
//! chunk near [`CHUNK_MS`], the progress window, the weight-snapshot pace, and the timeline's
//! moments (mini-batch 0, then after 1, 3, 10, 30, 100, 300 and 1,000 mini-batches, and at
//! the end of every epoch), with the bounded list of snapshots the timeline keeps.
//!
//! Pure: it is told the time and what a chunk did; it never trains, measures or posts
//! (that is [`crate::run`] and `web::worker`).

use crate::model::Snapshot;
use crate::nn::Network;

/// Wall-clock length of one chunk of training between looks at the message queue.
pub const CHUNK_MS: f64 = 20.0;
/// How often progress is reported.
pub const PROGRESS_MS: f64 = 200.0;
/// How often a live weight snapshot is sent.
pub const WEIGHTS_MS: f64 = 250.0;
/// Training examples in the first chunk, before any has been timed.
pub const FIRST_BUDGET: usize = 500;
/// The chunk budget stays within these, whatever the timing says.
pub const BUDGET_RANGE: (usize, usize) = (10, 100_000);

/// Mini-batches after which the timeline keeps a snapshot (besides every epoch's end): before
/// any learning, then roughly every half decade up to 1,000.
pub const TIMELINE_BATCHES: [usize; 8] = [0, 1, 3, 10, 30, 100, 300, 1000];

/// Most snapshots the timeline keeps, and most bytes of weights they may hold.
pub const MAX_SNAPSHOTS: usize = 64;
/// See [`MAX_SNAPSHOTS`].
pub const MAX_SNAPSHOT_BYTES: usize = 64 << 20;

/// Mini-batches in an epoch of `n` examples: the last one may be partial.
pub fn batches_per_epoch(n: usize, mini_batch: usize) -> usize {
    n.div_ceil(mini_batch.max(1))
}

/// Mini-batches done after `epoch` whole epochs of `n` examples and `samples_done` more.
pub fn batches_done(epoch: usize, samples_done: usize, n: usize, mini_batch: usize) -> usize {
    epoch * batches_per_epoch(n, mini_batch) + batches_per_epoch(samples_done, mini_batch)
}

/// The next timeline moment after `batches` mini-batches, if any is left.
pub fn next_moment(batches: usize) -> Option<usize> {
    TIMELINE_BATCHES.into_iter().find(|&b| b > batches)
}

/// Whether a snapshot taken after `batches` mini-batches is one of the timeline's moments.
pub fn is_moment(batches: usize) -> bool {
    TIMELINE_BATCHES.contains(&batches)
}

/// Snapshots a timeline takes in a run of `epochs` epochs of `per_epoch` mini-batches: the
/// moments of [`TIMELINE_BATCHES`] inside the run, and one per epoch.
pub fn moments_in_run(epochs: usize, per_epoch: usize) -> usize {
    let total = epochs * per_epoch;
    TIMELINE_BATCHES.iter().filter(|&&b| b < total).count() + epochs
}

/// What is due after a chunk, for the worker to post.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Due {
    /// A progress report over the examples since the last one.
    pub progress: Option<Window>,
    /// A live weight snapshot.
    pub weights: bool,
}

/// Examples trained since the last progress report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Window {
    /// Milliseconds spent training them.
    pub ms: f64,
    /// How many.
    pub samples: usize,
    /// How many the network got right.
    pub correct: usize,
    /// Σ of their data cost.
    pub cost_sum: f64,
}

/// The pace of one run: chunk budget, progress window, snapshot clock, timeline moments.
#[derive(Clone, Debug)]
pub struct Schedule {
    /// Training examples in the next chunk, adapted so a chunk takes about [`CHUNK_MS`].
    budget: usize,
    last_progress: f64,
    last_weights: f64,
    window: Window,
    /// Milliseconds spent training in the current epoch.
    epoch_ms: f64,
}

impl Schedule {
    /// A run starting at `now` (milliseconds).
    pub fn new(now: f64) -> Schedule {
        Schedule {
            budget: FIRST_BUDGET,
            last_progress: now,
            last_weights: now,
            window: Window::default(),
            epoch_ms: 0.0,
        }
    }

    /// Examples to train next after `batches` mini-batches of `mini_batch`: the budget, cut short
    /// so the chunk ends exactly on the next timeline moment.
    pub fn budget(&self, batches: usize, mini_batch: usize) -> usize {
        next_moment(batches).map_or(self.budget, |b| {
            self.budget.min((b - batches) * mini_batch.max(1))
        })
    }

    /// A chunk given `budget` examples trained `trained` of them (`correct` right, `cost_sum`
    /// data cost) in `elapsed` ms, ending at `now`; `epoch_ended` when it finished an epoch.
    pub fn chunk_done(&mut self, chunk: Chunk, now: f64) -> Due {
        let elapsed = chunk.elapsed.max(0.01);
        if chunk.trained > 0 {
            self.epoch_ms += elapsed;
            self.window.ms += elapsed;
            self.window.samples += chunk.trained;
            self.window.correct += chunk.correct;
            self.window.cost_sum += chunk.cost_sum;
        }
        if chunk.budget == self.budget {
            // A chunk cut short for the timeline says little about the speed.
            let scaled = self.budget as f64 * CHUNK_MS / elapsed;
            self.budget = scaled.clamp(BUDGET_RANGE.0 as f64, BUDGET_RANGE.1 as f64) as usize;
        }
        let mut due = Due::default();
        if now - self.last_progress >= PROGRESS_MS && self.window.samples > 0 && !chunk.finished {
            self.last_progress = now;
            due.progress = Some(std::mem::take(&mut self.window));
        }
        if chunk.epoch_ended || now - self.last_weights >= WEIGHTS_MS {
            self.last_weights = now;
            due.weights = true;
        }
        due
    }

    /// Seconds spent training the epoch that just ended; the next one starts from zero.
    pub fn take_epoch_seconds(&mut self) -> f64 {
        std::mem::take(&mut self.epoch_ms) / 1000.0
    }
}

/// What one chunk did, for [`Schedule::chunk_done`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Chunk {
    /// The examples it was given.
    pub budget: usize,
    /// Training examples it trained.
    pub trained: usize,
    /// Of which the network classified correctly.
    pub correct: usize,
    /// Their data cost, summed.
    pub cost_sum: f64,
    /// Milliseconds it took.
    pub elapsed: f64,
    /// It finished an epoch's evaluation.
    pub epoch_ended: bool,
    /// It finished the run.
    pub finished: bool,
}

/// The snapshots a run keeps for its timeline, oldest first, within [`MAX_SNAPSHOTS`] and
/// [`MAX_SNAPSHOT_BYTES`]: past that, every other end of epoch is dropped (never the first
/// moments, nor the newest).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    snapshots: Vec<Snapshot>,
}

impl Timeline {
    /// A timeline holding `snapshots` (an opened model's), thinned to the bounds.
    pub fn from_snapshots(snapshots: Vec<Snapshot>) -> Timeline {
        let mut timeline = Timeline { snapshots };
        timeline.keep_within_bounds();
        timeline
    }

    /// Keeps `network` as it is after `batches` mini-batches, `epoch` epochs and `samples_done`
    /// examples; returns false (keeping nothing) when that moment is kept already.
    pub fn record(
        &mut self,
        network: &Network,
        batches: usize,
        epoch: usize,
        samples_done: usize,
    ) -> bool {
        if self.snapshots.iter().any(|s| s.batches == batches) {
            return false;
        }
        self.snapshots.push(Snapshot {
            batches,
            epoch,
            samples_done,
            weights: network.weights.clone(),
            biases: network.biases.clone(),
        });
        self.keep_within_bounds();
        true
    }

    /// The snapshots kept, oldest first.
    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    /// The snapshot taken after `batches` mini-batches, if it is kept.
    pub fn at(&self, batches: usize) -> Option<&Snapshot> {
        self.snapshots.iter().find(|s| s.batches == batches)
    }

    /// Bytes of one snapshot (every weight and bias as f32).
    pub fn bytes_each(&self) -> usize {
        self.snapshots.first().map_or(0, |s| {
            let weights: usize = s.weights.iter().map(|w| w.len()).sum();
            let biases: usize = s.biases.iter().map(|b| b.len()).sum();
            4 * (weights + biases)
        })
    }

    /// Most snapshots kept for a network of this size.
    pub fn limit(&self) -> usize {
        (MAX_SNAPSHOT_BYTES / self.bytes_each().max(1)).clamp(2, MAX_SNAPSHOTS)
    }

    fn keep_within_bounds(&mut self) {
        let limit = self.limit();
        while self.snapshots.len() > limit {
            let last = self.snapshots.len() - 1;
            // Every other end of epoch (after the first moments, never the newest).
            let ends: Vec<usize> = (0..last)
                .filter(|&i| self.snapshots[i].samples_done == 0 && self.snapshots[i].batches > 0)
                .collect();
            let drop: Vec<usize> = ends.into_iter().skip(1).step_by(2).collect();
            if drop.is_empty() {
                self.snapshots.remove(1);
            } else {
                let mut i = 0;
                self.snapshots.retain(|_| {
                    i += 1;
                    !drop.contains(&(i - 1))
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Config, Rng};

    #[test]
    fn moments_come_in_order_and_chunks_stop_on_each() {
        let mut batches = 0;
        let mut seen = vec![0];
        let schedule = Schedule::new(0.0);
        // 10 examples per mini-batch, the first budget: 500 examples, or fewer before a moment.
        while batches < 2000 {
            let budget = schedule.budget(batches, 10);
            assert!(budget > 0 && budget <= FIRST_BUDGET);
            batches += budget / 10;
            if is_moment(batches) {
                seen.push(batches);
            }
        }
        assert_eq!(seen, TIMELINE_BATCHES);
        assert_eq!(schedule.budget(95, 10), 50);
        assert_eq!(schedule.budget(1000, 10), FIRST_BUDGET);
        assert_eq!(next_moment(1000), None);
        assert!(is_moment(300) && !is_moment(301));
        assert_eq!(batches_per_epoch(50_000, 10), 5000);
        assert_eq!(batches_per_epoch(95, 10), 10);
        assert_eq!(batches_done(2, 15, 95, 10), 22);
        // 30 epochs of 5,000 mini-batches: the 8 moments and 30 epoch ends.
        assert_eq!(moments_in_run(30, 5000), 38);
        assert_eq!(moments_in_run(1, 5), 4);
    }

    #[test]
    fn the_budget_follows_the_speed_and_reports_come_at_their_pace() {
        let mut schedule = Schedule::new(0.0);
        let chunk = |budget, elapsed| Chunk {
            budget,
            trained: budget,
            correct: budget / 2,
            cost_sum: 1.0,
            elapsed,
            ..Chunk::default()
        };
        // 500 examples in 40 ms: half as many next time.
        let due = schedule.chunk_done(chunk(500, 40.0), 40.0);
        assert_eq!(schedule.budget(2000, 10), 250);
        assert_eq!(due, Due::default(), "nothing due yet");
        let due = schedule.chunk_done(chunk(250, 20.0), 210.0);
        let window = due.progress.expect("a progress report after 200 ms");
        assert_eq!(
            (window.samples, window.correct, window.ms),
            (750, 375, 60.0)
        );
        assert!(!due.weights);
        assert!(schedule.chunk_done(chunk(250, 20.0), 260.0).weights);
        // A chunk cut short for a moment leaves the budget alone.
        schedule.chunk_done(chunk(30, 1.0), 270.0);
        assert_eq!(schedule.budget(2000, 10), 250);
        // An epoch's end always sends its weights; its 101 ms of training are taken once.
        let end = Chunk {
            epoch_ended: true,
            ..chunk(250, 20.0)
        };
        assert!(schedule.chunk_done(end, 280.0).weights);
        assert!((schedule.take_epoch_seconds() - 0.101).abs() < 1e-9);
        assert_eq!(schedule.take_epoch_seconds(), 0.0);
    }

    fn network(sizes: &[usize]) -> Network {
        let config = Config::network2();
        Network::new(sizes, config.init, config.cost, &mut Rng::new(1))
    }

    #[test]
    fn the_timeline_keeps_each_moment_once_and_stays_bounded() {
        let net = network(&[784, 30, 10]);
        let mut timeline = Timeline::default();
        assert!(timeline.record(&net, 0, 0, 0));
        assert!(!timeline.record(&net, 0, 0, 0), "a moment is kept once");
        for b in [1, 3, 10, 30, 100, 300, 1000] {
            assert!(timeline.record(&net, b, 0, b * 10));
        }
        for epoch in 1..=100 {
            timeline.record(&net, 5000 * epoch, epoch, 0);
        }
        let kept = timeline.snapshots();
        assert_eq!(timeline.limit(), MAX_SNAPSHOTS);
        assert!(kept.len() <= MAX_SNAPSHOTS);
        assert_eq!(
            kept[..8].iter().map(|s| s.batches).collect::<Vec<_>>(),
            TIMELINE_BATCHES
        );
        assert_eq!(kept.last().map(|s| s.epoch), Some(100), "the newest stays");
        assert!(kept.windows(2).all(|w| w[0].batches < w[1].batches));
        assert_eq!(timeline.bytes_each(), 4 * (784 * 30 + 30 + 30 * 10 + 10));
        assert!(timeline.at(300).is_some() && timeline.at(301).is_none());

        // A network of 20 MB keeps only three: 64 MB.
        let big = Timeline::from_snapshots(
            (0..5)
                .map(|b| Snapshot {
                    batches: b,
                    epoch: 0,
                    samples_done: b,
                    weights: vec![ndarray::Array2::zeros((5000, 1000))],
                    biases: vec![ndarray::Array1::zeros(5000)],
                })
                .collect(),
        );
        assert_eq!(big.limit(), 3);
        assert_eq!(big.snapshots().len(), 3);
    }
}
