use super::super::graph::tests::{small_view, whole_view};
use super::super::shape::fill_edge_shapes;
use super::super::svg::write_svg;
use super::super::text::tests::Monospace;
use super::*;
use text::NOTE_STRIP_HEIGHT;

const X: [f64; 5] = [0.0, 260.0, 0.0, -260.0, 330.0];
const Y: [f64; 5] = [0.0, 0.0, 230.0, 0.0, 290.0];

struct Fixture {
    dataset: Dataset,
    graph: ViewGraph,
    shapes: Vec<EdgeShape>,
}

fn fixture() -> Fixture {
    let (dataset, graph) = small_view();
    let mut shapes = Vec::new();
    fill_edge_shapes(&mut shapes, &graph.ends, &graph.fans, &X, &Y, &graph.radius);
    Fixture {
        dataset,
        graph,
        shapes,
    }
}

fn frame_of(
    fixture: &Fixture,
    camera: Camera,
    size: (f64, f64),
    focus: Focus,
    reading: bool,
) -> Frame {
    frame_under_sheet(fixture, camera, size, focus, reading, 0.0)
}

/// [`frame_of`] with `covered_bottom` pixels of the view under a sheet.
fn frame_under_sheet(
    fixture: &Fixture,
    camera: Camera,
    size: (f64, f64),
    focus: Focus,
    reading: bool,
    covered_bottom: f64,
) -> Frame {
    covered_frame(
        fixture,
        (camera, size, focus, reading),
        covered_bottom,
        (0.0, 0.0),
    )
}

/// [`frame_of`] with parts of the view covered: a strip at the bottom, a top-right corner.
fn covered_frame(
    fixture: &Fixture,
    (camera, size, focus, reading): (Camera, (f64, f64), Focus, bool),
    covered_bottom: f64,
    covered_corner: (f64, f64),
) -> Frame {
    let pinned = |node: usize| node == 3;
    let scene = Scene {
        graph: &fixture.graph,
        dataset: &fixture.dataset,
        x: &X,
        y: &Y,
        pinned: &pinned,
        shapes: &fixture.shapes,
        camera,
        size,
        focus,
        reading,
        covered_bottom,
        covered_corner,
    };
    Frame::build(&scene, &mut TextCache::default(), &mut Monospace(6.0))
}

const CLOSE: Camera = Camera {
    scale: 1.0,
    x: 500.0,
    y: 260.0,
};

fn selected(hit: Hit) -> Focus {
    Focus {
        selected: Some(hit),
        ..Focus::default()
    }
}

/// Every box a frame puts on screen (labels, cards), as (left, top, right, bottom); labels
/// along edges are axis-aligned here only when level, so those are left out.
fn level_boxes(frame: &Frame) -> Vec<(String, (f64, f64, f64, f64))> {
    let mut boxes: Vec<(String, (f64, f64, f64, f64))> = frame
        .labels
        .iter()
        .filter(|label| label.angle.abs() < 1e-9)
        .map(|label| {
            let half = label.width / 2.0 + 2.0;
            (
                label.text.clone(),
                (label.x - half, label.y - 7.0, label.x + half, label.y + 7.0),
            )
        })
        .collect();
    boxes.extend(frame.cards.iter().map(|card| {
        (
            format!("card {}", card.relation),
            (
                card.x,
                card.y,
                card.x + card.text.width,
                card.y + card.text.height,
            ),
        )
    }));
    boxes
}

fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

#[test]
fn the_display_list_of_a_small_scene_holds_every_edge_arrowhead_node_and_mark() {
    let fixture = fixture();
    let frame = frame_of(&fixture, CLOSE, (1000.0, 600.0), Focus::default(), false);
    assert!(!frame.overview);
    let counts = frame.counts();
    assert_eq!(counts.edges, 5);
    // Relations listed under `relations` record which event was new; the two b–c relations
    // are curves of one fan.
    assert_eq!(counts.arrowheads, 5);
    // Five discs, the pin's dot on d, no selection ring.
    assert_eq!(counts.discs, 6);
    assert!(frame.edge_batches.iter().all(|batch| !batch.raster));
    // Looks: causal (2 edges), context (2), no kind (1): three batches at one width.
    assert_eq!(frame.edge_batches.len(), 3);
    assert!(frame.edge_batches.iter().all(|b| b.stroke.width == 1.0));
    assert_eq!(
        frame.edge_batches[1].stroke.dash,
        &[] as &[f64],
        "the most common kind is solid"
    );
    let pin = frame
        .disc_batches
        .iter()
        .find(|batch| batch.fill.as_deref() == Some(PIN))
        .expect("the pinned node has its dot");
    assert_eq!(pin.discs[0].node, 3);
    let node_labels: Vec<&str> = frame
        .labels
        .iter()
        .filter(|label| matches!(label.owner, LabelOwner::Node(_)))
        .map(|label| label.text.as_str())
        .collect();
    assert_eq!(node_labels.len(), 5, "{node_labels:?}");
    assert!(frame.cards.is_empty() && frame.note.is_none());
}

#[test]
fn selecting_an_event_emphasises_its_relations_and_rings_it() {
    let fixture = fixture();
    let frame = frame_of(
        &fixture,
        CLOSE,
        (1000.0, 600.0),
        selected(Hit::Node(0)),
        false,
    );
    let wide: usize = frame
        .edge_batches
        .iter()
        .filter(|batch| batch.stroke.width == 2.6)
        .map(|batch| batch.edges.len())
        .sum();
    assert_eq!(wide, 3, "a's three relations are drawn wide");
    let ring = frame.disc_batches.last().expect("a ring");
    assert_eq!(ring.fill, None);
    assert_eq!(
        ring.stroke.as_ref().map(|s| s.colour.as_str()),
        Some(SELECTED)
    );
    assert_eq!(ring.discs[0].node, 0);
    // e is not related to a: dimmed.
    let dimmed = frame
        .disc_batches
        .iter()
        .find(|batch| batch.discs.iter().any(|disc| disc.node == 4))
        .unwrap();
    assert_ne!(dimmed.fill.as_deref(), Some(NODE_PALETTE[0]));
    // The faded rest goes to the base picture, thin and solid, without arrowheads; the
    // emphasised relations are drawn over it with theirs.
    assert!(frame.base && !frame.overview);
    assert!(frame.emphasised);
    let plain = frame_of(&fixture, CLOSE, (1000.0, 600.0), Focus::default(), false);
    assert!(!plain.base && !plain.emphasised);
    let far = Camera {
        scale: 0.05,
        ..CLOSE
    };
    let overview = frame_of(&fixture, far, (1000.0, 600.0), Focus::default(), false);
    assert!(overview.overview && overview.base && !overview.emphasised);
    let emphasised = frame_of(
        &fixture,
        far,
        (1000.0, 600.0),
        selected(Hit::Node(0)),
        false,
    );
    assert!(emphasised.overview && emphasised.base && emphasised.emphasised);
    for batch in &frame.edge_batches {
        let faded = batch.stroke.width != 2.6;
        assert_eq!(batch.raster, faded);
        assert!(!faded || batch.stroke.dash.is_empty());
    }
    assert!(dimmed.raster);
    assert!(frame
        .disc_batches
        .iter()
        .any(|batch| !batch.raster && batch.discs.iter().any(|d| d.node == 0)));
    let relations = &fixture.dataset.relations;
    let pointed = (0..fixture.graph.ends.len())
        .filter(|&edge| fixture.graph.edges_of(0).contains(&edge))
        .filter(|&edge| relations[fixture.graph.edges[edge]].direction == Direction::SourceWasNew)
        .count();
    assert!(pointed > 0);
    assert_eq!(frame.counts().arrowheads, pointed);
}

#[test]
fn reading_mode_shows_each_relation_of_the_selected_event_as_a_card_overlapping_nothing() {
    let fixture = fixture();
    let frame = frame_of(
        &fixture,
        CLOSE,
        (1000.0, 600.0),
        selected(Hit::Node(0)),
        true,
    );
    assert_eq!(frame.cards.len(), 3, "{:?}", frame.note);
    assert_eq!(frame.cards_left_out, 0);
    let mut relations: Vec<usize> = frame.cards.iter().map(|card| card.relation).collect();
    relations.sort_unstable();
    assert_eq!(relations, vec![0, 1, 2]);
    assert!(frame.cards.iter().all(|card| !card.text.clipped));
    let boxes = level_boxes(&frame);
    for (i, (a_name, a)) in boxes.iter().enumerate() {
        assert!(
            a.0 >= 0.0 && a.1 >= 0.0 && a.2 <= 1000.0 && a.3 <= 600.0,
            "{a_name} is cut off"
        );
        for (b_name, b) in &boxes[i + 1..] {
            assert!(!overlap(*a, *b), "{a_name} overlaps {b_name}");
        }
    }
    for card in &frame.cards {
        for node in 0..5 {
            let (sx, sy) = CLOSE.to_screen(X[node], Y[node]);
            let r = fixture.graph.drawn_radius(node, 1.0);
            let disc = (sx - r, sy - r, sx + r, sy + r);
            let area = (
                card.x,
                card.y,
                card.x + card.text.width,
                card.y + card.text.height,
            );
            assert!(
                !overlap(area, disc),
                "card {} covers node {node}",
                card.relation
            );
        }
    }
    // The carded relations carry no label along their edges as well.
    assert!(frame
        .labels
        .iter()
        .all(|label| !matches!(label.owner, LabelOwner::Relation(0..=2))));
}

#[test]
fn under_a_sheet_labels_cards_and_the_note_keep_above_it() {
    let fixture = fixture();
    let sheet_top = 430.0;
    let frame = frame_under_sheet(
        &fixture,
        CLOSE,
        (1000.0, 600.0),
        selected(Hit::Node(0)),
        true,
        600.0 - sheet_top,
    );
    assert_eq!(frame.text_bottom, sheet_top);
    assert!(!frame.cards.is_empty() && !frame.labels.is_empty());
    for (name, (_, _, _, bottom)) in level_boxes(&frame) {
        assert!(
            bottom <= sheet_top,
            "{name} reaches {bottom}, under the sheet"
        );
    }
    // Without the sheet, something was placed lower: the test is not empty.
    let open = frame_of(
        &fixture,
        CLOSE,
        (1000.0, 600.0),
        selected(Hit::Node(0)),
        true,
    );
    assert!(level_boxes(&open)
        .iter()
        .any(|(_, (_, _, _, bottom))| *bottom > sheet_top));
}

#[test]
fn no_label_or_card_goes_under_the_covered_corner() {
    let fixture = fixture();
    let view = (CLOSE, (1000.0, 600.0), selected(Hit::Node(0)), true);
    let open = covered_frame(&fixture, view, 0.0, (0.0, 0.0));
    let corner = (480.0, 600.0);
    let covered = covered_frame(&fixture, view, 0.0, corner);
    let in_corner = |frame: &Frame| {
        level_boxes(frame)
            .into_iter()
            .filter(|(_, area)| overlap(*area, (1000.0 - corner.0, 0.0, 1000.0, corner.1)))
            .count()
    };
    assert!(in_corner(&open) > 0, "without it, text goes there");
    assert_eq!(in_corner(&covered), 0);
    assert!(
        !covered.cards.is_empty(),
        "the rest of the view still carries cards"
    );
}

#[test]
fn a_selected_relation_comes_first_and_whole_among_its_events_cards() {
    let fixture = fixture();
    let focus = Focus {
        selected: Some(Hit::Edge(2)),
        hovered: None,
        anchor: Some(0),
    };
    let frame = frame_of(&fixture, CLOSE, (1000.0, 600.0), focus, true);
    assert_eq!(frame.cards.len(), 3);
    assert!(frame.cards[0].current && frame.cards[0].relation == 2);
    assert!(frame.cards[1..].iter().all(|card| !card.current));
    // Without an anchor (a relation clicked), its card alone.
    let alone = frame_of(
        &fixture,
        CLOSE,
        (1000.0, 600.0),
        selected(Hit::Edge(3)),
        true,
    );
    assert_eq!(alone.cards.len(), 1);
    assert_eq!(alone.cards[0].relation, 3);
}

#[test]
fn cards_that_do_not_fit_are_counted_and_the_view_says_how_to_see_them() {
    let fixture = fixture();
    let frame = frame_of(
        &fixture,
        CLOSE,
        (330.0, 200.0),
        selected(Hit::Node(0)),
        true,
    );
    assert!(frame.cards_left_out > 0);
    assert_eq!(frame.cards.len() + frame.cards_left_out, 3);
    // The hint in the longest form that fits the view (6 px a character here).
    let note = frame.note.as_deref().unwrap();
    assert_eq!(
        note,
        format!(
            "{} of 3 cards do not fit: [ and ] step through them",
            frame.cards_left_out
        )
    );
    assert!(note.chars().count() as f64 * 6.0 <= 330.0 - 16.0);
    let strip = (0.0, 200.0 - NOTE_STRIP_HEIGHT, 330.0, 200.0);
    for (name, area) in level_boxes(&frame) {
        assert!(!overlap(area, strip), "{name} runs under the note");
    }
    let wide = frame_under_sheet(
        &fixture,
        CLOSE,
        (1000.0, 600.0),
        selected(Hit::Node(0)),
        true,
        550.0,
    );
    let note = wide.note.as_deref().unwrap();
    assert!(
        note.starts_with(&format!(
            "{} of 3 relations do not fit as cards: press F",
            wide.cards_left_out
        )),
        "{note}"
    );
}

#[test]
fn a_link_in_a_card_is_found_under_the_pointer() {
    let fixture = fixture();
    let frame = frame_of(
        &fixture,
        CLOSE,
        (1000.0, 600.0),
        selected(Hit::Edge(0)),
        true,
    );
    let card = &frame.cards[0];
    // The second line: "New: " then the new event's title, a link to event a (index 0).
    let title = &card.text.lines[1].spans[1];
    let x = card.x + super::super::cards::CARD_PADDING + title.x + 2.0;
    let y = card.y + super::super::cards::CARD_PADDING + 1.5 * super::super::cards::LINE_HEIGHT;
    let (hit, link) = frame.card_at(x, y).expect("the card is there");
    assert_eq!(hit.relation, 0);
    assert_eq!(link, Some(0));
    assert_eq!(
        frame
            .card_at(card.x + 2.0, card.y + 2.0)
            .map(|(_, link)| link),
        Some(None)
    );
    assert!(frame.card_at(card.x - 5.0, card.y).is_none());
}

#[test]
fn zoomed_out_the_base_picture_is_left_to_the_raster_and_only_emphasis_gets_arrowheads() {
    let fixture = fixture();
    let far = Camera {
        scale: 0.3,
        x: 300.0,
        y: 200.0,
    };
    let frame = frame_of(&fixture, far, (600.0, 400.0), Focus::default(), false);
    assert!(frame.overview);
    assert!(frame.edge_batches.iter().all(|batch| batch.raster));
    assert!(frame
        .edge_batches
        .iter()
        .all(|batch| batch.stroke.dash.is_empty()));
    assert_eq!(frame.counts().arrowheads, 0);
    let emphasised = frame_of(&fixture, far, (600.0, 400.0), selected(Hit::Node(0)), false);
    let on_top: usize = emphasised
        .edge_batches
        .iter()
        .filter(|batch| !batch.raster)
        .map(|batch| batch.edges.len())
        .sum();
    assert_eq!(on_top, 3);
    // a and its three neighbours go again over the base picture.
    let again: usize = emphasised
        .disc_batches
        .iter()
        .filter(|batch| !batch.raster && batch.stroke.is_none() && batch.fill.is_some())
        .map(|batch| batch.discs.len())
        .sum();
    assert!(again >= 4, "{again}");
}

#[test]
fn the_svg_writer_writes_every_item_of_the_frame_and_nothing_else() {
    let fixture = fixture();
    let focus = Focus {
        selected: Some(Hit::Edge(1)),
        hovered: None,
        anchor: Some(0),
    };
    for (camera, size, reading) in [
        (CLOSE, (1000.0, 600.0), true),
        (CLOSE, (1000.0, 600.0), false),
        (
            Camera {
                scale: 0.3,
                x: 300.0,
                y: 200.0,
            },
            (600.0, 400.0),
            true,
        ),
    ] {
        let frame = frame_of(&fixture, camera, size, focus, reading);
        let titles = |node: usize| {
            fixture.dataset.events[fixture.graph.nodes[node]]
                .title
                .clone()
        };
        let svg = write_svg(&frame, &fixture.shapes, &titles);
        let count = |class: &str| svg.matches(&format!("class=\"{class}\"")).count();
        let counts = frame.counts();
        assert_eq!(count("edge"), counts.edges);
        assert_eq!(count("arrow"), counts.arrowheads);
        assert_eq!(count("node"), counts.discs);
        assert_eq!(count("label"), counts.labels);
        assert_eq!(count("card"), counts.cards);
        assert!(svg.contains("<title>Hub event</title>"));
        if reading {
            assert!(counts.cards > 0);
            let card = &frame.cards[0];
            assert!(card.current);
            // The whole rationale is in the picture, word by word.
            let rationale = &fixture.dataset.relations[card.relation].rationale;
            for word in rationale.split_whitespace() {
                assert!(svg.contains(word), "{word} is missing");
            }
        }
    }
}

/// A hub with three relations in a crowd of unrelated events, one every `spacing` pixels
/// across a 900 × 600 view and up to the four events: no card or title fits clear of every
/// disc.
fn crowded(spacing: f64) -> (Dataset, ViewGraph, Vec<f64>, Vec<f64>) {
    let mut events = vec![
        r#"{"id":"hub","title":"Hub","date":"2026-11-10"}"#.to_owned(),
        r#"{"id":"b","title":"B","date":"2026-11-09"}"#.to_owned(),
        r#"{"id":"c","title":"C","date":"2026-11-08"}"#.to_owned(),
        r#"{"id":"d","title":"D","date":"2026-11-07"}"#.to_owned(),
    ];
    let (mut x, mut y) = (
        vec![450.0, 390.0, 510.0, 450.0],
        vec![300.0, 260.0, 260.0, 360.0],
    );
    let mut crowd = 0;
    for row in 0..(600.0 / spacing) as usize {
        for column in 0..(900.0 / spacing) as usize {
            let (cx, cy) = (
                spacing * (column as f64 + 0.5),
                spacing * (row as f64 + 0.5),
            );
            if (0..4).any(|event| (cx - x[event]).hypot(cy - y[event]) < 16.0) {
                continue;
            }
            events.push(format!(
                r#"{{"id":"x{crowd}","title":"X","date":"2026-11-01"}}"#
            ));
            x.push(cx);
            y.push(cy);
            crowd += 1;
        }
    }
    let text = format!(
        r#"{{"events":[{}],"relations":[
          {{"source":"hub","target":"b","kind":"causal","rationale":"The new event answers Event 1."}},
          {{"source":"hub","target":"c","kind":"context","rationale":"Both concern the talks."}},
          {{"source":"hub","target":"d","kind":"causal","rationale":"A reprisal for it."}}]}}"#,
        events.join(",")
    );
    let dataset = crate::model::load(text.as_bytes(), Some("crowded.json"))
        .expect("the crowded dataset loads")
        .dataset;
    let view = whole_view(&dataset);
    // The view's local order may differ from the data's: positions follow the events.
    let (x, y) = view.nodes.iter().map(|&event| (x[event], y[event])).unzip();
    (dataset, view, x, y)
}

#[test]
fn in_a_crowded_view_cards_cover_faded_events_but_never_the_events_they_are_about() {
    let (dataset, graph, x, y) = crowded(26.0);
    let mut shapes = Vec::new();
    fill_edge_shapes(&mut shapes, &graph.ends, &graph.fans, &x, &y, &graph.radius);
    let camera = Camera {
        scale: 1.0,
        x: 0.0,
        y: 0.0,
    };
    let hub = graph.local_of(0).unwrap();
    let scene = Scene {
        graph: &graph,
        dataset: &dataset,
        x: &x,
        y: &y,
        pinned: &|_| false,
        shapes: &shapes,
        camera,
        size: (900.0, 600.0),
        focus: selected(Hit::Node(hub)),
        reading: true,
        covered_bottom: 0.0,
        covered_corner: (0.0, 0.0),
    };
    let frame = Frame::build(&scene, &mut TextCache::default(), &mut Monospace(6.0));
    assert_eq!(
        (frame.cards.len(), frame.cards_left_out),
        (3, 0),
        "{:?}",
        frame.note
    );
    let disc = |node: usize| {
        let r = graph.drawn_radius(node, 1.0);
        (x[node] - r, y[node] - r, x[node] + r, y[node] + r)
    };
    let about: Vec<usize> = (0..4).map(|event| graph.local_of(event).unwrap()).collect();
    let mut faded_covered = 0;
    for card in &frame.cards {
        let area = (
            card.x,
            card.y,
            card.x + card.text.width,
            card.y + card.text.height,
        );
        for node in 0..graph.node_count() {
            if overlap(area, disc(node)) {
                assert!(
                    !about.contains(&node),
                    "card {} covers an event it is about",
                    card.relation
                );
                faded_covered += 1;
            }
        }
    }
    assert!(
        faded_covered > 0,
        "the crowd leaves no clear place, so some faded event is covered"
    );
    let titled = frame
        .labels
        .iter()
        .filter(|label| matches!(label.owner, LabelOwner::Node(node) if about.contains(&node)))
        .count();
    assert_eq!(
        titled, 4,
        "the events the cards are about keep their titles"
    );
    let boxes = level_boxes(&frame);
    for (i, (a_name, a)) in boxes.iter().enumerate() {
        for (b_name, b) in &boxes[i + 1..] {
            assert!(!overlap(*a, *b), "{a_name} overlaps {b_name}");
        }
    }
}
