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
    pub camera: Camera,
    /// Zoomed out: only the biggest nodes labelled, no dashes.
    pub overview: bool,
    /// The `raster` items make up a base picture under the rest, which the canvas paints with
    /// its own rasteriser: zoomed out (every edge and node), or while something is emphasised
    /// (the faded rest: thin, solid, without arrowheads; at their faint alpha, dashes and
    /// arrowheads hardly showed, and stroking them cost most of a zoomed-in frame).
    pub base: bool,
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
        let base = camera.scale < OVERVIEW_SCALE || emphasis.is_some();
        Builder {
            scene,
            scale: camera.scale,
            emphasis,
            visible_node,
            visible_edge,
            frame: Frame {
                size: scene.size,
                camera,
                overview: camera.scale < OVERVIEW_SCALE,
                base,
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

    /// One batch per look and layer: the rest (faded when something is emphasised), then the
    /// emphasised edges, wider, on top.
    fn edges(&mut self) {
        let (overview, base) = (self.frame.overview, self.frame.base);
        let graph = self.scene.graph;
        let base_alpha = if self.emphasis.is_some() { 0.12 } else { 0.6 };
        for (emphasised, alpha, width) in [(false, base_alpha, 1.0), (true, 1.0, 2.6)] {
            let mut by_style: Vec<Vec<usize>> = vec![Vec::new(); KIND_STYLES + 1];
            for edge in (0..graph.ends.len()).filter(|&edge| self.visible_edge[edge]) {
                if self.edge_emphasised(edge) == emphasised {
                    by_style[kind_style(graph.edge_kind[edge])].push(edge);
                }
            }
            for (style, edges) in by_style.into_iter().enumerate() {
                if edges.is_empty() {
                    continue;
                }
                self.frame.edge_batches.push(EdgeBatch {
                    raster: base && !emphasised,
                    stroke: Stroke {
                        colour: over_background(style_colour(style), alpha),
                        width,
                        // In the overview, dashes are noise (and slow): colour alone tells
                        // kinds apart; the base picture has none.
                        dash: if overview || (base && !emphasised) {
                            &[]
                        } else {
                            style_dash(style)
                        },
                    },
                    edges,
                });
            }
        }
    }

    /// Toward the older event (the target), for relations whose direction is known, long
    /// enough on screen; in the overview only on emphasised edges. One batch per kind and
    /// emphasis, so a writer fills each colour once.
    fn arrowheads(&mut self) {
        let scene = self.scene;
        let graph = scene.graph;
        // (kind, alpha in hundredths) of each batch, in order of first use.
        let mut looks: Vec<(Option<usize>, u8)> = Vec::new();
        for edge in 0..graph.ends.len() {
            let emphasised = self.edge_emphasised(edge);
            let (source, target) = graph.ends[edge];
            let relation = &scene.dataset.relations[graph.edges[edge]];
            let wanted = self.visible_edge[edge]
                && source != target
                && relation.direction == Direction::SourceWasNew
                && (!self.frame.base || emphasised)
                && scene.shapes[edge].length() * self.scale >= 24.0;
            if !wanted {
                continue;
            }
            let alpha = match &self.emphasis {
                None => 75,
                Some(_) if emphasised => 100,
                Some(_) => 12,
            };
            let look = (graph.edge_kind[edge], alpha);
            let batch = match looks.iter().position(|&known| known == look) {
                Some(batch) => batch,
                None => {
                    looks.push(look);
                    self.frame.arrowhead_batches.push(ArrowheadBatch {
                        colour: over_background(kind_colour(look.0), f64::from(alpha) / 100.0),
                        triangles: Vec::new(),
                    });
                    looks.len() - 1
                }
            };
            self.frame.arrowhead_batches[batch]
                .triangles
                .push(arrowhead(
                    &scene.shapes[edge],
                    graph.drawn_radius(target, self.scale),
                    self.scale,
                ));
        }
    }

    fn disc(&self, node: usize, factor: f64, extra: f64) -> Disc {
        Disc {
            x: self.scene.x[node],
            y: self.scene.y[node],
            r: self.scene.graph.drawn_radius(node, self.scale) * factor + extra,
            node,
        }
    }

    /// Nodes by (dimmed, colour), one batch each; then placeholders (hollow, dashed), pins and
    /// the selection ring over them.
    fn discs(&mut self) {
        let scene = self.scene;
        let graph = scene.graph;
        let overview = self.frame.overview;
        let outline = (self.scale >= OUTLINE_SCALE).then(|| Stroke {
            colour: "#ffffff".into(),
            width: 1.5,
            dash: &[],
        });
        let alpha = |dimmed: bool| if dimmed { 0.2 } else { 1.0 };
        let shown: Vec<usize> = (0..graph.node_count())
            .filter(|&node| self.visible_node[node])
            .collect();
        // The overview's base picture has every node, what is emphasised going again on top;
        // zoomed in, it has the faded ones.
        let mut layers: Vec<(bool, bool)> = vec![(true, self.frame.base), (false, overview)];
        if overview && self.emphasis.is_some() {
            layers.push((false, false));
        }
        for (dimmed, raster) in layers {
            for (colour, fill) in NODE_PALETTE.iter().enumerate() {
                let discs: Vec<Disc> = shown
                    .iter()
                    .copied()
                    .filter(|&node| {
                        graph.node_colour[node] == colour
                            && !graph.placeholder[node]
                            && self.node_dimmed(node) == dimmed
                    })
                    .map(|node| self.disc(node, 1.0, 0.0))
                    .collect();
                if discs.is_empty() {
                    continue;
                }
                self.frame.disc_batches.push(DiscBatch {
                    raster,
                    fill: Some(over_background(fill, alpha(dimmed))),
                    stroke: outline.clone(),
                    discs,
                });
            }
        }
        for dimmed in [true, false] {
            for (colour, ring) in NODE_PALETTE.iter().enumerate() {
                let discs: Vec<Disc> = shown
                    .iter()
                    .copied()
                    .filter(|&node| {
                        graph.placeholder[node]
                            && graph.node_colour[node] == colour
                            && self.node_dimmed(node) == dimmed
                    })
                    .map(|node| self.disc(node, 1.0, 0.0))
                    .collect();
                if !discs.is_empty() {
                    self.frame.disc_batches.push(DiscBatch {
                        raster: false,
                        fill: Some(over_background("#ffffff", alpha(dimmed))),
                        stroke: Some(Stroke {
                            colour: over_background(ring, alpha(dimmed)),
                            width: 2.0,
                            dash: &[3.0, 2.0],
                        }),
                        discs,
                    });
                }
            }
            let pins: Vec<Disc> = shown
                .iter()
                .copied()
                .filter(|&node| (scene.pinned)(node) && self.node_dimmed(node) == dimmed)
                .map(|node| self.disc(node, 0.35, 0.0))
                .collect();
            if !pins.is_empty() {
                self.frame.disc_batches.push(DiscBatch {
                    raster: false,
                    fill: Some(over_background(PIN, alpha(dimmed))),
                    stroke: None,
                    discs: pins,
                });
            }
        }
        if let Some(Hit::Node(node)) = scene.focus.selected {
            if self.visible_node[node] {
                self.frame.disc_batches.push(DiscBatch {
                    raster: false,
                    fill: None,
                    stroke: Some(Stroke {
                        colour: SELECTED.into(),
                        width: 3.0,
                        dash: &[],
                    }),
                    discs: vec![self.disc(node, 1.0, 4.0 / self.scale)],
                });
            }
        }
    }

    /// Labels around the nodes (never across a disc of a few pixels or more), the cards of
    /// reading mode, and rationale along edges, none overlapping another: the emphasised
    /// nodes' labels first, then the cards, then the rest.
    fn labels_and_cards(&mut self, cache: &mut TextCache, measure: &mut dyn Measure) {
        let scene = self.scene;
        let graph = scene.graph;
        let camera = scene.camera;
        let mut room = Room::new(48.0, scene.size);
        // Cards keep off every disc, however small (with a little room); labels only off
        // discs big enough to hide them.
        let cards_wanted = scene.reading && scene.focus.selected.is_some();
        let mut card_discs = Vec::new();
        for node in (0..graph.node_count()).filter(|&node| self.visible_node[node]) {
            let r = graph.drawn_radius(node, self.scale) * self.scale;
            let (sx, sy) = camera.to_screen(scene.x[node], scene.y[node]);
            let disc = LabelBox {
                cx: sx,
                cy: sy,
                half_width: r,
                half_height: r,
                angle: 0.0,
            };
            if cards_wanted {
                let half = r.max(3.0) + 2.0;
                card_discs.push((
                    node,
                    LabelBox {
                        half_width: half,
                        half_height: half,
                        ..disc
                    },
                ));
            }
            if r >= MIN_LABEL_BLOCKING_RADIUS {
                room.discs.reserve(disc);
                if self.emphasis.as_ref().is_some_and(|e| e.node[node]) {
                    room.event_discs.reserve(disc);
                }
            }
        }
        let (first, rest) = self.node_label_candidates();
        let mut shown = 0;
        self.node_labels(&first, &mut shown, &mut room, cache, measure);
        let carded = self.cards(&mut room, &card_discs, cache, measure);
        self.node_labels(&rest, &mut shown, &mut room, cache, measure);
        self.edge_labels(&carded, &mut room, cache, measure);
    }

    /// Emphasised nodes (biggest first), then the others by size; zoomed far out, only the
    /// biggest few of those.
    fn node_label_candidates(&self) -> (Vec<usize>, Vec<usize>) {
        let graph = self.scene.graph;
        let mut first: Vec<usize> = self
            .emphasis
            .as_ref()
            .map(|e| {
                e.nodes
                    .iter()
                    .copied()
                    .filter(|&n| self.visible_node[n])
                    .collect()
            })
            .unwrap_or_default();
        sort_indices(&mut first, &|a, b| {
            graph.size_rank[a].cmp(&graph.size_rank[b])
        });
        let limit = if self.frame.overview {
            OVERVIEW_LABELS
        } else {
            usize::MAX
        };
        let emphasised = |node: usize| self.emphasis.as_ref().is_some_and(|e| e.node[node]);
        let rest = graph
            .by_size
            .iter()
            .copied()
            .filter(|&n| self.visible_node[n] && !emphasised(n))
            .take(limit)
            .collect();
        (first, rest)
    }

    fn node_labels(
        &mut self,
        candidates: &[usize],
        shown: &mut usize,
        room: &mut Room,
        cache: &mut TextCache,
        measure: &mut dyn Measure,
    ) {
        let scene = self.scene;
        let graph = scene.graph;
        let (width, height) = scene.size;
        for &node in candidates {
            let dimmed = self.node_dimmed(node);
            if *shown >= MAX_NODE_LABELS && (dimmed || self.emphasis.is_none()) {
                break;
            }
            let over_faded = self.emphasis.is_some() && !dimmed;
            let (sx, sy) = scene.camera.to_screen(scene.x[node], scene.y[node]);
            let r = graph.drawn_radius(node, self.scale) * self.scale;
            // Below the node if there is room, else above, right or left of it.
            let spots = |half_width: f64| {
                [
                    (sx, sy + r + 10.0),
                    (sx, sy - r - 10.0),
                    (sx + r + half_width + 4.0, sy),
                    (sx - r - half_width - 4.0, sy),
                ]
                .map(|(cx, cy)| LabelBox {
                    cx,
                    cy,
                    half_width,
                    half_height: 7.5,
                    angle: 0.0,
                })
            };
            // The narrowest label's boxes lie inside every wider label's at the same spot: if
            // none of them is free, no label is, and the title need not be measured.
            let narrowest_free = spots(NARROWEST_LABEL_HALF_WIDTH)
                .iter()
                .any(|label| inside(label, width, height) && room.is_free(label, over_faded));
            if !narrowest_free {
                continue;
            }
            let (text, text_width) = match cache.node_labels.get(&node) {
                Some(label) => label.clone(),
                None => {
                    let title = &scene.dataset.events[graph.nodes[node]].title;
                    let text = clip_chars(title, MAX_NODE_LABEL_CHARS).into_owned();
                    let text_width = measure.width(Font::Node, &text);
                    if text_width.is_finite() {
                        cache.node_labels.insert(node, (text.clone(), text_width));
                    }
                    (text, text_width)
                }
            };
            let placed = spots(text_width / 2.0 + NARROWEST_LABEL_HALF_WIDTH)
                .into_iter()
                .find(|&label| inside(&label, width, height) && room.take(label, over_faded));
            let Some(LabelBox { cx: x, cy: y, .. }) = placed else {
                continue;
            };
            *shown += 1;
            self.frame.labels.push(Label {
                owner: LabelOwner::Node(node),
                text,
                x,
                y,
                width: text_width,
                angle: 0.0,
                font: Font::Node,
                colour: TEXT,
                // Dimmed, but still readable (about 4.5:1 over the stage).
                alpha: if dimmed { 0.65 } else { 1.0 },
                backing: Backing::Halo,
            });
        }
    }

    /// Reading mode: a card per relation of the selected event (or of the event whose
    /// relations the keyboard steps through), the selected relation's first and whole; or the
    /// selected relation's card alone. Returns the edges that got a card.
    fn cards(
        &mut self,
        room: &mut Room,
        discs: &[(usize, LabelBox)],
        cache: &mut TextCache,
        measure: &mut dyn Measure,
    ) -> FastSet<usize> {
        let scene = self.scene;
        let graph = scene.graph;
        let mut carded = FastSet::default();
        if !scene.reading {
            return carded;
        }
        let current = match scene.focus.selected {
            Some(Hit::Edge(edge)) => Some(edge),
            _ => None,
        };
        let anchor = match scene.focus.selected {
            Some(Hit::Node(node)) => Some(node),
            Some(Hit::Edge(edge)) => scene
                .focus
                .anchor
                .filter(|&node| graph.edges_of(node).contains(&edge)),
            None => None,
        };
        let mut edges: Vec<usize> = current.into_iter().collect();
        if let Some(node) = anchor {
            edges.extend(
                graph
                    .edges_of(node)
                    .iter()
                    .copied()
                    .filter(|&edge| Some(edge) != current),
            );
        }
        let (width, height) = scene.size;
        let total = edges.len();
        // First clear of every disc; where a crowded view leaves no such place, over faded
        // discs but clear of the events the cards are about.
        let clear_of_every_disc = Coverage::new(
            COVERAGE_CELL,
            scene.size,
            discs.iter().map(|&(_, disc)| disc),
        );
        let mut about = vec![false; graph.node_count()];
        for &edge in &edges {
            about[graph.ends[edge].0] = true;
            about[graph.ends[edge].1] = true;
        }
        let mut clear_of_the_events: Option<Coverage> = None;
        for (tried, edge) in edges.into_iter().enumerate() {
            if tried >= MAX_CARDS {
                self.frame.cards_left_out += 1;
                continue;
            }
            let is_current = Some(edge) == current;
            let max_lines = if is_current {
                WHOLE_LINES
            } else {
                READING_LINES
            };
            let relation_index = graph.edges[edge];
            let accent = kind_text_colour(graph.edge_kind[edge]);
            let text = cache
                .cards
                .entry((edge, max_lines))
                .or_insert_with(|| {
                    let relation = &scene.dataset.relations[relation_index];
                    let (source, target) = graph.ends[edge];
                    let event = |local: usize| {
                        let index = graph.nodes[local];
                        (index, scene.dataset.events[index].title.as_str())
                    };
                    let ends = Ends {
                        source: event(source),
                        target: event(target),
                    };
                    card_text(
                        relation,
                        &ends,
                        accent,
                        max_lines,
                        &mut cache.widths,
                        measure,
                    )
                })
                .clone();
            let (ax, ay) = scene.shapes[edge].point_at(0.5);
            let (ax, ay) = scene.camera.to_screen(ax, ay);
            let anchor = (ax.clamp(0.0, width), ay.clamp(0.0, height));
            let size = (text.width, text.height);
            let placed = place_card(
                size,
                anchor,
                scene.size,
                &mut room.text,
                &clear_of_every_disc,
            )
            .or_else(|| {
                let coverage = clear_of_the_events.get_or_insert_with(|| {
                    let discs = discs.iter().filter(|&&(node, _)| about[node]);
                    Coverage::new(COVERAGE_CELL, scene.size, discs.map(|&(_, disc)| disc))
                });
                place_card(size, anchor, scene.size, &mut room.text, coverage)
            });
            match placed {
                Some((x, y)) => {
                    carded.insert(edge);
                    self.frame.cards.push(Card {
                        relation: relation_index,
                        edge,
                        x,
                        y,
                        anchor,
                        accent,
                        current: is_current,
                        text,
                    });
                }
                None => self.frame.cards_left_out += 1,
            }
        }
        let left_out = self.frame.cards_left_out;
        if left_out > 0 {
            self.frame.note = Some(format!(
                "{left_out} of {total} relations do not fit as cards: press F to frame the \
                 selection, zoom in, or step through them with [ and ]"
            ));
        }
        carded
    }

    /// Rationale along edges long enough on screen to carry some, the focused and the
    /// emphasised first, then the longest; while the base picture holds the rest (zoomed out,
    /// or faded behind a selection), only emphasised ones: faded text only competes with the
    /// cards, and text turned along an edge is the dearest thing a canvas draws.
    fn edge_labels(
        &mut self,
        carded: &FastSet<usize>,
        room: &mut Room,
        cache: &mut TextCache,
        measure: &mut dyn Measure,
    ) {
        let scene = self.scene;
        let graph = scene.graph;
        let (width, height) = scene.size;
        let focused = match scene.focus.hovered.or(scene.focus.selected) {
            Some(Hit::Edge(edge)) => Some(edge),
            _ => None,
        };
        let candidates: Vec<(usize, f64)> = (0..graph.ends.len())
            .filter(|&edge| {
                self.visible_edge[edge]
                    && graph.ends[edge].0 != graph.ends[edge].1
                    && !carded.contains(&edge)
                    && (!self.frame.base || self.edge_emphasised(edge))
            })
            .map(|edge| (edge, scene.shapes[edge].length() * self.scale))
            .filter(|&(_, length)| length >= MIN_LABELLED_EDGE)
            .collect();
        // Focused first, then emphasised, then the longest: the first two as a rank worked
        // out once per candidate, not in every comparison.
        let rank: Vec<u8> = candidates
            .iter()
            .map(|&(edge, _)| {
                u8::from(Some(edge) == focused) * 2 + u8::from(self.edge_emphasised(edge))
            })
            .collect();
        let before = |i: usize, j: usize| {
            rank[j]
                .cmp(&rank[i])
                .then(candidates[j].1.total_cmp(&candidates[i].1))
                .then(i.cmp(&j))
        };
        let limit = ((width * height / PIXELS_PER_EDGE_LABEL) as usize).min(MAX_EDGE_LABELS);
        // In a crowded view most candidates find no room: only the first few times as many
        // as may be shown are tried, so a frame's cost does not grow with the edges in view.
        let tries = limit * EDGE_LABEL_TRIES_PER_LABEL;
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        if order.len() > tries {
            order.select_nth_unstable_by(tries, |&i, &j| before(i, j));
            order.truncate(tries);
        }
        order.sort_unstable_by(|&i, &j| before(i, j));
        let mut shown = 0;
        for (edge, screen_length) in order.into_iter().map(|position| candidates[position]) {
            if shown >= limit {
                break;
            }
            let (source, target) = graph.ends[edge];
            let available = (screen_length
                - (graph.drawn_radius(source, self.scale)
                    + graph.drawn_radius(target, self.scale))
                    * self.scale
                - 2.0 * EDGE_LABEL_END_ROOM)
                .min(MAX_EDGE_LABEL_WIDTH);
            if available < 40.0 {
                continue;
            }
            let over_faded = self.edge_emphasised(edge);
            let shape = scene.shapes[edge];
            let along = |t: f64, half_width: f64| {
                let (mx, my) = shape.point_at(t);
                let (cx, cy) = scene.camera.to_screen(mx, my);
                let (tx, ty) = shape.tangent_at(t);
                LabelBox {
                    cx,
                    cy,
                    half_width,
                    half_height: 7.0,
                    angle: readable_angle(tx, ty),
                }
            };
            // As for node labels: where not even the narrowest label is free, no excerpt is.
            let narrowest_free = EDGE_LABEL_POSITIONS.iter().any(|&t| {
                let label = along(t, NARROWEST_LABEL_HALF_WIDTH);
                inside(&label, width, height) && room.is_free(&label, over_faded)
            });
            if !narrowest_free {
                continue;
            }
            let bucket = (available / 8.0) as u32;
            let label = cache
                .edge_labels
                .entry((edge, bucket))
                .or_insert_with(|| {
                    let relation = &scene.dataset.relations[graph.edges[edge]];
                    let rationale = clip_chars(&relation.rationale, MAX_LABEL_RATIONALE_CHARS)
                        .replace('\n', " ");
                    // Each data string isolated, so that a right-to-left one keeps to itself.
                    let full = match &relation.kind {
                        Some(kind) => format!(
                            "{}: {}",
                            isolate(&clip_chars(kind, MAX_LABEL_KIND_CHARS)),
                            isolate(&rationale)
                        ),
                        None => rationale,
                    };
                    excerpt_measured(&full, f64::from(bucket) * 8.0, &mut cache.widths, measure)
                })
                .clone();
            let Some((text, text_width)) = label else {
                continue;
            };
            let placed = EDGE_LABEL_POSITIONS.iter().find_map(|&t| {
                let label = along(t, text_width / 2.0 + 3.0);
                (inside(&label, width, height) && room.take(label, over_faded)).then_some(label)
            });
            let Some(LabelBox {
                cx: x,
                cy: y,
                angle,
                ..
            }) = placed
            else {
                continue;
            };
            shown += 1;
            self.frame.labels.push(Label {
                owner: LabelOwner::Relation(graph.edges[edge]),
                text,
                x,
                y,
                width: text_width,
                angle,
                font: Font::Edge,
                colour: kind_text_colour(graph.edge_kind[edge]),
                alpha: 1.0,
                backing: Backing::Box { alpha: 0.92 },
            });
        }
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

/// Whether a label lies wholly in the view (a cut-off label is worse than none).
fn inside(label: &LabelBox, width: f64, height: f64) -> bool {
    let (sin, cos) = label.angle.sin_cos();
    let extent_x = label.half_width * cos.abs() + label.half_height * sin.abs();
    let extent_y = label.half_width * sin.abs() + label.half_height * cos.abs();
    label.cx - extent_x >= 0.0
        && label.cx + extent_x <= width
        && label.cy - extent_y >= 0.0
        && label.cy + extent_y <= height
}

/// [`excerpt`] with few real measurements (each costs about as much as drawing the text): the
/// search estimates widths from each character's, then the result is measured for real, and
/// searched again with real measurements only if shaping or kerning made it too wide.
/// Returns the text and its width.
fn excerpt_measured(
    text: &str,
    max_width: f64,
    widths: &mut CharWidths,
    measure: &mut dyn Measure,
) -> Option<(String, f64)> {
    let cut = widths.excerpt(measure, Font::Edge, text, max_width)?;
    let width = measure.width(Font::Edge, &cut);
    if width <= max_width {
        return Some((cut, width));
    }
    let cut = excerpt(text, max_width, &mut |t| measure.width(Font::Edge, t))?;
    let width = measure.width(Font::Edge, &cut);
    Some((cut, width))
}

#[cfg(test)]
#[path = "frame_tests.rs"]
mod tests;
