//! Many-body force: every node repels (or, with positive strength, attracts) every other,
//! approximated with Barnes–Hut: a far enough cell acts as one body at its centre of charge.

use super::quadtree::QuadTree;
use super::{Bodies, Force, Lcg};

pub struct ManyBody {
    /// Charge per node, d3's default −30 for all unless set per node.
    strength: f64,
    per_node: Option<Vec<f64>>,
    /// Accuracy: a cell of size `w` at distance `l` counts as one body when `w / l < theta`.
    /// 0 computes every pair exactly; d3's default is 0.9.
    pub theta: f64,
    pub distance_min: f64,
    pub distance_max: f64,
    tree: QuadTree,
}

impl Default for ManyBody {
    fn default() -> Self {
        Self::new()
    }
}

impl ManyBody {
    pub fn new() -> Self {
        Self {
            strength: -30.0,
            per_node: None,
            theta: 0.9,
            distance_min: 1.0,
            distance_max: f64::INFINITY,
            tree: QuadTree::default(),
        }
    }

    pub fn with_strength(mut self, strength: f64) -> Self {
        self.strength = strength;
        self
    }

    /// One charge per node (length must be the node count).
    pub fn with_strengths(mut self, strengths: Vec<f64>) -> Self {
        self.per_node = Some(strengths);
        self
    }

    pub fn with_theta(mut self, theta: f64) -> Self {
        self.theta = theta.max(0.0);
        self
    }

    fn charge(&self, index: usize) -> f64 {
        self.per_node
            .as_ref()
            .map_or(self.strength, |strengths| strengths[index])
    }
}

/// The offset `(dx, dy)` to another body with its squared length, as d3 uses them: coincident
/// bodies are nudged apart by a seeded jiggle, and closer than `distance_min` the force is
/// softened so it stays finite.
fn separation(mut dx: f64, mut dy: f64, distance_min2: f64, random: &mut Lcg) -> (f64, f64, f64) {
    let mut l = dx * dx + dy * dy;
    if dx == 0.0 {
        dx = random.jiggle();
        l += dx * dx;
    }
    if dy == 0.0 {
        dy = random.jiggle();
        l += dy * dy;
    }
    if l < distance_min2 {
        l = (distance_min2 * l).sqrt();
    }
    (dx, dy, l)
}

impl Force for ManyBody {
    fn apply(&mut self, bodies: &mut Bodies, alpha: f64, random: &mut Lcg) {
        let mut tree = std::mem::take(&mut self.tree);
        tree.build(&bodies.x, &bodies.y, |index| self.charge(index));
        let theta2 = self.theta * self.theta;
        let distance_min2 = self.distance_min * self.distance_min;
        let distance_max2 = self.distance_max * self.distance_max;
        // Nodes in the tree's Morton order: neighbours in space come one after another, so each
        // walk goes down nearly the same cells as the last (warm caches, predictable branches).
        for &node in &tree.order {
            let node = node as usize;
            let (node_x, node_y) = (bodies.x[node], bodies.y[node]);
            let (mut vx, mut vy) = (0.0, 0.0);
            // Cells in depth-first order: `index + 1` opens a cell, `cell.next` skips it.
            let mut index = 0;
            while index < tree.cells.len() {
                let cell = tree.cells[index];
                let first_child = index + 1;
                index = cell.next as usize;
                if cell.charge == 0.0 {
                    continue;
                }
                let (dx, dy) = (cell.x - node_x, cell.y - node_y);
                let l = dx * dx + dy * dy;
                // Far enough: the whole cell acts as one body (never when theta is 0).
                if cell.size * cell.size < theta2 * l {
                    if l < distance_max2 {
                        let (dx, dy, l) = separation(dx, dy, distance_min2, random);
                        vx += dx * cell.charge * alpha / l;
                        vy += dy * cell.charge * alpha / l;
                    }
                    continue;
                }
                if !cell.is_leaf() {
                    index = first_child;
                    continue;
                }
                if l >= distance_max2 {
                    continue;
                }
                // Most leaves hold one point, whose position and charge the cell already has.
                if cell.end - cell.start == 1 {
                    if tree.order[cell.start as usize] as usize != node {
                        let (dx, dy, l) = separation(dx, dy, distance_min2, random);
                        vx += dx * cell.charge * alpha / l;
                        vy += dy * cell.charge * alpha / l;
                    }
                    continue;
                }
                for &other in &tree.order[cell.start as usize..cell.end as usize] {
                    let other = other as usize;
                    if other == node {
                        continue;
                    }
                    let (dx, dy, l) = separation(
                        bodies.x[other] - node_x,
                        bodies.y[other] - node_y,
                        distance_min2,
                        random,
                    );
                    let weight = self.charge(other) * alpha / l;
                    vx += dx * weight;
                    vy += dy * weight;
                }
            }
            bodies.vx[node] += vx;
            bodies.vy[node] += vy;
        }
        self.tree = tree;
    }
}
