//! The filter every view shares: what an analyst narrows the data to (words, actors, tags,
//! relation kinds, a date range, undated events and placeholders, a minimum of relations), and
//! what it leaves visible, with facet counts. Pure: no DOM, tested natively.
//!
//! Evaluating a filter goes over the data once. Each event gets the set of parts of the filter
//! it fails; it is visible when it fails none, and it counts toward an actor's or a tag's facet
//! when it fails nothing but that part, so every facet count is what the view would show if
//! that value were chosen too, given the rest of the filter.

use crate::model::date::ParsedDate;
use crate::model::{Dataset, DatasetIndex, FastMap};

/// What an analyst narrows the data to. A part left empty lets everything through.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Words that must all appear, in any order and any case, in an event's title, summary,
    /// content, actors and their responses, tags or place.
    pub text: String,
    /// Events any of these actors took part in (as the data refers to them: ids or names).
    pub actors: Vec<String>,
    /// Events with any of these tags.
    pub tags: Vec<String>,
    /// Relations of any of these kinds (`None`: relations with no kind given).
    pub kinds: Vec<Option<String>>,
    /// Inclusive ends of the date range, each at its own precision: an event is inside when
    /// the period its date names overlaps the range ("2026-03" overlaps a range ending on
    /// 1 March).
    pub from: Option<ParsedDate>,
    pub to: Option<ParsedDate>,
    pub hide_undated: bool,
    pub hide_placeholders: bool,
    /// Events with at least this many relations (of the chosen kinds).
    pub min_relations: usize,
}

/// The parts of a filter an event can fail, as bits.
const TEXT: u8 = 1;
const ACTOR: u8 = 2;
const TAG: u8 = 4;
const DATE: u8 = 8;
const SHOWN: u8 = 16;
const RELATIONS: u8 = 32;

/// What a filter leaves visible, and its facets.
#[derive(Clone, Debug, PartialEq)]
pub struct Visible {
    pub events: Vec<bool>,
    /// A relation is visible when both its events are and its kind is chosen.
    pub relations: Vec<bool>,
    pub event_count: usize,
    pub relation_count: usize,
    pub facets: Facets,
}

/// For each value, how many events (actors, tags) or relations (kinds) the view would show
/// with that value chosen as well, given the rest of the filter; in first-seen order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facets {
    pub actors: Vec<(String, usize)>,
    pub tags: Vec<(String, usize)>,
    pub kinds: Vec<(Option<String>, usize)>,
}

/// Facet values and per-event lookups worked out once per dataset, so that a filter change
/// costs one pass over the events and relations.
pub struct FilterIndex {
    actors: Vec<String>,
    tags: Vec<String>,
    kinds: Vec<Option<String>>,
    /// Per event: the actors and tags it has (indices into the lists above, each once).
    event_actors: Vec<Vec<u32>>,
    event_tags: Vec<Vec<u32>>,
    /// Per event: the period its date names, when it has a valid date.
    periods: Vec<Option<(i64, i64)>>,
    /// Per event: its searchable text, lowercased.
    texts: Vec<String>,
    /// Per relation: its kind (index into `kinds`) and its events.
    relation_kind: Vec<u32>,
    relation_ends: Vec<Option<(usize, usize)>>,
    placeholder: Vec<bool>,
}

/// Interns `value` in `values`, returning its index.
fn intern<T: Clone + Eq + std::hash::Hash>(
    values: &mut Vec<T>,
    lookup: &mut FastMap<T, u32>,
    value: &T,
) -> u32 {
    if let Some(&index) = lookup.get(value) {
        return index;
    }
    let index = values.len() as u32;
    values.push(value.clone());
    lookup.insert(value.clone(), index);
    index
}

impl FilterIndex {
    pub fn new(dataset: &Dataset, index: &DatasetIndex) -> Self {
        let mut actors = Vec::new();
        let mut actor_lookup = FastMap::default();
        let mut tags = Vec::new();
        let mut tag_lookup = FastMap::default();
        let mut event_actors = Vec::with_capacity(dataset.events.len());
        let mut event_tags = Vec::with_capacity(dataset.events.len());
        let mut periods = Vec::with_capacity(dataset.events.len());
        let mut texts = Vec::with_capacity(dataset.events.len());
        for event in &dataset.events {
            let mut own: Vec<u32> = event
                .actor_responses
                .iter()
                .filter_map(|response| response.actor.as_ref())
                .map(|actor| intern(&mut actors, &mut actor_lookup, actor))
                .collect();
            own.sort_unstable();
            own.dedup();
            event_actors.push(own);
            let mut own: Vec<u32> = event
                .tags
                .iter()
                .map(|tag| intern(&mut tags, &mut tag_lookup, tag))
                .collect();
            own.sort_unstable();
            own.dedup();
            event_tags.push(own);
            periods.push(
                event
                    .date
                    .as_ref()
                    .and_then(|date| date.parsed.as_ref())
                    .map(ParsedDate::period),
            );
            texts.push(searchable_text(dataset, event));
        }
        let mut kinds = Vec::new();
        let mut kind_lookup = FastMap::default();
        let relation_kind = dataset
            .relations
            .iter()
            .map(|relation| intern(&mut kinds, &mut kind_lookup, &relation.kind))
            .collect();
        let relation_ends = (0..dataset.relations.len())
            .map(|relation| index.relation_ends(relation))
            .collect();
        Self {
            actors,
            tags,
            kinds,
            event_actors,
            event_tags,
            periods,
            texts,
            relation_kind,
            relation_ends,
            placeholder: dataset
                .events
                .iter()
                .map(|event| event.placeholder)
                .collect(),
        }
    }

    /// What `filter` leaves visible, with its facet counts.
    pub fn evaluate(&self, filter: &Filter) -> Visible {
        let events = self.texts.len();
        let chosen = |values: &[String], wanted: &[String]| -> Option<Vec<bool>> {
            (!wanted.is_empty())
                .then(|| values.iter().map(|value| wanted.contains(value)).collect())
        };
        let actor_chosen = chosen(&self.actors, &filter.actors);
        let tag_chosen = chosen(&self.tags, &filter.tags);
        let kind_chosen: Vec<bool> = self
            .kinds
            .iter()
            .map(|kind| filter.kinds.is_empty() || filter.kinds.contains(kind))
            .collect();
        let words: Vec<String> = filter
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let range = (
            filter.from.as_ref().map(|from| from.period().0),
            filter.to.as_ref().map(|to| to.period().1),
        );
        // Relations of the chosen kinds per event, for the minimum.
        let mut degree = vec![0usize; events];
        if filter.min_relations > 0 {
            for (relation, ends) in self.relation_ends.iter().enumerate() {
                if let Some((source, target)) = *ends {
                    if kind_chosen[self.relation_kind[relation] as usize] {
                        degree[source] += 1;
                        if target != source {
                            degree[target] += 1;
                        }
                    }
                }
            }
        }
        let has_any = |own: &[u32], chosen: &Option<Vec<bool>>| {
            chosen
                .as_ref()
                .is_none_or(|chosen| own.iter().any(|&value| chosen[value as usize]))
        };
        let failed: Vec<u8> = (0..events)
            .map(|event| {
                let mut failed = 0;
                if !words
                    .iter()
                    .all(|word| self.texts[event].contains(word.as_str()))
                {
                    failed |= TEXT;
                }
                if !has_any(&self.event_actors[event], &actor_chosen) {
                    failed |= ACTOR;
                }
                if !has_any(&self.event_tags[event], &tag_chosen) {
                    failed |= TAG;
                }
                match self.periods[event] {
                    Some((start, end)) => {
                        let after_start = range.0.is_none_or(|from| end > from);
                        let before_end = range.1.is_none_or(|to| start < to);
                        if !(after_start && before_end) {
                            failed |= DATE;
                        }
                    }
                    None if filter.hide_undated => failed |= SHOWN,
                    None => {}
                }
                if filter.hide_placeholders && self.placeholder[event] {
                    failed |= SHOWN;
                }
                if degree[event] < filter.min_relations {
                    failed |= RELATIONS;
                }
                failed
            })
            .collect();
        let visible_events: Vec<bool> = failed.iter().map(|&failed| failed == 0).collect();
        let mut facets = Facets {
            actors: self.actors.iter().map(|actor| (actor.clone(), 0)).collect(),
            tags: self.tags.iter().map(|tag| (tag.clone(), 0)).collect(),
            kinds: self.kinds.iter().map(|kind| (kind.clone(), 0)).collect(),
        };
        for (event, &failed) in failed.iter().enumerate() {
            if failed & !ACTOR == 0 {
                for &actor in &self.event_actors[event] {
                    facets.actors[actor as usize].1 += 1;
                }
            }
            if failed & !TAG == 0 {
                for &tag in &self.event_tags[event] {
                    facets.tags[tag as usize].1 += 1;
                }
            }
        }
        let visible_relations: Vec<bool> = self
            .relation_ends
            .iter()
            .enumerate()
            .map(|(relation, ends)| {
                let both = ends.is_some_and(|(source, target)| {
                    visible_events[source] && visible_events[target]
                });
                let kind = self.relation_kind[relation] as usize;
                if both {
                    facets.kinds[kind].1 += 1;
                }
                both && kind_chosen[kind]
            })
            .collect();
        Visible {
            event_count: visible_events.iter().filter(|&&shown| shown).count(),
            relation_count: visible_relations.iter().filter(|&&shown| shown).count(),
            events: visible_events,
            relations: visible_relations,
            facets,
        }
    }
}

/// Everything the filter's words are looked for in, lowercased, one field per line.
fn searchable_text(dataset: &Dataset, event: &crate::model::Event) -> String {
    let mut parts: Vec<&str> = vec![event.title.as_str()];
    parts.extend(event.summary.as_deref());
    parts.extend(event.content.as_deref());
    for response in &event.actor_responses {
        if let Some(actor) = &response.actor {
            parts.push(dataset.actor_name(actor));
            parts.push(actor);
        }
        parts.push(&response.response);
    }
    parts.extend(event.tags.iter().map(String::as_str));
    parts.extend(
        event
            .location
            .as_ref()
            .and_then(|place| place.name.as_deref()),
    );
    parts.join("\n").to_lowercase()
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
