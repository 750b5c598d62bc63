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

thread_local! {
    static NEXT_INSTANCE: Cell<u32> = const { Cell::new(1) };
    static STATES: RefCell<HashMap<u32, AppState>> = RefCell::new(HashMap::new());
    static SELECT_LISTENERS: RefCell<HashMap<u32, Vec<js_sys::Function>>> = RefCell::new(HashMap::new());
}

/// Called by a mounted [`App`]: keeps its state for the handle and reports selections.
pub fn register(state: AppState) {
    STATES.with(|states| states.borrow_mut().insert(state.instance, state));
    Effect::new(move |_| {
        let selection = state.selection.get();
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
        SELECT_LISTENERS.with(|listeners| {
            for listener in listeners
                .borrow()
                .get(&state.instance)
                .into_iter()
                .flatten()
            {
                let _ = listener.call1(&JsValue::NULL, &detail);
            }
        });
    });
}

/// A mounted instance, as seen from JavaScript.
#[wasm_bindgen]
pub struct EmbedHandle {
    instance: u32,
    /// Unmounts the instance when dropped.
    mounted: Option<Box<dyn std::any::Any>>,
}

fn text_of(data: &JsValue) -> String {
    match data.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(data)
            .map(String::from)
            .unwrap_or_default(),
    }
}

fn option(options: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(options, &key.into())
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// Starts an instance inside `container`. `options`: `data` (an object or JSON text) or `src`
/// (a URL), and `route` (such as `"#/graph"`).
#[wasm_bindgen]
pub fn mount_instance(container: web_sys::HtmlElement, options: JsValue) -> EmbedHandle {
    super::panic::install_hook(super::panic::TrapScope::OwnModule);
    let instance = NEXT_INSTANCE.with(|next| {
        let id = next.get();
        next.set(id + 1);
        id
    });
    let initial = match (
        option(&options, "data"),
        option(&options, "src").and_then(|src| src.as_string()),
    ) {
        (Some(data), _) => InitialData::Inline {
            text: text_of(&data),
            name: "embedded data".to_owned(),
        },
        (None, Some(src)) => InitialData::Url(src),
        (None, None) => InitialData::Nothing,
    };
    let route = option(&options, "route")
        .and_then(|route| route.as_string())
        .map_or(Route::Index, |route| Route::parse(&route));
    let mode = Mode {
        routing: Routing::Internal,
        embedded: true,
    };
    let mounted = leptos::mount::mount_to(container, move || {
        view! { <App initial=initial.clone() mode initial_route=route.clone() instance/> }
    });
    EmbedHandle {
        instance,
        mounted: Some(Box::new(mounted)),
    }
}

#[wasm_bindgen]
impl EmbedHandle {
    fn state(&self) -> Option<AppState> {
        STATES.with(|states| states.borrow().get(&self.instance).copied())
    }

    /// Replaces the data (an object or JSON text); on error the old data stays and an alert says why.
    pub fn load(&self, data: JsValue) {
        if let Some(state) = self.state() {
            loader::load_text(state, text_of(&data), "embedded data");
        }
    }

    /// Loads data from a URL.
    #[wasm_bindgen(js_name = loadUrl)]
    pub fn load_url(&self, url: String) {
        if let Some(state) = self.state() {
            loader::load_url(state, url);
        }
    }

    /// Shows a route such as `#/graph` or `#/event/<id>`.
    pub fn show(&self, route: String) {
        if let Some(state) = self.state() {
            state.navigate(Route::parse(&route));
        }
    }

    /// Selects an event: highlighted in the graph when it is shown, else its page is shown.
    /// Returns false when no event has that id.
    pub fn select(&self, event_id: String) -> bool {
        let Some(state) = self.state() else {
            return false;
        };
        let index = state
            .data
            .with_untracked(|data| data.as_ref().and_then(|d| d.index.event_index(&event_id)));
        let Some(index) = index else { return false };
        state.selection.set(Some(Selection::Event(index)));
        if !matches!(
            state.route.get_untracked(),
            Route::Graph { .. } | Route::Relation { .. }
        ) {
            state.navigate(Route::Event(event_id));
        }
        true
    }

    /// Registers `callback` for `"select"`: called with `{type: "event", id}`, `{type:
    /// "relation", source, target}`, or `null` when the selection is cleared.
    pub fn on(&self, name: String, callback: js_sys::Function) -> Result<(), JsValue> {
        if name != "select" {
            return Err(JsValue::from_str(&format!(
                "unknown event \"{name}\"; Event Lens reports \"select\""
            )));
        }
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
    pub fn layout(&self) -> JsValue {
        layout_of(
            self.state()
                .and_then(|state| state.graph_view.get_untracked()),
        )
    }

    /// Removes the instance from the page.
    pub fn destroy(&mut self) {
        SELECT_LISTENERS.with(|listeners| listeners.borrow_mut().remove(&self.instance));
        STATES.with(|states| states.borrow_mut().remove(&self.instance));
        self.mounted.take();
    }
}
