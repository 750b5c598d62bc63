//! The data part of the Export menus: the events shown (a filtered list or an ego network) or
//! everything, as event-graph JSON, GraphML, GEXF or a CSV edge list.

use super::download::{close_menu, file_stem, save_text};
use super::state::{AppState, LoadedData};
use crate::export::{to_csv_edges, to_event_graph, to_gexf, to_graphml, CsvCells, Selection};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use std::sync::Arc;

#[derive(Clone, Copy)]
enum Format {
    Json,
    GraphMl,
    Gexf,
    Csv(CsvCells),
}

/// Writes `format` of `subset` (or everything) and offers it as a file. The writers are in a
/// module of their own, fetched the first time something is exported.
#[leptos::wasm_split::wasm_split(export, wasm_split_path = ::leptos::wasm_split, fallible)]
fn save(
    data: Arc<LoadedData>,
    subset: Option<Vec<usize>>,
    format: Format,
) -> Result<(), SplitLoaderError> {
    let selection = subset.as_deref().map_or(Selection::All, Selection::Events);
    let stem = file_stem(data.dataset.meta.title.as_deref());
    let stem = if subset.is_some() {
        format!("{stem}-view")
    } else {
        stem
    };
    let dataset = &data.dataset;
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&to_event_graph(dataset, selection))
                .unwrap_or_default();
            save_text(&format!("{stem}.json"), "application/json", &text);
        }
        Format::GraphMl => save_text(
            &format!("{stem}.graphml"),
            "application/xml",
            &to_graphml(dataset, selection),
        ),
        Format::Gexf => save_text(
            &format!("{stem}.gexf"),
            "application/xml",
            &to_gexf(dataset, selection),
        ),
        Format::Csv(cells) => save_text(
            &format!("{stem}-relations.csv"),
            "text/csv",
            &to_csv_edges(dataset, selection, cells),
        ),
    }
    Ok(())
}

/// Shows why an export's code could not be loaded (the only way an export can fail).
fn report_unloaded(state: AppState) {
    state.load_error.set(Some(
        "Could not load the code that writes exports (is the connection down?). Try again."
            .to_owned(),
    ));
}

/// Buttons for every data format, for `subset` (the current view) when given, and for all data.
#[component]
pub fn DataExports(data: Arc<LoadedData>, subset: Signal<Option<Vec<usize>>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let standalone_data = data.clone();
    let button = move |label: &'static str, format: Format, whole: bool| {
        let data = data.clone();
        view! {
            <button type="button" on:click=move |event| {
                close_menu(&event);
                let subset = if whole { None } else { subset.get_untracked() };
                let data = data.clone();
                spawn_local(async move {
                    if save(data, subset, format).await.is_err() {
                        report_unloaded(state);
                    }
                });
            }>{label}</button>
        }
    };
    view! {
        <li>{button("This view as JSON", Format::Json, false)}</li>
        <li>{button("All data as JSON", Format::Json, true)}</li>
        <li>{button("GraphML (this view)", Format::GraphMl, false)}</li>
        <li>{button("GEXF (this view)", Format::Gexf, false)}</li>
        <li>{button("CSV edge list (this view)", Format::Csv(CsvCells::Neutralised), false)}</li>
        <li>{button("CSV edge list, raw: formulas not neutralised", Format::Csv(CsvCells::Raw), false)}</li>
        <li>
            <button type="button" on:click=move |event| {
                close_menu(&event);
                let data = standalone_data.clone();
                spawn_local(async move {
                    if super::save_standalone::save(data, state).await.is_err() {
                        report_unloaded(state);
                    }
                });
            }>"Save as standalone HTML"</button>
        </li>
    }
}
