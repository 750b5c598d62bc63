//! Getting bytes into the model: from a URL (`?data=` or the bundled sample) or a local file
//! (file picker, drag-and-drop), with progress, and without losing what is on screen on failure.

mod bytes;
mod check;

use super::state::{AppState, LoadProgress, LoadedData};
use crate::bidi::isolate;
use crate::graph::EventGraph;
use crate::model::{self, DatasetIndex};
use crate::route::Route;
use bytes::{fetch_bytes, give_back, now, read_stream, Input, PROGRESS_SLICE_MS};
use check::{check_in_worker, Verdict};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
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
    finish(state, Ok(Input::Module(text.into_bytes())), load);
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

pub(super) fn start_progress(state: AppState, name: &str, total_bytes: Option<f64>) {
    state.progress.set(Some(LoadProgress {
        name: name.to_owned(),
        bytes_read: 0.0,
        total_bytes,
        reading: None,
        checking: false,
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

/// Parses what was read and swaps it in, or reports why not; what was on screen stays on error.
fn finish(state: AppState, bytes: Result<Input, String>, request: Load) {
    let Load {
        name,
        format_hint,
        url,
        then_show,
        on_done,
    } = request;
    let ending = Outcome(on_done);
    let load = state.start_load();
    let source_bytes = bytes.as_ref().map_or(0, Input::len);
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
                let checked = check_before_replacing(state, load, &bytes, format_hint.as_deref());
                let verdict = checked.await;
                if !still_newest(0).await {
                    return;
                }
                if let Some(Verdict::DoesNotLoad(message)) = verdict {
                    report_failure(state, &name, message, ending);
                    return;
                }
                if verdict == Some(Verdict::Loads) {
                    // It loads: the old data goes before the new is read, not after.
                    state.selection.set(None);
                    state.data.set(None);
                    if !still_newest(0).await {
                        return;
                    }
                }
                let bytes = bytes.into_module();
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
                let read = loading.finish().map_err(|error| error.to_string());
                give_back(bytes);
                read
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
                    source_bytes,
                    load,
                })));
                state.load_error.set(None);
                if let Some(route) = then_show {
                    state.navigate(route);
                }
                ending.report(Ok(()));
            }
            Err(error) => {
                if state.is_newest_load(load) {
                    report_failure(state, &name, error, ending);
                }
            }
        }
    });
}

/// Shows why the data named `name` could not be loaded, and tells whoever asked for it.
fn report_failure(state: AppState, name: &str, error: String, ending: Outcome) {
    state.progress.set(None);
    let kept = if state.data.with_untracked(Option::is_some) {
        " The data loaded before is still shown."
    } else {
        ""
    };
    let message = format!(
        "Could not load “{}”: {}.{kept}",
        isolate(name),
        error.trim_end_matches('.')
    );
    state.load_error.set(Some(message.clone()));
    ending.report(Err(message));
}

/// Data on screen read from at least this many bytes is let go only once its replacement is
/// known to load, checked in a worker. Below it, holding both for a moment costs little, and
/// reading twice would cost more than it saves. (The bundled sample is 42 KB; a 2,000-event
/// export with full content about 7.7 MB.)
const CHECK_FIRST_FROM_BYTES: usize = 4 << 20;

/// When the data on screen is large, has a worker read the new export first (why: see
/// `crates/load-check`), showing its progress. `None` when the data on screen is small, or no
/// check could run: the page then reads the export while the old data stays, as always.
async fn check_before_replacing(
    state: AppState,
    load: u64,
    bytes: &Input,
    format_hint: Option<&str>,
) -> Option<Verdict> {
    let on_screen = state
        .data
        .with_untracked(|data| data.as_ref().map_or(0, |data| data.source_bytes));
    if on_screen < CHECK_FIRST_FROM_BYTES {
        return None;
    }
    let show = move |reading: (usize, f64), checking: bool| {
        if state.is_newest_load(load) {
            state.progress.update(|progress| {
                if let Some(progress) = progress {
                    progress.reading = Some(reading);
                    progress.checking = checking;
                }
            });
        }
    };
    show((0, 0.0), true);
    let verdict = check_in_worker(
        bytes.copy_for_worker(),
        format_hint,
        move |count, fraction| show((count, fraction), true),
    )
    .await;
    show((0, 0.0), false);
    verdict
}

/// Gives the browser the thread back for at least `milliseconds` (it renders if a frame is due).
pub async fn pause(milliseconds: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ =
            window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds);
    });
    let _ = JsFuture::from(promise).await;
}
