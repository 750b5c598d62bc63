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

/// A mask with the high bit set in the first byte of `word` that equals `byte` (the classic
/// "has zero byte" test, applied to `word` xor `byte` repeated); bits above that byte may be
/// set too, so only the lowest set bit is meaningful, and it is exact. Zero when none equals.
fn first_byte_mask(word: u64, byte: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// From the opening quote at `at`, the index just past the closing quote. Strings are most of
/// an export's bytes (content, rationales), so they are read eight bytes at a time, jumping
/// straight to the first quote or backslash in a word.
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at + 1;
    loop {
        while let Some(chunk) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(chunk.try_into().ok()?);
            let mask = first_byte_mask(word, b'"') | first_byte_mask(word, b'\\');
            if mask != 0 {
                at += (mask.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
        match *bytes.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
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

/// One member of the top-level object: its key (the raw text, with its quotes), its value, and,
/// when the value is an array, where each of its elements is.
#[derive(Debug, PartialEq)]
pub(super) struct Member {
    pub key: Range<usize>,
    pub value: Range<usize>,
    pub elements: Option<Vec<Range<usize>>>,
}

/// The top-level object's members, in order, found in one pass over the text; `None` when the
/// text is not a single object or the scan cannot follow it.
pub(super) fn object_members(text: &str) -> Option<Vec<Member>> {
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
            let (end, elements) = if bytes.get(start) == Some(&b'[') {
                let (end, elements) = array_elements(bytes, start)?;
                (end, Some(elements))
            } else {
                (skip_value(bytes, start)?, None)
            };
            members.push(Member {
                key,
                value: start..end,
                elements,
            });
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

/// The elements of the array starting at `start` (a `[`), as ranges, and the index just past
/// its `]`; `None` when the scan cannot follow it.
fn array_elements(bytes: &[u8], start: usize) -> Option<(usize, Vec<Range<usize>>)> {
    let mut elements = Vec::new();
    let mut at = skip_whitespace(bytes, start + 1);
    if bytes.get(at) == Some(&b']') {
        return Some((at + 1, elements));
    }
    loop {
        let end = skip_value(bytes, at)?;
        elements.push(at..end);
        at = skip_whitespace(bytes, end);
        match bytes.get(at) {
            Some(b',') => at = skip_whitespace(bytes, at + 1),
            Some(b']') => return Some((at + 1, elements)),
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
        let keys: Vec<&str> = members.iter().map(|m| &text[m.key.clone()]).collect();
        assert_eq!(keys, [r#""schema""#, r#""events""#, r#""meta""#, r#""n""#]);
        let values: Vec<Range<usize>> = members.iter().map(|m| m.value.clone()).collect();
        assert_eq!(
            texts(text, &values),
            [
                r#""event-graph/1""#,
                r#"[ {"id": "a]}\"", "n": [1, {"x": null}]}, {"id":"b"} ]"#,
                r#"{"title":"{["}"#,
                "-1.5e3"
            ]
        );
        let events = members[1].elements.as_ref().unwrap();
        assert_eq!(
            texts(text, events),
            [r#"{"id": "a]}\"", "n": [1, {"x": null}]}"#, r#"{"id":"b"}"#]
        );
        for element in texts(text, events) {
            serde_json::from_str::<serde_json::Value>(element).expect("a whole value");
        }
        assert!(members
            .iter()
            .enumerate()
            .all(|(i, m)| (i == 1) == m.elements.is_some()));
    }

    #[test]
    fn long_strings_with_quotes_and_backslashes_anywhere_are_skipped_whole() {
        // Escapes at every offset around the eight-byte steps of the string scan.
        for padding in 0..20 {
            let inner = format!(
                "{}\\\"{}\\\\{}",
                "x".repeat(padding),
                "y".repeat(9),
                "z".repeat(padding)
            );
            let text = format!(r#"{{"events": ["{inner}", 1]}}"#);
            let members = object_members(&text).unwrap();
            let elements = members[0].elements.as_ref().unwrap();
            assert_eq!(
                texts(&text, elements),
                [format!("\"{inner}\"").as_str(), "1"]
            );
        }
    }

    #[test]
    fn empty_containers_are_fine() {
        let members = object_members(r#"{"events": [ ]}"#).unwrap();
        assert_eq!(members[0].elements, Some(vec![]));
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
            r#"{"events": [1 2]}"#,
        ] {
            assert_eq!(object_members(text), None, "{text:?}");
        }
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(object_members(&deep), None, "too deep for the scan");
    }
}
