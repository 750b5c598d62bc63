//! Where a value sits in the input, built without allocation and rendered only for messages.

use std::fmt;

/// One step from the document root: `events`, `[3]`, `title`, or a JSON Lines line number.
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
    Line(usize),
}

/// A path such as `events[3].title`, as a linked list on the stack: readers pass it down by
/// reference, and it becomes a string only when a problem is reported.
#[derive(Clone, Copy, Debug)]
pub struct JsonPath<'a> {
    parent: Option<&'a JsonPath<'a>>,
    step: Option<Step<'a>>,
}

impl<'a> JsonPath<'a> {
    pub const ROOT: JsonPath<'static> = JsonPath {
        parent: None,
        step: None,
    };

    pub fn key(&'a self, key: &'a str) -> JsonPath<'a> {
        self.child(Step::Key(key))
    }

    pub fn index(&'a self, index: usize) -> JsonPath<'a> {
        self.child(Step::Index(index))
    }

    pub fn line(line: usize) -> JsonPath<'static> {
        JsonPath {
            parent: None,
            step: Some(Step::Line(line)),
        }
    }

    fn child(&'a self, step: Step<'a>) -> JsonPath<'a> {
        JsonPath {
            parent: Some(self),
            step: Some(step),
        }
    }

    fn write_steps(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.write_steps(f)?;
        }
        let Some(step) = self.step else {
            return Ok(());
        };
        let at_start = self.parent.is_none_or(|parent| parent.step.is_none());
        match step {
            Step::Line(line) => write!(f, "line {line}"),
            Step::Index(index) => write!(f, "[{index}]"),
            Step::Key(key) if is_plain_identifier(key) => {
                if at_start {
                    f.write_str(key)
                } else if matches!(self.parent.and_then(|p| p.step), Some(Step::Line(_))) {
                    write!(f, ": {key}")
                } else {
                    write!(f, ".{key}")
                }
            }
            Step::Key(key) => write!(f, "[{}]", serde_json::Value::from(key)),
        }
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.step.is_none() {
            return f.write_str("(document)");
        }
        self.write_steps(f)
    }
}

fn is_plain_identifier(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::JsonPath;

    #[test]
    fn paths_render_like_javascript_accessors() {
        let root = JsonPath::ROOT;
        let events = root.key("events");
        let third = events.index(3);
        assert_eq!(third.key("title").to_string(), "events[3].title");
        assert_eq!(root.to_string(), "(document)");
        let meta = root.key("meta");
        assert_eq!(meta.key("odd key").to_string(), "meta[\"odd key\"]");
        let line = JsonPath::line(7);
        assert_eq!(line.key("title").to_string(), "line 7: title");
        let related = line.key("related");
        assert_eq!(
            related.index(0).key("id").to_string(),
            "line 7: related[0].id"
        );
    }
}
