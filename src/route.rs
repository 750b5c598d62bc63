//! The views and their URLs. Routes live in the hash (`#/event/<id>`) so that the app works from
//! any folder of any static host and from `file://`, and back, forward and reload keep the view.

use crate::markup::escape;
use std::fmt::Write;

/// Steps around the focused event shown by `#/graph?focus=<id>` when no depth is given.
pub const DEFAULT_DEPTH: u8 = 1;
/// The deepest ego view offered: beyond three steps most graphs are whole again.
pub const MAX_DEPTH: u8 = 3;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/`: all events.
    Index,
    /// `#/event/<url-encoded id>`.
    Event(String),
    /// `#/graph`, or `#/graph?focus=<id>&depth=<k>` for the events within `k` steps of one.
    Graph { focus: Option<String>, depth: u8 },
    /// `#/relation/<source>/<target>`: the graph with that relation selected.
    Relation { source: String, target: String },
    /// Anything else: shown as "not found" with a way back.
    NotFound(String),
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let not_found = || Route::NotFound(hash.to_owned());
        match segments.as_slice() {
            [] => Route::Index,
            ["event", id] => percent_decode(id).map_or_else(not_found, Route::Event),
            ["graph"] => {
                let mut focus = None;
                let mut depth = DEFAULT_DEPTH;
                for pair in query.split('&').filter(|pair| !pair.is_empty()) {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    let Some(value) = percent_decode(&value.replace('+', " ")) else {
                        return not_found();
                    };
                    match key {
                        "focus" if !value.is_empty() => focus = Some(value),
                        "depth" => {
                            depth = value
                                .parse::<u8>()
                                .unwrap_or(DEFAULT_DEPTH)
                                .clamp(1, MAX_DEPTH)
                        }
                        _ => {}
                    }
                }
                Route::Graph { focus, depth }
            }
            ["relation", source, target] => {
                match (percent_decode(source), percent_decode(target)) {
                    (Some(source), Some(target)) => Route::Relation { source, target },
                    _ => not_found(),
                }
            }
            _ => not_found(),
        }
    }

    /// The link to an event's page.
    pub fn event_href(id: &str) -> String {
        Route::Event(id.to_owned()).to_hash()
    }

    /// The hash that shows this route, starting with `#`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Index => "#/".to_owned(),
            Route::Event(id) => format!("#/event/{}", percent_encode(id)),
            Route::Graph { focus: None, .. } => "#/graph".to_owned(),
            Route::Graph {
                focus: Some(id),
                depth,
            } => format!("#/graph?focus={}&depth={depth}", percent_encode(id)),
            Route::Relation { source, target } => format!(
                "#/relation/{}/{}",
                percent_encode(source),
                percent_encode(target)
            ),
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
            for route in [
                Route::Event(id.to_owned()),
                Route::Graph {
                    focus: Some(id.to_owned()),
                    depth: 2,
                },
                Route::Relation {
                    source: id.to_owned(),
                    target: format!("{id}+2"),
                },
            ] {
                assert_eq!(Route::parse(&route.to_hash()), route);
            }
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

/// The `<iframe>` that embeds Event Lens at `app_url` (the page's address without query or
/// hash) showing `route` of the data at `data_url`. Attribute values are escaped, so a title
/// or URL from data cannot break out of the snippet.
pub fn embed_snippet(
    app_url: &str,
    data_url: &str,
    route: &Route,
    width: &str,
    height: &str,
    title: &str,
) -> String {
    let data = if data_url.trim().is_empty() {
        String::new()
    } else {
        format!("&data={}", percent_encode(data_url.trim()))
    };
    let src = format!("{app_url}?embed=1{data}{}", route.to_hash());
    format!(
        "<iframe src=\"{}\" width=\"{}\" height=\"{}\" style=\"border:0;max-width:100%\" title=\"{}\" loading=\"lazy\"></iframe>",
        escape(&src),
        escape(width),
        escape(height),
        escape(&format!("Event Lens: {title}"))
    )
}

#[cfg(test)]
mod embed_tests {
    use super::*;

    #[test]
    fn the_embed_snippet_carries_data_route_and_size_and_escapes_what_it_quotes() {
        let snippet = embed_snippet(
            "https://lens.example.org/app/",
            "https://data.example.org/export.json?v=2&x=1",
            &Route::Event("a b".into()),
            "100%",
            "600",
            "Talks \"<b>\"",
        );
        assert_eq!(
            snippet,
            "<iframe src=\"https://lens.example.org/app/?embed=1&amp;data=https%3A%2F%2Fdata.example.org%2Fexport.json%3Fv%3D2%26x%3D1#/event/a%20b\" \
             width=\"100%\" height=\"600\" style=\"border:0;max-width:100%\" title=\"Event Lens: Talks &quot;&lt;b&gt;&quot;\" loading=\"lazy\"></iframe>"
        );
        let no_data = embed_snippet("https://x.example/", "", &Route::Index, "320", "480", "T");
        assert!(no_data.starts_with("<iframe src=\"https://x.example/?embed=1#/\""));
    }
}
