//! Nielsen's networks (network.py, network2.py) in f32: sizes, feedforward, backprop, mini-batch
//! SGD with quadratic or cross-entropy cost and L2 regularization, trained as a resumable run.
//!
//! Pure Rust on std, ndarray, rand and libm; no browser types. Deterministic: a `Config` and its
//! seed give bit-identical weights natively and in wasm32.
//!
//! - [`network`]: the readable `Network` (feedforward, backprop, reference update_mini_batch).
//! - [`kernel`]: the fast mini-batch step that training uses, tested against `network`.
//! - [`training`]: a run as a resumable state machine: shuffle, mini-batches, evaluation.
//! - [`divergence`]: tells a run that blew up (NaN, infinite or absurd weights) and why.
//! - [`config`]: hyper-parameters, presets and limits; [`cost`], [`activation`], [`rng`],
//!   [`input`] (examples stored by their non-zero pixels).

pub mod activation;
pub mod config;
pub mod cost;
pub mod divergence;
pub mod input;
pub mod kernel;
pub mod network;
pub mod rng;
pub mod training;

pub use activation::sigmoid;
pub use config::{Config, FieldError, Init};
pub use cost::Cost;
pub use divergence::Divergence;
pub use input::Examples;
pub use kernel::{predict, update_mini_batch, BatchStats, Workspace};
pub use network::Network;
pub use rng::Rng;
pub use training::{evaluate, EpochResult, Evaluation, StepReport, Training, TRAINING_SIZE};
