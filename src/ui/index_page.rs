//! The index page (`#/`): every event with its date and number of relations, filterable by text
//! and sortable by date.

use super::export_menu::DataExports;
use super::state::LoadedData;
use crate::model::Event;
use crate::order::sort_indices;
use crate::route::Route;
use leptos::prelude::*;
use std::cmp::Ordering;
use std::sync::{Arc, OnceLock};

/// Rows drawn at most; a filter narrows larger lists. Drawing 100k rows would freeze the page.
const MAX_ROWS: usize = 500;

#[component]
pub fn IndexPage(data: Arc<LoadedData>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let newest_first = RwSignal::new(true);
    // Lower-cased searchable text per event, computed at the first search (not on every
    // keystroke, and not at all for a reader who never filters: 100k events take a while).
    let haystacks: Arc<OnceLock<Vec<String>>> = Arc::default();

    let title = data
        .dataset
        .meta
        .title
        .clone()
        .unwrap_or_else(|| "Events".to_owned());
    let real_events = data
        .dataset
        .events
        .iter()
        .filter(|e| !e.placeholder)
        .count();
    let overview = format!(
        "{real_events} events · {} relations · from {}",
        data.dataset.relations.len(),
        crate::bidi::isolate(&data.source_name)
    );

    // Each event's date as a number, worked out once: sorting 100k events compares 1.7M pairs.
    let sort_keys: Vec<Option<i64>> = data
        .dataset
        .events
        .iter()
        .map(|event| event.date.as_ref().and_then(|date| date.sort_key()))
        .collect();
    let matching = {
        let data = data.clone();
        Memo::new(move |_| {
            let needle = filter.get().trim().to_lowercase();
            let events = &data.dataset.events;
            let mut rows: Vec<usize> = if needle.is_empty() {
                (0..events.len()).collect()
            } else {
                let haystacks =
                    haystacks.get_or_init(|| events.iter().map(searchable_text).collect());
                (0..events.len())
                    .filter(|&index| haystacks[index].contains(&needle))
                    .collect()
            };
            let newest_first = newest_first.get();
            // Ties (same date, same title) keep the file's order.
            sort_indices(&mut rows, &|a, b| {
                by_date(&sort_keys, events, a, b, newest_first).then(a.cmp(&b))
            });
            rows
        })
    };

    let rows = {
        let data = data.clone();
        move || {
            matching.with(|rows| {
                rows.iter()
                    .take(MAX_ROWS)
                    .map(|&index| event_row(&data, index))
                    .collect_view()
            })
        }
    };
    let total = data.dataset.events.len();
    let count_text = move || {
        let shown = matching.with(Vec::len);
        match (shown == total, shown > MAX_ROWS) {
            (true, false) => format!("{total} events"),
            (_, true) => format!("{shown} of {total} events match; the first {MAX_ROWS} are shown"),
            (false, false) => format!("{shown} of {total} events match"),
        }
    };

    view! {
        <section class="index-page">
            <h1 dir="auto">{title}</h1>
            <p class="overview" dir="auto">{overview}</p>
            <div class="index-controls">
                <label>
                    "Filter events "
                    <input
                        type="search"
                        placeholder="Title, summary, tag, place…"
                        prop:value=move || filter.get()
                        on:input=move |event| filter.set(event_target_value(&event))
                    />
                </label>
                <span class="match-count" role="status">{count_text}</span>
                <details class="export-menu">
                    <summary>"Export"</summary>
                    <ul>
                        <DataExports data=data.clone() subset=Signal::derive(move || Some(matching.get()))/>
                    </ul>
                </details>
            </div>
            <table class="event-index">
                <thead>
                    <tr>
                        <th scope="col">"Event"</th>
                        <th
                            scope="col"
                            aria-sort=move || if newest_first.get() { "descending" } else { "ascending" }
                        >
                            <button
                                type="button"
                                class="sort"
                                on:click=move |_| newest_first.update(|newest| *newest = !*newest)
                            >
                                "Date "
                                {move || if newest_first.get() { "↓ newest first" } else { "↑ oldest first" }}
                            </button>
                        </th>
                        <th scope="col" class="number">"Relations"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

fn event_row(data: &LoadedData, index: usize) -> impl IntoView {
    let event = &data.dataset.events[index];
    let href = Route::event_href(&event.id);
    let date = event.date.as_ref().map(|date| {
        view! { <time datetime=date.raw.clone()>{date.to_string()}</time> }
    });
    let placeholder = event
        .placeholder
        .then(|| view! { <span class="badge">"not in the data"</span> });
    view! {
        <tr class:placeholder=event.placeholder>
            <td>
                <a href=href dir="auto">{event.title.clone()}</a>
                " "
                {placeholder}
            </td>
            <td class="date">{date}</td>
            <td class="number">{data.index.relations_of(index).len()}</td>
        </tr>
    }
}

fn searchable_text(event: &Event) -> String {
    let mut text = String::with_capacity(event.title.len() + 64);
    for part in [Some(&event.id), Some(&event.title), event.summary.as_ref()]
        .into_iter()
        .flatten()
        .chain(&event.tags)
        .chain(event.location.as_ref().and_then(|l| l.name.as_ref()))
    {
        text.push_str(&part.to_lowercase());
        text.push('\n');
    }
    text
}

/// Dated events in the chosen order; undated ones last either way, then by title.
fn by_date(
    sort_keys: &[Option<i64>],
    events: &[Event],
    a: usize,
    b: usize,
    newest_first: bool,
) -> Ordering {
    match (sort_keys[a], sort_keys[b]) {
        (Some(x), Some(y)) if newest_first => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| events[a].title.cmp(&events[b].title))
}
