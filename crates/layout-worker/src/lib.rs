//! Event Lens's force layout as a raw WebAssembly module for `www/layout-worker.js`.
//!
//! Why a module of its own: the app's main module is built for size (`opt-level = "z"`), which
//! costs the layout about a quarter of its speed; this one is built for speed (the `worker`
//! profile) and downloaded only when a graph is shown. Why a plain C ABI and no wasm-bindgen: the
//! worker passes only numbers and flat arrays, so there is no glue to generate or keep in step.
//!
//! The protocol, in calls: [`prepare`] sizes the input buffers; the caller fills
//! [`links_buffer`] (source, target pairs), [`radii_buffer`] (collision radii),
//! [`positions_buffer`] (x, y pairs; NaN keeps the seeded start) and [`layout_buffer`] (the
//! layout's description, `LayoutSpec::encode`, as the page sends it: the caller knows no force
//! by name); [`create`] builds the simulation it describes; then [`tick`], and
//! [`write_positions`] to read the result back from [`positions_buffer`]. One simulation per
//! module instance.

use event_lens::layout::{LayoutSpec, Simulation};
use std::cell::RefCell;

#[derive(Default)]
struct Engine {
    node_count: usize,
    links: Vec<u32>,
    radii: Vec<f64>,
    positions: Vec<f64>,
    layout: Vec<f64>,
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

/// Sizes the input buffers for `node_count` nodes, `link_count` links and a layout description
/// of `layout_len` numbers, and drops any previous simulation.
#[no_mangle]
pub extern "C" fn prepare(node_count: u32, link_count: u32, layout_len: u32) {
    with_engine(|engine| {
        let node_count = node_count as usize;
        *engine = Engine {
            node_count,
            links: vec![0; 2 * link_count as usize],
            radii: vec![0.0; node_count],
            positions: vec![f64::NAN; 2 * node_count],
            layout: vec![f64::NAN; layout_len as usize],
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

#[no_mangle]
pub extern "C" fn layout_buffer() -> *mut f64 {
    with_engine(|engine| engine.layout.as_mut_ptr())
}

/// Builds the simulation the layout buffer describes, over the links and radii buffers,
/// started at every finite position in the positions buffer. Returns 1, or 0 (and builds
/// nothing) when the description is not one `LayoutSpec::encode` writes.
#[no_mangle]
pub extern "C" fn create() -> u32 {
    with_engine(|engine| {
        let Some(layout) = LayoutSpec::decode(&engine.layout) else {
            engine.simulation = None;
            return 0;
        };
        let links: Vec<(usize, usize)> = engine
            .links
            .chunks_exact(2)
            .map(|pair| (pair[0] as usize, pair[1] as usize))
            .collect();
        let positions = &engine.positions;
        let start = |node: usize| {
            let (x, y) = (positions[2 * node], positions[2 * node + 1]);
            (x.is_finite() && y.is_finite()).then_some((x, y))
        };
        engine.simulation = Some(layout.build(engine.node_count, start, &links, &engine.radii));
        1
    })
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

    /// Fills the buffers as the worker script does and builds the simulation.
    fn start(
        node_count: u32,
        links: &[u32],
        positions: &[(usize, f64, f64)],
        layout: &LayoutSpec,
    ) -> u32 {
        let encoded = layout.encode();
        prepare(node_count, (links.len() / 2) as u32, encoded.len() as u32);
        with_engine(|engine| {
            engine.links.copy_from_slice(links);
            engine.radii.fill(6.0);
            for &(node, x, y) in positions {
                engine.positions[2 * node] = x;
                engine.positions[2 * node + 1] = y;
            }
            engine.layout.copy_from_slice(&encoded);
        });
        create()
    }

    #[test]
    fn the_module_runs_the_same_layout_as_the_core() {
        let links = [(0u32, 1u32), (1, 2), (2, 0), (2, 3)];
        let flat: Vec<u32> = links.iter().flat_map(|&(s, t)| [s, t]).collect();
        let layout = LayoutSpec::relation_graph();
        assert_eq!(start(4, &flat, &[(1, 50.0, -20.0)], &layout), 1);
        pin(3, 10.0, 10.0);
        let ran = tick(10_000);

        let as_pairs: Vec<(usize, usize)> = links
            .iter()
            .map(|&(s, t)| (s as usize, t as usize))
            .collect();
        let mut expected = layout.build(
            4,
            |node| (node == 1).then_some((50.0, -20.0)),
            &as_pairs,
            &[6.0; 4],
        );
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
    fn out_of_range_links_pins_and_a_broken_description_are_refused_rather_than_trapping() {
        assert_eq!(start(2, &[0, 7], &[], &LayoutSpec::relation_graph()), 1);
        pin(5, 1.0, 1.0);
        unpin(9);
        assert!(tick(5) > 0);
        assert!(read_positions().iter().all(|v| v.is_finite()));
        prepare(2, 0, 3);
        with_engine(|engine| engine.layout.copy_from_slice(&[1.0, 42.0, 0.0]));
        assert_eq!(create(), 0);
        assert_eq!(tick(5), 0, "nothing to run");
        assert_eq!(is_finished(), 1);
    }
}
