//! The relation graph page (`#/graph`, `#/graph?focus=…&depth=…`, `#/relation/<s>/<t>`): the
//! browser half of the graph view, on top of the pure `view` layer.
//!
//! - [`page`]: the component; [`panel`]: selection panel, legend, text alternative.
//! - [`registry`]: the mounted views by id, per-instance memory, the animation frame.
//! - [`input`]: pointer, wheel, keyboard and toolbar actions.
//! - [`runtime`]: one view's state; [`host`]: where its layout runs; [`worker`]: the worker.
//! - [`canvas`]: the canvas writer of `view::frame::Frame`; [`picture`]: PNG and SVG export.
//! - [`api`]: the `window.eventLens.layout()` reader.

mod api;
mod canvas;
mod canvas_text;
mod host;
mod images;
mod input;
mod page;
mod panel;
mod picture;
mod registry;
mod runtime;
mod worker;

pub use api::{install_window_api, layout_of};
use leptos::prelude::*;
use std::cell::Cell;
use std::sync::Arc;

use super::state::LoadedData;

fn now() -> f64 {
    window()
        .performance()
        .map_or(0.0, |performance| performance.now())
}

/// Builds the graph page; it lives in the graph view's own module (see [`load_graph_view`]).
pub type PageBuilder = fn(Arc<LoadedData>, Option<String>, u8, Option<(String, String)>) -> AnyView;

thread_local! {
    /// Builds a graph page; set by the graph view's own module when it loads.
    static PAGE_BUILDER: Cell<Option<PageBuilder>> = const { Cell::new(None) };
}

/// The graph page's builder once the graph view's module is here (`None` before).
pub fn page_builder() -> Option<PageBuilder> {
    PAGE_BUILDER.with(Cell::get)
}

/// Fetches the module that holds the graph view's code (the first time a graph is shown, so the
/// first download carries only what the event pages need) and gives its page builder, which it
/// also registers for [`page_builder`]. `Err` when that module cannot be fetched (offline,
/// say). Only the loading is asynchronous: the page itself is built where it is shown, under its
/// own reactive owner, so a view that is gone by the time the code arrives builds nothing.
#[leptos::wasm_split::wasm_split(graph, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn load_graph_view() -> Result<PageBuilder, leptos::wasm_split::SplitLoaderError> {
    api::provide_layout_reader();
    let build: PageBuilder = |data, focus, depth, relation| {
        view! { <page::GraphPage data focus depth relation/> }.into_any()
    };
    PAGE_BUILDER.with(|builder| builder.set(Some(build)));
    Ok(build)
}
