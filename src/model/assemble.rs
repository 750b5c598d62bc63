//! Turns what a reader produced into a [`Dataset`]: checks ids, merges relations from every
//! source, and stands placeholders in for events that are referred to but not present.

use super::{
    Actor, Dataset, Direction, Event, Extra, FastMap, FastSet, LoadError, Meta, Problem, Relation,
};
use crate::bidi::quote;
use std::collections::hash_map::Entry;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};

/// Where an event or relation came from in the input, rendered only for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Origin {
    base: Base,
    /// Set for a relation declared in an event's `related` list: its index there.
    related: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    Events(usize),
    Relations(usize),
    Line(usize),
}

impl Origin {
    pub(super) fn events(index: usize) -> Self {
        Self {
            base: Base::Events(index),
            related: None,
        }
    }

    pub(super) fn relations(index: usize) -> Self {
        Self {
            base: Base::Relations(index),
            related: None,
        }
    }

    pub(super) fn line(line: usize) -> Self {
        Self {
            base: Base::Line(line),
            related: None,
        }
    }

    pub(super) fn related(self, index: usize) -> Self {
        Self {
            related: Some(index),
            ..self
        }
    }

    /// The path of a field of this item, such as `events[3].related[0].id`.
    fn field(&self, name: &str) -> String {
        let separator = match (self.base, self.related) {
            (Base::Line(_), None) => ": ",
            _ => ".",
        };
        format!("{self}{separator}{name}")
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.base {
            Base::Events(index) => write!(f, "events[{index}]")?,
            Base::Relations(index) => write!(f, "relations[{index}]")?,
            Base::Line(line) => write!(f, "line {line}")?,
        }
        match (self.base, self.related) {
            (_, None) => Ok(()),
            (Base::Line(_), Some(index)) => write!(f, ": related[{index}]"),
            (_, Some(index)) => write!(f, ".related[{index}]"),
        }
    }
}

/// What a reader produced, before ids are checked and relations merged.
#[derive(Default)]
pub(super) struct Parts {
    pub schema: Option<String>,
    pub meta: Meta,
    pub actors: Vec<Actor>,
    pub events: Vec<(Event, Origin)>,
    pub relations: Vec<(Relation, Origin)>,
    pub extra: Extra,
}

/// Checks, merges and completes the parts into a dataset; `problems` gains what it noticed.
pub(super) fn assemble(parts: Parts, problems: &mut Vec<Problem>) -> Result<Dataset, LoadError> {
    let mut first_origin: FastMap<&str, Origin> =
        FastMap::with_capacity_and_hasher(parts.events.len(), Default::default());
    for (event, origin) in &parts.events {
        if let Some(first) = first_origin.insert(&event.id, *origin) {
            return Err(LoadError::at(
                origin.field("id"),
                format!(
                    "duplicate event id {} ({first} has it too)",
                    quote(&event.id)
                ),
            ));
        }
    }
    let relations = merge_relations(parts.relations, problems);
    // Ids of the placeholders added so far; the events' own ids are looked up in `first_origin`
    // (borrowed, not copied: this runs once per relation end).
    let mut placeholder_ids: FastSet<&str> = FastSet::default();
    let mut placeholders: Vec<Event> = Vec::new();
    for (relation, origin) in &relations {
        for (end, id) in [("source", &relation.source), ("target", &relation.target)] {
            let known =
                first_origin.contains_key(id.as_str()) || placeholder_ids.contains(id.as_str());
            if !known {
                // In a `related` entry the listing event exists, so a missing end is its `id`.
                // (Written only here: formatting a path for every relation end was a tenth of
                // a load.)
                let place = if origin.related.is_some() {
                    origin.field("id")
                } else {
                    origin.field(end)
                };
                problems.push(Problem::at(
                    place,
                    format!(
                        "no event has the id {}; a placeholder stands in for it",
                        quote(id)
                    ),
                ));
                placeholder_ids.insert(id);
                placeholders.push(placeholder_event(id));
            }
        }
        if relation.source == relation.target {
            problems.push(Problem::at(
                origin,
                format!(
                    "the relation links event {} to itself",
                    quote(&relation.source)
                ),
            ));
        }
    }
    let mut events: Vec<Event> = parts.events.into_iter().map(|(event, _)| event).collect();
    events.extend(placeholders);
    Ok(Dataset {
        schema: parts.schema.unwrap_or_else(|| super::SCHEMA.to_owned()),
        meta: parts.meta,
        actors: parts.actors,
        events,
        relations: relations
            .into_iter()
            .map(|(relation, _)| relation)
            .collect(),
        extra: parts.extra,
    })
}

/// An event that relations refer to but the input does not contain.
pub(super) fn placeholder_event(id: &str) -> Event {
    Event {
        id: id.to_owned(),
        title: id.to_owned(),
        placeholder: true,
        ..Event::default()
    }
}

/// Merges relations that are the same judgement stated twice (the same pair of events, in either
/// order, with the same rationale), as happens when an export lists a relation both in
/// `relations` and in an event's `related`. Different rationales for one pair stay separate.
fn merge_relations(
    candidates: Vec<(Relation, Origin)>,
    problems: &mut Vec<Problem>,
) -> Vec<(Relation, Origin)> {
    let mut merged: Vec<(Relation, Origin)> = Vec::with_capacity(candidates.len());
    // Keyed by a hash of the pair and rationale: the newest kept relation with that hash, the
    // older ones chained through `next_with_hash` (parallel to `merged`); told apart by comparing.
    let mut newest_with_hash: FastMap<u64, usize> =
        FastMap::with_capacity_and_hasher(candidates.len(), Default::default());
    let mut next_with_hash: Vec<Option<usize>> = Vec::with_capacity(candidates.len());
    for (relation, origin) in candidates {
        let head = match newest_with_hash.entry(judgement_hash(&relation)) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                entry.insert(merged.len());
                merged.push((relation, origin));
                next_with_hash.push(None);
                continue;
            }
        };
        let mut candidate = Some(*head);
        while let Some(index) = candidate {
            if same_judgement(&merged[index].0, &relation) {
                break;
            }
            candidate = next_with_hash[index];
        }
        match candidate {
            Some(index) => {
                let (kept, kept_origin) = &mut merged[index];
                merge_into(kept, *kept_origin, relation, origin, problems);
            }
            None => {
                next_with_hash.push(Some(*head));
                *head = merged.len();
                merged.push((relation, origin));
            }
        }
    }
    merged
}

fn unordered_pair(relation: &Relation) -> (&str, &str) {
    let (a, b) = (relation.source.as_str(), relation.target.as_str());
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

fn judgement_hash(relation: &Relation) -> u64 {
    let mut hasher = foldhash::fast::FixedState::default().build_hasher();
    unordered_pair(relation).hash(&mut hasher);
    relation.rationale.hash(&mut hasher);
    hasher.finish()
}

fn same_judgement(a: &Relation, b: &Relation) -> bool {
    unordered_pair(a) == unordered_pair(b) && a.rationale == b.rationale
}

/// Folds a repeated statement of a relation into the kept one: a recorded direction wins over an
/// unrecorded one, and fields only the repeat has are added.
fn merge_into(
    kept: &mut Relation,
    kept_origin: Origin,
    repeat: Relation,
    repeat_origin: Origin,
    problems: &mut Vec<Problem>,
) {
    let both_recorded =
        kept.direction == Direction::SourceWasNew && repeat.direction == Direction::SourceWasNew;
    if both_recorded && kept.source != repeat.source {
        problems.push(Problem::at(
            repeat_origin,
            format!(
                "states the relation of {kept_origin} with the opposite direction; the \
                 direction of {kept_origin} is used"
            ),
        ));
    } else if kept.direction == Direction::Unrecorded && repeat.direction == Direction::SourceWasNew
    {
        kept.source = repeat.source;
        kept.target = repeat.target;
        kept.direction = Direction::SourceWasNew;
    }
    if kept.kind.is_none() {
        kept.kind = repeat.kind;
    }
    if kept.score.is_none() {
        kept.score = repeat.score;
    }
    for (key, value) in repeat.extra {
        kept.extra.entry(key).or_insert(value);
    }
}
