//! Reads `event-graph/1` values into model types, field by field, so that every error names its
//! JSON path and every field this version does not know is kept in `extra`.
//!
//! The readers take ownership of parsed [`Node`]s and move known fields out of their objects;
//! what is left over is exactly the unknown fields.

use super::assemble::{Origin, Parts};
use super::node::{Node, Object};
use super::outline::{Found, Walk, ARRAYS};
use super::path::JsonPath;
use super::{
    Actor, ActorResponse, Direction, Event, EventDate, Extra, LoadError, Location, Meta, Problem,
    Relation, Source, SCHEMA,
};
use crate::bidi::quote;
use std::borrow::Cow;

/// Where a document's elements come from.
enum Elements<'t> {
    /// A document parsed whole: its arrays (actors, relations, events), read in that order.
    Parsed([std::vec::IntoIter<Node<'t>>; 3]),
    /// The text, walked in the order written; the top-level object's other members are
    /// collected on the way and read at its end.
    Text { walk: Walk<'t>, members: Object<'t> },
}

/// Why a step stopped early.
#[derive(Debug)]
pub(super) enum Stop {
    /// The input is wrong, and this is the message a whole read gives.
    Failed(LoadError),
    /// The text walk could not go on, or found something wrong: read the whole text instead,
    /// which also gives any error the message, and the line and column, of a whole read.
    ReadWhole,
}

/// A JSON document read a few elements at a time. Whatever the order of its arrays in the text,
/// the result (the dataset, the problems in their order, and which error is reported) is the
/// one a whole read gives: relations from the events' `related` lists and each array's problems
/// are kept apart until the end, and any error while walking the text ends in a whole read.
pub(super) struct DocumentSteps<'t> {
    elements: Elements<'t>,
    parts: Parts,
    /// Relations from the events' `related` lists (a whole read merges them after the
    /// top-level ones).
    related: Vec<(Relation, Origin)>,
    /// The document's own problems (from schema, meta), then each array's.
    problems: [Vec<Problem>; 4],
    /// Elements read so far in each array (for their paths and origins).
    read: [usize; 3],
}

impl<'t> DocumentSteps<'t> {
    /// From a document parsed whole.
    pub(super) fn from_node(root: Node<'t>) -> Result<Self, LoadError> {
        let mut steps = Self::new(Elements::Parsed(Default::default()));
        let arrays = match root {
            Node::Array(events) => [Vec::new(), Vec::new(), events],
            Node::Object(object) => steps.read_document_fields(object, false)?,
            other => {
                return Err(LoadError::new(format!(
                    "Expected a JSON object with an \"events\" array, found {}.",
                    describe(&other)
                )))
            }
        };
        steps.parts.events.reserve(arrays[2].len());
        steps.elements = Elements::Parsed(arrays.map(Vec::into_iter));
        Ok(steps)
    }

    /// From the text, walked as it is written (see [`outline`](super::outline)); `None` when it
    /// is not an object.
    pub(super) fn from_text(text: &'t str) -> Option<Self> {
        Some(Self::new(Elements::Text {
            walk: Walk::new(text)?,
            members: Object::default(),
        }))
    }

    fn new(elements: Elements<'t>) -> Self {
        Self {
            elements,
            parts: Parts::default(),
            related: Vec::new(),
            problems: Default::default(),
            read: [0; 3],
        }
    }

    /// Whether the document is being read from its text, walked (not parsed whole).
    #[cfg(test)]
    pub(super) fn walks_text(&self) -> bool {
        matches!(self.elements, Elements::Text { .. })
    }

    /// Elements read so far, and how far through the document that is (from 0 to 1).
    pub(super) fn progress(&self) -> (usize, f64) {
        let read: usize = self.read.iter().sum();
        let fraction = match &self.elements {
            Elements::Parsed(arrays) => {
                let left: usize = arrays.iter().map(ExactSizeIterator::len).sum();
                if read + left == 0 {
                    1.0
                } else {
                    read as f64 / (read + left) as f64
                }
            }
            Elements::Text { walk, .. } => walk.fraction_read(),
        };
        (read, fraction)
    }

    /// Reads up to `max_elements` more (while walking the text, the top-level object's other
    /// members count too); true once the whole document has been read.
    pub(super) fn step(&mut self, max_elements: usize) -> Result<bool, Stop> {
        let mut elements_left = max_elements;
        while elements_left > 0 {
            let next = match &mut self.elements {
                Elements::Parsed(arrays) => arrays
                    .iter_mut()
                    .enumerate()
                    .find_map(|(slot, array)| Some((slot, array.next()?))),
                Elements::Text { walk, members } => match walk.next() {
                    Err(_) => return Err(Stop::ReadWhole),
                    Ok(Found::Element { slot, element }) => Some((slot, element)),
                    Ok(Found::Member(key, value)) => {
                        if key == "schema" {
                            // Refuse another version before reading thousands of its events.
                            if let Node::String(schema) = &value {
                                check_schema(schema, &JsonPath::ROOT.key("schema"))
                                    .map_err(|_| Stop::ReadWhole)?;
                            }
                        }
                        members.push(key, value);
                        // A member counts like an element, so that a document of nothing but
                        // members is read in steps too.
                        elements_left -= 1;
                        continue;
                    }
                    Ok(Found::End) => {
                        let members = std::mem::take(members);
                        let events_walked = walk.has_met("events");
                        let arrays = self
                            .read_document_fields(members, events_walked)
                            .map_err(|_| Stop::ReadWhole)?;
                        if arrays.iter().any(|array| !array.is_empty()) {
                            // Only an array the walk did not read can be here, and it can only
                            // be empty (null); anything else is for a whole read to judge.
                            return Err(Stop::ReadWhole);
                        }
                        return Ok(true);
                    }
                },
            };
            let Some((slot, element)) = next else {
                return Ok(true);
            };
            if let Err(error) = self.read_element(slot, element) {
                return Err(match self.elements {
                    Elements::Parsed(_) => Stop::Failed(error),
                    Elements::Text { .. } => Stop::ReadWhole,
                });
            }
            elements_left -= 1;
        }
        Ok(false)
    }

    /// Reads one element of `ARRAYS[slot]`.
    fn read_element(&mut self, slot: usize, element: Node<'_>) -> Result<(), LoadError> {
        let index = self.read[slot];
        let path = JsonPath::ROOT.key(ARRAYS[slot]);
        let path = path.index(index);
        let problems = &mut self.problems[slot + 1];
        match slot {
            0 => self
                .parts
                .actors
                .push(read_actor(element, &path, problems)?),
            1 => {
                let relation = read_relation(element, &path, problems)?;
                self.parts
                    .relations
                    .push((relation, Origin::relations(index)));
            }
            _ => read_event_into(
                element,
                &path,
                Origin::events(index),
                &mut self.parts.events,
                &mut self.related,
                problems,
            )?,
        }
        self.read[slot] += 1;
        Ok(())
    }

    /// Reads the top-level object's own fields (schema, meta, unknown ones) into the parts,
    /// and returns the arrays it holds (actors, relations, events). `events_walked`: the events
    /// array was read from the text already, so its absence here is no error.
    fn read_document_fields(
        &mut self,
        object: Object<'t>,
        events_walked: bool,
    ) -> Result<[Vec<Node<'t>>; 3], LoadError> {
        let path = JsonPath::ROOT;
        let problems = &mut self.problems[0];
        let mut document = ObjectReader::new(object, &path);
        self.parts.schema = document.string("schema")?;
        if let Some(schema) = &self.parts.schema {
            check_schema(schema, &path.key("schema"))?;
        }
        if let Some(meta) = document.take("meta", problems) {
            self.parts.meta = read_meta(meta, &path.key("meta"), problems)?;
        }
        let actors = document.array("actors", problems)?;
        let relations = document.array("relations", problems)?;
        let events =
            match document.take("events", problems) {
                Some(Node::Array(events)) => events,
                Some(other) => {
                    return Err(LoadError::at(
                        "events",
                        format!("expected an array of events, found {}", describe(&other)),
                    ))
                }
                None if events_walked => Vec::new(),
                None => return Err(LoadError::new(
                    "This JSON document has no \"events\" array, so it is not an event export. \
                     An event-graph/1 document is an object with an \"events\" array \
                     (see docs/data-format.md).",
                )),
            };
        self.parts.extra = document.into_extra();
        Ok([actors, relations, events])
    }

    /// What was read, and the problems noticed, in the order a whole read gives them.
    pub(super) fn finish(self) -> (Parts, Vec<Problem>) {
        let mut parts = self.parts;
        parts.relations.extend(self.related);
        (parts, self.problems.into_iter().flatten().collect())
    }
}

/// Refuses documents written for another major version instead of misreading them.
pub(super) fn check_schema(schema: &str, path: &JsonPath) -> Result<(), LoadError> {
    let major = schema
        .strip_prefix("event-graph/")
        .map(|version| version.split('.').next().unwrap_or(""));
    match major {
        Some("1") => Ok(()),
        Some(_) => Err(LoadError::at(
            path,
            format!(
                "this file uses schema {}, a version this build of Event Lens cannot read; it \
                 reads \"{SCHEMA}\"",
                quote(schema)
            ),
        )),
        None => Err(LoadError::at(
            path,
            format!(
                "{} is not an event-graph schema; expected \"{SCHEMA}\"",
                quote(schema)
            ),
        )),
    }
}

pub(super) fn read_meta(
    value: Node<'_>,
    path: &JsonPath,
    problems: &mut Vec<Problem>,
) -> Result<Meta, LoadError> {
    let mut meta = ObjectReader::from_node(value, path)?;
    Ok(Meta {
        title: meta.string("title")?,
        generated_at: meta.aliased_string("generated_at", problems)?,
        extra: meta.into_extra(),
    })
}

fn read_actor(
    value: Node<'_>,
    path: &JsonPath,
    problems: &mut Vec<Problem>,
) -> Result<Actor, LoadError> {
    let mut actor = ObjectReader::from_node(value, path)?;
    let id = actor.required_string("id")?;
    let name = match actor.string("name")? {
        Some(name) => name,
        None => {
            problems.push(Problem::at(
                path,
                format!("actor {} has no name; its id is shown instead", quote(&id)),
            ));
            id.clone()
        }
    };
    Ok(Actor {
        id,
        name,
        kind: actor.string("kind")?,
        extra: actor.into_extra(),
    })
}

/// Reads one event into `events`, and the relations its `related` list declares into
/// `relations`.
pub(super) fn read_event_into(
    value: Node<'_>,
    path: &JsonPath,
    origin: Origin,
    events: &mut Vec<(Event, Origin)>,
    relations: &mut Vec<(Relation, Origin)>,
    problems: &mut Vec<Problem>,
) -> Result<(), LoadError> {
    let mut event = ObjectReader::from_node(value, path)?;
    let id = event.required_string("id")?;
    if id.trim().is_empty() {
        return Err(LoadError::at(path.key("id"), "the event id is empty"));
    }
    let title = event.required_string("title")?;
    if title.trim().is_empty() {
        problems.push(Problem::at(path.key("title"), "the title is empty"));
    }
    let summary = event.string("summary")?;
    let content = event.string("content")?;
    let date = event.string("date")?.map(EventDate::new);
    if let Some(date) = date.as_ref().filter(|date| date.parsed.is_none()) {
        problems.push(Problem::at(
            path.key("date"),
            format!(
                "\"{}\" is not an ISO 8601 date (2026, 2026-04, 2026-04-16 or a full datetime \
                 such as 2026-04-16T21:00:00+03:00); it is shown as written and sorts last",
                date.raw
            ),
        ));
    }
    let location = match event.take("location", problems) {
        Some(value) => Some(read_location(value, &path.key("location"), problems)?),
        None => None,
    };
    let tags_path = path.key("tags");
    let tags = event
        .array("tags", problems)?
        .into_iter()
        .enumerate()
        .map(|(index, tag)| expect_string(tag, &tags_path.index(index)))
        .collect::<Result<_, _>>()?;
    let sources_path = path.key("sources");
    let sources = event
        .array("sources", problems)?
        .into_iter()
        .enumerate()
        .map(|(index, source)| read_source(source, &sources_path.index(index)))
        .collect::<Result<_, _>>()?;
    let responses_key = event.key_for("actor_responses");
    let responses_path = path.key(responses_key);
    let actor_responses = event
        .array("actor_responses", problems)?
        .into_iter()
        .enumerate()
        .map(|(index, response)| read_actor_response(response, &responses_path.index(index)))
        .collect::<Result<_, _>>()?;
    // Written by our own export for events that stand in for missing ones; kept on reload.
    let placeholder = match event.take("placeholder", problems) {
        None => false,
        Some(Node::Bool(flag)) => flag,
        Some(other) => {
            return Err(LoadError::at(
                path.key("placeholder"),
                format!("expected true or false, found {}", describe(&other)),
            ))
        }
    };
    let related_path = path.key("related");
    for (index, related) in event.array("related", problems)?.into_iter().enumerate() {
        let relation = read_related(related, &related_path.index(index), &id, problems)?;
        relations.push((relation, origin.related(index)));
    }
    events.push((
        Event {
            id,
            title,
            summary,
            content,
            date,
            location,
            tags,
            sources,
            actor_responses,
            extra: event.into_extra(),
            placeholder,
        },
        origin,
    ));
    Ok(())
}

fn read_location(
    value: Node<'_>,
    path: &JsonPath,
    problems: &mut Vec<Problem>,
) -> Result<Location, LoadError> {
    let value = match value {
        // A bare place name is common in hand-made exports and means the same thing.
        Node::String(name) => {
            return Ok(Location {
                name: Some(name.into_owned()),
                ..Location::default()
            })
        }
        other => other,
    };
    let mut location = ObjectReader::from_node(value, path)?;
    let name = location.string("name")?;
    let lat = location.number("lat")?;
    let lon = location.number("lon")?;
    if lat.is_some_and(|lat| !(-90.0..=90.0).contains(&lat)) {
        problems.push(Problem::at(path.key("lat"), "latitude is outside -90..90"));
    }
    if lon.is_some_and(|lon| !(-180.0..=180.0).contains(&lon)) {
        problems.push(Problem::at(
            path.key("lon"),
            "longitude is outside -180..180",
        ));
    }
    Ok(Location {
        name,
        lat,
        lon,
        extra: location.into_extra(),
    })
}

fn read_source(value: Node<'_>, path: &JsonPath) -> Result<Source, LoadError> {
    if let Node::String(text) = value {
        let text = text.into_owned();
        // A bare string is a URL when it looks like one, otherwise a citation title.
        let is_url = text.contains("://") || text.starts_with("mailto:");
        return Ok(if is_url {
            Source {
                url: Some(text),
                ..Source::default()
            }
        } else {
            Source {
                title: Some(text),
                ..Source::default()
            }
        });
    }
    let mut source = ObjectReader::from_node(value, path)?;
    Ok(Source {
        title: source.string("title")?,
        url: source.string("url")?,
        publisher: source.string("publisher")?,
        published: source.string("published")?,
        extra: source.into_extra(),
    })
}

fn read_actor_response(value: Node<'_>, path: &JsonPath) -> Result<ActorResponse, LoadError> {
    let mut response = ObjectReader::from_node(value, path)?;
    Ok(ActorResponse {
        actor: response.string("actor")?,
        response: response.required_string("response")?,
        extra: response.into_extra(),
    })
}

/// Reads a top-level relation (or a JSON Lines relation line): `source` was the new event.
pub(super) fn read_relation(
    value: Node<'_>,
    path: &JsonPath,
    problems: &mut Vec<Problem>,
) -> Result<Relation, LoadError> {
    let mut relation = ObjectReader::from_node(value, path)?;
    let source = relation.required_string("source")?;
    let target = relation.required_string("target")?;
    Ok(Relation {
        rationale: relation.rationale(path, problems)?,
        kind: relation.string("kind")?,
        score: relation.number("score")?,
        direction: Direction::SourceWasNew,
        source,
        target,
        extra: relation.into_extra(),
    })
}

/// Reads an entry of an event's `related` list, orienting it by its `direction`.
fn read_related(
    value: Node<'_>,
    path: &JsonPath,
    event_id: &str,
    problems: &mut Vec<Problem>,
) -> Result<Relation, LoadError> {
    let mut related = ObjectReader::from_node(value, path)?;
    let other = related.required_string("id")?;
    let rationale = related.rationale(path, problems)?;
    let kind = related.string("kind")?;
    let score = related.number("score")?;
    let (source, target, direction) = match related.borrowed_string("direction")?.as_deref() {
        Some("outgoing") => (event_id.to_owned(), other, Direction::SourceWasNew),
        Some("incoming") => (other, event_id.to_owned(), Direction::SourceWasNew),
        None => (event_id.to_owned(), other, Direction::Unrecorded),
        Some(unknown) => {
            return Err(LoadError::at(
                path.key("direction"),
                format!(
                    "expected \"outgoing\" or \"incoming\", found {}",
                    quote(unknown)
                ),
            ))
        }
    };
    Ok(Relation {
        source,
        target,
        rationale,
        kind,
        score,
        direction,
        extra: related.into_extra(),
    })
}

/// The second accepted spelling of a multi-word field. Only these fields have two words.
fn camel_case_alias(name: &str) -> Option<&'static str> {
    match name {
        "actor_responses" => Some("actorResponses"),
        "generated_at" => Some("generatedAt"),
        _ => None,
    }
}

/// Moves known fields out of one JSON object, checking types and naming paths in errors.
struct ObjectReader<'t, 'p> {
    map: Object<'t>,
    path: &'p JsonPath<'p>,
}

impl<'t, 'p> ObjectReader<'t, 'p> {
    fn new(map: Object<'t>, path: &'p JsonPath<'p>) -> Self {
        Self { map, path }
    }

    fn from_node(value: Node<'t>, path: &'p JsonPath<'p>) -> Result<Self, LoadError> {
        match value {
            Node::Object(map) => Ok(Self::new(map, path)),
            other => Err(LoadError::at(
                path,
                format!("expected an object, found {}", describe(&other)),
            )),
        }
    }

    /// The key the input actually used for `name` (its camelCase alias when only that is there).
    fn key_for(&self, name: &'static str) -> &'static str {
        match camel_case_alias(name) {
            Some(alias) if !self.map.contains_key(name) && self.map.contains_key(alias) => alias,
            _ => name,
        }
    }

    /// Removes a field by its snake_case name or its camelCase alias; `null` counts as absent.
    /// When both spellings are present the snake_case one is used and the other is kept.
    fn take(&mut self, name: &'static str, problems: &mut Vec<Problem>) -> Option<Node<'t>> {
        let value = match self.map.remove(name) {
            Some(value) => {
                if let Some(alias) = camel_case_alias(name).filter(|a| self.map.contains_key(a)) {
                    problems.push(Problem::at(
                        self.path,
                        format!(
                            "both \"{name}\" and \"{alias}\" are given; \"{name}\" is used and \
                             \"{alias}\" is kept under other fields"
                        ),
                    ));
                }
                value
            }
            None => self.map.remove(camel_case_alias(name)?)?,
        };
        (!value.is_null()).then_some(value)
    }

    fn string(&mut self, name: &'static str) -> Result<Option<String>, LoadError> {
        match self.map.remove(name) {
            None | Some(Node::Null) => Ok(None),
            Some(value) => expect_string(value, &self.path.key(name)).map(Some),
        }
    }

    /// Like [`Self::string`], without copying the text (for values only compared, not kept).
    fn borrowed_string(&mut self, name: &'static str) -> Result<Option<Cow<'t, str>>, LoadError> {
        match self.map.remove(name) {
            None | Some(Node::Null) => Ok(None),
            Some(Node::String(text)) => Ok(Some(text)),
            Some(other) => Err(LoadError::at(
                self.path.key(name),
                format!("expected a string, found {}", describe(&other)),
            )),
        }
    }

    fn aliased_string(
        &mut self,
        name: &'static str,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<String>, LoadError> {
        let key = self.key_for(name);
        match self.take(name, problems) {
            None => Ok(None),
            Some(value) => expect_string(value, &self.path.key(key)).map(Some),
        }
    }

    fn required_string(&mut self, name: &'static str) -> Result<String, LoadError> {
        self.string(name)?.ok_or_else(|| {
            LoadError::at(
                self.path,
                format!("the required field \"{name}\" is missing"),
            )
        })
    }

    fn number(&mut self, name: &'static str) -> Result<Option<f64>, LoadError> {
        match self.map.remove(name) {
            None | Some(Node::Null) => Ok(None),
            Some(Node::Number(number)) => Ok(number.as_f64()),
            Some(other) => Err(LoadError::at(
                self.path.key(name),
                format!("expected a number, found {}", describe(&other)),
            )),
        }
    }

    fn array(
        &mut self,
        name: &'static str,
        problems: &mut Vec<Problem>,
    ) -> Result<Vec<Node<'t>>, LoadError> {
        let key = self.key_for(name);
        match self.take(name, problems) {
            None => Ok(Vec::new()),
            Some(Node::Array(items)) => Ok(items),
            Some(other) => Err(LoadError::at(
                self.path.key(key),
                format!("expected an array, found {}", describe(&other)),
            )),
        }
    }

    /// A relation's rationale; a missing one is a problem, not an error, so the relation stays.
    fn rationale(
        &mut self,
        path: &JsonPath,
        problems: &mut Vec<Problem>,
    ) -> Result<String, LoadError> {
        let rationale = self.string("rationale")?.unwrap_or_default();
        if rationale.trim().is_empty() {
            problems.push(Problem::at(path, "this relation has no rationale"));
        }
        Ok(rationale)
    }

    fn into_extra(self) -> Extra {
        self.map.into_map()
    }
}

fn expect_string(value: Node<'_>, path: &JsonPath) -> Result<String, LoadError> {
    match value {
        Node::String(text) => Ok(text.into_owned()),
        other => Err(LoadError::at(
            path,
            format!("expected a string, found {}", describe(&other)),
        )),
    }
}

/// Names a JSON value's type for messages, with a short excerpt of scalars.
pub(super) fn describe(value: &Node) -> String {
    match value {
        Node::Null => "null".into(),
        Node::Bool(flag) => format!("the boolean {flag}"),
        Node::Number(number) => format!("the number {number}"),
        Node::String(text) => {
            let excerpt: String = text.chars().take(40).collect();
            let ellipsis = if excerpt.len() < text.len() {
                "…"
            } else {
                ""
            };
            format!("the string {}", quote(&format!("{excerpt}{ellipsis}")))
        }
        Node::Array(items) => format!("an array of {} items", items.len()),
        Node::Object(_) => "an object".into(),
    }
}
