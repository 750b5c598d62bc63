//! Keyboard navigation over the view graph: arrow keys move to the neighbour that lies most in
//! the arrow's direction, `[` and `]` step through one event's relations.

use super::graph::ViewGraph;

/// A direction on screen (y grows downward).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    Up,
    Down,
    Left,
    Right,
}

impl Arrow {
    pub fn from_key(key: &str) -> Option<Arrow> {
        match key {
            "ArrowUp" => Some(Arrow::Up),
            "ArrowDown" => Some(Arrow::Down),
            "ArrowLeft" => Some(Arrow::Left),
            "ArrowRight" => Some(Arrow::Right),
            _ => None,
        }
    }

    fn vector(self) -> (f64, f64) {
        match self {
            Arrow::Up => (0.0, -1.0),
            Arrow::Down => (0.0, 1.0),
            Arrow::Left => (-1.0, 0.0),
            Arrow::Right => (1.0, 0.0),
        }
    }
}

/// Where an arrow key goes from `from`: the neighbour whose direction is closest to the
/// arrow's (within about 78°), else `from` itself; with nothing selected, the biggest node.
pub fn step_towards(
    view: &ViewGraph,
    (x, y): (&[f64], &[f64]),
    from: Option<usize>,
    arrow: Arrow,
) -> Option<usize> {
    let Some(node) = from else {
        return view.by_size.first().copied();
    };
    let (dx, dy) = arrow.vector();
    let score = |other: usize| {
        let (vx, vy) = (x[other] - x[node], y[other] - y[node]);
        (vx * dx + vy * dy) / vx.hypot(vy).max(1e-9)
    };
    view.neighbours(node)
        .into_iter()
        .filter(|&other| score(other) > 0.2)
        .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
        .or(Some(node))
}

/// The next (`forward`) or previous relation of a list after `current`, wrapping around; the
/// first or the last when `current` is not in it. `None` for an empty list.
pub fn step_relation(edges: &[usize], current: Option<usize>, forward: bool) -> Option<usize> {
    if edges.is_empty() {
        return None;
    }
    let at = current.and_then(|edge| edges.iter().position(|&e| e == edge));
    let next = match (at, forward) {
        (None, true) => 0,
        (None, false) => edges.len() - 1,
        (Some(at), true) => (at + 1) % edges.len(),
        (Some(at), false) => (at + edges.len() - 1) % edges.len(),
    };
    Some(edges[next])
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::small_view;
    use super::*;

    #[test]
    fn arrows_move_to_the_neighbour_in_their_direction_or_stay() {
        let (_, view) = small_view();
        // a at the centre, b right, c below, d left; e far away and unrelated.
        let x = [0.0, 100.0, 10.0, -100.0, 500.0];
        let y = [0.0, 5.0, 100.0, 0.0, 500.0];
        let at = |from, arrow| step_towards(&view, (&x, &y), Some(from), arrow);
        assert_eq!(at(0, Arrow::Right), Some(1));
        assert_eq!(at(0, Arrow::Down), Some(2));
        assert_eq!(at(0, Arrow::Left), Some(3));
        assert_eq!(at(0, Arrow::Up), Some(0), "no neighbour above: stay");
        assert_eq!(at(4, Arrow::Left), Some(4), "e has no neighbours");
        assert_eq!(
            step_towards(&view, (&x, &y), None, Arrow::Up),
            Some(0),
            "nothing selected: the biggest node"
        );
    }

    #[test]
    fn brackets_step_through_relations_and_wrap() {
        let edges = [2, 5, 9];
        assert_eq!(step_relation(&edges, None, true), Some(2));
        assert_eq!(step_relation(&edges, None, false), Some(9));
        assert_eq!(step_relation(&edges, Some(5), true), Some(9));
        assert_eq!(step_relation(&edges, Some(9), true), Some(2));
        assert_eq!(step_relation(&edges, Some(2), false), Some(9));
        assert_eq!(step_relation(&edges, Some(7), true), Some(2));
        assert_eq!(step_relation(&[], None, true), None);
    }
}
