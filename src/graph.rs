//! The relation graph over a loaded dataset, and the queries the graph view needs.
//!
//! Node `i` is event `i` of the dataset and edge `k` is relation `k`, so indices move freely
//! between the model, this graph, and the layout (which knows only indices). Edges point from
//! the event that was new when the relation was judged (`source`) to the older one (`target`);
//! every query here treats the graph as undirected, as relations are symmetric for navigation.

use crate::model::{Dataset, DatasetIndex};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::VecDeque;

/// Petgraph graph whose node weights are event indices and edge weights relation indices.
pub struct EventGraph {
    graph: DiGraph<usize, usize>,
}

impl EventGraph {
    /// Builds the graph of every event and relation. Relations whose endpoints are missing from
    /// the index cannot occur after loading (placeholders stand in), but are skipped defensively.
    pub fn new(dataset: &Dataset, index: &DatasetIndex) -> Self {
        let mut graph = DiGraph::with_capacity(dataset.events.len(), dataset.relations.len());
        for event_index in 0..dataset.events.len() {
            graph.add_node(event_index);
        }
        for relation_index in 0..dataset.relations.len() {
            if let Some((source, target)) = index.relation_ends(relation_index) {
                graph.add_edge(
                    NodeIndex::new(source),
                    NodeIndex::new(target),
                    relation_index,
                );
            }
        }
        Self { graph }
    }

    /// Builds a graph from plain edges, for tests and generated data.
    pub fn from_edges(node_count: usize, edges: &[(usize, usize)]) -> Self {
        let mut graph = DiGraph::with_capacity(node_count, edges.len());
        for node in 0..node_count {
            graph.add_node(node);
        }
        for (relation, &(source, target)) in edges.iter().enumerate() {
            graph.add_edge(NodeIndex::new(source), NodeIndex::new(target), relation);
        }
        Self { graph }
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Source and target event indices of relation `edge`.
    pub fn endpoints(&self, edge: usize) -> (usize, usize) {
        let (source, target) = self
            .graph
            .edge_endpoints(EdgeIndex::new(edge))
            .expect("edge index in range");
        (source.index(), target.index())
    }

    /// Relations touching `node`, each once (a self-loop included once), in relation order.
    pub fn incident_edges(&self, node: usize) -> Vec<usize> {
        let node = NodeIndex::new(node);
        let mut edges: Vec<usize> = self
            .graph
            .edges_directed(node, petgraph::Direction::Outgoing)
            .chain(
                self.graph
                    .edges_directed(node, petgraph::Direction::Incoming),
            )
            .map(|edge| edge.id().index())
            .collect();
        edges.sort_unstable();
        edges.dedup();
        edges
    }

    /// Number of relations touching `node`; a self-loop counts once.
    pub fn degree(&self, node: usize) -> usize {
        self.incident_edges(node).len()
    }

    /// Events sharing a relation with `node`, each once, without `node` itself, ascending.
    pub fn neighbours(&self, node: usize) -> Vec<usize> {
        let mut neighbours: Vec<usize> = self
            .graph
            .neighbors_undirected(NodeIndex::new(node))
            .map(NodeIndex::index)
            .filter(|&other| other != node)
            .collect();
        neighbours.sort_unstable();
        neighbours.dedup();
        neighbours
    }

    /// Breadth-first distances from `start`, ignoring direction; `None` where unreachable or
    /// farther than `max_depth`.
    fn distances_from(&self, start: usize, max_depth: usize) -> Vec<Option<usize>> {
        let mut distance = vec![None; self.node_count()];
        let mut queue = VecDeque::from([start]);
        distance[start] = Some(0);
        while let Some(node) = queue.pop_front() {
            let next = distance[node].unwrap_or(0) + 1;
            if next > max_depth {
                continue;
            }
            for neighbour in self.graph.neighbors_undirected(NodeIndex::new(node)) {
                let neighbour = neighbour.index();
                if distance[neighbour].is_none() {
                    distance[neighbour] = Some(next);
                    queue.push_back(neighbour);
                }
            }
        }
        distance
    }

    /// The ego network of `center` to `depth` steps: its events (ascending, `center` included)
    /// and every relation among them.
    pub fn ego(&self, center: usize, depth: usize) -> Subgraph {
        let distance = self.distances_from(center, depth);
        let nodes: Vec<usize> = (0..self.node_count())
            .filter(|&node| distance[node].is_some())
            .collect();
        let edges = self
            .graph
            .edge_references()
            .filter(|edge| {
                distance[edge.source().index()].is_some()
                    && distance[edge.target().index()].is_some()
            })
            .map(|edge| edge.id().index())
            .collect();
        Subgraph { nodes, edges }
    }

    /// The whole graph as a [`Subgraph`].
    pub fn everything(&self) -> Subgraph {
        Subgraph {
            nodes: (0..self.node_count()).collect(),
            edges: (0..self.edge_count()).collect(),
        }
    }

    /// A component number per event. Components are numbered by size, largest first (ties by
    /// smallest event index), so colours stay stable when the same data is loaded again.
    pub fn components(&self) -> Components {
        let mut sets = petgraph::unionfind::UnionFind::<usize>::new(self.node_count());
        for edge in self.graph.edge_references() {
            sets.union(edge.source().index(), edge.target().index());
        }
        let roots: Vec<usize> = (0..self.node_count()).map(|node| sets.find(node)).collect();
        let mut size = vec![0usize; self.node_count()];
        let mut first = vec![usize::MAX; self.node_count()];
        for (node, &root) in roots.iter().enumerate() {
            size[root] += 1;
            first[root] = first[root].min(node);
        }
        let mut order: Vec<usize> = (0..self.node_count()).filter(|&n| size[n] > 0).collect();
        // Each root's first node is its own, so no two compare equal.
        crate::order::sort_indices(&mut order, &|a, b| {
            size[b].cmp(&size[a]).then(first[a].cmp(&first[b]))
        });
        let mut number = vec![0; self.node_count()];
        for (component, &root) in order.iter().enumerate() {
            number[root] = component;
        }
        Components {
            of_node: roots.iter().map(|&root| number[root]).collect(),
            sizes: order.iter().map(|&root| size[root]).collect(),
        }
    }

    /// A shortest path from `from` to `to` ignoring direction, as event indices from `from` to
    /// `to` inclusive; `None` when they are not connected.
    pub fn shortest_path(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        let mut previous = vec![usize::MAX; self.node_count()];
        previous[from] = from;
        let mut queue = VecDeque::from([from]);
        while let Some(node) = queue.pop_front() {
            if node == to {
                let mut path = vec![to];
                while *path.last()? != from {
                    path.push(previous[*path.last()?]);
                }
                path.reverse();
                return Some(path);
            }
            let mut neighbours: Vec<usize> = self
                .graph
                .neighbors_undirected(NodeIndex::new(node))
                .map(NodeIndex::index)
                .collect();
            // Deterministic: among equally short paths, prefer lower event indices.
            neighbours.sort_unstable();
            for neighbour in neighbours {
                if previous[neighbour] == usize::MAX {
                    previous[neighbour] = node;
                    queue.push_back(neighbour);
                }
            }
        }
        None
    }

    /// Events with no relation at all (a self-loop counts as a relation).
    pub fn isolated(&self) -> Vec<usize> {
        (0..self.node_count())
            .filter(|&node| self.degree(node) == 0)
            .collect()
    }
}

/// A set of events and the relations among them, as indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subgraph {
    pub nodes: Vec<usize>,
    pub edges: Vec<usize>,
}

/// Connected components: `of_node[i]` is event `i`'s component, `sizes[c]` the size of `c`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Components {
    pub of_node: Vec<usize>,
    pub sizes: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0-1-2-3 path, 1-4 branch, 5-6 pair with two relations, 7 isolated, 8 with a self-loop.
    fn sample() -> EventGraph {
        EventGraph::from_edges(9, &[(1, 0), (2, 1), (3, 2), (4, 1), (5, 6), (6, 5), (8, 8)])
    }

    #[test]
    fn neighbours_ignore_direction_duplicates_and_self() {
        let graph = sample();
        assert_eq!(graph.neighbours(1), vec![0, 2, 4]);
        assert_eq!(graph.neighbours(5), vec![6]);
        assert_eq!(graph.neighbours(8), Vec::<usize>::new());
        assert_eq!(graph.neighbours(7), Vec::<usize>::new());
    }

    #[test]
    fn degree_counts_each_relation_once() {
        let graph = sample();
        assert_eq!(
            (0..9).map(|n| graph.degree(n)).collect::<Vec<_>>(),
            [1, 3, 2, 1, 1, 2, 2, 0, 1]
        );
        assert_eq!(graph.incident_edges(5), vec![4, 5]);
    }

    #[test]
    fn ego_networks_grow_with_depth() {
        let graph = sample();
        assert_eq!(
            graph.ego(0, 1),
            Subgraph {
                nodes: vec![0, 1],
                edges: vec![0]
            }
        );
        assert_eq!(
            graph.ego(0, 2),
            Subgraph {
                nodes: vec![0, 1, 2, 4],
                edges: vec![0, 1, 3]
            }
        );
        assert_eq!(graph.ego(0, 3).nodes, vec![0, 1, 2, 3, 4]);
        assert_eq!(
            graph.ego(5, 1),
            Subgraph {
                nodes: vec![5, 6],
                edges: vec![4, 5]
            }
        );
        assert_eq!(
            graph.ego(8, 2),
            Subgraph {
                nodes: vec![8],
                edges: vec![6]
            }
        );
    }

    #[test]
    fn components_are_numbered_largest_first() {
        let components = sample().components();
        assert_eq!(components.of_node, vec![0, 0, 0, 0, 0, 1, 1, 2, 3]);
        assert_eq!(components.sizes, vec![5, 2, 1, 1]);
    }

    #[test]
    fn shortest_paths_ignore_direction() {
        let graph = sample();
        assert_eq!(graph.shortest_path(0, 3), Some(vec![0, 1, 2, 3]));
        assert_eq!(graph.shortest_path(4, 3), Some(vec![4, 1, 2, 3]));
        assert_eq!(graph.shortest_path(3, 3), Some(vec![3]));
        assert_eq!(graph.shortest_path(0, 5), None);
        assert_eq!(graph.shortest_path(7, 0), None);
    }

    #[test]
    fn isolated_events_have_no_relation() {
        assert_eq!(sample().isolated(), vec![7]);
    }

    #[test]
    fn an_empty_graph_answers_every_query() {
        let graph = EventGraph::from_edges(0, &[]);
        assert_eq!(graph.components().sizes, Vec::<usize>::new());
        assert_eq!(graph.isolated(), Vec::<usize>::new());
        assert_eq!(
            graph.everything(),
            Subgraph {
                nodes: vec![],
                edges: vec![]
            }
        );
    }
}
