//! Collision force: nodes are discs that push apart where they overlap, judged at their next
//! positions (`x + vx`), as in d3's `forceCollide`. Overlaps are found with a uniform grid of
//! cells one largest-diameter wide, so only the 3×3 cells around a node are searched.

use super::{Bodies, Force, Lcg};

pub struct Collide {
    radii: Vec<f64>,
    max_radius: f64,
    pub strength: f64,
    pub iterations: usize,
    /// Grid buffers, reused every tick: nodes sorted by cell, and where each cell starts.
    cell_of: Vec<u32>,
    sorted: Vec<u32>,
    cell_start: Vec<u32>,
}

impl Collide {
    pub fn new(radii: Vec<f64>) -> Self {
        let max_radius = radii
            .iter()
            .copied()
            .filter(|r| r.is_finite())
            .fold(0.0, f64::max);
        Self {
            radii,
            max_radius,
            strength: 1.0,
            iterations: 1,
            cell_of: Vec::new(),
            sorted: Vec::new(),
            cell_start: Vec::new(),
        }
    }

    fn relax(&mut self, bodies: &mut Bodies, random: &mut Lcg) {
        let count = bodies.len();
        let cell_size = 2.0 * self.max_radius;
        let px = |i: usize, b: &Bodies| b.x[i] + b.vx[i];
        let py = |i: usize, b: &Bodies| b.y[i] + b.vy[i];
        let (mut min_x, mut min_y) = (f64::INFINITY, f64::INFINITY);
        let (mut max_x, mut max_y) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for i in 0..count {
            min_x = min_x.min(px(i, bodies));
            max_x = max_x.max(px(i, bodies));
            min_y = min_y.min(py(i, bodies));
            max_y = max_y.max(py(i, bodies));
        }
        // Keep the grid at most ~4 cells per node: very spread-out layouts get coarser cells.
        let mut size = cell_size;
        let span = (max_x - min_x).max(max_y - min_y);
        while (span / size).powi(2) > 4.0 * count as f64 + 16.0 {
            size *= 2.0;
        }
        let columns = ((max_x - min_x) / size) as usize + 1;
        let rows = ((max_y - min_y) / size) as usize + 1;
        let cell = |x: f64, y: f64| -> (usize, usize) {
            (
                (((x - min_x) / size) as usize).min(columns - 1),
                (((y - min_y) / size) as usize).min(rows - 1),
            )
        };
        // Counting sort of nodes by grid cell.
        self.cell_start.clear();
        self.cell_start.resize(columns * rows + 1, 0);
        self.cell_of.clear();
        for i in 0..count {
            let (column, row) = cell(px(i, bodies), py(i, bodies));
            let index = row * columns + column;
            self.cell_of.push(index as u32);
            self.cell_start[index + 1] += 1;
        }
        for index in 1..self.cell_start.len() {
            self.cell_start[index] += self.cell_start[index - 1];
        }
        self.sorted.clear();
        self.sorted.resize(count, 0);
        let mut fill = self.cell_start.clone();
        for i in 0..count {
            let index = self.cell_of[i] as usize;
            self.sorted[fill[index] as usize] = i as u32;
            fill[index] += 1;
        }

        for i in 0..count {
            let ri = self.radii[i];
            let ri2 = ri * ri;
            let (xi, yi) = (px(i, bodies), py(i, bodies));
            let (column, row) = cell(xi, yi);
            for neighbour_row in row.saturating_sub(1)..(row + 2).min(rows) {
                for neighbour_column in column.saturating_sub(1)..(column + 2).min(columns) {
                    let index = neighbour_row * columns + neighbour_column;
                    let run = self.cell_start[index] as usize..self.cell_start[index + 1] as usize;
                    for &j in &self.sorted[run] {
                        let j = j as usize;
                        // Each pair once, like d3 (which visits data.index > node.index).
                        if j <= i {
                            continue;
                        }
                        let rj = self.radii[j];
                        let r = ri + rj;
                        let mut x = xi - bodies.x[j] - bodies.vx[j];
                        let mut y = yi - bodies.y[j] - bodies.vy[j];
                        let mut l = x * x + y * y;
                        if l >= r * r {
                            continue;
                        }
                        if x == 0.0 {
                            x = random.jiggle();
                            l += x * x;
                        }
                        if y == 0.0 {
                            y = random.jiggle();
                            l += y * y;
                        }
                        let distance = l.sqrt();
                        let push = (r - distance) / distance * self.strength;
                        x *= push;
                        y *= push;
                        let share = rj * rj / (ri2 + rj * rj);
                        bodies.vx[i] += x * share;
                        bodies.vy[i] += y * share;
                        bodies.vx[j] -= x * (1.0 - share);
                        bodies.vy[j] -= y * (1.0 - share);
                    }
                }
            }
        }
    }
}

impl Force for Collide {
    fn apply(&mut self, bodies: &mut Bodies, _alpha: f64, random: &mut Lcg) {
        if bodies.is_empty() || self.max_radius <= 0.0 {
            return;
        }
        for _ in 0..self.iterations {
            self.relax(bodies, random);
        }
    }
}
