//! Pointer, wheel and keyboard input on the canvas, and the toolbar's actions. What a key or a
//! click means for the graph is decided in `view` (hit testing, cards, navigation); this
//! module turns DOM events into those questions and their answers into state.

use super::page::{tooltip_text, Tooltip};
use super::registry::{
    focus_of, mounted, request_frame, selection_of, with_runtime, LayoutState, Mounted,
};
use super::runtime::{Drag, GraphRuntime, CLICK_SLOP};
use crate::route::Route;
use crate::ui::state::{AppState, Selection};
use crate::view::graph::Hit;
use crate::view::navigation::{step_relation, step_towards, Arrow};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, PointerEvent, WheelEvent};

fn open_event(state: AppState, id: &str) {
    state.navigate(Route::Event(id.to_owned()));
}

pub fn pointer_down(id: u32, event: PointerEvent) {
    let (x, y) = (f64::from(event.offset_x()), f64::from(event.offset_y()));
    with_runtime(id, |rt, view| {
        rt.pointers.retain(|p| p.0 != event.pointer_id());
        rt.pointers.push((event.pointer_id(), x, y));
        if let Some((canvas, _)) = view.surface.borrow().as_ref() {
            let _ = canvas.set_pointer_capture(event.pointer_id());
            // Without scrolling: a press on a graph whose bottom is below the window must not
            // move the page (and the node being grabbed) under the pointer.
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = canvas.focus_with_options(&options);
        }
        if rt.pointers.len() > 1 {
            rt.drag = None;
            return;
        }
        let on_card = rt.frame.card_at(x, y).is_some();
        rt.drag = Some(match rt.hit_test(x, y) {
            Some(Hit::Node(node)) if !on_card => Drag::Node {
                node,
                pointer: event.pointer_id(),
                start: (x, y),
                moved: false,
            },
            _ => Drag::Pan {
                pointer: event.pointer_id(),
                last: (x, y),
                start: (x, y),
                moved: false,
            },
        });
    });
}

/// Two pointers: pinch zoom around their midpoint.
fn pinch(rt: &mut GraphRuntime, pointer: i32, (x, y): (f64, f64)) {
    let before = rt.pointers.clone();
    if let Some(moved) = rt.pointers.iter_mut().find(|p| p.0 == pointer) {
        (moved.1, moved.2) = (x, y);
    }
    let spread =
        |p: &[(i32, f64, f64)]| ((p[0].1 - p[1].1).powi(2) + (p[0].2 - p[1].2).powi(2)).sqrt();
    let (old, new) = (spread(&before), spread(&rt.pointers));
    if old > 0.0 {
        let (mx, my) = (
            (rt.pointers[0].1 + rt.pointers[1].1) / 2.0,
            (rt.pointers[0].2 + rt.pointers[1].2) / 2.0,
        );
        rt.camera.zoom_at(mx, my, new / old);
        rt.auto_fit = false;
    }
}

/// Hovering: the tooltip over an edge (its rationale), the cursor, and emphasis.
fn hover(rt: &mut GraphRuntime, view: &Mounted, (x, y): (f64, f64)) -> bool {
    let on_card = rt.frame.card_at(x, y);
    let hit = if on_card.is_some() {
        None
    } else {
        rt.hit_test(x, y)
    };
    let tooltip = match hit {
        Some(Hit::Edge(edge)) => {
            let relation = &rt.data.dataset.relations[rt.view.edges[edge]];
            Some(Tooltip {
                text: tooltip_text(relation),
                x,
                y,
            })
        }
        _ => None,
    };
    if view.tooltip.get_untracked() != tooltip {
        view.tooltip.set(tooltip);
    }
    if let Some((canvas, _)) = view.surface.borrow().as_ref() {
        let cursor = if hit.is_some() || on_card.is_some() {
            "pointer"
        } else {
            "grab"
        };
        let _ = canvas.set_attribute("data-cursor", cursor);
    }
    let changed = rt.hover != hit;
    rt.hover = hit;
    changed
}

pub fn pointer_move(id: u32, event: PointerEvent) {
    let (x, y) = (f64::from(event.offset_x()), f64::from(event.offset_y()));
    let needs_frame = with_runtime(id, |rt, view| {
        if rt.pointers.len() == 2 {
            pinch(rt, event.pointer_id(), (x, y));
            return true;
        }
        match rt.drag {
            Some(Drag::Node {
                node,
                pointer,
                start,
                moved,
            }) if pointer == event.pointer_id() => {
                let moved = moved || (x - start.0).hypot(y - start.1) > CLICK_SLOP;
                rt.drag = Some(Drag::Node {
                    node,
                    pointer,
                    start,
                    moved,
                });
                if moved {
                    let (wx, wy) = rt.camera.to_world(x, y);
                    rt.host.pin(node, wx, wy);
                    rt.host.set_alpha_target(0.3);
                    if rt.host.simulation.alpha < 0.3 {
                        rt.host.reheat(0.3);
                    }
                    rt.auto_fit = false;
                    rt.refresh_shapes();
                    view.tooltip.set(None);
                }
                true
            }
            Some(Drag::Pan {
                pointer,
                last,
                start,
                moved,
            }) if pointer == event.pointer_id() => {
                let moved = moved || (x - start.0).hypot(y - start.1) > CLICK_SLOP;
                if moved {
                    rt.camera.x += x - last.0;
                    rt.camera.y += y - last.1;
                    rt.auto_fit = false;
                }
                rt.drag = Some(Drag::Pan {
                    pointer,
                    last: (x, y),
                    start,
                    moved,
                });
                moved
            }
            _ => hover(rt, view, (x, y)),
        }
    });
    if needs_frame == Some(true) {
        request_frame(id);
    }
}

/// What a click selects: a link in a card, its event; a card, its relation (the other cards of
/// the event stay); otherwise what is under the pointer (or nothing). The second value is the
/// event whose cards stay.
fn click_target(
    rt: &GraphRuntime,
    view: &Mounted,
    (x, y): (f64, f64),
) -> (Option<Selection>, Option<usize>) {
    if let Some((card, link)) = rt.frame.card_at(x, y) {
        if let Some(event) = link {
            return (Some(Selection::Event(event)), None);
        }
        let anchor = match focus_of(rt, view.state.selection.get_untracked()) {
            Some(Hit::Node(node)) => Some(node),
            Some(Hit::Edge(_)) => view.keyboard_anchor.get(),
            None => None,
        };
        return (Some(Selection::Relation(card.relation)), anchor);
    }
    (rt.hit_test(x, y).map(|hit| selection_of(rt, hit)), None)
}

pub fn pointer_up(id: u32, event: PointerEvent) {
    let (x, y) = (f64::from(event.offset_x()), f64::from(event.offset_y()));
    let click = with_runtime(id, |rt, view| {
        rt.pointers.retain(|p| p.0 != event.pointer_id());
        match rt.drag.take() {
            Some(Drag::Node {
                node, moved: false, ..
            }) => Some((Some(selection_of(rt, Hit::Node(node))), None)),
            Some(Drag::Node { .. }) => {
                // Dropped: the node stays pinned where it was let go.
                rt.host.set_alpha_target(0.0);
                None
            }
            Some(Drag::Pan { moved: false, .. }) => Some(click_target(rt, view, (x, y))),
            Some(Drag::Pan { .. }) | None => None,
        }
    })
    .flatten();
    if let (Some((selection, anchor)), Some(view)) = (click, mounted(id)) {
        view.keyboard_anchor.set(anchor);
        view.state.selection.set(selection);
    }
    request_frame(id);
}

pub fn double_click(id: u32, x: f64, y: f64) {
    let to_open = with_runtime(id, |rt, _| match rt.hit_test(x, y) {
        // A pinned node is released; an unpinned one opens its page.
        Some(Hit::Node(node)) if rt.host.simulation.is_pinned(node) => {
            rt.host.unpin(node);
            rt.host.reheat(0.3);
            None
        }
        Some(Hit::Node(node)) => Some(rt.data.dataset.events[rt.view.nodes[node]].id.clone()),
        _ => None,
    })
    .flatten();
    match (to_open, mounted(id)) {
        (Some(event_id), Some(view)) => open_event(view.state, &event_id),
        _ => request_frame(id),
    }
}

pub fn wheel(id: u32, event: WheelEvent) {
    event.prevent_default();
    let lines = if event.delta_mode() == WheelEvent::DOM_DELTA_LINE {
        16.0
    } else {
        1.0
    };
    let factor = (-event.delta_y() * lines * 0.0015).exp();
    with_runtime(id, |rt, _| {
        rt.camera.zoom_at(
            f64::from(event.offset_x()),
            f64::from(event.offset_y()),
            factor,
        );
        rt.auto_fit = false;
    });
    request_frame(id);
}

pub fn zoom_by(id: u32, factor: f64) {
    with_runtime(id, |rt, _| {
        let (cx, cy) = (rt.width / 2.0, rt.height / 2.0);
        rt.camera.zoom_at(cx, cy, factor);
        rt.auto_fit = false;
    });
    request_frame(id);
}

pub fn fit(id: u32) {
    with_runtime(id, |rt, _| {
        rt.auto_fit = true;
        rt.fit();
    });
    request_frame(id);
}

/// The event whose neighbourhood "Frame selection" shows: the selected event, or the one whose
/// relations the keyboard steps through, or the new event of a selected relation.
fn selected_event(rt: &GraphRuntime, view: &Mounted) -> Option<usize> {
    match focus_of(rt, view.state.selection.get_untracked())? {
        Hit::Node(node) => Some(node),
        Hit::Edge(edge) => view.keyboard_anchor.get().or(Some(rt.view.ends[edge].0)),
    }
}

/// Brings the selection and its neighbours into view with room for their cards.
pub fn frame_selection(id: u32) {
    with_runtime(id, |rt, view| {
        if let Some(node) = selected_event(rt, view) {
            rt.frame_neighbourhood(node);
        }
    });
    request_frame(id);
}

pub fn set_reading(id: u32, reading: bool) {
    with_runtime(id, |rt, _| rt.reading = reading);
    request_frame(id);
}

pub fn toggle_pause(id: u32) {
    with_runtime(id, |rt, view| {
        let paused = !rt.host.paused;
        rt.host.set_paused(paused);
        view.layout_state.set(LayoutState::of(&rt.host));
    });
    request_frame(id);
}

pub fn reheat(id: u32) {
    with_runtime(id, |rt, _| {
        rt.host.set_paused(false);
        rt.host.reheat(1.0);
    });
    request_frame(id);
}

/// Keyboard use of the canvas: arrows move between neighbours, `[` and `]` step through the
/// selected event's relations, Enter opens, Escape clears, `f` frames the selection, `+`/`-`/`0`
/// zoom, space pauses.
pub fn key_down(id: u32, event: KeyboardEvent) {
    match event.key().as_str() {
        "+" | "=" => zoom_by(id, 1.25),
        "-" => zoom_by(id, 0.8),
        "0" => fit(id),
        " " => toggle_pause(id),
        "f" | "F" => frame_selection(id),
        _ => return key_to_selection(id, event),
    }
    event.prevent_default();
}

/// Moves focus to the selection panel's heading, within this view's own page: inside a host's
/// shadow root `document` would not find it, and with two graphs on a page it could find the
/// other's.
fn focus_panel_heading(view: &Mounted) {
    let page = view
        .surface
        .borrow()
        .as_ref()
        .and_then(|(canvas, _)| canvas.closest(".graph-page").ok().flatten());
    let heading = page.and_then(|page| {
        page.query_selector(".graph-panel .panel-title")
            .ok()
            .flatten()
    });
    if let Some(heading) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = heading.focus();
    }
}

/// The keys that move the selection (arrows, brackets, Enter, Escape).
fn key_to_selection(id: u32, event: KeyboardEvent) {
    let Some(view) = mounted(id) else { return };
    let key = event.key();
    let mut rt = view.runtime.borrow_mut();
    let focus = focus_of(&rt, view.state.selection.get_untracked());
    let anchor = match focus {
        Some(Hit::Node(node)) => Some(node),
        Some(Hit::Edge(edge)) => view.keyboard_anchor.get().or(Some(rt.view.ends[edge].0)),
        None => None,
    };
    let mut new_selection = None;
    let mut handled = true;
    if let Some(arrow) = Arrow::from_key(&key) {
        let bodies = rt.host.simulation.bodies();
        if let Some(node) = step_towards(&rt.view, (&bodies.x, &bodies.y), anchor, arrow) {
            view.keyboard_anchor.set(None);
            new_selection = Some(Some(Hit::Node(node)));
        }
    } else {
        match key.as_str() {
            "]" | "[" => {
                let current = match focus {
                    Some(Hit::Edge(edge)) => Some(edge),
                    _ => None,
                };
                let next = anchor.and_then(|node| {
                    step_relation(rt.view.edges_of(node), current, key == "]")
                        .map(|edge| (node, edge))
                });
                if let Some((node, edge)) = next {
                    view.keyboard_anchor.set(Some(node));
                    new_selection = Some(Some(Hit::Edge(edge)));
                    // With cards on, the card is the rationale; without, the tooltip.
                    let tooltip = (!rt.reading).then(|| {
                        let (x, y) = rt.edge_midpoint(edge);
                        let relation = &rt.data.dataset.relations[rt.view.edges[edge]];
                        Tooltip {
                            text: tooltip_text(relation),
                            x,
                            y,
                        }
                    });
                    view.tooltip.set(tooltip);
                }
            }
            "Enter" => match focus {
                Some(Hit::Node(node)) => {
                    let event_id = rt.data.dataset.events[rt.view.nodes[node]].id.clone();
                    drop(rt);
                    open_event(view.state, &event_id);
                    event.prevent_default();
                    return;
                }
                Some(Hit::Edge(_)) => focus_panel_heading(&view),
                None => handled = false,
            },
            "Escape" => {
                view.tooltip.set(None);
                view.keyboard_anchor.set(None);
                new_selection = Some(None);
            }
            _ => handled = false,
        }
    }
    if let Some(Some(Hit::Node(node))) = new_selection {
        keep_on_screen(&mut rt, node);
        view.tooltip.set(None);
    }
    let selection = new_selection.map(|hit| hit.map(|hit| selection_of(&rt, hit)));
    drop(rt);
    if handled {
        event.prevent_default();
    }
    if let Some(selection) = selection {
        view.state.selection.set(selection);
    }
    request_frame(id);
}

/// Pans so that a node the keyboard moved to is on screen.
fn keep_on_screen(rt: &mut GraphRuntime, node: usize) {
    let (x, y) = rt.node_xy(node);
    let (sx, sy) = rt.camera.to_screen(x, y);
    if sx < 20.0 || sy < 20.0 || sx > rt.width - 20.0 || sy > rt.height - 20.0 {
        rt.camera.x += rt.width / 2.0 - sx;
        rt.camera.y += rt.height / 2.0 - sy;
        rt.auto_fit = false;
    }
}
