//! What accompanies the canvas: the selection panel, the legend, and the text alternative
//! that lists every relation shown, so the graph can be read without seeing it.

use super::super::event_page::rationale_view;
use super::super::show_more::show_more;
use super::super::state::{AppState, LoadedData, Selection};
use super::registry::CardsPlaced;
use crate::bidi::isolate;
use crate::model::{Direction, Relation};
use crate::route::Route;
use crate::view::graph::{ColourBy, LegendEntry};
use crate::view::style::{kind_colour, kind_dash, NODE_PALETTE};
use crate::view::text::clip_chars;
use leptos::prelude::*;
use std::sync::Arc;

/// One relation as a sentence: "<source title> → <target title>: <rationale>" (with "—" when
/// the export does not say which event was new), each data string isolated so that none turns
/// the sentence around.
pub fn relation_sentence(data: &LoadedData, relation: &Relation) -> String {
    let arrow = match relation.direction {
        Direction::SourceWasNew => "→",
        Direction::Unrecorded => "—",
    };
    let kind = relation
        .kind
        .as_ref()
        .map(|kind| format!(" ({})", isolate(kind)))
        .unwrap_or_default();
    format!(
        "{} {arrow} {}{kind}: {}",
        isolate(&data.title_of(&relation.source)),
        isolate(&data.title_of(&relation.target)),
        isolate(&relation.rationale)
    )
}

/// Details of the selected event or relation, next to the graph; in a narrow widget, a sheet
/// over the graph's lower part, shown while something is selected, with a button that closes
/// it (and clears the selection, as Escape does). While reading mode is on, the sheet starts
/// folded to its title, so that the cards get the graph's height; "Details" unfolds it, and it
/// unfolds itself when not even one card fits: then the sheet is where the selection is read.
#[component]
pub fn SelectionPanel(
    data: Arc<LoadedData>,
    /// Whether reading mode (rationale cards) is on.
    reading: RwSignal<bool>,
    /// How many cards the graph's last frame placed, for which selection.
    cards_placed: RwSignal<CardsPlaced>,
    /// Called when the sheet folds or unfolds: what it covers of the graph changes.
    on_fold: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let unfolded = RwSignal::new(false);
    // A new selection starts folded again.
    Effect::new(move |_| {
        state.selection.track();
        unfolded.set(false);
    });
    Effect::new(move |_| {
        let placed = cards_placed.get();
        let selection = state.selection.get_untracked();
        let nothing_fits =
            placed.cards == 0 && selection.is_some() && placed.selection == selection;
        if reading.get() && nothing_fits && !unfolded.get_untracked() {
            unfolded.set(true);
            on_fold();
        }
    });
    move || {
        let selection = state.selection.get();
        let folded = move || reading.get() && !unfolded.get();
        let close = selection.is_some().then(|| {
            view! {
                <button type="button" class="panel-close" aria-label="Close the selection"
                    on:click=move |_| state.selection.set(None)>"×"</button>
                <button type="button" class="panel-fold" aria-expanded=move || (!folded()).to_string()
                    on:click=move |_| { unfolded.update(|open| *open = !*open); on_fold(); }>
                    {move || if folded() { "Details" } else { "Less" }}
                </button>
            }
        });
        let content = match selection {
            None => view! {
                <p class="panel-hint">
                    "Select an event or a relation to see it here. Hover a relation to read its rationale."
                </p>
            }
            .into_any(),
            Some(Selection::Event(index)) => event_details(&data, index).into_any(),
            Some(Selection::Relation(index)) => relation_details(&data, index).into_any(),
        };
        view! {
            <aside class="graph-panel" class:empty=selection.is_none() class:folded=folded aria-label="Selection">
                {close}
                {content}
            </aside>
        }
    }
}

fn event_details(data: &LoadedData, index: usize) -> impl IntoView {
    let event = &data.dataset.events[index];
    let date = event
        .date
        .as_ref()
        .map(|date| view! { <p class="panel-date">{date.to_string()}</p> });
    let summary = event
        .summary
        .clone()
        .map(|summary| view! { <p class="panel-summary" dir="auto">{summary}</p> });
    let count = data.index.relations_of(index).len();
    let ego = Route::Graph {
        focus: Some(event.id.clone()),
        depth: 1,
    }
    .to_hash();
    view! {
        <h2 class="panel-title" dir="auto" tabindex="-1">{event.title.clone()}</h2>
        {date}
        {event.placeholder.then(|| view! { <p class="notice">"Not in the data; other events refer to it."</p> })}
        {summary}
        <p class="panel-count">{format!("{count} relations")}</p>
        <p class="panel-links">
            <a class="open-event" href=Route::event_href(&event.id)>"Open event page"</a>
            <a href=ego>"Show neighbourhood"</a>
        </p>
    }
}

fn relation_details(data: &LoadedData, index: usize) -> impl IntoView {
    let relation = &data.dataset.relations[index];
    let end = |id: &str, role: &'static str| {
        let is_new = relation.direction == Direction::SourceWasNew && role == "source";
        view! {
            <li>
                <a href=Route::event_href(id) dir="auto">{data.title_of(id)}</a>
                {is_new.then(|| view! { " " <span class="badge new-event">"the new event"</span> })}
            </li>
        }
    };
    let note = match relation.direction {
        Direction::SourceWasNew => "The rationale was written when the new event arrived; the arrow points to the older event.",
        Direction::Unrecorded => "The export does not record which of the two events was the new one.",
    };
    view! {
        <h2 class="panel-title" tabindex="-1">"Relation"</h2>
        <ul class="panel-ends">{end(&relation.source, "source")}{end(&relation.target, "target")}</ul>
        {relation.kind.clone().map(|kind| view! { <p><span class="kind" dir="auto">{kind}</span></p> })}
        <p class="newness">{note}</p>
        <blockquote class="rationale" dir="auto">{rationale_view(data, relation)}</blockquote>
    }
}

/// How many kinds the legend names; the rest are counted. Kinds cycle through twelve looks, so
/// naming 50,000 of them would build 50,000 lines that say nothing more.
const LEGEND_KINDS: usize = 12;

/// What colours, dashes and arrows mean, in a fold of its own.
#[component]
pub fn Legend(
    kinds: Vec<String>,
    colours: RwSignal<Vec<LegendEntry>>,
    colour_by: RwSignal<ColourBy>,
    /// Starts folded (a narrow widget).
    folded: RwSignal<bool>,
) -> impl IntoView {
    let kind_items = kinds
        .iter()
        .take(LEGEND_KINDS)
        .enumerate()
        .map(|(index, kind)| legend_line(clip_chars(kind, 60).into_owned(), Some(index)))
        .collect_view();
    let more_kinds = (kinds.len() > LEGEND_KINDS).then(|| {
        let more = kinds.len() - LEGEND_KINDS;
        view! { <li class="legend-more">{format!("and {more} more kinds (their colours repeat)")}</li> }
    });
    let node_items = move || {
        colours
            .get()
            .into_iter()
            .map(|entry| {
                let style = format!("background:{}", NODE_PALETTE[entry.colour]);
                view! { <li><span class="swatch-node" style=style></span><span dir="auto">{entry.label}</span></li> }
            })
            .collect_view()
    };
    view! {
        <details class="graph-legend" prop:open=move || !folded.get()>
            <summary>"Legend"</summary>
            <ul aria-label="Relation kinds">
                {kind_items}
                {more_kinds}
                {legend_line("no kind given".to_owned(), None)}
                <li class="legend-arrow">"➜ points from the new event to the older one it was judged against; no arrowhead: not recorded"</li>
            </ul>
            <ul aria-label="Node colours">
                <li class="legend-title">{move || format!("Node colour: {}", colour_by.get().label())}</li>
                {node_items}
            </ul>
        </details>
    }
}

fn legend_line(label: String, kind: Option<usize>) -> impl IntoView {
    let style = if kind_dash(kind).is_empty() {
        "solid"
    } else if kind_dash(kind)[0] < 3.0 {
        "dotted"
    } else {
        "dashed"
    };
    let style = format!("border-top: 3px {style} {}", kind_colour(kind));
    view! { <li><span class="swatch-edge" style=style></span><span dir="auto">{label}</span></li> }
}

/// How many relations "Relations as text" lists at first, and adds per "Show more": a view of
/// 300,000 relations built 300,000 list items the moment the graph opened (seconds of work for
/// a list nobody reads whole).
const RELATIONS_PER_PAGE: usize = 500;

/// Every relation in the view as a sentence: the graph's text alternative, a page at a time.
#[component]
pub fn RelationsAsText(data: Arc<LoadedData>, relations: Vec<usize>) -> impl IntoView {
    let total = relations.len();
    let shown = RwSignal::new(total.min(RELATIONS_PER_PAGE));
    let items = move || {
        relations[..shown.get()]
            .iter()
            .map(|&relation| {
                let sentence = relation_sentence(&data, &data.dataset.relations[relation]);
                view! { <li dir="auto">{sentence}</li> }
            })
            .collect_view()
    };
    let more = show_more(shown, total, RELATIONS_PER_PAGE);
    view! {
        <details class="graph-text">
            <summary>{format!("Relations as text ({total})")}</summary>
            <ol>{items}</ol>
            {more}
        </details>
    }
}
