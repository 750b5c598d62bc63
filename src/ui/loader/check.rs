//! Checking a large export in a worker (`www/load-check-worker.js` running `load_check.wasm`)
//! before the page lets go of the data it shows, so that the page's memory never has to hold
//! two large datasets at once (why it matters: see `crates/load-check`).

use js_sys::{Array, Object, Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// Where the check worker's script is, and its module's bytes when the worker cannot fetch them
/// itself.
struct CheckerSource {
    url: String,
    module: Option<Uint8Array>,
}

thread_local! {
    static CHECKER: RefCell<Option<CheckerSource>> = const { RefCell::new(None) };
}

/// Where `load-check-worker.js` is, called before anything mounts by `boot.js` and `embed.js`
/// (from another origin with a blob URL and the module's bytes). Without it (a standalone file),
/// a large load holds the old and the new data for a moment, as every load did before.
#[wasm_bindgen]
pub fn use_load_checker(url: String, module: Option<Uint8Array>) {
    CHECKER.with(|slot| *slot.borrow_mut() = Some(CheckerSource { url, module }));
}

/// What the worker found.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    Loads,
    /// Why not, in the words the page's own loader would use.
    DoesNotLoad(String),
}

/// Ends the worker when the check is over, whichever way.
struct RunningCheck {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Drop for RunningCheck {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Has the worker read `bytes` (a copy it takes over; named `name`, which may say the format)
/// as the page would;
/// `on_progress` hears how far it got (elements read, fraction of the text). `None` when no
/// check could run: no worker here, or it failed to start or to finish.
pub async fn check_in_worker(
    bytes: Uint8Array,
    name: Option<&str>,
    on_progress: impl Fn(usize, f64) + 'static,
) -> Option<Verdict> {
    let (url, module) = CHECKER.with(|slot| {
        let source = slot.borrow();
        let source = source.as_ref()?;
        Some((source.url.clone(), source.module.clone()))
    })?;
    // Throws for a script on another origin (or a file:// URL): the caller loads as before.
    let worker = Worker::new(&url).ok()?;
    let mut resolve_slot = None;
    let answered = js_sys::Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let resolve = Rc::new(resolve_slot?);
    let on_message = {
        let resolve = resolve.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if field(&data, "type").as_string().as_deref() == Some("progress") {
                let count = field(&data, "count").as_f64().unwrap_or(0.0);
                let fraction = field(&data, "fraction").as_f64().unwrap_or(0.0);
                on_progress(count as usize, fraction.clamp(0.0, 1.0));
            } else {
                let _ = resolve.call1(&JsValue::NULL, &data);
            }
        })
    };
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let running = RunningCheck {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    };

    // Handed over to the worker (not copied again), and gone with it.
    let message = Object::new();
    let _ = Reflect::set(&message, &"bytes".into(), &bytes);
    let _ = Reflect::set(&message, &"name".into(), &name.unwrap_or_default().into());
    let module = module.map_or(JsValue::UNDEFINED, JsValue::from);
    let _ = Reflect::set(&message, &"module".into(), &module);
    running
        .worker
        .post_message_with_transfer(&message, &Array::of1(&bytes.buffer()))
        .ok()?;
    drop(bytes);

    let answer = JsFuture::from(answered).await.ok()?;
    drop(running);
    if field(&answer, "type").as_string().as_deref() != Some("verdict") {
        return None;
    }
    if field(&answer, "ok").as_bool() == Some(true) {
        return Some(Verdict::Loads);
    }
    let message = field(&answer, "message").as_string()?;
    Some(Verdict::DoesNotLoad(message))
}
