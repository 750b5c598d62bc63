//! A force-directed layout engine in the spirit of d3-force, over plain indices and positions.
//!
//! It knows neither the model nor the graph: nodes are `0..n`, links are index pairs. A
//! [`Simulation`] owns the bodies (positions and velocities as flat arrays), the cooling schedule
//! (`alpha`) and a list of [`Force`]s, each in its own module. There is no timer: the caller calls
//! [`Simulation::tick`] (from requestAnimationFrame, a worker, or a loop in a test).
//!
//! Determinism: the initial placement and every random nudge come from a seeded generator, and
//! the arithmetic uses only `+ - * / sqrt`, which IEEE 754 rounds identically everywhere, so the
//! same input gives the same positions natively and in wasm, on every machine.

mod center;
mod collide;
mod link;
mod many_body;
mod position;
mod quadtree;
mod spec;

pub use center::Center;
pub use collide::Collide;
pub use link::Link;
pub use many_body::ManyBody;
pub use position::Position;
pub use spec::{ForceSpec, LayoutSpec};

/// Positions and velocities of every node, as flat arrays (no per-node allocation).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bodies {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub vx: Vec<f64>,
    pub vy: Vec<f64>,
}

impl Bodies {
    pub fn len(&self) -> usize {
        self.x.len()
    }

    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }
}

/// One force of the simulation. `apply` adds to velocities (or, like centring, moves positions)
/// for the current `alpha`; it must never produce NaN or infinity.
pub trait Force {
    fn apply(&mut self, bodies: &mut Bodies, alpha: f64, random: &mut Lcg);
}

/// The linear congruential generator d3-force uses (same constants), seeded.
#[derive(Clone, Debug)]
pub struct Lcg {
    state: u32,
}

impl Lcg {
    pub fn new(seed: u32) -> Self {
        Self { state: seed }
    }

    /// The next number in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        self.state = self
            .state
            .wrapping_mul(1_664_525)
            .wrapping_add(1_013_904_223);
        f64::from(self.state) / 4_294_967_296.0
    }

    /// A tiny non-zero nudge that separates coincident points without visibly moving them.
    pub fn jiggle(&mut self) -> f64 {
        let nudge = (self.next_f64() - 0.5) * 1e-6;
        if nudge == 0.0 {
            1e-7
        } else {
            nudge
        }
    }
}

/// d3's default: `1 - 0.001^(1/300)`, written out so no platform `pow` is involved.
pub const DEFAULT_ALPHA_DECAY: f64 = 0.022_762_779_044_189_33;

/// cos and sin of the golden angle π(3 − √5), for the phyllotaxis placement d3 uses; written out
/// so no platform `sin`/`cos` (which may differ in the last bit) is involved.
const GOLDEN_COS: f64 = -0.737_368_878_078_319_7;
const GOLDEN_SIN: f64 = 0.675_490_294_261_523_8;
const INITIAL_RADIUS: f64 = 10.0;

/// A force simulation: bodies, forces, and the cooling schedule.
pub struct Simulation {
    bodies: Bodies,
    /// A pinned node stays at its fixed position with zero velocity.
    pinned: Vec<Option<(f64, f64)>>,
    forces: Vec<Box<dyn Force>>,
    random: Lcg,
    pub alpha: f64,
    pub alpha_min: f64,
    pub alpha_decay: f64,
    pub alpha_target: f64,
    /// Fraction of velocity lost per tick (d3's `velocityDecay`, default 0.4).
    pub velocity_decay: f64,
}

impl Simulation {
    /// `node_count` nodes on a seeded phyllotaxis spiral around the origin, no forces yet.
    pub fn new(node_count: usize, seed: u32) -> Self {
        let mut random = Lcg::new(seed);
        let mut bodies = Bodies {
            x: Vec::with_capacity(node_count),
            y: Vec::with_capacity(node_count),
            vx: vec![0.0; node_count],
            vy: vec![0.0; node_count],
        };
        // Start the spiral at a seeded angle: a random unit vector, normalised by sqrt only.
        let (mut cos, mut sin) = loop {
            let (u, v) = (random.next_f64() - 0.5, random.next_f64() - 0.5);
            let length = (u * u + v * v).sqrt();
            if length > 1e-3 {
                break (u / length, v / length);
            }
        };
        for index in 0..node_count {
            let radius = INITIAL_RADIUS * (0.5 + index as f64).sqrt();
            bodies.x.push(radius * cos);
            bodies.y.push(radius * sin);
            (cos, sin) = (
                cos * GOLDEN_COS - sin * GOLDEN_SIN,
                sin * GOLDEN_COS + cos * GOLDEN_SIN,
            );
        }
        Self {
            bodies,
            pinned: vec![None; node_count],
            forces: Vec::new(),
            random,
            alpha: 1.0,
            alpha_min: 0.001,
            alpha_decay: DEFAULT_ALPHA_DECAY,
            alpha_target: 0.0,
            velocity_decay: 0.4,
        }
    }

    pub fn add_force(&mut self, force: impl Force + 'static) -> &mut Self {
        self.forces.push(Box::new(force));
        self
    }

    pub fn bodies(&self) -> &Bodies {
        &self.bodies
    }

    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// Moves node `index` (keeping it unpinned), e.g. to carry positions over from another view.
    pub fn set_position(&mut self, index: usize, x: f64, y: f64) {
        if x.is_finite() && y.is_finite() {
            self.bodies.x[index] = x;
            self.bodies.y[index] = y;
        }
    }

    /// Fixes node `index` at `(x, y)` until [`Simulation::unpin`].
    pub fn pin(&mut self, index: usize, x: f64, y: f64) {
        if x.is_finite() && y.is_finite() {
            self.pinned[index] = Some((x, y));
            self.bodies.x[index] = x;
            self.bodies.y[index] = y;
            self.bodies.vx[index] = 0.0;
            self.bodies.vy[index] = 0.0;
        }
    }

    pub fn unpin(&mut self, index: usize) {
        self.pinned[index] = None;
    }

    pub fn is_pinned(&self, index: usize) -> bool {
        self.pinned[index].is_some()
    }

    /// Takes over positions computed elsewhere (the layout worker runs a copy of this
    /// simulation), given as x, y pairs, and that copy's `alpha`. Pinned nodes keep their pin:
    /// a node dragged here may be ahead of the copy, which learns of the pin a message later.
    /// Non-finite or missing values leave a node where it is.
    pub fn adopt_positions(&mut self, positions: &[f64], alpha: f64) {
        for (index, pair) in positions.chunks_exact(2).take(self.len()).enumerate() {
            if self.pinned[index].is_none() {
                self.set_position(index, pair[0], pair[1]);
            }
        }
        if alpha.is_finite() {
            self.alpha = alpha.clamp(0.0, 1.0);
        }
    }

    /// Restarts cooling from `alpha` (d3's `simulation.alpha(a).restart()`).
    pub fn reheat(&mut self, alpha: f64) {
        self.alpha = alpha.clamp(0.0, 1.0);
    }

    /// True once cooled below `alpha_min` with no target holding it warm.
    pub fn is_finished(&self) -> bool {
        self.alpha < self.alpha_min && self.alpha_target < self.alpha_min
    }

    /// One step: cool, apply every force, then move each free node by its decayed velocity.
    pub fn tick(&mut self) {
        self.alpha += (self.alpha_target - self.alpha) * self.alpha_decay;
        for force in &mut self.forces {
            force.apply(&mut self.bodies, self.alpha, &mut self.random);
        }
        let keep = 1.0 - self.velocity_decay;
        let bodies = &mut self.bodies;
        for index in 0..bodies.x.len() {
            match self.pinned[index] {
                Some((x, y)) => {
                    bodies.x[index] = x;
                    bodies.y[index] = y;
                    bodies.vx[index] = 0.0;
                    bodies.vy[index] = 0.0;
                }
                None => {
                    bodies.vx[index] *= keep;
                    bodies.vy[index] *= keep;
                    bodies.x[index] += bodies.vx[index];
                    bodies.y[index] += bodies.vy[index];
                }
            }
        }
    }

    /// Ticks until finished or `max_ticks` have run; returns the number of ticks run.
    pub fn run(&mut self, max_ticks: usize) -> usize {
        let mut ticks = 0;
        while ticks < max_ticks && !self.is_finished() {
            self.tick();
            ticks += 1;
        }
        ticks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_out_constants_equal_what_they_stand_for() {
        let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
        assert!((golden.cos() - GOLDEN_COS).abs() < 1e-15);
        assert!((golden.sin() - GOLDEN_SIN).abs() < 1e-15);
        assert!((1.0 - 0.001f64.powf(1.0 / 300.0) - DEFAULT_ALPHA_DECAY).abs() < 1e-17);
    }

    #[test]
    fn the_generator_matches_d3s_lcg() {
        // d3: s = (1664525 * s + 1013904223) % 2^32, starting from s = 1.
        let mut random = Lcg::new(1);
        assert_eq!(random.next_f64(), 1_015_568_748.0 / 4_294_967_296.0);
        assert_eq!(random.next_f64(), 1_586_005_467.0 / 4_294_967_296.0);
    }

    #[test]
    fn initial_placement_is_a_spiral_that_depends_on_the_seed_only() {
        let a = Simulation::new(50, 7);
        assert_eq!(a.bodies(), Simulation::new(50, 7).bodies());
        assert_ne!(a.bodies().x, Simulation::new(50, 8).bodies().x);
        for index in 0..50 {
            let (x, y) = (a.bodies().x[index], a.bodies().y[index]);
            let expected = INITIAL_RADIUS * (0.5 + index as f64).sqrt();
            assert!(
                ((x * x + y * y).sqrt() - expected).abs() < 1e-9,
                "node {index} on its ring"
            );
        }
    }

    #[test]
    fn alpha_cools_to_finished_in_about_300_ticks_and_reheats() {
        let mut simulation = Simulation::new(3, 1);
        let ticks = simulation.run(10_000);
        assert_eq!(ticks, 300, "d3 settles in 300 ticks with the default decay");
        assert!(simulation.is_finished());
        simulation.reheat(0.3);
        assert!(!simulation.is_finished());
        simulation.alpha_target = 0.3;
        simulation.run(1000);
        assert!(!simulation.is_finished(), "a warm target keeps it running");
    }

    #[test]
    fn adopted_positions_move_free_nodes_only_and_carry_alpha() {
        let mut simulation = Simulation::new(3, 1);
        simulation.pin(1, 7.0, 8.0);
        simulation.adopt_positions(&[1.0, 2.0, 3.0, 4.0, f64::NAN, 6.0, 99.0], 0.25);
        let bodies = simulation.bodies();
        assert_eq!((bodies.x[0], bodies.y[0]), (1.0, 2.0));
        assert_eq!((bodies.x[1], bodies.y[1]), (7.0, 8.0), "the pin wins");
        assert_ne!(bodies.x[2], 6.0, "a NaN pair leaves the node where it was");
        assert_eq!(simulation.alpha, 0.25);
        simulation.adopt_positions(&[], f64::NAN);
        assert_eq!(simulation.alpha, 0.25);
    }

    #[test]
    fn pinned_nodes_stay_put_and_unpinned_nodes_move_again() {
        let mut simulation = Simulation::new(2, 1);
        simulation.add_force(ManyBody::new());
        simulation.pin(0, 5.0, -5.0);
        simulation.run(50);
        assert_eq!(
            (simulation.bodies().x[0], simulation.bodies().y[0]),
            (5.0, -5.0)
        );
        simulation.unpin(0);
        simulation.reheat(1.0);
        simulation.tick();
        assert_ne!(simulation.bodies().x[0], 5.0);
    }
}
