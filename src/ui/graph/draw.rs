//! Drawing the graph on a 2D canvas: edges batched by style, arrowheads toward the older event,
//! nodes, then labels placed so that none overlaps another, including rationale text along
//! edges that are long enough on screen to carry it.

use super::runtime::{DrawnLabel, GraphRuntime, Hit, OverviewProgress, OverviewView};
use crate::bidi::isolate;
use crate::model::Direction;
use crate::order::{sort_indices, sorted_positions};
use crate::raster::Rgb;
use crate::scene::{
    clip_chars, clip_to_width, paint_edges, readable_angle, EdgeShape, LabelBox, LabelPlacer,
};
use std::collections::{HashMap, HashSet};
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

/// Node colours: nine categories, "other", and grey for "none".
pub const NODE_PALETTE: [&str; 11] = [
    "#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7",
    "#9c755f", "#7f7f7f", "#b8bfcc",
];
/// Edge colours by relation kind (cycled), and the colour of relations without a kind.
pub const KIND_PALETTE: [&str; 6] = [
    "#2f6db5", "#c0392b", "#2e8b3c", "#8e44ad", "#d35400", "#0f7c8c",
];
pub const NO_KIND_COLOUR: &str = "#8a94a6";
/// Dash patterns by kind (cycled with the colours), so kinds differ without colour too.
pub const KIND_DASHES: [&[f64]; 4] = [&[], &[7.0, 4.0], &[2.0, 3.0], &[10.0, 3.0, 2.0, 3.0]];

const NODE_FONT: &str = "12px system-ui, sans-serif";
const EDGE_FONT: &str = "11px system-ui, sans-serif";
/// An edge carries text only when at least this long on screen.
const MIN_LABELLED_EDGE: f64 = 90.0;
const MAX_EDGE_LABELS: usize = 250;
/// Screen pixels kept free at each end of an edge for its nodes' own labels.
const EDGE_LABEL_END_ROOM: f64 = 36.0;
/// The most characters of a title, a kind and a rationale that a label is made from (see
/// `clip_chars`): a node label shows a short title, an edge label what fits along the edge.
const MAX_NODE_LABEL_CHARS: usize = 40;
const MAX_LABEL_KIND_CHARS: usize = 40;
const MAX_LABEL_RATIONALE_CHARS: usize = 400;
/// Longest rationale excerpt drawn along an edge; the tooltip and panel have the rest.
const MAX_EDGE_LABEL_WIDTH: f64 = 340.0;
/// Where along an edge its label may sit, in order of preference.
const EDGE_LABEL_POSITIONS: [f64; 3] = [0.5, 0.4, 0.6];
const MAX_NODE_LABELS: usize = 400;
/// Zoomed out further than this, only the biggest nodes are labelled and edges lose dashes.
const OVERVIEW_SCALE: f64 = 0.45;
/// Zoom from which node discs get a white outline.
const OUTLINE_SCALE: f64 = 1.0;
/// Screen radius from which a node's disc keeps labels off.
const MIN_LABEL_BLOCKING_RADIUS: f64 = 4.0;
/// How many of the biggest nodes may be labelled in the overview.
const OVERVIEW_LABELS: usize = 40;

/// What to emphasise: the hovered thing wins over the selected one.
#[derive(Clone, Copy, Default)]
pub struct Focus {
    pub selected: Option<Hit>,
    pub hovered: Option<Hit>,
}

/// How many looks (colour and dash) kinds cycle through: the least common multiple of the
/// palette's and the dashes' lengths.
pub const KIND_STYLES: usize = 12;

/// The look of a kind (by index in frequency order): 0 for no kind, else 1 + index mod
/// [`KIND_STYLES`]. Edges are drawn in one batch per look, so a frame costs the same with 5
/// kinds or 50,000.
pub fn kind_style(kind: Option<usize>) -> usize {
    kind.map_or(0, |kind| 1 + kind % KIND_STYLES)
}

fn style_colour(style: usize) -> &'static str {
    match style {
        0 => NO_KIND_COLOUR,
        style => KIND_PALETTE[(style - 1) % KIND_PALETTE.len()],
    }
}

fn style_dash(style: usize) -> &'static [f64] {
    match style {
        0 => &[],
        style => KIND_DASHES[(style - 1) % KIND_DASHES.len()],
    }
}

pub fn kind_colour(kind: Option<usize>) -> &'static str {
    style_colour(kind_style(kind))
}

pub fn kind_dash(kind: Option<usize>) -> &'static [f64] {
    style_dash(kind_style(kind))
}

fn set_dash(ctx: &CanvasRenderingContext2d, dash: &[f64], scale: f64) {
    let array = js_sys::Array::new();
    for &length in dash {
        array.push(&JsValue::from_f64(length / scale));
    }
    let _ = ctx.set_line_dash(&array);
}

fn add_shape(ctx: &CanvasRenderingContext2d, shape: &EdgeShape) {
    match *shape {
        EdgeShape::Line { x1, y1, x2, y2 } => {
            ctx.move_to(x1, y1);
            ctx.line_to(x2, y2);
        }
        EdgeShape::Curve {
            x1,
            y1,
            cx,
            cy,
            x2,
            y2,
        } => {
            ctx.move_to(x1, y1);
            ctx.quadratic_curve_to(cx, cy, x2, y2);
        }
        EdgeShape::Loop { cx, cy, r } => {
            ctx.move_to(cx + r, cy);
            let _ = ctx.arc(cx, cy, r, 0.0, std::f64::consts::TAU);
        }
    }
}

/// The triangle (tip first, world units) of an arrowhead at the end of `shape`, just outside a
/// target disc of `target_radius`, 7 screen pixels long at zoom `scale`.
pub fn arrowhead(shape: &EdgeShape, target_radius: f64, scale: f64) -> [(f64, f64); 3] {
    let arrow = 7.0 / scale;
    let (tx, ty) = shape.tangent_at(1.0);
    let length = (tx * tx + ty * ty).sqrt().max(1e-9);
    let (ux, uy) = (tx / length, ty / length);
    let (ex, ey) = shape.point_at(1.0);
    let tip_x = ex - ux * (target_radius + 1.5 / scale);
    let tip_y = ey - uy * (target_radius + 1.5 / scale);
    [
        (tip_x, tip_y),
        (
            tip_x - ux * arrow - uy * arrow * 0.45,
            tip_y - uy * arrow + ux * arrow * 0.45,
        ),
        (
            tip_x - ux * arrow + uy * arrow * 0.45,
            tip_y - uy * arrow - ux * arrow * 0.45,
        ),
    ]
}

/// Whether an edge gets an arrowhead: its direction is recorded, it is no loop, it is long
/// enough on screen, and (in the overview) it is emphasised.
pub fn has_arrowhead(rt: &GraphRuntime, edge: usize, emphasised: bool) -> bool {
    let (source, target) = rt.ends[edge];
    let relation = &rt.data.dataset.relations[rt.edges[edge]];
    let scale = rt.camera.scale;
    source != target
        && relation.direction == Direction::SourceWasNew
        && (scale >= OVERVIEW_SCALE || emphasised)
        && rt.shapes[edge].length() * scale >= 24.0
}

/// Whether a label lies wholly on the canvas (a cut-off label is worse than none).
fn inside(label: &LabelBox, width: f64, height: f64) -> bool {
    let (sin, cos) = label.angle.sin_cos();
    let extent_x = label.half_width * cos.abs() + label.half_height * sin.abs();
    let extent_y = label.half_width * sin.abs() + label.half_height * cos.abs();
    label.cx - extent_x >= 0.0
        && label.cx + extent_x <= width
        && label.cy - extent_y >= 0.0
        && label.cy + extent_y <= height
}

/// The stage's background colour (see `.graph-stage` in style.css).
const BACKGROUND: (u8, u8, u8) = (251, 252, 254);

fn over_background(colour: &str, alpha: f64) -> String {
    crate::scene::blend_opaque(colour, alpha, BACKGROUND)
}

/// The zoomed-out picture, drawn with [`Raster`] into the canvas's pixels in one call: every
/// edge outside the emphasis (thin, in its kind's colour, faded when something is emphasised)
/// and every node but placeholders. What is emphasised, arrowheads and labels are drawn over
/// it with the canvas as usual.
///
/// With a `deadline` (a `performance.now()` time), painting stops there if edges are left,
/// and the next call goes on from the same edge: `false` means the picture is not finished and
/// nothing was put on the canvas (it still shows the previous picture). A large graph on a slow
/// machine takes longer to paint than a task may block the page, and while the layout moves,
/// the worker waits for each picture before it sends newer positions, so no picture is wasted.
/// If what the picture shows changed since it was started (the camera, the emphasis), it is
/// started again and finished at once: a view that keeps changing is still drawn.
fn paint_overview(
    rt: &mut GraphRuntime,
    ctx: &CanvasRenderingContext2d,
    emphasised: &Option<(HashSet<usize>, HashSet<usize>)>,
    view: OverviewView,
    mut deadline: Option<f64>,
) -> bool {
    let (width, height) = view.size;
    let dpr = view.dpr;
    let first_edge = match rt.overview_in_progress.take() {
        Some(progress) if progress.view == view => progress.edges_done,
        Some(_) => {
            deadline = None;
            0
        }
        None => 0,
    };
    let mut raster = std::mem::take(&mut rt.raster);
    if first_edge == 0 {
        raster.reset(width, height, Rgb(BACKGROUND.0, BACKGROUND.1, BACKGROUND.2));
    }
    let camera = rt.camera;
    let edge_alpha = if emphasised.is_some() { 0.12 } else { 0.6 };
    let style_rgb: Vec<Rgb> = (0..=KIND_STYLES)
        .map(|style| Rgb::from_hex(&over_background(style_colour(style), edge_alpha)))
        .collect();
    let edge_colour = |edge: usize| {
        let shown_later = emphasised
            .as_ref()
            .is_some_and(|(_, edges)| edges.contains(&edge));
        (!shown_later).then(|| style_rgb[kind_style(rt.edge_kind[edge])])
    };
    let out_of_time = || deadline.is_some_and(|deadline| super::now() > deadline);
    let next = paint_edges(
        &mut raster,
        &rt.shapes,
        first_edge,
        (camera, dpr, dpr),
        edge_colour,
        out_of_time,
    );
    if next < rt.shapes.len() {
        rt.raster = raster;
        if first_edge == 0 {
            rt.pictures_in_parts += 1;
        }
        rt.overview_in_progress = Some(OverviewProgress {
            view,
            edges_done: next,
        });
        return false;
    }
    let to_device = |x: f64, y: f64| {
        let (sx, sy) = camera.to_screen(x, y);
        (sx * dpr, sy * dpr)
    };
    let node_rgb =
        |colour: usize, alpha: f64| Rgb::from_hex(&over_background(NODE_PALETTE[colour], alpha));
    let full: Vec<Rgb> = (0..NODE_PALETTE.len()).map(|c| node_rgb(c, 1.0)).collect();
    let faded: Vec<Rgb> = (0..NODE_PALETTE.len()).map(|c| node_rgb(c, 0.2)).collect();
    let bodies = rt.simulation.bodies();
    for local in 0..rt.nodes.len() {
        if rt.data.dataset.events[rt.nodes[local]].placeholder {
            continue;
        }
        let dimmed = emphasised
            .as_ref()
            .is_some_and(|(nodes, _)| !nodes.contains(&local));
        let colour = if dimmed { &faded } else { &full }[rt.node_colour[local]];
        let (x, y) = to_device(bodies.x[local], bodies.y[local]);
        raster.disc(x, y, rt.drawn_radius(local) * camera.scale * dpr, colour);
    }
    if let Ok(image) = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        wasm_bindgen::Clamped(raster.pixels()),
        width as u32,
        height as u32,
    ) {
        let _ = ctx.put_image_data(&image, 0.0, 0.0);
    }
    rt.raster = raster;
    true
}

/// The emphasised edges in index order (none when nothing is emphasised).
fn emphasised_edges(emphasised: &Option<(HashSet<usize>, HashSet<usize>)>) -> Vec<usize> {
    let mut edges: Vec<usize> = emphasised
        .as_ref()
        .map(|(_, edges)| edges.iter().copied().collect())
        .unwrap_or_default();
    edges.sort_unstable();
    edges
}

/// Nodes and edges to emphasise, from the focus.
fn emphasis(rt: &GraphRuntime, focus: Focus) -> Option<(HashSet<usize>, HashSet<usize>)> {
    let hit = focus.hovered.or(focus.selected)?;
    let mut nodes = HashSet::new();
    let mut edges = HashSet::new();
    match hit {
        Hit::Node(node) => {
            nodes.insert(node);
            for edge in rt.edges_of(node) {
                edges.insert(edge);
                nodes.insert(rt.ends[edge].0);
                nodes.insert(rt.ends[edge].1);
            }
        }
        Hit::Edge(edge) => {
            edges.insert(edge);
            nodes.insert(rt.ends[edge].0);
            nodes.insert(rt.ends[edge].1);
        }
    }
    Some((nodes, edges))
}

/// Draws the whole view. `dpr` is the device pixel ratio the canvas backing store uses. With a
/// `deadline`, the overview may take more than one call (see [`paint_overview`]): `false`
/// means the picture is not finished yet and the canvas was left as it was.
pub fn draw(
    rt: &mut GraphRuntime,
    ctx: &CanvasRenderingContext2d,
    dpr: f64,
    focus: Focus,
    deadline: Option<f64>,
) -> bool {
    let camera = rt.camera;
    let scale = camera.scale;
    let emphasised = emphasis(rt, focus);
    // Zoomed out, thousands of thin edges and dots: our own rasteriser paints them.
    let overview = scale < OVERVIEW_SCALE;
    if overview {
        let Some(canvas) = ctx.canvas() else {
            return true;
        };
        let view = OverviewView {
            camera,
            size: (canvas.width() as usize, canvas.height() as usize),
            dpr,
            emphasis: focus.hovered.or(focus.selected),
        };
        if !paint_overview(rt, ctx, &emphasised, view, deadline) {
            return false;
        }
    } else {
        rt.overview_in_progress = None;
    }
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    if !overview {
        ctx.clear_rect(0.0, 0.0, rt.width, rt.height);
    }
    let (view_x0, view_y0) = camera.to_world(0.0, 0.0);
    let (view_x1, view_y1) = camera.to_world(rt.width, rt.height);
    let margin = 30.0 / scale;
    let in_view = |x: f64, y: f64, r: f64| {
        x + r >= view_x0 - margin
            && x - r <= view_x1 + margin
            && y + r >= view_y0 - margin
            && y - r <= view_y1 + margin
    };
    let bodies = rt.simulation.bodies();
    let visible_node: Vec<bool> = (0..rt.nodes.len())
        .map(|local| in_view(bodies.x[local], bodies.y[local], rt.radius[local]))
        .collect();
    let visible_edge: Vec<bool> = rt
        .ends
        .iter()
        .zip(&rt.shapes)
        .map(|(&(s, t), shape)| {
            if visible_node[s] || visible_node[t] {
                return true;
            }
            let (mx, my) = shape.point_at(0.5);
            in_view(mx, my, 0.0)
        })
        .collect();

    let _ = ctx.set_transform(
        dpr * scale,
        0.0,
        0.0,
        dpr * scale,
        dpr * camera.x,
        dpr * camera.y,
    );

    // Edges: one path per (kind, emphasis) batch.
    let is_emphasised = |edge: usize| {
        emphasised
            .as_ref()
            .is_some_and(|(_, edges)| edges.contains(&edge))
    };
    let mut edge_batches = 0;
    let layers: [(bool, f64, f64); 2] = [
        (false, if emphasised.is_some() { 0.12 } else { 0.6 }, 1.0),
        (true, 1.0, 2.6),
    ];
    for (emphasised_layer, alpha, width) in layers {
        if (emphasised_layer && emphasised.is_none()) || (overview && !emphasised_layer) {
            continue;
        }
        ctx.set_global_alpha(1.0);
        ctx.set_line_width(width / scale);
        let mut by_style: Vec<Vec<usize>> = vec![Vec::new(); KIND_STYLES + 1];
        for (edge, _) in visible_edge.iter().enumerate().filter(|(_, &shown)| shown) {
            if is_emphasised(edge) == emphasised_layer {
                by_style[kind_style(rt.edge_kind[edge])].push(edge);
            }
        }
        for (style, edges) in by_style.iter().enumerate() {
            if edges.is_empty() {
                continue;
            }
            edge_batches += 1;
            ctx.begin_path();
            for &edge in edges {
                add_shape(ctx, &rt.shapes[edge]);
            }
            ctx.set_stroke_style_str(&over_background(style_colour(style), alpha));
            // In the overview, dashes are noise (and slow): colour alone tells kinds apart.
            set_dash(
                ctx,
                if scale < OVERVIEW_SCALE {
                    &[]
                } else {
                    style_dash(style)
                },
                scale,
            );
            ctx.stroke();
        }
    }
    set_dash(ctx, &[], scale);

    // Arrowheads toward the older event (the target), for relations whose direction is known;
    // in the overview only on emphasised edges.
    let arrow_candidates = if overview {
        emphasised_edges(&emphasised)
    } else {
        (0..rt.ends.len()).collect()
    };
    for edge in arrow_candidates {
        let target = rt.ends[edge].1;
        if !visible_edge[edge] || !has_arrowhead(rt, edge, is_emphasised(edge)) {
            continue;
        }
        let [tip, left, right] = arrowhead(&rt.shapes[edge], rt.drawn_radius(target), scale);
        let alpha = match &emphasised {
            None => 0.75,
            Some(_) if is_emphasised(edge) => 1.0,
            Some(_) => 0.12,
        };
        ctx.set_global_alpha(1.0);
        ctx.set_fill_style_str(&over_background(kind_colour(rt.edge_kind[edge]), alpha));
        ctx.begin_path();
        ctx.move_to(tip.0, tip.1);
        ctx.line_to(left.0, left.1);
        ctx.line_to(right.0, right.1);
        ctx.close_path();
        ctx.fill();
    }

    // Nodes.
    let selected_node = match focus.selected {
        Some(Hit::Node(node)) => Some(node),
        _ => None,
    };
    // Nodes, batched: one path per (dimmed, colour) filled once and outlined once, instead of a
    // fill and a stroke per node; placeholders (hollow, dashed) are few and drawn one by one.
    let is_dimmed = |local: usize| {
        emphasised
            .as_ref()
            .is_some_and(|(nodes, _)| !nodes.contains(&local))
    };
    let placeholder = |local: usize| rt.data.dataset.events[rt.nodes[local]].placeholder;
    for dimmed in [true, false] {
        // The overview painted every node; only the emphasised ones go again over their edges.
        let skip = if overview {
            dimmed || emphasised.is_none()
        } else {
            dimmed && emphasised.is_none()
        };
        if skip {
            continue;
        }
        ctx.set_global_alpha(1.0);
        let node_alpha = if dimmed { 0.2 } else { 1.0 };
        for (colour, fill) in NODE_PALETTE.iter().enumerate() {
            ctx.begin_path();
            let mut any = false;
            for local in
                (0..rt.nodes.len()).filter(|&l| visible_node[l] && rt.node_colour[l] == colour)
            {
                if is_dimmed(local) != dimmed || placeholder(local) {
                    continue;
                }
                let (x, y, r) = (bodies.x[local], bodies.y[local], rt.drawn_radius(local));
                ctx.move_to(x + r, y);
                let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
                any = true;
            }
            if any {
                ctx.set_fill_style_str(&over_background(fill, node_alpha));
                ctx.fill();
                // White outlines separate discs that touch; zoomed out they are too small to
                // need one, and stroking thousands of circles costs more to rasterise than all
                // the fills (measured: 9 ms a frame at 1,000 nodes in software rendering).
                if scale >= OUTLINE_SCALE {
                    ctx.set_stroke_style_str("#ffffff");
                    ctx.set_line_width(1.5 / scale);
                    ctx.stroke();
                }
            }
        }
    }
    for local in 0..rt.nodes.len() {
        if !visible_node[local] {
            continue;
        }
        let (x, y) = (bodies.x[local], bodies.y[local]);
        ctx.set_global_alpha(if is_dimmed(local) { 0.2 } else { 1.0 });
        if placeholder(local) {
            ctx.begin_path();
            let _ = ctx.arc(x, y, rt.drawn_radius(local), 0.0, std::f64::consts::TAU);
            ctx.set_fill_style_str("#ffffff");
            ctx.fill();
            set_dash(ctx, &[3.0, 2.0], scale);
            ctx.set_stroke_style_str(NODE_PALETTE[rt.node_colour[local]]);
            ctx.set_line_width(2.0 / scale);
            ctx.stroke();
            set_dash(ctx, &[], scale);
        }
        if rt.simulation.is_pinned(local) {
            ctx.begin_path();
            let _ = ctx.arc(
                x,
                y,
                rt.drawn_radius(local) * 0.35,
                0.0,
                std::f64::consts::TAU,
            );
            ctx.set_fill_style_str("#1d2330");
            ctx.fill();
        }
        if selected_node == Some(local) {
            ctx.begin_path();
            let _ = ctx.arc(
                x,
                y,
                rt.drawn_radius(local) + 4.0 / scale,
                0.0,
                std::f64::consts::TAU,
            );
            // Dark amber: 3:1 against the stage, as a focus indicator needs (WCAG 1.4.11).
            ctx.set_stroke_style_str("#b86e00");
            ctx.set_line_width(3.0 / scale);
            ctx.stroke();
        }
    }

    // Labels, in screen space.
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_global_alpha(1.0);
    let mut placer = LabelPlacer::new(48.0);
    // Labels go around the nodes, never across them; dots smaller than a few pixels (a zoomed-out
    // overview) may be covered, or no label would fit in a dense cluster.
    for local in (0..rt.nodes.len()).filter(|&local| visible_node[local]) {
        let r = rt.drawn_radius(local) * scale;
        if r < MIN_LABEL_BLOCKING_RADIUS {
            continue;
        }
        let (x, y) = rt.node_xy(local);
        let (sx, sy) = rt.camera.to_screen(x, y);
        placer.reserve(LabelBox {
            cx: sx,
            cy: sy,
            half_width: r,
            half_height: r,
            angle: 0.0,
        });
    }
    rt.edge_batches = edge_batches;
    draw_node_labels(rt, ctx, &visible_node, &emphasised, &mut placer);
    draw_edge_labels(rt, ctx, &visible_edge, &emphasised, focus, &mut placer);
    true
}

fn draw_node_labels(
    rt: &mut GraphRuntime,
    ctx: &CanvasRenderingContext2d,
    visible_node: &[bool],
    emphasised: &Option<(HashSet<usize>, HashSet<usize>)>,
    placer: &mut LabelPlacer,
) {
    let scale = rt.camera.scale;
    let is_emphasised = |node: usize| {
        emphasised
            .as_ref()
            .is_some_and(|(nodes, _)| nodes.contains(&node))
    };
    // Emphasised first, then the biggest (the view's nodes are kept in that order); zoomed far
    // out, only the biggest few get a label.
    let mut candidates: Vec<usize> = emphasised
        .as_ref()
        .map(|(nodes, _)| {
            let mut nodes: Vec<usize> =
                nodes.iter().copied().filter(|&n| visible_node[n]).collect();
            sort_indices(&mut nodes, &|a, b| rt.size_rank[a].cmp(&rt.size_rank[b]));
            nodes
        })
        .unwrap_or_default();
    let limit = if scale < OVERVIEW_SCALE {
        candidates.len() + OVERVIEW_LABELS
    } else {
        usize::MAX
    };
    candidates.extend(
        rt.by_size
            .iter()
            .copied()
            .filter(|&n| visible_node[n] && !is_emphasised(n))
            .take(limit - candidates.len()),
    );
    ctx.set_font(NODE_FONT);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let mut shown = 0;
    rt.drawn_node_labels.clear();
    for node in candidates {
        if shown >= MAX_NODE_LABELS && !is_emphasised(node) {
            break;
        }
        let (text, width) = match &rt.node_labels[node] {
            Some(label) => label.clone(),
            None => {
                let title = &rt.data.dataset.events[rt.nodes[node]].title;
                let text = clip_chars(title, MAX_NODE_LABEL_CHARS).into_owned();
                let width = measure(ctx, &text);
                if width.is_finite() {
                    rt.node_labels[node] = Some((text.clone(), width));
                }
                (text, width)
            }
        };
        let (x, y) = rt.node_xy(node);
        let (sx, sy) = rt.camera.to_screen(x, y);
        let r = rt.drawn_radius(node) * scale;
        let half_width = width / 2.0 + 2.0;
        // Below the node if there is room, else above, right or left of it.
        let spots = [
            (sx, sy + r + 10.0),
            (sx, sy - r - 10.0),
            (sx + r + half_width + 4.0, sy),
            (sx - r - half_width - 4.0, sy),
        ];
        let placed = spots.into_iter().find(|&(cx, cy)| {
            let label = LabelBox {
                cx,
                cy,
                half_width,
                half_height: 7.5,
                angle: 0.0,
            };
            inside(&label, rt.width, rt.height) && placer.try_place(label)
        });
        let Some((label_x, label_y)) = placed else {
            continue;
        };
        shown += 1;
        rt.drawn_node_labels.push(DrawnLabel {
            relation: node,
            text: text.clone(),
            x: label_x,
            y: label_y,
            width,
            angle: 0.0,
        });
        let dimmed = emphasised.is_some() && !is_emphasised(node);
        // Dimmed, but still readable (about 4.5:1 over the stage).
        ctx.set_global_alpha(if dimmed { 0.65 } else { 1.0 });
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
        let _ = ctx.stroke_text(&text, label_x, label_y);
        ctx.set_fill_style_str("#1d2330");
        let _ = ctx.fill_text(&text, label_x, label_y);
    }
    ctx.set_global_alpha(1.0);
}

fn draw_edge_labels(
    rt: &mut GraphRuntime,
    ctx: &CanvasRenderingContext2d,
    visible_edge: &[bool],
    emphasised: &Option<(HashSet<usize>, HashSet<usize>)>,
    focus: Focus,
    placer: &mut LabelPlacer,
) {
    let scale = rt.camera.scale;
    let focused_edge = match focus.hovered.or(focus.selected) {
        Some(Hit::Edge(edge)) => Some(edge),
        _ => None,
    };
    let is_emphasised = |edge: usize| {
        emphasised
            .as_ref()
            .is_some_and(|(_, edges)| edges.contains(&edge))
    };
    // In the overview only the emphasised relations carry text.
    let shown_edges = if scale < OVERVIEW_SCALE {
        emphasised_edges(emphasised)
    } else {
        (0..rt.ends.len()).collect()
    };
    let candidates: Vec<(usize, f64)> = shown_edges
        .into_iter()
        .filter(|&edge| visible_edge[edge] && rt.ends[edge].0 != rt.ends[edge].1)
        .map(|edge| (edge, rt.shapes[edge].length() * scale))
        .filter(|&(_, length)| length >= MIN_LABELLED_EDGE)
        .collect();
    let order = sorted_positions(candidates.len(), &|i, j| {
        let (a, b) = (candidates[i], candidates[j]);
        (Some(b.0) == focused_edge)
            .cmp(&(Some(a.0) == focused_edge))
            .then(is_emphasised(b.0).cmp(&is_emphasised(a.0)))
            .then(b.1.total_cmp(&a.1))
    });
    ctx.set_font(EDGE_FONT);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let mut shown = 0;
    rt.drawn_edge_labels.clear();
    for (edge, screen_length) in order.into_iter().map(|position| candidates[position]) {
        if shown >= MAX_EDGE_LABELS {
            break;
        }
        let (source, target) = rt.ends[edge];
        let available = (screen_length
            - (rt.drawn_radius(source) + rt.drawn_radius(target)) * scale
            - 2.0 * EDGE_LABEL_END_ROOM)
            .min(MAX_EDGE_LABEL_WIDTH);
        if available < 40.0 {
            continue;
        }
        let bucket = (available / 8.0) as u32;
        let key = (edge, bucket);
        let label = match rt.label_cache.get(&key) {
            Some(label) => label.clone(),
            None => {
                let relation = &rt.data.dataset.relations[rt.edges[edge]];
                let rationale =
                    clip_chars(&relation.rationale, MAX_LABEL_RATIONALE_CHARS).replace('\n', " ");
                // Each data string isolated, so that a right-to-left one keeps to itself.
                let full = match &relation.kind {
                    Some(kind) => format!(
                        "{}: {}",
                        isolate(&clip_chars(kind, MAX_LABEL_KIND_CHARS)),
                        isolate(&rationale)
                    ),
                    None => rationale,
                };
                let clipped =
                    clip_measured(ctx, &mut rt.char_widths, &full, f64::from(bucket) * 8.0);
                rt.label_cache.insert(key, clipped.clone());
                clipped
            }
        };
        let Some((text, width)) = label else { continue };
        let shape = rt.shapes[edge];
        let placed = EDGE_LABEL_POSITIONS.iter().find_map(|&t| {
            let (mx, my) = shape.point_at(t);
            let (sx, sy) = rt.camera.to_screen(mx, my);
            let (tx, ty) = shape.tangent_at(t);
            let angle = readable_angle(tx, ty);
            let label = LabelBox {
                cx: sx,
                cy: sy,
                half_width: width / 2.0 + 3.0,
                half_height: 7.0,
                angle,
            };
            (inside(&label, rt.width, rt.height) && placer.try_place(label))
                .then_some((sx, sy, angle))
        });
        let Some((sx, sy, angle)) = placed else {
            continue;
        };
        shown += 1;
        rt.drawn_edge_labels.push(DrawnLabel {
            relation: rt.edges[edge],
            text: text.clone(),
            x: sx,
            y: sy,
            width,
            angle,
        });
        let dimmed = emphasised.is_some() && !is_emphasised(edge);
        ctx.save();
        let _ = ctx.translate(sx, sy);
        let _ = ctx.rotate(angle);
        ctx.set_global_alpha(if dimmed { 0.25 } else { 0.92 });
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(-width / 2.0 - 3.0, -7.0, width + 6.0, 14.0);
        ctx.set_global_alpha(if dimmed { 0.35 } else { 1.0 });
        ctx.set_fill_style_str(if rt.edge_kind[edge].is_some() {
            kind_colour(rt.edge_kind[edge])
        } else {
            "#3a4252"
        });
        let _ = ctx.fill_text(&text, 0.0, 0.5);
        ctx.restore();
    }
}

/// The canvas's width of `text` in the current font.
fn measure(ctx: &CanvasRenderingContext2d, text: &str) -> f64 {
    ctx.measure_text(text)
        .map(|m| m.width())
        .unwrap_or(f64::INFINITY)
}

/// [`clip_to_width`] with few calls to the canvas (each costs about as much as drawing the
/// text): the search estimates widths from `char_widths` (each character measured once, in the
/// edge-label font), then the result is measured for real, and searched again with real
/// measurements only if shaping or kerning made it too wide. Returns the text and its width.
fn clip_measured(
    ctx: &CanvasRenderingContext2d,
    char_widths: &mut HashMap<char, f64>,
    text: &str,
    max_width: f64,
) -> Option<(String, f64)> {
    let mut estimate = |text: &str| -> f64 {
        text.chars()
            .map(|c| {
                *char_widths
                    .entry(c)
                    .or_insert_with(|| measure(ctx, c.encode_utf8(&mut [0; 4])))
            })
            .sum()
    };
    let clipped = clip_to_width(text, max_width, &mut estimate)?;
    let width = measure(ctx, &clipped);
    if width <= max_width {
        return Some((clipped, width));
    }
    let clipped = clip_to_width(text, max_width, &mut |text: &str| measure(ctx, text))?;
    let width = measure(ctx, &clipped);
    Some((clipped, width))
}

/// A centred message instead of the graph (used while laying out without animation).
pub fn draw_message(
    ctx: &CanvasRenderingContext2d,
    dpr: f64,
    width: f64,
    height: f64,
    message: &str,
) {
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);
    ctx.set_global_alpha(1.0);
    ctx.set_font("15px system-ui, sans-serif");
    ctx.set_text_align("center");
    ctx.set_fill_style_str("#5b6474");
    let _ = ctx.fill_text(message, width / 2.0, height / 2.0);
}
