//! Event Lens: loads exported event data and renders event pages and a relation graph.
//!
//! The crate is layered so that everything below [`ui`] is plain Rust with no DOM:
//! [`model`] parses and validates input into a [`model::Dataset`], and [`route`] maps URLs to
//! views. Only the browser build compiles `ui`, so native `cargo test` runs the core alone and
//! the core cannot reach for the DOM by accident. See ARCHITECTURE.md for the codemap.

pub mod bidi;
pub mod export;
pub mod filter;
pub mod graph;
pub mod layout;
pub mod markup;
pub mod model;
pub mod order;
/// The overview's rasteriser (its own crate, built for speed: see Cargo.toml).
pub use event_lens_raster as raster;
pub mod route;
pub mod standalone;
pub mod synthetic;
pub mod view;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
mod ui;
