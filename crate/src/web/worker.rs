//! The training worker's event loop: it owns the data and the current run, advances the run in
//! chunks of about [`CHUNK_MS`] so pause, reset and new runs get through at once, and posts
//! progress, epoch results and weight snapshots (as transferred `Float32Array`s) to the page.
//!
//! The training itself is [`Training`]; this module only schedules, measures time and talks.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Float32Array, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent, MessagePort};

use crate::dataset::{Bytes, Dataset};
use crate::experiments;
use crate::nn::{Config, Training};
use crate::protocol::{Reply, Request};

/// Wall-clock length of one chunk of training between looks at the message queue.
const CHUNK_MS: f64 = 20.0;
/// How often progress is reported.
const PROGRESS_MS: f64 = 200.0;
/// How often a weight snapshot is sent.
const WEIGHTS_MS: f64 = 250.0;

/// Starts the worker: installs the message loop and tells the page it is ready.
///
/// # Errors
/// When not running in a dedicated worker, or when the scheduling channel cannot be made.
#[wasm_bindgen(js_name = runWorker)]
pub fn run_worker() -> Result<(), JsError> {
    let scope: DedicatedWorkerGlobalScope = js_sys::global()
        .dyn_into()
        .map_err(|_| JsError::new("runWorker must run in a dedicated web worker"))?;
    report_panics(scope.clone());
    let channel = MessageChannel::new().map_err(|_| JsError::new("no MessageChannel"))?;
    let worker = Rc::new(RefCell::new(Worker {
        scope: scope.clone(),
        tick: channel.port1(),
        data: None,
        run: None,
    }));

    // Posting to port1 schedules a chunk on port2: a zero-delay yield to the event loop.
    // A wasm trap (out of memory) leaves its call's borrow held for good: later events find the
    // worker busy and are dropped, so the page hears the trap, not a "RefCell already borrowed"
    // panic.
    let on_tick = {
        let worker = Rc::clone(&worker);
        Closure::<dyn FnMut()>::new(move || {
            if let Ok(mut worker) = worker.try_borrow_mut() {
                worker.advance();
            }
        })
    };
    channel
        .port2()
        .set_onmessage(Some(on_tick.into_js_value().unchecked_ref()));

    let on_message = {
        let worker = Rc::clone(&worker);
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Ok(mut worker) = worker.try_borrow_mut() {
                worker.receive(event.data());
            }
        })
    };
    scope.set_onmessage(Some(on_message.into_js_value().unchecked_ref()));

    worker.borrow().post(&Reply::WorkerReady);
    Ok(())
}

/// Makes a panic tell the page what happened (a `panicked` reply with the message) before the
/// wasm traps, and still log it to the console as `console_error_panic_hook` does.
fn report_panics(scope: DedicatedWorkerGlobalScope) {
    std::panic::set_hook(Box::new(move |info| {
        console_error_panic_hook::hook(info);
        let reply = Reply::Panicked {
            message: info.to_string(),
        };
        if let Ok(value) = to_js(&reply) {
            let _ = scope.post_message(&value);
        }
    }));
}

/// The run being trained and the bookkeeping the page sees.
struct Run {
    id: u32,
    training: Training,
    paused: bool,
    /// Examples per chunk, adapted so a chunk takes about `CHUNK_MS`.
    budget: usize,
    /// Milliseconds spent training in the current epoch.
    epoch_ms: f64,
    last_progress: f64,
    last_weights: f64,
    /// The last timeline moment (in mini-batches) whose snapshot was sent.
    timeline_sent: usize,
    window: Window,
}

/// Examples trained since the last progress report.
#[derive(Default)]
struct Window {
    ms: f64,
    samples: usize,
    correct: usize,
    cost_sum: f64,
}

/// A file the page sent, read where it is, in JavaScript's memory.
struct JsBytes(Uint8Array);

impl Bytes for JsBytes {
    fn size(&self) -> usize {
        self.0.length() as usize
    }
    fn read(&self, at: usize, out: &mut [u8]) {
        let (start, end) = (at as u32, (at + out.len()) as u32);
        self.0.subarray(start, end).copy_to(out);
    }
}

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    tick: MessagePort,
    data: Option<Dataset>,
    run: Option<Run>,
}

impl Worker {
    fn receive(&mut self, message: JsValue) {
        if Reflect::get(&message, &"type".into())
            .ok()
            .and_then(|t| t.as_string())
            .as_deref()
            == Some("data")
        {
            if let Err(message) = self.load_data(&message) {
                self.post(&Reply::Error { run: None, message });
            }
            return;
        }
        let (run, outcome) = match serde_wasm_bindgen::from_value::<Request>(message) {
            Ok(request) => (request.run(), self.handle(request)),
            Err(e) => (
                None,
                Err(format!(
                    "The worker got a message it does not understand: {e}"
                )),
            ),
        };
        if let Err(message) = outcome {
            self.post(&Reply::Error { run, message });
        }
    }

    /// The data message (see [`crate::protocol`]): MNIST read out of the page's arrays a piece
    /// at a time, so wasm memory holds the examples but never all the raw pixels.
    fn load_data(&mut self, message: &JsValue) -> Result<(), String> {
        let file = |name: &str| {
            Reflect::get(message, &name.into())
                .ok()
                .and_then(|value| value.dyn_into::<Uint8Array>().ok())
                .map(JsBytes)
                .ok_or_else(|| format!("The data message has no {name} bytes."))
        };
        let data = Dataset::from_files(
            &file("trainImages")?,
            &file("trainLabels")?,
            &file("testImages")?,
            &file("testLabels")?,
        )
        .map_err(|e| format!("The MNIST files could not be read: {e}"))?;
        self.post(&Reply::DataReady {
            train: data.train.len(),
            validation: data.validation.len(),
            test: data.test.len(),
        });
        self.data = Some(data);
        Ok(())
    }

    fn handle(&mut self, request: Request) -> Result<(), String> {
        match request {
            Request::Train { run, config } => self.start(run, config)?,
            Request::Pause { run } => {
                if let Some(current) = self.current(run) {
                    current.paused = true;
                    self.post(&Reply::Paused { run });
                }
            }
            Request::Resume { run } => {
                if let Some(current) = self.current(run) {
                    current.paused = false;
                    self.post(&Reply::Resumed { run });
                    self.schedule();
                }
            }
            Request::Reset { run } => {
                if self.current(run).is_some() {
                    self.run = None;
                }
            }
            Request::TestSet => self.post_test_set()?,
            #[cfg(feature = "test-hooks")]
            Request::Allocate { mebibytes } => {
                std::mem::forget(vec![
                    1_u8;
                    usize::try_from(mebibytes).unwrap_or(usize::MAX) << 20
                ]);
            }
        }
        Ok(())
    }

    fn start(&mut self, id: u32, config: Config) -> Result<(), String> {
        self.run = None;
        if self.data.is_none() {
            return Err("MNIST is not loaded yet.".into());
        }
        let training = Training::new(config).map_err(|e| e.to_string())?;
        let now = now();
        self.run = Some(Run {
            id,
            training,
            paused: false,
            budget: 500,
            epoch_ms: 0.0,
            last_progress: now,
            last_weights: now,
            timeline_sent: 0,
            window: Window::default(),
        });
        self.post_weights(true);
        self.schedule();
        Ok(())
    }

    fn current(&mut self, id: u32) -> Option<&mut Run> {
        self.run.as_mut().filter(|run| run.id == id)
    }

    fn schedule(&self) {
        // A failed post leaves the run paused in effect; the page can press Train again.
        let _ = self.tick.post_message(&JsValue::NULL);
    }

    /// One chunk of training, then the reports that are due, then the next chunk.
    fn advance(&mut self) {
        let (Some(run), Some(data)) = (self.run.as_mut(), self.data.as_ref()) else {
            return;
        };
        if run.paused {
            return;
        }
        let start = now();
        let mini_batch = run.training.config.mini_batch;
        // The run's training images: all 50,000 or its subset.
        let n_train = run.training.config.train_count(data.train.len());
        let batches_before = batches_done(&run.training, n_train);
        // Stop exactly on the timeline's moments (10, 100, 1,000 mini-batches) to snapshot them.
        let budget = experiments::budget_before_timeline(batches_before, mini_batch, run.budget);
        let report = run.training.step(&data.train, &data.test, budget);
        if let Some(divergence) = &report.diverged {
            // Its weights mean nothing now: no snapshot, no results, just why it stopped.
            let reply = Reply::Error {
                run: Some(run.id),
                message: sentence(&divergence.to_string()),
            };
            self.run = None;
            self.post(&reply);
            return;
        }
        let elapsed = (now() - start).max(0.01);
        let batches = batches_done(&run.training, n_train);
        let moment = experiments::is_timeline_batch(batches) && batches > run.timeline_sent;
        if moment {
            run.timeline_sent = batches;
        }
        if report.trained > 0 {
            run.epoch_ms += elapsed;
            run.window.ms += elapsed;
            run.window.samples += report.trained;
            run.window.correct += report.correct;
            run.window.cost_sum += f64::from(report.cost_sum);
        }
        if budget == run.budget {
            // A step cut short for the timeline says little about the speed.
            let scaled = run.budget as f64 * CHUNK_MS / elapsed;
            run.budget = scaled.clamp(10.0, 100_000.0) as usize;
        }

        let id = run.id;
        let end = now();
        let mut replies = Vec::new();
        if let Some(result) = &report.epoch_done {
            let seconds = run.epoch_ms / 1000.0;
            run.epoch_ms = 0.0;
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
        let progress_due = end - run.last_progress >= PROGRESS_MS && !report.finished;
        if progress_due && run.window.samples > 0 {
            run.last_progress = end;
            let window = std::mem::take(&mut run.window);
            let samples = window.samples as f64;
            let regularization = run.training.total_cost_regularization(n_train);
            replies.push(Reply::Progress {
                run: id,
                epoch: run.training.epoch(),
                epochs: run.training.config.epochs,
                samples_done: run.training.samples_done(),
                samples_per_epoch: n_train,
                samples_per_second: samples / (window.ms / 1000.0),
                running_accuracy: window.correct as f64 / samples,
                cost: window.cost_sum / samples + f64::from(regularization),
            });
        }
        let weights_due = report.epoch_done.is_some() || end - run.last_weights >= WEIGHTS_MS;
        if weights_due {
            run.last_weights = end;
        }
        if report.finished {
            replies.push(Reply::Done { run: id });
        }
        let finished = report.finished;
        let timeline = moment || report.epoch_done.is_some();

        if weights_due || finished || timeline {
            self.post_weights(timeline);
        }
        for reply in &replies {
            self.post(reply);
            if matches!(reply, Reply::Epoch { .. }) {
                if let Err(message) = self.post_evaluation() {
                    self.post(&Reply::Error {
                        run: Some(id),
                        message,
                    });
                }
            }
        }
        if !finished {
            self.schedule();
        }
    }

    fn post(&self, reply: &Reply) {
        if let Ok(value) = to_js(reply) {
            // Posting a plain object cannot fail; a failure would mean the page is gone.
            let _ = self.scope.post_message(&value);
        }
    }

    /// Posts the answers of the epoch just evaluated (`Evaluation`), as transferred arrays.
    fn post_evaluation(&self) -> Result<(), String> {
        let Some(run) = &self.run else { return Ok(()) };
        let network = &run.training.network;
        let evaluation = run.training.evaluation();
        let id = run.id;
        let reply = Reply::Evaluation {
            run: id,
            sizes: network.sizes.clone(),
            epoch: run.training.history().len(),
            samples_done: run.training.samples_done(),
        };
        let message = to_js(&reply).map_err(|e| e.to_string())?;
        let transfer = Array::new();
        let predictions = Uint8Array::from(evaluation.predictions.as_slice());
        transfer.push(&predictions.buffer());
        let confidences = transferable(Some(&evaluation.confidences), &transfer);
        let means: Array = evaluation
            .mean_activations
            .iter()
            .map(|m| transferable(Some(m), &transfer))
            .collect();
        Reflect::set(&message, &"predictions".into(), &predictions)
            .and_then(|_| Reflect::set(&message, &"confidences".into(), &confidences))
            .and_then(|_| Reflect::set(&message, &"meanActivations".into(), &means))
            .map_err(|_| "The evaluation could not be sent.".to_string())?;
        let _ = self.scope.post_message_with_transfer(&message, &transfer);
        Ok(())
    }

    /// Posts the raw test images and labels (copies; the worker keeps its own).
    fn post_test_set(&self) -> Result<(), String> {
        let data = self.data.as_ref().ok_or("MNIST is not loaded yet.")?;
        let message = to_js(&Reply::TestSet {
            count: data.test.len(),
        })
        .map_err(|e| e.to_string())?;
        let images = Uint8Array::from(data.test_pixels.as_slice());
        let labels = Uint8Array::from(data.test_labels.as_slice());
        let transfer = Array::of2(&images.buffer(), &labels.buffer());
        Reflect::set(&message, &"images".into(), &images)
            .and_then(|_| Reflect::set(&message, &"labels".into(), &labels))
            .map_err(|_| "The test images could not be sent.".to_string())?;
        let _ = self.scope.post_message_with_transfer(&message, &transfer);
        Ok(())
    }

    /// Posts every weight matrix of the current run as transferred `Float32Array`s; `timeline`
    /// marks a snapshot the page keeps for the training timeline.
    fn post_weights(&self, timeline: bool) {
        let Some(run) = &self.run else { return };
        let network = &run.training.network;
        let config = &run.training.config;
        let train = self
            .data
            .as_ref()
            .map_or(0, |data| config.train_count(data.train.len()));
        let reply = Reply::Weights {
            run: run.id,
            sizes: network.sizes.clone(),
            epoch: run.training.epoch(),
            samples_done: run.training.samples_done(),
            batches: batches_done(&run.training, train),
            timeline,
        };
        let Ok(message) = to_js(&reply) else { return };
        let transfer = Array::new();
        // weights[l]: (sizes[l + 1], sizes[l]), row j feeds neuron j of layer l + 1.
        let layers: Array = network
            .weights
            .iter()
            .map(|w| transferable(w.as_slice(), &transfer))
            .collect();
        // biases[l]: (sizes[l + 1],).
        let biases: Array = network
            .biases
            .iter()
            .map(|b| transferable(b.as_slice(), &transfer))
            .collect();
        let attached = Reflect::set(&message, &"layers".into(), &layers)
            .and_then(|_| Reflect::set(&message, &"biases".into(), &biases));
        if attached.is_ok() {
            let _ = self.scope.post_message_with_transfer(&message, &transfer);
        }
    }
}

/// A new `Float32Array` holding `values`, its buffer added to `transfer` so posting moves it
/// instead of copying it. The network's arrays are always contiguous (standard layout).
fn transferable(values: Option<&[f32]>, transfer: &Array) -> Float32Array {
    let array = Float32Array::from(values.expect("network arrays are in standard layout"));
    transfer.push(&array.buffer());
    array
}

/// `text` with a capital first letter, as a message on its own.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Mini-batches `training` has done since it started, with `n` training examples per epoch.
fn batches_done(training: &Training, n: usize) -> usize {
    let mini_batch = training.config.mini_batch;
    training.epoch() * experiments::batches_per_epoch(n, mini_batch)
        + experiments::batches_per_epoch(training.samples_done(), mini_batch)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// Milliseconds from the worker's clock.
fn now() -> f64 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|scope| scope.performance())
        .map_or(0.0, |performance| performance.now())
}
