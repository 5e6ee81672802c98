//! Browser edge (wasm32 only).
pub mod view;
