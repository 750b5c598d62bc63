//! The JavaScript API for host pages that embed Event Lens without an iframe (`embed.js` wraps
//! it): `mount_instance` starts an instance in an element and returns an [`EmbedHandle`].
//! Instances route internally (never touching the host's URL) and keep separate state, so
//! several can live on one page.

use super::app::App;
use super::graph::layout_of;
use super::loader::{self, InitialData};
use super::state::{AppState, Mode, Routing, Selection};
use crate::route::Route;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static NEXT_INSTANCE: Cell<u32> = const { Cell::new(1) };
    static STATES: RefCell<HashMap<u32, AppState>> = RefCell::new(HashMap::new());
    static SELECT_LISTENERS: RefCell<HashMap<u32, Vec<js_sys::Function>>> = RefCell::new(HashMap::new());
}

/// Called by a mounted [`App`]: keeps its state for the handle and reports selections.
pub fn register(state: AppState) {
    STATES.with(|states| states.borrow_mut().insert(state.instance, state));
    // Listeners hear changes only: not the empty selection an instance starts with, nor a
    // selection set again to what it was (a load clears it even when nothing was selected).
    Effect::new(move |previous: Option<Option<Selection>>| {
        let selection = state.selection.get();
        if previous.unwrap_or(None) == selection {
            return selection;
        }
        let detail = state.data.with_untracked(|data| {
            let data = data.as_ref()?;
            let object = js_sys::Object::new();
            let set = |key: &str, value: JsValue| {
                let _ = js_sys::Reflect::set(&object, &key.into(), &value);
            };
            match selection? {
                Selection::Event(index) => {
                    set("type", "event".into());
                    set("id", data.dataset.events[index].id.as_str().into());
                }
                Selection::Relation(index) => {
                    let relation = &data.dataset.relations[index];
                    set("type", "relation".into());
                    set("source", relation.source.as_str().into());
                    set("target", relation.target.as_str().into());
                }
            }
            Some(object)
        });
        let detail: JsValue = detail.map_or(JsValue::NULL, Into::into);
        // A copy of the list: a listener may add listeners or destroy the instance. One that
        // throws does not keep the others from hearing.
        let listeners = SELECT_LISTENERS
            .with(|listeners| listeners.borrow().get(&state.instance).cloned())
            .unwrap_or_default();
        for listener in listeners {
            let _ = listener.call1(&JsValue::NULL, &detail);
        }
        selection
    });
}

/// A mounted instance, as seen from JavaScript.
#[wasm_bindgen]
pub struct EmbedHandle {
    instance: u32,
    /// Unmounts the instance when dropped.
    mounted: Option<Box<dyn std::any::Any>>,
}

/// The text of data a host page hands over: JSON text as it is, an object as JSON; anything
/// else (undefined, a function, a symbol, a number), and an object that has no JSON form (one
/// that refers to itself, one holding a BigInt), is refused with what it was.
fn data_text(data: &JsValue) -> Result<String, String> {
    if let Some(text) = data.as_string() {
        return Ok(text);
    }
    let refused = || {
        let what = if data.is_null() {
            "null".to_owned()
        } else {
            data.js_typeof().as_string().unwrap_or_default()
        };
        format!("the data must be an event-graph/1 object or its JSON text, not {what}")
    };
    if !data.is_object() {
        return Err(refused());
    }
    match js_sys::JSON::stringify(data) {
        Ok(text) => JsValue::from(text).as_string().ok_or_else(refused),
        Err(error) => Err(format!(
            "the data object has no JSON form ({})",
            describe_error(&error)
        )),
    }
}

/// A JavaScript exception's message, for a sentence.
fn describe_error(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// An own, defined property of `options` (an inherited one, such as a polluted
/// `Object.prototype.data`, is not an option the host page gave).
fn option(options: &JsValue, key: &str) -> Option<JsValue> {
    let object = options.dyn_ref::<js_sys::Object>()?;
    if !js_sys::Object::has_own(object, &key.into()) {
        return None;
    }
    js_sys::Reflect::get(options, &key.into())
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// A string option, or why the value given is not one.
fn string_option(options: &JsValue, key: &str) -> Result<Option<String>, JsError> {
    match option(options, key) {
        None => Ok(None),
        Some(value) => value
            .as_string()
            .map(Some)
            .ok_or_else(|| JsError::new(&format!("the option \"{key}\" must be a string"))),
    }
}

/// A promise for a load's end: resolved once the data is shown, rejected with the message the
/// widget shows (or with why it was not started), so host code can `await` or `catch` it.
fn load_promise(start: impl FnOnce(loader::OnDone) -> Result<(), String>) -> js_sys::Promise {
    let mut start = Some(start);
    js_sys::Promise::new(&mut |resolve, reject| {
        let Some(start) = start.take() else { return };
        let on_done = {
            let reject = reject.clone();
            Box::new(move |result: Result<(), String>| {
                let _ = match result {
                    Ok(()) => resolve.call0(&JsValue::UNDEFINED),
                    Err(message) => {
                        reject.call1(&JsValue::UNDEFINED, &js_sys::Error::new(&message))
                    }
                };
            })
        };
        if let Err(message) = start(on_done) {
            let _ = reject.call1(&JsValue::UNDEFINED, &js_sys::Error::new(&message));
        }
    })
}

const DESTROYED: &str = "this Event Lens instance was destroyed";

/// Starts an instance inside `container`. `options`: `data` (an object or JSON text) or `src`
/// (a URL), and `route` (such as `"#/graph"`); only the object's own properties count. An
/// option of the wrong type is refused with an error naming it, and nothing is mounted.
#[wasm_bindgen]
pub fn mount_instance(container: JsValue, options: JsValue) -> Result<EmbedHandle, JsError> {
    super::panic::install_hook(super::panic::TrapScope::OwnModule);
    let container: web_sys::HtmlElement = container
        .dyn_into()
        .map_err(|_| JsError::new("Event Lens needs an element to show itself in"))?;
    let initial = match (option(&options, "data"), string_option(&options, "src")?) {
        (Some(data), _) => InitialData::Inline {
            text: data_text(&data).map_err(|message| JsError::new(&message))?,
            name: "embedded data".to_owned(),
        },
        (None, Some(src)) => InitialData::Url(src),
        (None, None) => InitialData::Nothing,
    };
    let route =
        string_option(&options, "route")?.map_or(Route::Index, |route| Route::parse(&route));
    let instance = NEXT_INSTANCE.with(|next| {
        let id = next.get();
        next.set(id + 1);
        id
    });
    let mode = Mode {
        routing: Routing::Internal,
        embedded: true,
    };
    let mounted = leptos::mount::mount_to(container, move || {
        view! { <App initial=initial.clone() mode initial_route=route.clone() instance/> }
    });
    Ok(EmbedHandle {
        instance,
        mounted: Some(Box::new(mounted)),
    })
}

/// Every method takes any value and never throws from inside the module: a wrong argument is
/// an error that names it (thrown as a JavaScript `Error` after the call has returned, or a
/// rejected promise for the loads), and so is any use after [`EmbedHandle::destroy`].
#[wasm_bindgen]
impl EmbedHandle {
    fn state(&self) -> Result<AppState, String> {
        STATES
            .with(|states| states.borrow().get(&self.instance).copied())
            .ok_or_else(|| DESTROYED.to_owned())
    }

    /// Replaces the data (an object or JSON text). The promise resolves once it is shown; on
    /// error the old data stays, the widget's alert says why, and the promise rejects with it.
    pub fn load(&self, data: JsValue) -> js_sys::Promise {
        let state = self.state();
        load_promise(move |on_done| {
            let state = state?;
            let text = data_text(&data)?;
            loader::load_text(state, text, "embedded data", Some(on_done));
            Ok(())
        })
    }

    /// Loads data from a URL; the promise is settled as for [`EmbedHandle::load`].
    #[wasm_bindgen(js_name = loadUrl)]
    pub fn load_url(&self, url: JsValue) -> js_sys::Promise {
        let state = self.state();
        load_promise(move |on_done| {
            let state = state?;
            let url = url
                .as_string()
                .ok_or("loadUrl() takes the data's address as a string")?;
            loader::load_url(state, url, Some(on_done));
            Ok(())
        })
    }

    /// Shows a route such as `#/graph` or `#/event/<id>`.
    pub fn show(&self, route: JsValue) -> Result<(), JsError> {
        let state = self.state().map_err(|message| JsError::new(&message))?;
        let route = route
            .as_string()
            .ok_or_else(|| JsError::new("show() takes a route such as \"#/graph\""))?;
        state.navigate(Route::parse(&route));
        Ok(())
    }

    /// Selects an event: highlighted in the graph when it is shown, else its page is shown.
    /// Returns false when no event has that id.
    pub fn select(&self, event_id: JsValue) -> Result<bool, JsError> {
        let state = self.state().map_err(|message| JsError::new(&message))?;
        let event_id = event_id
            .as_string()
            .ok_or_else(|| JsError::new("select() takes an event id (a string)"))?;
        let index = state
            .data
            .with_untracked(|data| data.as_ref().and_then(|d| d.index.event_index(&event_id)));
        let Some(index) = index else {
            return Ok(false);
        };
        state.selection.set(Some(Selection::Event(index)));
        if !matches!(
            state.route.get_untracked(),
            Route::Graph { .. } | Route::Relation { .. }
        ) {
            state.navigate(Route::Event(event_id));
        }
        Ok(true)
    }

    /// Registers `callback` for `"select"`: called with `{type: "event", id}`, `{type:
    /// "relation", source, target}`, or `null` when the selection is cleared.
    pub fn on(&self, name: JsValue, callback: JsValue) -> Result<(), JsError> {
        self.state().map_err(|message| JsError::new(&message))?;
        if name.as_string().as_deref() != Some("select") {
            return Err(JsError::new(
                "unknown event name; Event Lens reports \"select\"",
            ));
        }
        let callback: js_sys::Function = callback
            .dyn_into()
            .map_err(|_| JsError::new("on(\"select\", callback) needs a function"))?;
        SELECT_LISTENERS.with(|listeners| {
            listeners
                .borrow_mut()
                .entry(self.instance)
                .or_default()
                .push(callback)
        });
        Ok(())
    }

    /// The graph view's nodes and edges in CSS pixels relative to its canvas (empty when the
    /// instance does not show the graph).
    pub fn layout(&self) -> Result<JsValue, JsError> {
        let state = self.state().map_err(|message| JsError::new(&message))?;
        Ok(layout_of(state.graph_view.get_untracked()))
    }

    /// Removes the instance from the page; calling it again does nothing. From now on the
    /// handle reports that it was destroyed. The views themselves are unmounted a moment later,
    /// once the work the instance had already scheduled (an update after a load that has just
    /// ended, say) has run: disposed under it, that work would read signals that are gone.
    pub fn destroy(&mut self) {
        SELECT_LISTENERS.with(|listeners| listeners.borrow_mut().remove(&self.instance));
        STATES.with(|states| states.borrow_mut().remove(&self.instance));
        if let Some(mounted) = self.mounted.take() {
            leptos::task::spawn_local(async move {
                loader::pause(0).await;
                drop(mounted);
            });
        }
    }
}
