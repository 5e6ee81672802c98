//! Instruments that test the article's claims on a trained network (issues #17 and #18): knock
//! hidden neurons out, build a digit from the hidden "blocks", hand-designed detectors against
//! learned ones, and whether two seeds learn the same blocks.
//!
//! Pure math on [`Network`](crate::nn::Network)s and [`Examples`](crate::nn::Examples); no
//! browser types, so the page (through thin wasm-bindgen calls) and the command line share it.
//!
//! - [`ablation`]: mean- and zero-ablation from cached hidden activations, per-digit accuracy and
//!   cross-entropy, and each digit's damage ranking beside the weight-based "likes" ranking.
//! - [`blocks`]: the article's Lego experiment: a weighted sum of hidden tiles as an input image.
//! - [`detectors`]: H hand-designed stroke and loop detectors, and training with a frozen hidden
//!   layer (only the output layer learns).
//! - [`matching`]: hidden neurons of two networks paired by |correlation| of their input weights,
//!   with an optimal assignment (Kuhn–Munkres), and a shuffled-pixel baseline.
//! - [`stats`]: ranks, Pearson and Spearman correlation, medians.
//! - `cli` (native only): `weightscope ablate`, `match` and `detectors`.

pub mod ablation;
pub mod blocks;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod detectors;
pub mod matching;
pub mod stats;

use std::fmt;

/// What an instrument cannot do with what it was given, as a sentence for the page or the CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstrumentError(pub String);

impl fmt::Display for InstrumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InstrumentError {}
