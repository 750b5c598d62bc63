//! Saving a file the app made (an export) to the user's machine. Everything happens in the
//! browser: the file is built in memory and handed to the browser's download, never uploaded.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `text` as a file named `name` with MIME type `mime`.
pub fn save_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    save_url(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Offers the resource at `url` (an object or data URL) as a file named `name`.
pub fn save_url(name: &str, url: &str) {
    let Ok(anchor) = document().create_element("a") else {
        return;
    };
    let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
    anchor.set_href(url);
    anchor.set_download(name);
    anchor.click();
}

/// Closes the `<details>` menu an event came from, as menus do once something is chosen, and
/// gives focus back to the menu's `<summary>`: the chosen item is hidden now, and focus left on
/// it would fall to the page's start (a keyboard user would have to Tab back from the top).
pub fn close_menu(event: &web_sys::Event) {
    let menu = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("details").ok().flatten());
    if let Some(menu) = menu {
        let _ = menu.remove_attribute("open");
        if let Ok(Some(summary)) = menu.query_selector("summary") {
            if let Some(summary) = summary.dyn_ref::<web_sys::HtmlElement>() {
                let _ = summary.focus();
            }
        }
    }
}

/// A file name from the dataset's title: lower case, letters and digits joined by dashes.
pub fn file_stem(title: Option<&str>) -> String {
    let slug = crate::model::slug(title.unwrap_or_default());
    if slug.is_empty() {
        "event-lens-export".to_owned()
    } else {
        slug.chars().take(60).collect()
    }
}
