//! Getting an export's bytes: from a download or a local file's stream, read as they arrive,
//! with progress, into the JS heap; then into the module's memory when it is time to read them.

use super::{pause, start_progress};
use crate::model;
use crate::ui::state::{AppState, LoadProgress};
use js_sys::{Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Downloads `url`, with progress.
pub(super) async fn fetch_bytes(state: AppState, url: &str, name: &str) -> Result<Input, String> {
    start_progress(state, name, None);
    let response = JsFuture::from(window().fetch_with_str(url))
        .await
        .map_err(|_| {
            "the request failed (the address is unreachable, or the server does not allow \
             this page to read it)"
                .to_owned()
        })?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let total_bytes = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.parse::<f64>().ok());
    let body = response.body().ok_or("the response has no body")?;
    read_stream(state, body, name, total_bytes).await
}

/// How long reading goes on between progress reports (and chances for the page to paint).
pub(super) const PROGRESS_SLICE_MS: f64 = 40.0;

pub(super) fn now() -> f64 {
    window()
        .performance()
        .map_or(0.0, |performance| performance.now())
}

/// Reads a byte stream to the end, reporting progress as it goes.
pub(super) async fn read_stream(
    state: AppState,
    stream: web_sys::ReadableStream,
    name: &str,
    total_bytes: Option<f64>,
) -> Result<Input, String> {
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let declared = total_bytes.map(|total| total.clamp(0.0, u32::MAX as f64) as usize);
    // Read into the JS heap, not the module's memory: while a load is under way the data on
    // screen stays, and a buffer this size taken from the module's memory beside it would have
    // to grow that memory for good (it never shrinks). It is copied in once the room is free.
    let mut bytes = Uint8Array::new_with_length(0);
    let mut length = 0;
    let started = now();
    let mut last_break = started;
    loop {
        let result = JsFuture::from(reader.read())
            .await
            .map_err(|error| format!("reading stopped: {}", describe_js_error(&error)))?;
        let done = Reflect::get(&result, &JsValue::from_str("done"))
            .ok()
            .and_then(|done| done.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&result, &JsValue::from_str("value"))
            .map_err(|_| "the stream gave no data".to_owned())?
            .unchecked_into();
        let needed = length + chunk.length() as usize;
        if needed > bytes.length() as usize {
            let capacity = model::read_buffer_capacity(needed, declared);
            let room = u32::try_from(capacity)
                .map_err(|_| "the data is larger than 4 GB, more than a browser can hold")?;
            let grown = Uint8Array::new_with_length(room);
            grown.set(&bytes.subarray(0, length as u32), 0);
            bytes = grown;
        }
        bytes.set(&chunk, length as u32);
        length = needed;
        // A local file's chunks arrive as fast as they are asked for, all in one task: report
        // progress and let the page paint it every so often, not after each of thousands of
        // chunks (measured: 173 MB read in one 2-second task with a progress update per chunk).
        if now() - last_break > PROGRESS_SLICE_MS {
            state.progress.set(Some(LoadProgress {
                name: name.to_owned(),
                bytes_read: length as f64,
                total_bytes,
                reading: None,
                checking: false,
            }));
            pause(0).await;
            last_break = now();
        }
    }
    Ok(Input::Page(bytes.subarray(0, length as u32)))
}

/// An export's bytes, where they were read to.
pub(super) enum Input {
    /// In the module's memory (text handed over by a host page or a standalone file).
    Module(Vec<u8>),
    /// In the JS heap (a file or a download, read as it arrived).
    Page(Uint8Array),
}

impl Input {
    pub(super) fn len(&self) -> usize {
        match self {
            Input::Module(bytes) => bytes.len(),
            Input::Page(bytes) => bytes.length() as usize,
        }
    }

    /// A copy in the JS heap, to hand over to a worker.
    pub(super) fn copy_for_worker(&self) -> Uint8Array {
        match self {
            Input::Module(bytes) => Uint8Array::from(bytes.as_slice()),
            Input::Page(bytes) => bytes.slice(0, bytes.length()),
        }
    }

    /// The bytes in the module's memory, where the reader needs them: for bytes read into the
    /// JS heap, in the room kept from the last load ([`give_back`] returns it).
    pub(super) fn into_module(self) -> Vec<u8> {
        match self {
            Input::Module(bytes) => bytes,
            Input::Page(bytes) => {
                let mut room = READ_ROOM.with(|room| std::mem::take(&mut *room.borrow_mut()));
                room.clear();
                room.resize(bytes.length() as usize, 0);
                bytes.copy_to(&mut room);
                room
            }
        }
    }
}

thread_local! {
    /// The room the last export was read into, kept for the next one. Why: an export's bytes
    /// need one contiguous block of the module's memory, which never shrinks. Freed, that block
    /// is soon split by smaller allocations, and the next large export must grow the memory by
    /// its whole size again (measured: +76.6 MB at the third load of a 76.6 MB export, with the
    /// same amount in use); kept, the block is reused. It stays within the memory's high-water
    /// mark, which that load reached anyway. A load takes it out while it reads (a load started
    /// meanwhile, in this or another instance, gets a block of its own), and gives it back.
    static READ_ROOM: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Keeps `bytes`' block for the next load, unless the one kept is larger.
pub(super) fn give_back(bytes: Vec<u8>) {
    READ_ROOM.with(|room| {
        let mut room = room.borrow_mut();
        if bytes.capacity() > room.capacity() {
            *room = bytes;
        }
    });
}

fn describe_js_error(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .unwrap_or_else(|| "unknown error".to_owned())
}
