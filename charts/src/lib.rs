//! Weightscope's charts: every chart of the page (lines, scatter points, histograms, bars),
//! drawn by the `plotters` library from a JSON spec, and the page's one colour palette.
//!
//! - [`chart`]: the spec and the drawing, onto any plotters backend in CSS pixels; pure and
//!   tested natively with a recording backend.
//! - [`specs`]: the page's charts by name (the learning curves, side by side's, the sweep's, the
//!   matching's), each a spec made from its data, histogram bins and weight range included.
//! - [`figure`]: the PNG export's sheets laid out from their data as drawing operations (text,
//!   heat-map pixels from `weightscope-pixels`, frames, charts); pure and tested natively.
//! - [`palette`]: every colour by role (`ink`, `likes`, `test`, …), the one owner.
//! - `web` (wasm32 only): `drawChart` (a spec or a named chart) onto a canvas at a given size
//!   and devicePixelRatio. Built as its own small wasm (www/charts-pkg/), loaded by the page
//!   after its first figure, so the training core's wasm does not grow.
//! - `web_figure` (wasm32, feature `figures`): the PNG export's `drawFigure`, in a second wasm
//!   (www/export-pkg/) loaded at the first "Save as PNG".

pub mod chart;
pub mod figure;
pub mod palette;
pub mod specs;
#[cfg(target_arch = "wasm32")]
pub mod web;
#[cfg(all(target_arch = "wasm32", feature = "figures"))]
pub mod web_figure;
