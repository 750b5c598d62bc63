//! Keeping the data's writing direction to itself. A title may hold a right-to-left override
//! (U+202E) or simply be Persian or Hebrew; quoted inside an app sentence ("“…” was the new
//! event"), its direction would leak into the words around it and could reverse them. Markup
//! isolates such a string with `<bdi>`; plain text (alerts, the document title, live regions,
//! canvas labels) with the Unicode isolates this module adds.

/// `text` between FIRST STRONG ISOLATE (U+2068) and POP DIRECTIONAL ISOLATE (U+2069): it takes
/// its direction from its own first strong character, and nothing inside it (an override or
/// embedding left open included) reaches the text around it.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// `text` in double quotes, isolated inside them: how app messages quote a value from the data
/// (`duplicate event id "…"`).
pub fn quote(text: &str) -> String {
    format!("\"{}\"", isolate(text))
}

#[cfg(test)]
mod tests {
    use super::isolate;

    #[test]
    fn an_isolated_string_is_wrapped_in_first_strong_and_pop_isolates() {
        assert_eq!(isolate("abc\u{202E}"), "\u{2068}abc\u{202E}\u{2069}");
        assert_eq!(isolate(""), "\u{2068}\u{2069}");
    }
}
