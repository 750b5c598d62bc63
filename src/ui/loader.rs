//! Getting bytes into the model: from a URL (`?data=` or the bundled sample) or a local file
//! (file picker, drag-and-drop), with progress, and without losing what is on screen on failure.

use super::state::{AppState, LoadProgress, LoadedData};
use crate::bidi::isolate;
use crate::graph::EventGraph;
use crate::model::{self, DatasetIndex};
use crate::route::Route;
use js_sys::{Reflect, Uint8Array};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The data shown when the URL does not name any: bundled next to index.html.
const BUNDLED_SAMPLE: &str = "sample.json";

/// Where the first data comes from.
#[derive(Clone, Debug)]
pub enum InitialData {
    /// `?data=<url>` in the page URL, or the bundled sample.
    FromPageUrl,
    /// Text carried by the page itself (a standalone file), with the name it came from.
    Inline { text: String, name: String },
    /// A URL given by a host page (`mount(element, {src})`).
    Url(String),
    /// Nothing yet: a host page will call `load`.
    Nothing,
}

/// Loads the first data.
pub fn load_initial(state: AppState, initial: InitialData) {
    match initial {
        InitialData::FromPageUrl => load_from_page_url(state),
        InitialData::Inline { text, name } => load_text(state, text, &name, None),
        InitialData::Url(url) => load_url(state, url, None),
        InitialData::Nothing => {}
    }
}

/// Loads data given as text (a standalone page's, or a host page's through `load`). `name` is
/// only what the page calls it: text handed over has no file name whose extension could say its
/// format (a standalone page saved from a `.jsonl` file carries an event-graph/1 document), so
/// the format is recognised from the text. `on_done` hears how the load ended.
pub fn load_text(state: AppState, text: String, name: &str, on_done: Option<OnDone>) {
    let load = Load {
        name: name.to_owned(),
        format_hint: None,
        url: None,
        then_show: None,
        on_done,
    };
    finish(state, Ok(text.into_bytes()), load);
}

/// Told how a load ended: `Ok` once its data is on screen, or the message the page shows. Not
/// called for a load that gave way to a newer one before it ended.
pub type OnDone = Box<dyn FnOnce(Result<(), String>)>;

/// Reports a load's end to its [`OnDone`] exactly once: dropped without a report (the load
/// gave way to a newer one, or its instance went away), it says so.
struct Outcome(Option<OnDone>);

impl Outcome {
    fn report(mut self, result: Result<(), String>) {
        if let Some(on_done) = self.0.take() {
            on_done(result);
        }
    }
}

impl Drop for Outcome {
    fn drop(&mut self) {
        if let Some(on_done) = self.0.take() {
            on_done(Err("another load started before this one ended".to_owned()));
        }
    }
}

/// What is known about a load besides its bytes.
struct Load {
    /// What the page calls the data (a file name, a URL's last segment, "embedded data").
    name: String,
    /// A file name whose extension may say the format (`.jsonl`, `.txt`).
    format_hint: Option<String>,
    /// The absolute URL it came from, if it came from one.
    url: Option<String>,
    /// The route to show once loaded.
    then_show: Option<Route>,
    on_done: Option<OnDone>,
}

impl Load {
    fn from_file(name: String, url: Option<String>, then_show: Option<Route>) -> Self {
        Self {
            format_hint: Some(name.clone()),
            name,
            url,
            then_show,
            on_done: None,
        }
    }
}

/// Loads data from a URL.
pub fn load_url(state: AppState, url: String, on_done: Option<OnDone>) {
    spawn_local(async move {
        let name = url_file_name(&url);
        let bytes = fetch_bytes(state, &url, &name).await;
        let source = absolute_url(&url);
        let load = Load {
            on_done,
            ..Load::from_file(name, source, None)
        };
        finish(state, bytes, load);
    });
}

/// Loads what the page URL asks for: `?data=<url>`, or the bundled sample.
fn load_from_page_url(state: AppState) {
    let requested = window()
        .location()
        .search()
        .ok()
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("data"))
        .filter(|url| !url.trim().is_empty());
    load_url(
        state,
        requested.unwrap_or_else(|| BUNDLED_SAMPLE.to_owned()),
        None,
    );
}

/// Loads a local file the user picked or dropped; on success the event list is shown.
pub fn load_file(state: AppState, file: web_sys::File) {
    spawn_local(async move {
        let name = file.name();
        start_progress(state, &name, Some(file.size()));
        let bytes = read_stream(state, file.stream(), &name, Some(file.size())).await;
        finish(
            state,
            bytes,
            Load::from_file(name, None, Some(Route::Index)),
        );
    });
}

fn start_progress(state: AppState, name: &str, total_bytes: Option<f64>) {
    state.progress.set(Some(LoadProgress {
        name: name.to_owned(),
        bytes_read: 0.0,
        total_bytes,
        reading: None,
    }));
}

/// `url` resolved against the page's address.
fn absolute_url(url: &str) -> Option<String> {
    let base = window().location().href().ok()?;
    web_sys::Url::new_with_base(url, &base)
        .ok()
        .map(|url| url.href())
}

/// The last path segment of a URL, which carries the format hint (`.jsonl`, `.txt`).
fn url_file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/')
        .find(|segment| !segment.is_empty())
        .unwrap_or(url)
        .to_owned()
}

async fn fetch_bytes(state: AppState, url: &str, name: &str) -> Result<Vec<u8>, String> {
    start_progress(state, name, None);
    let response = JsFuture::from(window().fetch_with_str(url))
        .await
        .map_err(|_| {
            "the request failed (the address is unreachable, or the server does not allow \
             this page to read it)"
                .to_owned()
        })?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let total_bytes = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.parse::<f64>().ok());
    let body = response.body().ok_or("the response has no body")?;
    read_stream(state, body, name, total_bytes).await
}

/// How long reading goes on between progress reports (and chances for the page to paint).
const PROGRESS_SLICE_MS: f64 = 40.0;

fn now() -> f64 {
    window()
        .performance()
        .map_or(0.0, |performance| performance.now())
}

/// Reads a byte stream to the end, reporting progress as it goes.
async fn read_stream(
    state: AppState,
    stream: web_sys::ReadableStream,
    name: &str,
    total_bytes: Option<f64>,
) -> Result<Vec<u8>, String> {
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let declared = total_bytes.map(|total| total.clamp(0.0, usize::MAX as f64) as usize);
    let mut bytes = Vec::new();
    let started = now();
    let mut last_break = started;
    loop {
        let result = JsFuture::from(reader.read())
            .await
            .map_err(|error| format!("reading stopped: {}", describe_js_error(&error)))?;
        let done = Reflect::get(&result, &JsValue::from_str("done"))
            .ok()
            .and_then(|done| done.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&result, &JsValue::from_str("value"))
            .map_err(|_| "the stream gave no data".to_owned())?
            .unchecked_into();
        let start = bytes.len();
        let needed = start + chunk.length() as usize;
        if needed > bytes.capacity() {
            bytes.reserve_exact(model::read_buffer_capacity(needed, declared) - start);
        }
        bytes.resize(needed, 0);
        chunk.copy_to(&mut bytes[start..]);
        // A local file's chunks arrive as fast as they are asked for, all in one task: report
        // progress and let the page paint it every so often, not after each of thousands of
        // chunks (measured: 173 MB read in one 2-second task with a progress update per chunk).
        if now() - last_break > PROGRESS_SLICE_MS {
            state.progress.set(Some(LoadProgress {
                name: name.to_owned(),
                bytes_read: bytes.len() as f64,
                total_bytes,
                reading: None,
            }));
            pause(0).await;
            last_break = now();
        }
    }
    Ok(bytes)
}

/// Parses what was read and swaps it in, or reports why not; what was on screen stays on error.
fn finish(state: AppState, bytes: Result<Vec<u8>, String>, request: Load) {
    let Load {
        name,
        format_hint,
        url,
        then_show,
        on_done,
    } = request;
    let ending = Outcome(on_done);
    let load = state.start_load();
    spawn_local(async move {
        // Gives the thread back to the page; false when a newer load has started meanwhile, and
        // this one must stop without touching anything.
        let still_newest = |milliseconds| async move {
            pause(milliseconds).await;
            state.is_newest_load(load)
        };
        let outcome = match bytes {
            Ok(bytes) => {
                state.progress.update(|progress| {
                    if let Some(progress) = progress {
                        progress.reading = Some((0, 0.0));
                    }
                });
                // Let the browser paint "reading" before the first step.
                if !still_newest(30).await {
                    return;
                }
                let mut loading = model::start_loading(&bytes, format_hint.as_deref());
                let mut last_break = now();
                // A few hundred elements a step; the page gets the thread back every so often.
                while !loading.step(256) {
                    if now() - last_break > PROGRESS_SLICE_MS {
                        let read = loading.progress();
                        state.progress.update(|progress| {
                            if let Some(progress) = progress {
                                progress.reading = Some(read);
                            }
                        });
                        if !still_newest(0).await {
                            return;
                        }
                        last_break = now();
                    }
                }
                loading.finish().map_err(|error| error.to_string())
            }
            Err(error) => Err(error),
        };
        match outcome {
            Ok(loaded) => {
                // Each of these takes a while on 100k events: the page may paint in between.
                if !still_newest(0).await {
                    return;
                }
                let index = DatasetIndex::new(&loaded.dataset);
                if !still_newest(0).await {
                    return;
                }
                let graph = EventGraph::new(&loaded.dataset, &index);
                let components = graph.components();
                if !still_newest(0).await {
                    return;
                }
                state.progress.set(None);
                state.selection.set(None);
                state.data.set(Some(Arc::new(LoadedData {
                    dataset: loaded.dataset,
                    index,
                    graph,
                    components,
                    problems: loaded.problems,
                    source_name: name,
                    source_url: url,
                    load,
                })));
                state.load_error.set(None);
                if let Some(route) = then_show {
                    state.navigate(route);
                }
                ending.report(Ok(()));
            }
            Err(error) => {
                if !state.is_newest_load(load) {
                    return;
                }
                state.progress.set(None);
                let kept = if state.data.with_untracked(Option::is_some) {
                    " The data loaded before is still shown."
                } else {
                    ""
                };
                let message = format!(
                    "Could not load “{}”: {}.{kept}",
                    isolate(&name),
                    error.trim_end_matches('.')
                );
                state.load_error.set(Some(message.clone()));
                ending.report(Err(message));
            }
        }
    });
}

/// Gives the browser the thread back for at least `milliseconds` (it renders if a frame is due).
pub async fn pause(milliseconds: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ =
            window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds);
    });
    let _ = JsFuture::from(promise).await;
}

fn describe_js_error(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .unwrap_or_else(|| "unknown error".to_owned())
}
