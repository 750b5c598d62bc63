//! The browser UI: the only code that touches Leptos and the DOM.
//!
//! [`start`] is called by `boot.js` once the wasm module is instantiated. It installs the panic
//! hook, provides the single [`state::AppState`] context, and mounts [`app::App`].

mod app;
mod download;
mod event_page;
mod export_menu;
mod graph;
mod header;
mod index_page;
mod loader;
mod panic;
mod problems;
mod state;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the app on `<body>` and loads the data named by `?data=` (the bundled sample by
/// default).
#[wasm_bindgen]
pub fn start() {
    panic::install_hook();
    graph::install_window_api();
    leptos::mount::mount_to_body(app::App);
}
