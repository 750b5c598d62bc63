//! Entry points the benchmark page calls: the fjadra crate's layout (d3-force's defaults), and
//! Event Lens's loading of an export from raw bytes. Event Lens's own layout is measured from the
//! shipped `layout_worker.wasm` itself (see bench/page/bench.js).

use event_lens::graph::EventGraph;
use event_lens::model::{load, DatasetIndex, Loaded};
use wasm_bindgen::prelude::*;

/// d3-force's default simulation as Event Lens's layout describes it (`LayoutSpec::encode`), for
/// the shipped layout worker's module: the page hands it over unread, as the app's worker does.
#[wasm_bindgen(js_name = d3DefaultLayout)]
pub fn d3_default_layout(seed: u32) -> Vec<f64> {
    event_lens::layout::LayoutSpec::d3_defaults(seed).encode()
}

fn pairs(edges: &[u32]) -> impl Iterator<Item = (usize, usize)> + '_ {
    edges
        .chunks_exact(2)
        .map(|pair| (pair[0] as usize, pair[1] as usize))
}

/// fjadra with the same forces and defaults.
#[wasm_bindgen]
pub struct FjadraLayout {
    simulation: fjadra::Simulation,
}

#[wasm_bindgen]
impl FjadraLayout {
    #[wasm_bindgen(constructor)]
    pub fn new(node_count: usize, edges: &[u32]) -> FjadraLayout {
        let links: Vec<(usize, usize)> = pairs(edges).collect();
        let simulation = fjadra::SimulationBuilder::default()
            .build((0..node_count).map(|_| fjadra::Node::default()))
            .add_force("link", fjadra::Link::new(links))
            .add_force("charge", fjadra::ManyBody::new())
            .add_force("center", fjadra::Center::new());
        FjadraLayout { simulation }
    }

    pub fn tick(&mut self) {
        self.simulation.tick(1);
    }

    #[wasm_bindgen(js_name = isFinished)]
    pub fn is_finished(&self) -> bool {
        self.simulation.is_finished()
    }

    pub fn positions(&self) -> Vec<f64> {
        self.simulation
            .positions()
            .flat_map(|[x, y]| [x, y])
            .collect()
    }
}

/// An export as the app holds it after loading: the data, its index and its graph.
#[wasm_bindgen]
pub struct LoadedExport {
    /// Held only so that freeing them happens in `free()`, after timing.
    _data: (Loaded, DatasetIndex),
    graph: EventGraph,
}

#[wasm_bindgen]
impl LoadedExport {
    /// Events in the graph (read after timing, so the work cannot be optimised away).
    pub fn events(&self) -> usize {
        self.graph.node_count()
    }
}

/// An export's bytes in the module's memory, as the app holds them once read: the app copies
/// each chunk in as it arrives from the file or the network, before any parsing starts.
#[wasm_bindgen]
pub struct ExportBytes(Vec<u8>);

#[wasm_bindgen]
impl ExportBytes {
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>) -> ExportBytes {
        ExportBytes(bytes)
    }
}

/// Parses, validates and indexes an export, and builds its graph, as the app does on load. The
/// result is kept, as the app keeps it: freeing it (`free()` from JavaScript, after timing) is
/// no more part of loading than collecting `JSON.parse`'s objects is part of parsing.
#[wasm_bindgen(js_name = loadExport)]
pub fn load_export(bytes: &ExportBytes) -> Result<LoadedExport, JsValue> {
    let loaded = load(&bytes.0, Some("bench.json"))
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    let index = DatasetIndex::new(&loaded.dataset);
    let graph = EventGraph::new(&loaded.dataset, &index);
    Ok(LoadedExport {
        _data: (loaded, index),
        graph,
    })
}
