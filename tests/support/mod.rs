//! Shared by the native and the wasm layout tests: one seeded run whose result is pinned in
//! tests/fixtures/layout-snapshot.txt, so both builds are held to the same bits.

use event_lens::layout::{Center, Collide, Link, ManyBody, Simulation};

/// The snapshot file, compiled in so the wasm test needs no file system.
pub const SNAPSHOT: &str = include_str!("../fixtures/layout-snapshot.txt");

/// The forces the app uses, with d3's default parameters.
pub fn default_simulation(node_count: usize, links: &[(usize, usize)], seed: u32) -> Simulation {
    let mut simulation = Simulation::new(node_count, seed);
    simulation
        .add_force(ManyBody::new())
        .add_force(Link::new(node_count, links.iter().copied()))
        .add_force(Collide::new(vec![6.0; node_count]))
        .add_force(Center::new(0.0, 0.0));
    simulation
}

/// Two communities of 20 joined by one bridge, plus a duplicate pair, a self-loop and an isolate,
/// run to the end with seed 2026; every position printed exactly (shortest round-trip form).
pub fn run_snapshot_layout() -> String {
    let mut links = Vec::new();
    for community in 0..2 {
        let base = community * 20;
        for i in 0..20 {
            links.push((base + i, base + (i + 1) % 20));
            links.push((base + i, base + (i * 7 + 3) % 20));
        }
    }
    links.extend([(0, 20), (5, 6), (7, 7)]);
    let mut simulation = default_simulation(41, &links, 2026);
    assert_eq!(simulation.run(10_000), 300, "cools in d3's 300 ticks");
    let bodies = simulation.bodies();
    (0..simulation.len())
        .map(|i| format!("{:?} {:?}\n", bodies.x[i], bodies.y[i]))
        .collect()
}
