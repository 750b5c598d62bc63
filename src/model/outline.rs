//! Finds the parts of a JSON document without building it: the members of the top-level object
//! and the elements of an array, as byte ranges of the text.
//!
//! Why: a large export is one top-level object holding arrays of thousands of events. Knowing
//! where each element is lets the loader parse and check them a few at a time (so the page can
//! show progress and stay responsive between steps), and never holds the whole document as a
//! tree of values. The scan checks structure only (brackets, strings, commas and colons);
//! anything it does not understand makes it give up, and the caller then parses the whole text
//! the ordinary way, which reports the exact error with its line and column.

use std::ops::Range;

/// How deep the scan follows nesting before giving up (the whole-text parse then refuses the
/// document with its own message); below the parser's own limit of 128.
const MAX_DEPTH: usize = 120;

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
        at += 1;
    }
    at
}

/// From the opening quote at `at`, the index just past the closing quote.
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => return Some(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
    None
}

/// From the start of a value at `at`, the index just past its end.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match *bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut at = at;
            while at < bytes.len() {
                match bytes[at] {
                    b'"' => {
                        at = skip_string(bytes, at)?;
                        continue;
                    }
                    b'{' | b'[' => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return None;
                        }
                    }
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            None
        }
        // A number, true, false or null: up to the next delimiter (the parser checks it).
        _ => {
            let end = bytes[at..]
                .iter()
                .position(|&b| matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
                .map_or(bytes.len(), |length| at + length);
            (end > at).then_some(end)
        }
    }
}

/// The top-level object's members, as (raw key text with its quotes, value range), in order;
/// `None` when the text is not a single object or the scan cannot follow it.
pub(super) fn object_members(text: &str) -> Option<Vec<(Range<usize>, Range<usize>)>> {
    let bytes = text.as_bytes();
    let mut at = skip_whitespace(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::new();
    at = skip_whitespace(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let key_end = skip_string(bytes, at)?;
            let key = at..key_end;
            at = skip_whitespace(bytes, key_end);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            let start = skip_whitespace(bytes, at + 1);
            let end = skip_value(bytes, start)?;
            members.push((key, start..end));
            at = skip_whitespace(bytes, end);
            match bytes.get(at) {
                Some(b',') => at = skip_whitespace(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_whitespace(bytes, at) == bytes.len()).then_some(members)
}

/// The elements of the array at `range` (which must start with `[`), as ranges; `None` when
/// the scan cannot follow it.
pub(super) fn array_elements(text: &str, range: Range<usize>) -> Option<Vec<Range<usize>>> {
    let bytes = &text.as_bytes()[..range.end];
    if bytes.get(range.start) != Some(&b'[') {
        return None;
    }
    let mut elements = Vec::new();
    let mut at = skip_whitespace(bytes, range.start + 1);
    if bytes.get(at) == Some(&b']') {
        return (at + 1 == range.end).then_some(elements);
    }
    loop {
        let end = skip_value(bytes, at)?;
        elements.push(at..end);
        at = skip_whitespace(bytes, end);
        match bytes.get(at) {
            Some(b',') => at = skip_whitespace(bytes, at + 1),
            Some(b']') => return (at + 1 == range.end).then_some(elements),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|range| &text[range.clone()]).collect()
    }

    #[test]
    fn members_and_elements_are_found_with_strings_and_nesting_respected() {
        let text = r#" { "schema" : "event-graph/1", "events": [ {"id": "a]}\"", "n": [1, {"x": null}]}, {"id":"b"} ] ,"meta":{"title":"{["}, "n": -1.5e3 } "#;
        let members = object_members(text).unwrap();
        let keys: Vec<&str> = members.iter().map(|(k, _)| &text[k.clone()]).collect();
        assert_eq!(keys, [r#""schema""#, r#""events""#, r#""meta""#, r#""n""#]);
        let values: Vec<Range<usize>> = members.iter().map(|(_, v)| v.clone()).collect();
        assert_eq!(
            texts(text, &values),
            [
                r#""event-graph/1""#,
                r#"[ {"id": "a]}\"", "n": [1, {"x": null}]}, {"id":"b"} ]"#,
                r#"{"title":"{["}"#,
                "-1.5e3"
            ]
        );
        let events = array_elements(text, values[1].clone()).unwrap();
        assert_eq!(
            texts(text, &events),
            [r#"{"id": "a]}\"", "n": [1, {"x": null}]}"#, r#"{"id":"b"}"#]
        );
        for element in texts(text, &events) {
            serde_json::from_str::<serde_json::Value>(element).expect("a whole value");
        }
    }

    #[test]
    fn empty_containers_are_fine() {
        let text = r#"{"events": [ ]}"#;
        let members = object_members(text).unwrap();
        assert_eq!(array_elements(text, members[0].1.clone()), Some(vec![]));
        assert_eq!(object_members("{}"), Some(vec![]));
    }

    #[test]
    fn anything_the_scan_cannot_follow_gives_up_rather_than_guessing() {
        for text in [
            "",
            "[1, 2]",
            r#"{"events": [1, 2}"#,
            r#"{"events": [1, 2]"#,
            r#"{"events" [1]}"#,
            r#"{"a": "unterminated}"#,
            r#"{"a": 1,}"#,
            r#"{"a": 1} trailing"#,
            r#"{a: 1}"#,
        ] {
            assert_eq!(object_members(text), None, "{text:?}");
        }
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(object_members(&deep), None, "too deep for the scan");
        let text = r#"{"events": [1 2]}"#;
        let members = object_members(text);
        let elements = members.and_then(|m| array_elements(text, m[0].1.clone()));
        assert_eq!(elements, None);
    }
}
