//! The display list: everything one picture of the graph view shows, decided here once, so
//! that the canvas, the PNG and the SVG writers only write it out and cannot drift apart.
//!
//! Edges and discs are in world coordinates (the writers apply the frame's camera); their
//! stroke widths and dashes, labels and cards are in screen pixels. Items marked `raster`
//! make up a base picture (zoomed out, or the faded rest behind a selection), which the canvas paints with its own
//! rasteriser; every other writer draws them like the rest.

use super::camera::Camera;
use super::cards::{card_text, place_card, CardText, Ends, READING_LINES, WHOLE_LINES};
use super::graph::{Hit, ViewGraph};
use super::labels::{Coverage, LabelBox, Room};
use super::shape::{arrowhead, EdgeShape};
use super::style::{
    kind_colour, kind_style, kind_text_colour, over_background, style_colour, style_dash,
    KIND_STYLES, NODE_PALETTE, PIN, SELECTED, TEXT,
};
use super::text::{clip_chars, excerpt, readable_angle, CharWidths, Font, Measure};
use crate::bidi::isolate;
use crate::model::{Dataset, Direction};
use crate::model::{FastMap, FastSet};
use crate::order::sort_indices;

/// Zoomed out further than this, only the biggest nodes are labelled and edges lose dashes.
pub const OVERVIEW_SCALE: f64 = 0.45;
/// Zoom from which node discs get a white outline.
const OUTLINE_SCALE: f64 = 1.0;
/// An edge carries text only when at least this long on screen.
const MIN_LABELLED_EDGE: f64 = 90.0;
/// At most this many edge labels, and one per this many square pixels of view.
const MAX_EDGE_LABELS: usize = 250;
const PIXELS_PER_EDGE_LABEL: f64 = 2500.0;
/// How many edges are tried for each label that may be shown (the longest first).
const EDGE_LABEL_TRIES_PER_LABEL: usize = 4;
/// Screen pixels kept free at each end of an edge for its nodes' own labels.
const EDGE_LABEL_END_ROOM: f64 = 36.0;
/// The most characters of a title, a kind and a rationale that a label is made from (see
/// `clip_chars`): a node label shows a short title, an edge label what fits along the edge.
const MAX_NODE_LABEL_CHARS: usize = 40;
const MAX_LABEL_KIND_CHARS: usize = 40;
const MAX_LABEL_RATIONALE_CHARS: usize = 400;
/// Longest rationale excerpt drawn along an edge; cards, the tooltip and the panel have more.
const MAX_EDGE_LABEL_WIDTH: f64 = 420.0;
/// Where along an edge its label may sit, in order of preference.
const EDGE_LABEL_POSITIONS: [f64; 3] = [0.5, 0.4, 0.6];
const MAX_NODE_LABELS: usize = 400;
/// Half the width of the narrowest label box (an empty text's): node labels have 2 px of room
/// each side, edge labels 3.
const NARROWEST_LABEL_HALF_WIDTH: f64 = 2.0;
/// The cell, in screen pixels, of the coverage that keeps cards off the discs.
const COVERAGE_CELL: f64 = 4.0;
/// Screen radius from which a node's disc keeps labels off.
const MIN_LABEL_BLOCKING_RADIUS: f64 = 4.0;
/// How many of the biggest nodes may be labelled in the overview.
const OVERVIEW_LABELS: usize = 40;
/// The most cards reading mode tries to place; the rest are counted as left out.
pub const MAX_CARDS: usize = 12;

/// What to emphasise and read: the hovered thing wins over the selected one for emphasis;
/// cards follow the selection. `anchor` is the event whose relations `[` and `]` step
/// through while one of them is selected.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Focus {
    pub selected: Option<Hit>,
    pub hovered: Option<Hit>,
    pub anchor: Option<usize>,
}

/// What a frame is a picture of.
pub struct Scene<'a> {
    pub graph: &'a ViewGraph,
    pub dataset: &'a Dataset,
    pub x: &'a [f64],
    pub y: &'a [f64],
    pub pinned: &'a dyn Fn(usize) -> bool,
    pub shapes: &'a [EdgeShape],
    pub camera: Camera,
    /// The view's size in screen pixels.
    pub size: (f64, f64),
    pub focus: Focus,
    /// Reading mode: the selected event's relations as cards.
    pub reading: bool,
    /// Screen pixels at the bottom of the view that something lies over (a narrow widget's
    /// sheet): labels, cards and the note keep above them.
    pub covered_bottom: f64,
    /// The width and height of what lies over the view's top-right corner (the layout status):
    /// text keeps off it.
    pub covered_corner: (f64, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stroke {
    pub colour: String,
    pub width: f64,
    pub dash: &'static [f64],
}

/// Edges (indices into the view's shapes) drawn as one path with one stroke.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeBatch {
    pub raster: bool,
    pub stroke: Stroke,
    pub edges: Vec<usize>,
}

/// Arrowheads toward the older event, filled alike: each a triangle, tip first.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowheadBatch {
    pub colour: String,
    pub triangles: Vec<[(f64, f64); 3]>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Disc {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    /// The local node it belongs to.
    pub node: usize,
}

/// Discs filled and outlined alike.
#[derive(Clone, Debug, PartialEq)]
pub struct DiscBatch {
    pub raster: bool,
    pub fill: Option<String>,
    pub stroke: Option<Stroke>,
    pub discs: Vec<Disc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelOwner {
    /// A local node.
    Node(usize),
    /// A relation, by index in the data.
    Relation(usize),
}

/// What keeps a label readable over edges: a white halo around the letters, or a white box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Backing {
    Halo,
    Box { alpha: f64 },
}

/// A one-line label, centred on `(x, y)` and turned by `angle`.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub owner: LabelOwner,
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub angle: f64,
    pub font: Font,
    pub colour: &'static str,
    pub alpha: f64,
    pub backing: Backing,
}

/// A relation's card, its top-left corner at `(x, y)`, with a leader to `anchor` (a point of
/// its edge) when it sits away from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub relation: usize,
    pub edge: usize,
    pub x: f64,
    pub y: f64,
    pub anchor: (f64, f64),
    pub accent: &'static str,
    /// The selected relation's card (shown whole).
    pub current: bool,
    pub text: CardText,
}

impl Card {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x
            && x <= self.x + self.text.width
            && y >= self.y
            && y <= self.y + self.text.height
    }

    /// The point of the card's border nearest to its anchor, where the leader ends.
    pub fn leader_end(&self) -> (f64, f64) {
        (
            self.anchor.0.clamp(self.x, self.x + self.text.width),
            self.anchor.1.clamp(self.y, self.y + self.text.height),
        )
    }
}

/// Everything one picture shows, in drawing order within each list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub size: (f64, f64),
    /// Where the text may reach down to: the view's height less what lies over its bottom.
    pub text_bottom: f64,
    pub camera: Camera,
    /// Zoomed out: only the biggest nodes labelled, no dashes.
    pub overview: bool,
    /// The `raster` items make up a base picture under the rest, which the canvas paints with
    /// its own rasteriser: zoomed out (every edge and node), or while something is emphasised
    /// (the faded rest: thin, solid, without arrowheads; at their faint alpha, dashes and
    /// arrowheads hardly showed, and stroking them cost most of a zoomed-in frame).
    pub base: bool,
    /// Something is emphasised (a selection, a hovered event) and drawn over the base picture,
    /// which is then the faded rest, not the whole picture of a plain overview.
    pub emphasised: bool,
    pub edge_batches: Vec<EdgeBatch>,
    pub arrowhead_batches: Vec<ArrowheadBatch>,
    pub disc_batches: Vec<DiscBatch>,
    pub labels: Vec<Label>,
    pub cards: Vec<Card>,
    /// Cards reading mode had to leave out (no free place, or more than [`MAX_CARDS`]).
    pub cards_left_out: usize,
    /// A line for the corner of the view (what was left out, and how to see it).
    pub note: Option<String>,
}

/// How many items of each kind a frame holds, or a writer wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub edges: usize,
    pub arrowheads: usize,
    pub discs: usize,
    pub labels: usize,
    pub cards: usize,
}

/// Text worked out for earlier frames, kept while the view lives: measuring and wrapping cost
/// far more than drawing.
#[derive(Default)]
pub struct TextCache {
    widths: CharWidths,
    node_labels: FastMap<usize, (String, f64)>,
    /// Per (edge, available width in 8 px steps).
    edge_labels: FastMap<(usize, u32), Option<(String, f64)>>,
    /// Per (edge, line limit).
    cards: FastMap<(usize, usize), CardText>,
}

impl Frame {
    pub fn counts(&self) -> Counts {
        Counts {
            edges: self.edge_batches.iter().map(|b| b.edges.len()).sum(),
            arrowheads: self
                .arrowhead_batches
                .iter()
                .map(|b| b.triangles.len())
                .sum(),
            discs: self.disc_batches.iter().map(|b| b.discs.len()).sum(),
            labels: self.labels.len(),
            cards: self.cards.len(),
        }
    }

    /// The card under a screen point, and the event of the link under it, if any.
    pub fn card_at(&self, x: f64, y: f64) -> Option<(&Card, Option<usize>)> {
        let card = self.cards.iter().rev().find(|card| card.contains(x, y))?;
        let line = ((y - card.y - super::cards::CARD_PADDING) / super::cards::LINE_HEIGHT).floor();
        let link = (line >= 0.0)
            .then(|| card.text.lines.get(line as usize))
            .flatten()
            .and_then(|line| {
                let at = x - card.x - super::cards::CARD_PADDING;
                line.spans
                    .iter()
                    .find(|span| at >= span.x && at <= span.x + span.width)
                    .and_then(|span| span.link)
            });
        Some((card, link))
    }

    /// The picture of `scene`.
    pub fn build(scene: &Scene, cache: &mut TextCache, measure: &mut dyn Measure) -> Frame {
        let mut builder = Builder::new(scene);
        builder.edges();
        builder.arrowheads();
        builder.discs();
        builder.labels_and_cards(cache, measure);
        builder.frame
    }
}

struct Builder<'a, 'b> {
    scene: &'b Scene<'a>,
    scale: f64,
    /// Emphasised nodes and edges; `None` when nothing is hovered or selected.
    emphasis: Option<Emphasis>,
    visible_node: Vec<bool>,
    visible_edge: Vec<bool>,
    frame: Frame,
}

impl<'a, 'b> Builder<'a, 'b> {
    fn new(scene: &'b Scene<'a>) -> Self {
        let camera = scene.camera;
        let graph = scene.graph;
        let (view_x0, view_y0) = camera.to_world(0.0, 0.0);
        let (view_x1, view_y1) = camera.to_world(scene.size.0, scene.size.1);
        let margin = 30.0 / camera.scale;
        let in_view = |x: f64, y: f64, r: f64| {
            x + r >= view_x0 - margin
                && x - r <= view_x1 + margin
                && y + r >= view_y0 - margin
                && y - r <= view_y1 + margin
        };
        let visible_node: Vec<bool> = (0..graph.node_count())
            .map(|local| in_view(scene.x[local], scene.y[local], graph.radius[local]))
            .collect();
        let visible_edge = graph
            .ends
            .iter()
            .zip(scene.shapes)
            .map(|(&(s, t), shape)| {
                visible_node[s] || visible_node[t] || {
                    let (mx, my) = shape.point_at(0.5);
                    in_view(mx, my, 0.0)
                }
            })
            .collect();
        let emphasis = scene
            .focus
            .hovered
            .or(scene.focus.selected)
            .map(|hit| emphasis_of(graph, hit));
        let emphasised = emphasis.is_some();
        let base = camera.scale < OVERVIEW_SCALE || emphasised;
        Builder {
            scene,
            scale: camera.scale,
            emphasis,
            visible_node,
            visible_edge,
            frame: Frame {
                size: scene.size,
                text_bottom: (scene.size.1 - scene.covered_bottom.max(0.0)).max(0.0),
                camera,
                overview: camera.scale < OVERVIEW_SCALE,
                base,
                emphasised,
                ..Frame::default()
            },
        }
    }

    fn edge_emphasised(&self, edge: usize) -> bool {
        self.emphasis.as_ref().is_some_and(|e| e.edge[edge])
    }

    fn node_dimmed(&self, node: usize) -> bool {
        self.emphasis.as_ref().is_some_and(|e| !e.node[node])
    }
}

/// What is emphasised (a hovered or selected thing, and what touches it): marks by local
/// index, looked up for every node and edge of a frame, and the nodes as a list.
struct Emphasis {
    node: Vec<bool>,
    edge: Vec<bool>,
    nodes: Vec<usize>,
}

fn emphasis_of(graph: &ViewGraph, hit: Hit) -> Emphasis {
    let mut emphasis = Emphasis {
        node: vec![false; graph.node_count()],
        edge: vec![false; graph.ends.len()],
        nodes: Vec::new(),
    };
    let add_node = |emphasis: &mut Emphasis, node: usize| {
        if !emphasis.node[node] {
            emphasis.node[node] = true;
            emphasis.nodes.push(node);
        }
    };
    let add_edge = |emphasis: &mut Emphasis, edge: usize| {
        emphasis.edge[edge] = true;
        add_node(emphasis, graph.ends[edge].0);
        add_node(emphasis, graph.ends[edge].1);
    };
    match hit {
        Hit::Node(node) => {
            add_node(&mut emphasis, node);
            for &edge in graph.edges_of(node) {
                add_edge(&mut emphasis, edge);
            }
        }
        Hit::Edge(edge) => add_edge(&mut emphasis, edge),
    }
    emphasis
}

mod reading;
mod shapes;
mod text;

#[cfg(test)]
mod tests;
