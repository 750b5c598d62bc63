//! Walks a JSON document's top-level object as it is written: its members one by one and, for
//! the arrays the loader reads element by element, each element in turn.
//!
//! Why: a large export is one top-level object holding arrays of thousands of events. Walking
//! it lets the loader parse and check a few hundred elements at a time (so the page can show
//! progress and stay responsive between steps) and never holds the whole document as a tree of
//! values. Each value is parsed where it starts and ends where the parser stops, so the text is
//! read once (an earlier version found every element's bytes first, then parsed them: a second
//! pass over every string, a tenth of a load). Anything the walk does not understand (a
//! repeated member, broken structure, text after the object) makes it give up; the loader then
//! reads the whole text the ordinary way, which reports the exact error with its line and column.

use super::node::{Limited, Node};
use super::FastSet;
use std::borrow::Cow;

/// The top-level members whose arrays are read element by element, in the order a whole read
/// takes them.
pub(super) const ARRAYS: [&str; 3] = ["actors", "relations", "events"];

/// How many arrays and objects a whole read (serde_json) opens at most, one inside another.
const WHOLE_READ_LEVELS: usize = 127;

/// What the walk found next.
#[derive(Debug)]
pub(super) enum Found<'t> {
    /// A member that is not one of the [`ARRAYS`] (or is one whose value is not an array).
    Member(Cow<'t, str>, Node<'t>),
    /// An element of the array `ARRAYS[slot]`.
    Element { slot: usize, element: Node<'t> },
    /// The end of the object, with nothing but white space after it.
    End,
}

/// The walk gave up: read the whole text instead.
#[derive(Debug, PartialEq)]
pub(super) struct GiveUp;

/// Where the walk is in the top-level object.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// Between members; `first` until one has been read.
    Members {
        first: bool,
    },
    /// Inside the array `ARRAYS[slot]`; `first` until an element has been read.
    Array {
        slot: usize,
        first: bool,
    },
    Done,
}

/// A walk over one document's text (see the module's documentation).
pub(super) struct Walk<'t> {
    text: &'t str,
    at: usize,
    place: Place,
    /// The keys read so far, to notice a repeated member (a whole read keeps the last one).
    keys: FastSet<Cow<'t, str>>,
}

impl<'t> Walk<'t> {
    /// A walk over `text`, or `None` when it does not start with an object.
    pub(super) fn new(text: &'t str) -> Option<Self> {
        let at = skip_whitespace(text.as_bytes(), 0);
        (text.as_bytes().get(at) == Some(&b'{')).then_some(Self {
            text,
            at: at + 1,
            place: Place::Members { first: true },
            keys: FastSet::default(),
        })
    }

    /// Whether the walk has met a member `name` (as a member it returned, or as one of the
    /// [`ARRAYS`] it went into).
    pub(super) fn has_met(&self, name: &str) -> bool {
        self.keys.contains(name)
    }

    /// How far the walk is through the text, from 0 to 1.
    pub(super) fn fraction_read(&self) -> f64 {
        if self.text.is_empty() {
            1.0
        } else {
            self.at as f64 / self.text.len() as f64
        }
    }

    pub(super) fn next(&mut self) -> Result<Found<'t>, GiveUp> {
        let bytes = self.text.as_bytes();
        loop {
            match self.place {
                Place::Done => return Ok(Found::End),
                Place::Array { slot, first } => {
                    let mut at = skip_whitespace(bytes, self.at);
                    match bytes.get(at) {
                        Some(b']') => {
                            self.at = at + 1;
                            self.place = Place::Members { first: false };
                            continue;
                        }
                        Some(b',') if !first => at += 1,
                        Some(_) if first => {}
                        _ => return Err(GiveUp),
                    }
                    // Inside the document's object and this array: two of a whole read's levels.
                    let (element, end) = self.value_at::<{ WHOLE_READ_LEVELS - 2 }>(at)?;
                    self.at = end;
                    self.place = Place::Array { slot, first: false };
                    return Ok(Found::Element { slot, element });
                }
                Place::Members { first } => {
                    let mut at = skip_whitespace(bytes, self.at);
                    match bytes.get(at) {
                        Some(b'}') => {
                            if skip_whitespace(bytes, at + 1) != bytes.len() {
                                // Text after the object: not one document (JSON Lines, perhaps).
                                return Err(GiveUp);
                            }
                            self.at = bytes.len();
                            self.place = Place::Done;
                            return Ok(Found::End);
                        }
                        Some(b',') if !first => at = skip_whitespace(bytes, at + 1),
                        Some(b'"') if first => {}
                        _ => return Err(GiveUp),
                    }
                    if bytes.get(at) != Some(&b'"') {
                        return Err(GiveUp);
                    }
                    let key_end = skip_string(bytes, at).ok_or(GiveUp)?;
                    let key = self.key(at, key_end)?;
                    if !self.keys.insert(key.clone()) {
                        return Err(GiveUp);
                    }
                    at = skip_whitespace(bytes, key_end);
                    if bytes.get(at) != Some(&b':') {
                        return Err(GiveUp);
                    }
                    at = skip_whitespace(bytes, at + 1);
                    let slot = ARRAYS.iter().position(|name| *name == key);
                    if let (Some(slot), Some(b'[')) = (slot, bytes.get(at)) {
                        self.at = at + 1;
                        self.place = Place::Array { slot, first: true };
                        continue;
                    }
                    let (value, end) = self.value_at::<{ WHOLE_READ_LEVELS - 1 }>(at)?;
                    self.at = end;
                    self.place = Place::Members { first: false };
                    return Ok(Found::Member(key, value));
                }
            }
        }
    }

    /// The key whose quoted text is `start..end`: borrowed unless it has escapes. A control
    /// character, which JSON does not allow in a string, gives up (the whole read refuses it).
    fn key(&self, start: usize, end: usize) -> Result<Cow<'t, str>, GiveUp> {
        let quoted = &self.text[start..end];
        let inner = &quoted[1..quoted.len() - 1];
        if inner.bytes().any(|byte| byte < 0x20) {
            return Err(GiveUp);
        }
        if inner.contains('\\') {
            serde_json::from_str::<String>(quoted)
                .map(Cow::Owned)
                .map_err(|_| GiveUp)
        } else {
            Ok(Cow::Borrowed(inner))
        }
    }

    /// Parses the value that starts at `at`, nested at most `LEVELS` deep; also returns where
    /// it ends.
    fn value_at<const LEVELS: usize>(&self, at: usize) -> Result<(Node<'t>, usize), GiveUp> {
        let mut values =
            serde_json::Deserializer::from_str(&self.text[at..]).into_iter::<Limited<LEVELS>>();
        match values.next() {
            Some(Ok(Limited(value))) => Ok((value, at + values.byte_offset())),
            _ => Err(GiveUp),
        }
    }
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
        at += 1;
    }
    at
}

/// From the opening quote at `at`, the index just past the closing quote (keys only: values are
/// parsed).
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    loop {
        match *bytes.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Everything a walk finds, as values, or where it gave up.
    fn walk(text: &str) -> Result<Vec<(String, Value)>, GiveUp> {
        let mut walk = Walk::new(text).ok_or(GiveUp)?;
        let mut found = Vec::new();
        loop {
            match walk.next()? {
                Found::Member(key, value) => found.push((key.into_owned(), value.into_value())),
                Found::Element { slot, element } => {
                    found.push((format!("{}[]", ARRAYS[slot]), element.into_value()))
                }
                Found::End => return Ok(found),
            }
        }
    }

    #[test]
    fn members_and_elements_come_in_the_order_written_with_strings_and_nesting_respected() {
        let text = r#" { "schema" : "event-graph/1", "events": [ {"id": "a]}\"", "n": [1, {"x": null}]}, {"id":"b"} ] ,"meta":{"title":"{["}, "n": -1.5e3, "relations": [], "actors": null } "#;
        let found = walk(text).unwrap();
        let expected: Vec<(String, Value)> = vec![
            ("schema".into(), "event-graph/1".into()),
            (
                "events[]".into(),
                serde_json::json!({"id": "a]}\"", "n": [1, {"x": null}]}),
            ),
            ("events[]".into(), serde_json::json!({"id": "b"})),
            ("meta".into(), serde_json::json!({"title": "{["})),
            ("n".into(), serde_json::json!(-1.5e3)),
            ("actors".into(), Value::Null),
        ];
        assert_eq!(found, expected);
    }

    #[test]
    fn keys_with_escapes_are_read_as_what_they_spell() {
        let found = walk(r#"{"ev\u0065nts": [1], "a\"b": 2}"#).unwrap();
        assert_eq!(found[0], ("events[]".into(), Value::from(1)));
        assert_eq!(found[1], ("a\"b".into(), Value::from(2)));
    }

    #[test]
    fn values_deeper_than_a_whole_read_allows_give_up_and_the_deepest_allowed_do_not() {
        let nested = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        for (text, readable) in [
            (format!(r#"{{"events": [{}]}}"#, nested(125)), true),
            (format!(r#"{{"events": [{}]}}"#, nested(126)), false),
            (format!(r#"{{"x": {}, "events": []}}"#, nested(126)), true),
            (format!(r#"{{"x": {}, "events": []}}"#, nested(127)), false),
        ] {
            assert_eq!(walk(&text).is_ok(), readable, "{text}");
            assert_eq!(
                serde_json::from_str::<Value>(&text).is_ok(),
                readable,
                "a whole read agrees"
            );
        }
    }

    #[test]
    fn the_fraction_read_grows_to_one() {
        let text = r#"{"events": [{"id": "a"}, {"id": "b"}]}"#;
        let mut walk = Walk::new(text).unwrap();
        let mut fractions = vec![walk.fraction_read()];
        while !matches!(walk.next().unwrap(), Found::End) {
            fractions.push(walk.fraction_read());
        }
        fractions.push(walk.fraction_read());
        assert!(
            fractions.windows(2).all(|pair| pair[0] < pair[1]),
            "{fractions:?}"
        );
        assert_eq!(fractions.last(), Some(&1.0));
    }

    #[test]
    fn empty_containers_are_fine() {
        assert_eq!(walk(r#"{"events": [ ]}"#), Ok(vec![]));
        assert_eq!(walk("{}"), Ok(vec![]));
    }

    #[test]
    fn anything_the_walk_cannot_follow_gives_up_rather_than_guessing() {
        for text in [
            "",
            "[1, 2]",
            r#"{"events": [1, 2}"#,
            r#"{"events": [1, 2]"#,
            r#"{"events" [1]}"#,
            r#"{"a": "unterminated}"#,
            r#"{"a": 1,}"#,
            r#"{"a": 1} trailing"#,
            "{\"id\": 1}\n{\"id\": 2}",
            r#"{a: 1}"#,
            r#"{"events": [1 2]}"#,
            r#"{"events": [1,]}"#,
            r#"{"a": 1, "a": 2}"#,
            r#"{"events": [], "events": []}"#,
            r#"{"events": [{"id": "a"}], x": 1}"#,
            r#"{"events": [], é": 1}"#,
            "{\"events\": [], \"a\tb\": 1}",
        ] {
            assert_eq!(walk(text), Err(GiveUp), "{text:?}");
        }
    }
}
