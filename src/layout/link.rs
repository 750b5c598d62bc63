//! Link force: a spring on every link pulling its ends toward a rest distance. As in d3, the
//! spring's strength is `1 / min(degree(source), degree(target))` so hubs are not torn apart,
//! and the correction is shared by degree (`bias`) so the lighter end moves more.

use super::{Bodies, Force, Lcg};

pub struct Link {
    links: Vec<(u32, u32)>,
    distance: Vec<f64>,
    strength: Vec<f64>,
    bias: Vec<f64>,
    pub iterations: usize,
}

impl Link {
    /// Springs between node index pairs, rest length 30 (d3's default). Self-loops exert no
    /// force and are left out.
    pub fn new(node_count: usize, links: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let links: Vec<(u32, u32)> = links
            .into_iter()
            .filter(|&(source, target)| source != target && source.max(target) < node_count)
            .map(|(source, target)| (source as u32, target as u32))
            .collect();
        let mut degree = vec![0u32; node_count];
        for &(source, target) in &links {
            degree[source as usize] += 1;
            degree[target as usize] += 1;
        }
        let count = |node: u32| f64::from(degree[node as usize]);
        Self {
            distance: vec![30.0; links.len()],
            strength: links
                .iter()
                .map(|&(source, target)| 1.0 / count(source).min(count(target)))
                .collect(),
            bias: links
                .iter()
                .map(|&(source, target)| count(source) / (count(source) + count(target)))
                .collect(),
            links,
            iterations: 1,
        }
    }

    pub fn with_distance(mut self, distance: f64) -> Self {
        self.distance.fill(distance);
        self
    }

    pub fn link_count(&self) -> usize {
        self.links.len()
    }
}

impl Force for Link {
    fn apply(&mut self, bodies: &mut Bodies, alpha: f64, random: &mut Lcg) {
        for _ in 0..self.iterations {
            for (link, &(source, target)) in self.links.iter().enumerate() {
                let (source, target) = (source as usize, target as usize);
                let mut x =
                    bodies.x[target] + bodies.vx[target] - bodies.x[source] - bodies.vx[source];
                let mut y =
                    bodies.y[target] + bodies.vy[target] - bodies.y[source] - bodies.vy[source];
                if x == 0.0 {
                    x = random.jiggle();
                }
                if y == 0.0 {
                    y = random.jiggle();
                }
                let length = (x * x + y * y).sqrt();
                let pull = (length - self.distance[link]) / length * alpha * self.strength[link];
                x *= pull;
                y *= pull;
                let bias = self.bias[link];
                bodies.vx[target] -= x * bias;
                bodies.vy[target] -= y * bias;
                bodies.vx[source] += x * (1.0 - bias);
                bodies.vy[source] += y * (1.0 - bias);
            }
        }
    }
}
