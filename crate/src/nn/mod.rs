//! Nielsen's networks (network.py, network2.py) in f32: sizes, feedforward, backprop, mini-batch
//! SGD with quadratic or cross-entropy cost and L2 regularization, trained as a resumable run.
//!
//! Pure Rust on std, ndarray, rand and libm; no browser types. Deterministic: a `Config` and its
//! seed give bit-identical weights natively and in wasm32.

pub mod activation;
pub mod config;
pub mod cost;
pub mod input;
pub mod kernel;
pub mod network;
pub mod rng;

pub use activation::sigmoid;
pub use config::{Config, FieldError, Init};
pub use cost::Cost;
pub use input::Examples;
pub use kernel::{BatchStats, Workspace};
pub use network::Network;
pub use rng::Rng;
