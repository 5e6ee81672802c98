//! The training worker's event loop: it owns the data and the current run ([`Run`]: training or
//! opened, with its history, timeline and weights), advances it in chunks so pause, reset and
//! new requests get through at once, and posts the run's replies with their arrays transferred.
//!
//! The training is [`crate::run`]'s and its pace [`crate::schedule`]'s; this module only reads
//! requests, keeps the clock and posts.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use js_sys::{Array, Float32Array, Reflect, Uint8Array};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent, MessagePort};

use crate::dataset::{Bytes, Dataset, TestSet};
use crate::nn::Examples;
use crate::protocol::{Arrays, Reply, Request};
use crate::run::Run;
use crate::schema::DatasetKey;

/// Arrays as the JS typed arrays themselves: serde passes them through untouched.
#[derive(Clone, Debug, PartialEq)]
pub struct Js;

/// A `Uint8Array` inside a message.
#[derive(Clone, Debug)]
pub struct JsBytes(pub Uint8Array);

/// A `Float32Array` inside a message.
#[derive(Clone, Debug)]
pub struct JsFloats(pub Float32Array);

/// The compiled `WebAssembly.Module` of the boot message.
#[derive(Clone, Debug)]
pub struct JsModule(pub js_sys::WebAssembly::Module);

/// serde passes it through as the JS object itself; two are equal when they are the same object.
macro_rules! passed_through {
    ($name:ident) => {
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                AsRef::<JsValue>::as_ref(&self.0) == AsRef::<JsValue>::as_ref(&other.0)
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde_wasm_bindgen::preserve::serialize(&self.0, serializer)
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                serde_wasm_bindgen::preserve::deserialize(deserializer).map($name)
            }
        }
    };
}
passed_through!(JsBytes);
passed_through!(JsFloats);
passed_through!(JsModule);

impl Arrays for Js {
    type Bytes = JsBytes;
    type Floats = JsFloats;
    type Module = JsModule;
    fn bytes(values: &[u8]) -> JsBytes {
        JsBytes(Uint8Array::from(values))
    }
    fn floats(values: &[f32]) -> JsFloats {
        JsFloats(Float32Array::from(values))
    }
}

/// A file the page sent, read where it is, in JavaScript's memory.
impl Bytes for JsBytes {
    fn size(&self) -> usize {
        self.0.length() as usize
    }
    fn read(&self, at: usize, out: &mut [u8]) {
        let (start, end) = (at as u32, (at + out.len()) as u32);
        self.0.subarray(start, end).copy_to(out);
    }
}

/// Set by the panic hook: the worker's state is broken (a panic in wasm does not unwind), so
/// nothing of it may run again, not even a chunk already scheduled.
static PANICKED: AtomicBool = AtomicBool::new(false);

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
        test: None,
        run: None,
    }));

    // Posting to port1 schedules a chunk on port2: a zero-delay yield to the event loop.
    // A wasm trap (out of memory) leaves its call's borrow held for good: later events find the
    // worker busy and are dropped, so the page hears the trap, not a "RefCell already borrowed"
    // panic.
    let on_tick = {
        let worker = Rc::clone(&worker);
        Closure::<dyn FnMut()>::new(move || {
            if let (false, Ok(mut worker)) =
                (PANICKED.load(Ordering::Relaxed), worker.try_borrow_mut())
            {
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
            if let (false, Ok(mut worker)) =
                (PANICKED.load(Ordering::Relaxed), worker.try_borrow_mut())
            {
                worker.receive(event.data());
            }
        })
    };
    scope.set_onmessage(Some(on_message.into_js_value().unchecked_ref()));

    worker.borrow().post(Reply::WorkerReady);
    Ok(())
}

/// Makes a panic tell the page what happened (a `panicked` reply with the message) before the
/// wasm traps, and still log it to the console as `console_error_panic_hook` does.
fn report_panics(scope: DedicatedWorkerGlobalScope) {
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.store(true, Ordering::Relaxed);
        console_error_panic_hook::hook(info);
        let reply: Reply<Js> = Reply::Panicked {
            message: info.to_string(),
        };
        if let Ok(value) = to_js(&reply) {
            let _ = scope.post_message(&value);
        }
    }));
}

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    tick: MessagePort,
    /// The dataset it holds, with its key.
    data: Option<(DatasetKey, Dataset)>,
    /// A dataset's test set alone, until its four files come (`data` then holds it).
    test: Option<(DatasetKey, TestSet)>,
    run: Option<Run>,
}

/// A request from the page's message, read field by field by its `type`.
///
/// Not through serde's derive for the whole enum: serde reads an internally tagged enum through
/// a buffer that would copy a typed array into wasm memory, and its code for every variant was
/// the wasm's largest function (83 KB of the wasm, 18 KB gzipped). Only the fields that are
/// values of their own (the recipe, the frozen layer, the file format) go through serde.
fn request(message: JsValue) -> Result<Request<Js>, String> {
    let kind = kind_of(&message);
    let field = |name: &str| Reflect::get(&message, &name.into()).unwrap_or_default();
    let bytes = |name: &str| {
        field(name)
            .dyn_into::<Uint8Array>()
            .map(JsBytes)
            .map_err(|_| format!("The {kind} message has no {name} bytes."))
    };
    // A whole number that fits a u32, as JavaScript sends it.
    let whole = |name: &str| {
        field(name)
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| n as u32)
            .ok_or_else(|| format!("The {kind} message has no {name}."))
    };
    let run_id = || whole("run").map_err(|_| format!("The {kind} message has no run id."));
    let dataset = || match field("dataset").as_string() {
        None => Ok(DatasetKey::default()),
        Some(key) => DatasetKey::parse(&key)
            .ok_or_else(|| format!("The {kind} message names no known dataset: {key}.")),
    };
    let read = |e: serde_wasm_bindgen::Error| format!("The {kind} message could not be read: {e}");
    match kind.as_str() {
        "boot" => Ok(Request::Boot {
            module: field("module")
                .dyn_into()
                .map(JsModule)
                .map_err(|_| String::from("The boot message has no module."))?,
        }),
        "data" => Ok(Request::Data {
            dataset: dataset()?,
            train_images: bytes("trainImages")?,
            train_labels: bytes("trainLabels")?,
            test_images: bytes("testImages")?,
            test_labels: bytes("testLabels")?,
        }),
        "testData" => Ok(Request::TestData {
            dataset: dataset()?,
            test_images: bytes("testImages")?,
            test_labels: bytes("testLabels")?,
        }),
        "evaluate" => Ok(Request::Evaluate { run: run_id()? }),
        "train" => Ok(Request::Train {
            run: run_id()?,
            config: serde_wasm_bindgen::from_value(field("config")).map_err(read)?,
            frozen: Some(field("frozen"))
                .filter(|frozen| !frozen.is_undefined() && !frozen.is_null())
                .map(serde_wasm_bindgen::from_value)
                .transpose()
                .map_err(read)?,
        }),
        "pause" => Ok(Request::Pause { run: run_id()? }),
        "resume" => Ok(Request::Resume { run: run_id()? }),
        "reset" => Ok(Request::Reset { run: run_id()? }),
        "testSet" => Ok(Request::TestSet),
        "open" => Ok(Request::Open {
            run: run_id()?,
            bytes: bytes("bytes")?,
        }),
        "save" => Ok(Request::Save {
            run: run_id()?,
            format: serde_wasm_bindgen::from_value(field("format")).map_err(read)?,
        }),
        "snapshot" => Ok(Request::Snapshot {
            run: run_id()?,
            batches: whole("batches")? as usize,
        }),
        "timeline" => Ok(Request::Timeline {
            run: run_id()?,
            bytes: bytes("bytes")?,
        }),
        #[cfg(feature = "test-hooks")]
        "panic" => Ok(Request::Panic {
            message: field("message").as_string().unwrap_or_default(),
        }),
        #[cfg(feature = "test-hooks")]
        "allocate" => Ok(Request::Allocate {
            mebibytes: whole("mebibytes")?,
        }),
        _ => Err(format!(
            "The worker got a message it does not understand (type {kind:?})."
        )),
    }
}

fn kind_of(message: &JsValue) -> String {
    Reflect::get(message, &"type".into())
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_default()
}

impl Worker {
    fn receive(&mut self, message: JsValue) {
        let run = Reflect::get(&message, &"run".into())
            .ok()
            .and_then(|r| r.as_f64())
            .map(|r| r as u32);
        let outcome = request(message).and_then(|request| self.handle(request));
        if let Err(message) = outcome {
            self.post(Reply::Error { run, message });
        }
    }

    fn handle(&mut self, request: Request<Js>) -> Result<(), String> {
        match request {
            Request::Boot { .. } => return Err("The worker is running already.".into()),
            Request::Data {
                dataset,
                train_images,
                train_labels,
                test_images,
                test_labels,
            } => {
                // Read out of the page's arrays a piece at a time.
                self.data = None; // the old data's memory is free before the new is read
                let data =
                    Dataset::from_files(&train_images, &train_labels, &test_images, &test_labels)
                        .map_err(|e| {
                        format!(
                            "The {} files could not be read: {e}",
                            dataset.dataset().name
                        )
                    })?;
                self.post(Reply::DataReady {
                    train: data.train.len(),
                    validation: data.validation.len(),
                    test: data.test.len(),
                });
                self.data = Some((dataset, data));
                self.test = None;
                self.schedule();
            }
            Request::TestData {
                dataset,
                test_images,
                test_labels,
            } => {
                if self.data.as_ref().is_none_or(|(key, _)| *key != dataset) {
                    let test = TestSet::from_files(&test_images, &test_labels).map_err(|e| {
                        format!(
                            "The {} test files could not be read: {e}",
                            dataset.dataset().name
                        )
                    })?;
                    self.test = Some((dataset, test));
                }
                self.post_test_set(Some(dataset))?;
            }
            Request::Evaluate { run } => {
                let Some(current) = self.run.as_ref().filter(|r| r.id == run) else {
                    return Ok(()); // a run the page has just left
                };
                let dataset = current.config().map(|config| config.dataset);
                let (_, _, examples) = self.test_set(dataset).ok_or_else(|| {
                    format!(
                        "The {} test set is not loaded yet.",
                        dataset.unwrap_or_default().dataset().name
                    )
                })?;
                self.post(current.evaluate::<Js>(examples));
            }
            Request::Train {
                run,
                config,
                frozen,
            } => {
                self.run = None;
                let (run, replies) = match frozen {
                    Some(hidden) => Run::train_frozen::<Js>(run, config, hidden, now())?,
                    None => Run::train::<Js>(run, config, now())?,
                };
                self.run = Some(run);
                self.post_all(replies);
                self.schedule();
            }
            Request::Pause { run } => {
                if let Some(current) = self.current(run) {
                    current.paused = true;
                    self.post(Reply::Paused { run });
                }
            }
            Request::Resume { run } => {
                if let Some(current) = self.current(run) {
                    current.paused = false;
                    self.post(Reply::Resumed { run });
                    self.schedule();
                }
            }
            Request::Reset { run } => {
                if self.current(run).is_some() {
                    self.run = None;
                }
            }
            Request::TestSet => self.post_test_set(None)?,
            Request::Open { run, bytes } => {
                super::model::check_size(bytes.size())?;
                let file = super::model::read(&bytes.0.to_vec())?;
                let (opened, reply) = Run::open::<Js>(
                    run,
                    file.format,
                    file.config,
                    file.dataset,
                    file.network,
                    file.history,
                    file.snapshots,
                );
                self.run = Some(opened);
                self.post(reply);
            }
            Request::Timeline { run, bytes } => {
                let file = super::model::read(&bytes.0.to_vec())?;
                let current = self.current(run).ok_or("That network is gone.")?;
                let reply =
                    current.adopt_timeline::<Js>(file.config, &file.network, file.snapshots)?;
                self.post(reply);
            }
            Request::Save { run, format } => {
                let current = self.current(run).ok_or("That network is gone.")?;
                let bytes = current.save(format)?;
                self.post(Reply::Saved {
                    run,
                    format,
                    bytes: Js::bytes(&bytes),
                });
            }
            Request::Snapshot { run, batches } => {
                let reply = match self.run.as_ref().filter(|r| r.id == run) {
                    Some(current) => current.snapshot::<Js>(batches)?,
                    None => return Ok(()), // a run the page has just left
                };
                self.post(reply);
            }
            #[cfg(feature = "test-hooks")]
            Request::Panic { message } => panic!("{message}"),
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

    /// The test images of `dataset` (of whichever is held when `None`) as (pixels, labels,
    /// examples), from its four files or its test files alone.
    fn test_set(&self, dataset: Option<DatasetKey>) -> Option<(&[u8], &[u8], &Examples)> {
        let wanted = |key: &DatasetKey| dataset.is_none_or(|d| d == *key);
        let from_data = self
            .data
            .as_ref()
            .filter(|(key, _)| wanted(key))
            .map(|(_, d)| (&d.test_pixels[..], &d.test_labels[..], &d.test));
        from_data.or_else(|| {
            self.test
                .as_ref()
                .filter(|(key, _)| wanted(key))
                .map(|(_, t)| (&t.pixels[..], &t.labels[..], &t.examples))
        })
    }

    /// Posts the test images and labels of `dataset` (`TestSet`; of whichever is held when `None`).
    fn post_test_set(&self, dataset: Option<DatasetKey>) -> Result<(), String> {
        let (pixels, labels, examples) =
            self.test_set(dataset).ok_or("No images are loaded yet.")?;
        self.post(Reply::TestSet {
            count: examples.len(),
            images: Js::bytes(pixels),
            labels: Js::bytes(labels),
        });
        Ok(())
    }

    fn current(&mut self, id: u32) -> Option<&mut Run> {
        self.run.as_mut().filter(|run| run.id == id)
    }

    fn schedule(&self) {
        // A failed post leaves the run paused in effect; the page can press Train again.
        let _ = self.tick.post_message(&JsValue::NULL);
    }

    /// One chunk of training, then the replies that are due, then the next chunk.
    fn advance(&mut self) {
        let (Some(run), Some((key, data))) = (self.run.as_mut(), self.data.as_ref()) else {
            return;
        };
        if run.config().is_some_and(|config| config.dataset != *key) {
            return; // its own dataset is on its way
        }
        if run.paused || !run.is_training() {
            return;
        }
        let replies = run.advance::<Js>(data, &mut now);
        let stopped = replies
            .iter()
            .any(|r| matches!(r, Reply::Error { .. } | Reply::Done { .. }));
        if replies.iter().any(|r| matches!(r, Reply::Error { .. })) {
            self.run = None; // it diverged: nothing of it is worth keeping
        }
        self.post_all(replies);
        if !stopped {
            self.schedule();
        }
    }

    /// Posts `replies` in order; an `Epoch` is followed by its `Evaluation`.
    fn post_all(&self, replies: Vec<Reply<Js>>) {
        for reply in replies {
            let epoch = matches!(reply, Reply::Epoch { .. });
            self.post(reply);
            if let Some(evaluation) = self
                .run
                .as_ref()
                .filter(|_| epoch)
                .and_then(Run::evaluation)
            {
                self.post(evaluation);
            }
        }
    }

    /// Posts `reply`, its arrays transferred rather than copied.
    fn post(&self, reply: Reply<Js>) {
        let transfer = Array::new();
        for floats in float_arrays(&reply) {
            transfer.push(&floats.0.buffer());
        }
        for bytes in byte_arrays(&reply) {
            transfer.push(&bytes.0.buffer());
        }
        if let Ok(value) = to_js(&reply) {
            // Posting a plain object cannot fail; a failure would mean the page is gone.
            let _ = self.scope.post_message_with_transfer(&value, &transfer);
        }
    }
}

/// The `Float32Array`s of `reply`.
fn float_arrays(reply: &Reply<Js>) -> Vec<&JsFloats> {
    match reply {
        Reply::Weights {
            weights, biases, ..
        }
        | Reply::Opened {
            weights, biases, ..
        } => weights.iter().chain(biases).collect(),
        Reply::Evaluation {
            confidences,
            mean_activations,
            ..
        } => std::iter::once(confidences)
            .chain(mean_activations)
            .collect(),
        _ => Vec::new(),
    }
}

/// The `Uint8Array`s of `reply`.
fn byte_arrays(reply: &Reply<Js>) -> Vec<&JsBytes> {
    match reply {
        Reply::Evaluation { predictions, .. } => vec![predictions],
        Reply::TestSet { images, labels, .. } => vec![images, labels],
        Reply::Saved { bytes, .. } => vec![bytes],
        _ => Vec::new(),
    }
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
