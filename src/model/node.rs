//! A parsed JSON value that borrows its keys and strings from the text it was parsed from.
//!
//! The readers in [`json`](super::json) move the fields they know out of each object and keep the
//! rest as `extra`. Parsed into `serde_json::Value`, every key was allocated and every object
//! built into a `BTreeMap`, only for the readers to take most of it apart again: that was half
//! of a load. A [`Node`] keeps an object as its members in the order written and a string as a
//! slice of the text (owned only when it has escapes), so only what the model keeps is copied.
//! Unknown fields become `Value`s as before ([`Node::into_value`]).

use serde::de::{Deserialize, DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// One JSON value, as parsed from `'t` text.
#[derive(Debug)]
pub(super) enum Node<'t> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'t, str>),
    Array(Vec<Node<'t>>),
    Object(Object<'t>),
}

/// A JSON object's members in the order written; a repeated key's last value counts, as it does
/// when a parser builds a map.
#[derive(Debug, Default)]
pub(super) struct Object<'t>(Vec<(Cow<'t, str>, Node<'t>)>);

impl<'t> Node<'t> {
    /// Parses a whole JSON text.
    pub(super) fn parse(text: &'t str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub(super) fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// The same value as `serde_json` would have parsed it.
    pub(super) fn into_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(flag) => Value::Bool(flag),
            Node::Number(number) => Value::Number(number),
            Node::String(text) => Value::String(text.into_owned()),
            Node::Array(items) => Value::Array(items.into_iter().map(Node::into_value).collect()),
            Node::Object(object) => Value::Object(object.into_map()),
        }
    }
}

impl<'t> Object<'t> {
    /// Adds a member at the end (so it wins over an earlier one with its key).
    pub(super) fn push(&mut self, key: Cow<'t, str>, node: Node<'t>) {
        self.0.push((key, node));
    }

    pub(super) fn contains_key(&self, name: &str) -> bool {
        self.0.iter().any(|(key, _)| same_key(key, name))
    }

    /// Takes the member `name` out (its last value, when the key is repeated; earlier ones are
    /// dropped with it, so none of them is left over as an unknown field).
    pub(super) fn remove(&mut self, name: &str) -> Option<Node<'t>> {
        let last = self.0.iter().rposition(|(key, _)| same_key(key, name))?;
        let (_, node) = self.0.remove(last);
        if self.0[..last].iter().any(|(key, _)| same_key(key, name)) {
            self.0.retain(|(key, _)| !same_key(key, name));
        }
        Some(node)
    }

    /// The members left, as a map of values.
    pub(super) fn into_map(self) -> Map<String, Value> {
        self.0
            .into_iter()
            .map(|(key, node)| (key.into_owned(), node.into_value()))
            .collect()
    }
}

/// Whether two keys are equal; most of the keys of an object differ from a field name in length
/// or first byte, which is checked before comparing the rest (a dozen look-ups per event).
#[inline]
fn same_key(key: &str, name: &str) -> bool {
    key.len() == name.len() && key.as_bytes().first() == name.as_bytes().first() && key == name
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json's own limit (128 levels) is the only one.
        NodeVisitor {
            levels_left: usize::MAX,
        }
        .deserialize(deserializer)
    }
}

/// A node nested at most `LEVELS` arrays or objects deep (itself included); deeper is an
/// error. For a value read on its own that a whole read meets inside other containers: the
/// whole read's limit counts those too, so the part must stay within what is left of it.
pub(super) struct Limited<'t, const LEVELS: usize>(pub Node<'t>);

impl<'de, const LEVELS: usize> Deserialize<'de> for Limited<'de, LEVELS> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        NodeVisitor {
            levels_left: LEVELS,
        }
        .deserialize(deserializer)
        .map(Limited)
    }
}

/// Builds a node; `levels_left` is how many more arrays or objects may be opened.
#[derive(Clone, Copy)]
struct NodeVisitor {
    levels_left: usize,
}

impl NodeVisitor {
    /// The visitor for the values inside a container being opened; an error past the limit.
    fn inside<E: Error>(self) -> Result<Self, E> {
        match self.levels_left.checked_sub(1) {
            Some(levels_left) => Ok(Self { levels_left }),
            None => Err(E::custom("nested deeper than a whole read allows")),
        }
    }
}

impl<'de> DeserializeSeed<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Room reserved for an object's members and an array's items before the first is read (the
/// parser cannot tell how many follow): an event has a dozen fields and its lists a few
/// entries, so most are built in one allocation instead of growing three times.
const SMALL_OBJECT: usize = 16;
const SMALL_ARRAY: usize = 4;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(number.into()))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(number.into()))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Node<'de>, E> {
        Ok(Number::from_f64(number).map_or(Node::Null, Node::Number))
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E>(self, text: String) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(text)))
    }

    fn visit_none<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Node<'de>, A::Error> {
        let inside = self.inside()?;
        let mut nodes = Vec::with_capacity(items.size_hint().unwrap_or(SMALL_ARRAY));
        while let Some(node) = items.next_element_seed(inside)? {
            nodes.push(node);
        }
        Ok(Node::Array(nodes))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Node<'de>, A::Error> {
        let inside = self.inside()?;
        let mut object = Vec::with_capacity(members.size_hint().unwrap_or(SMALL_OBJECT));
        while let Some(Key(key)) = members.next_key()? {
            object.push((key, members.next_value_seed(inside)?));
        }
        Ok(Node::Object(Object(object)))
    }
}

/// An object key, borrowed from the text unless it has escapes.
struct Key<'t>(Cow<'t, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E>(self, text: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_converts_to_the_value_serde_json_parses() {
        let text = r#"{"b": [1, -2, 3.5, 1e300, 18446744073709551616, true, null],
            "a\u00e9": {"x": "plain", "y": "esc\"aped", "x": "last wins"}, "": {}}"#;
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(Node::parse(text).unwrap().into_value(), expected);
    }

    #[test]
    fn plain_strings_and_keys_are_borrowed_from_the_text() {
        let Node::Object(mut object) = Node::parse(r#"{"id": "e1", "t": "a\nb"}"#).unwrap() else {
            panic!("an object");
        };
        assert!(matches!(object.0[0].0, Cow::Borrowed("id")));
        assert!(matches!(
            object.remove("id"),
            Some(Node::String(Cow::Borrowed("e1")))
        ));
        assert!(matches!(
            object.remove("t"),
            Some(Node::String(Cow::Owned(_)))
        ));
    }

    #[test]
    fn removing_a_repeated_key_takes_its_last_value_and_leaves_none_behind() {
        let Node::Object(mut object) = Node::parse(r#"{"k": 1, "o": 2, "k": 3}"#).unwrap() else {
            panic!("an object");
        };
        assert_eq!(object.remove("k").unwrap().into_value(), Value::from(3));
        assert!(!object.contains_key("k"));
        assert_eq!(object.into_map().len(), 1);
    }

    #[test]
    fn syntax_errors_are_the_ones_serde_json_reports() {
        for text in ["{\"a\": [1, 2}", "{\"a\": \"\\x\"}", "[1, 2", "{\"a\" 1}"] {
            let ours = Node::parse(text).unwrap_err();
            let theirs = serde_json::from_str::<Value>(text).unwrap_err();
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
    }
}
