//! Weightscope: train Michael Nielsen's MNIST networks and look at every weight they learn.
//!
//! The crate is a pure core with a thin browser edge on top:
//! - [`nn`]: the networks of network.py / network2.py (sizes, feedforward, backprop, mini-batch
//!   SGD, quadratic or cross-entropy cost, L2), trained as a resumable [`nn::Training`].
//! - [`mnist`]: parses IDX files (MNIST's or Fashion-MNIST's) from bytes; it never fetches.
//!   [`dataset`] splits them as the book does (50,000 train, 10,000 validation, 10,000 test).
//! - [`pixels`]: weights to RGBA heat maps; pure and testable. (The charts are the
//!   `weightscope-charts` crate's, in `charts/`.)
//! - [`decimal`]: every f32 shown as the shortest decimal that reads back the same (0.1 stays 0.1).
//! - [`digest`]: a short fingerprint of a network's weights, so shared links can be checked.
//! - [`model`]: the versioned "WSCP" model file (network, configuration, history), read defensively.
//! - [`nielsen`]: the JSON of network2.py's `save()` / `load()`, so Python readers can use a network.
//! - [`export`]: a layer as SVG (one rect per weight) and the timeline as an animated GIF.
//! - [`form`]: the page's form read: each field's text to its value, or what to type there.
//! - [`link`]: one value of a shared link read by its key's kind, or what that kind wants.
//! - [`hash`]: the whole link: the hash split into keys, read, defaulted and written back.
//! - [`png`]: a tiny PNG writer for images made at build time (the link preview).
//! - [`goal`]: a challenge a link carries (`accuracy>=93.43;hidden<=10`), checked against a run.
//! - [`schema`]: every parameter (name, flag, default, limits, help), the presets with their
//!   published figures, the article's sweep and the [`schema::Dataset`]s a run can learn from
//!   (MNIST, Fashion-MNIST), chosen by its `dataset` key.
//! - [`smoothness`]: how clean a layer's blocks are, for chapter 9's digits-against-clothes.
//! - [`protocol`]: the typed messages between the page and the training worker, arrays included.
//! - [`run`]: the run a worker owns (training or opened, history, timeline, digest, saving);
//!   [`schedule`]: its pace (chunk budget, progress, timeline moments). Both pure.
//! - [`experiments`]: the article's experiments (hidden-size sweep, side by side) as pure logic; `cli` (native only) runs them from the command line.
//! - [`explain`]: liked and disliked neurons, effective templates, contributions, confusion
//!   counts; [`preprocess`]: a drawing made into an MNIST-style input.
//! - [`instruments`]: tests of the article's claims: ablation, digits built from blocks,
//!   hand-designed detectors on a frozen layer, matching the neurons of two seeds.
//! - [`chapters`]: the page as the article's story, each chapter's title and claim in the
//!   words of the dataset on screen.
//! - `web` (wasm32 only): the worker's event loop and the heat maps' canvas drawing, through web-sys.
//!
//! Everything but `web` builds and tests natively with `cargo test`.

pub mod chapters;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod dataset;
pub mod decimal;
pub mod digest;
pub mod experiments;
pub mod explain;
pub mod export;
pub mod form;
pub mod goal;
pub mod hash;
pub mod instruments;
pub mod link;
pub mod mnist;
pub mod model;
pub mod nielsen;
pub mod nn;
pub use weightscope_pixels as pixels;
pub mod png;
pub mod preprocess;
pub mod protocol;
pub mod run;
pub mod schedule;
pub mod schema;
pub mod smoothness;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// Installs the panic hook so a panic in wasm reads as a message, not `unreachable`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
