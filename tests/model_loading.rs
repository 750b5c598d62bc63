//! Native tests of loading: every accepted format and field, every refusal, every warning.

use event_lens::model::rationale::{segments, Reference};
use event_lens::model::{load, Dataset, DatasetIndex, Direction, Format, LoadError, Loaded};
use serde_json::json;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn load_ok(bytes: &[u8], name: Option<&str>) -> Loaded {
    load(bytes, name).unwrap_or_else(|error| panic!("should load, got: {error}"))
}

fn load_json(value: serde_json::Value) -> Result<Loaded, LoadError> {
    load(value.to_string().as_bytes(), Some("data.json"))
}

fn load_err(bytes: &[u8], name: Option<&str>) -> LoadError {
    match load(bytes, name) {
        Ok(_) => panic!(
            "{:?} should not load",
            String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
        ),
        Err(error) => error,
    }
}

fn event<'a>(dataset: &'a Dataset, id: &str) -> &'a event_lens::model::Event {
    dataset
        .events
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

// ---------------------------------------------------------------- the seed text page

#[test]
fn seed_text_page_loads_with_its_eight_rationales_and_two_responses() {
    let bytes = fixture("tests/fixtures/000_6606db7bc665eae2.txt");
    let loaded = load_ok(&bytes, Some("000_6606db7bc665eae2.txt"));
    assert_eq!(loaded.format, Format::TextPage);
    let page = event(&loaded.dataset, "000_6606db7bc665eae2");
    assert_eq!(
        page.title,
        "US and Iran Advance Backchannel Negotiations Toward Potential Agreement"
    );
    assert!(page
        .summary
        .as_deref()
        .unwrap()
        .starts_with("Intelligence reports indicate significant progress"));
    assert_eq!(page.content, None, "the page's Full Content is empty");
    assert_eq!(page.actor_responses.len(), 2);
    assert!(
        page.actor_responses.iter().all(|r| r.actor.is_none()),
        "the export lost actor names"
    );
    assert_eq!(
        page.actor_responses[1].response,
        "Engaged in backdoor diplomacy with the US, making progress toward a potential agreement."
    );
    let relations = &loaded.dataset.relations;
    assert_eq!(relations.len(), 8);
    assert!(relations
        .iter()
        .all(|r| r.source == page.id && r.direction == Direction::Unrecorded));
    assert!(
        relations[0]
            .rationale
            .starts_with("Event 14 explicitly links"),
        "quotes are stripped"
    );
    assert!(relations[7]
        .rationale
        .ends_with("despite ongoing diplomatic talks."));
    let placeholders: Vec<_> = loaded
        .dataset
        .events
        .iter()
        .filter(|e| e.placeholder)
        .collect();
    assert_eq!(
        placeholders.len(),
        8,
        "each unnamed related event gets a placeholder"
    );
    // "Sources (1)" lists none: the mismatch is reported, not hidden.
    assert!(loaded.problems.iter().any(|p| p
        .message
        .contains("the heading announces 1 but lists 0 sources")));
}

#[test]
fn text_page_keeps_unlabelled_lines_and_reads_a_date_line() {
    let text = "Title here\n2026-04-18\nreported by desk\nSummary\nShort.\nSources (1)\nWire — https://wire.example.com/x\n";
    let loaded = load_ok(text.as_bytes(), None);
    let page = &loaded.dataset.events[0];
    assert_eq!(page.id, "title-here");
    assert_eq!(page.date.as_ref().unwrap().raw, "2026-04-18");
    assert_eq!(page.extra["unlabelled_lines"], json!(["reported by desk"]));
    assert_eq!(
        page.sources[0].url.as_deref(),
        Some("https://wire.example.com/x")
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

// ---------------------------------------------------------------- the bundled sample

#[test]
fn bundled_sample_loads_cleanly_with_the_seed_relations_in_both_directions() {
    let loaded = load_ok(&fixture("www/sample.json"), Some("sample.json"));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let dataset = &loaded.dataset;
    assert!(dataset.events.len() >= 12);
    let index = DatasetIndex::new(dataset);
    let seed = index
        .event_index("us-iran-backchannel-agreement")
        .expect("seed event");
    let seed_relations: Vec<_> = index
        .relations_of(seed)
        .iter()
        .map(|&r| &dataset.relations[r])
        .collect();
    assert_eq!(seed_relations.len(), 8);
    let seed_text = String::from_utf8(fixture("tests/fixtures/000_6606db7bc665eae2.txt")).unwrap();
    for line in seed_text.lines().filter(|l| l.starts_with('"')) {
        let rationale = line.trim_matches('"');
        assert!(
            seed_relations.iter().any(|r| r.rationale == rationale),
            "missing: {rationale}"
        );
    }
    let outgoing = seed_relations
        .iter()
        .filter(|r| r.source == "us-iran-backchannel-agreement")
        .count();
    assert_eq!(
        (outgoing, seed_relations.len() - outgoing),
        (3, 5),
        "3 where the seed was new, 5 where it was Event N"
    );
    assert!(seed_relations
        .iter()
        .all(|r| r.direction == Direction::SourceWasNew));
}

// ---------------------------------------------------------------- fields

#[test]
fn every_field_of_the_format_is_read() {
    let loaded = load_ok(
        &fixture("tests/fixtures/all-fields.json"),
        Some("all-fields.json"),
    );
    let dataset = &loaded.dataset;
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(dataset.schema, "event-graph/1");
    assert_eq!(dataset.meta.title.as_deref(), Some("All fields"));
    assert_eq!(
        dataset.meta.generated_at.as_deref(),
        Some("2026-11-20T10:00:00Z"),
        "camelCase generatedAt"
    );
    assert_eq!(dataset.actors.len(), 2);
    assert_eq!(dataset.actors[0].kind.as_deref(), Some("state"));
    let talks = event(dataset, "talks");
    assert_eq!(
        talks.summary.as_deref(),
        Some("Progress in backchannel talks.")
    );
    assert_eq!(talks.content.as_deref().unwrap().split("\n\n").count(), 2);
    assert_eq!(talks.date.as_ref().unwrap().to_string(), "18 April 2026");
    let location = talks.location.as_ref().unwrap();
    assert_eq!(
        (location.name.as_deref(), location.lat, location.lon),
        (Some("Muscat"), Some(23.58), Some(58.38))
    );
    assert_eq!(talks.tags, ["diplomacy", "iran"]);
    assert_eq!(talks.sources.len(), 3);
    assert_eq!(talks.sources[0].publisher.as_deref(), Some("Example News"));
    assert_eq!(talks.sources[0].published.as_deref(), Some("2026-04-18"));
    assert_eq!(
        talks.sources[1].url.as_deref(),
        Some("https://wire.example.com/item"),
        "a bare URL string"
    );
    assert_eq!(
        talks.sources[2].title.as_deref(),
        Some("A printed bulletin"),
        "a bare citation string"
    );
    assert_eq!(talks.actor_responses.len(), 2, "camelCase actorResponses");
    assert_eq!(
        dataset.actor_name(talks.actor_responses[0].actor.as_deref().unwrap()),
        "United States"
    );
    assert_eq!(
        dataset.actor_name(talks.actor_responses[1].actor.as_deref().unwrap()),
        "A plain name"
    );
    let truce = event(dataset, "truce");
    assert_eq!(
        truce.date.as_ref().unwrap().to_string(),
        "16 April 2026, 21:00 UTC+03:00"
    );
    // Same pair, different rationales: two relations, both kept.
    assert_eq!(dataset.relations.len(), 2);
    assert_eq!(dataset.relations[0].score, Some(0.5));
    assert_eq!(dataset.relations[1].kind.as_deref(), Some("causal"));
    assert_eq!(dataset.relations[1].direction, Direction::SourceWasNew);
}

#[test]
fn unknown_fields_are_kept_at_every_level() {
    let loaded = load_ok(&fixture("tests/fixtures/all-fields.json"), None);
    let dataset = &loaded.dataset;
    assert_eq!(dataset.extra["exported_by"], json!("pipeline-x"));
    assert_eq!(dataset.meta.extra["pipeline"], json!({"version": 3}));
    assert_eq!(dataset.actors[0].extra["flag"], json!("🇺🇸"));
    let talks = event(dataset, "talks");
    assert_eq!(talks.extra["confidence"], json!(0.8));
    assert_eq!(
        talks.location.as_ref().unwrap().extra["admin"],
        json!("Oman")
    );
    assert_eq!(talks.sources[0].extra["paywalled"], json!(true));
    assert_eq!(talks.actor_responses[0].extra["tone"], json!("positive"));
    assert_eq!(dataset.relations[0].extra["prompt_id"], json!(17));
    assert_eq!(dataset.relations[1].extra["model"], json!("m-1"));
    assert!(
        !talks.extra.contains_key("actorResponses"),
        "a known field is not also kept as unknown"
    );
}

#[test]
fn both_spellings_of_a_field_use_snake_case_and_keep_the_other() {
    let loaded = load_json(json!({"events": [{"id": "a", "title": "A",
        "actor_responses": [{"response": "one"}], "actorResponses": [{"response": "two"}]}]}))
    .unwrap();
    let a = &loaded.dataset.events[0];
    assert_eq!(a.actor_responses[0].response, "one");
    assert_eq!(a.extra["actorResponses"], json!([{"response": "two"}]));
    assert!(loaded.problems[0]
        .to_string()
        .starts_with("events[0]: both \"actor_responses\""));
}

#[test]
fn a_bare_array_is_a_list_of_events() {
    let loaded = load_json(json!([{"id": "a", "title": "A"}, {"id": "b", "title": "B"}])).unwrap();
    assert_eq!(loaded.dataset.events.len(), 2);
}

// ---------------------------------------------------------------- relations

#[test]
fn the_same_judgement_stated_twice_is_one_relation() {
    let loaded = load_json(json!({
        "events": [
            {"id": "new", "title": "N", "related": [{"id": "old", "rationale": "R", "direction": "outgoing"}]},
            {"id": "old", "title": "O", "related": [{"id": "new", "rationale": "R"}]}
        ],
        "relations": [{"source": "new", "target": "old", "rationale": "R", "kind": "causal"}]
    }))
    .unwrap();
    let relations = &loaded.dataset.relations;
    assert_eq!(relations.len(), 1, "{relations:?}");
    assert_eq!(
        (relations[0].source.as_str(), relations[0].target.as_str()),
        ("new", "old")
    );
    assert_eq!(relations[0].kind.as_deref(), Some("causal"));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

#[test]
fn a_recorded_direction_wins_over_an_unrecorded_repeat() {
    let loaded = load_json(json!({
        "events": [
            {"id": "old", "title": "O", "related": [{"id": "new", "rationale": "R"}]},
            {"id": "new", "title": "N"}
        ],
        "relations": [{"source": "new", "target": "old", "rationale": "R"}]
    }))
    .unwrap();
    let relation = &loaded.dataset.relations[0];
    assert_eq!(loaded.dataset.relations.len(), 1);
    assert_eq!(
        (relation.source.as_str(), relation.direction),
        ("new", Direction::SourceWasNew)
    );
}

#[test]
fn incoming_related_entries_point_from_the_other_event() {
    let loaded = load_json(json!({"events": [
        {"id": "old", "title": "O", "related": [{"id": "new", "rationale": "R", "direction": "incoming"}]},
        {"id": "new", "title": "N"}
    ]}))
    .unwrap();
    let relation = &loaded.dataset.relations[0];
    assert_eq!(
        (relation.source.as_str(), relation.target.as_str()),
        ("new", "old")
    );
}

#[test]
fn contradictory_directions_are_reported_and_the_first_is_kept() {
    let loaded = load_json(json!({
        "events": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}],
        "relations": [
            {"source": "a", "target": "b", "rationale": "R"},
            {"source": "b", "target": "a", "rationale": "R"}
        ]
    }))
    .unwrap();
    assert_eq!(loaded.dataset.relations.len(), 1);
    assert_eq!(loaded.dataset.relations[0].source, "a");
    assert_eq!(loaded.problems[0].place, "relations[1]");
    assert!(loaded.problems[0].message.contains("opposite direction"));
}

#[test]
fn references_in_a_rationale_resolve_to_the_relation_endpoints() {
    let loaded = load_ok(&fixture("www/sample.json"), None);
    let relation = loaded
        .dataset
        .relations
        .iter()
        .find(|r| {
            r.rationale
                .starts_with("Event 13 reports on advancing backchannel")
        })
        .expect("seed rationale 4");
    assert_eq!(
        relation.target, "us-iran-backchannel-agreement",
        "Event 13 is the seed event"
    );
    let references: Vec<_> = segments(&relation.rationale)
        .into_iter()
        .filter_map(|s| s.reference)
        .map(|reference| match reference {
            Reference::NewEvent => relation.source.as_str(),
            Reference::OtherEvent => relation.target.as_str(),
        })
        .collect();
    assert_eq!(
        references,
        [
            "us-iran-backchannel-agreement",
            "iran-leadership-hardline-posture",
            "us-iran-backchannel-agreement",
            "iran-leadership-hardline-posture"
        ]
    );
}

// ---------------------------------------------------------------- warnings

#[test]
fn problems_that_do_not_stop_loading_are_listed_with_their_place() {
    let loaded = load_json(json!({"events": [
        {"id": "a", "title": "A", "date": "sometime in April",
         "related": [{"id": "ghost", "rationale": "R"}, {"id": "a", "rationale": "Self"}, {"id": "b", "rationale": ""}]},
        {"id": "b", "title": "  ", "location": {"lat": 123, "lon": 0}}
    ]}))
    .unwrap();
    let problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    let expect = |needle: &str| {
        assert!(
            problems.iter().any(|p| p.starts_with(needle)),
            "no problem starting {needle:?} in {problems:#?}"
        )
    };
    expect("events[0].date: \"sometime in April\" is not an ISO 8601 date");
    expect(
        "events[0].related[0].id: no event has the id \"\u{2068}ghost\u{2069}\"; a placeholder stands in for it",
    );
    expect("events[0].related[1]: the relation links event \"\u{2068}a\u{2069}\" to itself");
    expect("events[0].related[2]: this relation has no rationale");
    expect("events[1].title: the title is empty");
    expect("events[1].location.lat: latitude is outside -90..90");
    let ghost = event(&loaded.dataset, "ghost");
    assert!(ghost.placeholder);
    assert_eq!(loaded.dataset.relations.len(), 3, "nothing is dropped");
    assert_eq!(
        event(&loaded.dataset, "a").date.as_ref().unwrap().raw,
        "sometime in April"
    );
}

#[test]
fn a_dangling_relation_endpoint_gets_one_placeholder() {
    let loaded = load_json(json!({"events": [{"id": "a", "title": "A"}],
        "relations": [{"source": "x", "target": "a", "rationale": "1"}, {"source": "x", "target": "a", "rationale": "2"}]}))
    .unwrap();
    assert_eq!(loaded.dataset.events.len(), 2);
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].place, "relations[0].source");
}

// ---------------------------------------------------------------- JSON Lines

#[test]
fn json_lines_read_events_relations_and_a_header() {
    let loaded = load_ok(
        &fixture("tests/fixtures/events.jsonl"),
        Some("events.jsonl"),
    );
    assert_eq!(loaded.format, Format::JsonLines);
    assert_eq!(loaded.dataset.meta.title.as_deref(), Some("Lines"));
    assert_eq!(loaded.dataset.events.len(), 2);
    assert_eq!(loaded.dataset.relations.len(), 2);
    // Recognised by content too, without the file name.
    assert_eq!(
        load_ok(&fixture("tests/fixtures/events.jsonl"), None).format,
        Format::JsonLines
    );
}

#[test]
fn json_lines_errors_name_the_line() {
    let text = "{\"id\": \"a\", \"title\": \"A\"}\n{\"id\": \"b\", \"title\": 7}\n";
    assert_eq!(
        load_err(text.as_bytes(), Some("x.jsonl")).to_string(),
        "line 2: title: expected a string, found the number 7"
    );
    let text = "{\"id\": \"a\", \"title\": \"A\"}\n\n{\"id\": \"b\" \"title\": \"B\"}\n";
    let error = load_err(text.as_bytes(), Some("x.jsonl"));
    assert_eq!(error.place.as_deref(), Some("line 3, column 12"), "{error}");
    let text = "{\"id\": \"a\", \"title\": \"A\"}\n[1]\n";
    assert_eq!(
        load_err(text.as_bytes(), Some("x.jsonl")).place.as_deref(),
        Some("line 2")
    );
}

// ---------------------------------------------------------------- refusals

#[test]
fn json_syntax_errors_give_line_and_column() {
    let error = load_err(
        &fixture("tests/fixtures/broken-syntax.json"),
        Some("broken-syntax.json"),
    );
    assert_eq!(error.place.as_deref(), Some("line 3, column 14"));
    assert!(
        error
            .message
            .starts_with("this is not valid JSON: expected `,` or `}`"),
        "{error}"
    );
    let error = load_err(b"{\"events\": [", None);
    assert!(error.message.contains("ends too early"), "{error}");
}

#[test]
fn type_and_requirement_errors_give_the_json_path() {
    let cases = [
        (json!({"events": [{"id": "a", "title": "A"}, {"id": "b"}]}), "events[1]: the required field \"title\" is missing"),
        (json!({"events": [{"id": "a", "title": 5}]}), "events[0].title: expected a string, found the number 5"),
        (json!({"events": [{"id": 5, "title": "A"}]}), "events[0].id: expected a string, found the number 5"),
        (json!({"events": [{"id": " ", "title": "A"}]}), "events[0].id: the event id is empty"),
        (json!({"events": [{"id": "a", "title": "A", "tags": ["x", 1]}]}), "events[0].tags[1]: expected a string, found the number 1"),
        (json!({"events": [{"id": "a", "title": "A", "actorResponses": {}}]}), "events[0].actorResponses: expected an array, found an object"),
        (json!({"events": [{"id": "a", "title": "A", "sources": [7]}]}), "events[0].sources[0]: expected an object, found the number 7"),
        (json!({"events": [{"id": "a", "title": "A", "location": {"lat": "north"}}]}), "events[0].location.lat: expected a number, found the string \"\u{2068}north\u{2069}\""),
        (json!({"events": [{"id": "a", "title": "A", "related": [{"id": "b", "rationale": "R", "direction": "sideways"}]}]}), "events[0].related[0].direction: expected \"outgoing\" or \"incoming\", found \"\u{2068}sideways\u{2069}\""),
        (json!({"events": [], "relations": [{"source": "a", "rationale": "R"}]}), "relations[0]: the required field \"target\" is missing"),
        (json!({"events": [], "meta": {"odd key": 1, "title": ["x"]}}), "meta.title: expected a string, found an array of 1 items"),
        (json!({"events": "none"}), "events: expected an array of events, found the string \"\u{2068}none\u{2069}\""),
    ];
    for (document, expected) in cases {
        assert_eq!(load_json(document).unwrap_err().to_string(), expected);
    }
}

#[test]
fn duplicate_event_ids_are_an_error_naming_the_id() {
    let error = load_json(json!({"events": [{"id": "x", "title": "1"}, {"id": "y", "title": "2"}, {"id": "x", "title": "3"}]})).unwrap_err();
    assert_eq!(
        error.to_string(),
        "events[2].id: duplicate event id \"\u{2068}x\u{2069}\" (events[0] has it too)"
    );
}

#[test]
fn other_schema_versions_are_refused() {
    let error = load_json(json!({"schema": "event-graph/2", "events": []})).unwrap_err();
    assert_eq!(error.place.as_deref(), Some("schema"));
    assert!(
        error.message.contains("\"\u{2068}event-graph/2\u{2069}\""),
        "{error}"
    );
    assert!(
        load_json(json!({"schema": "event-graph/1.3", "events": []})).is_ok(),
        "minor versions are fine"
    );
    assert!(load_json(json!({"schema": "geojson", "events": []})).is_err());
}

#[test]
fn inputs_that_are_not_event_data_each_get_their_own_message() {
    let message = |bytes: &[u8]| load_err(bytes, None).to_string();
    assert_eq!(message(b""), "The file is empty.");
    assert_eq!(message(b" \n\t\n"), "The file contains only white space.");
    assert!(message(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").starts_with("This is a binary file"));
    assert!(message(b"{\"events\": [\"\xff\xfe\"]}")
        .starts_with("line 1, column 14: this is not UTF-8 text"));
    assert!(
        message(b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>")
            .starts_with("This is an HTML web page")
    );
    assert!(message(b"  <html lang=en><head><title>Sign in</title>")
        .starts_with("This is an HTML web page"));
    assert!(message(b"<?xml version=\"1.0\"?><graphml/>").starts_with("This looks like XML"));
    assert!(message(b"just some notes\nnothing here").starts_with("This file is not in a format"));
    assert_eq!(
        message(b"{\"meta\": {}}").split('.').next().unwrap(),
        "This JSON document has no \"events\" array, so it is not an event export"
    );
    assert!(message(b"42").starts_with("This file is not in a format Event Lens reads"));
    let deep = format!(
        "{{\"events\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let error = load_err(deep.as_bytes(), None);
    assert!(
        error.message.contains("nested 128 or more levels"),
        "{error}"
    );
    // The boundary the message names: 127 levels load, 128 do not.
    let nested = |levels: usize| {
        // The document's own object is the first level.
        let arrays = levels - 1;
        format!(
            "{{\"events\": [], \"x\": {}{}}}",
            "[".repeat(arrays),
            "]".repeat(arrays)
        )
    };
    assert!(load(nested(127).as_bytes(), None).is_ok());
    assert!(load_err(nested(128).as_bytes(), None)
        .message
        .contains("nested 128 or more levels"));
    assert!(error
        .place
        .as_deref()
        .unwrap()
        .starts_with("line 1, column "));
}

#[test]
fn html_sniffing_never_splits_a_character_and_ignores_markup_inside_json() {
    // Byte 512 falls inside a Persian letter: reading the head must not panic.
    let persian = format!("<p>{}</p>", "گفتگو".repeat(60));
    assert!(load_err(persian.as_bytes(), None)
        .message
        .starts_with("This looks like XML"));
    let json = json!({"events": [{"id": "a", "title": "<head> and <body> in a title"}]});
    assert_eq!(
        load_json(json).unwrap().dataset.events[0].title,
        "<head> and <body> in a title"
    );
}

#[test]
fn a_json_lines_header_with_null_meta_is_accepted() {
    let text =
        "{\"schema\": \"event-graph/1\", \"meta\": null}\n{\"id\": \"a\", \"title\": \"A\"}\n";
    assert_eq!(
        load_ok(text.as_bytes(), Some("x.jsonl"))
            .dataset
            .events
            .len(),
        1
    );
}

#[test]
fn a_dangling_incoming_related_entry_is_reported_at_its_id() {
    let loaded = load_json(json!({"events": [{"id": "a", "title": "A",
        "related": [{"id": "ghost", "rationale": "R", "direction": "incoming"}]}]}))
    .unwrap();
    assert_eq!(loaded.problems[0].place, "events[0].related[0].id");
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let loaded = load_ok(
        b"\xEF\xBB\xBF{\"events\": [{\"id\": \"a\", \"title\": \"A\"}]}",
        None,
    );
    assert_eq!(loaded.dataset.events.len(), 1);
}
