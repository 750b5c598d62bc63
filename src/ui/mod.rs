//! The browser UI: the only code that touches Leptos and the DOM.
//!
//! [`start`] is called by `boot.js` once the wasm module is instantiated. It installs the panic
//! hook, provides the single [`state::AppState`] context, and mounts [`app::App`].

mod app;
mod download;
mod embed;
mod embed_dialog;
mod event_page;
mod export_menu;
mod graph;
mod header;
mod index_page;
mod loader;
mod panic;
mod problems;
mod save_standalone;
mod show_more;
mod state;

use crate::route::Route;
use state::{Mode, Routing};
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

/// `?embed=1` shows only the content (for iframes); `&view=graph|event|index` (with `&id=` for
/// an event) picks the first view when the URL has no `#/` route.
fn page_mode_and_route() -> (Mode, Route) {
    let location = leptos::prelude::window().location();
    let params =
        web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()).ok();
    let param = |name: &str| params.as_ref().and_then(|p| p.get(name));
    let embedded = matches!(param("embed").as_deref(), Some("1" | "true"));
    let hash = location.hash().unwrap_or_default();
    let route = if hash.len() > 1 {
        Route::parse(&hash)
    } else {
        match (param("view").as_deref(), param("id")) {
            (Some("graph"), focus) => Route::Graph {
                focus,
                depth: crate::route::DEFAULT_DEPTH,
            },
            (Some("event"), Some(id)) => Route::Event(id),
            _ => Route::Index,
        }
    };
    (
        Mode {
            routing: Routing::Hash,
            embedded,
        },
        route,
    )
}

fn boot(initial: loader::InitialData) {
    panic::install_hook(panic::TrapScope::WholePage);
    graph::install_window_api();
    let (mode, initial_route) = page_mode_and_route();
    leptos::mount::mount_to_body(move || {
        leptos::view! { <app::App initial=initial.clone() mode initial_route=initial_route.clone()/> }
    });
}
