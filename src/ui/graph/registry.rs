//! The mounted graph views, by id, and what each instance of the app remembers of its graphs.
//!
//! Each mounted view gets an id; its [`GraphRuntime`], canvas and animation callback live in a
//! thread-local registry under that id, so every event handler and cleanup captures only the id
//! (a `Copy` value) and the reactive state stays in [`AppState`]. The animation frame (advance
//! the layout, build the frame, write it) runs here too.

use super::super::state::{AppState, Selection};
use super::canvas::{self, CanvasMeasure};
use super::host::LayoutHost;
use super::page::Tooltip;
use super::runtime::GraphRuntime;
use crate::view::camera::Camera;
use crate::view::frame::Focus;
use crate::view::graph::Hit;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A mounted graph view.
pub struct Mounted {
    pub runtime: RefCell<GraphRuntime>,
    pub surface: RefCell<Option<(HtmlCanvasElement, CanvasRenderingContext2d)>>,
    frame_callback: RefCell<Option<Closure<dyn FnMut()>>>,
    resize: RefCell<Option<ResizeWatch>>,
    /// The pending requestAnimationFrame, cancelled when the view goes away (its callback is
    /// dropped then, and must not be called after).
    frame_pending: Cell<Option<i32>>,
    /// When the canvas last got a half-resolution picture (`performance.now()`), if it shows
    /// one: a full one follows once the view has rested for [`REST_MS`].
    reduced_at: Cell<Option<f64>>,
    pub state: AppState,
    pub tooltip: RwSignal<Option<Tooltip>>,
    pub layout_state: RwSignal<LayoutState>,
    /// How many cards the last frame placed, and for which selection (the panel's sheet
    /// unfolds itself when none fits).
    pub cards_placed: RwSignal<CardsPlaced>,
    /// The node whose relations `[` and `]` step through while one of them is selected.
    pub keyboard_anchor: Cell<Option<usize>>,
    /// Key under which positions and camera are remembered for this route.
    view_key: String,
}

/// The observer that resizes the canvas, and the callback it calls (kept alive with it).
type ResizeWatch = (web_sys::ResizeObserver, Closure<dyn FnMut()>);

/// Where the user left the graph: positions and pins per event, camera per route. Kept per
/// instance of the app, for the load it was made with, so going to an event page and back
/// restores the same picture, and two graphs on one page never share one.
#[derive(Default)]
pub struct Memory {
    /// The [`super::super::state::LoadedData::load`] it belongs to.
    load: u64,
    pub positions: HashMap<usize, (f64, f64)>,
    pub pinned: HashSet<usize>,
    pub cameras: HashMap<String, Camera>,
}

thread_local! {
    static MOUNTED: RefCell<HashMap<u32, Rc<Mounted>>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    static LAST_MOUNTED: Cell<u32> = const { Cell::new(0) };
    /// By instance ([`AppState::instance`]).
    static MEMORY: RefCell<HashMap<u32, Memory>> = RefCell::new(HashMap::new());
}

pub fn mounted(id: u32) -> Option<Rc<Mounted>> {
    MOUNTED.with(|all| all.borrow().get(&id).cloned())
}

/// The view mounted last (what `window.eventLens.layout()` reads).
pub fn last_mounted() -> u32 {
    LAST_MOUNTED.with(Cell::get)
}

pub fn with_runtime<R>(id: u32, f: impl FnOnce(&mut GraphRuntime, &Mounted) -> R) -> Option<R> {
    let view = mounted(id)?;
    let mut rt = view.runtime.borrow_mut();
    Some(f(&mut rt, &view))
}

/// What instance `instance` remembers of load `load`: forgotten when that is not the load it
/// remembers.
pub fn memory_of<R>(instance: u32, load: u64, f: impl FnOnce(&mut Memory) -> R) -> R {
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

/// What the layout is doing, as the toolbar and the status line say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutState {
    Running,
    /// Paused by the user before it settled.
    Paused,
    Settled,
}

impl LayoutState {
    /// What `host`'s layout is doing: a pause of a layout that has finished is no pause.
    pub fn of(host: &LayoutHost) -> Self {
        if host.simulation.is_finished() {
            LayoutState::Settled
        } else if host.paused {
            LayoutState::Paused
        } else {
            LayoutState::Running
        }
    }
}

/// Registers a new view and returns its id.
pub fn register(
    runtime: GraphRuntime,
    state: AppState,
    (tooltip, layout_state, cards_placed): (
        RwSignal<Option<Tooltip>>,
        RwSignal<LayoutState>,
        RwSignal<CardsPlaced>,
    ),
    view_key: String,
) -> u32 {
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id + 1);
        id
    });
    let view = Mounted {
        runtime: RefCell::new(runtime),
        surface: RefCell::new(None),
        frame_callback: RefCell::new(None),
        resize: RefCell::new(None),
        frame_pending: Cell::new(None),
        reduced_at: Cell::new(None),
        state,
        tooltip,
        layout_state,
        cards_placed,
        keyboard_anchor: Cell::new(None),
        view_key,
    };
    MOUNTED.with(|all| all.borrow_mut().insert(id, Rc::new(view)));
    id
}

/// The selection as a view-local hit, when it is shown in this view.
pub fn focus_of(rt: &GraphRuntime, selection: Option<Selection>) -> Option<Hit> {
    match selection? {
        Selection::Event(event) => rt.view.local_of(event).map(Hit::Node),
        Selection::Relation(relation) => rt.view.edge_of_relation(relation).map(Hit::Edge),
    }
}

pub fn selection_of(rt: &GraphRuntime, hit: Hit) -> Selection {
    match hit {
        Hit::Node(local) => Selection::Event(rt.view.nodes[local]),
        Hit::Edge(edge) => Selection::Relation(rt.view.edges[edge]),
    }
}

/// What the view's frame shows of the selection, the pointer and the keyboard.
pub fn current_focus(rt: &GraphRuntime, view: &Mounted, hovered: bool) -> Focus {
    Focus {
        selected: focus_of(rt, view.state.selection.get_untracked()),
        hovered: if hovered { rt.hover } else { None },
        anchor: view.keyboard_anchor.get(),
    }
}

pub fn request_frame(id: u32) {
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

/// One animation frame: advance the layout within a time budget, then build and write the
/// frame.
fn frame(id: u32) {
    let Some(view) = mounted(id) else { return };
    view.frame_pending.set(None);
    let surface = view.surface.borrow();
    let Some((canvas, context)) = surface.as_ref() else {
        // Nothing to draw on yet; the worker must not wait for a frame that never comes.
        view.runtime.borrow_mut().host.acknowledge();
        return;
    };
    let dpr = window().device_pixel_ratio();
    let mut rt = view.runtime.borrow_mut();
    let (moved, moving) = rt.host.advance(10.0, super::now);
    if moved {
        rt.refresh_shapes();
    }
    let mut painted = true;
    if rt.reduced_motion && moving {
        canvas::write_message(context, dpr, (rt.width, rt.height), "Laying out the graph…");
    } else {
        (rt.covered_bottom, rt.covered_corner) = covered_parts(canvas);
        let focus = current_focus(&rt, &view, true);
        let started = super::now();
        let frame = rt.build_frame(focus, &mut CanvasMeasure::new(context));
        // Positions from the worker may be painted over several frames (it waits for them);
        // not while a node is dragged, which must follow the pointer.
        let deadline =
            (rt.host.awaiting_ack() && rt.drag.is_none()).then_some(started + PAINT_SLICE_MS);
        let rt = &mut *rt;
        match canvas::write(
            context,
            (&frame, &rt.shapes),
            &mut rt.painter,
            dpr,
            focus,
            deadline,
        ) {
            Some(written) => {
                rt.written = written.counts;
                rt.edge_batches = written.edge_batches;
                rt.frame = frame;
            }
            None => painted = false,
        }
        rt.last_draw_ms = super::now() - started;
    }
    if painted {
        rt.host.acknowledge();
    }
    let in_worker = rt.host.in_worker();
    let reduced = painted && rt.painter.reduced;
    let layout_state = LayoutState::of(&rt.host);
    let cards_placed = CardsPlaced {
        selection: view.state.selection.get_untracked(),
        cards: rt.frame.cards.len(),
    };
    drop(rt);
    drop(surface);
    if view.layout_state.get_untracked() != layout_state {
        view.layout_state.set(layout_state);
    }
    if painted && view.cards_placed.get_untracked() != cards_placed {
        view.cards_placed.set(cards_placed);
    }
    // The worker's messages ask for frames while it runs; here only the main-thread layout does,
    // and a picture that is not finished.
    if (moving && !in_worker) || !painted {
        request_frame(id);
    }
    if reduced {
        view.reduced_at.set(Some(super::now()));
        repaint_at_rest(id);
    } else if painted {
        view.reduced_at.set(None);
    }
}

/// How many cards a frame placed for a selection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CardsPlaced {
    pub selection: Option<Selection>,
    pub cards: usize,
}

/// How long the view must rest (no new frame) before a half-resolution picture is painted again
/// at full resolution: longer than the gap between a wheel's or a drag's frames.
const REST_MS: f64 = 150.0;

/// Asks for a frame once the view has rested for [`REST_MS`] since its last half-resolution
/// picture; a timer that finds a newer one there leaves it to that one's own timer.
fn repaint_at_rest(id: u32) {
    let check = Closure::once_into_js(move || {
        let Some(view) = mounted(id) else { return };
        if view
            .reduced_at
            .get()
            .is_some_and(|at| super::now() - at >= REST_MS - 1.0)
        {
            request_frame(id);
        }
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
        check.unchecked_ref(),
        REST_MS as i32,
    );
}

/// What lies over the canvas, in CSS pixels: how much of its bottom the panel covers (in a
/// narrow widget it is a sheet over the graph; beside the graph, or hidden, it covers nothing),
/// and the width and height of the layout status in its top-right corner, with a few pixels
/// of room.
fn covered_parts(canvas: &HtmlCanvasElement) -> (f64, (f64, f64)) {
    let stage = canvas.get_bounding_client_rect();
    let sheet = canvas
        .closest(".graph-body")
        .ok()
        .flatten()
        .and_then(|body| body.query_selector(".graph-panel").ok().flatten())
        .map(|panel| panel.get_bounding_client_rect())
        .filter(|sheet| {
            sheet.height() > 0.0
                && sheet.left() < stage.right()
                && sheet.right() > stage.left()
                && sheet.top() < stage.bottom()
        })
        .map_or(0.0, |sheet| {
            (stage.bottom() - sheet.top()).clamp(0.0, stage.height())
        });
    let status = canvas
        .parent_element()
        .and_then(|parent| parent.query_selector(".layout-status").ok().flatten())
        .map(|status| status.get_bounding_client_rect())
        .filter(|status| status.width() > 0.0)
        .map_or((0.0, 0.0), |status| {
            (
                (stage.right() - status.left() + 4.0).clamp(0.0, stage.width()),
                (status.bottom() - stage.top() + 4.0).clamp(0.0, stage.height()),
            )
        });
    (sheet, status)
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

pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

pub fn attach(id: u32, canvas: HtmlCanvasElement) {
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
pub fn detach(id: u32) {
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
        if rt.host.ticks > 0 {
            memory.positions.extend(rt.positions());
        }
        for (local, &event) in rt.view.nodes.iter().enumerate() {
            if rt.host.simulation.is_pinned(local) {
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
