//! What the browser tests share.
pub mod canvas;
