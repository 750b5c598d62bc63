//! Reads `event-graph/1` values into model types, field by field, so that every error names its
//! JSON path and every field this version does not know is kept in `extra`.
//!
//! The readers take ownership of parsed [`Node`]s and move known fields out of their objects;
//! what is left over is exactly the unknown fields.

use super::assemble::{Origin, Parts};
use super::load::json_syntax_error;
use super::node::{Node, Object};
use super::outline;
use super::path::JsonPath;
use super::{
    Actor, ActorResponse, Direction, Event, EventDate, Extra, LoadError, Location, Meta, Problem,
    Relation, Source, SCHEMA,
};
use std::borrow::Cow;
use std::ops::Range;

/// Where the elements of one of the document's arrays come from: a parsed array, or ranges of
/// the text, each parsed when its turn comes.
enum Elements<'t> {
    Parsed(std::vec::IntoIter<Node<'t>>),
    Text {
        text: &'t str,
        ranges: std::vec::IntoIter<Range<usize>>,
    },
}

impl<'t> Elements<'t> {
    fn empty() -> Self {
        Elements::Parsed(Vec::new().into_iter())
    }

    fn len(&self) -> usize {
        match self {
            Elements::Parsed(values) => values.len(),
            Elements::Text { ranges, .. } => ranges.len(),
        }
    }

    fn next(&mut self) -> Option<Result<Node<'t>, LoadError>> {
        match self {
            Elements::Parsed(values) => values.next().map(Ok),
            Elements::Text { text, ranges } => {
                let range = ranges.next()?;
                // The position is the element's own; `Loading` reports the whole text's
                // syntax error instead (see `syntax_first` in load.rs), with the file's line
                // and column.
                let text: &'t str = text;
                Some(Node::parse(&text[range]).map_err(|error| json_syntax_error(&error, 0)))
            }
        }
    }
}

/// A JSON document read a few elements at a time, in the order a whole read takes them:
/// actors, relations, then events. The document's own fields (schema, meta, unknown ones) are
/// read when it is set up; [`DocumentSteps::step`] reads up to a given number of elements.
pub(super) struct DocumentSteps<'t> {
    parts: Parts,
    actors: Elements<'t>,
    relations: Elements<'t>,
    events: Elements<'t>,
    /// Elements read so far in each array (for their paths and origins).
    read: [usize; 3],
    total: usize,
}

impl<'t> DocumentSteps<'t> {
    /// From a document parsed whole.
    pub(super) fn from_node(
        root: Node<'t>,
        problems: &mut Vec<Problem>,
    ) -> Result<Self, LoadError> {
        match root {
            Node::Array(events) => Ok(Self::new(
                Parts::default(),
                Elements::empty(),
                Elements::empty(),
                Elements::Parsed(events.into_iter()),
            )),
            Node::Object(object) => Self::from_members(object, [None, None, None], problems),
            other => Err(LoadError::new(format!(
                "Expected a JSON object with an \"events\" array, found {}.",
                describe(&other)
            ))),
        }
    }

    /// From the text, without parsing it whole, when its outline can be followed (see
    /// [`outline`](super::outline)); `None` otherwise, and the caller parses it whole.
    pub(super) fn from_text(
        text: &'t str,
        problems: &mut Vec<Problem>,
    ) -> Option<Result<Self, LoadError>> {
        let members = outline::object_members(text)?;
        let mut object = Object::default();
        let mut arrays: [Option<Elements<'t>>; 3] = [None, None, None];
        for outline::Member {
            key,
            value,
            elements,
        } in members
        {
            let key: String = serde_json::from_str(&text[key]).ok()?;
            let slot = ARRAYS.iter().position(|name| *name == key);
            let already =
                object.contains_key(&key) || slot.is_some_and(|slot| arrays[slot].is_some());
            if already {
                // A repeated member: the whole parse decides which one counts.
                return None;
            }
            match (slot, elements) {
                (Some(slot), Some(ranges)) => {
                    arrays[slot] = Some(Elements::Text {
                        text,
                        ranges: ranges.into_iter(),
                    });
                }
                _ => {
                    object.push(Cow::Owned(key), Node::parse(&text[value]).ok()?);
                }
            }
        }
        Some(Self::from_members(object, arrays, problems))
    }

    /// From the top-level object's members; `arrays` holds actors, relations and events when
    /// they are still text.
    fn from_members(
        object: Object<'t>,
        arrays: [Option<Elements<'t>>; 3],
        problems: &mut Vec<Problem>,
    ) -> Result<Self, LoadError> {
        let path = JsonPath::ROOT;
        let mut parts = Parts::default();
        let mut document = ObjectReader::new(object, &path);
        parts.schema = document.string("schema")?;
        if let Some(schema) = &parts.schema {
            check_schema(schema, &path.key("schema"))?;
        }
        if let Some(meta) = document.take("meta", problems) {
            parts.meta = read_meta(meta, &path.key("meta"), problems)?;
        }
        let [actors, relations, events] = arrays;
        let actors = match actors {
            Some(elements) => elements,
            None => Elements::Parsed(document.array("actors", problems)?.into_iter()),
        };
        let relations = match relations {
            Some(elements) => elements,
            None => Elements::Parsed(document.array("relations", problems)?.into_iter()),
        };
        let events =
            match (events, document.take("events", problems)) {
                (Some(elements), _) => elements,
                (None, Some(Node::Array(events))) => Elements::Parsed(events.into_iter()),
                (None, Some(other)) => {
                    return Err(LoadError::at(
                        "events",
                        format!("expected an array of events, found {}", describe(&other)),
                    ))
                }
                (None, None) => return Err(LoadError::new(
                    "This JSON document has no \"events\" array, so it is not an event export. \
                     An event-graph/1 document is an object with an \"events\" array \
                     (see docs/data-format.md).",
                )),
            };
        parts.extra = document.into_extra();
        Ok(Self::new(parts, actors, relations, events))
    }

    fn new(
        mut parts: Parts,
        actors: Elements<'t>,
        relations: Elements<'t>,
        events: Elements<'t>,
    ) -> Self {
        parts.events.reserve(events.len());
        let total = actors.len() + relations.len() + events.len();
        Self {
            parts,
            actors,
            relations,
            events,
            read: [0; 3],
            total,
        }
    }

    /// Elements read so far, and in all.
    pub(super) fn progress(&self) -> (usize, usize) {
        (self.read.iter().sum(), self.total)
    }

    /// Reads up to `max_elements` more; true once every element has been read.
    pub(super) fn step(
        &mut self,
        max_elements: usize,
        problems: &mut Vec<Problem>,
    ) -> Result<bool, LoadError> {
        let path = JsonPath::ROOT;
        let (actors_path, relations_path, events_path) = (
            path.key("actors"),
            path.key("relations"),
            path.key("events"),
        );
        for _ in 0..max_elements {
            if let Some(actor) = self.actors.next() {
                let index = self.read[0];
                let actor_path = actors_path.index(index);
                self.parts
                    .actors
                    .push(read_actor(actor?, &actor_path, problems)?);
                self.read[0] += 1;
            } else if let Some(relation) = self.relations.next() {
                let index = self.read[1];
                let relation_path = relations_path.index(index);
                let relation = read_relation(relation?, &relation_path, problems)?;
                self.parts
                    .relations
                    .push((relation, Origin::relations(index)));
                self.read[1] += 1;
            } else if let Some(event) = self.events.next() {
                let index = self.read[2];
                let event_path = events_path.index(index);
                read_event_into(
                    event?,
                    &event_path,
                    Origin::events(index),
                    &mut self.parts,
                    problems,
                )?;
                self.read[2] += 1;
            } else {
                return Ok(true);
            }
        }
        Ok(self.progress().0 == self.total)
    }

    pub(super) fn into_parts(self) -> Parts {
        self.parts
    }
}

/// The document's arrays that are read element by element, in [`DocumentSteps`]'s order.
const ARRAYS: [&str; 3] = ["actors", "relations", "events"];

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
                "this file uses schema \"{schema}\", a version this build of Event Lens cannot \
                 read; it reads \"{SCHEMA}\""
            ),
        )),
        None => Err(LoadError::at(
            path,
            format!("\"{schema}\" is not an event-graph schema; expected \"{SCHEMA}\""),
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
                format!("actor \"{id}\" has no name; its id is shown instead"),
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

/// Reads one event and queues the relations its `related` list declares.
pub(super) fn read_event_into(
    value: Node<'_>,
    path: &JsonPath,
    origin: Origin,
    parts: &mut Parts,
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
        parts.relations.push((relation, origin.related(index)));
    }
    parts.events.push((
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
    let (source, target, direction) = match related.string("direction")?.as_deref() {
        Some("outgoing") => (event_id.to_owned(), other, Direction::SourceWasNew),
        Some("incoming") => (other, event_id.to_owned(), Direction::SourceWasNew),
        None => (event_id.to_owned(), other, Direction::Unrecorded),
        Some(unknown) => {
            return Err(LoadError::at(
                path.key("direction"),
                format!("expected \"outgoing\" or \"incoming\", found \"{unknown}\""),
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
            format!("the string \"{excerpt}{ellipsis}\"")
        }
        Node::Array(items) => format!("an array of {} items", items.len()),
        Node::Object(_) => "an object".into(),
    }
}
