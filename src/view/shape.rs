//! The drawn shape of every edge: straight, bent apart when a pair of events has several
//! relations, or a loop; points, tangents, lengths and hit distances along it.

/// How far apart, in world units, the relations of one pair of events are bent.
const BEND: f64 = 14.0;

/// The drawn shape of one edge, in world coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EdgeShape {
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
    },
    /// A quadratic Bézier from (x1, y1) to (x2, y2) bent toward (cx, cy).
    Curve {
        x1: f64,
        y1: f64,
        cx: f64,
        cy: f64,
        x2: f64,
        y2: f64,
    },
    /// A self-loop: a circle touching its node.
    Loop {
        cx: f64,
        cy: f64,
        r: f64,
    },
}

impl EdgeShape {
    /// The point at `t ∈ [0, 1]` along the edge.
    pub fn point_at(&self, t: f64) -> (f64, f64) {
        match *self {
            EdgeShape::Line { x1, y1, x2, y2 } => (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t),
            EdgeShape::Curve {
                x1,
                y1,
                cx,
                cy,
                x2,
                y2,
            } => {
                let u = 1.0 - t;
                (
                    u * u * x1 + 2.0 * u * t * cx + t * t * x2,
                    u * u * y1 + 2.0 * u * t * cy + t * t * y2,
                )
            }
            EdgeShape::Loop { cx, cy, r } => {
                // Starts and ends at the bottom of the circle, where it touches the node.
                let angle = std::f64::consts::FRAC_PI_2 + t * std::f64::consts::TAU;
                (cx + r * angle.cos(), cy + r * angle.sin())
            }
        }
    }

    /// The direction of travel at `t` (not normalised).
    pub fn tangent_at(&self, t: f64) -> (f64, f64) {
        match *self {
            EdgeShape::Line { x1, y1, x2, y2 } => (x2 - x1, y2 - y1),
            EdgeShape::Curve {
                x1,
                y1,
                cx,
                cy,
                x2,
                y2,
            } => {
                let u = 1.0 - t;
                (
                    2.0 * u * (cx - x1) + 2.0 * t * (x2 - cx),
                    2.0 * u * (cy - y1) + 2.0 * t * (y2 - cy),
                )
            }
            EdgeShape::Loop { .. } => {
                let (ax, ay) = self.point_at(t);
                let (bx, by) = self.point_at((t + 0.01).min(1.0));
                (bx - ax, by - ay)
            }
        }
    }

    /// Distance from `(px, py)` to the drawn edge (curves measured along 16 chords).
    pub fn distance_to(&self, px: f64, py: f64) -> f64 {
        match *self {
            EdgeShape::Line { x1, y1, x2, y2 } => segment_distance(px, py, x1, y1, x2, y2),
            EdgeShape::Loop { cx, cy, r } => {
                (((px - cx).powi(2) + (py - cy).powi(2)).sqrt() - r).abs()
            }
            EdgeShape::Curve { .. } => {
                let mut best = f64::INFINITY;
                let mut previous = self.point_at(0.0);
                for step in 1..=16 {
                    let next = self.point_at(f64::from(step) / 16.0);
                    best = best.min(segment_distance(
                        px, py, previous.0, previous.1, next.0, next.1,
                    ));
                    previous = next;
                }
                best
            }
        }
    }

    /// Approximate length of the edge.
    pub fn length(&self) -> f64 {
        match *self {
            EdgeShape::Line { x1, y1, x2, y2 } => ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt(),
            EdgeShape::Loop { r, .. } => std::f64::consts::TAU * r,
            EdgeShape::Curve { .. } => {
                let mut total = 0.0;
                let mut previous = self.point_at(0.0);
                for step in 1..=8 {
                    let next = self.point_at(f64::from(step) / 8.0);
                    total += ((next.0 - previous.0).powi(2) + (next.1 - previous.1).powi(2)).sqrt();
                    previous = next;
                }
                total
            }
        }
    }
}

fn segment_distance(px: f64, py: f64, x1: f64, y1: f64, x2: f64, y2: f64) -> f64 {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        (((px - x1) * dx + (py - y1) * dy) / length2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (x1 + t * dx, y1 + t * dy);
    ((px - cx).powi(2) + (py - cy).powi(2)).sqrt()
}

/// Where each edge sits in the fan of its pair of nodes: `(rank, count)`, counting both
/// directions. It depends on the edges alone, so a view computes it once, not every frame.
pub fn edge_fans(edges: &[(usize, usize)]) -> Vec<(u32, u32)> {
    use std::collections::HashMap;
    let mut pair_count: HashMap<(usize, usize), u32> = HashMap::new();
    for &(s, t) in edges {
        *pair_count.entry((s.min(t), s.max(t))).or_default() += 1;
    }
    let mut seen: HashMap<(usize, usize), u32> = HashMap::new();
    edges
        .iter()
        .map(|&(s, t)| {
            let key = (s.min(t), s.max(t));
            let rank = seen.entry(key).or_default();
            *rank += 1;
            (*rank - 1, pair_count[&key])
        })
        .collect()
}

/// Shapes for edges given as `(source, target)` node indices, into a reused buffer: a pair's
/// single relation is a straight line; several relations between the same two events (either
/// direction) fan out as curves so each stays visible and clickable; self-loops become loops of
/// growing size. `fans` comes from [`edge_fans`], computed once for the edges.
pub fn fill_edge_shapes(
    shapes: &mut Vec<EdgeShape>,
    edges: &[(usize, usize)],
    fans: &[(u32, u32)],
    x: &[f64],
    y: &[f64],
    radius: &[f64],
) {
    shapes.clear();
    shapes.extend(edges.iter().zip(fans).map(|(&(s, t), &(rank, count))| {
        if s == t {
            let r = radius[s] * 0.8 + 6.0 + 5.0 * f64::from(rank);
            return EdgeShape::Loop {
                cx: x[s],
                cy: y[s] - radius[s] - r + 1.0,
                r,
            };
        }
        let (x1, y1, x2, y2) = (x[s], y[s], x[t], y[t]);
        if count == 1 {
            return EdgeShape::Line { x1, y1, x2, y2 };
        }
        // Offsets symmetric around the straight line, measured on the pair's canonical
        // orientation (low index to high) so both directions share one fan.
        let offset = (f64::from(rank) - f64::from(count - 1) / 2.0) * BEND;
        let (low, high) = (s.min(t), s.max(t));
        let (ax, ay, bx, by) = (x[low], y[low], x[high], y[high]);
        let length = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt().max(1e-9);
        let (nx, ny) = (-(by - ay) / length, (bx - ax) / length);
        // The control point sits twice as far out as the curve's middle.
        let (cx, cy) = (
            (x1 + x2) / 2.0 + 2.0 * offset * nx,
            (y1 + y2) / 2.0 + 2.0 * offset * ny,
        );
        EdgeShape::Curve {
            x1,
            y1,
            cx,
            cy,
            x2,
            y2,
        }
    }));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_between_the_same_pair_fan_out_and_stay_apart() {
        let (x, y, r) = (vec![0.0, 100.0, 50.0], vec![0.0, 0.0, 80.0], vec![5.0; 3]);
        let shapes = edge_shapes(&[(0, 1), (1, 0), (0, 2), (2, 2)], &x, &y, &r);
        assert!(
            matches!(shapes[2], EdgeShape::Line { .. }),
            "a single relation is straight"
        );
        assert!(matches!(shapes[3], EdgeShape::Loop { .. }));
        let (a, b) = (shapes[0].point_at(0.5), shapes[1].point_at(0.5));
        assert!((a.0 - 50.0).abs() < 1e-9 && (b.0 - 50.0).abs() < 1e-9);
        assert!(
            (a.1 - b.1).abs() > 10.0,
            "the two curves' middles are apart: {a:?} {b:?}"
        );
        assert!(shapes[0].distance_to(a.0, a.1) < 1e-6);
        assert!(
            shapes[1].distance_to(a.0, a.1) > 10.0,
            "a click on one curve misses the other"
        );
    }

    #[test]
    fn a_loop_touches_its_node_and_is_hit_on_its_ring() {
        let shapes = edge_shapes(&[(0, 0)], &[10.0], &[10.0], &[5.0]);
        let EdgeShape::Loop { cx, cy, r } = shapes[0] else {
            panic!()
        };
        let (bx, by) = shapes[0].point_at(0.0);
        assert!((bx - 10.0).abs() < 1e-9 && (by - (10.0 - 5.0 + 1.0)).abs() < 1e-9);
        assert!(shapes[0].distance_to(cx + r, cy) < 1e-9);
        assert!(shapes[0].distance_to(cx, cy) > 5.0);
    }

    fn edge_shapes(
        edges: &[(usize, usize)],
        x: &[f64],
        y: &[f64],
        radius: &[f64],
    ) -> Vec<EdgeShape> {
        let mut shapes = Vec::new();
        fill_edge_shapes(&mut shapes, edges, &edge_fans(edges), x, y, radius);
        shapes
    }

    #[test]
    fn an_arrowhead_points_at_the_target_and_stops_at_its_disc() {
        let shape = EdgeShape::Line {
            x1: 0.0,
            y1: 0.0,
            x2: 100.0,
            y2: 0.0,
        };
        let [tip, left, right] = arrowhead(&shape, 10.0, 2.0);
        assert!((tip.0 - (100.0 - 10.0 - 0.75)).abs() < 1e-9 && tip.1 == 0.0);
        assert!((left.0 - (tip.0 - 3.5)).abs() < 1e-9 && (right.0 - left.0).abs() < 1e-9);
        assert!(
            (left.1 + right.1).abs() < 1e-9 && left.1 != 0.0,
            "symmetric about the edge"
        );
    }
}
