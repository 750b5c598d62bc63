//! Event Lens's force layout as a raw WebAssembly module for `www/layout-worker.js`.
//!
//! Why a module of its own: the app's main module is built for size (`opt-level = "z"`), which
//! costs the layout about a quarter of its speed; this one is built for speed (the `worker`
//! profile) and downloaded only when a graph is shown. Why a plain C ABI and no wasm-bindgen: the
//! worker passes only numbers and flat arrays, so there is no glue to generate or keep in step.
//!
//! The protocol, in calls: [`prepare`] sizes the input buffers; the caller fills
//! [`links_buffer`] (source, target pairs), [`radii_buffer`] (collision radii) and
//! [`positions_buffer`] (x, y pairs; NaN keeps the seeded start); [`create`] makes the
//! simulation; the `add_*` calls add forces in order; then [`tick`], and [`write_positions`]
//! to read the result back from [`positions_buffer`]. One simulation per module instance.

use event_lens::layout::{Center, Collide, Link, ManyBody, Position, Simulation};
use std::cell::RefCell;

#[derive(Default)]
struct Engine {
    node_count: usize,
    links: Vec<u32>,
    radii: Vec<f64>,
    positions: Vec<f64>,
    simulation: Option<Simulation>,
}

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::default());
}

fn with_engine<R>(f: impl FnOnce(&mut Engine) -> R) -> R {
    ENGINE.with(|engine| f(&mut engine.borrow_mut()))
}

fn with_simulation<R: Default>(f: impl FnOnce(&mut Simulation) -> R) -> R {
    with_engine(|engine| engine.simulation.as_mut().map(f).unwrap_or_default())
}

/// Sizes the input buffers for `node_count` nodes and `link_count` links and drops any
/// previous simulation.
#[no_mangle]
pub extern "C" fn prepare(node_count: u32, link_count: u32) {
    with_engine(|engine| {
        let node_count = node_count as usize;
        *engine = Engine {
            node_count,
            links: vec![0; 2 * link_count as usize],
            radii: vec![0.0; node_count],
            positions: vec![f64::NAN; 2 * node_count],
            simulation: None,
        };
    });
}

#[no_mangle]
pub extern "C" fn links_buffer() -> *mut u32 {
    with_engine(|engine| engine.links.as_mut_ptr())
}

#[no_mangle]
pub extern "C" fn radii_buffer() -> *mut f64 {
    with_engine(|engine| engine.radii.as_mut_ptr())
}

#[no_mangle]
pub extern "C" fn positions_buffer() -> *mut f64 {
    with_engine(|engine| engine.positions.as_mut_ptr())
}

/// Makes the simulation: the seeded start of [`Simulation::new`], moved to every finite
/// position in the positions buffer.
#[no_mangle]
pub extern "C" fn create(seed: u32) {
    with_engine(|engine| {
        let mut simulation = Simulation::new(engine.node_count, seed);
        for (index, pair) in engine.positions.chunks_exact(2).enumerate() {
            simulation.set_position(index, pair[0], pair[1]);
        }
        engine.simulation = Some(simulation);
    });
}

/// Adds d3's many-body force with its defaults (strength −30, θ 0.9).
#[no_mangle]
pub extern "C" fn add_many_body() {
    with_engine(|engine| {
        if let Some(simulation) = engine.simulation.as_mut() {
            simulation.add_force(ManyBody::new());
        }
    });
}

/// Adds the link force over the links buffer (d3's default distance, strength and bias).
#[no_mangle]
pub extern "C" fn add_link() {
    with_engine(|engine| {
        let node_count = engine.node_count;
        let links = engine
            .links
            .chunks_exact(2)
            .map(|pair| (pair[0] as usize, pair[1] as usize))
            .filter(|&(source, target)| source < node_count && target < node_count);
        let link = Link::new(node_count, links);
        if let Some(simulation) = engine.simulation.as_mut() {
            simulation.add_force(link);
        }
    });
}

/// Adds the collision force with the radii buffer.
#[no_mangle]
pub extern "C" fn add_collide() {
    with_engine(|engine| {
        let collide = Collide::new(engine.radii.clone());
        if let Some(simulation) = engine.simulation.as_mut() {
            simulation.add_force(collide);
        }
    });
}

#[no_mangle]
pub extern "C" fn add_center(x: f64, y: f64) {
    with_simulation(|simulation| {
        simulation.add_force(Center::new(x, y));
    });
}

#[no_mangle]
pub extern "C" fn add_position(x: f64, y: f64, strength: f64) {
    with_simulation(|simulation| {
        simulation.add_force(Position::new(x, y, strength));
    });
}

#[no_mangle]
pub extern "C" fn pin(index: u32, x: f64, y: f64) {
    with_simulation(|simulation| {
        if (index as usize) < simulation.len() {
            simulation.pin(index as usize, x, y);
        }
    });
}

#[no_mangle]
pub extern "C" fn unpin(index: u32) {
    with_simulation(|simulation| {
        if (index as usize) < simulation.len() {
            simulation.unpin(index as usize);
        }
    });
}

#[no_mangle]
pub extern "C" fn set_alpha(alpha: f64) {
    with_simulation(|simulation| simulation.reheat(alpha));
}

#[no_mangle]
pub extern "C" fn set_alpha_target(target: f64) {
    with_simulation(|simulation| simulation.alpha_target = target);
}

#[no_mangle]
pub extern "C" fn alpha() -> f64 {
    with_simulation(|simulation| simulation.alpha)
}

/// Runs up to `max_ticks` ticks, stopping early once settled; returns how many ran.
#[no_mangle]
pub extern "C" fn tick(max_ticks: u32) -> u32 {
    with_simulation(|simulation| simulation.run(max_ticks as usize) as u32)
}

/// 1 once the simulation has cooled (or there is none), else 0.
#[no_mangle]
pub extern "C" fn is_finished() -> u32 {
    with_engine(|engine| {
        engine
            .simulation
            .as_ref()
            .is_none_or(Simulation::is_finished)
            .into()
    })
}

/// Copies the current positions, x then y per node, into the positions buffer.
#[no_mangle]
pub extern "C" fn write_positions() {
    with_engine(|engine| {
        let Engine {
            positions,
            simulation,
            ..
        } = engine;
        if let Some(simulation) = simulation {
            let bodies = simulation.bodies();
            for (index, pair) in positions.chunks_exact_mut(2).enumerate() {
                pair[0] = bodies.x[index];
                pair[1] = bodies.y[index];
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_positions() -> Vec<f64> {
        write_positions();
        with_engine(|engine| engine.positions.clone())
    }

    #[test]
    fn the_module_runs_the_same_layout_as_the_core() {
        let links = [(0u32, 1u32), (1, 2), (2, 0), (2, 3)];
        prepare(4, links.len() as u32);
        with_engine(|engine| {
            for (slot, (s, t)) in links.iter().enumerate() {
                engine.links[2 * slot] = *s;
                engine.links[2 * slot + 1] = *t;
            }
            engine.radii.fill(6.0);
            engine.positions[2] = 50.0;
            engine.positions[3] = -20.0;
        });
        create(9);
        add_many_body();
        add_link();
        add_collide();
        add_center(0.0, 0.0);
        add_position(0.0, 0.0, 0.04);
        pin(3, 10.0, 10.0);
        let ran = tick(10_000);

        let mut expected = Simulation::new(4, 9);
        expected.set_position(1, 50.0, -20.0);
        expected
            .add_force(ManyBody::new())
            .add_force(Link::new(
                4,
                links.iter().map(|&(s, t)| (s as usize, t as usize)),
            ))
            .add_force(Collide::new(vec![6.0; 4]))
            .add_force(Center::new(0.0, 0.0))
            .add_force(Position::new(0.0, 0.0, 0.04));
        expected.pin(3, 10.0, 10.0);
        assert_eq!(ran as usize, expected.run(10_000));
        assert_eq!(is_finished(), 1);
        let bodies = expected.bodies();
        let wanted: Vec<f64> = (0..4).flat_map(|i| [bodies.x[i], bodies.y[i]]).collect();
        assert_eq!(read_positions(), wanted, "bit for bit");
        assert_eq!(
            (wanted[6], wanted[7]),
            (10.0, 10.0),
            "the pinned node stayed"
        );
    }

    #[test]
    fn out_of_range_links_and_pins_are_ignored_rather_than_trapping() {
        prepare(2, 1);
        with_engine(|engine| engine.links.copy_from_slice(&[0, 7]));
        create(1);
        add_link();
        pin(5, 1.0, 1.0);
        unpin(9);
        assert!(tick(5) > 0);
        assert!(read_positions().iter().all(|v| v.is_finite()));
    }
}
