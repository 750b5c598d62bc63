//! The index page (`#/`): every event with its date and number of relations, filterable by text
//! and sortable by date.

use super::export_menu::DataExports;
use super::state::LoadedData;
use crate::model::Event;
use crate::route::Route;
use leptos::prelude::*;
use std::cmp::Ordering;
use std::sync::Arc;

/// Rows drawn at most; a filter narrows larger lists. Drawing 100k rows would freeze the page.
const MAX_ROWS: usize = 500;

#[component]
pub fn IndexPage(data: Arc<LoadedData>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let newest_first = RwSignal::new(true);
    // Lower-cased searchable text per event, computed once per dataset rather than per keystroke.
    let haystacks: Arc<Vec<String>> =
        Arc::new(data.dataset.events.iter().map(searchable_text).collect());

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
        data.source_name
    );

    let matching = {
        let data = data.clone();
        Memo::new(move |_| {
            let needle = filter.get().trim().to_lowercase();
            let mut rows: Vec<usize> = (0..data.dataset.events.len())
                .filter(|&index| needle.is_empty() || haystacks[index].contains(&needle))
                .collect();
            let events = &data.dataset.events;
            let newest_first = newest_first.get();
            rows.sort_by(|&a, &b| by_date(&events[a], &events[b], newest_first));
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
fn by_date(a: &Event, b: &Event, newest_first: bool) -> Ordering {
    let key = |event: &Event| event.date.as_ref().and_then(|date| date.sort_key());
    match (key(a), key(b)) {
        (Some(x), Some(y)) if newest_first => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| a.title.cmp(&b.title))
}
