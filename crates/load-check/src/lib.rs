//! Event Lens's loader as a raw WebAssembly module for `www/load-check-worker.js`.
//!
//! Why it exists: a load never loses the data on screen, so while a new export is read the old
//! one stays. In the page's own memory that means two large datasets at once, and a WebAssembly
//! memory never shrinks: after the second large load the page would keep room for two for good.
//! Instead, when large data is replaced, the page first has this module read the new export in
//! a worker, in the worker's own memory, which goes away with the worker. Only once it is known
//! to load does the page let go of the old data and read the new export itself; a file that
//! does not load is reported without the old data ever leaving the screen. Both read with the
//! same code ([`event_lens::model::start_loading`]), so they reach the same verdict.
//!
//! The protocol, in calls: [`input_buffer`] makes room for the export's bytes and
//! [`hint_buffer`] for its file name (whose extension may name the format), which the caller
//! fills; [`start`]; [`step`] until it returns 1, reading [`progress_count`] and
//! [`progress_fraction`] in between; then [`finish`], and on 0 the error message at
//! [`message_pointer`], [`message_length`] bytes of UTF-8. One check per module instance: the
//! worker is ended once it has answered, and its memory with it, so buffers are never freed.

use event_lens::model::{start_loading, Loading};
use std::cell::RefCell;

#[derive(Default)]
struct Check {
    input: Option<&'static mut [u8]>,
    hint: Option<&'static mut [u8]>,
    loading: Option<Loading<'static>>,
    message: String,
}

thread_local! {
    static CHECK: RefCell<Check> = RefCell::new(Check::default());
}

fn with_check<R>(f: impl FnOnce(&mut Check) -> R) -> R {
    CHECK.with(|check| f(&mut check.borrow_mut()))
}

/// Room for a buffer of `length` bytes that lives as long as the module: this module checks
/// one export, then its worker ends.
fn lasting_buffer(length: u32) -> &'static mut [u8] {
    Box::leak(vec![0; length as usize].into_boxed_slice())
}

/// Makes room for the export's `length` bytes; the caller writes them at the returned address.
#[no_mangle]
pub extern "C" fn input_buffer(length: u32) -> *mut u8 {
    with_check(|check| check.input.insert(lasting_buffer(length)).as_mut_ptr())
}

/// Makes room for the export's file name, `length` bytes of UTF-8 (0 when it has none).
#[no_mangle]
pub extern "C" fn hint_buffer(length: u32) -> *mut u8 {
    with_check(|check| check.hint.insert(lasting_buffer(length)).as_mut_ptr())
}

/// Starts reading the bytes given to [`input_buffer`], with the name given to [`hint_buffer`].
#[no_mangle]
pub extern "C" fn start() {
    with_check(|check| {
        let input: &'static [u8] = check.input.take().unwrap_or_default();
        let hint: &'static [u8] = check.hint.take().unwrap_or_default();
        let hint = std::str::from_utf8(hint)
            .ok()
            .filter(|name| !name.is_empty());
        check.loading = Some(start_loading(input, hint));
    });
}

/// Reads up to `max_elements` more elements; 1 once everything is read (or reading failed).
#[no_mangle]
pub extern "C" fn step(max_elements: u32) -> u32 {
    with_check(|check| {
        check
            .loading
            .as_mut()
            .is_none_or(|loading| loading.step(max_elements as usize)) as u32
    })
}

/// Elements read so far.
#[no_mangle]
pub extern "C" fn progress_count() -> f64 {
    with_check(|check| {
        check
            .loading
            .as_ref()
            .map_or(0, |loading| loading.progress().0) as f64
    })
}

/// How far through the text reading is, from 0 to 1.
#[no_mangle]
pub extern "C" fn progress_fraction() -> f64 {
    with_check(|check| {
        check
            .loading
            .as_ref()
            .map_or(1.0, |loading| loading.progress().1)
    })
}

/// Ends the check: 1 when the export loads, 0 when it does not (the message says why, in the
/// very words the page would show for it).
#[no_mangle]
pub extern "C" fn finish() -> u32 {
    with_check(|check| match check.loading.take().map(Loading::finish) {
        Some(Ok(_)) => 1,
        Some(Err(error)) => {
            check.message = error.to_string();
            0
        }
        None => {
            check.message = "nothing was given to check".to_owned();
            0
        }
    })
}

#[no_mangle]
pub extern "C" fn message_pointer() -> *const u8 {
    with_check(|check| check.message.as_ptr())
}

#[no_mangle]
pub extern "C" fn message_length() -> u32 {
    with_check(|check| check.message.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, name: &str) -> Result<(), String> {
        let input = input_buffer(text.len() as u32);
        // SAFETY: `input_buffer` returned room for exactly `text.len()` bytes.
        unsafe { std::ptr::copy_nonoverlapping(text.as_ptr(), input, text.len()) };
        let hint = hint_buffer(name.len() as u32);
        // SAFETY: as above, for the name.
        unsafe { std::ptr::copy_nonoverlapping(name.as_ptr(), hint, name.len()) };
        start();
        while step(2) == 0 {
            assert!((0.0..=1.0).contains(&progress_fraction()));
        }
        if finish() == 1 {
            return Ok(());
        }
        // SAFETY: the message lives in the module's state until the next check.
        let message =
            unsafe { std::slice::from_raw_parts(message_pointer(), message_length() as usize) };
        Err(String::from_utf8(message.to_vec()).unwrap())
    }

    #[test]
    fn a_loadable_export_passes_and_a_broken_one_gives_the_pages_message() {
        let good = r#"{"events": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]}"#;
        assert_eq!(check(good, "export.json"), Ok(()));
        let broken = r#"{"events": [{"id": "a", "title": "A"}, {"id": "b", "title": ]}"#;
        let expected = event_lens::model::load(broken.as_bytes(), Some("export.json"))
            .map(|_| ())
            .map_err(|error| error.to_string());
        assert!(expected.is_err());
        assert_eq!(check(broken, "export.json"), expected);
    }

    #[test]
    fn the_file_name_still_names_the_format() {
        let lines = "{\"id\": \"a\", \"title\": \"A\"}\n{\"id\": \"b\", \"title\": \"B\"}\n";
        assert_eq!(check(lines, "events.jsonl"), Ok(()));
    }
}
