//! Escaping text for XML and HTML: one module for every writer of markup (GraphML, GEXF, SVG,
//! the standalone page, the embed snippet).
//!
//! XML 1.0 cannot carry most control characters (U+0000–U+001F but tab, line feed and carriage
//! return; also U+FFFE and U+FFFF) at all, not even as character references, and a reader
//! turns a tab or line break inside an attribute into a space, and a carriage return anywhere
//! into a line feed. [`escape`] writes tab, line feed and carriage return as character
//! references, which readers keep exact, and leaves out the characters XML cannot carry, for
//! pictures and pages. [`escape_exact`] is for data exports, where every value must come back
//! exact and distinct values must stay distinct: it writes those characters as `\uXXXX`, a
//! reversible encoding ([`decode_exact`] undoes it) described in docs/data-format.md.

/// Whether XML 1.0 can carry `c` (as a character or a character reference).
fn xml_can_carry(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

fn push_escaped(escaped: &mut String, c: char) {
    match c {
        '&' => escaped.push_str("&amp;"),
        '<' => escaped.push_str("&lt;"),
        '>' => escaped.push_str("&gt;"),
        '"' => escaped.push_str("&quot;"),
        '\'' => escaped.push_str("&apos;"),
        '\t' => escaped.push_str("&#9;"),
        '\n' => escaped.push_str("&#10;"),
        '\r' => escaped.push_str("&#13;"),
        c => escaped.push(c),
    }
}

/// Text safe inside XML or HTML character data and attribute values, for pictures and pages:
/// escaped, and without the characters XML 1.0 cannot carry (which no reader would accept).
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| xml_can_carry(c)) {
        push_escaped(&mut escaped, c);
    }
    escaped
}

/// Text for a data export's XML, exact: escaped as [`escape`] does, and each character XML
/// 1.0 cannot carry written as `\u` and four hex digits. So that this stays reversible, a
/// backslash is doubled where it could be read as the start of such an escape: before `u`,
/// before another backslash, and before a character that is itself escaped. Any other
/// backslash stays as it is, so ordinary text (`C:\path`) is written unchanged.
pub fn escape_exact(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !xml_can_carry(c) {
            escaped.push_str(&format!("\\u{:04X}", c as u32));
        } else if c == '\\' {
            let ambiguous = chars
                .peek()
                .is_some_and(|&next| next == 'u' || next == '\\' || !xml_can_carry(next));
            escaped.push_str(if ambiguous { "\\\\" } else { "\\" });
        } else {
            push_escaped(&mut escaped, c);
        }
    }
    escaped
}

/// The value [`escape_exact`] encoded, from the text an XML reader gives back: `\\` is one
/// backslash, `\u` with four hex digits the character they name, and any other backslash is
/// itself.
pub fn decode_exact(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        decoded.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('\\') {
            decoded.push('\\');
            rest = tail;
        } else if let Some(c) = after
            .strip_prefix('u')
            .and_then(|hex| hex.get(..4))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
        {
            decoded.push(c);
            rest = &after[5..];
        } else {
            decoded.push('\\');
            rest = after;
        }
    }
    decoded.push_str(rest);
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_characters_xml_cannot_carry_dropped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(
            escape("bell\u{7}tab\tnew\nline\r"),
            "belltab&#9;new&#10;line&#13;"
        );
    }

    /// What an XML reader gives back for `escaped`: character references resolved (the few
    /// this module writes).
    fn as_read(escaped: &str) -> String {
        escaped
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&#9;", "\t")
            .replace("&#10;", "\n")
            .replace("&#13;", "\r")
            .replace("&amp;", "&")
    }

    #[test]
    fn exact_escaping_keeps_ordinary_text_and_encodes_what_xml_cannot_carry() {
        assert_eq!(escape_exact("C:\\path and \\n"), "C:\\path and \\n");
        assert_eq!(escape_exact("ctl\u{1}"), "ctl\\u0001");
        assert_eq!(escape_exact("ctl\u{FFFE}"), "ctl\\uFFFE");
        assert_eq!(
            escape_exact("\\u0001"),
            "\\\\u0001",
            "a literal escape is not one"
        );
        assert_eq!(escape_exact("\\\u{2}"), "\\\\\\u0002");
        assert_eq!(escape_exact("a\tb"), "a&#9;b");
    }

    #[test]
    fn exact_escaping_is_reversible_and_keeps_distinct_values_distinct() {
        let pieces = [
            "\\", "u", "\\u", "0041", "\u{0}", "\u{1}", "\u{1F}", "\t", "\n", "\r", "\u{FFFE}",
            "\u{FFFF}", "a", "&", "<", "\"", "é", "🕊️", "\u{202E}", "\\\\",
        ];
        let mut seed = 11u64;
        let mut next = |below: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % below
        };
        let mut seen = std::collections::HashMap::new();
        for _ in 0..20_000 {
            let text: String = (0..next(7)).map(|_| pieces[next(pieces.len())]).collect();
            let escaped = escape_exact(&text);
            assert!(escaped.chars().all(xml_can_carry), "{text:?} → {escaped:?}");
            assert_eq!(decode_exact(&as_read(&escaped)), text, "{escaped:?}");
            if let Some(other) = seen.insert(escaped.clone(), text.clone()) {
                assert_eq!(other, text, "two values, one encoding: {escaped:?}");
            }
        }
    }
}
