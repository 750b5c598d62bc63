//! A Barnes–Hut quadtree built in flat arrays, rebuilt every tick without allocating: points are
//! sorted along a Morton (Z-order) curve, so every cell is a contiguous run of the sorted order
//! and its children are found by binary search on the codes.
//!
//! Cells are stored in depth-first order, each followed by its subtree, and each knows where its
//! subtree ends ([`Cell::next`]). A traversal is then a scan without a stack: go to `index + 1`
//! to open a cell, to `next` to skip it. Children come in reverse quadrant order, so the scan
//! visits cells in the order a stack-based walk did (which pushed them in quadrant order).

/// Levels below the root; 16 levels of 2 bits each fill a 32-bit Morton code.
const MAX_DEPTH: u32 = 16;

/// One square cell. Its first child, if any, is the next cell; its subtree ends at `next`.
#[derive(Clone, Copy, Debug)]
pub struct Cell {
    /// Side length of the square.
    pub size: f64,
    /// The index just past this cell's subtree: where a traversal goes to skip it.
    pub next: u32,
    pub children: u8,
    /// The run of [`QuadTree::order`] inside this cell.
    pub start: u32,
    pub end: u32,
    /// Sum of the points' charges (negative for repulsion, as in d3).
    pub charge: f64,
    /// Centre of charge: the points' mean position weighted by the absolute charge.
    pub x: f64,
    pub y: f64,
}

impl Cell {
    pub fn is_leaf(&self) -> bool {
        self.children == 0
    }
}

/// The tree; its buffers are reused from tick to tick.
#[derive(Default)]
pub struct QuadTree {
    pub cells: Vec<Cell>,
    /// Point indices in Morton order.
    pub order: Vec<u32>,
    keyed: Vec<(u32, u32)>,
    codes: Vec<u32>,
}

impl QuadTree {
    /// Rebuilds the tree over the points `(x[i], y[i])` with charges `charge(i)`.
    pub fn build(&mut self, x: &[f64], y: &[f64], charge: impl Fn(usize) -> f64) {
        self.cells.clear();
        self.order.clear();
        self.keyed.clear();
        self.codes.clear();
        if x.is_empty() {
            return;
        }
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (x[0], y[0], x[0], y[0]);
        for index in 1..x.len() {
            min_x = min_x.min(x[index]);
            max_x = max_x.max(x[index]);
            min_y = min_y.min(y[index]);
            max_y = max_y.max(y[index]);
        }
        let size = (max_x - min_x).max(max_y - min_y).max(1e-9);
        let scale = 65_535.0 / size;
        self.keyed.extend((0..x.len()).map(|index| {
            let qx = ((x[index] - min_x) * scale) as u32;
            let qy = ((y[index] - min_y) * scale) as u32;
            (
                interleave(qx.min(65_535)) | (interleave(qy.min(65_535)) << 1),
                index as u32,
            )
        }));
        // Unique keys (code, index), so the unstable sort is still deterministic.
        self.keyed.sort_unstable();
        self.order
            .extend(self.keyed.iter().map(|&(_, index)| index));
        self.codes.extend(self.keyed.iter().map(|&(code, _)| code));
        self.cells.push(Cell {
            size,
            next: 1,
            children: 0,
            start: 0,
            end: x.len() as u32,
            charge: 0.0,
            x: 0.0,
            y: 0.0,
        });
        self.subdivide(0, 0);
        self.accumulate(0, x, y, &charge);
    }

    /// Splits cell `cell` (the last cell so far) at `depth` into its non-empty quadrants, each
    /// followed by its own subtree, and sets where the cell's subtree ends.
    fn subdivide(&mut self, cell: usize, depth: u32) {
        self.split(cell, depth);
        self.cells[cell].next = self.cells.len() as u32;
    }

    fn split(&mut self, cell: usize, depth: u32) {
        let Cell {
            start, end, size, ..
        } = self.cells[cell];
        if end - start <= 1 || depth >= MAX_DEPTH {
            return;
        }
        let codes = &self.codes[start as usize..end as usize];
        // Points on the same grid spot cannot be separated by subdividing: keep them in one leaf.
        if codes.first() == codes.last() {
            return;
        }
        let shift = 2 * (MAX_DEPTH - 1 - depth);
        let mut bounds = [start; 5];
        for quadrant in 1..4u32 {
            let split = codes.partition_point(|&code| (code >> shift) & 3 < quadrant);
            bounds[quadrant as usize] = start + split as u32;
        }
        bounds[4] = end;
        for quadrant in (0..4).rev() {
            if bounds[quadrant] < bounds[quadrant + 1] {
                self.cells[cell].children += 1;
                let child = self.cells.len();
                self.cells.push(Cell {
                    size: size / 2.0,
                    next: 0,
                    children: 0,
                    start: bounds[quadrant],
                    end: bounds[quadrant + 1],
                    charge: 0.0,
                    x: 0.0,
                    y: 0.0,
                });
                self.subdivide(child, depth + 1);
            }
        }
    }

    /// Computes charges and centres of charge bottom-up.
    fn accumulate(&mut self, cell: usize, x: &[f64], y: &[f64], charge: &impl Fn(usize) -> f64) {
        let Cell {
            next,
            children,
            start,
            end,
            ..
        } = self.cells[cell];
        let (mut total, mut weight, mut sum_x, mut sum_y) = (0.0, 0.0, 0.0, 0.0);
        if children == 0 {
            for &point in &self.order[start as usize..end as usize] {
                let point = point as usize;
                let q = charge(point);
                total += q;
                weight += q.abs();
                sum_x += q.abs() * x[point];
                sum_y += q.abs() * y[point];
            }
        } else {
            // The children, found by skipping from one to the next; summed in quadrant order
            // (the reverse of how they are stored).
            let mut found = [0usize; 4];
            let mut child = cell + 1;
            for slot in &mut found[..usize::from(children)] {
                self.accumulate(child, x, y, charge);
                *slot = child;
                child = self.cells[child].next as usize;
            }
            debug_assert_eq!(child, next as usize);
            for &child in found[..usize::from(children)].iter().rev() {
                let child = self.cells[child];
                total += child.charge;
                weight += child.charge.abs();
                sum_x += child.charge.abs() * child.x;
                sum_y += child.charge.abs() * child.y;
            }
        }
        let cell = &mut self.cells[cell];
        cell.charge = total;
        if end - start == 1 {
            // Exactly the point (a weighted mean of one may differ in the last bit), so the
            // many-body force can use a one-point leaf as the point itself.
            let point = self.order[start as usize] as usize;
            cell.x = x[point];
            cell.y = y[point];
        } else if weight > 0.0 {
            cell.x = sum_x / weight;
            cell.y = sum_y / weight;
        } else {
            // No charge: any point inside will do, so traversal distances stay finite.
            let point = self.order[start as usize] as usize;
            cell.x = x[point];
            cell.y = y[point];
        }
    }
}

/// Spreads the 16 low bits of `v` to the even bit positions of a 32-bit word.
fn interleave(v: u32) -> u32 {
    let mut v = v & 0xFFFF;
    v = (v | (v << 8)) & 0x00FF_00FF;
    v = (v | (v << 4)) & 0x0F0F_0F0F;
    v = (v | (v << 2)) & 0x3333_3333;
    (v | (v << 1)) & 0x5555_5555
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_point_is_in_exactly_one_leaf_and_charges_add_up() {
        let x: Vec<f64> = (0..500).map(|i| ((i * 7919) % 1000) as f64).collect();
        let y: Vec<f64> = (0..500).map(|i| ((i * 104_729) % 997) as f64).collect();
        let mut tree = QuadTree::default();
        tree.build(&x, &y, |_| -2.0);
        let mut seen = vec![0; 500];
        for cell in tree.cells.iter().filter(|cell| cell.is_leaf()) {
            for &point in &tree.order[cell.start as usize..cell.end as usize] {
                seen[point as usize] += 1;
            }
        }
        assert!(seen.iter().all(|&count| count == 1));
        assert_eq!(tree.cells[0].charge, -1000.0);
        let mean_x = x.iter().sum::<f64>() / 500.0;
        assert!((tree.cells[0].x - mean_x).abs() < 1e-9);
    }

    #[test]
    fn coincident_points_share_one_leaf_at_the_depth_limit() {
        let mut tree = QuadTree::default();
        tree.build(&[3.0; 10], &[4.0; 10], |_| -1.0);
        assert_eq!(tree.cells.len(), 1, "no subdivision is possible");
        assert_eq!((tree.cells[0].x, tree.cells[0].y), (3.0, 4.0));
    }

    #[test]
    fn interleaving_puts_x_on_even_bits() {
        assert_eq!(interleave(0b11), 0b101);
        assert_eq!(interleave(0xFFFF), 0x5555_5555);
    }
}
