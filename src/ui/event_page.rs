//! The event page (`#/event/<id>`): everything known about one event, and each related event
//! with the rationale for the relation, its references turned into links.

use super::show_more::show_more;
use super::state::LoadedData;
use crate::model::rationale::{segments, Reference};
use crate::model::url::safe_href;
use crate::model::{Direction, Event, Relation, Source};
use crate::order::sorted_positions;
use crate::route::Route;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn EventPage(data: Arc<LoadedData>, id: String) -> impl IntoView {
    let Some(index) = data.index.event_index(&id) else {
        return view! {
            <section class="not-found">
                <h1>"Event not found"</h1>
                <p>
                    "The loaded data has no event with the id “" <bdi>{id}</bdi> "”. "
                    <a href="#/">"See all events"</a>
                </p>
            </section>
        }
        .into_any();
    };
    let event = &data.dataset.events[index];
    view! {
        <article class="event-page">
            <EventHeading event=event/>
            <p class="page-actions">
                <a class="button-link" href=Route::Graph { focus: Some(event.id.clone()), depth: 1 }.to_hash()>
                    "Show in graph"
                </a>
            </p>
            {event.placeholder.then(|| view! {
                <p class="notice">
                    "This event is not in the loaded data; other events refer to it. "
                    "It is shown so that their rationales are not lost."
                </p>
            })}
            <section aria-labelledby="summary-heading">
                <h2 id="summary-heading">"Summary"</h2>
                {text_or_absent(event.summary.as_deref(), "No summary in the data.")}
            </section>
            <section aria-labelledby="content-heading">
                <h2 id="content-heading">"Full content"</h2>
                {match event.content.as_deref() {
                    Some(content) => paragraphs(content).into_any(),
                    None => absent("No full content in the data.").into_any(),
                }}
            </section>
            <SourcesSection sources=&event.sources/>
            <ActorResponsesSection data=&data event=event/>
            <RelatedSection data=data.clone() index/>
            <OtherFields event=event/>
        </article>
    }
    .into_any()
}

#[component]
fn EventHeading<'a>(event: &'a Event) -> impl IntoView {
    let date = event.date.as_ref().map(|date| {
        view! { <time class="date" datetime=date.raw.clone()>{date.to_string()}</time> }
    });
    let location = event.location.as_ref().and_then(|location| {
        let coordinates = location
            .lat
            .zip(location.lon)
            .map(|(lat, lon)| format!("{lat:.4}, {lon:.4}"));
        let text = match (&location.name, coordinates) {
            (Some(name), Some(coordinates)) => format!("{name} ({coordinates})"),
            (Some(name), None) => name.clone(),
            (None, Some(coordinates)) => coordinates,
            (None, None) => return None,
        };
        Some(view! { <span class="location" dir="auto">{text}</span> })
    });
    let tags = (!event.tags.is_empty()).then(|| {
        let items = event
            .tags
            .iter()
            .map(|tag| view! { <li dir="auto">{tag.clone()}</li> })
            .collect_view();
        view! { <ul class="tags" aria-label="Tags">{items}</ul> }
    });
    view! {
        <header class="event-heading">
            <h1 dir="auto">{event.title.clone()}</h1>
            <p class="event-facts">{date}{location}</p>
            {tags}
        </header>
    }
}

fn absent(message: &'static str) -> impl IntoView {
    view! { <p class="absent">{message}</p> }
}

fn text_or_absent(text: Option<&str>, message: &'static str) -> AnyView {
    match text {
        Some(text) => view! { <p dir="auto">{text.to_owned()}</p> }.into_any(),
        None => absent(message).into_any(),
    }
}

/// Plain text with blank-line-separated paragraphs; single newlines stay line breaks (CSS).
fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| view! { <p dir="auto" class="content-paragraph">{paragraph.to_owned()}</p> })
        .collect_view()
}

#[component]
fn SourcesSection<'a>(sources: &'a [Source]) -> impl IntoView {
    let items = sources
        .iter()
        .map(|source| {
            let label = source
                .title
                .clone()
                .or_else(|| source.url.clone())
                .unwrap_or_else(|| "Untitled source".to_owned());
            let title = match source.url.as_deref().and_then(safe_href) {
                Some(href) => view! {
                    <a href=href.to_owned() rel="noopener noreferrer nofollow" target="_blank" dir="auto">
                        {label}
                    </a>
                }
                .into_any(),
                None => view! { <span class="source-title" dir="auto">{label}</span> }.into_any(),
            };
            // A URL that is not linked is still shown, as text, so nothing is hidden.
            let unlinked_url = source
                .url
                .as_deref()
                .filter(|url| safe_href(url).is_none())
                .map(|url| view! { <code class="unlinked-url">{url.to_owned()}</code> });
            let details: Vec<String> = [source.publisher.clone(), source.published.clone()]
                .into_iter()
                .flatten()
                .collect();
            let details = (!details.is_empty())
                .then(|| view! { <span class="source-details" dir="auto">{details.join(" · ")}</span> });
            view! { <li>{title}" "{details}" "{unlinked_url}</li> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="sources-heading">
            <h2 id="sources-heading">{format!("Sources ({})", sources.len())}</h2>
            {if sources.is_empty() {
                absent("No sources in the data.").into_any()
            } else {
                view! { <ol class="sources">{items}</ol> }.into_any()
            }}
        </section>
    }
}

#[component]
fn ActorResponsesSection<'a>(data: &'a LoadedData, event: &'a Event) -> impl IntoView {
    let items = event
        .actor_responses
        .iter()
        .map(|response| {
            let actor = match response.actor.as_deref() {
                Some(actor) => data.dataset.actor_name(actor).to_owned(),
                None => "Unnamed actor".to_owned(),
            };
            view! {
                <li>
                    <strong class="actor" dir="auto" class:unnamed=response.actor.is_none()>{actor}</strong>
                    <p dir="auto">{response.response.clone()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="responses-heading">
            <h2 id="responses-heading">"Actor responses"</h2>
            {if event.actor_responses.is_empty() {
                absent("No actor responses in the data.").into_any()
            } else {
                view! { <ul class="actor-responses">{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// How many related events the event page lists at first, and adds per "Show more": an event
/// with 100,000 relations took 11 s to open when every one was built at once.
const RELATED_PER_PAGE: usize = 100;

#[component]
fn RelatedSection(data: Arc<LoadedData>, index: usize) -> impl IntoView {
    let dataset = &data.dataset;
    let relations = data.index.relations_of(index);
    let this_id = &dataset.events[index].id;
    let other_of = |relation: usize| -> usize {
        let relation = &dataset.relations[relation];
        let other = if &relation.source == this_id {
            &relation.target
        } else {
            &relation.source
        };
        data.index.event_index(other).unwrap_or(index)
    };
    // Oldest related event first, so the list reads as a timeline; undated ones last.
    let keys: Vec<(bool, Option<i64>)> = relations
        .iter()
        .map(|&relation| {
            let other = &dataset.events[other_of(relation)];
            let key = other.date.as_ref().and_then(|date| date.sort_key());
            (key.is_none(), key)
        })
        .collect();
    let ordered: Vec<(usize, usize)> =
        sorted_positions(relations.len(), &|a, b| keys[a].cmp(&keys[b]))
            .into_iter()
            .map(|position| (relations[position], other_of(relations[position])))
            .collect();
    let total = ordered.len();
    let shown = RwSignal::new(total.min(RELATED_PER_PAGE));
    let items = {
        let data = data.clone();
        move || {
            let dataset = &data.dataset;
            ordered[..shown.get()]
                .iter()
                .map(|&(relation, other)| {
                    related_item(
                        &data,
                        &dataset.events[index],
                        &dataset.events[other],
                        &dataset.relations[relation],
                    )
                })
                .collect_view()
        }
    };
    let more = show_more(shown, total, RELATED_PER_PAGE);
    view! {
        <section aria-labelledby="related-heading">
            <h2 id="related-heading">{format!("Related events ({total})")}</h2>
            {if total == 0 {
                absent("No related events in the data.").into_any()
            } else {
                view! { <ol class="related-events">{items}</ol> {more} }.into_any()
            }}
        </section>
    }
}

fn related_item(
    data: &LoadedData,
    this: &Event,
    other: &Event,
    relation: &Relation,
) -> impl IntoView {
    let newness = match relation.direction {
        Direction::SourceWasNew if relation.source == relation.target => {
            "This event is related to itself.".into_any()
        }
        Direction::SourceWasNew if relation.source == this.id => {
            "This event was the new event when the relation was judged.".into_any()
        }
        Direction::SourceWasNew => view! {
            "“" <bdi>{other.title.clone()}</bdi> "” was the new event when the relation was judged."
        }
        .into_any(),
        Direction::Unrecorded => {
            "The export does not record which event was the new one.".into_any()
        }
    };
    let date = other.date.as_ref().map(|date| {
        view! { <time datetime=date.raw.clone()>{date.to_string()}</time> }
    });
    let kind = relation
        .kind
        .clone()
        .map(|kind| view! { <span class="kind" dir="auto">{kind}</span> });
    let score = relation
        .score
        .map(|score| view! { <span class="score">{format!("score {score}")}</span> });
    view! {
        <li class="related-event" class:placeholder=other.placeholder>
            <p class="related-heading">
                <a href=Route::event_href(&other.id) class="related-title" dir="auto">{other.title.clone()}</a>
                " " {date} " " {kind} " " {score}
            </p>
            <p class="newness">{newness}</p>
            <blockquote class="rationale" dir="auto">{rationale_view(data, relation)}</blockquote>
        </li>
    }
}

/// The rationale as text, with "the new event" linked to the source and "Event N" to the target.
/// When the export does not record the direction the references are marked but not linked, as
/// either event could be meant.
pub(super) fn rationale_view(data: &LoadedData, relation: &Relation) -> impl IntoView {
    if relation.rationale.trim().is_empty() {
        return view! { <span class="absent">"No rationale was given for this relation."</span> }
            .into_any();
    }
    segments(&relation.rationale)
        .into_iter()
        .map(|segment| {
            let text = segment.text.to_owned();
            let target = match (segment.reference, relation.direction) {
                (None, _) => return text.into_any(),
                (Some(_), Direction::Unrecorded) => {
                    return view! {
                        <span class="reference unresolved" title="The export does not say which event this is">
                            {text}
                        </span>
                    }
                    .into_any()
                }
                (Some(Reference::NewEvent), Direction::SourceWasNew) => &relation.source,
                (Some(Reference::OtherEvent), Direction::SourceWasNew) => &relation.target,
            };
            view! {
                <a class="reference" href=Route::event_href(target) title=data.title_of(target)>{text}</a>
            }
            .into_any()
        })
        .collect_view()
        .into_any()
}

#[component]
fn OtherFields<'a>(event: &'a Event) -> impl IntoView {
    (!event.extra.is_empty()).then(|| {
        let rows = event
            .extra
            .iter()
            .map(|(key, value)| {
                let value = match value {
                    serde_json::Value::String(text) => text.clone(),
                    other => serde_json::to_string_pretty(other).unwrap_or_default(),
                };
                view! {
                    <dt dir="auto">{key.clone()}</dt>
                    <dd><pre dir="auto">{value}</pre></dd>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="other-heading">
                <h2 id="other-heading">"Other fields"</h2>
                <dl class="other-fields">{rows}</dl>
            </section>
        }
    })
}
