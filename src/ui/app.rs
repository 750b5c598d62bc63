//! The root component: owns the state, follows the URL hash, accepts dropped files, and picks the
//! page to show.

use super::event_page::EventPage;
use super::graph::GraphPage;
use super::header::AppHeader;
use super::index_page::IndexPage;
use super::loader::{self, InitialData};
use super::problems::DataProblems;
use super::state::AppState;
use crate::route::Route;
use leptos::ev;
use leptos::prelude::*;

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

#[component]
pub fn App(initial: InitialData) -> impl IntoView {
    let state = AppState::new(current_route());
    provide_context(state);

    // Links are plain `#/...` hrefs, so the browser keeps history; the app only follows it.
    window_event_listener(ev::hashchange, move |_| {
        state.route.set(current_route());
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });

    let dragging = RwSignal::new(false);
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
            format!("{title} · Event Lens")
        });
        document().set_title(&title);
    });

    loader::load_initial(state, initial);

    view! {
        <AppHeader/>
        <div class="drop-hint" class:visible=move || dragging.get() aria-hidden="true">
            "Drop a .json, .jsonl or .txt file to open it"
        </div>
        <main id="main" class:wide=move || matches!(state.route.get(), Route::Graph { .. } | Route::Relation { .. })>
            <DataProblems/>
            {move || page(state)}
        </main>
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
        Route::Graph { focus, depth } => {
            view! { <GraphPage data focus depth relation=None/> }.into_any()
        }
        Route::Relation { source, target } => {
            let relation = Some((source, target));
            view! { <GraphPage data focus=None depth=1 relation/> }.into_any()
        }
        Route::NotFound(hash) => view! {
            <section class="not-found">
                <h1>"Page not found"</h1>
                <p>"Nothing is shown at “#" {hash} "”. " <a href="#/">"See all events"</a></p>
            </section>
        }
        .into_any(),
    }
}
