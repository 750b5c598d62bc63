//! A panic must never leave a frozen page: the hook replaces it with a message.

use wasm_bindgen::JsCast;

/// Installs a panic hook that logs the panic and shows an alert over the page. The wasm module
/// cannot continue after a panic (it aborts), so the message asks for a reload.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let detail = info.to_string();
        web_sys::console::error_1(&detail.clone().into());
        show_message(&detail);
    }));
}

fn show_message(detail: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
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
