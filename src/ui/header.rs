//! The header on every page: the brand, the dataset's name, the file picker, load progress and
//! the load error alert.

use super::embed_dialog::EmbedButton;
use super::loader;
use super::state::{AppState, Routing};
use leptos::prelude::*;
use web_sys::HtmlInputElement;

#[component]
pub fn AppHeader() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dataset_name = move || {
        state.data.with(|data| {
            data.as_ref().map(|data| {
                data.dataset
                    .meta
                    .title
                    .clone()
                    .unwrap_or_else(|| data.source_name.clone())
            })
        })
    };
    let on_pick = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            loader::load_file(state, file);
        }
        // Picking the same file again must load it again.
        input.set_value("");
    };
    view! {
        <header class="app-header">
            <a class="brand" href="#/">"Event Lens"</a>
            <span class="dataset-name" dir="auto">{dataset_name}</span>
            <nav aria-label="Views">
                <a href="#/">"Events"</a>
                <a href="#/graph">"Graph"</a>
            </nav>
            <EmbedButton/>
            <label class="button open-file">
                "Open data file"
                <input
                    type="file"
                    accept=".json,.jsonl,.ndjson,.txt,application/json,text/plain"
                    on:change=on_pick
                />
            </label>
        </header>
        <LoadProgressBar/>
        <LoadErrorAlert/>
    }
}

/// In place of the header when embedded: only progress, errors, and (in an iframe) a way out
/// to the full app.
#[component]
pub fn EmbeddedBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let full_view = (state.mode.routing == Routing::Hash).then(|| {
        let location = window().location();
        let search = location.search().unwrap_or_default();
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
        if let Some(params) = &params {
            params.delete("embed");
            params.delete("view");
        }
        let query = params
            .map(|p| String::from(p.to_string()))
            .unwrap_or_default();
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        let href = move || {
            format!(
                "{}{}{query}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default(),
                state.route.get().to_hash()
            )
        };
        view! {
            <a class="open-full" href=href target="_blank" rel="noopener">"Open in Event Lens ↗"</a>
        }
    });
    view! {
        {full_view}
        <LoadProgressBar/>
        <LoadErrorAlert/>
    }
}

#[component]
fn LoadProgressBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.progress.get().map(|progress| {
            let total = progress.total_bytes.filter(|total| *total > 0.0);
            let name = crate::bidi::isolate(&progress.name);
            let verb = if progress.checking {
                "Checking"
            } else {
                "Reading"
            };
            let label = match (progress.reading, total) {
                (Some((read, fraction)), _) if read > 0 => {
                    format!("{verb} {name}… {read} items ({:.0}%)", fraction * 100.0)
                }
                (Some(_), _) => format!("{verb} {name}…"),
                (None, Some(total)) => format!(
                    "Loading {name}… {} of {} ({:.0}%)",
                    human_size(progress.bytes_read),
                    human_size(total),
                    (progress.bytes_read / total * 100.0).min(100.0)
                ),
                (None, None) => format!("Loading {name}… {}", human_size(progress.bytes_read)),
            };
            view! {
                <div class="load-progress" role="status">
                    <span>{label}</span>
                    {match (total, progress.reading) {
                        (_, Some((read, fraction))) if read > 0 => view! {
                            <progress max=1 value=fraction></progress>
                        }
                        .into_any(),
                        (Some(total), None) => view! {
                            <progress max=total value=progress.bytes_read.min(total)></progress>
                        }
                        .into_any(),
                        _ => view! { <progress></progress> }.into_any(),
                    }}
                </div>
            }
        })
    }
}

fn human_size(bytes: f64) -> String {
    if bytes < 1_000_000.0 {
        format!("{:.0} KB", bytes / 1_000.0)
    } else {
        format!("{:.1} MB", bytes / 1_000_000.0)
    }
}

#[component]
fn LoadErrorAlert() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.load_error.get().map(|message| {
            view! {
                <div class="load-error" role="alert">
                    <p dir="auto">{message}</p>
                    <button type="button" on:click=move |_| state.load_error.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
