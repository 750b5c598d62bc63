//! The layout in a Web Worker (`www/layout-worker.js` running `layout_worker.wasm`), so that a
//! large graph settles without blocking the page.
//!
//! The view keeps its own [`crate::layout::Simulation`] as a mirror: it holds the positions the
//! worker last sent, the pins and the cooling state, so drawing, hit testing and exports never
//! wait for the worker. Every change the user makes (drag, release, reheat, pause) is applied to
//! the mirror and sent to the worker. When no worker can run (the script is on another origin,
//! the module failed), the mirror itself ticks on the main thread, in slices per animation
//! frame.

use crate::layout::{LayoutSpec, Simulation};
use js_sys::{Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

/// Where the layout worker's script is, and its module's bytes when the worker cannot fetch
/// them itself (a standalone file hands them over).
struct WorkerSource {
    url: String,
    module: Option<Uint8Array>,
}

thread_local! {
    static WORKER: RefCell<Option<WorkerSource>> = const { RefCell::new(None) };
}

/// Where `layout-worker.js` is, called before anything mounts: by `boot.js` and `embed.js`
/// with its URL (the worker fetches `layout_worker.wasm` beside it), by a standalone file with
/// a blob URL and the module's bytes. Without it, layouts run on the main thread.
#[wasm_bindgen]
pub fn use_layout_worker(url: String, module: Option<Uint8Array>) {
    WORKER.with(|slot| *slot.borrow_mut() = Some(WorkerSource { url, module }));
}

/// Everything the worker needs to build the same simulation as the view's mirror.
pub struct Start<'a> {
    /// The forces and seed, sent as numbers (`LayoutSpec::encode`).
    pub layout: &'a LayoutSpec,
    pub links: &'a [(usize, usize)],
    pub collide_radii: &'a [f64],
    pub simulation: &'a Simulation,
    pub paused: bool,
}

/// A change to the running layout.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Command {
    Pin {
        index: usize,
        x: f64,
        y: f64,
    },
    Unpin(usize),
    Alpha(f64),
    AlphaTarget(f64),
    Pause(bool),
    /// The positions last sent have been drawn; the worker may send newer ones.
    Ack,
}

/// What the worker sends back.
pub enum Report {
    Positions {
        positions: Vec<f64>,
        alpha: f64,
        ticks: u32,
        /// The last command the worker had handled (see [`LayoutWorker::send`]).
        sequence: u32,
    },
    Failed(String),
}

/// A running layout worker; dropping it stops the worker.
pub struct LayoutWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object
}

fn number(value: &JsValue, key: &str) -> f64 {
    Reflect::get(value, &key.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(f64::NAN)
}

fn parse_report(data: &JsValue) -> Report {
    let kind = Reflect::get(data, &"type".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    if kind == "positions" {
        let positions = Reflect::get(data, &"positions".into())
            .ok()
            .and_then(|v| v.dyn_into::<Float64Array>().ok())
            .map(|array| array.to_vec())
            .unwrap_or_default();
        Report::Positions {
            positions,
            alpha: number(data, "alpha"),
            ticks: number(data, "ticks") as u32,
            sequence: number(data, "sequence") as u32,
        }
    } else {
        let message = Reflect::get(data, &"message".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "the layout worker sent something unexpected".into());
        Report::Failed(message)
    }
}

impl LayoutWorker {
    /// Starts a worker on `start`'s simulation, when workers are available here; `on_report`
    /// gets every message back (and a [`Report::Failed`] if the worker dies).
    pub fn spawn(start: &Start, on_report: impl Fn(Report) + 'static) -> Option<Self> {
        let (url, module) = WORKER.with(|slot| {
            let source = slot.borrow();
            let source = source.as_ref()?;
            Some((source.url.clone(), source.module.clone()))
        })?;
        // Throws for a script on another origin (or a file:// URL): the caller falls back.
        let worker = Worker::new(&url).ok()?;
        let on_report = std::rc::Rc::new(on_report);
        let on_message = {
            let on_report = on_report.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                on_report(parse_report(&event.data()));
            })
        };
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            on_report(Report::Failed("the layout worker could not run".into()));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        let simulation = start.simulation;
        let bodies = simulation.bodies();
        let positions: Vec<f64> = bodies
            .x
            .iter()
            .zip(&bodies.y)
            .flat_map(|(&x, &y)| [x, y])
            .collect();
        let links: Vec<u32> = start
            .links
            .iter()
            .flat_map(|&(s, t)| [s as u32, t as u32])
            .collect();
        let pins: Vec<f64> = (0..simulation.len())
            .filter(|&index| simulation.is_pinned(index))
            .flat_map(|index| [index as f64, bodies.x[index], bodies.y[index]])
            .collect();
        let message = object(&[
            ("type", "start".into()),
            (
                "layout",
                Float64Array::from(start.layout.encode().as_slice()).into(),
            ),
            ("links", Uint32Array::from(links.as_slice()).into()),
            ("radii", Float64Array::from(start.collide_radii).into()),
            ("positions", Float64Array::from(positions.as_slice()).into()),
            ("pins", Float64Array::from(pins.as_slice()).into()),
            ("alpha", simulation.alpha.into()),
            ("alphaTarget", simulation.alpha_target.into()),
            ("paused", start.paused.into()),
            ("module", module.map_or(JsValue::UNDEFINED, JsValue::from)),
        ]);
        worker.post_message(&message).ok()?;
        Some(Self {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends `command`, numbered `sequence` (the worker echoes the last number it handled in
    /// each report).
    pub fn send(&self, command: Command, sequence: u32) {
        let message = match command {
            Command::Pin { index, x, y } => object(&[
                ("type", "pin".into()),
                ("index", (index as f64).into()),
                ("x", x.into()),
                ("y", y.into()),
            ]),
            Command::Unpin(index) => {
                object(&[("type", "unpin".into()), ("index", (index as f64).into())])
            }
            Command::Alpha(value) => object(&[("type", "alpha".into()), ("value", value.into())]),
            Command::AlphaTarget(value) => {
                object(&[("type", "alphaTarget".into()), ("value", value.into())])
            }
            Command::Pause(paused) => {
                object(&[("type", "pause".into()), ("paused", paused.into())])
            }
            Command::Ack => object(&[("type", "ack".into())]),
        };
        let _ = Reflect::set(&message, &"sequence".into(), &sequence.into());
        let _ = self.worker.post_message(&message);
    }
}

impl Drop for LayoutWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
