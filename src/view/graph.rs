//! The view graph: one subgraph of the data as the graph view shows it, in local indices.
//! Everything here depends on the events and relations shown, not on where they are, so it is
//! worked out once per view: node sizes, the label order, relation kinds and their looks, node
//! colours and their legend, each pair's fan, and one adjacency (the edges touching each node)
//! that emphasis, navigation and reading mode all use.

use super::camera::Camera;
use super::shape::{edge_fans, EdgeShape};
use super::style::NAMED_COLOURS;
use crate::graph::{Components, Subgraph};
use crate::model::Dataset;
use crate::order::{sort_indices, sorted_positions};
use std::collections::HashMap;

/// What is under the pointer or the keyboard focus, in view-local indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// A node, by local index.
    Node(usize),
    /// An edge, by index into the visible edges.
    Edge(usize),
}

/// How nodes are coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColourBy {
    Component,
    FirstTag,
    FirstActor,
}

impl ColourBy {
    pub const ALL: [ColourBy; 3] = [
        ColourBy::Component,
        ColourBy::FirstTag,
        ColourBy::FirstActor,
    ];

    /// What the colour means, for the legend and the "Colour by" choice.
    pub fn label(self) -> &'static str {
        match self {
            ColourBy::Component => "connected group",
            ColourBy::FirstTag => "first tag",
            ColourBy::FirstActor => "first actor",
        }
    }

    /// The value of the "Colour by" choice.
    pub fn value(self) -> &'static str {
        match self {
            ColourBy::Component => "component",
            ColourBy::FirstTag => "tag",
            ColourBy::FirstActor => "actor",
        }
    }

    pub fn from_value(value: &str) -> Option<ColourBy> {
        ColourBy::ALL.into_iter().find(|by| by.value() == value)
    }

    fn none_label(self) -> &'static str {
        match self {
            ColourBy::Component => "Unconnected",
            ColourBy::FirstTag => "No tag",
            ColourBy::FirstActor => "No actor",
        }
    }
}

/// A legend entry: a label and a palette index.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub colour: usize,
}

/// Beyond this zoom, nodes stop growing on screen so that edges gain room for their text.
const NODE_ZOOM_CAP: f64 = 2.0;
/// How close, in screen pixels, a pointer must be to an edge to hit it.
pub const EDGE_TOLERANCE: f64 = 6.0;

/// Node radius from degree: hubs stand out, leaves stay readable.
fn radius_for_degree(degree: usize) -> f64 {
    4.0 + 2.2 * (degree as f64).sqrt()
}

pub struct ViewGraph {
    /// Local node → event index.
    pub nodes: Vec<usize>,
    /// Event index → local node, for the events shown.
    local_of: HashMap<usize, usize>,
    /// Visible edges as relation indices, and their local endpoints (source = the new event).
    pub edges: Vec<usize>,
    pub ends: Vec<(usize, usize)>,
    /// Relation index → visible edge.
    edge_of: HashMap<usize, usize>,
    /// Node radii in world units (from degree).
    pub radius: Vec<f64>,
    pub placeholder: Vec<bool>,
    /// Local nodes, biggest first (ties by index): the order node labels are tried in.
    pub by_size: Vec<usize>,
    /// Each local node's place in `by_size`.
    pub size_rank: Vec<usize>,
    /// Per visible edge, the index of its kind in `kinds` (or `None`).
    pub edge_kind: Vec<Option<usize>>,
    /// Relation kinds by frequency, most common first.
    pub kinds: Vec<String>,
    /// Each edge's place in the fan of its pair (see [`edge_fans`]).
    pub fans: Vec<(u32, u32)>,
    /// The edges touching node `n` are `incident[incident_start[n]..incident_start[n + 1]]`,
    /// in edge order: a node's relations without a scan of every edge.
    incident_start: Vec<usize>,
    incident: Vec<usize>,
    pub node_colour: Vec<usize>,
    /// What `node_colour` shows.
    pub colour_by: ColourBy,
    pub legend: Vec<LegendEntry>,
}

impl ViewGraph {
    /// The view of `view` (a subgraph whose relations' ends are given by `endpoints`), coloured
    /// by the first of [`ColourBy::ALL`] that splits its events into groups.
    pub fn new(
        dataset: &Dataset,
        components: &Components,
        endpoints: impl Fn(usize) -> (usize, usize),
        view: Subgraph,
    ) -> Self {
        let local_of: HashMap<usize, usize> = view
            .nodes
            .iter()
            .enumerate()
            .map(|(local, &event)| (event, local))
            .collect();
        let ends: Vec<(usize, usize)> = view
            .edges
            .iter()
            .map(|&relation| {
                let (source, target) = endpoints(relation);
                (local_of[&source], local_of[&target])
            })
            .collect();
        let node_count = view.nodes.len();
        let mut degree = vec![0usize; node_count];
        for &(source, target) in &ends {
            degree[source] += 1;
            if target != source {
                degree[target] += 1;
            }
        }
        let mut incident_start = vec![0usize; node_count + 1];
        for (node, &d) in degree.iter().enumerate() {
            incident_start[node + 1] = incident_start[node] + d;
        }
        let mut filled = incident_start.clone();
        let mut incident = vec![0usize; incident_start[node_count]];
        for (edge, &(source, target)) in ends.iter().enumerate() {
            incident[filled[source]] = edge;
            filled[source] += 1;
            if target != source {
                incident[filled[target]] = edge;
                filled[target] += 1;
            }
        }
        let radius: Vec<f64> = degree.iter().map(|&d| radius_for_degree(d)).collect();
        let (kinds, edge_kind) = rank_kinds(dataset, &view.edges);
        let mut by_size: Vec<usize> = (0..node_count).collect();
        sort_indices(&mut by_size, &|a, b| {
            radius[b].total_cmp(&radius[a]).then(a.cmp(&b))
        });
        let mut size_rank = vec![0; node_count];
        for (rank, &node) in by_size.iter().enumerate() {
            size_rank[node] = rank;
        }
        let mut graph = ViewGraph {
            placeholder: view
                .nodes
                .iter()
                .map(|&event| dataset.events[event].placeholder)
                .collect(),
            edge_of: view
                .edges
                .iter()
                .enumerate()
                .map(|(edge, &relation)| (relation, edge))
                .collect(),
            fans: edge_fans(&ends),
            nodes: view.nodes,
            local_of,
            edges: view.edges,
            ends,
            radius,
            by_size,
            size_rank,
            edge_kind,
            kinds,
            incident_start,
            incident,
            node_colour: Vec::new(),
            colour_by: ColourBy::Component,
            legend: Vec::new(),
        };
        let informative = ColourBy::ALL
            .into_iter()
            .find(|&by| graph.splits(dataset, components, by))
            .unwrap_or(ColourBy::Component);
        graph.set_colouring(dataset, components, informative);
        graph
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The local node showing event `event`, if it is shown.
    pub fn local_of(&self, event: usize) -> Option<usize> {
        self.local_of.get(&event).copied()
    }

    /// The visible edge showing relation `relation`, if it is shown.
    pub fn edge_of_relation(&self, relation: usize) -> Option<usize> {
        self.edge_of.get(&relation).copied()
    }

    /// Visible edges touching a local node, in edge order.
    pub fn edges_of(&self, local: usize) -> &[usize] {
        &self.incident[self.incident_start[local]..self.incident_start[local + 1]]
    }

    /// The other end of `edge` seen from `local` (itself for a loop).
    pub fn other_end(&self, edge: usize, local: usize) -> usize {
        let (source, target) = self.ends[edge];
        if source == local {
            target
        } else {
            source
        }
    }

    /// Local neighbours of a local node, ascending, each once.
    pub fn neighbours(&self, local: usize) -> Vec<usize> {
        let mut neighbours: Vec<usize> = self
            .edges_of(local)
            .iter()
            .map(|&edge| self.other_end(edge, local))
            .filter(|&other| other != local)
            .collect();
        neighbours.sort_unstable();
        neighbours.dedup();
        neighbours
    }

    /// The radius a node is drawn and hit with, in world units at zoom `scale`.
    pub fn drawn_radius(&self, local: usize, scale: f64) -> f64 {
        // A comparison, not `f64::min` (a call in wasm): this runs several times per node per
        // frame.
        let shrink = NODE_ZOOM_CAP / scale;
        self.radius[local] * if shrink < 1.0 { shrink } else { 1.0 }
    }

    /// What is under the screen point: the nearest node within its disc (plus a few pixels),
    /// otherwise the nearest edge within [`EDGE_TOLERANCE`].
    pub fn hit_test(
        &self,
        (x, y): (&[f64], &[f64]),
        shapes: &[EdgeShape],
        camera: Camera,
        (sx, sy): (f64, f64),
    ) -> Option<Hit> {
        let (wx, wy) = camera.to_world(sx, sy);
        let slack = 3.0 / camera.scale;
        let mut best_node: Option<(usize, f64)> = None;
        for local in 0..self.nodes.len() {
            let distance = (x[local] - wx).hypot(y[local] - wy);
            if distance <= self.drawn_radius(local, camera.scale) + slack
                && best_node.is_none_or(|(_, best)| distance < best)
            {
                best_node = Some((local, distance));
            }
        }
        if let Some((local, _)) = best_node {
            return Some(Hit::Node(local));
        }
        let tolerance = EDGE_TOLERANCE / camera.scale;
        shapes
            .iter()
            .enumerate()
            .map(|(edge, shape)| (edge, shape.distance_to(wx, wy)))
            .filter(|&(_, distance)| distance <= tolerance)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(edge, _)| Hit::Edge(edge))
    }

    /// What an event is coloured by under `by`: its component (none for a single event), its
    /// first tag, or its first actor.
    fn colour_key(
        dataset: &Dataset,
        components: &Components,
        by: ColourBy,
        event: usize,
    ) -> Option<String> {
        match by {
            ColourBy::Component => {
                let component = components.of_node[event];
                (components.sizes[component] > 1).then(|| component.to_string())
            }
            ColourBy::FirstTag => dataset.events[event].tags.first().cloned(),
            ColourBy::FirstActor => dataset.events[event]
                .actor_responses
                .iter()
                .find_map(|response| response.actor.clone()),
        }
    }

    /// Whether colouring by `by` tells the shown events apart: they fall into two or more
    /// groups (counting "none" as one).
    pub fn splits(&self, dataset: &Dataset, components: &Components, by: ColourBy) -> bool {
        let mut keys = self
            .nodes
            .iter()
            .map(|&event| Self::colour_key(dataset, components, by, event));
        let Some(first) = keys.next() else {
            return false;
        };
        keys.any(|key| key != first)
    }

    /// Colours nodes by `by`, the most common values first; at most [`NAMED_COLOURS`] colours,
    /// the rest share "other", and events without a value are grey.
    pub fn set_colouring(&mut self, dataset: &Dataset, components: &Components, by: ColourBy) {
        self.colour_by = by;
        let keys: Vec<Option<String>> = self
            .nodes
            .iter()
            .map(|&event| Self::colour_key(dataset, components, by, event))
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
        .take(NAMED_COLOURS)
        .map(|position| counted[position].0.to_owned())
        .collect();
        let slot: HashMap<&str, usize> = named
            .iter()
            .enumerate()
            .map(|(colour, key)| (key.as_str(), colour))
            .collect();
        self.node_colour = keys
            .iter()
            .map(|key| match key {
                None => NAMED_COLOURS + 1,
                Some(key) => slot.get(key.as_str()).copied().unwrap_or(NAMED_COLOURS),
            })
            .collect();
        self.legend = named
            .iter()
            .enumerate()
            .map(|(colour, key)| LegendEntry {
                label: match by {
                    ColourBy::Component => {
                        let size = components.sizes[key.parse::<usize>().unwrap_or(0)];
                        format!("Group {} ({size} events)", colour + 1)
                    }
                    ColourBy::FirstTag => key.clone(),
                    ColourBy::FirstActor => dataset.actor_name(key).to_owned(),
                },
                colour,
            })
            .collect();
        if counted.len() > NAMED_COLOURS {
            self.legend.push(LegendEntry {
                label: "Other".into(),
                colour: NAMED_COLOURS,
            });
        }
        if keys.iter().any(Option::is_none) {
            self.legend.push(LegendEntry {
                label: by.none_label().into(),
                colour: NAMED_COLOURS + 1,
            });
        }
    }
}

/// Relation kinds of `edges` by frequency (ties by name), and each edge's place among them.
fn rank_kinds(dataset: &Dataset, edges: &[usize]) -> (Vec<String>, Vec<Option<usize>>) {
    let mut kind_count: HashMap<&str, usize> = HashMap::new();
    for &relation in edges {
        if let Some(kind) = &dataset.relations[relation].kind {
            *kind_count.entry(kind.as_str()).or_default() += 1;
        }
    }
    let counted: Vec<(&str, usize)> = kind_count.into_iter().collect();
    let kinds: Vec<String> = sorted_positions(counted.len(), &|a, b| {
        counted[b]
            .1
            .cmp(&counted[a].1)
            .then(counted[a].0.cmp(counted[b].0))
    })
    .into_iter()
    .map(|position| counted[position].0.to_owned())
    .collect();
    // A map, not a search of `kinds` per edge: with as many kinds as relations, that was
    // relations × kinds (26 s for 50,000 of each).
    let index: HashMap<&str, usize> = kinds
        .iter()
        .enumerate()
        .map(|(at, kind)| (kind.as_str(), at))
        .collect();
    let edge_kind = edges
        .iter()
        .map(|&relation| {
            let kind = dataset.relations[relation].kind.as_deref()?;
            index.get(kind).copied()
        })
        .collect();
    (kinds, edge_kind)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::EventGraph;
    use crate::model::DatasetIndex;

    /// A small export: a hub `a` with relations to `b`, `c`, `d` (two kinds), `b`–`c` twice,
    /// and `e` alone; tags split the events, components do not all.
    pub fn small_dataset() -> Dataset {
        let text = r#"{"schema":"event-graph/1",
          "actors":[{"id":"iran","name":"Iran"}],
          "events":[
            {"id":"a","title":"Hub event","date":"2026-11-10","tags":["maritime"],
             "actor_responses":[{"actor":"iran","response":"Denied it."}]},
            {"id":"b","title":"Second","date":"2026-11-09","tags":["maritime"]},
            {"id":"c","title":"Third","date":"2026-11-08","tags":["diplomacy"]},
            {"id":"d","title":"Fourth","date":"2026-11-07"},
            {"id":"e","title":"Alone","date":"2026-11-06","tags":["diplomacy"]}],
          "relations":[
            {"source":"a","target":"b","kind":"causal","rationale":"The new event follows Event 1 directly, as a reprisal."},
            {"source":"a","target":"c","kind":"causal","rationale":"Both concern the talks."},
            {"source":"a","target":"d","kind":"context","rationale":"Background to the new event."},
            {"source":"b","target":"c","kind":"context","rationale":"Same week."},
            {"source":"c","target":"b","rationale":"Mentioned together."}]}"#;
        crate::model::load(text.as_bytes(), Some("small.json"))
            .expect("the small dataset loads")
            .dataset
    }

    pub fn small_view() -> (Dataset, ViewGraph) {
        let dataset = small_dataset();
        let view = whole_view(&dataset);
        (dataset, view)
    }

    /// The view of every event and relation of `dataset`.
    pub fn whole_view(dataset: &Dataset) -> ViewGraph {
        let index = DatasetIndex::new(dataset);
        let graph = EventGraph::new(dataset, &index);
        ViewGraph::new(
            dataset,
            &graph.components(),
            |relation| graph.endpoints(relation),
            graph.everything(),
        )
    }

    #[test]
    fn each_node_lists_exactly_the_edges_that_touch_it() {
        let (_, view) = small_view();
        for node in 0..view.node_count() {
            let expected: Vec<usize> = (0..view.ends.len())
                .filter(|&edge| view.ends[edge].0 == node || view.ends[edge].1 == node)
                .collect();
            assert_eq!(view.edges_of(node), expected.as_slice(), "node {node}");
        }
        assert_eq!(view.neighbours(0), vec![1, 2, 3]);
        assert_eq!(view.neighbours(4), Vec::<usize>::new());
        assert_eq!(view.edge_of_relation(3), Some(3));
        assert_eq!(view.local_of(4), Some(4));
    }

    #[test]
    fn kinds_are_ranked_by_frequency_and_edges_know_theirs() {
        let (_, view) = small_view();
        assert_eq!(view.kinds, vec!["causal", "context"]);
        assert_eq!(
            view.edge_kind,
            vec![Some(0), Some(0), Some(1), Some(1), None]
        );
        assert!(view.radius[0] > view.radius[4], "the hub is bigger");
        assert_eq!(view.by_size[0], 0);
    }

    #[test]
    fn the_default_colouring_is_the_first_that_splits_the_events() {
        let (dataset, mut view) = small_view();
        let index = DatasetIndex::new(&dataset);
        let components = EventGraph::new(&dataset, &index).components();
        // One group of four and `e` alone: components split them.
        assert_eq!(view.colour_by, ColourBy::Component);
        assert_eq!(view.legend[0].label, "Group 1 (4 events)");
        assert_eq!(view.legend.last().unwrap().label, "Unconnected");
        view.set_colouring(&dataset, &components, ColourBy::FirstActor);
        assert_eq!(view.legend[0].label, "Iran", "actors are named");
        assert_eq!(view.node_colour, vec![0, 10, 10, 10, 10]);

        // Everything connected: the connected group says nothing, the tags do.
        let connected = Subgraph {
            nodes: vec![0, 1, 2, 3],
            edges: vec![0, 1, 2, 3, 4],
        };
        let graph = EventGraph::new(&dataset, &index);
        let view = ViewGraph::new(
            &dataset,
            &components,
            |relation| graph.endpoints(relation),
            connected,
        );
        assert_eq!(view.colour_by, ColourBy::FirstTag);
        assert_eq!(view.node_colour, vec![0, 0, 1, 10]);
        assert_eq!(
            view.legend
                .iter()
                .map(|entry| entry.label.as_str())
                .collect::<Vec<_>>(),
            vec!["maritime", "diplomacy", "No tag"]
        );
    }

    #[test]
    fn a_point_hits_the_nearest_node_then_the_nearest_edge() {
        let (_, view) = small_view();
        let x = [0.0, 100.0, 100.0, -100.0, 300.0];
        let y = [0.0, 0.0, 100.0, 0.0, 300.0];
        let mut shapes = Vec::new();
        super::super::shape::fill_edge_shapes(
            &mut shapes,
            &view.ends,
            &view.fans,
            &x,
            &y,
            &view.radius,
        );
        let camera = Camera::default();
        let hit = |sx, sy| view.hit_test((&x, &y), &shapes, camera, (sx, sy));
        assert_eq!(hit(2.0, 1.0), Some(Hit::Node(0)));
        assert_eq!(hit(-50.0, 3.0), Some(Hit::Edge(2)));
        assert_eq!(hit(200.0, -200.0), None);
        let zoomed = Camera {
            scale: 4.0,
            x: 0.0,
            y: 0.0,
        };
        assert!(
            view.drawn_radius(0, 4.0) < view.radius[0],
            "nodes stop growing when zoomed in"
        );
        assert_eq!(
            view.hit_test((&x, &y), &shapes, zoomed, (-200.0, 1.0)),
            Some(Hit::Edge(2))
        );
    }
}
