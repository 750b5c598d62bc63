//! The entry point for input: recognises the format, refuses what is not event data with a
//! message that says what it is instead, and hands the rest to the right reader.

use super::assemble::{assemble, Parts};
use super::json::{DocumentSteps, Stop};
use super::node::Node;
use super::{jsonl, text_page, Dataset, LoadError, Problem};

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

/// Nesting this deep or deeper is refused: real exports nest four or five levels, and serde_json
/// itself stops here (its recursion limit of 128 admits 127 levels) to protect the stack.
const REFUSED_DEPTH: usize = 128;

/// Loads an export from raw bytes. `file_name` (or the URL's last segment) is only a hint:
/// `.jsonl`/`.ndjson` selects JSON Lines, and a text page takes its id from the name.
pub fn load(bytes: &[u8], file_name: Option<&str>) -> Result<Loaded, LoadError> {
    start_loading(bytes, file_name).finish()
}

/// How much room a buffer of input should have once it must hold `needed` bytes, when the sender
/// declared `declared` bytes in all (a `Content-Length`, a file size). A declaration is a claim,
/// not bytes: room grows with what arrives, at most doubling it, and up to the declared size
/// (so a truthful one costs no copy at the end), never to a size claimed before it arrived.
pub fn read_buffer_capacity(needed: usize, declared: Option<usize>) -> usize {
    let doubled = needed.saturating_mul(2);
    match declared {
        Some(declared) if declared >= needed => declared.min(doubled),
        _ => doubled,
    }
}

/// Starts loading an export (see [`load`]) to be read in steps with [`Loading::step`]: a
/// JSON document is read a given number of events (or relations, or actors) at a time, so a
/// page can report progress and stay responsive in between. Other formats are read at once.
pub fn start_loading<'t>(bytes: &'t [u8], file_name: Option<&str>) -> Loading<'t> {
    let mut problems = Vec::new();
    let stage =
        begin(bytes, file_name, &mut problems).unwrap_or_else(|error| Stage::Read(Err(error)));
    Loading { problems, stage }
}

/// An export being loaded (see [`start_loading`]).
pub struct Loading<'t> {
    problems: Vec<Problem>,
    stage: Stage<'t>,
}

enum Stage<'t> {
    /// A JSON document, element by element (and its text, to read whole if walking it fails).
    Reading(Box<DocumentSteps<'t>>, &'t str),
    /// Everything read (or the reason it could not be).
    Read(Result<(Parts, Format), LoadError>),
}

impl Loading<'_> {
    /// Reads up to `max_elements` more elements; true once all is read (or it failed).
    pub fn step(&mut self, max_elements: usize) -> bool {
        let Stage::Reading(steps, text) = &mut self.stage else {
            return true;
        };
        let text = *text;
        match steps.step(max_elements) {
            Ok(false) => false,
            Ok(true) => {
                let placeholder = Stage::Read(Err(LoadError::new("")));
                if let Stage::Reading(steps, _) = std::mem::replace(&mut self.stage, placeholder) {
                    let (parts, problems) = steps.finish();
                    self.problems.extend(problems);
                    self.stage = Stage::Read(Ok((parts, Format::Json)));
                }
                true
            }
            Err(Stop::Failed(error)) => {
                self.stage = Stage::Read(Err(error));
                true
            }
            Err(Stop::ReadWhole) => {
                self.stage = read_whole(text, &mut self.problems)
                    .unwrap_or_else(|error| Stage::Read(Err(error)));
                false
            }
        }
    }

    /// Elements read so far, and how far through the input that is, from 0 to 1 (0 and 1 for
    /// formats read at once).
    pub fn progress(&self) -> (usize, f64) {
        match &self.stage {
            Stage::Reading(steps, _) => steps.progress(),
            Stage::Read(_) => (0, 1.0),
        }
    }

    /// Reads whatever is left, then checks and merges it all into a dataset.
    pub fn finish(mut self) -> Result<Loaded, LoadError> {
        while !self.step(usize::MAX) {}
        let Stage::Read(read) = self.stage else {
            unreachable!("step only returns true once read");
        };
        let (parts, format) = read?;
        let mut problems = self.problems;
        let dataset = assemble(parts, &mut problems)?;
        Ok(Loaded {
            dataset,
            problems,
            format,
        })
    }
}

/// Recognises the format and reads what can be read at once.
fn begin<'t>(
    bytes: &'t [u8],
    file_name: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Result<Stage<'t>, LoadError> {
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
    let is_json_lines_name = file_name.is_some_and(|name| {
        let name = name.to_ascii_lowercase();
        name.ends_with(".jsonl") || name.ends_with(".ndjson")
    });
    if trimmed.starts_with(['{', '[']) {
        if is_json_lines_name {
            return read_json_lines(text, problems);
        }
        // An object is walked element by element; if the walk cannot go on (JSON Lines, say,
        // or an error) the text is read whole after all (`read_whole`).
        match DocumentSteps::from_text(text) {
            Some(steps) => Ok(Stage::Reading(Box::new(steps), text)),
            None => read_whole(text, problems),
        }
    } else if text_page::looks_like_text_page(text) {
        Ok(Stage::Read(Ok((
            text_page::read(text, file_name, problems),
            Format::TextPage,
        ))))
    } else {
        Err(LoadError::new(
            "This file is not in a format Event Lens reads: expected a JSON document that \
             starts with {, JSON Lines (one event object per line), or an exported event page \
             in plain text (a title line, then \"Summary\", \"Related Events (N)\" and so on).",
        ))
    }
}

/// Reads a JSON text that could not be walked element by element: as JSON Lines when it looks
/// like them, else parsed whole (which gives a syntax error its line and column) and then read
/// in steps; whatever is wrong with it is then reported as a whole read reports it.
fn read_whole<'t>(text: &'t str, problems: &mut Vec<Problem>) -> Result<Stage<'t>, LoadError> {
    if looks_like_json_lines(text) {
        return read_json_lines(text, problems);
    }
    let steps = DocumentSteps::from_node(parse_json(text)?)?;
    Ok(Stage::Reading(Box::new(steps), text))
}

fn read_json_lines<'t>(text: &str, problems: &mut Vec<Problem>) -> Result<Stage<'t>, LoadError> {
    Ok(Stage::Read(Ok((
        jsonl::read(text, problems)?,
        Format::JsonLines,
    ))))
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
        && Node::parse(first).is_ok()
}

/// Parses a JSON document, turning serde_json's errors into messages with line and column.
pub(super) fn parse_json(text: &str) -> Result<Node<'_>, LoadError> {
    Node::parse(text).map_err(|error| json_syntax_error(&error, 0))
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
            "the document is nested {REFUSED_DEPTH} or more levels deep, which no event export \
             needs; is this the right file?"
        )
    } else if error.is_eof() {
        format!("the JSON ends too early ({detail}); was the file cut off?")
    } else {
        format!("this is not valid JSON: {detail}")
    };
    LoadError::at(place, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic;

    /// Whether `loading` is walking the text (not reading it whole after all).
    fn walks_text(loading: &Loading) -> bool {
        matches!(&loading.stage, Stage::Reading(steps, _) if steps.walks_text())
    }

    /// The ordinary way: the whole text parsed into one value, then read.
    fn load_whole(text: &str) -> Result<Loaded, LoadError> {
        let steps = DocumentSteps::from_node(parse_json(text)?)?;
        Loading {
            problems: Vec::new(),
            stage: Stage::Reading(Box::new(steps), text),
        }
        .finish()
    }

    fn documents() -> Vec<(String, String)> {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut documents: Vec<(String, String)> = ["all-fields.json", "hostile.json"]
            .iter()
            .map(|name| {
                let text = std::fs::read_to_string(format!("{fixtures}/{name}")).unwrap();
                (name.to_string(), text)
            })
            .collect();
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/www/sample.json");
        documents.push(("sample".into(), std::fs::read_to_string(sample).unwrap()));
        let generated = synthetic::generate(&synthetic::Spec {
            events: 300,
            relations: 900,
            seed: 3,
            full_content: true,
        });
        documents.push(("generated".into(), generated.to_string()));
        documents
    }

    /// Differential testing of the loader: documents generated from a small grammar of exports,
    /// then mutated (cut short, bytes inserted, brackets swapped, keys repeated, nesting
    /// deepened), read the way the browser reads them (one element a step) and whole. The two
    /// must agree exactly (data, problems in order, error), and neither may accept as a JSON
    /// document what serde_json refuses. `PROPTEST_CASES` sets how many inputs (a long run:
    /// `PROPTEST_CASES=200000 cargo test --lib differential`); the default is a bounded run.
    mod differential {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            prop::sample::select(vec![
                "a",
                "b",
                "Talks",
                "گفتگو",
                "שלום",
                "\u{202E}x",
                "\"q\"",
                "\\",
                "\n",
                "\u{0}",
                "🕊️",
                "Event 3",
                "the new event",
                "2026-04-16",
                "",
            ])
            .prop_map(str::to_owned)
        }

        fn document() -> impl Strategy<Value = serde_json::Value> {
            let event = (text(), text(), prop::option::of(text()), prop::collection::vec(text(), 0..3))
                .prop_map(|(id, title, date, tags)| {
                    serde_json::json!({"id": id, "title": title, "date": date, "tags": tags})
                });
            let relation = (text(), text(), text(), prop::option::of(text()))
                .prop_map(|(source, target, rationale, kind)| {
                    serde_json::json!({"source": source, "target": target, "rationale": rationale, "kind": kind})
                });
            (
                prop::collection::vec(event, 0..6),
                prop::collection::vec(relation, 0..6),
                prop::option::of(text()),
            )
                .prop_map(|(events, relations, title)| {
                    serde_json::json!({"meta": {"title": title}, "events": events, "relations": relations})
                })
        }

        #[derive(Clone, Debug)]
        enum Mutation {
            Truncate(usize),
            Insert(usize, &'static str),
            SwapBrackets(usize),
            RepeatKey(usize),
            Nest(usize),
        }

        fn mutation() -> impl Strategy<Value = Mutation> {
            prop_oneof![
                any::<usize>().prop_map(Mutation::Truncate),
                (
                    any::<usize>(),
                    prop::sample::select(vec![
                        "{",
                        "}",
                        "[",
                        "]",
                        ",",
                        ":",
                        "\"",
                        "\\",
                        "\u{0}",
                        "é",
                        "\n",
                        "null",
                        "1e999",
                        "-0",
                        "\"events\":[]",
                        "\\u12",
                        "\u{FEFF}",
                        "/*",
                        "\t",
                    ])
                )
                    .prop_map(|(at, text)| Mutation::Insert(at, text)),
                any::<usize>().prop_map(Mutation::SwapBrackets),
                any::<usize>().prop_map(Mutation::RepeatKey),
                (100usize..200).prop_map(Mutation::Nest),
            ]
        }

        /// A char boundary of `text` near `at`.
        fn boundary(text: &str, at: usize) -> usize {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        }

        fn mutate(mut text: String, mutation: &Mutation) -> String {
            match *mutation {
                Mutation::Truncate(at) => text.truncate(boundary(&text, at)),
                Mutation::Insert(at, piece) => text.insert_str(boundary(&text, at), piece),
                Mutation::SwapBrackets(at) => {
                    let swapped: String = text
                        .char_indices()
                        .map(|(index, c)| match c {
                            '[' if index >= at % (text.len() + 1) => '{',
                            '{' if index >= at % (text.len() + 1) => '[',
                            c => c,
                        })
                        .collect();
                    text = swapped;
                }
                Mutation::RepeatKey(at) => {
                    if let Some(open) = text[boundary(&text, at)..].find('{') {
                        let at = boundary(&text, at) + open + 1;
                        text.insert_str(at, "\"id\": \"again\", \"id\": \"twice\",");
                    }
                }
                Mutation::Nest(levels) => {
                    text = format!(
                        "{{\"events\": [], \"deep\": {}{}{}}}",
                        "[".repeat(levels),
                        text,
                        "]".repeat(levels)
                    );
                }
            }
            text
        }

        fn stepped(text: &str) -> Result<Loaded, LoadError> {
            let mut loading = start_loading(text.as_bytes(), Some("data.json"));
            while !loading.step(1) {}
            loading.finish()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(
                std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3000)
            ))]

            #[test]
            fn the_stepped_read_agrees_with_a_whole_read_and_with_serde_json(
                document in document(),
                pretty in any::<bool>(),
                mutations in prop::collection::vec(mutation(), 0..3),
            ) {
                let mut text = if pretty {
                    serde_json::to_string_pretty(&document).unwrap()
                } else {
                    document.to_string()
                };
                for mutation in &mutations {
                    text = mutate(text, mutation);
                }
                let by_steps = stepped(&text);
                let serde_accepts = serde_json::from_str::<serde_json::Value>(&text)
                    .is_ok_and(|value| value.is_object());
                if serde_accepts {
                    prop_assert_eq!(&by_steps, &load_whole(&text), "{}", text);
                } else {
                    prop_assert!(
                        !matches!(&by_steps, Ok(loaded) if loaded.format == Format::Json),
                        "accepted as a JSON document what serde_json refuses: {}", text
                    );
                }
            }
        }
    }

    #[test]
    fn a_read_buffer_grows_with_what_arrives_never_to_a_size_only_claimed() {
        // A server claims a gigabyte and sends 64 KB: room for 128 KB, not a gigabyte.
        assert_eq!(read_buffer_capacity(65_536, Some(1 << 30)), 131_072);
        // A truthful claim is reached without a copy at the end.
        assert_eq!(read_buffer_capacity(600_000, Some(1_000_000)), 1_000_000);
        // More than was claimed, or no claim: doubling.
        assert_eq!(read_buffer_capacity(2_000, Some(1_000)), 4_000);
        assert_eq!(read_buffer_capacity(2_000, None), 4_000);
        assert_eq!(read_buffer_capacity(usize::MAX, None), usize::MAX);
    }

    #[test]
    fn read_one_element_at_a_time_a_document_loads_exactly_as_when_parsed_whole() {
        for (name, text) in documents() {
            let mut loading = start_loading(text.as_bytes(), Some("data.json"));
            let (mut last_read, mut last_fraction) = loading.progress();
            assert_eq!(last_read, 0);
            while !loading.step(1) {
                assert!(walks_text(&loading), "{name} is walked, not read whole");
                let (read, fraction) = loading.progress();
                // One element or one other member a step.
                assert!(read - last_read <= 1, "{name}: one element a step at most");
                assert!(
                    fraction >= last_fraction && fraction < 1.0,
                    "{name}: {fraction}"
                );
                (last_read, last_fraction) = (read, fraction);
            }
            assert!(last_read > 1, "{name}: {last_read} elements read in steps");
            assert_eq!(loading.finish(), load_whole(&text), "{name}");
        }
    }

    #[test]
    fn arrays_in_any_order_load_as_a_whole_read_takes_them_actors_relations_then_events() {
        // The same relation is stated in `relations` (kind "cause") and in an event's `related`
        // list (kind "context"): a whole read takes `relations` first, so "cause" is kept. Each
        // array has a problem of its own; they are listed actors, relations, events.
        let text = r#"{
            "events": [
                {"id": "a", "title": "A", "related": [{"id": "b", "rationale": "Linked.", "kind": "context"}]},
                {"id": "b", "title": "", "date": "someday"}
            ],
            "meta": {"title": "Out of order", "generated_at": "x", "generatedAt": "y"},
            "relations": [
                {"source": "a", "target": "b", "rationale": "Linked.", "kind": "cause"},
                {"source": "b", "target": "a"}
            ],
            "actors": [{"id": "iran"}]
        }"#;
        let mut loading = start_loading(text.as_bytes(), None);
        while !loading.step(1) {
            assert!(walks_text(&loading));
        }
        let stepped = loading.finish().unwrap();
        assert_eq!(stepped, load_whole(text).unwrap());
        assert_eq!(stepped.dataset.relations[0].kind.as_deref(), Some("cause"));
        let order: Vec<String> = stepped.problems.iter().map(|p| p.to_string()).collect();
        let position = |needle: &str| {
            order
                .iter()
                .position(|problem| problem.contains(needle))
                .unwrap_or_else(|| panic!("{needle} in {order:?}"))
        };
        let actor = "actor \"\u{2068}iran\u{2069}\"";
        assert!(position("generatedAt") < position(actor));
        assert!(position(actor) < position("relations[1]"));
        assert!(position("relations[1]") < position("events[1].title"));
    }

    #[test]
    fn json_lines_without_their_file_name_are_recognised_after_the_first_line() {
        let text = "{\"id\": \"a\", \"title\": \"A\"}\n{\"id\": \"b\", \"title\": \"B\"}\n";
        let loaded = load(text.as_bytes(), Some("export.txt")).unwrap();
        assert_eq!(loaded.format, Format::JsonLines);
        assert_eq!(loaded.dataset.events.len(), 2);
    }

    #[test]
    fn a_bad_value_deep_in_a_stepped_document_is_reported_at_its_line_and_column() {
        let text = "{\"events\": [\n  {\"id\": \"a\", \"title\": \"A\"},\n  {\"id\": \"b\", \"title\": tru}\n]}";
        let mut loading = start_loading(text.as_bytes(), None);
        assert!(matches!(loading.stage, Stage::Reading(..)));
        while !loading.step(1) {}
        let error = loading.finish().unwrap_err();
        assert_eq!(error, load_whole(text).unwrap_err());
        assert!(error.to_string().contains("line 3, column"), "{error}");
    }

    #[test]
    fn a_syntax_error_anywhere_wins_over_a_field_error_before_it_as_in_a_whole_parse() {
        let texts = [
            "{\"schema\": \"event-graph/2\", \"events\": [\n{\"id\": \"a\", \"title\": tru}]}",
            "{\"events\": [{\"id\": 5, \"title\": \"A\"},\n{\"id\": \"b\", \"title\": nul}]}",
        ];
        for text in texts {
            let stepped = start_loading(text.as_bytes(), None).finish().unwrap_err();
            assert!(stepped.to_string().contains("line 2, column"), "{stepped}");
            assert_eq!(stepped, load_whole(text).unwrap_err());
        }
    }

    #[test]
    fn documents_the_walk_cannot_follow_are_parsed_whole_with_the_same_result() {
        // A repeated member: the last one counts, as in a whole parse.
        let text = r#"{"events": [{"id": "a", "title": "first"}], "events": [{"id": "b", "title": "second"}]}"#;
        let loaded = load(text.as_bytes(), None).unwrap();
        assert_eq!(loaded.dataset.events[0].id, "b");
        // A bare array of events.
        let text = r#"[{"id": "a", "title": "A"}]"#;
        assert_eq!(load(text.as_bytes(), None).unwrap().dataset.events.len(), 1);
    }
}
