//! The one place for reactive state, provided as a context at the root.

use crate::graph::{Components, EventGraph};
use crate::model::{Dataset, DatasetIndex, Problem};
use crate::route::Route;
use leptos::prelude::*;
use std::sync::Arc;

/// A loaded dataset with its look-up index, graph, and the problems found while loading.
pub struct LoadedData {
    pub dataset: Dataset,
    pub index: DatasetIndex,
    /// Node `i` is event `i`, edge `k` relation `k`.
    pub graph: EventGraph,
    /// Computed once so colours by component are stable across views.
    pub components: Components,
    pub problems: Vec<Problem>,
    /// The file name or URL it came from, shown in the header.
    pub source_name: String,
}

/// How far a load has got, for the progress bar.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadProgress {
    pub name: String,
    pub bytes_read: f64,
    /// From `Content-Length` or the file size; `None` when the server does not say.
    pub total_bytes: Option<f64>,
    /// True once all bytes are in and they are being parsed.
    pub parsing: bool,
}

/// What is selected in the graph view; it survives moving between pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// An event, by index into the dataset.
    Event(usize),
    /// A relation, by index into the dataset.
    Relation(usize),
}

/// All reactive state of the app. Components read it with `expect_context::<AppState>()`.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The data on screen; replaced only by a load that succeeded.
    pub data: RwSignal<Option<Arc<LoadedData>>>,
    /// The view, kept in sync with `location.hash`.
    pub route: RwSignal<Route>,
    /// Set while a load is under way.
    pub progress: RwSignal<Option<LoadProgress>>,
    /// The last load's error, shown in an alert until dismissed or replaced.
    pub load_error: RwSignal<Option<String>>,
    /// The graph's selection, cleared whenever other data is loaded.
    pub selection: RwSignal<Option<Selection>>,
}

impl AppState {
    pub fn new(initial_route: Route) -> Self {
        Self {
            data: RwSignal::new(None),
            route: RwSignal::new(initial_route),
            progress: RwSignal::new(None),
            load_error: RwSignal::new(None),
            selection: RwSignal::new(None),
        }
    }
}
