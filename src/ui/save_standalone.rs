//! "Save as standalone HTML": the running app, its stylesheet and the loaded data written into
//! one file that opens from `file://` with no server. The parts come from the page's own
//! folder, or, when this page is itself a standalone file, from the elements it carries them in.

use super::download::save_text;
use super::state::{AppState, LoadedData};
use crate::export::{to_event_graph, Selection};
use crate::standalone::{
    base64, from_base64, part_element_id, part_files, standalone_html, AppAssets,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

async fn fetch(path: &str) -> Result<web_sys::Response, String> {
    let response: web_sys::Response = JsFuture::from(window().fetch_with_str(path))
        .await
        .map_err(|_| format!("could not read {path}"))?
        .unchecked_into();
    if response.ok() {
        Ok(response)
    } else {
        Err(format!("{path}: the server answered {}", response.status()))
    }
}

async fn fetch_text(path: &str) -> Result<String, String> {
    let promise = fetch(path)
        .await?
        .text()
        .map_err(|_| format!("{path}: no text"))?;
    let text = JsFuture::from(promise)
        .await
        .map_err(|_| format!("{path}: no text"))?;
    Ok(text.as_string().unwrap_or_default())
}

async fn fetch_bytes(path: &str) -> Result<Vec<u8>, String> {
    let promise = fetch(path)
        .await?
        .array_buffer()
        .map_err(|_| format!("{path}: no data"))?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|_| format!("{path}: no data"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn element_text(id: &str) -> Option<String> {
    document()
        .get_element_by_id(id)
        .and_then(|element| element.text_content())
}

/// The parts of the running app that a standalone file carries, owned.
struct OwnAssets {
    glue_js: String,
    wasm_base64: String,
    css: String,
    worker_js: String,
    worker_wasm_base64: String,
    split_loader_js: String,
    /// File name and base64 of each module loaded on demand.
    parts: Vec<(String, String)>,
}

/// The glue, wasm (base64), stylesheet and layout worker of the running app.
async fn own_assets() -> Result<OwnAssets, String> {
    if let (
        Some(glue_js),
        Some(wasm_base64),
        Some(css),
        Some(worker_js),
        Some(worker_wasm),
        Some(split_loader_js),
    ) = (
        element_text("event-lens-glue"),
        element_text("event-lens-wasm"),
        element_text("event-lens-css"),
        element_text("event-lens-worker"),
        element_text("event-lens-worker-wasm"),
        element_text("event-lens-split"),
    ) {
        // The code is carried as base64 and the stylesheet with `</` escaped (see
        // `standalone_html`), which is what it writes again: undo that first.
        let decoded = |base64: String| {
            from_base64(&base64)
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or("this page's own code is damaged")
        };
        let split_loader_js = decoded(split_loader_js)?;
        return Ok(OwnAssets {
            glue_js: decoded(glue_js)?,
            wasm_base64,
            css: css.replace("<\\/", "</"),
            worker_js: decoded(worker_js)?,
            worker_wasm_base64: worker_wasm,
            parts: part_files(&split_loader_js)
                .into_iter()
                .filter_map(|file| {
                    let base64 = element_text(&part_element_id(&file))?;
                    Some((file, base64))
                })
                .collect(),
            split_loader_js,
        });
    }
    let split_loader_js = fetch_text("./__wasm_split.js").await?;
    let mut parts = Vec::new();
    for file in part_files(&split_loader_js) {
        let bytes = base64(&fetch_bytes(&format!("./{file}")).await?);
        parts.push((file, bytes));
    }
    Ok(OwnAssets {
        glue_js: fetch_text("./event_lens.js").await?,
        wasm_base64: base64(&fetch_bytes("./event_lens_bg.wasm").await?),
        css: fetch_text("./style.css").await?,
        worker_js: fetch_text("./layout-worker.js").await?,
        worker_wasm_base64: base64(&fetch_bytes("./layout_worker.wasm").await?),
        split_loader_js,
        parts,
    })
}

/// Builds the standalone file for `data` and offers it for download, or shows in `state` why
/// not. Its code is in the exports' module (see `export_menu`), fetched when first used.
#[leptos::wasm_split::wasm_split(export, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn save(data: Arc<LoadedData>, state: AppState) -> Result<(), SplitLoaderError> {
    spawn_local(async move {
        match own_assets().await {
            Ok(own) => {
                let assets = AppAssets {
                    glue_js: &own.glue_js,
                    wasm_base64: &own.wasm_base64,
                    css: &own.css,
                    worker_js: &own.worker_js,
                    worker_wasm_base64: &own.worker_wasm_base64,
                    split_loader_js: &own.split_loader_js,
                    parts: &own.parts,
                };
                let json = serde_json::to_string(&to_event_graph(&data.dataset, Selection::All))
                    .unwrap_or_default();
                let title = data
                    .dataset
                    .meta
                    .title
                    .clone()
                    .unwrap_or_else(|| data.source_name.clone());
                let page = standalone_html(&assets, &json, &data.source_name, &title);
                let stem = super::download::file_stem(data.dataset.meta.title.as_deref());
                save_text(&format!("{stem}.html"), "text/html", &page);
            }
            Err(error) => state
                .load_error
                .set(Some(format!("Could not save a standalone file: {error}."))),
        }
    });
    Ok(())
}
