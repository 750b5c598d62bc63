//! JSON Lines: one event object per line; a line with `source` and `target` is a relation, and
//! an optional line with `schema` or `meta` but no `id` describes the whole file.

use super::assemble::{Origin, Parts};
use super::json::{check_schema, describe, read_event_into, read_meta, read_relation};
use super::load::json_syntax_error;
use super::node::Node;
use super::path::JsonPath;
use super::{LoadError, Problem};

pub(super) fn read(text: &str, problems: &mut Vec<Problem>) -> Result<Parts, LoadError> {
    let mut parts = Parts::default();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value = Node::parse(line).map_err(|error| json_syntax_error(&error, index))?;
        let path = JsonPath::line(line_number);
        let Node::Object(mut object) = value else {
            return Err(LoadError::at(
                path,
                "each line must be a JSON object (an event, a relation, or a header)",
            ));
        };
        let is_relation = object.contains_key("source") && object.contains_key("target");
        let is_header = !object.contains_key("id")
            && (object.contains_key("schema") || object.contains_key("meta"));
        if is_relation {
            let relation = read_relation(Node::Object(object), &path, problems)?;
            parts.relations.push((relation, Origin::line(line_number)));
        } else if is_header {
            match object.remove("schema") {
                None | Some(Node::Null) => {}
                Some(Node::String(schema)) => {
                    check_schema(&schema, &path.key("schema"))?;
                    parts.schema = Some(schema.into_owned());
                }
                Some(other) => {
                    return Err(LoadError::at(
                        path.key("schema"),
                        format!("expected a string, found {}", describe(&other)),
                    ))
                }
            }
            if let Some(meta) = object.remove("meta").filter(|meta| !meta.is_null()) {
                parts.meta = read_meta(meta, &path.key("meta"), problems)?;
            }
            parts.extra.extend(object.into_map());
        } else {
            let origin = Origin::line(line_number);
            read_event_into(
                Node::Object(object),
                &path,
                origin,
                &mut parts.events,
                &mut parts.relations,
                problems,
            )?;
        }
    }
    if parts.events.is_empty() && parts.relations.is_empty() {
        return Err(LoadError::new("the JSON Lines file has no event lines"));
    }
    Ok(parts)
}
