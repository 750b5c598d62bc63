//! `window.eventLens.layout()`: what the last mounted graph view shows and where, in CSS pixels
//! relative to its canvas, from its last frame, so tests and host pages can find what is where.

use super::registry::with_runtime;
use super::runtime::GraphRuntime;
use crate::view::cards::{CardLine, CARD_PADDING, LINE_HEIGHT};
use crate::view::frame::{Counts, LabelOwner};
use js_sys::{Array, Object, Reflect};
use std::cell::Cell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

/// What `layout()` calls to read view `id`'s layout.
type LayoutReader = fn(u32) -> Option<JsValue>;

thread_local! {
    /// Reads a mounted view's layout; set by the graph view's own module once it is loaded, so
    /// that `layout()` is in the first download without the graph view behind it.
    static LAYOUT_READER: Cell<Option<LayoutReader>> = const { Cell::new(None) };
}

/// Called by the graph view's module when it loads.
pub fn provide_layout_reader() {
    LAYOUT_READER.with(|reader| reader.set(Some(|id| with_runtime(id, |rt, _| layout_object(rt)))));
}

/// Installs `window.eventLens.layout()`.
pub fn install_window_api() {
    let layout =
        Closure::<dyn Fn() -> JsValue>::new(|| layout_of(Some(super::registry::last_mounted())));
    let api = Object::new();
    let _ = Reflect::set(&api, &"layout".into(), layout.as_ref());
    let _ = Reflect::set(&leptos::prelude::window(), &"eventLens".into(), &api);
    // The API lives as long as the page.
    layout.forget();
}

/// The layout of graph view `id`; empty when none is shown.
pub fn layout_of(id: Option<u32>) -> JsValue {
    let read = LAYOUT_READER.with(Cell::get);
    id.zip(read)
        .and_then(|(id, read)| read(id))
        .unwrap_or_else(|| {
            let empty = Object::new();
            let _ = Reflect::set(&empty, &"nodes".into(), &Array::new());
            let _ = Reflect::set(&empty, &"edges".into(), &Array::new());
            empty.into()
        })
}

fn set(object: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(object, &key.into(), &value);
}

fn numbers(object: &Object, values: &[(&str, f64)]) {
    for &(key, value) in values {
        set(object, key, value.into());
    }
}

fn counts_object(counts: Counts) -> Object {
    let object = Object::new();
    numbers(
        &object,
        &[
            ("edges", counts.edges as f64),
            ("arrowheads", counts.arrowheads as f64),
            ("discs", counts.discs as f64),
            ("labels", counts.labels as f64),
            ("cards", counts.cards as f64),
        ],
    );
    object
}

fn layout_object(rt: &GraphRuntime) -> JsValue {
    let nodes = Array::new();
    for local in 0..rt.view.node_count() {
        let (x, y) = rt.node_xy(local);
        let (sx, sy) = rt.camera.to_screen(x, y);
        let node = Object::new();
        let event = &rt.data.dataset.events[rt.view.nodes[local]];
        set(&node, "id", event.id.as_str().into());
        numbers(
            &node,
            &[
                ("x", sx),
                ("y", sy),
                ("radius", rt.drawn_radius(local) * rt.camera.scale),
            ],
        );
        nodes.push(&node);
    }
    let edges = Array::new();
    for edge in 0..rt.view.ends.len() {
        let relation = &rt.data.dataset.relations[rt.view.edges[edge]];
        let (s, t) = rt.view.ends[edge];
        let ((x1, y1), (x2, y2)) = (rt.node_xy(s), rt.node_xy(t));
        let ((x1, y1), (x2, y2)) = (rt.camera.to_screen(x1, y1), rt.camera.to_screen(x2, y2));
        let (mx, my) = rt.edge_midpoint(edge);
        let object = Object::new();
        set(&object, "source", relation.source.as_str().into());
        set(&object, "target", relation.target.as_str().into());
        numbers(
            &object,
            &[
                ("relation", rt.view.edges[edge] as f64),
                ("x1", x1),
                ("y1", y1),
                ("x2", x2),
                ("y2", y2),
                ("mx", mx),
                ("my", my),
            ],
        );
        edges.push(&object);
    }
    let frame = &rt.frame;
    let labels = Array::new();
    for label in &frame.labels {
        let LabelOwner::Relation(relation) = label.owner else {
            continue;
        };
        let object = Object::new();
        set(&object, "text", label.text.as_str().into());
        numbers(
            &object,
            &[
                ("relation", relation as f64),
                ("x", label.x),
                ("y", label.y),
                ("width", label.width),
                ("angle", label.angle),
            ],
        );
        labels.push(&object);
    }
    let cards = Array::new();
    for card in &frame.cards {
        let object = Object::new();
        let text: Vec<String> = card.text.lines.iter().map(CardLine::text).collect();
        set(
            &object,
            "lines",
            text.iter().map(JsValue::from).collect::<Array>().into(),
        );
        // Where each link of the card is, and the event it opens.
        let links = Array::new();
        for (row, line) in card.text.lines.iter().enumerate() {
            for span in &line.spans {
                let Some(event) = span.link else { continue };
                let link = Object::new();
                set(
                    &link,
                    "event",
                    rt.data.dataset.events[event].id.as_str().into(),
                );
                set(&link, "text", span.text.as_str().into());
                numbers(
                    &link,
                    &[
                        ("x", card.x + CARD_PADDING + span.x),
                        ("y", card.y + CARD_PADDING + row as f64 * LINE_HEIGHT),
                        ("width", span.width),
                        ("height", LINE_HEIGHT),
                    ],
                );
                links.push(&link);
            }
        }
        set(&object, "links", links.into());
        set(&object, "current", card.current.into());
        set(&object, "clipped", card.text.clipped.into());
        numbers(
            &object,
            &[
                ("relation", card.relation as f64),
                ("x", card.x),
                ("y", card.y),
                ("width", card.text.width),
                ("height", card.text.height),
            ],
        );
        cards.push(&object);
    }
    let result = Object::new();
    set(&result, "edgeLabels", labels.into());
    set(&result, "cards", cards.into());
    set(
        &result,
        "cardsLeftOut",
        (frame.cards_left_out as f64).into(),
    );
    set(&result, "nodes", nodes.into());
    set(&result, "edges", edges.into());
    set(&result, "frame", counts_object(frame.counts()).into());
    set(&result, "written", counts_object(rt.written).into());
    set(&result, "colourBy", rt.view.colour_by.value().into());
    set(&result, "settled", rt.host.simulation.is_finished().into());
    set(&result, "engine", rt.host.engine().into());
    set(&result, "reading", rt.reading.into());
    set(&result, "reduced", rt.painter.reduced.into());
    numbers(
        &result,
        &[
            ("scale", rt.camera.scale),
            ("drawMs", rt.last_draw_ms),
            ("coveredBottom", rt.covered_bottom),
            ("coveredCornerWidth", rt.covered_corner.0),
            ("coveredCornerHeight", rt.covered_corner.1),
            ("edgeBatches", f64::from(rt.edge_batches)),
            ("ticks", f64::from(rt.host.ticks)),
            ("picturesInParts", f64::from(rt.painter.pictures_in_parts)),
            ("reducedPictures", f64::from(rt.painter.reduced_pictures)),
        ],
    );
    result.into()
}
