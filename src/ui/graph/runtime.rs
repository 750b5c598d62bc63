//! One mounted graph view's non-reactive state: the view graph (what is shown), the layout
//! host (where it is laid out), the camera, pointer state, and the last frame with the caches
//! that make the next one cheap. Leptos signals only carry what other components show (the
//! selection, the tooltip).

use super::super::state::LoadedData;
use super::canvas::CanvasPainter;
use super::host::LayoutHost;
use crate::graph::Subgraph;
use crate::layout::LayoutSpec;
use crate::view::camera::{Bounds, Camera};
use crate::view::frame::{Counts, Focus, Frame, Scene, TextCache};
use crate::view::graph::{ColourBy, Hit, ViewGraph};
use crate::view::shape::{fill_edge_shapes, EdgeShape};
use crate::view::text::Measure;
use std::collections::HashMap;
use std::sync::Arc;

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

/// Pixels a pointer may move before a press becomes a drag rather than a click.
pub const CLICK_SLOP: f64 = 4.0;

pub struct GraphRuntime {
    pub data: Arc<LoadedData>,
    pub view: ViewGraph,
    pub host: LayoutHost,
    pub camera: Camera,
    /// Keep fitting the whole layout to the screen until the user zooms or pans.
    pub auto_fit: bool,
    pub width: f64,
    pub height: f64,
    pub hover: Option<Hit>,
    pub drag: Option<Drag>,
    /// Active pointers (id, x, y) for pinch zoom.
    pub pointers: Vec<(i32, f64, f64)>,
    /// Reading mode: the selected event's relations as cards.
    pub reading: bool,
    /// CSS pixels at the canvas's bottom that the panel lies over (a narrow widget's sheet),
    /// measured each frame: text and framing keep above them.
    pub covered_bottom: f64,
    /// The layout status over the canvas's top-right corner (width, height), kept free of text.
    pub covered_corner: (f64, f64),
    /// World-space shapes of the visible edges, refreshed when positions change.
    pub shapes: Vec<EdgeShape>,
    /// What the canvas writer keeps between frames (the overview picture, the cards).
    pub painter: CanvasPainter,
    pub text: TextCache,
    /// The last frame drawn: what `layout()` reports and pointers hit (its cards).
    pub frame: Frame,
    /// What the canvas wrote of it, and in how many stroked edge batches.
    pub written: Counts,
    pub edge_batches: u32,
    pub reduced_motion: bool,
    /// How long the last frame took to build and draw, in milliseconds.
    pub last_draw_ms: f64,
}

/// Collision radii: a node's disc plus a little air.
fn collide_radii(radius: &[f64]) -> Vec<f64> {
    radius.iter().map(|r| r + 2.0).collect()
}

impl GraphRuntime {
    /// Sets up the view of `subgraph`, starting from `remembered` positions where there are
    /// any so that moving between views keeps the user's place.
    pub fn new(
        data: Arc<LoadedData>,
        subgraph: Subgraph,
        remembered: &HashMap<usize, (f64, f64)>,
        reduced_motion: bool,
    ) -> Self {
        let view = ViewGraph::new(
            &data.dataset,
            &data.components,
            |relation| data.graph.endpoints(relation),
            subgraph,
        );
        let node_count = view.node_count();
        let spec = LayoutSpec::relation_graph();
        let start = |local: usize| remembered.get(&view.nodes[local]).copied();
        let known = (0..node_count)
            .filter(|&local| start(local).is_some())
            .count();
        let radii = collide_radii(&view.radius);
        let mut simulation = spec.build(node_count, start, &view.ends, &radii);
        // Everything already placed: no need to animate again; some new: settle gently.
        if node_count > 0 && known == node_count {
            simulation.reheat(0.0);
        } else if known > 0 {
            simulation.reheat(0.5);
        }
        let host = LayoutHost::new(spec, simulation, view.ends.clone(), radii);
        let mut runtime = Self {
            data,
            view,
            host,
            camera: Camera::default(),
            auto_fit: true,
            width: 800.0,
            height: 600.0,
            hover: None,
            drag: None,
            pointers: Vec::new(),
            reading: true,
            covered_bottom: 0.0,
            covered_corner: (0.0, 0.0),
            shapes: Vec::new(),
            painter: CanvasPainter::default(),
            text: TextCache::default(),
            frame: Frame::default(),
            written: Counts::default(),
            edge_batches: 0,
            reduced_motion,
            last_draw_ms: 0.0,
        };
        runtime.refresh_shapes();
        runtime
    }

    pub fn set_colouring(&mut self, by: ColourBy) {
        self.view
            .set_colouring(&self.data.dataset, &self.data.components, by);
    }

    pub fn node_xy(&self, local: usize) -> (f64, f64) {
        let bodies = self.host.simulation.bodies();
        (bodies.x[local], bodies.y[local])
    }

    pub fn drawn_radius(&self, local: usize) -> f64 {
        self.view.drawn_radius(local, self.camera.scale)
    }

    /// Recomputes edge shapes from the positions, and fits the view while it auto-fits.
    pub fn refresh_shapes(&mut self) {
        let bodies = self.host.simulation.bodies();
        fill_edge_shapes(
            &mut self.shapes,
            &self.view.ends,
            &self.view.fans,
            &bodies.x,
            &bodies.y,
            &self.view.radius,
        );
        if self.auto_fit {
            self.fit();
        }
    }

    /// Fits every visible node into the viewport.
    pub fn fit(&mut self) {
        let bodies = self.host.simulation.bodies();
        if let Some(bounds) = Bounds::around(
            0..self.view.node_count(),
            &bodies.x,
            &bodies.y,
            &self.view.radius,
        ) {
            self.camera = Camera::fitting(bounds, self.width, self.height, 40.0);
        }
    }

    /// Brings an event and its neighbours into view with room around them for their cards.
    pub fn frame_neighbourhood(&mut self, local: usize) {
        let mut nodes = self.view.neighbours(local);
        nodes.push(local);
        let bodies = self.host.simulation.bodies();
        if let Some(bounds) = Bounds::around(nodes, &bodies.x, &bodies.y, &self.view.radius) {
            let visible_height = (self.height - self.covered_bottom).max(self.height / 3.0);
            self.camera = Camera::fitting_with_room(bounds, self.width, visible_height);
            self.auto_fit = false;
        }
    }

    /// What is under the screen point (nodes, then edges; cards are hit before, on the frame).
    pub fn hit_test(&self, sx: f64, sy: f64) -> Option<Hit> {
        let bodies = self.host.simulation.bodies();
        self.view
            .hit_test((&bodies.x, &bodies.y), &self.shapes, self.camera, (sx, sy))
    }

    /// The picture of the view as it is now.
    pub fn build_frame(&mut self, focus: Focus, measure: &mut dyn Measure) -> Frame {
        let bodies = self.host.simulation.bodies();
        let simulation = &self.host.simulation;
        let pinned = |local: usize| simulation.is_pinned(local);
        let scene = Scene {
            graph: &self.view,
            dataset: &self.data.dataset,
            x: &bodies.x,
            y: &bodies.y,
            pinned: &pinned,
            shapes: &self.shapes,
            camera: self.camera,
            size: (self.width, self.height),
            focus,
            reading: self.reading,
            covered_bottom: self.covered_bottom,
            covered_corner: self.covered_corner,
        };
        Frame::build(&scene, &mut self.text, measure)
    }

    /// Positions of every visible node by event index, to carry into the next view.
    pub fn positions(&self) -> impl Iterator<Item = (usize, (f64, f64))> + '_ {
        self.view
            .nodes
            .iter()
            .enumerate()
            .map(|(local, &event)| (event, self.node_xy(local)))
    }

    /// The screen midpoint of a visible edge, where its tooltip sits.
    pub fn edge_midpoint(&self, edge: usize) -> (f64, f64) {
        let (x, y) = self.shapes[edge].point_at(0.5);
        self.camera.to_screen(x, y)
    }
}
