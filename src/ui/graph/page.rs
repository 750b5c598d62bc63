//! The graph page component: header, toolbar, the canvas with its tooltip, the selection
//! panel (beside the graph, or over it as a bottom sheet when the widget is narrow), the
//! legend, and the text alternative. Its handlers only pass the view id on (see `input`).

use super::super::download::close_menu;
use super::super::export_menu::DataExports;
use super::super::state::{AppState, LoadedData, Selection};
use super::input::{
    double_click, fit, frame_selection, key_down, pointer_down, pointer_move, pointer_up, reheat,
    set_reading, toggle_pause, wheel, zoom_by,
};
use super::panel::{relation_sentence, Legend, RelationsAsText, SelectionPanel};
use super::picture::{export_png, export_svg};
use super::registry::{
    attach, detach, memory_of, register, request_frame, with_runtime, CardsPlaced, LayoutState,
};
use super::runtime::GraphRuntime;
use crate::bidi::isolate;
use crate::route::Route;
use crate::view::graph::{ColourBy, LegendEntry};
use crate::view::text::clip_chars;
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

/// The rationale shown next to the pointer over an edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Tooltip {
    pub text: String,
    pub x: f64,
    pub y: f64,
}

/// A relation's kind and rationale for the tooltip, each isolated (a right-to-left kind must not
/// reorder the rationale) and clipped: the panel shows the whole of both.
pub fn tooltip_text(relation: &crate::model::Relation) -> String {
    let rationale = isolate(&clip_chars(&relation.rationale, 4000));
    match &relation.kind {
        Some(kind) => format!("{}: {rationale}", isolate(&clip_chars(kind, 80))),
        None => rationale,
    }
}

/// Below this width the panel lies over the graph and the legend starts folded (see the
/// `graph` container query in style.css, which uses the same width).
const NARROW_WIDGET: i32 = 900;

fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

fn change_colouring(
    id: u32,
    by: ColourBy,
    legend: RwSignal<Vec<LegendEntry>>,
    colour_by: RwSignal<ColourBy>,
) {
    with_runtime(id, |rt, _| {
        rt.set_colouring(by);
        legend.set(rt.view.legend.clone());
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
                relation_sentence(data, &data.dataset.relations[index])
            )
        }
    }
}

/// The graph's runtime for this route, starting from what this instance remembers.
fn runtime_for(
    state: AppState,
    data: &Arc<LoadedData>,
    subgraph: &crate::graph::Subgraph,
    view_key: &str,
) -> GraphRuntime {
    memory_of(state.instance, data.load, |memory| {
        let mut runtime = GraphRuntime::new(
            data.clone(),
            subgraph.clone(),
            &memory.positions,
            prefers_reduced_motion(),
        );
        for (local, event) in subgraph.nodes.iter().enumerate() {
            if memory.pinned.contains(event) {
                let (x, y) = runtime.node_xy(local);
                runtime.host.simulation.pin(local, x, y);
            }
        }
        if let Some(camera) = memory.cameras.get(view_key) {
            runtime.camera = *camera;
            runtime.auto_fit = false;
        }
        runtime
    })
}

/// Selects the relation a deep link names, or says that the data has no such relation.
fn select_linked_relation(
    state: AppState,
    data: &LoadedData,
    relation: &Option<(String, String)>,
) -> Option<String> {
    let (source, target) = relation.as_ref()?;
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

#[component]
pub fn GraphPage(
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
    let missing_relation = select_linked_relation(state, &data, &relation);
    if let Some(center) = focus_index {
        if state.selection.get_untracked().is_none() {
            state.selection.set(Some(Selection::Event(center)));
        }
    }

    let runtime = runtime_for(state, &data, &subgraph, &view_key);
    let kinds = runtime.view.kinds.clone();
    let legend_colours = RwSignal::new(runtime.view.legend.clone());
    let colour_by = RwSignal::new(runtime.view.colour_by);
    let colourings: Vec<ColourBy> = ColourBy::ALL
        .into_iter()
        .filter(|&by| {
            by == ColourBy::Component
                || by == runtime.view.colour_by
                || runtime.view.splits(&data.dataset, &data.components, by)
        })
        .collect();
    let tooltip = RwSignal::new(None::<Tooltip>);
    let layout_state = RwSignal::new(LayoutState::of(&runtime.host));
    let reading = RwSignal::new(runtime.reading);
    let narrow = RwSignal::new(false);
    let cards_placed = RwSignal::new(CardsPlaced::default());
    let id = register(
        runtime,
        state,
        (tooltip, layout_state, cards_placed),
        view_key,
    );
    with_runtime(id, |rt, _| {
        rt.host.start_worker(move |report| {
            let moved = with_runtime(id, |rt, _| {
                if rt.host.receive(report) {
                    rt.refresh_shapes();
                }
            });
            if moved.is_some() {
                request_frame(id);
            }
        });
    });
    on_cleanup(move || detach(id));

    let canvas_ref = NodeRef::<html::Canvas>::new();
    let page_ref = NodeRef::<html::Section>::new();
    Effect::new(move |_| {
        if let Some(canvas) = canvas_ref.get() {
            attach(id, canvas);
        }
    });
    // The legend starts folded in a narrow widget (the panel and graph need the room).
    Effect::new(move |_| {
        if let Some(page) = page_ref.get() {
            narrow.set(page.client_width() < NARROW_WIDGET);
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
    let depth_links = move || {
        focus.clone().map(|focus| {
        (1..=crate::route::MAX_DEPTH)
            .map(|k| {
                let href = Route::Graph { focus: Some(focus.clone()), depth: k }.to_hash();
                view! { <a href=href class:current=k == depth aria-current=(k == depth).then_some("page")>{k}</a> }
            })
            .collect_view()
    })
    };
    let canvas_label = format!(
        "Relation graph, {counts}. Arrow keys move between related events, [ and ] step through \
         the selected event's relations, F frames the selection, Enter opens, Escape clears the \
         selection."
    );
    // Layout, colour and steps: beside the main controls in a wide widget, behind "More" in a
    // narrow one, where the toolbar would otherwise take half the height.
    let secondary = move || {
        let colour_choice = (colourings.len() > 1).then(|| {
            let options = colourings
                .iter()
                .map(|&by| {
                    view! {
                        <option value=by.value() selected=colour_by.get_untracked() == by>{by.label()}</option>
                    }
                })
                .collect_view();
            view! {
                <label class="colour-by">
                    "Colour by "
                    <select on:change=move |event| {
                        if let Some(by) = ColourBy::from_value(&event_target_value(&event)) {
                            change_colouring(id, by, legend_colours, colour_by);
                        }
                    }>{options}</select>
                </label>
            }
        });
        view! {
            // Settled, there is nothing to pause: "Reheat" starts it again.
            <button
                type="button"
                on:click=move |_| toggle_pause(id)
                class="pause"
                disabled=move || layout_state.get() == LayoutState::Settled
            >
                {move || if layout_state.get() == LayoutState::Paused { "Resume layout" } else { "Pause layout" }}
            </button>
            <button type="button" on:click=move |_| reheat(id)>"Reheat"</button>
            {colour_choice}
            {depth_links().map(|links| view! {
                <span class="depth">"Steps: " {links} " " <a href="#/graph">"Whole graph"</a></span>
            })}
        }
    };
    let secondary = move || {
        if narrow.get() {
            view! {
                <details class="toolbar-more">
                    <summary>"More"</summary>
                    <div class="toolbar-more-items">{secondary()}</div>
                </details>
            }
            .into_any()
        } else {
            secondary().into_any()
        }
    };
    view! {
        <section class="graph-page" node_ref=page_ref>
            <header class="graph-header">
                <h1>{heading}</h1>
                <p class="overview">{counts}</p>
            </header>
            {missing_relation.map(|message| view! { <p class="notice" role="status">{message}</p> })}
            <div class="graph-toolbar" role="toolbar" aria-label="Graph controls">
                <button type="button" on:click=move |_| zoom_by(id, 1.25) aria-label="Zoom in">"+"</button>
                <button type="button" on:click=move |_| zoom_by(id, 0.8) aria-label="Zoom out">"−"</button>
                <button type="button" on:click=move |_| fit(id)>"Fit to screen"</button>
                <button type="button" class="frame-selection" on:click=move |_| frame_selection(id)
                    disabled=move || state.selection.get().is_none()>"Frame selection"</button>
                <button type="button" class="reading" aria-pressed=move || reading.get().to_string()
                    on:click=move |_| { let on = !reading.get_untracked(); reading.set(on); set_reading(id, on); }>
                    "Rationale cards"
                </button>
                {secondary}
                <details class="export-menu">
                    <summary>"Export"</summary>
                    <ul>
                        <li><button type="button" on:click=move |event| { close_menu(&event); export_png(id, 1.0) }>"Picture (PNG)"</button></li>
                        <li><button type="button" on:click=move |event| { close_menu(&event); export_png(id, 2.0) }>"Picture, 2× (PNG)"</button></li>
                        <li><button type="button" on:click=move |event| { close_menu(&event); export_svg(id) }>"Picture (SVG)"</button></li>
                        <DataExports data=data.clone() subset=Signal::stored(Some(subgraph.nodes.clone()))/>
                    </ul>
                </details>
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
                        on:blur=move |_| tooltip.set(None)
                        on:dblclick=move |event| double_click(id, f64::from(event.offset_x()), f64::from(event.offset_y()))
                        on:wheel=move |event| wheel(id, event)
                        on:keydown=move |event| key_down(id, event)
                    ></canvas>
                    // Over the graph's corner: no room taken from the toolbar, and no line that
                    // rewraps (and moves the graph) when it changes.
                    <span class="layout-status" role="status">
                        {move || match layout_state.get() {
                            LayoutState::Running => "Laying out…",
                            LayoutState::Paused => "Layout paused",
                            LayoutState::Settled => "Layout settled",
                        }}
                    </span>
                    {move || tooltip.get().map(|tip| {
                        let style = format!("left:{}px;top:{}px", tip.x + 14.0, tip.y + 14.0);
                        view! { <div class="graph-tooltip" role="tooltip" dir="auto" style=style>{tip.text}</div> }
                    })}
                </div>
                <SelectionPanel data=data.clone() reading cards_placed on_fold=move || request_frame(id)/>
            </div>
            <Legend kinds colours=legend_colours colour_by folded=narrow/>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
            <RelationsAsText data=data.clone() relations=subgraph.edges.clone()/>
        </section>
    }
    .into_any()
}
