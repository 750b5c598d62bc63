//! The root component of one instance: owns its state, follows the URL hash (when it owns the
//! page), accepts dropped files, and picks the page to show.

use super::event_page::EventPage;
use super::header::{AppHeader, EmbeddedBar};
use super::index_page::IndexPage;
use super::loader::{self, InitialData};
use super::problems::DataProblems;
use super::state::{AppState, LoadedData, Mode, Routing};
use crate::route::Route;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// Follows the URL hash, so that back, forward and reload keep the view (the app owns the page).
fn follow_hash(state: AppState) {
    window_event_listener(ev::hashchange, move |_| {
        state.route.set(current_route());
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
}

/// Lets a file dropped anywhere on the page be opened.
fn accept_dropped_files(state: AppState, dragging: RwSignal<bool>) {
    window_event_listener(ev::dragover, move |event| {
        event.prevent_default();
        dragging.set(true);
    });
    window_event_listener(ev::dragleave, move |event| {
        // Leaving the window (not just moving between elements) has no related target.
        if event.related_target().is_none() {
            dragging.set(false);
        }
    });
    window_event_listener(ev::drop, move |event| {
        event.prevent_default();
        dragging.set(false);
        let file = event
            .data_transfer()
            .and_then(|transfer| transfer.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            loader::load_file(state, file);
        }
    });
}

/// Keeps the tab's title on the event or dataset shown.
fn follow_title(state: AppState) {
    Effect::new(move || {
        let title = state.data.with(|data| {
            let data = data.as_ref()?;
            match state.route.get() {
                Route::Event(id) => data
                    .index
                    .event_index(&id)
                    .map(|index| data.dataset.events[index].title.clone()),
                _ => data.dataset.meta.title.clone(),
            }
        });
        let title = title.map_or("Event Lens".to_owned(), |title| {
            format!("{} · Event Lens", crate::bidi::isolate(&title))
        });
        document().set_title(&title);
    });
}

/// With internal routing, `#/...` links inside the instance change its view, not the host's URL.
fn internal_link(state: AppState, event: leptos::ev::MouseEvent) {
    if state.mode.routing != Routing::Internal || event.ctrl_key() || event.meta_key() {
        return;
    }
    let anchor = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href^='#/']").ok().flatten());
    if let Some(href) = anchor.and_then(|anchor| anchor.get_attribute("href")) {
        event.prevent_default();
        state.navigate(Route::parse(&href));
    }
}

/// One instance of Event Lens: the app in its page, in an iframe, or mounted into a host page.
#[component]
pub fn App(
    initial: InitialData,
    mode: Mode,
    initial_route: Route,
    /// Non-zero for instances that host pages mount (see `ui::embed`).
    #[prop(optional)]
    instance: u32,
) -> impl IntoView {
    let state = AppState::new(initial_route, mode, instance);
    provide_context(state);
    let dragging = RwSignal::new(false);
    if mode.routing == Routing::Hash {
        follow_hash(state);
        accept_dropped_files(state, dragging);
    }
    if !mode.embedded {
        follow_title(state);
    }
    if instance != 0 {
        super::embed::register(state);
    }
    loader::load_initial(state, initial);

    let wide = move || {
        mode.embedded
            || matches!(
                state.route.get(),
                Route::Graph { .. } | Route::Relation { .. }
            )
    };
    view! {
        <div class="event-lens" class:embedded=mode.embedded on:click=move |event| internal_link(state, event)>
            {if mode.embedded { view! { <EmbeddedBar/> }.into_any() } else { view! { <AppHeader/> }.into_any() }}
            <div class="drop-hint" class:visible=move || dragging.get() aria-hidden="true">
                "Drop a .json, .jsonl or .txt file to open it"
            </div>
            <main class:wide=wide>
                <DataProblems/>
                {move || page(state)}
            </main>
        </div>
    }
}

fn page(state: AppState) -> AnyView {
    let route = state.route.get();
    let Some(data) = state.data.get() else {
        return view! { <p class="placeholder-text">"Loading data…"</p> }.into_any();
    };
    match route {
        Route::Index => view! { <IndexPage data/> }.into_any(),
        Route::Event(id) => view! { <EventPage data id/> }.into_any(),
        Route::Graph { focus, depth } => graph_page(data, focus, depth, None),
        Route::Relation { source, target } => graph_page(data, None, 1, Some((source, target))),
        Route::NotFound(hash) => view! {
            <section class="not-found">
                <h1>"Page not found"</h1>
                <p>"Nothing is shown at “" <bdi>"#" {hash}</bdi> "”. " <a href="#/">"See all events"</a></p>
            </section>
        }
        .into_any(),
    }
}

/// The graph page, once its code has arrived (see [`super::graph::load_graph_view`]). The code
/// is fetched in a task; the page is built here, under this view's owner, when it is there. If
/// the view has gone meanwhile (another route, another load, a destroyed instance), the task's
/// answer finds its signal disposed and nothing is built.
fn graph_page(
    data: Arc<LoadedData>,
    focus: Option<String>,
    depth: u8,
    relation: Option<(String, String)>,
) -> AnyView {
    let builder = RwSignal::new(super::graph::page_builder().map(Ok));
    if builder.get_untracked().is_none() {
        spawn_local(async move {
            let loaded = super::graph::load_graph_view().await.map_err(|_| ());
            let _ = builder.try_set(Some(loaded));
        });
    }
    (move || match builder.get() {
        None => view! { <p class="placeholder-text">"Loading the graph…"</p> }.into_any(),
        // Untracked: the page reads signals as it is built, which must not rebuild it.
        Some(Ok(build)) => untrack(|| build(data.clone(), focus.clone(), depth, relation.clone())),
        Some(Err(())) => view! {
            <section class="not-found" role="alert">
                <h1>"The graph could not be loaded"</h1>
                <p>"Its code did not arrive (is the connection down?). Open the graph again in a moment to retry."</p>
            </section>
        }
        .into_any(),
    })
    .into_any()
}
