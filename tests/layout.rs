//! Native tests of the layout engine: exact small cases, Barnes–Hut accuracy, robustness, and a
//! seeded snapshot that pins the whole simulation down bit for bit.

mod support;

use event_lens::layout::{
    Bodies, Center, Collide, Force, Lcg, Link, ManyBody, Position, Simulation, DEFAULT_ALPHA_DECAY,
};
use std::path::PathBuf;
use support::default_simulation;

fn bodies(points: &[(f64, f64)]) -> Bodies {
    Bodies {
        x: points.iter().map(|p| p.0).collect(),
        y: points.iter().map(|p| p.1).collect(),
        vx: vec![0.0; points.len()],
        vy: vec![0.0; points.len()],
    }
}

/// d3's many-body force summed over every pair, for comparison (distinct positions only).
fn brute_force_many_body(bodies: &Bodies, strength: f64, alpha: f64) -> (Vec<f64>, Vec<f64>) {
    let n = bodies.len();
    let (mut vx, mut vy) = (vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let dx = bodies.x[j] - bodies.x[i];
            let dy = bodies.y[j] - bodies.y[i];
            let mut l = dx * dx + dy * dy;
            if l < 1.0 {
                l = l.sqrt();
            }
            vx[i] += dx * strength * alpha / l;
            vy[i] += dy * strength * alpha / l;
        }
    }
    (vx, vy)
}

fn scattered(n: usize, seed: u32) -> Bodies {
    let mut random = Lcg::new(seed);
    let points: Vec<(f64, f64)> = (0..n)
        .map(|_| {
            (
                random.next_f64() * 1000.0 - 500.0,
                random.next_f64() * 800.0 - 400.0,
            )
        })
        .collect();
    bodies(&points)
}

// ------------------------------------------------------------------ exact small cases

#[test]
fn one_tick_of_a_single_link_moves_both_ends_by_the_hand_computed_amount() {
    let mut simulation = Simulation::new(2, 1);
    simulation.set_position(0, 0.0, 0.0);
    simulation.set_position(1, 6.0, 8.0);
    simulation.add_force(Link::new(2, [(0, 1)]));
    simulation.tick();
    // alpha = 1 − decay; the ends are 10 apart, so the spring pulls by (10 − 30) / 10 · alpha ·
    // strength 1 = −2·alpha of the offset (6, 8), shared half and half (equal degrees); then
    // velocity keeps 60%. Written in the engine's order of operations, so equal to the bit.
    let alpha = 1.0 - DEFAULT_ALPHA_DECAY;
    let pull = -2.0 * alpha;
    let vx = (6.0 * pull * 0.5) * 0.6;
    let vy = (8.0 * pull * 0.5) * 0.6;
    let b = simulation.bodies();
    assert_eq!((b.x[0], b.y[0]), (vx, vy));
    assert_eq!((b.x[1], b.y[1]), (6.0 - vx, 8.0 - vy));
    assert!(
        vx < 0.0 && vy < 0.0,
        "the ends are pushed apart toward the rest length"
    );
}

#[test]
fn two_charges_repel_along_the_line_between_them_by_strength_over_distance() {
    let mut b = bodies(&[(0.0, 0.0), (3.0, 4.0)]);
    // Exact in binary: the quotient is computed as in the engine, d · (strength · alpha / l).
    ManyBody::new().apply(&mut b, 0.5, &mut Lcg::new(1));
    // v_i += d · strength · alpha / |d|² = (3, 4) · −30 · 0.5 / 25.
    assert_eq!(
        (b.vx[0], b.vy[0]),
        (3.0 * -30.0 * 0.5 / 25.0, 4.0 * -30.0 * 0.5 / 25.0)
    );
    assert_eq!(
        (b.vx[1], b.vy[1]),
        (-3.0 * -30.0 * 0.5 / 25.0, -4.0 * -30.0 * 0.5 / 25.0)
    );
}

#[test]
fn overlapping_discs_are_pushed_apart_in_proportion_to_the_other_disc_size() {
    let mut b = bodies(&[(0.0, 0.0), (3.0, 4.0), (100.0, 100.0)]);
    Collide::new(vec![5.0, 5.0, 5.0]).apply(&mut b, 1.0, &mut Lcg::new(1));
    // Centres 5 apart, radii sum 10: the overlap of 5 is split evenly between equal discs, so
    // each moves 2.5 along the line (3, 4)/5 away from the other; the far disc is untouched.
    assert_eq!((b.vx[0], b.vy[0]), (-1.5, -2.0));
    assert_eq!((b.vx[1], b.vy[1]), (1.5, 2.0));
    assert_eq!((b.vx[2], b.vy[2]), (0.0, 0.0));
}

#[test]
fn positioning_pulls_each_node_toward_the_point_in_proportion_to_its_distance() {
    let mut b = bodies(&[(10.0, -20.0), (0.0, 0.0)]);
    Position::new(0.0, 0.0, 0.1).apply(&mut b, 0.5, &mut Lcg::new(1));
    assert_eq!((b.vx[0], b.vy[0]), (-10.0 * 0.05, 20.0 * 0.05));
    assert_eq!((b.vx[1], b.vy[1]), (0.0, 0.0));
}

#[test]
fn centring_moves_the_mean_to_the_centre_and_keeps_shapes() {
    let mut b = bodies(&[(10.0, 10.0), (20.0, 30.0), (30.0, 20.0)]);
    Center::new(0.0, 0.0).apply(&mut b, 1.0, &mut Lcg::new(1));
    assert_eq!(b.x, [-10.0, 0.0, 10.0]);
    assert_eq!(b.y, [-10.0, 10.0, 0.0]);
}

// ------------------------------------------------------------------ Barnes–Hut accuracy

#[test]
fn barnes_hut_at_theta_zero_equals_brute_force() {
    let start = scattered(400, 3);
    let (expected_vx, expected_vy) = brute_force_many_body(&start, -30.0, 0.7);
    let mut b = start.clone();
    ManyBody::new()
        .with_theta(0.0)
        .apply(&mut b, 0.7, &mut Lcg::new(1));
    for i in 0..400 {
        let scale = expected_vx[i].abs().max(expected_vy[i].abs()).max(1e-12);
        assert!(
            (b.vx[i] - expected_vx[i]).abs() / scale < 1e-12,
            "node {i} vx"
        );
        assert!(
            (b.vy[i] - expected_vy[i]).abs() / scale < 1e-12,
            "node {i} vy"
        );
    }
}

#[test]
fn barnes_hut_at_theta_point_nine_stays_close_to_brute_force() {
    let start = scattered(2000, 11);
    let (expected_vx, expected_vy) = brute_force_many_body(&start, -30.0, 1.0);
    let mut b = start.clone();
    ManyBody::new()
        .with_theta(0.9)
        .apply(&mut b, 1.0, &mut Lcg::new(1));
    let mut errors: Vec<f64> = (0..2000)
        .map(|i| {
            let error =
                ((b.vx[i] - expected_vx[i]).powi(2) + (b.vy[i] - expected_vy[i]).powi(2)).sqrt();
            error / (expected_vx[i].powi(2) + expected_vy[i].powi(2)).sqrt()
        })
        .collect();
    errors.sort_by(f64::total_cmp);
    let mean = errors.iter().sum::<f64>() / errors.len() as f64;
    let p95 = errors[errors.len() * 95 / 100];
    assert!(mean < 0.02, "mean relative error {mean}");
    assert!(p95 < 0.06, "95th percentile relative error {p95}");
    assert!(mean > 0.0, "theta 0.9 does approximate");
}

// ------------------------------------------------------------------ robustness

fn assert_all_finite(simulation: &Simulation, case: &str) {
    let b = simulation.bodies();
    for values in [&b.x, &b.y, &b.vx, &b.vy] {
        assert!(
            values.iter().all(|v| v.is_finite()),
            "{case}: non-finite value in {values:?}"
        );
    }
}

#[test]
fn no_nan_or_infinity_for_degenerate_inputs() {
    let mut empty = default_simulation(0, &[], 1);
    empty.run(300);
    assert!(empty.is_finished());

    let mut single = default_simulation(1, &[(0, 0)], 1);
    single.run(300);
    assert_all_finite(&single, "single node with a self-loop");

    let mut coincident =
        default_simulation(25, &[(0, 1), (1, 2), (2, 0), (3, 3), (4, 5), (4, 5)], 9);
    for node in 0..25 {
        coincident.set_position(node, 42.0, -7.0);
    }
    coincident.run(300);
    assert_all_finite(&coincident, "coincident nodes");
    let b = coincident.bodies();
    let spread = (1..25)
        .map(|i| (b.x[i] - b.x[0]).abs() + (b.y[i] - b.y[0]).abs())
        .fold(0.0, f64::max);
    assert!(spread > 10.0, "coincident nodes are separated ({spread})");

    let mut pinned_pair = default_simulation(2, &[(0, 1)], 1);
    pinned_pair.pin(0, 0.0, 0.0);
    pinned_pair.pin(1, 0.0, 0.0);
    pinned_pair.run(300);
    assert_all_finite(&pinned_pair, "two nodes pinned on the same spot");

    let mut far = default_simulation(3, &[(0, 1)], 1);
    far.set_position(2, 1e12, -1e12);
    far.run(300);
    assert_all_finite(&far, "a node very far away");
}

#[test]
fn a_linked_pair_settles_near_the_link_distance() {
    let mut simulation = Simulation::new(2, 1);
    simulation.add_force(Link::new(2, [(0, 1)]));
    simulation.run(1000);
    let b = simulation.bodies();
    let distance = ((b.x[1] - b.x[0]).powi(2) + (b.y[1] - b.y[0]).powi(2)).sqrt();
    assert!((distance - 30.0).abs() < 0.5, "distance {distance}");
}

// ------------------------------------------------------------------ determinism

#[test]
fn a_seeded_full_run_reproduces_the_snapshot_bit_for_bit() {
    let actual = support::run_snapshot_layout();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout-snapshot.txt");
        std::fs::write(&path, &actual).unwrap();
    }
    assert_eq!(
        actual,
        support::SNAPSHOT,
        "layout changed; if on purpose, rerun with UPDATE_SNAPSHOTS=1"
    );
    // And the same seed twice in one process gives the same positions.
    assert_eq!(support::run_snapshot_layout(), actual);
}
