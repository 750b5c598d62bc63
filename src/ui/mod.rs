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
mod save_standalone;
mod state;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the app on `<body>` and loads the data named by `?data=` (the bundled sample by
/// default).
#[wasm_bindgen]
pub fn start() {
    boot(loader::InitialData::FromPageUrl);
}

/// Mounts the app on `<body>` with data the page carries itself (a standalone file).
#[wasm_bindgen]
pub fn start_with_data(text: String, name: String) {
    boot(loader::InitialData::Inline { text, name });
}

fn boot(initial: loader::InitialData) {
    panic::install_hook();
    graph::install_window_api();
    leptos::mount::mount_to_body(move || leptos::view! { <app::App initial=initial.clone()/> });
}
