//! A panic must never leave a frozen page: it is replaced with a message.
//!
//! Release builds compile a panic to a bare WebAssembly trap (`-Cpanic=immediate-abort`, see
//! scripts/build.sh), which runs no hook: the trap reaches JavaScript as an uncaught
//! `WebAssembly.RuntimeError` (from an event listener, a timer or an animation frame) or as an
//! unhandled rejection (from a promise callback), and the listeners installed here show the
//! message. Builds with ordinary panics (tests, `build.sh --dev`) also run the panic hook, which
//! adds the panic's own text.

use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, PromiseRejectionEvent};

/// Which WebAssembly traps on the page are Event Lens's to report.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TrapScope {
    /// The page is Event Lens's (the app, a standalone file): any trap on it is ours.
    WholePage,
    /// Event Lens is embedded in a host page, which may run WebAssembly of its own: only traps
    /// whose stack runs through our module (its frames name `event_lens_bg.wasm`).
    OwnModule,
}

/// Installs the panic hook and the trap listeners, once per page (embedded instances share them).
pub fn install_hook(scope: TrapScope) {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::Relaxed) {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let detail = info.to_string();
        web_sys::console::error_1(&detail.clone().into());
        show_message(&detail);
    }));
    let Some(window) = web_sys::window() else {
        return;
    };
    // These run after a trap has stopped the module mid-call; they touch no state of the app,
    // only the document.
    let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
        if is_trap(&event.error(), scope) {
            show_message(&event.message());
        }
    });
    let on_rejection =
        Closure::<dyn Fn(PromiseRejectionEvent)>::new(move |event: PromiseRejectionEvent| {
            let reason = event.reason();
            if is_trap(&reason, scope) {
                show_message(&String::from(js_sys::Error::from(reason).message()));
            }
        });
    let _ = window.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback(
        "unhandledrejection",
        on_rejection.as_ref().unchecked_ref(),
    );
    // The page's lifetime: the listeners are never removed.
    on_error.forget();
    on_rejection.forget();
}

fn is_trap(error: &JsValue, scope: TrapScope) -> bool {
    error.is_instance_of::<js_sys::WebAssembly::RuntimeError>()
        && (scope == TrapScope::WholePage
            || js_sys::Reflect::get(error, &"stack".into())
                .ok()
                .and_then(|stack| stack.as_string())
                .is_some_and(|stack| stack.contains("event_lens_bg.wasm")))
}

/// Shows the message over the page (once: a second failure adds nothing).
fn show_message(detail: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if document.get_element_by_id("internal-error").is_some() {
        return;
    }
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_id("internal-error");
    let _ = panel.set_attribute("role", "alert");
    panel.set_text_content(Some(&format!(
        "Event Lens stopped because of an internal error, and the page no longer responds. \
         Reload the page to start again; your data files are not affected. Details: {detail}"
    )));
    if let Some(body) = document.body() {
        let _ = body.append_child(panel.unchecked_ref());
    }
}
