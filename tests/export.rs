//! Exports: event-graph/1 JSON loads back to the identical dataset; subsets keep only the
//! relations among their events. (GraphML, GEXF and CSV are read back by networkx in
//! tests/networkx/.)

use event_lens::export::{to_csv_edges, to_event_graph, CsvCells, Selection};
use event_lens::graph::EventGraph;
use event_lens::model::{load, Dataset, DatasetIndex};
use event_lens::synthetic::{generate, Spec};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

fn dataset(bytes: &[u8], name: &str) -> Dataset {
    load(bytes, Some(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .dataset
}

fn round_trip(original: &Dataset) -> Dataset {
    let text = serde_json::to_string_pretty(&to_event_graph(original, Selection::All)).unwrap();
    dataset(text.as_bytes(), "exported.json")
}

#[test]
fn every_input_survives_load_export_load_unchanged() {
    for name in [
        "www/sample.json",
        "tests/fixtures/all-fields.json",
        "tests/fixtures/000_6606db7bc665eae2.txt",
        "tests/fixtures/hostile.json",
        "tests/fixtures/events.jsonl",
    ] {
        let original = dataset(&fixture(name), name.rsplit('/').next().unwrap());
        assert_eq!(round_trip(&original), original, "{name}");
    }
}

#[test]
fn placeholders_unknown_fields_and_both_spellings_survive_the_round_trip() {
    let text = serde_json::json!({
        "meta": {"title": "T", "pipeline": [1, 2]},
        "events": [{"id": "a", "title": "A", "actor_responses": [{"response": "one"}],
                    "actorResponses": [{"response": "two"}], "x-custom": {"deep": true},
                    "related": [{"id": "ghost", "rationale": "R"}]}],
        "relations": [{"source": "a", "target": "ghost", "rationale": "S", "score": 0.25, "model": "m"}],
        "top": "level"
    })
    .to_string();
    let original = dataset(text.as_bytes(), "x.json");
    assert!(
        original.events.iter().any(|e| e.placeholder),
        "ghost stands in as a placeholder"
    );
    assert_eq!(round_trip(&original), original);
}

#[test]
fn a_large_generated_export_round_trips() {
    let text = generate(&Spec {
        events: 500,
        relations: 1500,
        seed: 3,
        full_content: true,
    })
    .to_string();
    let original = dataset(text.as_bytes(), "generated.json");
    assert_eq!(round_trip(&original), original);
}

#[test]
fn an_ego_subset_keeps_its_events_and_only_the_relations_among_them() {
    let original = dataset(&fixture("www/sample.json"), "sample.json");
    let index = DatasetIndex::new(&original);
    let graph = EventGraph::new(&original, &index);
    let seed = index.event_index("us-iran-backchannel-agreement").unwrap();
    let ego = graph.ego(seed, 1);
    let text = to_event_graph(&original, Selection::Events(&ego.nodes)).to_string();
    let subset = dataset(text.as_bytes(), "ego.json");
    assert_eq!(subset.events.len(), 9);
    assert_eq!(subset.relations.len(), ego.edges.len());
    assert!(
        subset.events.iter().all(|e| !e.placeholder),
        "no relation points outside the subset"
    );
    let csv = to_csv_edges(
        &original,
        Selection::Events(&ego.nodes),
        CsvCells::Neutralised,
    );
    assert_eq!(csv.lines().count(), 1 + ego.edges.len());
}
