//! Placing labels and cards so that none overlaps another, or a node's disc.

/// A label's box: centre, half extents, and rotation in radians.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    pub cx: f64,
    pub cy: f64,
    pub half_width: f64,
    pub half_height: f64,
    pub angle: f64,
}

impl LabelBox {
    fn axes(&self) -> [(f64, f64); 2] {
        let (sin, cos) = self.angle.sin_cos();
        [(cos, sin), (-sin, cos)]
    }

    /// Half the box's extent when projected on unit axis `(ax, ay)`, given its own `axes`.
    fn radius_on(&self, [(ux, uy), (vx, vy)]: [(f64, f64); 2], (ax, ay): (f64, f64)) -> f64 {
        self.half_width * (ux * ax + uy * ay).abs() + self.half_height * (vx * ax + vy * ay).abs()
    }

    /// Separating-axis test between two rotated rectangles (after a cheap test of their
    /// bounding circles, which settles most pairs without any trigonometry).
    pub fn overlaps(&self, other: &LabelBox) -> bool {
        let (dx, dy) = (other.cx - self.cx, other.cy - self.cy);
        let reach = self.bounding_radius() + other.bounding_radius();
        if dx * dx + dy * dy >= reach * reach {
            return false;
        }
        let (mine, theirs) = (self.axes(), other.axes());
        mine.into_iter().chain(theirs).all(|axis| {
            let distance = (dx * axis.0 + dy * axis.1).abs();
            distance < self.radius_on(mine, axis) + other.radius_on(theirs, axis)
        })
    }

    fn bounding_radius(&self) -> f64 {
        (self.half_width * self.half_width + self.half_height * self.half_height).sqrt()
    }
}

/// Places labels greedily, in the order offered: a label is kept only when it overlaps no label
/// kept before. A grid of buckets keeps each test local.
pub struct LabelPlacer {
    placed: Vec<LabelBox>,
    buckets: std::collections::HashMap<(i64, i64), Vec<usize>>,
    cell: f64,
}

impl LabelPlacer {
    pub fn new(cell: f64) -> Self {
        Self {
            placed: Vec::new(),
            buckets: Default::default(),
            cell: cell.max(1.0),
        }
    }

    fn cells(&self, label: &LabelBox) -> impl Iterator<Item = (i64, i64)> {
        let r = label.bounding_radius();
        let (x0, x1) = (
            ((label.cx - r) / self.cell).floor() as i64,
            ((label.cx + r) / self.cell).floor() as i64,
        );
        let (y0, y1) = (
            ((label.cy - r) / self.cell).floor() as i64,
            ((label.cy + r) / self.cell).floor() as i64,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// Keeps `label` and returns true when it overlaps nothing kept so far.
    pub fn try_place(&mut self, label: LabelBox) -> bool {
        if self.overlaps_any(&label) {
            return false;
        }
        self.reserve(label);
        true
    }

    /// Whether `label` overlaps anything kept so far.
    pub fn overlaps_any(&self, label: &LabelBox) -> bool {
        self.cells(label).any(|cell| {
            self.buckets
                .get(&cell)
                .is_some_and(|indices| indices.iter().any(|&i| self.placed[i].overlaps(label)))
        })
    }

    /// Marks an area no label may cover (a node's disc), without checking it.
    pub fn reserve(&mut self, label: LabelBox) {
        let index = self.placed.len();
        self.placed.push(label);
        let cells: Vec<_> = self.cells(&label).collect();
        for cell in cells {
            self.buckets.entry(cell).or_default().push(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotated_labels_overlap_only_when_they_really_do() {
        let a = LabelBox {
            cx: 0.0,
            cy: 0.0,
            half_width: 50.0,
            half_height: 5.0,
            angle: 0.0,
        };
        let crossing = LabelBox {
            angle: std::f64::consts::FRAC_PI_2,
            ..a
        };
        let beside = LabelBox { cy: 11.0, ..a };
        let diagonal_clear = LabelBox {
            cx: 60.0,
            cy: 40.0,
            angle: 0.6,
            ..a
        };
        assert!(a.overlaps(&crossing));
        assert!(!a.overlaps(&beside));
        assert!(!a.overlaps(&diagonal_clear) || diagonal_clear.overlaps(&a));
        let mut placer = LabelPlacer::new(40.0);
        assert!(placer.try_place(a));
        assert!(!placer.try_place(crossing));
        assert!(placer.try_place(beside));
        placer.reserve(LabelBox {
            cx: 200.0,
            cy: 0.0,
            half_width: 10.0,
            half_height: 10.0,
            angle: 0.0,
        });
        assert!(
            !placer.try_place(LabelBox { cx: 215.0, ..a }),
            "a reserved disc keeps labels off"
        );
    }
}
