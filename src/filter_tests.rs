use super::*;
use crate::model::date::ParsedDate;
use crate::model::{load, DatasetIndex};

fn dataset(text: &str) -> Dataset {
    load(text.as_bytes(), Some("filter.json"))
        .expect("the test data loads")
        .dataset
}

const SMALL: &str = r#"{"schema":"event-graph/1",
  "actors":[{"id":"iran","name":"Iran"},{"id":"israel","name":"Israel"}],
  "events":[
    {"id":"a","title":"Strike on the port","date":"2026-11-10","tags":["maritime"],
     "summary":"A drone hit the harbour.",
     "actor_responses":[{"actor":"iran","response":"Denied any role."}]},
    {"id":"b","title":"Talks resume","date":"2026-11-16","tags":["diplomacy"],
     "actor_responses":[{"actor":"israel","response":"Welcomed the ceasefire."},
                        {"actor":"iran","response":"Cautious."}]},
    {"id":"c","title":"Month only","date":"2026-03","tags":["diplomacy","maritime"]},
    {"id":"d","title":"Undated note"},
    {"id":"e","title":"Late event","date":"2026-11-17","location":{"name":"Muscat"}}],
  "relations":[
    {"source":"b","target":"a","kind":"causal","rationale":"The new event follows Event 1."},
    {"source":"c","target":"a","kind":"context","rationale":"Background."},
    {"source":"e","target":"b","rationale":"Same week."},
    {"source":"e","target":"ghost","kind":"causal","rationale":"Refers to a missing event."}]}"#;

fn small() -> (Dataset, FilterIndex) {
    let data = dataset(SMALL);
    let index = DatasetIndex::new(&data);
    let filter_index = FilterIndex::new(&data, &index);
    (data, filter_index)
}

/// The ids of the visible events, in data order.
fn shown(data: &Dataset, visible: &Visible) -> Vec<String> {
    data.events
        .iter()
        .zip(&visible.events)
        .filter(|(_, &shown)| shown)
        .map(|(event, _)| event.id.clone())
        .collect()
}

fn date(text: &str) -> Option<ParsedDate> {
    ParsedDate::parse(text)
}

#[test]
fn an_empty_filter_shows_everything() {
    let (data, index) = small();
    let visible = index.evaluate(&Filter::default());
    assert_eq!(visible.event_count, data.events.len());
    assert_eq!(visible.relation_count, data.relations.len());
    assert!(
        data.events.iter().any(|event| event.placeholder),
        "ghost stands in"
    );
}

#[test]
fn each_part_of_the_filter_narrows_the_events() {
    let (data, index) = small();
    let only = |filter: Filter| shown(&data, &index.evaluate(&filter));
    let words = |text: &str| Filter {
        text: text.into(),
        ..Filter::default()
    };
    assert_eq!(
        only(words("HARBOUR drone")),
        ["a"],
        "words in any order, any case"
    );
    assert_eq!(only(words("ceasefire")), ["b"], "an actor's response");
    assert_eq!(only(words("israel")), ["b"], "an actor's name");
    assert_eq!(only(words("muscat")), ["e"], "the place");
    assert!(
        only(words("drone ceasefire")).is_empty(),
        "every word must appear"
    );
    let actors = Filter {
        actors: vec!["iran".into()],
        ..Filter::default()
    };
    assert_eq!(only(actors), ["a", "b"]);
    let tags = Filter {
        tags: vec!["maritime".into(), "nothing".into()],
        ..Filter::default()
    };
    assert_eq!(only(tags), ["a", "c"], "any of the tags");
    let hidden = Filter {
        hide_undated: true,
        hide_placeholders: true,
        ..Filter::default()
    };
    assert_eq!(only(hidden), ["a", "b", "c", "e"]);
    let connected = Filter {
        min_relations: 2,
        ..Filter::default()
    };
    assert_eq!(only(connected), ["a", "b", "e"]);
    let causal_only = Filter {
        kinds: vec![Some("causal".into())],
        min_relations: 1,
        ..Filter::default()
    };
    assert_eq!(
        only(causal_only),
        ["a", "b", "e", "ghost"],
        "relations counted are those of the chosen kinds"
    );
}

#[test]
fn a_date_range_holds_every_event_whose_period_overlaps_it() {
    let (data, index) = small();
    let range = |from: &str, to: &str| Filter {
        from: date(from),
        to: date(to),
        ..Filter::default()
    };
    // Inclusive of its last day; the undated event and the placeholder stay unless hidden.
    assert_eq!(
        shown(&data, &index.evaluate(&range("2026-11-10", "2026-11-16"))),
        ["a", "b", "d", "ghost"]
    );
    // A month-precise date is inside any range that touches its month.
    assert_eq!(
        shown(&data, &index.evaluate(&range("2026-02-15", "2026-03-01"))),
        ["c", "d", "ghost"]
    );
    // A range given by month or year covers all of it.
    let november = shown(&data, &index.evaluate(&range("2026-11", "2026-11")));
    assert_eq!(november, ["a", "b", "d", "e", "ghost"]);
    let open_ended = Filter {
        from: date("2026-11-17"),
        hide_undated: true,
        ..Filter::default()
    };
    // The placeholder has no date either.
    assert_eq!(shown(&data, &index.evaluate(&open_ended)), ["e"]);
}

#[test]
fn a_relation_shows_when_both_its_events_do_and_its_kind_is_chosen() {
    let (data, index) = small();
    let kinds = Filter {
        kinds: vec![Some("causal".into()), None],
        ..Filter::default()
    };
    let visible = index.evaluate(&kinds);
    let relations: Vec<bool> = visible.relations.clone();
    assert_eq!(
        relations,
        [true, false, true, true],
        "context is not chosen"
    );
    let no_ghost = Filter {
        hide_placeholders: true,
        ..kinds
    };
    let visible = index.evaluate(&no_ghost);
    assert_eq!(visible.relations, [true, false, true, false]);
    assert_eq!(visible.relation_count, 2);
    assert_eq!(data.relations.len(), 4);
}

#[test]
fn facet_counts_are_what_choosing_each_value_would_show() {
    let (_, index) = small();
    let filter = Filter {
        actors: vec!["israel".into()],
        from: date("2026-11-01"),
        ..Filter::default()
    };
    let visible = index.evaluate(&filter);
    let count = |facets: &[(String, usize)], value: &str| {
        facets
            .iter()
            .find(|(name, _)| name == value)
            .map(|&(_, n)| n)
    };
    // Iran's count ignores the actor choice (Israel) but keeps the dates: a and b.
    assert_eq!(count(&visible.facets.actors, "iran"), Some(2));
    assert_eq!(count(&visible.facets.actors, "israel"), Some(1));
    // Tags count among what the filter shows now: only b (Israel's, in November).
    assert_eq!(count(&visible.facets.tags, "diplomacy"), Some(1));
    assert_eq!(count(&visible.facets.tags, "maritime"), Some(0));
}

#[test]
fn facet_counts_match_a_brute_force_count_on_generated_data() {
    let text = crate::synthetic::generate(&crate::synthetic::Spec {
        events: 400,
        relations: 1200,
        seed: 5,
        full_content: false,
    })
    .to_string();
    let data = dataset(&text);
    let index = FilterIndex::new(&data, &DatasetIndex::new(&data));
    let base = index.evaluate(&Filter::default());
    let some_tag = base.facets.tags[1].0.clone();
    let some_actor = base.facets.actors[0].0.clone();
    let filters = [
        Filter::default(),
        Filter {
            tags: vec![some_tag.clone()],
            ..Filter::default()
        },
        Filter {
            actors: vec![some_actor],
            tags: vec![some_tag],
            from: date("2026-02"),
            to: date("2026-05-20"),
            ..Filter::default()
        },
        Filter {
            min_relations: 4,
            hide_undated: true,
            ..Filter::default()
        },
    ];
    for filter in &filters {
        let visible = index.evaluate(filter);
        for (actor, count) in &visible.facets.actors {
            let alone = Filter {
                actors: vec![actor.clone()],
                ..filter.clone()
            };
            assert_eq!(*count, index.evaluate(&alone).event_count, "actor {actor}");
        }
        for (tag, count) in &visible.facets.tags {
            let alone = Filter {
                tags: vec![tag.clone()],
                ..filter.clone()
            };
            assert_eq!(*count, index.evaluate(&alone).event_count, "tag {tag}");
        }
        if filter.min_relations == 0 {
            for (kind, count) in &visible.facets.kinds {
                let alone = Filter {
                    kinds: vec![kind.clone()],
                    ..filter.clone()
                };
                assert_eq!(
                    *count,
                    index.evaluate(&alone).relation_count,
                    "kind {kind:?}"
                );
            }
        }
        // And the visible set itself, event by event, against the filter's definition.
        for (event, shown) in data.events.iter().zip(&visible.events) {
            let tags_ok =
                filter.tags.is_empty() || event.tags.iter().any(|t| filter.tags.contains(t));
            let actors_ok = filter.actors.is_empty()
                || event
                    .actor_responses
                    .iter()
                    .any(|r| r.actor.as_ref().is_some_and(|a| filter.actors.contains(a)));
            if !(tags_ok && actors_ok) {
                assert!(!shown, "{} shown", event.id);
            }
        }
        assert!(visible.event_count > 0, "{filter:?} shows something");
    }
}
