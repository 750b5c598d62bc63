//! Writing data back out: `event-graph/1` JSON that loads back to the identical dataset, and
//! formats for network tools (GraphML, GEXF, a CSV edge list). Each can take a subset of events
//! (a filtered list or an ego network), with the relations among them.

use crate::markup::escape_exact;
use crate::model::{Dataset, Direction, Event, Extra, Relation};
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::fmt::Write;

/// Which events to write: all, or the given event indices (relations among them follow).
#[derive(Clone, Copy, Debug)]
pub enum Selection<'a> {
    All,
    Events(&'a [usize]),
}

/// The events and relations a selection covers, in dataset order.
fn chosen<'d>(dataset: &'d Dataset, selection: Selection) -> (Vec<&'d Event>, Vec<&'d Relation>) {
    match selection {
        Selection::All => (
            dataset.events.iter().collect(),
            dataset.relations.iter().collect(),
        ),
        Selection::Events(indices) => {
            let mut indices = indices.to_vec();
            indices.sort_unstable();
            indices.dedup();
            let events: Vec<&Event> = indices
                .iter()
                .filter_map(|&i| dataset.events.get(i))
                .collect();
            let ids: HashSet<&str> = events.iter().map(|event| event.id.as_str()).collect();
            let relations = dataset
                .relations
                .iter()
                .filter(|r| ids.contains(r.source.as_str()) && ids.contains(r.target.as_str()))
                .collect();
            (events, relations)
        }
    }
}

fn with_extra(mut object: Map<String, Value>, extra: &Extra) -> Value {
    for (key, value) in extra {
        object.entry(key.clone()).or_insert_with(|| value.clone());
    }
    Value::Object(object)
}

fn insert_some(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value);
    }
}

fn event_json(event: &Event, unrecorded: &[&Relation]) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), json!(event.id));
    object.insert("title".into(), json!(event.title));
    insert_some(
        &mut object,
        "summary",
        event.summary.as_ref().map(|s| json!(s)),
    );
    insert_some(
        &mut object,
        "content",
        event.content.as_ref().map(|s| json!(s)),
    );
    insert_some(
        &mut object,
        "date",
        event.date.as_ref().map(|d| json!(d.raw)),
    );
    if let Some(location) = &event.location {
        let mut place = Map::new();
        insert_some(&mut place, "name", location.name.as_ref().map(|s| json!(s)));
        insert_some(&mut place, "lat", location.lat.map(|v| json!(v)));
        insert_some(&mut place, "lon", location.lon.map(|v| json!(v)));
        object.insert("location".into(), with_extra(place, &location.extra));
    }
    if !event.tags.is_empty() {
        object.insert("tags".into(), json!(event.tags));
    }
    if !event.sources.is_empty() {
        let sources = event.sources.iter().map(|source| {
            let mut object = Map::new();
            insert_some(
                &mut object,
                "title",
                source.title.as_ref().map(|s| json!(s)),
            );
            insert_some(&mut object, "url", source.url.as_ref().map(|s| json!(s)));
            insert_some(
                &mut object,
                "publisher",
                source.publisher.as_ref().map(|s| json!(s)),
            );
            insert_some(
                &mut object,
                "published",
                source.published.as_ref().map(|s| json!(s)),
            );
            with_extra(object, &source.extra)
        });
        object.insert("sources".into(), Value::Array(sources.collect()));
    }
    if !event.actor_responses.is_empty() {
        let responses = event.actor_responses.iter().map(|response| {
            let mut object = Map::new();
            insert_some(
                &mut object,
                "actor",
                response.actor.as_ref().map(|s| json!(s)),
            );
            object.insert("response".into(), json!(response.response));
            with_extra(object, &response.extra)
        });
        object.insert("actor_responses".into(), Value::Array(responses.collect()));
    }
    // Relations whose direction the input did not record go back where they came from: the
    // listing event's `related`, without a direction, so they load as unrecorded again.
    if !unrecorded.is_empty() {
        let related = unrecorded.iter().map(|relation| {
            let mut object = Map::new();
            object.insert("id".into(), json!(relation.target));
            object.insert("rationale".into(), json!(relation.rationale));
            insert_some(
                &mut object,
                "kind",
                relation.kind.as_ref().map(|s| json!(s)),
            );
            insert_some(&mut object, "score", relation.score.map(|v| json!(v)));
            with_extra(object, &relation.extra)
        });
        object.insert("related".into(), Value::Array(related.collect()));
    }
    if event.placeholder {
        object.insert("placeholder".into(), json!(true));
    }
    with_extra(object, &event.extra)
}

/// The data as an `event-graph/1` document. Loading it gives back the same [`Dataset`]:
/// every field, unknown fields included, placeholders and unrecorded directions kept.
pub fn to_event_graph(dataset: &Dataset, selection: Selection) -> Value {
    let (events, relations) = chosen(dataset, selection);
    let mut document = Map::new();
    document.insert("schema".into(), json!(dataset.schema));
    let mut meta = Map::new();
    insert_some(
        &mut meta,
        "title",
        dataset.meta.title.as_ref().map(|s| json!(s)),
    );
    insert_some(
        &mut meta,
        "generated_at",
        dataset.meta.generated_at.as_ref().map(|s| json!(s)),
    );
    document.insert("meta".into(), with_extra(meta, &dataset.meta.extra));
    if !dataset.actors.is_empty() {
        let actors = dataset.actors.iter().map(|actor| {
            let mut object = Map::new();
            object.insert("id".into(), json!(actor.id));
            object.insert("name".into(), json!(actor.name));
            insert_some(&mut object, "kind", actor.kind.as_ref().map(|s| json!(s)));
            with_extra(object, &actor.extra)
        });
        document.insert("actors".into(), Value::Array(actors.collect()));
    }
    let events_json = events
        .iter()
        .map(|event| {
            let unrecorded: Vec<&Relation> = relations
                .iter()
                .copied()
                .filter(|r| r.direction == Direction::Unrecorded && r.source == event.id)
                .collect();
            event_json(event, &unrecorded)
        })
        .collect();
    document.insert("events".into(), Value::Array(events_json));
    let recorded = relations
        .iter()
        .filter(|r| r.direction == Direction::SourceWasNew)
        .map(|relation| {
            let mut object = Map::new();
            object.insert("source".into(), json!(relation.source));
            object.insert("target".into(), json!(relation.target));
            object.insert("rationale".into(), json!(relation.rationale));
            insert_some(
                &mut object,
                "kind",
                relation.kind.as_ref().map(|s| json!(s)),
            );
            insert_some(&mut object, "score", relation.score.map(|v| json!(v)));
            with_extra(object, &relation.extra)
        });
    document.insert("relations".into(), Value::Array(recorded.collect()));
    with_extra(document, &dataset.extra)
}

fn date_text(event: &Event) -> String {
    event
        .date
        .as_ref()
        .map(|d| d.raw.clone())
        .unwrap_or_default()
}

fn direction_text(relation: &Relation) -> &'static str {
    match relation.direction {
        Direction::SourceWasNew => "source was new",
        Direction::Unrecorded => "not recorded",
    }
}

/// GraphML with `title`, `date`, `summary`, `placeholder` on nodes and `kind`, `rationale`,
/// `score`, `direction` on edges. Parallel edges (two rationales for one pair) are kept. Every
/// id and value is written with [`escape_exact`], so each comes back exact and distinct.
pub fn to_graphml(dataset: &Dataset, selection: Selection) -> String {
    let (events, relations) = chosen(dataset, selection);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
         <key id=\"title\" for=\"node\" attr.name=\"title\" attr.type=\"string\"/>\n\
         <key id=\"date\" for=\"node\" attr.name=\"date\" attr.type=\"string\"/>\n\
         <key id=\"summary\" for=\"node\" attr.name=\"summary\" attr.type=\"string\"/>\n\
         <key id=\"placeholder\" for=\"node\" attr.name=\"placeholder\" attr.type=\"boolean\"/>\n\
         <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n\
         <key id=\"rationale\" for=\"edge\" attr.name=\"rationale\" attr.type=\"string\"/>\n\
         <key id=\"score\" for=\"edge\" attr.name=\"score\" attr.type=\"double\"/>\n\
         <key id=\"direction\" for=\"edge\" attr.name=\"direction\" attr.type=\"string\"/>\n\
         <graph id=\"events\" edgedefault=\"directed\">\n",
    );
    for event in &events {
        let _ = writeln!(
            out,
            "<node id=\"{}\"><data key=\"title\">{}</data><data key=\"date\">{}</data><data key=\"summary\">{}</data><data key=\"placeholder\">{}</data></node>",
            escape_exact(&event.id),
            escape_exact(&event.title),
            escape_exact(&date_text(event)),
            escape_exact(event.summary.as_deref().unwrap_or("")),
            event.placeholder
        );
    }
    for (index, relation) in relations.iter().enumerate() {
        let _ = write!(
            out,
            "<edge id=\"r{index}\" source=\"{}\" target=\"{}\"><data key=\"kind\">{}</data><data key=\"rationale\">{}</data><data key=\"direction\">{}</data>",
            escape_exact(&relation.source),
            escape_exact(&relation.target),
            escape_exact(relation.kind.as_deref().unwrap_or("")),
            escape_exact(&relation.rationale),
            direction_text(relation)
        );
        if let Some(score) = relation.score.filter(|s| s.is_finite()) {
            let _ = write!(out, "<data key=\"score\">{score}</data>");
        }
        out.push_str("</edge>\n");
    }
    out.push_str("</graph>\n</graphml>\n");
    out
}

/// GEXF 1.2 with the same attributes as GraphML, for Gephi.
pub fn to_gexf(dataset: &Dataset, selection: Selection) -> String {
    let (events, relations) = chosen(dataset, selection);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <gexf xmlns=\"http://www.gexf.net/1.2draft\" version=\"1.2\">\n\
         <meta><creator>Event Lens</creator></meta>\n\
         <graph defaultedgetype=\"directed\" mode=\"static\">\n\
         <attributes class=\"node\" mode=\"static\">\n\
         <attribute id=\"0\" title=\"date\" type=\"string\"/>\n\
         <attribute id=\"1\" title=\"summary\" type=\"string\"/>\n\
         <attribute id=\"2\" title=\"placeholder\" type=\"boolean\"/>\n\
         </attributes>\n\
         <attributes class=\"edge\" mode=\"static\">\n\
         <attribute id=\"0\" title=\"kind\" type=\"string\"/>\n\
         <attribute id=\"1\" title=\"rationale\" type=\"string\"/>\n\
         <attribute id=\"2\" title=\"score\" type=\"double\"/>\n\
         <attribute id=\"3\" title=\"direction\" type=\"string\"/>\n\
         </attributes>\n<nodes>\n",
    );
    for event in &events {
        let _ = writeln!(
            out,
            "<node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"0\" value=\"{}\"/><attvalue for=\"1\" value=\"{}\"/><attvalue for=\"2\" value=\"{}\"/></attvalues></node>",
            escape_exact(&event.id),
            escape_exact(&event.title),
            escape_exact(&date_text(event)),
            escape_exact(event.summary.as_deref().unwrap_or("")),
            event.placeholder
        );
    }
    out.push_str("</nodes>\n<edges>\n");
    for (index, relation) in relations.iter().enumerate() {
        let _ = write!(
            out,
            "<edge id=\"{index}\" source=\"{}\" target=\"{}\"><attvalues><attvalue for=\"0\" value=\"{}\"/><attvalue for=\"1\" value=\"{}\"/><attvalue for=\"3\" value=\"{}\"/>",
            escape_exact(&relation.source),
            escape_exact(&relation.target),
            escape_exact(relation.kind.as_deref().unwrap_or("")),
            escape_exact(&relation.rationale),
            direction_text(relation)
        );
        if let Some(score) = relation.score.filter(|s| s.is_finite()) {
            let _ = write!(out, "<attvalue for=\"2\" value=\"{score}\"/>");
        }
        out.push_str("</attvalues></edge>\n");
    }
    out.push_str("</edges>\n</graph>\n</gexf>\n");
    out
}

/// How the CSV export writes a cell that a spreadsheet would run as a formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvCells {
    /// OWASP's advice against CSV injection: a cell that starts with `=`, `+`, `-`, `@`, a tab
    /// or a carriage return gets a `'` in front, so Excel and LibreOffice show it as text
    /// instead of running it (`=HYPERLINK(…)` would otherwise be a live link).
    Neutralised,
    /// Every cell exactly as in the data, for programs that read CSV as data.
    Raw,
}

/// Whether a spreadsheet would take a cell starting with `c` for a formula.
fn starts_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(text: &str, cells: CsvCells) -> String {
    let text = if cells == CsvCells::Neutralised && starts_formula(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// An edge list, `source,target,kind,rationale`, one relation per line (CRLF, RFC 4180), with
/// formula-like cells written as `cells` says.
pub fn to_csv_edges(dataset: &Dataset, selection: Selection, cells: CsvCells) -> String {
    let (_, relations) = chosen(dataset, selection);
    let mut out = String::from("source,target,kind,rationale\r\n");
    for relation in relations {
        let _ = write!(
            out,
            "{},{},{},{}\r\n",
            csv_field(&relation.source, cells),
            csv_field(&relation.target, cells),
            csv_field(relation.kind.as_deref().unwrap_or(""), cells),
            csv_field(&relation.rationale, cells)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let field = |text| csv_field(text, CsvCells::Neutralised);
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn csv_cells_a_spreadsheet_would_run_are_neutralised_unless_raw_is_asked_for() {
        let field = |text| csv_field(text, CsvCells::Neutralised);
        assert_eq!(
            field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(
                field(start).trim_start_matches('"').starts_with('\''),
                "{start:?}"
            );
        }
        assert_eq!(field("a=b"), "a=b", "only the first character counts");
        assert_eq!(csv_field("=1+1", CsvCells::Raw), "=1+1");
    }
}
