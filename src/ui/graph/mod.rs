//! The relation graph page (`#/graph`, `#/graph?focus=…&depth=…`, `#/relation/<s>/<t>`).
//!
//! Each mounted view gets an id; its [`GraphRuntime`], canvas and animation callback live in a
//! thread-local registry under that id, so every event handler and cleanup captures only the id
//! (a `Copy` value) and the reactive state stays in [`AppState`].

mod draw;
mod panel;
mod runtime;
mod svg;
mod worker;

use super::download::{close_menu, file_stem, save_text, save_url};
use super::export_menu::DataExports;
use super::state::{AppState, LoadedData, Selection};
use crate::bidi::isolate;
use crate::route::Route;
use crate::scene::{clip_chars, Camera};
use draw::Focus;
use leptos::html;
use leptos::prelude::*;
use panel::{Legend, RelationsAsText, SelectionPanel};
use runtime::{ColourBy, Drag, GraphRuntime, Hit, CLICK_SLOP};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, KeyboardEvent, PointerEvent, WheelEvent,
};

/// A mounted graph view.
struct Mounted {
    runtime: RefCell<GraphRuntime>,
    surface: RefCell<Option<(HtmlCanvasElement, CanvasRenderingContext2d)>>,
    frame_callback: RefCell<Option<Closure<dyn FnMut()>>>,
    resize: RefCell<Option<ResizeWatch>>,
    /// The pending requestAnimationFrame, cancelled when the view goes away (its callback is
    /// dropped then, and must not be called after).
    frame_pending: Cell<Option<i32>>,
    state: AppState,
    tooltip: RwSignal<Option<Tooltip>>,
    running: RwSignal<bool>,
    /// The node arrow keys move from while a relation is selected.
    keyboard_anchor: Cell<Option<usize>>,
    /// Key under which positions and camera are remembered for this route.
    view_key: String,
}

/// The observer that resizes the canvas, and the callback it calls (kept alive with it).
type ResizeWatch = (web_sys::ResizeObserver, Closure<dyn FnMut()>);

/// The rationale shown next to the pointer over an edge.
#[derive(Clone, Debug, PartialEq)]
struct Tooltip {
    text: String,
    x: f64,
    y: f64,
}

/// A relation's kind and rationale for the tooltip, each isolated (a right-to-left kind must not
/// reorder the rationale) and clipped: the panel shows the whole of both.
fn tooltip_text(relation: &crate::model::Relation) -> String {
    let rationale = isolate(&clip_chars(&relation.rationale, 4000));
    match &relation.kind {
        Some(kind) => format!("{}: {rationale}", isolate(&clip_chars(kind, 80))),
        None => rationale,
    }
}

/// Where the user left the graph: positions and pins per event, camera per route. Kept per
/// instance of the app, for the load it was made with, so going to an event page and back
/// restores the same picture, and two graphs on one page never share one.
#[derive(Default)]
struct Memory {
    /// The [`LoadedData::load`] it belongs to.
    load: u64,
    positions: HashMap<usize, (f64, f64)>,
    pinned: HashSet<usize>,
    cameras: HashMap<String, Camera>,
}

/// What `layout()` calls to read view `id`'s layout.
type LayoutReader = fn(u32) -> Option<JsValue>;

thread_local! {
    static MOUNTED: RefCell<HashMap<u32, Rc<Mounted>>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    static LAST_MOUNTED: Cell<u32> = const { Cell::new(0) };
    /// By instance ([`AppState::instance`]).
    static MEMORY: RefCell<HashMap<u32, Memory>> = RefCell::new(HashMap::new());
    /// Reads a mounted view's layout; set by the graph view's own module once it is loaded, so
    /// that `layout()` is in the first download without the graph view behind it.
    static LAYOUT_READER: Cell<Option<LayoutReader>> = const { Cell::new(None) };
    /// Builds a graph page; set, like `LAYOUT_READER`, by the graph view's own module.
    static PAGE_BUILDER: Cell<Option<PageBuilder>> = const { Cell::new(None) };
}

fn mounted(id: u32) -> Option<Rc<Mounted>> {
    MOUNTED.with(|all| all.borrow().get(&id).cloned())
}

/// What instance `instance` remembers of load `load`: forgotten when that is not the load it
/// remembers.
fn memory_of<R>(instance: u32, load: u64, f: impl FnOnce(&mut Memory) -> R) -> R {
    MEMORY.with(|memories| {
        let mut memories = memories.borrow_mut();
        let memory = memories.entry(instance).or_default();
        if memory.load != load {
            *memory = Memory {
                load,
                ..Memory::default()
            };
        }
        f(memory)
    })
}

fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

fn now() -> f64 {
    window()
        .performance()
        .map_or(0.0, |performance| performance.now())
}

/// The selection as a view-local hit, when it is shown in this view.
fn focus_of(rt: &GraphRuntime, selection: Option<Selection>) -> Option<Hit> {
    match selection? {
        Selection::Event(event) => rt
            .local_of
            .get(event)
            .copied()
            .filter(|&l| l != usize::MAX)
            .map(Hit::Node),
        Selection::Relation(relation) => rt.edge_of_relation(relation).map(Hit::Edge),
    }
}

fn selection_of(rt: &GraphRuntime, hit: Hit) -> Selection {
    match hit {
        Hit::Node(local) => Selection::Event(rt.nodes[local]),
        Hit::Edge(edge) => Selection::Relation(rt.edges[edge]),
    }
}

fn request_frame(id: u32) {
    let Some(view) = mounted(id) else { return };
    if view.frame_pending.get().is_some() {
        return;
    }
    let callback = view.frame_callback.borrow();
    if let Some(callback) = callback.as_ref() {
        let request = window().request_animation_frame(callback.as_ref().unchecked_ref());
        view.frame_pending.set(request.ok());
    }
}

/// How long one frame may paint an overview of the worker's positions before it goes on in the
/// next frame: with the rest of the frame, well under the 50 ms that make a task "long".
const PAINT_SLICE_MS: f64 = 25.0;

/// One animation frame: advance the layout within a time budget, then draw.
fn frame(id: u32) {
    let Some(view) = mounted(id) else { return };
    view.frame_pending.set(None);
    let surface = view.surface.borrow();
    let Some((_, context)) = surface.as_ref() else {
        // Nothing to draw on yet; the worker must not wait for a frame that never comes.
        view.runtime.borrow_mut().acknowledge();
        return;
    };
    let dpr = window().device_pixel_ratio();
    let mut rt = view.runtime.borrow_mut();
    let moving = rt.advance(10.0, now);
    let mut painted = true;
    if rt.reduced_motion && moving {
        draw::draw_message(context, dpr, rt.width, rt.height, "Laying out the graph…");
    } else {
        let focus = Focus {
            selected: focus_of(&rt, view.state.selection.get_untracked()),
            hovered: rt.hover,
        };
        let started = now();
        // Positions from the worker may be painted over several frames (it waits for them);
        // not while a node is dragged, which must follow the pointer.
        let deadline = (rt.awaiting_ack() && rt.drag.is_none()).then_some(started + PAINT_SLICE_MS);
        painted = draw::draw(&mut rt, context, dpr, focus, deadline);
        rt.last_draw_ms = now() - started;
    }
    if painted {
        rt.acknowledge();
    }
    let in_worker = rt.layout_in_worker();
    drop(rt);
    drop(surface);
    if view.running.get_untracked() != moving {
        view.running.set(moving);
    }
    // The worker's messages ask for frames while it runs; here only the main-thread layout does,
    // and a picture that is not finished.
    if (moving && !in_worker) || !painted {
        request_frame(id);
    }
}

/// Sizes the canvas backing store to its CSS size times the device pixel ratio.
fn resize(id: u32) {
    let Some(view) = mounted(id) else { return };
    let surface = view.surface.borrow();
    let Some((canvas, _)) = surface.as_ref() else {
        return;
    };
    let width = f64::from(canvas.client_width()).max(1.0);
    let height = f64::from(canvas.client_height()).max(1.0);
    let dpr = window().device_pixel_ratio();
    canvas.set_width((width * dpr).round() as u32);
    canvas.set_height((height * dpr).round() as u32);
    let mut rt = view.runtime.borrow_mut();
    rt.width = width;
    rt.height = height;
    if rt.auto_fit {
        rt.fit();
    }
    drop(rt);
    drop(surface);
    request_frame(id);
}

fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

fn attach(id: u32, canvas: HtmlCanvasElement) {
    let Some(view) = mounted(id) else { return };
    let Some(context) = context_2d(&canvas) else {
        return;
    };
    *view.frame_callback.borrow_mut() = Some(Closure::new(move || frame(id)));
    let on_resize: Closure<dyn FnMut()> = Closure::new(move || resize(id));
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&canvas);
        *view.resize.borrow_mut() = Some((observer, on_resize));
    }
    *view.surface.borrow_mut() = Some((canvas, context));
    LAST_MOUNTED.with(|last| last.set(id));
    view.state.graph_view.set(Some(id));
    resize(id);
}

/// Saves where the user left things, then tears the view down.
fn detach(id: u32) {
    let Some(view) = MOUNTED.with(|all| all.borrow_mut().remove(&id)) else {
        return;
    };
    // `try_`: when the whole instance is destroyed its signals may already be gone.
    if view.state.graph_view.try_get_untracked().flatten() == Some(id) {
        let _ = view.state.graph_view.try_set(None);
    }
    if let Some((observer, _)) = view.resize.borrow_mut().take() {
        observer.disconnect();
    }
    if let Some(request) = view.frame_pending.take() {
        let _ = window().cancel_animation_frame(request);
    }
    view.frame_callback.borrow_mut().take();
    let rt = view.runtime.borrow();
    memory_of(view.state.instance, rt.data.load, |memory| {
        // Positions no tick has moved are only the seeded start (a view mounted for a moment,
        // as when a file is opened while the graph is shown): remembered, they would pass for
        // a finished layout the next time.
        if rt.ticks > 0 {
            memory.positions.extend(rt.positions());
        }
        for (local, &event) in rt.nodes.iter().enumerate() {
            if rt.simulation.is_pinned(local) {
                memory.pinned.insert(event);
            } else {
                memory.pinned.remove(&event);
            }
        }
        if !rt.auto_fit {
            memory.cameras.insert(view.view_key.clone(), rt.camera);
        }
    });
}

fn with_runtime<R>(id: u32, f: impl FnOnce(&mut GraphRuntime, &Mounted) -> R) -> Option<R> {
    let view = mounted(id)?;
    let mut rt = view.runtime.borrow_mut();
    Some(f(&mut rt, &view))
}

fn open_event(state: AppState, id: &str) {
    state.navigate(Route::Event(id.to_owned()));
}

fn pointer_down(id: u32, event: PointerEvent) {
    let (x, y) = (f64::from(event.offset_x()), f64::from(event.offset_y()));
    with_runtime(id, |rt, view| {
        rt.pointers.retain(|p| p.0 != event.pointer_id());
        rt.pointers.push((event.pointer_id(), x, y));
        if let Some((canvas, _)) = view.surface.borrow().as_ref() {
            let _ = canvas.set_pointer_capture(event.pointer_id());
            let _ = canvas.focus();
        }
        if rt.pointers.len() > 1 {
            rt.drag = None;
            return;
        }
        rt.drag = Some(match rt.hit_test(x, y) {
            Some(Hit::Node(node)) => Drag::Node {
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

fn pointer_move(id: u32, event: PointerEvent) {
    let (x, y) = (f64::from(event.offset_x()), f64::from(event.offset_y()));
    let needs_frame = with_runtime(id, |rt, view| {
        // Two pointers: pinch zoom around their midpoint.
        if rt.pointers.len() == 2 {
            let before = rt.pointers.clone();
            if let Some(pointer) = rt.pointers.iter_mut().find(|p| p.0 == event.pointer_id()) {
                (pointer.1, pointer.2) = (x, y);
            }
            let spread = |p: &[(i32, f64, f64)]| {
                ((p[0].1 - p[1].1).powi(2) + (p[0].2 - p[1].2).powi(2)).sqrt()
            };
            let (old, new) = (spread(&before), spread(&rt.pointers));
            if old > 0.0 {
                let (mx, my) = (
                    (rt.pointers[0].1 + rt.pointers[1].1) / 2.0,
                    (rt.pointers[0].2 + rt.pointers[1].2) / 2.0,
                );
                rt.camera.zoom_at(mx, my, new / old);
                rt.auto_fit = false;
            }
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
                    rt.pin(node, wx, wy);
                    rt.set_alpha_target(0.3);
                    if rt.simulation.alpha < 0.3 {
                        rt.reheat(0.3);
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
            _ => {
                let hit = rt.hit_test(x, y);
                let tooltip = match hit {
                    Some(Hit::Edge(edge)) => {
                        let relation = &rt.data.dataset.relations[rt.edges[edge]];
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
                    let cursor = if hit.is_some() { "pointer" } else { "grab" };
                    let _ = canvas.set_attribute("data-cursor", cursor);
                }
                let changed = rt.hover != hit;
                rt.hover = hit;
                changed
            }
        }
    });
    if needs_frame == Some(true) {
        request_frame(id);
    }
}

fn pointer_up(id: u32, event: PointerEvent) {
    let (x, y) = (f64::from(event.offset_x()), f64::from(event.offset_y()));
    let click = with_runtime(id, |rt, _| {
        rt.pointers.retain(|p| p.0 != event.pointer_id());
        let click = match rt.drag.take() {
            Some(Drag::Node {
                node, moved: false, ..
            }) => Some(Some(Hit::Node(node))),
            Some(Drag::Node { .. }) => {
                // Dropped: the node stays pinned where it was let go.
                rt.set_alpha_target(0.0);
                None
            }
            Some(Drag::Pan { moved: false, .. }) => Some(rt.hit_test(x, y)),
            Some(Drag::Pan { .. }) | None => None,
        };
        click.map(|hit| hit.map(|hit| selection_of(rt, hit)))
    })
    .flatten();
    if let (Some(selection), Some(view)) = (click, mounted(id)) {
        view.keyboard_anchor.set(None);
        view.state.selection.set(selection);
    }
    request_frame(id);
}

fn double_click(id: u32, x: f64, y: f64) {
    let to_open = with_runtime(id, |rt, _| match rt.hit_test(x, y) {
        // A pinned node is released; an unpinned one opens its page.
        Some(Hit::Node(node)) if rt.simulation.is_pinned(node) => {
            rt.unpin(node);
            rt.reheat(0.3);
            None
        }
        Some(Hit::Node(node)) => Some(rt.data.dataset.events[rt.nodes[node]].id.clone()),
        _ => None,
    })
    .flatten();
    match (to_open, mounted(id)) {
        (Some(event_id), Some(view)) => open_event(view.state, &event_id),
        _ => request_frame(id),
    }
}

fn wheel(id: u32, event: WheelEvent) {
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

fn zoom_by(id: u32, factor: f64) {
    with_runtime(id, |rt, _| {
        let (cx, cy) = (rt.width / 2.0, rt.height / 2.0);
        rt.camera.zoom_at(cx, cy, factor);
        rt.auto_fit = false;
    });
    request_frame(id);
}

fn fit(id: u32) {
    with_runtime(id, |rt, _| {
        rt.auto_fit = true;
        rt.fit();
    });
    request_frame(id);
}

fn toggle_pause(id: u32) {
    with_runtime(id, |rt, view| {
        let paused = !rt.paused;
        rt.set_paused(paused);
        view.running.set(!rt.paused && !rt.simulation.is_finished());
    });
    request_frame(id);
}

fn reheat(id: u32) {
    with_runtime(id, |rt, _| {
        rt.set_paused(false);
        rt.reheat(1.0);
    });
    request_frame(id);
}

/// Keyboard use of the canvas: arrows move between neighbours, `[` and `]` step through the
/// selected event's relations, Enter opens, Escape clears, `+`/`-`/`0` zoom, space pauses.
fn key_down(id: u32, event: KeyboardEvent) {
    match event.key().as_str() {
        "+" | "=" => zoom_by(id, 1.25),
        "-" => zoom_by(id, 0.8),
        "0" => fit(id),
        " " => toggle_pause(id),
        _ => return key_to_selection(id, event),
    }
    event.prevent_default();
}

/// The keys that move the selection (arrows, brackets, Enter, Escape).
fn key_to_selection(id: u32, event: KeyboardEvent) {
    let Some(view) = mounted(id) else { return };
    let key = event.key();
    let selection = view.state.selection.get_untracked();
    let mut rt = view.runtime.borrow_mut();
    let focus = focus_of(&rt, selection);
    let anchor = match focus {
        Some(Hit::Node(node)) => Some(node),
        Some(Hit::Edge(edge)) => view.keyboard_anchor.get().or(Some(rt.ends[edge].0)),
        None => None,
    };
    let mut new_selection = None;
    let mut handled = true;
    match key.as_str() {
        "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" => {
            let target = match anchor {
                None => (0..rt.nodes.len())
                    .max_by(|&a, &b| rt.radius[a].total_cmp(&rt.radius[b]).then(b.cmp(&a))),
                Some(node) => {
                    let (dx, dy) = match key.as_str() {
                        "ArrowUp" => (0.0, -1.0),
                        "ArrowDown" => (0.0, 1.0),
                        "ArrowLeft" => (-1.0, 0.0),
                        _ => (1.0, 0.0),
                    };
                    let (x, y) = rt.node_xy(node);
                    let score = |other: usize| {
                        let (ox, oy) = rt.node_xy(other);
                        let (vx, vy) = (ox - x, oy - y);
                        (vx * dx + vy * dy) / vx.hypot(vy).max(1e-9)
                    };
                    rt.neighbours(node)
                        .into_iter()
                        .filter(|&other| score(other) > 0.2)
                        .max_by(|&a, &b| score(a).total_cmp(&score(b)))
                        .or(Some(node))
                }
            };
            if let Some(node) = target {
                view.keyboard_anchor.set(None);
                new_selection = Some(Some(Hit::Node(node)));
            }
        }
        "]" | "[" => {
            if let Some(node) = anchor {
                let edges = rt.edges_of(node);
                if !edges.is_empty() {
                    let current = match focus {
                        Some(Hit::Edge(edge)) => edges.iter().position(|&e| e == edge),
                        _ => None,
                    };
                    let next = match (current, key.as_str()) {
                        (None, "]") => 0,
                        (None, _) => edges.len() - 1,
                        (Some(at), "]") => (at + 1) % edges.len(),
                        (Some(at), _) => (at + edges.len() - 1) % edges.len(),
                    };
                    view.keyboard_anchor.set(Some(node));
                    new_selection = Some(Some(Hit::Edge(edges[next])));
                    let (x, y) = rt.edge_midpoint(edges[next]);
                    let relation = &rt.data.dataset.relations[rt.edges[edges[next]]];
                    view.tooltip.set(Some(Tooltip {
                        text: tooltip_text(relation),
                        x,
                        y,
                    }));
                }
            }
        }
        "Enter" => match focus {
            Some(Hit::Node(node)) => {
                let event_id = rt.data.dataset.events[rt.nodes[node]].id.clone();
                drop(rt);
                open_event(view.state, &event_id);
                event.prevent_default();
                return;
            }
            Some(Hit::Edge(_)) => {
                // Within this view's own page: inside a host's shadow root, `document` would
                // not find it, and with two graphs on a page it could find the other's.
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
                if let Some(heading) = heading {
                    if let Some(heading) = heading.dyn_ref::<web_sys::HtmlElement>() {
                        let _ = heading.focus();
                    }
                }
            }
            None => handled = false,
        },
        "Escape" => {
            view.tooltip.set(None);
            new_selection = Some(None);
        }
        _ => handled = false,
    }
    if let Some(Some(Hit::Node(node))) = new_selection {
        // Keep the newly selected node on screen.
        let (x, y) = rt.node_xy(node);
        let (sx, sy) = rt.camera.to_screen(x, y);
        if sx < 20.0 || sy < 20.0 || sx > rt.width - 20.0 || sy > rt.height - 20.0 {
            rt.camera.x += rt.width / 2.0 - sx;
            rt.camera.y += rt.height / 2.0 - sy;
            rt.auto_fit = false;
        }
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

/// Saves the current view as a PNG at `factor` times the CSS pixel size, on white.
fn export_png(id: u32, factor: f64) {
    let Some(view) = mounted(id) else { return };
    let mut rt = view.runtime.borrow_mut();
    let Ok(element) = document().create_element("canvas") else {
        return;
    };
    let canvas: HtmlCanvasElement = element.unchecked_into();
    canvas.set_width((rt.width * factor).round() as u32);
    canvas.set_height((rt.height * factor).round() as u32);
    let Some(context) = context_2d(&canvas) else {
        return;
    };
    let focus = Focus {
        selected: focus_of(&rt, view.state.selection.get_untracked()),
        hovered: None,
    };
    draw::draw(&mut rt, &context, factor, focus, None);
    let _ = context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    let _ = context.set_global_composite_operation("destination-over");
    context.set_fill_style_str("#ffffff");
    context.fill_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    let stem = file_stem(rt.data.dataset.meta.title.as_deref());
    drop(rt);
    if let Ok(url) = canvas.to_data_url() {
        let suffix = if factor > 1.0 { "@2x" } else { "" };
        save_url(&format!("{stem}-graph{suffix}.png"), &url);
    }
    request_frame(id);
}

fn export_svg(id: u32) {
    let Some(view) = mounted(id) else { return };
    let rt = view.runtime.borrow();
    let stem = file_stem(rt.data.dataset.meta.title.as_deref());
    save_text(
        &format!("{stem}-graph.svg"),
        "image/svg+xml",
        &svg::view_svg(&rt),
    );
}

fn change_colouring(
    id: u32,
    by: ColourBy,
    legend: RwSignal<Vec<runtime::LegendEntry>>,
    colour_by: RwSignal<ColourBy>,
) {
    with_runtime(id, |rt, _| {
        rt.set_colouring(by);
        legend.set(rt.colour_legend.clone());
    });
    colour_by.set(by);
    request_frame(id);
}

/// A sentence for the live region describing the selection.
fn announce(data: &LoadedData, selection: Option<Selection>) -> String {
    match selection {
        None => String::new(),
        Some(Selection::Event(index)) => {
            let event = &data.dataset.events[index];
            let date = event
                .date
                .as_ref()
                .map(|d| format!(", {d}"))
                .unwrap_or_default();
            format!(
                "Selected event: {}{date}, {} relations. Enter opens its page.",
                isolate(&event.title),
                data.index.relations_of(index).len()
            )
        }
        Some(Selection::Relation(index)) => {
            format!(
                "Selected relation: {}",
                panel::relation_sentence(data, &data.dataset.relations[index])
            )
        }
    }
}

/// Builds the graph page; it lives in the graph view's own module (see [`load_graph_view`]).
pub type PageBuilder = fn(Arc<LoadedData>, Option<String>, u8, Option<(String, String)>) -> AnyView;

/// The graph page's builder once the graph view's module is here (`None` before).
pub fn page_builder() -> Option<PageBuilder> {
    PAGE_BUILDER.with(Cell::get)
}

/// Fetches the module that holds the graph view's code (the first time a graph is shown, so the
/// first download carries only what the event pages need) and gives its page builder, which it
/// also registers for [`page_builder`]. `Err` when that module cannot be fetched (offline,
/// say). Only the loading is asynchronous: the page itself is built where it is shown, under its
/// own reactive owner, so a view that is gone by the time the code arrives builds nothing.
#[leptos::wasm_split::wasm_split(graph, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn load_graph_view() -> Result<PageBuilder, leptos::wasm_split::SplitLoaderError> {
    LAYOUT_READER.with(|reader| reader.set(Some(|id| with_runtime(id, |rt, _| layout_object(rt)))));
    let build: PageBuilder =
        |data, focus, depth, relation| view! { <GraphPage data focus depth relation/> }.into_any();
    PAGE_BUILDER.with(|builder| builder.set(Some(build)));
    Ok(build)
}

#[component]
fn GraphPage(
    data: Arc<LoadedData>,
    focus: Option<String>,
    depth: u8,
    relation: Option<(String, String)>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let focus_index = focus.as_ref().map(|id| data.index.event_index(id));
    if let Some(None) = focus_index {
        return view! {
            <section class="not-found">
                <h1>"Event not found"</h1>
                <p>
                    "The loaded data has no event with the id “" <bdi>{focus.unwrap_or_default()}</bdi>
                    "” to centre the graph on. " <a href="#/graph">"Show the whole graph"</a>
                </p>
            </section>
        }
        .into_any();
    }
    let focus_index = focus_index.flatten();
    let subgraph = match focus_index {
        Some(center) => data.graph.ego(center, usize::from(depth)),
        None => data.graph.everything(),
    };
    let view_key = match &focus {
        Some(id) => Route::Graph {
            focus: Some(id.clone()),
            depth,
        }
        .to_hash(),
        None => "#/graph".to_owned(),
    };
    let missing_relation = match &relation {
        Some((source, target)) => {
            let found = data
                .dataset
                .relations
                .iter()
                .position(|r| &r.source == source && &r.target == target);
            match found {
                Some(index) => {
                    state.selection.set(Some(Selection::Relation(index)));
                    None
                }
                None => Some(format!(
                    "No relation from “{}” to “{}” in the loaded data.",
                    isolate(source),
                    isolate(target)
                )),
            }
        }
        None => None,
    };
    if let Some(center) = focus_index {
        if state.selection.get_untracked().is_none() {
            state.selection.set(Some(Selection::Event(center)));
        }
    }

    let runtime = memory_of(state.instance, data.load, |memory| {
        let mut runtime = GraphRuntime::new(
            data.clone(),
            subgraph.clone(),
            &memory.positions,
            prefers_reduced_motion(),
        );
        for (local, event) in subgraph.nodes.iter().enumerate() {
            if memory.pinned.contains(event) {
                let (x, y) = runtime.node_xy(local);
                runtime.simulation.pin(local, x, y);
            }
        }
        if let Some(camera) = memory.cameras.get(&view_key) {
            runtime.camera = *camera;
            runtime.auto_fit = false;
        }
        runtime
    });
    let kinds = runtime.kinds.clone();
    let legend_colours = RwSignal::new(runtime.colour_legend.clone());
    let colour_by = RwSignal::new(runtime.colour_by);
    let has_tags = subgraph
        .nodes
        .iter()
        .any(|&event| !data.dataset.events[event].tags.is_empty());
    let tooltip = RwSignal::new(None::<Tooltip>);
    let running = RwSignal::new(!runtime.simulation.is_finished());
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id + 1);
        id
    });
    MOUNTED.with(|all| {
        all.borrow_mut().insert(
            id,
            Rc::new(Mounted {
                runtime: RefCell::new(runtime),
                surface: RefCell::new(None),
                frame_callback: RefCell::new(None),
                resize: RefCell::new(None),
                frame_pending: Cell::new(None),
                state,
                tooltip,
                running,
                keyboard_anchor: Cell::new(None),
                view_key,
            }),
        )
    });
    with_runtime(id, |rt, _| {
        rt.start_worker(move |report| {
            with_runtime(id, |rt, _| rt.receive(report));
            request_frame(id);
        });
    });
    on_cleanup(move || detach(id));

    let canvas_ref = NodeRef::<html::Canvas>::new();
    Effect::new(move |_| {
        if let Some(canvas) = canvas_ref.get() {
            attach(id, canvas);
        }
    });
    // Redraw when the selection changes (from the canvas, the keyboard, or a deep link).
    Effect::new(move |_| {
        state.selection.track();
        request_frame(id);
    });
    let announcement = {
        let data = data.clone();
        move || announce(&data, state.selection.get())
    };

    let heading = match focus_index {
        Some(center) => {
            let title = data.dataset.events[center].title.clone();
            let steps = format!("” ({depth} {})", if depth == 1 { "step" } else { "steps" });
            view! { "Neighbourhood of “" <bdi>{title}</bdi> {steps} }.into_any()
        }
        None => "Relation graph".into_any(),
    };
    let counts = format!(
        "{} events · {} relations",
        subgraph.nodes.len(),
        subgraph.edges.len()
    );
    let depth_links = focus.clone().map(|focus| {
        (1..=crate::route::MAX_DEPTH)
            .map(|k| {
                let href = Route::Graph { focus: Some(focus.clone()), depth: k }.to_hash();
                view! { <a href=href class:current=k == depth aria-current=(k == depth).then_some("page")>{k}</a> }
            })
            .collect_view()
    });
    let canvas_label = format!(
        "Relation graph, {counts}. Arrow keys move between related events, [ and ] step through \
         the selected event's relations, Enter opens, Escape clears the selection."
    );
    view! {
        <section class="graph-page">
            <header class="graph-header">
                <h1>{heading}</h1>
                <p class="overview">{counts}</p>
            </header>
            {missing_relation.map(|message| view! { <p class="notice" role="status">{message}</p> })}
            <div class="graph-toolbar" role="toolbar" aria-label="Graph controls">
                <button type="button" on:click=move |_| zoom_by(id, 1.25) aria-label="Zoom in">"+"</button>
                <button type="button" on:click=move |_| zoom_by(id, 0.8) aria-label="Zoom out">"−"</button>
                <button type="button" on:click=move |_| fit(id)>"Fit to screen"</button>
                <button type="button" on:click=move |_| toggle_pause(id) class="pause">
                    {move || if running.get() { "Pause layout" } else { "Resume layout" }}
                </button>
                <button type="button" on:click=move |_| reheat(id)>"Reheat"</button>
                {has_tags.then(|| view! {
                    <label class="colour-by">
                        "Colour by "
                        <select on:change=move |event| {
                            let by = if event_target_value(&event) == "tag" { ColourBy::FirstTag } else { ColourBy::Component };
                            change_colouring(id, by, legend_colours, colour_by);
                        }>
                            <option value="component" selected=colour_by.get_untracked() == ColourBy::Component>
                                {ColourBy::Component.label()}
                            </option>
                            <option value="tag" selected=colour_by.get_untracked() == ColourBy::FirstTag>
                                {ColourBy::FirstTag.label()}
                            </option>
                        </select>
                    </label>
                })}
                {depth_links.map(|links| view! {
                    <span class="depth">"Steps: " {links} " " <a href="#/graph">"Whole graph"</a></span>
                })}
                <details class="export-menu">
                    <summary>"Export"</summary>
                    <ul>
                        <li><button type="button" on:click=move |event| { close_menu(&event); export_png(id, 1.0) }>"Picture (PNG)"</button></li>
                        <li><button type="button" on:click=move |event| { close_menu(&event); export_png(id, 2.0) }>"Picture, 2× (PNG)"</button></li>
                        <li><button type="button" on:click=move |event| { close_menu(&event); export_svg(id) }>"Picture (SVG)"</button></li>
                        <DataExports data=data.clone() subset=Signal::stored(Some(subgraph.nodes.clone()))/>
                    </ul>
                </details>
                <span class="layout-status" role="status">
                    {move || if running.get() { "Laying out…" } else { "Layout settled" }}
                </span>
            </div>
            <div class="graph-body">
                <div class="graph-stage">
                    <canvas
                        node_ref=canvas_ref
                        tabindex="0"
                        aria-label=canvas_label
                        on:pointerdown=move |event| pointer_down(id, event)
                        on:pointermove=move |event| pointer_move(id, event)
                        on:pointerup=move |event| pointer_up(id, event)
                        on:pointercancel=move |event| pointer_up(id, event)
                        on:pointerleave=move |_| {
                            with_runtime(id, |rt, view| {
                                rt.hover = None;
                                view.tooltip.set(None);
                            });
                            request_frame(id);
                        }
                        on:dblclick=move |event| double_click(id, f64::from(event.offset_x()), f64::from(event.offset_y()))
                        on:wheel=move |event| wheel(id, event)
                        on:keydown=move |event| key_down(id, event)
                    ></canvas>
                    {move || tooltip.get().map(|tip| {
                        let style = format!("left:{}px;top:{}px", tip.x + 14.0, tip.y + 14.0);
                        view! { <div class="graph-tooltip" role="tooltip" dir="auto" style=style>{tip.text}</div> }
                    })}
                </div>
                <SelectionPanel data=data.clone()/>
            </div>
            <Legend kinds colours=legend_colours colour_by/>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
            <RelationsAsText data=data.clone() relations=subgraph.edges.clone()/>
        </section>
    }
    .into_any()
}

/// Installs `window.eventLens.layout()`: the current graph view's nodes and edges in CSS
/// pixels relative to its canvas, so tests and host pages can find what is where.
pub fn install_window_api() {
    let layout =
        Closure::<dyn Fn() -> JsValue>::new(|| layout_of(Some(LAST_MOUNTED.with(Cell::get))));
    let api = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&api, &"layout".into(), layout.as_ref());
    let _ = js_sys::Reflect::set(&window(), &"eventLens".into(), &api);
    // The API lives as long as the page.
    layout.forget();
}

/// The layout of graph view `id` (see [`install_window_api`]); empty when none is shown.
pub fn layout_of(id: Option<u32>) -> JsValue {
    let read = LAYOUT_READER.with(Cell::get);
    id.zip(read)
        .and_then(|(id, read)| read(id))
        .unwrap_or_else(|| {
            let empty = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&empty, &"nodes".into(), &js_sys::Array::new());
            let _ = js_sys::Reflect::set(&empty, &"edges".into(), &js_sys::Array::new());
            empty.into()
        })
}

fn layout_object(rt: &GraphRuntime) -> JsValue {
    let set = |object: &js_sys::Object, key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(object, &key.into(), &value);
    };
    let nodes = js_sys::Array::new();
    for local in 0..rt.nodes.len() {
        let (x, y) = rt.node_xy(local);
        let (sx, sy) = rt.camera.to_screen(x, y);
        let node = js_sys::Object::new();
        set(
            &node,
            "id",
            rt.data.dataset.events[rt.nodes[local]].id.as_str().into(),
        );
        set(&node, "x", sx.into());
        set(&node, "y", sy.into());
        set(
            &node,
            "radius",
            (rt.drawn_radius(local) * rt.camera.scale).into(),
        );
        nodes.push(&node);
    }
    let edges = js_sys::Array::new();
    for edge in 0..rt.ends.len() {
        let relation = &rt.data.dataset.relations[rt.edges[edge]];
        let (s, t) = rt.ends[edge];
        let ((x1, y1), (x2, y2)) = (rt.node_xy(s), rt.node_xy(t));
        let ((x1, y1), (x2, y2)) = (rt.camera.to_screen(x1, y1), rt.camera.to_screen(x2, y2));
        let (mx, my) = rt.edge_midpoint(edge);
        let object = js_sys::Object::new();
        set(&object, "source", relation.source.as_str().into());
        set(&object, "target", relation.target.as_str().into());
        set(&object, "relation", (rt.edges[edge] as f64).into());
        for (key, value) in [
            ("x1", x1),
            ("y1", y1),
            ("x2", x2),
            ("y2", y2),
            ("mx", mx),
            ("my", my),
        ] {
            set(&object, key, value.into());
        }
        edges.push(&object);
    }
    let labels = js_sys::Array::new();
    for label in &rt.drawn_edge_labels {
        let object = js_sys::Object::new();
        set(&object, "relation", (label.relation as f64).into());
        set(&object, "text", label.text.as_str().into());
        for (key, value) in [
            ("x", label.x),
            ("y", label.y),
            ("width", label.width),
            ("angle", label.angle),
        ] {
            set(&object, key, value.into());
        }
        labels.push(&object);
    }
    let result = js_sys::Object::new();
    set(&result, "edgeLabels", labels.into());
    set(&result, "nodes", nodes.into());
    set(&result, "edges", edges.into());
    set(&result, "scale", rt.camera.scale.into());
    set(&result, "settled", rt.simulation.is_finished().into());
    set(&result, "drawMs", rt.last_draw_ms.into());
    set(&result, "edgeBatches", rt.edge_batches.into());
    set(&result, "engine", rt.layout_engine().into());
    set(&result, "ticks", rt.ticks.into());
    set(&result, "picturesInParts", rt.pictures_in_parts.into());
    result.into()
}
