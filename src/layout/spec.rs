//! A layout described as data: which forces, in which order, with which settings, and the seed.
//! One description serves every host of the layout (the graph view's main-thread mirror, the
//! layout worker, the tests, the benchmark), so they cannot fall out of step; the worker gets it
//! as a flat array of numbers ([`LayoutSpec::encode`]) and no JavaScript knows a force's name.
//! As in d3-force and fjadra, a force's settings live here and its per-node state in the force.

use super::{Center, Collide, Link, ManyBody, Position, Simulation};

/// One force and its settings. The per-node inputs (links, collision radii) come with the graph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ForceSpec {
    /// d3's many-body repulsion with its defaults (strength −30, θ 0.9).
    ManyBody,
    /// d3's link springs over the graph's links (its default distance, strength and bias).
    Link,
    /// Disc collision with the graph's collision radii.
    Collide,
    /// Moves the centre of mass to `(x, y)`.
    Center { x: f64, y: f64 },
    /// A spring toward `(x, y)` of `strength` on every node.
    Position { x: f64, y: f64, strength: f64 },
}

/// Numbers per force in [`LayoutSpec::encode`]: a code and three settings.
const NUMBERS_PER_FORCE: usize = 4;

impl ForceSpec {
    fn encode(self) -> [f64; NUMBERS_PER_FORCE] {
        match self {
            ForceSpec::ManyBody => [0.0, 0.0, 0.0, 0.0],
            ForceSpec::Link => [1.0, 0.0, 0.0, 0.0],
            ForceSpec::Collide => [2.0, 0.0, 0.0, 0.0],
            ForceSpec::Center { x, y } => [3.0, x, y, 0.0],
            ForceSpec::Position { x, y, strength } => [4.0, x, y, strength],
        }
    }

    fn decode(numbers: &[f64]) -> Option<ForceSpec> {
        let &[code, a, b, c] = numbers else {
            return None;
        };
        Some(match code as u32 {
            0 => ForceSpec::ManyBody,
            1 => ForceSpec::Link,
            2 => ForceSpec::Collide,
            3 => ForceSpec::Center { x: a, y: b },
            4 => ForceSpec::Position {
                x: a,
                y: b,
                strength: c,
            },
            _ => return None,
        })
    }
}

/// A whole layout: the seed of its start and random nudges, and its forces in order.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutSpec {
    pub seed: u32,
    pub forces: Vec<ForceSpec>,
}

impl LayoutSpec {
    /// The relation graph's layout: d3's forces, collision, and a weak pull toward the centre
    /// that keeps unconnected events near the rest (so "fit" does not shrink the main graph).
    /// The seed is fixed: the same data always starts from the same picture.
    pub fn relation_graph() -> Self {
        Self {
            seed: 2026,
            forces: vec![
                ForceSpec::ManyBody,
                ForceSpec::Link,
                ForceSpec::Collide,
                ForceSpec::Center { x: 0.0, y: 0.0 },
                ForceSpec::Position {
                    x: 0.0,
                    y: 0.0,
                    strength: 0.04,
                },
            ],
        }
    }

    /// d3-force's default simulation (many-body, links, centring), what the benchmark compares
    /// engines on.
    pub fn d3_defaults(seed: u32) -> Self {
        Self {
            seed,
            forces: vec![
                ForceSpec::ManyBody,
                ForceSpec::Link,
                ForceSpec::Center { x: 0.0, y: 0.0 },
            ],
        }
    }

    /// The simulation of `node_count` nodes this describes, seeded, started at `start` where it
    /// gives a position (the seeded start elsewhere), with these links and collision radii.
    pub fn build(
        &self,
        node_count: usize,
        start: impl Fn(usize) -> Option<(f64, f64)>,
        links: &[(usize, usize)],
        collide_radii: &[f64],
    ) -> Simulation {
        let mut simulation = Simulation::new(node_count, self.seed);
        for node in 0..node_count {
            if let Some((x, y)) = start(node) {
                simulation.set_position(node, x, y);
            }
        }
        for &force in &self.forces {
            match force {
                ForceSpec::ManyBody => simulation.add_force(ManyBody::new()),
                ForceSpec::Link => simulation.add_force(Link::new(
                    node_count,
                    links
                        .iter()
                        .copied()
                        .filter(|&(s, t)| s < node_count && t < node_count),
                )),
                ForceSpec::Collide => simulation.add_force(Collide::new(collide_radii.to_vec())),
                ForceSpec::Center { x, y } => simulation.add_force(Center::new(x, y)),
                ForceSpec::Position { x, y, strength } => {
                    simulation.add_force(Position::new(x, y, strength))
                }
            };
        }
        simulation
    }

    /// The description as numbers: the seed, then four per force (a code and its settings).
    pub fn encode(&self) -> Vec<f64> {
        std::iter::once(f64::from(self.seed))
            .chain(self.forces.iter().flat_map(|force| force.encode()))
            .collect()
    }

    /// The description [`LayoutSpec::encode`] wrote; `None` for numbers it could not have.
    pub fn decode(numbers: &[f64]) -> Option<LayoutSpec> {
        let (&seed, forces) = numbers.split_first()?;
        if forces.len() % NUMBERS_PER_FORCE != 0 || !(0.0..=f64::from(u32::MAX)).contains(&seed) {
            return None;
        }
        Some(LayoutSpec {
            seed: seed as u32,
            forces: forces
                .chunks_exact(NUMBERS_PER_FORCE)
                .map(ForceSpec::decode)
                .collect::<Option<_>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_description_survives_its_encoding_exactly() {
        for spec in [LayoutSpec::relation_graph(), LayoutSpec::d3_defaults(7)] {
            assert_eq!(LayoutSpec::decode(&spec.encode()), Some(spec));
        }
        assert_eq!(LayoutSpec::decode(&[]), None);
        assert_eq!(
            LayoutSpec::decode(&[1.0, 9.0, 0.0, 0.0, 0.0]),
            None,
            "unknown force"
        );
        assert_eq!(
            LayoutSpec::decode(&[1.0, 0.0, 0.0]),
            None,
            "a force cut short"
        );
    }

    #[test]
    fn a_built_layout_is_the_forces_added_by_hand() {
        let links = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 9)];
        let radii = vec![6.0; 4];
        let mut built = LayoutSpec::relation_graph().build(
            4,
            |node| (node == 1).then_some((50.0, -20.0)),
            &links,
            &radii,
        );
        let mut by_hand = Simulation::new(4, 2026);
        by_hand.set_position(1, 50.0, -20.0);
        by_hand
            .add_force(ManyBody::new())
            .add_force(Link::new(4, links[..4].iter().copied()))
            .add_force(Collide::new(radii.clone()))
            .add_force(Center::new(0.0, 0.0))
            .add_force(Position::new(0.0, 0.0, 0.04));
        assert_eq!(built.run(10_000), by_hand.run(10_000));
        assert_eq!(built.bodies().x, by_hand.bodies().x, "bit for bit");
        assert_eq!(built.bodies().y, by_hand.bodies().y);
    }
}
