//! The views and their URLs. Routes live in the hash (`#/event/<id>`) so that the app works from
//! any folder of any static host and from `file://`, and back, forward and reload keep the view.

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/`: all events.
    Index,
    /// `#/event/<url-encoded id>`.
    Event(String),
    /// Anything else: shown as "not found" with a way back.
    NotFound(String),
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let path = hash.split('?').next().unwrap_or("");
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Index,
            ["event", id] => match percent_decode(id) {
                Some(id) => Route::Event(id),
                None => Route::NotFound(hash.to_owned()),
            },
            _ => Route::NotFound(hash.to_owned()),
        }
    }

    /// The hash that shows this route, starting with `#`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Index => "#/".to_owned(),
            Route::Event(id) => format!("#/event/{}", percent_encode(id)),
            Route::NotFound(hash) => format!("#{hash}"),
        }
    }
}

/// Encodes everything but RFC 3986 unreserved characters, so ids with `/`, `?`, `#`, spaces or
/// emoji survive the trip through the URL.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the bytes are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = text.get(at + 1..at + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            decoded.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_ids_round_trip_through_the_hash() {
        for id in [
            "plain",
            "with space",
            "a/b?c#d",
            "emoji 🕊️",
            "100%",
            "ترکیب",
        ] {
            let route = Route::Event(id.to_owned());
            assert_eq!(Route::parse(&route.to_hash()), route);
        }
    }

    #[test]
    fn hashes_map_to_views() {
        assert_eq!(Route::parse(""), Route::Index);
        assert_eq!(Route::parse("#/"), Route::Index);
        assert_eq!(Route::parse("#/event/a%20b"), Route::Event("a b".into()));
        assert_eq!(
            Route::parse("#/nowhere"),
            Route::NotFound("/nowhere".into())
        );
        assert_eq!(
            Route::parse("#/event/%E2%28"),
            Route::NotFound("/event/%E2%28".into())
        );
        assert_eq!(
            Route::parse("#/event/%zz"),
            Route::NotFound("/event/%zz".into())
        );
    }
}
