//! The entry point for input: recognises the format, refuses what is not event data with a
//! message that says what it is instead, and hands the rest to the right reader.

use super::assemble::assemble;
use super::{json, jsonl, text_page, Dataset, LoadError, Problem};
use serde_json::Value;

/// How the input was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    JsonLines,
    TextPage,
}

/// A successfully loaded input: the data, and the problems that did not stop it loading.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub dataset: Dataset,
    pub problems: Vec<Problem>,
    pub format: Format,
}

/// Deeper nesting than this is refused: real exports nest four or five levels, and serde_json
/// itself stops at 128 to protect the stack.
const MAX_DEPTH: usize = 128;

/// Loads an export from raw bytes. `file_name` (or the URL's last segment) is only a hint:
/// `.jsonl`/`.ndjson` selects JSON Lines, and a text page takes its id from the name.
pub fn load(bytes: &[u8], file_name: Option<&str>) -> Result<Loaded, LoadError> {
    let text = decode_text(bytes)?;
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(LoadError::new(if bytes.is_empty() {
            "The file is empty."
        } else {
            "The file contains only white space."
        }));
    }
    if trimmed.starts_with('<') {
        // Characters, not bytes: slicing bytes could cut a character in two.
        let head = trimmed
            .chars()
            .take(512)
            .collect::<String>()
            .to_ascii_lowercase();
        let html_markers = ["<!doctype html", "<html", "<head", "<body"];
        if html_markers.iter().any(|marker| head.contains(marker)) {
            return Err(LoadError::new(
                "This is an HTML web page, not event data. If it came from a URL, the server \
                 probably answered with an error or sign-in page instead of the export.",
            ));
        }
        return Err(LoadError::new(
            "This looks like XML, not event data; Event Lens reads JSON, JSON Lines and \
             exported event pages in plain text.",
        ));
    }
    let mut problems = Vec::new();
    let is_json_lines_name = file_name.is_some_and(|name| {
        let name = name.to_ascii_lowercase();
        name.ends_with(".jsonl") || name.ends_with(".ndjson")
    });
    let (parts, format) = if trimmed.starts_with(['{', '[']) {
        if is_json_lines_name || looks_like_json_lines(text) {
            (jsonl::read(text, &mut problems)?, Format::JsonLines)
        } else {
            let root = parse_json(text)?;
            (json::read_document(root, &mut problems)?, Format::Json)
        }
    } else if text_page::looks_like_text_page(text) {
        (
            text_page::read(text, file_name, &mut problems),
            Format::TextPage,
        )
    } else {
        return Err(LoadError::new(
            "This file is not in a format Event Lens reads: expected a JSON document that \
             starts with {, JSON Lines (one event object per line), or an exported event page \
             in plain text (a title line, then \"Summary\", \"Related Events (N)\" and so on).",
        ));
    };
    let dataset = assemble(parts, &mut problems)?;
    Ok(Loaded {
        dataset,
        problems,
        format,
    })
}

/// Checks that the bytes are text before anything tries to read them as such.
fn decode_text(bytes: &[u8]) -> Result<&str, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes.iter().take(64 * 1024).position(|&b| b == 0) {
        return Err(LoadError::new(format!(
            "This is a binary file, not text (a zero byte at offset {at}). Event Lens reads \
             JSON, JSON Lines and plain-text event pages."
        )));
    }
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.len()
            - valid
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |at| at + 1)
            + 1;
        LoadError::at(
            format!("line {line}, column {column}"),
            "this is not UTF-8 text (a binary file, or text in another encoding; save it as \
             UTF-8)",
        )
    })
}

/// JSON Lines when the first line is a complete JSON object on its own and another follows.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    first.starts_with('{')
        && first.ends_with('}')
        && second.starts_with('{')
        && serde_json::from_str::<Value>(first).is_ok()
}

/// Parses a JSON document, turning serde_json's errors into messages with line and column.
pub(super) fn parse_json(text: &str) -> Result<Value, LoadError> {
    serde_json::from_str(text).map_err(|error| json_syntax_error(&error, 0))
}

/// Describes a JSON syntax error at its line and column (`line_offset` is added for JSON Lines).
pub(super) fn json_syntax_error(error: &serde_json::Error, line_offset: usize) -> LoadError {
    let place = format!(
        "line {}, column {}",
        error.line() + line_offset,
        error.column()
    );
    let full = error.to_string();
    let detail = full.split(" at line ").next().unwrap_or(&full);
    let message = if detail.contains("recursion limit exceeded") {
        format!(
            "the document is nested more than {MAX_DEPTH} levels deep, which no event export \
             needs; is this the right file?"
        )
    } else if error.is_eof() {
        format!("the JSON ends too early ({detail}); was the file cut off?")
    } else {
        format!("this is not valid JSON: {detail}")
    };
    LoadError::at(place, message)
}
