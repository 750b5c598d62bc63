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
    /// The absolute URL it was fetched from, when it came from one (offered by the Embed dialog).
    pub source_url: Option<String>,
    /// How many bytes it was read from: what decides whether a load that replaces it is checked
    /// in a worker first (`super::loader`).
    pub source_bytes: usize,
    /// Which load of its instance this is ([`AppState::start_load`]'s number): with the
    /// instance, it names this data for what is remembered about it (an address would not: a
    /// freed one is reused).
    pub load: u64,
}

impl LoadedData {
    /// The title of the event with `id`, or the id itself when there is none.
    pub fn title_of(&self, id: &str) -> String {
        self.index.event_index(id).map_or_else(
            || id.to_owned(),
            |index| self.dataset.events[index].title.clone(),
        )
    }
}

/// How far a load has got, for the progress bar.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadProgress {
    pub name: String,
    pub bytes_read: f64,
    /// From `Content-Length` or the file size; `None` when the server does not say.
    pub total_bytes: Option<f64>,
    /// Once all bytes are in and they are being read: elements (events, relations, actors)
    /// read so far, and how far through the text that is, from 0 to 1.
    pub reading: Option<(usize, f64)>,
    /// Whether that reading is the check in a worker that comes before the data on screen is
    /// let go (`super::load_check`); the page's own reading follows it.
    pub checking: bool,
}

/// What is selected in the graph view; it survives moving between pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// An event, by index into the dataset.
    Event(usize),
    /// A relation, by index into the dataset.
    Relation(usize),
}

/// How routes are kept for one instance of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routing {
    /// In `location.hash`: the app owns the page, so back, forward and reload keep the view.
    Hash,
    /// In the instance only: several widgets on a host page must not fight over its URL.
    Internal,
}

/// How this instance runs: as the app, in an iframe (`?embed=1`), or mounted into a host page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    pub routing: Routing,
    /// No app chrome (header, file picker): only the content, fitted to its container.
    pub embedded: bool,
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
    /// How many loads have started: a load that sees a newer one started gives way to it.
    pub loads_started: StoredValue<u64>,
    /// The last load's error, shown in an alert until dismissed or replaced.
    pub load_error: RwSignal<Option<String>>,
    /// The graph's selection, cleared whenever other data is loaded.
    pub selection: RwSignal<Option<Selection>>,
    pub mode: Mode,
    /// Which instance this is: 0 for the app owning the page, 1… for instances host pages mount.
    pub instance: u32,
    /// The id of the graph view this instance shows, if any (for `layout()`).
    pub graph_view: RwSignal<Option<u32>>,
}

impl AppState {
    pub fn new(initial_route: Route, mode: Mode, instance: u32) -> Self {
        Self {
            data: RwSignal::new(None),
            route: RwSignal::new(initial_route),
            progress: RwSignal::new(None),
            loads_started: StoredValue::new(0),
            load_error: RwSignal::new(None),
            selection: RwSignal::new(None),
            mode,
            instance,
            graph_view: RwSignal::new(None),
        }
    }

    /// Starts a load; the number tells it later whether it is still the newest one.
    pub fn start_load(&self) -> u64 {
        self.loads_started.update_value(|count| *count += 1);
        self.loads_started.get_value()
    }

    /// Whether load `number` is the newest one started (older ones stop and change nothing).
    pub fn is_newest_load(&self, number: u64) -> bool {
        self.loads_started.try_get_value() == Some(number)
    }

    /// Shows `route`: through the URL hash (so history works) or, for an instance embedded in
    /// a host page, inside the instance only.
    pub fn navigate(&self, route: Route) {
        match self.mode.routing {
            Routing::Hash => {
                let _ = window().location().set_hash(&route.to_hash());
            }
            Routing::Internal => self.route.set(route),
        }
    }
}
