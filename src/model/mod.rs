//! The data model: types for an event export, and everything that turns input into them.
//!
//! Input arrives in three formats (see docs/data-format.md): an `event-graph/1` JSON document,
//! JSON Lines, or the plain-text event page of the upstream export. Each reader produces the
//! same [`Dataset`]; [`assemble`] then merges relations from every source, de-duplicates them,
//! stands placeholders in for ids that do not exist, and lists what it noticed as [`Problem`]s.
//! Nothing in the input is dropped: fields this version does not know are kept in `extra`.

mod assemble;
pub mod date;
mod error;
mod json;
mod jsonl;
mod load;
mod node;
mod outline;
mod path;
pub mod rationale;
mod text_page;
pub mod url;

pub use date::EventDate;
pub use error::{LoadError, Problem};
pub use load::{load, read_buffer_capacity, start_loading, Format, Loaded, Loading};

use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// A hash map keyed by data from the file (ids, rationales): foldhash, seeded per map, is
/// several times faster than the standard SipHash on the hundreds of thousands of keys a large
/// export has (loading 100k events spent a quarter of a second hashing with SipHash).
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// A hash set of the same kind as [`FastMap`].
pub(crate) type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

/// Fields of an input object that this version does not interpret, kept verbatim.
pub type Extra = Map<String, Value>;

/// The schema name and major version this build reads.
pub const SCHEMA: &str = "event-graph/1";

/// Everything loaded from one input.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    /// The schema the data is read as: the `schema` value as given (`event-graph/1` or a 1.x),
    /// or `event-graph/1` when the input names none (JSON Lines, text pages, older exports).
    pub schema: String,
    pub meta: Meta,
    pub actors: Vec<Actor>,
    pub events: Vec<Event>,
    /// Every relation, merged from `relations` and from events' `related` lists.
    pub relations: Vec<Relation>,
    /// Top-level fields this version does not know.
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub generated_at: Option<String>,
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    /// Plain text; paragraphs are separated by blank lines.
    pub content: Option<String>,
    pub date: Option<EventDate>,
    pub location: Option<Location>,
    pub tags: Vec<String>,
    pub sources: Vec<Source>,
    pub actor_responses: Vec<ActorResponse>,
    pub extra: Extra,
    /// True for an event the input only refers to (a dangling id, or a related event of a text
    /// page that has no id). Placeholders keep relations visible instead of dropping them.
    pub placeholder: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Location {
    pub name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActorResponse {
    /// An actor id from [`Dataset::actors`] or a plain name; `None` when the export lost it.
    pub actor: Option<String>,
    pub response: String,
    pub extra: Extra,
}

/// Whether the data says which endpoint of a relation was the new event when it was judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `source` was the new event: "the new event" in the rationale means `source`, and
    /// "Event N" means `target`.
    SourceWasNew,
    /// The export does not say (a `related` entry without `direction`, or a text page); `source`
    /// is then just the event that listed the relation.
    Unrecorded,
}

/// A judged relation between two events, with the language model's rationale.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    pub source: String,
    pub target: String,
    pub rationale: String,
    pub kind: Option<String>,
    pub score: Option<f64>,
    pub direction: Direction,
    pub extra: Extra,
}

impl Dataset {
    /// The display name of an actor reference: the actor's name when it is a known id,
    /// otherwise the reference itself (exports may use plain names).
    pub fn actor_name<'a>(&'a self, reference: &'a str) -> &'a str {
        self.actors
            .iter()
            .find(|actor| actor.id == reference)
            .map_or(reference, |actor| actor.name.as_str())
    }
}

/// Lower-case letters and digits of `text`, in words joined by dashes ("US and Iran: Talks!"
/// → "us-and-iran-talks"); empty when `text` has no letter or digit. For ids and file names.
pub fn slug(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Look-ups the pages need, computed once per load instead of on every render.
#[derive(Clone, Debug, Default)]
pub struct DatasetIndex {
    by_id: FastMap<String, usize>,
    /// For each relation, its source and target events (`None` when an end is not an event,
    /// which a loaded dataset never has: placeholders stand in for missing ones).
    ends: Vec<Option<(usize, usize)>>,
    /// For each event, the indices of the relations it takes part in, in input order.
    relations_of: Vec<Vec<usize>>,
}

impl DatasetIndex {
    pub fn new(dataset: &Dataset) -> Self {
        let by_id: FastMap<String, usize> = dataset
            .events
            .iter()
            .enumerate()
            .map(|(index, event)| (event.id.clone(), index))
            .collect();
        let mut relations_of = vec![Vec::new(); dataset.events.len()];
        let mut ends = Vec::with_capacity(dataset.relations.len());
        for (relation_index, relation) in dataset.relations.iter().enumerate() {
            let source = by_id.get(&relation.source).copied();
            let target = by_id.get(&relation.target).copied();
            if let Some(source) = source {
                relations_of[source].push(relation_index);
            }
            if let Some(target) = target.filter(|&target| Some(target) != source) {
                relations_of[target].push(relation_index);
            }
            ends.push(source.zip(target));
        }
        Self {
            by_id,
            ends,
            relations_of,
        }
    }

    /// The source and target events of a relation, by index (found once, here, rather than by
    /// looking its ids up again).
    pub fn relation_ends(&self, relation_index: usize) -> Option<(usize, usize)> {
        self.ends.get(relation_index).copied().flatten()
    }

    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn relations_of(&self, event_index: usize) -> &[usize] {
        self.relations_of
            .get(event_index)
            .map_or(&[], Vec::as_slice)
    }
}
