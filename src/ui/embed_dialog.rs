//! The "Embed" dialog: a ready `<iframe>` snippet for the current view, with the data's URL,
//! the route and a size, and a button that copies it.

use super::state::AppState;
use crate::route::embed_snippet;
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use wasm_bindgen_futures::JsFuture;

#[component]
pub fn EmbedButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let button = NodeRef::<html::Button>::new();
    // Closing the dialog (Close, Escape, the backdrop) gives focus back to the button that
    // opened it; otherwise it falls to the start of the page with the removed dialog.
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if was_open == Some(true) && !is_open {
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
        is_open
    });
    view! {
        <button node_ref=button type="button" class="button embed-button" on:click=move |_| open.set(true)>"Embed"</button>
        {move || open.get().then(|| Suspend::new(async move {
            embed_dialog(state, open).await.unwrap_or_else(|_| view! {
                <div class="embed-dialog" role="alert">
                    <p>"The Embed dialog could not be loaded (is the connection down?)."</p>
                    <button type="button" on:click=move |_| open.set(false)>"Close"</button>
                </div>
            }.into_any())
        }))}
    }
}

/// The dialog, from a module of its own (fetched the first time it opens): the snippet for the
/// current view, the data's address and the frame's size to edit, and a Copy button. Closing
/// it sets `open` to false.
#[leptos::wasm_split::wasm_split(embed_dialog, wasm_split_path = ::leptos::wasm_split, fallible)]
fn embed_dialog(state: AppState, open: RwSignal<bool>) -> Result<AnyView, SplitLoaderError> {
    let url = state
        .data
        .with_untracked(|data| data.as_ref().and_then(|d| d.source_url.clone()));
    let data_url = RwSignal::new(url.unwrap_or_default());
    let width = RwSignal::new("100%".to_owned());
    let height = RwSignal::new("600".to_owned());
    let copied = RwSignal::new(String::new());
    let snippet = move || {
        let location = window().location();
        let app_url = format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        );
        let title = state
            .data
            .with(|data| data.as_ref().and_then(|d| d.dataset.meta.title.clone()))
            .unwrap_or_else(|| "events".to_owned());
        embed_snippet(
            &app_url,
            &data_url.get(),
            &state.route.get(),
            &width.get(),
            &height.get(),
            &title,
        )
    };
    let copy = move |_| {
        let text = snippet();
        spawn_copy(text, copied);
    };
    // A modal dialog takes the focus when it opens, and Tab stays inside it: from Close on to
    // the first field, and Shift+Tab from the first field back to Close.
    let first_field = NodeRef::<html::Input>::new();
    let close_button = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if let Some(field) = first_field.get() {
            let _ = field.focus();
        }
    });
    let wrap_backwards = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Tab" && event.shift_key() {
            if let Some(button) = close_button.get_untracked() {
                event.prevent_default();
                let _ = button.focus();
            }
        }
    };
    let wrap_forwards = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Tab" && !event.shift_key() {
            if let Some(field) = first_field.get_untracked() {
                event.prevent_default();
                let _ = field.focus();
            }
        }
    };
    let local_file = move || {
        state
            .data
            .with(|data| data.as_ref().is_some_and(|d| d.source_url.is_none()))
            && data_url.get().is_empty()
    };
    Ok(view! {
        <div class="dialog-backdrop" on:click=move |_| open.set(false)></div>
        <div class="embed-dialog" role="dialog" aria-modal="true" aria-labelledby="embed-title"
            on:keydown=move |event| if event.key() == "Escape" { open.set(false) }>
            <h2 id="embed-title">"Embed this view"</h2>
            <p>"Paste this into a web page. It shows the current view of the data at the address below."</p>
            <label>"Data address (URL) "
                <input type="url" node_ref=first_field prop:value=move || data_url.get()
                    on:input=move |event| data_url.set(event_target_value(&event))
                    on:keydown=wrap_backwards/>
            </label>
            {move || local_file().then(|| view! {
                <p class="notice">"This data was opened from your computer. Publish the file and give its address, or save a standalone HTML file instead."</p>
            })}
            <div class="embed-size">
                <label>"Width " <input type="text" size="6" prop:value=move || width.get()
                    on:input=move |event| width.set(event_target_value(&event))/></label>
                <label>"Height " <input type="text" size="6" prop:value=move || height.get()
                    on:input=move |event| height.set(event_target_value(&event))/></label>
            </div>
            <textarea class="embed-snippet" readonly rows="4" aria-label="Embed code" prop:value=snippet></textarea>
            <p class="dialog-actions">
                <button type="button" class="button" on:click=copy>"Copy"</button>
                <button type="button" node_ref=close_button on:click=move |_| open.set(false)
                    on:keydown=wrap_forwards>"Close"</button>
                <span role="status">{move || copied.get()}</span>
            </p>
        </div>
    }
    .into_any())
}

/// Copies `text` with the Clipboard API; where the browser refuses, selects the snippet so the
/// user can press Ctrl+C.
fn spawn_copy(text: String, status: RwSignal<String>) {
    leptos::task::spawn_local(async move {
        let clipboard = window().navigator().clipboard();
        match JsFuture::from(clipboard.write_text(&text)).await {
            Ok(_) => status.set("Copied.".to_owned()),
            Err(_) => {
                if let Ok(Some(area)) = document().query_selector(".embed-snippet") {
                    if let Some(area) =
                        wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlTextAreaElement>(&area)
                    {
                        area.select();
                    }
                }
                status.set("Selected: press Ctrl+C (⌘C) to copy.".to_owned());
            }
        }
    });
}
