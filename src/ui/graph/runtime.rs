//! The graph view's non-reactive engine room: the visible subgraph, the running simulation, the
//! camera, hover and drag state. It is plain Rust state owned by one mounted view; Leptos
//! signals only carry what other components show (the selection, the tooltip).

use super::super::state::LoadedData;
use super::worker::{Command, LayoutWorker, Report, Start};
use crate::graph::Subgraph;
use crate::layout::{LayoutSpec, Simulation};
use crate::order::{sort_indices, sorted_positions};
use crate::raster::Raster;
use crate::scene::{edge_fans, fill_edge_shapes, Bounds, Camera, EdgeShape};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// What is under the pointer or the keyboard focus, in view-local indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// A node, by local index.
    Node(usize),
    /// An edge, by index into the visible edges.
    Edge(usize),
}

/// A drag in progress.
#[derive(Clone, Copy, Debug)]
pub enum Drag {
    Node {
        node: usize,
        pointer: i32,
        start: (f64, f64),
        moved: bool,
    },
    Pan {
        pointer: i32,
        last: (f64, f64),
        start: (f64, f64),
        moved: bool,
    },
}

/// How nodes are coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColourBy {
    Component,
    FirstTag,
}

impl ColourBy {
    /// What the colour means, for the legend and the "Colour by" choice.
    pub fn label(self) -> &'static str {
        match self {
            ColourBy::Component => "connected group",
            ColourBy::FirstTag => "first tag",
        }
    }
}

/// A legend entry: a label and a palette index.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub colour: usize,
}

/// Pixels a pointer may move before a press becomes a drag rather than a click.
pub const CLICK_SLOP: f64 = 4.0;
/// How close, in screen pixels, a pointer must be to an edge to hit it.
pub const EDGE_TOLERANCE: f64 = 6.0;

pub struct GraphRuntime {
    pub data: Arc<LoadedData>,
    /// Local node → event index.
    pub nodes: Vec<usize>,
    /// Event index → local node, `usize::MAX` when not shown.
    pub local_of: Vec<usize>,
    /// Visible edges as relation indices, and their local endpoints.
    pub edges: Vec<usize>,
    pub ends: Vec<(usize, usize)>,
    pub radius: Vec<f64>,
    /// Local nodes, biggest first (ties by index): the order node labels are tried in.
    pub by_size: Vec<usize>,
    /// Each local node's place in `by_size`.
    pub size_rank: Vec<usize>,
    pub node_colour: Vec<usize>,
    /// What `node_colour` shows.
    pub colour_by: ColourBy,
    /// Per visible edge, the index of its kind in `kinds` (or `None`).
    pub edge_kind: Vec<Option<usize>>,
    /// Relation kinds by frequency, most common first.
    pub kinds: Vec<String>,
    pub colour_legend: Vec<LegendEntry>,
    pub simulation: Simulation,
    /// What `simulation` was built from, for the worker to build the same.
    layout: LayoutSpec,
    pub camera: Camera,
    /// Keep fitting the whole layout to the screen until the user zooms or pans.
    pub auto_fit: bool,
    pub paused: bool,
    pub width: f64,
    pub height: f64,
    pub hover: Option<Hit>,
    pub drag: Option<Drag>,
    /// Active pointers (id, x, y) for pinch zoom.
    pub pointers: Vec<(i32, f64, f64)>,
    /// World-space shapes of the visible edges, refreshed before drawing and hit testing.
    pub shapes: Vec<EdgeShape>,
    /// Each edge's place in the fan of its pair (see [`edge_fans`]), computed once.
    fans: Vec<(u32, u32)>,
    /// The overview's pixel buffer, kept between frames to reuse its memory.
    pub raster: Raster,
    /// An overview picture being painted over several frames (see `draw::paint_overview`).
    pub overview_in_progress: Option<OverviewProgress>,
    /// Pictures that took more than one frame so far (reported by `layout()`).
    pub pictures_in_parts: u32,
    /// Clipped edge label per (visible edge, available width in 8 px steps).
    pub label_cache: HashMap<(usize, u32), Option<(String, f64)>>,
    /// Width of each character in the edge-label font, measured once (see `draw::clip_measured`).
    pub char_widths: HashMap<char, f64>,
    /// Each node's label and its width, worked out the first time it is drawn.
    pub node_labels: Vec<Option<(String, f64)>>,
    pub reduced_motion: bool,
    /// Edge labels drawn in the last frame, for `window.eventLens.layout()` and SVG export.
    pub drawn_edge_labels: Vec<DrawnLabel>,
    /// Node labels drawn in the last frame (`relation` is the local node), for SVG export.
    pub drawn_node_labels: Vec<DrawnLabel>,
    /// How long the last frame took to draw, in milliseconds (reported by `layout()`).
    pub last_draw_ms: f64,
    /// How many batches (one path, one stroke each) the last frame drew its edges in, out of the
    /// overview's raster (reported by `layout()`): at most two per look, however many kinds.
    pub edge_batches: u32,
    /// The worker running the layout, when there is one; otherwise `simulation` ticks here.
    layout_worker: Option<LayoutWorker>,
    /// Where the worker's reports go; set by [`GraphRuntime::start_worker`].
    report_to: Option<Rc<dyn Fn(Report)>>,
    /// The worker failed once: the layout stays on the main thread for this view.
    worker_failed: bool,
    /// Positions from the worker are waiting to be drawn (the worker waits for the ack).
    awaiting_ack: bool,
    /// Commands sent to the worker so far, and the number of the last one that changed its
    /// cooling (a reheat, a drag): reports written before that keep the mirror's own alpha.
    commands_sent: u32,
    cooling_changed_at: u32,
    /// Ticks run so far, wherever they ran (reported by `layout()`).
    pub ticks: u32,
}

/// How far an overview picture has got when it is painted over several frames, and what it is
/// a picture of: if any of that changes, the picture is started again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OverviewProgress {
    pub view: OverviewView,
    /// Edges (in index order) painted so far; the nodes go last, all at once.
    pub edges_done: usize,
}

/// What an overview picture shows: camera, canvas size in device pixels, and emphasis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OverviewView {
    pub camera: Camera,
    pub size: (usize, usize),
    pub dpr: f64,
    pub emphasis: Option<Hit>,
}

/// A label as drawn: what it belongs to (a relation, or a local node), text, and its box
/// in screen pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnLabel {
    pub relation: usize,
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub angle: f64,
}

/// Collision radii: a node's disc plus a little air.
fn collide_radii(radius: &[f64]) -> Vec<f64> {
    radius.iter().map(|r| r + 2.0).collect()
}

/// Beyond this zoom, nodes stop growing on screen so that edges gain room for their text.
const NODE_ZOOM_CAP: f64 = 2.0;

/// Node radius from degree: hubs stand out, leaves stay readable.
fn radius_for_degree(degree: usize) -> f64 {
    4.0 + 2.2 * (degree as f64).sqrt()
}

impl GraphRuntime {
    /// Sets up the view of `view` (a subgraph of the data's graph), starting from `remembered`
    /// positions where there are any so that moving between views keeps the user's place.
    pub fn new(
        data: Arc<LoadedData>,
        view: Subgraph,
        remembered: &HashMap<usize, (f64, f64)>,
        reduced_motion: bool,
    ) -> Self {
        let mut local_of = vec![usize::MAX; data.dataset.events.len()];
        for (local, &event) in view.nodes.iter().enumerate() {
            local_of[event] = local;
        }
        let ends: Vec<(usize, usize)> = view
            .edges
            .iter()
            .map(|&relation| {
                let (source, target) = data.graph.endpoints(relation);
                (local_of[source], local_of[target])
            })
            .collect();
        let mut degree = vec![0usize; view.nodes.len()];
        for &(source, target) in &ends {
            degree[source] += 1;
            if target != source {
                degree[target] += 1;
            }
        }
        let radius: Vec<f64> = degree.iter().map(|&d| radius_for_degree(d)).collect();

        let mut kind_count: HashMap<&str, usize> = HashMap::new();
        for &relation in &view.edges {
            if let Some(kind) = &data.dataset.relations[relation].kind {
                *kind_count.entry(kind.as_str()).or_default() += 1;
            }
        }
        let kinds: Vec<(&str, usize)> = kind_count.into_iter().collect();
        let kinds: Vec<String> = sorted_positions(kinds.len(), &|a, b| {
            kinds[b].1.cmp(&kinds[a].1).then(kinds[a].0.cmp(kinds[b].0))
        })
        .into_iter()
        .map(|position| kinds[position].0.to_owned())
        .collect();
        // A map, not a search of `kinds` per edge: with as many kinds as relations, that was
        // relations × kinds (26 s for 50,000 of each).
        let kind_index: HashMap<&str, usize> = kinds
            .iter()
            .enumerate()
            .map(|(index, kind)| (kind.as_str(), index))
            .collect();
        let edge_kind = view
            .edges
            .iter()
            .map(|&relation| {
                let kind = data.dataset.relations[relation].kind.as_deref()?;
                kind_index.get(kind).copied()
            })
            .collect();

        let node_count = view.nodes.len();
        let layout = LayoutSpec::relation_graph();
        let start = |local: usize| remembered.get(&view.nodes[local]).copied();
        let known = (0..node_count)
            .filter(|&local| start(local).is_some())
            .count();
        let mut simulation = layout.build(node_count, start, &ends, &collide_radii(&radius));
        // Everything already placed: no need to animate again; some new: settle gently.
        if node_count > 0 && known == node_count {
            simulation.reheat(0.0);
        } else if known > 0 {
            simulation.reheat(0.5);
        }

        let fans = edge_fans(&ends);
        let mut by_size: Vec<usize> = (0..radius.len()).collect();
        sort_indices(&mut by_size, &|a, b| {
            radius[b].total_cmp(&radius[a]).then(a.cmp(&b))
        });
        let mut size_rank = vec![0; by_size.len()];
        for (rank, &node) in by_size.iter().enumerate() {
            size_rank[node] = rank;
        }
        let mut runtime = Self {
            data,
            nodes: view.nodes,
            local_of,
            edges: view.edges,
            ends,
            radius,
            by_size,
            size_rank,
            node_colour: Vec::new(),
            colour_by: ColourBy::Component,
            edge_kind,
            kinds,
            colour_legend: Vec::new(),
            simulation,
            layout,
            camera: Camera::default(),
            auto_fit: true,
            paused: false,
            width: 800.0,
            height: 600.0,
            hover: None,
            drag: None,
            pointers: Vec::new(),
            shapes: Vec::new(),
            fans,
            raster: Raster::default(),
            overview_in_progress: None,
            pictures_in_parts: 0,
            label_cache: HashMap::new(),
            char_widths: HashMap::new(),
            node_labels: vec![None; node_count],
            reduced_motion,
            drawn_edge_labels: Vec::new(),
            drawn_node_labels: Vec::new(),
            last_draw_ms: 0.0,
            edge_batches: 0,
            layout_worker: None,
            report_to: None,
            worker_failed: false,
            awaiting_ack: false,
            commands_sent: 0,
            cooling_changed_at: 0,
            ticks: 0,
        };
        runtime.set_colouring(ColourBy::Component);
        runtime.refresh_shapes();
        runtime
    }

    /// What an event is coloured by under `by`: its component (none for a single event) or its
    /// first tag.
    fn colour_key(&self, by: ColourBy, event: usize) -> Option<String> {
        match by {
            ColourBy::Component => {
                let component = self.data.components.of_node[event];
                (self.data.components.sizes[component] > 1).then(|| component.to_string())
            }
            ColourBy::FirstTag => self.data.dataset.events[event].tags.first().cloned(),
        }
    }

    /// Colours nodes by connected component (largest first; single events grey) or by their
    /// first tag (most common first); at most 9 colours, the rest share "other".
    pub fn set_colouring(&mut self, by: ColourBy) {
        const NAMED: usize = 9;
        self.colour_by = by;
        let keys: Vec<Option<String>> = self
            .nodes
            .iter()
            .map(|&event| self.colour_key(by, event))
            .collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for key in keys.iter().flatten() {
            *counts.entry(key.as_str()).or_default() += 1;
        }
        let counted: Vec<(&str, usize)> = counts.into_iter().collect();
        let named: Vec<String> = sorted_positions(counted.len(), &|a, b| {
            counted[b]
                .1
                .cmp(&counted[a].1)
                .then(counted[a].0.cmp(counted[b].0))
        })
        .into_iter()
        .take(NAMED)
        .map(|position| counted[position].0.to_owned())
        .collect();
        // Palette slot NAMED is "other", NAMED + 1 is "none" (grey).
        self.node_colour = keys
            .iter()
            .map(|key| match key {
                None => NAMED + 1,
                Some(key) => named.iter().position(|n| n == key).unwrap_or(NAMED),
            })
            .collect();
        self.colour_legend = named
            .iter()
            .enumerate()
            .map(|(colour, key)| LegendEntry {
                label: match by {
                    ColourBy::Component => {
                        let size = self.data.components.sizes[key.parse::<usize>().unwrap_or(0)];
                        format!("Group {} ({size} events)", colour + 1)
                    }
                    ColourBy::FirstTag => key.clone(),
                },
                colour,
            })
            .collect();
        if counted.len() > NAMED {
            self.colour_legend.push(LegendEntry {
                label: "Other".into(),
                colour: NAMED,
            });
        }
        if keys.iter().any(Option::is_none) {
            let label = match by {
                ColourBy::Component => "Unconnected",
                ColourBy::FirstTag => "No tag",
            };
            self.colour_legend.push(LegendEntry {
                label: label.into(),
                colour: NAMED + 1,
            });
        }
    }

    /// The radius a node is drawn and hit with, in world units at the current zoom.
    pub fn drawn_radius(&self, local: usize) -> f64 {
        // A comparison, not `f64::min` (a call in wasm): this runs several times per node per
        // frame.
        let shrink = NODE_ZOOM_CAP / self.camera.scale;
        self.radius[local] * if shrink < 1.0 { shrink } else { 1.0 }
    }

    pub fn node_xy(&self, local: usize) -> (f64, f64) {
        let bodies = self.simulation.bodies();
        (bodies.x[local], bodies.y[local])
    }

    pub fn refresh_shapes(&mut self) {
        let bodies = self.simulation.bodies();
        fill_edge_shapes(
            &mut self.shapes,
            &self.ends,
            &self.fans,
            &bodies.x,
            &bodies.y,
            &self.radius,
        );
    }

    /// Lets the layout run in a worker, when one can run here; `on_report` is called with each
    /// of its messages (pass them to [`GraphRuntime::receive`]). The worker is started only
    /// when the layout has something to do (now, or after a reheat or a drag), so a view whose
    /// positions were all remembered fetches nothing.
    pub fn start_worker(&mut self, on_report: impl Fn(Report) + 'static) {
        self.report_to = Some(Rc::new(on_report));
        self.ensure_worker();
    }

    /// Starts the worker from the mirror's current state if the layout is moving and none runs.
    fn ensure_worker(&mut self) {
        if self.layout_worker.is_some()
            || self.worker_failed
            || self.simulation.is_empty()
            || self.simulation.is_finished()
        {
            return;
        }
        let Some(report_to) = self.report_to.clone() else {
            return;
        };
        let start = Start {
            layout: &self.layout,
            links: &self.ends,
            collide_radii: &collide_radii(&self.radius),
            simulation: &self.simulation,
            paused: self.paused,
        };
        self.layout_worker = LayoutWorker::spawn(&start, move |report| report_to(report));
    }

    /// Where the layout runs, for `layout()`: "worker" or "main thread".
    pub fn layout_engine(&self) -> &'static str {
        if self.layout_worker.is_some() {
            "worker"
        } else {
            "main thread"
        }
    }

    /// Takes a message from the layout worker: new positions, or its failure (after which the
    /// layout goes on here, from where the worker left it).
    pub fn receive(&mut self, report: Report) {
        match report {
            Report::Positions {
                positions,
                alpha,
                ticks,
                sequence,
            } => {
                // Written before the latest reheat or drag reached the worker: its alpha is
                // stale (it would show a layout that is running again as settled).
                let alpha = if sequence >= self.cooling_changed_at {
                    alpha
                } else {
                    f64::NAN
                };
                self.simulation.adopt_positions(&positions, alpha);
                self.ticks = ticks;
                self.awaiting_ack = true;
                self.refresh_shapes();
                if self.auto_fit {
                    self.fit();
                }
            }
            Report::Failed(message) => {
                web_sys::console::warn_1(
                    &format!("Event Lens: layout continues on the main thread ({message})").into(),
                );
                self.layout_worker = None;
                self.worker_failed = true;
                self.awaiting_ack = false;
            }
        }
    }

    /// Whether positions from the worker wait to be drawn: the worker sends nothing newer until
    /// they are, so a picture of them may take several frames without falling behind.
    pub fn awaiting_ack(&self) -> bool {
        self.awaiting_ack
    }

    /// Tells the worker the positions it sent have been drawn.
    pub fn acknowledge(&mut self) {
        if self.awaiting_ack {
            self.awaiting_ack = false;
            self.command(Command::Ack);
        }
    }

    fn command(&mut self, command: Command) {
        if let Some(worker) = &self.layout_worker {
            self.commands_sent += 1;
            if matches!(command, Command::Alpha(_) | Command::AlphaTarget(_)) {
                self.cooling_changed_at = self.commands_sent;
            }
            worker.send(command, self.commands_sent);
        }
    }

    /// Fixes a node where the user put it (here and in the worker).
    pub fn pin(&mut self, local: usize, x: f64, y: f64) {
        self.simulation.pin(local, x, y);
        self.command(Command::Pin { index: local, x, y });
    }

    pub fn unpin(&mut self, local: usize) {
        self.simulation.unpin(local);
        self.command(Command::Unpin(local));
    }

    pub fn reheat(&mut self, alpha: f64) {
        self.simulation.reheat(alpha);
        self.command(Command::Alpha(alpha));
        self.ensure_worker();
    }

    /// Keeps the layout warm at `target` (while a node is dragged) or lets it cool (0).
    pub fn set_alpha_target(&mut self, target: f64) {
        self.simulation.alpha_target = target;
        self.command(Command::AlphaTarget(target));
        self.ensure_worker();
    }

    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        self.command(Command::Pause(paused));
    }

    /// True while the worker, not the animation frame, moves the layout on.
    pub fn layout_in_worker(&self) -> bool {
        self.layout_worker.is_some()
    }

    /// On the main thread, runs ticks for up to `budget_ms` (measured by `now`), unless paused
    /// or settled. Returns true while the layout is still moving (wherever it runs).
    pub fn advance(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> bool {
        if self.paused || self.simulation.is_finished() {
            return false;
        }
        if self.layout_in_worker() {
            return true;
        }
        let start = now();
        loop {
            self.simulation.tick();
            self.ticks += 1;
            if self.simulation.is_finished() || now() - start > budget_ms {
                break;
            }
        }
        self.refresh_shapes();
        if self.auto_fit {
            self.fit();
        }
        !self.simulation.is_finished()
    }

    /// Fits every visible node into the viewport.
    pub fn fit(&mut self) {
        let bodies = self.simulation.bodies();
        if let Some(bounds) =
            Bounds::around(0..self.nodes.len(), &bodies.x, &bodies.y, &self.radius)
        {
            self.camera = Camera::fitting(bounds, self.width, self.height, 40.0);
        }
    }

    /// What is under the screen point: the nearest node within its disc (plus a few pixels),
    /// otherwise the nearest edge within [`EDGE_TOLERANCE`].
    pub fn hit_test(&self, sx: f64, sy: f64) -> Option<Hit> {
        let (wx, wy) = self.camera.to_world(sx, sy);
        let bodies = self.simulation.bodies();
        let slack = 3.0 / self.camera.scale;
        let mut best_node: Option<(usize, f64)> = None;
        for local in 0..self.nodes.len() {
            let distance = ((bodies.x[local] - wx).powi(2) + (bodies.y[local] - wy).powi(2)).sqrt();
            if distance <= self.drawn_radius(local) + slack
                && best_node.is_none_or(|(_, best)| distance < best)
            {
                best_node = Some((local, distance));
            }
        }
        if let Some((local, _)) = best_node {
            return Some(Hit::Node(local));
        }
        let tolerance = EDGE_TOLERANCE / self.camera.scale;
        self.shapes
            .iter()
            .enumerate()
            .map(|(edge, shape)| (edge, shape.distance_to(wx, wy)))
            .filter(|&(_, distance)| distance <= tolerance)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(edge, _)| Hit::Edge(edge))
    }

    /// Local neighbours of a local node.
    pub fn neighbours(&self, local: usize) -> Vec<usize> {
        let mut neighbours: Vec<usize> = self
            .ends
            .iter()
            .filter_map(|&(s, t)| match (s == local, t == local) {
                (true, false) => Some(t),
                (false, true) => Some(s),
                _ => None,
            })
            .collect();
        neighbours.sort_unstable();
        neighbours.dedup();
        neighbours
    }

    /// Visible edges touching a local node, in relation order.
    pub fn edges_of(&self, local: usize) -> Vec<usize> {
        (0..self.ends.len())
            .filter(|&edge| self.ends[edge].0 == local || self.ends[edge].1 == local)
            .collect()
    }

    /// The visible edge showing relation `relation`, if it is shown.
    pub fn edge_of_relation(&self, relation: usize) -> Option<usize> {
        self.edges.iter().position(|&shown| shown == relation)
    }

    /// Positions of every visible node by event index, to carry into the next view.
    pub fn positions(&self) -> impl Iterator<Item = (usize, (f64, f64))> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .map(|(local, &event)| (event, self.node_xy(local)))
    }

    /// The screen midpoint of a visible edge, where its tooltip and label sit.
    pub fn edge_midpoint(&self, edge: usize) -> (f64, f64) {
        let (x, y) = self.shapes[edge].point_at(0.5);
        self.camera.to_screen(x, y)
    }
}
