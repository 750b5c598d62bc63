//! Placing labels and cards so that none overlaps another, or a node's disc.

use std::ops::RangeInclusive;

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

    /// Half the width and height of the box's axis-aligned bounds.
    fn extents(&self) -> (f64, f64) {
        if self.angle == 0.0 {
            return (self.half_width, self.half_height);
        }
        let (sin, cos) = self.angle.sin_cos();
        (
            self.half_width * cos.abs() + self.half_height * sin.abs(),
            self.half_width * sin.abs() + self.half_height * cos.abs(),
        )
    }

    /// Whether the box lies wholly in a view of `width` × `height` (a cut-off label is worse
    /// than none).
    pub fn within(&self, width: f64, height: f64) -> bool {
        let (x, y) = self.extents();
        self.cx - x >= 0.0 && self.cx + x <= width && self.cy - y >= 0.0 && self.cy + y <= height
    }
}

/// Places labels greedily, in the order offered: a label is kept only when it overlaps no label
/// kept before. A grid of cells over the view keeps each test local; a box beyond the view is
/// filed in the border cells, which keeps the test exact. Boxes are filed and compared by
/// their axis-aligned bounds first: a long label along an edge is thin, and its bounding
/// circle would cover many times its area.
pub struct LabelPlacer {
    placed: Vec<(LabelBox, Bounds)>,
    cell: f64,
    columns: usize,
    rows: usize,
    /// Per cell, its latest entry in `entries`, or `NONE`.
    heads: Vec<u32>,
    /// (index in `placed`, next entry of the same cell).
    entries: Vec<(u32, u32)>,
}

const NONE: u32 = u32::MAX;

/// A box's axis-aligned bounds: left, top, right, bottom.
#[derive(Clone, Copy, Debug)]
struct Bounds([f64; 4]);

impl Bounds {
    fn of(label: &LabelBox) -> Self {
        let (x, y) = label.extents();
        Bounds([label.cx - x, label.cy - y, label.cx + x, label.cy + y])
    }

    fn meets(&self, other: &Bounds) -> bool {
        let ([l, t, r, b], [ol, ot, or, ob]) = (self.0, other.0);
        l < or && ol < r && t < ob && ot < b
    }
}

impl LabelPlacer {
    /// A placer for a view of `size` screen pixels, with square cells `cell` pixels wide.
    pub fn new(cell: f64, (width, height): (f64, f64)) -> Self {
        let cell = cell.max(1.0);
        let count = |extent: f64| ((extent.max(0.0) / cell).ceil() as usize).clamp(1, 4096);
        let (columns, rows) = (count(width), count(height));
        Self {
            placed: Vec::new(),
            cell,
            columns,
            rows,
            heads: vec![NONE; columns * rows],
            entries: Vec::new(),
        }
    }

    /// The cells that bounds touch: column and row ranges, clamped to the grid.
    fn cells(
        &self,
        Bounds([l, t, r, b]): Bounds,
    ) -> (RangeInclusive<usize>, RangeInclusive<usize>) {
        let index =
            |at: f64, count: usize| ((at / self.cell).floor().max(0.0) as usize).min(count - 1);
        (
            index(l, self.columns)..=index(r, self.columns),
            index(t, self.rows)..=index(b, self.rows),
        )
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
        let bounds = Bounds::of(label);
        let (columns, rows) = self.cells(bounds);
        rows.into_iter().any(|row| {
            columns.clone().any(|column| {
                let mut entry = self.heads[row * self.columns + column];
                while entry != NONE {
                    let (index, next) = self.entries[entry as usize];
                    let (other, other_bounds) = &self.placed[index as usize];
                    if bounds.meets(other_bounds) && other.overlaps(label) {
                        return true;
                    }
                    entry = next;
                }
                false
            })
        })
    }

    /// Marks an area no label may cover (a node's disc), without checking it.
    pub fn reserve(&mut self, label: LabelBox) {
        let index = self.placed.len() as u32;
        let bounds = Bounds::of(&label);
        let (columns, rows) = self.cells(bounds);
        self.placed.push((label, bounds));
        for row in rows {
            for column in columns.clone() {
                let head = &mut self.heads[row * self.columns + column];
                self.entries.push((index, *head));
                *head = (self.entries.len() - 1) as u32;
            }
        }
    }
}

/// Room for text in a view: the discs it must keep off, and the labels and cards placed so
/// far. Kept apart so that the text about emphasised events can be let over faded discs
/// (a crowded view has no other room) without being let over text or those events.
pub struct Room {
    /// Every disc big enough to hide text.
    pub discs: LabelPlacer,
    /// The emphasised events' discs among them.
    pub event_discs: LabelPlacer,
    pub text: LabelPlacer,
}

impl Room {
    pub fn new(cell: f64, size: (f64, f64)) -> Self {
        Self {
            discs: LabelPlacer::new(cell, size),
            event_discs: LabelPlacer::new(cell, size),
            text: LabelPlacer::new(cell, size),
        }
    }

    /// Whether `label` overlaps no text placed so far and no disc (`over_faded`: no
    /// emphasised event's disc).
    pub fn is_free(&self, label: &LabelBox, over_faded: bool) -> bool {
        let discs = if over_faded {
            &self.event_discs
        } else {
            &self.discs
        };
        !discs.overlaps_any(label) && !self.text.overlaps_any(label)
    }

    /// Places `label` and returns true when it is free (see [`Room::is_free`]).
    pub fn take(&mut self, label: LabelBox, over_faded: bool) -> bool {
        let free = self.is_free(&label, over_faded);
        if free {
            self.text.reserve(label);
        }
        free
    }
}

/// Which parts of a view boxes cover, in square cells of a few pixels, with a summed-area
/// table so that whether a box is clear costs four lookups however big it is (a card searching
/// a crowded view for room tries thousands of places). Coarse on purpose: a cell a box's
/// bounds touch counts as covered, so a box found clear overlaps none of them.
pub struct Coverage {
    cell: f64,
    columns: usize,
    rows: usize,
    /// `(columns + 1) × (rows + 1)`: covered cells above and left of each corner.
    sums: Vec<u32>,
}

impl Coverage {
    pub fn new(
        cell: f64,
        (width, height): (f64, f64),
        boxes: impl IntoIterator<Item = LabelBox>,
    ) -> Self {
        let cell = cell.max(1.0);
        let count = |extent: f64| ((extent.max(0.0) / cell).ceil() as usize).clamp(1, 8192);
        let (columns, rows) = (count(width), count(height));
        let mut coverage = Self {
            cell,
            columns,
            rows,
            sums: vec![0; (columns + 1) * (rows + 1)],
        };
        let mut covered = vec![false; columns * rows];
        for label in boxes {
            if let Some((xs, ys)) = coverage.cells(Bounds::of(&label)) {
                for row in ys {
                    covered[row * columns + xs.start()..=row * columns + xs.end()].fill(true);
                }
            }
        }
        let stride = columns + 1;
        for row in 0..rows {
            for column in 0..columns {
                coverage.sums[(row + 1) * stride + column + 1] =
                    u32::from(covered[row * columns + column])
                        + coverage.sums[row * stride + column + 1]
                        + coverage.sums[(row + 1) * stride + column]
                        - coverage.sums[row * stride + column];
            }
        }
        coverage
    }

    /// The cells bounds touch, clamped to the grid; `None` when they miss it.
    fn cells(
        &self,
        Bounds([l, t, r, b]): Bounds,
    ) -> Option<(RangeInclusive<usize>, RangeInclusive<usize>)> {
        let (width, height) = (
            self.columns as f64 * self.cell,
            self.rows as f64 * self.cell,
        );
        if r < 0.0 || b < 0.0 || l >= width || t >= height {
            return None;
        }
        let index =
            |at: f64, count: usize| ((at / self.cell).floor().max(0.0) as usize).min(count - 1);
        Some((
            index(l, self.columns)..=index(r, self.columns),
            index(t, self.rows)..=index(b, self.rows),
        ))
    }

    /// Whether `label` lies in the view and touches no covered cell (beyond the view nothing is
    /// known, so nothing there is clear).
    pub fn is_clear(&self, label: &LabelBox) -> bool {
        let bounds = Bounds::of(label);
        let [l, t, r, b] = bounds.0;
        let (width, height) = (
            self.columns as f64 * self.cell,
            self.rows as f64 * self.cell,
        );
        if l < 0.0 || t < 0.0 || r >= width || b >= height {
            return false;
        }
        let Some((xs, ys)) = self.cells(bounds) else {
            return false;
        };
        let stride = self.columns + 1;
        let (x0, x1, y0, y1) = (*xs.start(), *xs.end() + 1, *ys.start(), *ys.end() + 1);
        self.sums[y1 * stride + x1] + self.sums[y0 * stride + x0]
            == self.sums[y0 * stride + x1] + self.sums[y1 * stride + x0]
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
        let mut placer = LabelPlacer::new(40.0, (400.0, 300.0));
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

    #[test]
    fn the_grid_keeps_exactly_the_labels_that_overlap_nothing_kept_even_beyond_the_view() {
        // A seeded stream of boxes, some far outside the 300 × 200 view: the placer must keep
        // the same ones as a test of every pair.
        let mut seed = 7_u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut placer = LabelPlacer::new(48.0, (300.0, 200.0));
        let mut kept: Vec<LabelBox> = Vec::new();
        for _ in 0..600 {
            let label = LabelBox {
                cx: next() * 500.0 - 100.0,
                cy: next() * 400.0 - 100.0,
                half_width: 2.0 + next() * 60.0,
                half_height: 2.0 + next() * 8.0,
                angle: next() * 3.0 - 1.5,
            };
            let free = !kept.iter().any(|other| other.overlaps(&label));
            assert_eq!(placer.try_place(label), free, "{label:?}");
            if free {
                kept.push(label);
            }
        }
        assert!(kept.len() > 20 && kept.len() < 600, "{} kept", kept.len());
    }

    #[test]
    fn a_box_the_coverage_finds_clear_overlaps_no_covered_box() {
        let mut seed = 11_u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut random_box = |size: f64| LabelBox {
            cx: next() * 460.0 - 30.0,
            cy: next() * 340.0 - 30.0,
            half_width: 1.0 + next() * size,
            half_height: 1.0 + next() * size,
            angle: if next() < 0.5 { 0.0 } else { next() },
        };
        let discs: Vec<LabelBox> = (0..60).map(|_| random_box(8.0)).collect();
        let coverage = Coverage::new(8.0, (400.0, 280.0), discs.iter().copied());
        let (mut clear, mut blocked) = (0, 0);
        for _ in 0..3000 {
            let card = random_box(40.0);
            if coverage.is_clear(&card) {
                clear += 1;
                assert!(!discs.iter().any(|disc| disc.overlaps(&card)), "{card:?}");
            } else {
                blocked += 1;
            }
        }
        assert!(
            clear > 100 && blocked > 100,
            "{clear} clear, {blocked} blocked"
        );
        let empty = Coverage::new(8.0, (400.0, 280.0), []);
        let middle = LabelBox {
            cx: 200.0,
            cy: 140.0,
            half_width: 150.0,
            half_height: 100.0,
            angle: 0.0,
        };
        assert!(empty.is_clear(&middle));
        assert!(
            !empty.is_clear(&LabelBox {
                cx: 100.0,
                ..middle
            }),
            "beyond the view"
        );
    }
}
