//! Standalone pages carry their data so that the browser reads it back exactly, whatever its
//! strings hold and whatever format it came from: the data element's text, cut where an HTML
//! tokenizer ends the element, loads to the same dataset as the original file.

use event_lens::export::{to_event_graph, Selection};
use event_lens::model::{load, Dataset};
use event_lens::standalone::{standalone_html, AppAssets};
use std::path::PathBuf;

fn read(name: &str) -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

/// A standalone page for `dataset` with stand-in app parts that hold the same hostile text
/// as code may (`<!--`, `</script>`, `<script`).
fn page_for(dataset: &Dataset) -> String {
    let code = "const a = '<!-- </script> <script>'; /* </SCRIPT > */";
    let assets = AppAssets {
        glue_js: code,
        wasm_base64: "AA==",
        css: "/* </style> <!-- */",
        worker_js: code,
        worker_wasm_base64: "AA==",
        split_loader_js: code,
        parts: &[("split_x.wasm".to_owned(), "AA==".to_owned())],
    };
    let json = serde_json::to_string(&to_event_graph(dataset, Selection::All)).unwrap();
    standalone_html(&assets, &json, "name", "title")
}

/// The text of the element with `id`, as an HTML tokenizer reads it: a script element's text
/// ends at the first `</script` (any case). That holds only while the text has no `<!--` (after
/// which `<script` would switch the tokenizer into states where `</script>` does not end the
/// element), so that is checked too.
fn script_text<'p>(page: &'p str, id: &str) -> &'p str {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let start = start + page[start..].find('>').unwrap() + 1;
    let lower = page[start..].to_ascii_lowercase();
    let end = lower.find("</script").unwrap();
    let text = &lower[..end];
    assert!(!text.contains("<!--"), "{id} holds <!--");
    assert!(!text.contains("<script"), "{id} holds <script");
    &page[start..start + end]
}

fn assert_page_carries(dataset: &Dataset, what: &str) {
    let page = page_for(dataset);
    let data = script_text(&page, "event-lens-data");
    let read_back = load(data.as_bytes(), None)
        .unwrap_or_else(|error| panic!("{what}: the page's data does not load: {error}"))
        .dataset;
    assert_eq!(&read_back, dataset, "{what}");
    for id in ["event-lens-glue", "event-lens-worker", "event-lens-split"] {
        script_text(&page, id);
    }
    let style_end = page.find("</style>").unwrap();
    assert!(
        page.find("<style").unwrap() < style_end && page[style_end + 1..].find("</style").is_none(),
        "{what}: the stylesheet ends once"
    );
}

#[test]
fn a_standalone_page_carries_every_fixture_exactly_whatever_its_format() {
    for name in [
        "www/sample.json",
        "tests/fixtures/all-fields.json",
        "tests/fixtures/000_6606db7bc665eae2.txt",
        "tests/fixtures/hostile.json",
        "tests/fixtures/events.jsonl",
        "tests/fixtures/control-characters.json",
        "tests/fixtures/script-breakers.json",
    ] {
        let file_name = name.rsplit('/').next().unwrap();
        let dataset = load(&read(name), Some(file_name))
            .unwrap_or_else(|error| panic!("{name}: {error}"))
            .dataset;
        assert_page_carries(&dataset, name);
    }
}

#[test]
fn a_standalone_page_carries_strings_that_could_end_or_escape_its_script_element() {
    let pieces = [
        "<!--",
        "-->",
        "</script>",
        "</SCRIPT >",
        "</ScRiPt/",
        "<script",
        "<SCRIPT>",
        "<!-- <script>",
        "\u{2028}",
        "\u{2029}",
        "\u{0}",
        "\\u0000",
        "<\\/",
        "<\\!--",
        "\\",
        "\"",
        "&amp;",
        "]]>",
        "<![CDATA[",
        "\u{202E}",
        "\u{FEFF}",
        "\r\n",
        "<",
        ">",
        "&",
        "'",
        "`${x}`",
        "</style>",
    ];
    let mut seed = 5u64;
    let mut next = |below: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize % below
    };
    for round in 0..40 {
        let mut hostile = |prefix: &str| -> String {
            let mut text = prefix.to_owned();
            for _ in 0..1 + next(5) {
                text.push_str(pieces[next(pieces.len())]);
                text.push(' ');
            }
            text
        };
        let events: Vec<serde_json::Value> = (0..4)
            .map(|i| {
                serde_json::json!({
                    "id": hostile(&format!("e{i}")),
                    "title": hostile("title "),
                    "summary": hostile("summary "),
                    "tags": [hostile("tag ")],
                    hostile("key "): hostile("value "),
                })
            })
            .collect();
        let relations: Vec<serde_json::Value> = (1..4)
            .map(|i| {
                serde_json::json!({
                    "source": events[i]["id"], "target": events[i - 1]["id"],
                    "rationale": hostile("The new event "), "kind": hostile("kind "),
                })
            })
            .collect();
        let document = serde_json::json!({
            "meta": {"title": hostile("meta ")}, "events": events, "relations": relations,
        });
        let dataset = load(document.to_string().as_bytes(), Some("hostile.json"))
            .unwrap_or_else(|error| panic!("round {round}: {error}"))
            .dataset;
        assert_page_carries(&dataset, &format!("round {round}"));
    }
}
