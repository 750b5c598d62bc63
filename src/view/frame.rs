//! The display list: everything one picture of the graph view shows, decided here once, so
//! that the canvas, the PNG and the SVG writers only write it out and cannot drift apart.
//!
//! Edges and discs are in world coordinates (the writers apply the frame's camera); their
//! stroke widths and dashes, labels and cards are in screen pixels. Items marked `raster`
//! make up the zoomed-out overview's base picture, which the canvas paints with its own
//! rasteriser; every other writer draws them like the rest.

use super::camera::Camera;
use super::cards::{card_text, place_card, CardText, Ends, READING_LINES, WHOLE_LINES};
use super::graph::{Hit, ViewGraph};
use super::labels::{LabelBox, LabelPlacer};
use super::shape::{arrowhead, EdgeShape};
use super::style::{
    kind_colour, kind_style, kind_text_colour, over_background, style_colour, style_dash,
    KIND_STYLES, NODE_PALETTE, PIN, SELECTED, TEXT,
};
use super::text::{clip_chars, excerpt, readable_angle, CharWidths, Font, Measure};
use crate::bidi::isolate;
use crate::model::{Dataset, Direction};
use crate::order::{sort_indices, sorted_positions};
use std::collections::{HashMap, HashSet};

/// Zoomed out further than this, only the biggest nodes are labelled and edges lose dashes.
pub const OVERVIEW_SCALE: f64 = 0.45;
/// Zoom from which node discs get a white outline.
const OUTLINE_SCALE: f64 = 1.0;
/// An edge carries text only when at least this long on screen.
const MIN_LABELLED_EDGE: f64 = 90.0;
/// At most this many edge labels, and one per this many square pixels of view.
const MAX_EDGE_LABELS: usize = 250;
const PIXELS_PER_EDGE_LABEL: f64 = 2500.0;
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

/// An arrowhead's triangle (tip first) toward the older event.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrowhead {
    pub points: [(f64, f64); 3],
    pub colour: String,
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
    /// Zoomed out: the `raster` items are the overview's base picture.
    pub overview: bool,
    pub edge_batches: Vec<EdgeBatch>,
    pub arrowheads: Vec<Arrowhead>,
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
    node_labels: HashMap<usize, (String, f64)>,
    /// Per (edge, available width in 8 px steps).
    edge_labels: HashMap<(usize, u32), Option<(String, f64)>>,
    /// Per (edge, line limit).
    cards: HashMap<(usize, usize), CardText>,
}

impl Frame {
    pub fn counts(&self) -> Counts {
        Counts {
            edges: self.edge_batches.iter().map(|b| b.edges.len()).sum(),
            arrowheads: self.arrowheads.len(),
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
    emphasis: Option<(HashSet<usize>, HashSet<usize>)>,
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
                ..Frame::default()
            },
        }
    }

    fn edge_emphasised(&self, edge: usize) -> bool {
        self.emphasis
            .as_ref()
            .is_some_and(|(_, edges)| edges.contains(&edge))
    }

    fn node_dimmed(&self, node: usize) -> bool {
        self.emphasis
            .as_ref()
            .is_some_and(|(nodes, _)| !nodes.contains(&node))
    }

    /// One batch per look and layer: the rest (faded when something is emphasised), then the
    /// emphasised edges, wider, on top.
    fn edges(&mut self) {
        let overview = self.frame.overview;
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
                    raster: overview && !emphasised,
                    stroke: Stroke {
                        colour: over_background(style_colour(style), alpha),
                        width,
                        // In the overview, dashes are noise (and slow): colour alone tells
                        // kinds apart.
                        dash: if overview { &[] } else { style_dash(style) },
                    },
                    edges,
                });
            }
        }
    }

    /// Toward the older event (the target), for relations whose direction is known, long
    /// enough on screen; in the overview only on emphasised edges.
    fn arrowheads(&mut self) {
        let scene = self.scene;
        let graph = scene.graph;
        for edge in 0..graph.ends.len() {
            let emphasised = self.edge_emphasised(edge);
            let (source, target) = graph.ends[edge];
            let relation = &scene.dataset.relations[graph.edges[edge]];
            let wanted = self.visible_edge[edge]
                && source != target
                && relation.direction == Direction::SourceWasNew
                && (!self.frame.overview || emphasised)
                && scene.shapes[edge].length() * self.scale >= 24.0;
            if !wanted {
                continue;
            }
            let alpha = match &self.emphasis {
                None => 0.75,
                Some(_) if emphasised => 1.0,
                Some(_) => 0.12,
            };
            self.frame.arrowheads.push(Arrowhead {
                points: arrowhead(
                    &scene.shapes[edge],
                    graph.drawn_radius(target, self.scale),
                    self.scale,
                ),
                colour: over_background(kind_colour(graph.edge_kind[edge]), alpha),
            });
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
        // The overview's base picture has every node; what is emphasised goes again on top.
        let mut layers: Vec<(bool, bool)> = vec![(true, overview), (false, overview)];
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
        let mut placer = LabelPlacer::new(48.0);
        let mut every_disc = LabelPlacer::new(48.0);
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
            every_disc.reserve(LabelBox {
                half_width: r.max(3.0) + 2.0,
                half_height: r.max(3.0) + 2.0,
                ..disc
            });
            if r >= MIN_LABEL_BLOCKING_RADIUS {
                placer.reserve(disc);
            }
        }
        let (first, rest) = self.node_label_candidates();
        let mut shown = 0;
        self.node_labels(&first, &mut shown, &mut placer, cache, measure);
        let carded = self.cards(&mut placer, &every_disc, cache, measure);
        self.node_labels(&rest, &mut shown, &mut placer, cache, measure);
        self.edge_labels(&carded, &mut placer, cache, measure);
    }

    /// Emphasised nodes (biggest first), then the others by size; zoomed far out, only the
    /// biggest few of those.
    fn node_label_candidates(&self) -> (Vec<usize>, Vec<usize>) {
        let graph = self.scene.graph;
        let mut first: Vec<usize> = self
            .emphasis
            .as_ref()
            .map(|(nodes, _)| {
                nodes
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
        let emphasised = |node: usize| {
            self.emphasis
                .as_ref()
                .is_some_and(|(nodes, _)| nodes.contains(&node))
        };
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
        placer: &mut LabelPlacer,
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
            let (sx, sy) = scene.camera.to_screen(scene.x[node], scene.y[node]);
            let r = graph.drawn_radius(node, self.scale) * self.scale;
            let half_width = text_width / 2.0 + 2.0;
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
                inside(&label, width, height) && placer.try_place(label)
            });
            let Some((x, y)) = placed else { continue };
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
        placer: &mut LabelPlacer,
        every_disc: &LabelPlacer,
        cache: &mut TextCache,
        measure: &mut dyn Measure,
    ) -> HashSet<usize> {
        let scene = self.scene;
        let graph = scene.graph;
        let mut carded = HashSet::new();
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
            match place_card(
                (text.width, text.height),
                anchor,
                scene.size,
                placer,
                every_disc,
            ) {
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
    /// emphasised first, then the longest; in the overview only emphasised ones.
    fn edge_labels(
        &mut self,
        carded: &HashSet<usize>,
        placer: &mut LabelPlacer,
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
                    && (!self.frame.overview || self.edge_emphasised(edge))
            })
            .map(|edge| (edge, scene.shapes[edge].length() * self.scale))
            .filter(|&(_, length)| length >= MIN_LABELLED_EDGE)
            .collect();
        let order = sorted_positions(candidates.len(), &|i, j| {
            let (a, b) = (candidates[i], candidates[j]);
            (Some(b.0) == focused)
                .cmp(&(Some(a.0) == focused))
                .then(self.edge_emphasised(b.0).cmp(&self.edge_emphasised(a.0)))
                .then(b.1.total_cmp(&a.1))
        });
        let limit = ((width * height / PIXELS_PER_EDGE_LABEL) as usize).min(MAX_EDGE_LABELS);
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
            let shape = scene.shapes[edge];
            let placed = EDGE_LABEL_POSITIONS.iter().find_map(|&t| {
                let (mx, my) = shape.point_at(t);
                let (sx, sy) = scene.camera.to_screen(mx, my);
                let (tx, ty) = shape.tangent_at(t);
                let angle = readable_angle(tx, ty);
                let label = LabelBox {
                    cx: sx,
                    cy: sy,
                    half_width: text_width / 2.0 + 3.0,
                    half_height: 7.0,
                    angle,
                };
                (inside(&label, width, height) && placer.try_place(label))
                    .then_some((sx, sy, angle))
            });
            let Some((x, y, angle)) = placed else {
                continue;
            };
            shown += 1;
            let dimmed = self.emphasis.is_some() && !self.edge_emphasised(edge);
            self.frame.labels.push(Label {
                owner: LabelOwner::Relation(graph.edges[edge]),
                text,
                x,
                y,
                width: text_width,
                angle,
                font: Font::Edge,
                colour: kind_text_colour(graph.edge_kind[edge]),
                alpha: if dimmed { 0.35 } else { 1.0 },
                backing: Backing::Box {
                    alpha: if dimmed { 0.25 } else { 0.92 },
                },
            });
        }
    }
}

/// Nodes and edges to emphasise for a hovered or selected thing: it, and what touches it.
fn emphasis_of(graph: &ViewGraph, hit: Hit) -> (HashSet<usize>, HashSet<usize>) {
    let mut nodes = HashSet::new();
    let mut edges = HashSet::new();
    let mut add_edge = |edge: usize| {
        edges.insert(edge);
        nodes.insert(graph.ends[edge].0);
        nodes.insert(graph.ends[edge].1);
    };
    match hit {
        Hit::Node(node) => graph.edges_of(node).iter().copied().for_each(&mut add_edge),
        Hit::Edge(edge) => add_edge(edge),
    }
    if let Hit::Node(node) = hit {
        nodes.insert(node);
    }
    (nodes, edges)
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
    let cut = excerpt(text, max_width, &mut |t| {
        widths.estimate(measure, Font::Edge, t)
    })?;
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
