//! The plain-text event page of the upstream export (see ../shared/seeds/ for a real one):
//!
//! ```text
//! <title>
//! Summary
//! <summary lines>
//! Full Content
//! <content lines>
//! Sources (N)
//! <one source per line>
//! Actor Responses
//! <one response per line>
//! Related Events (N)
//! "<one quoted rationale per line>"
//! ```
//!
//! The page names related events only through their rationales, so each becomes a placeholder
//! event; the page does not say which side was new, so those relations are `Unrecorded`.

use super::assemble::{Origin, Parts};
use super::{ActorResponse, Direction, Event, EventDate, Problem, Relation, Source};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    /// Between the title and the first heading.
    Preamble,
    Summary,
    Content,
    Sources,
    ActorResponses,
    Related,
}

/// Recognises a section heading line, with the count some headings announce.
fn heading(line: &str) -> Option<(Section, Option<usize>)> {
    let line = line.trim().to_ascii_lowercase();
    let (name, count) = match line
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
    {
        Some((name, count)) => (name.to_owned(), Some(count.parse().ok()?)),
        None => (line, None),
    };
    let section = match name.as_str() {
        "summary" => Section::Summary,
        "full content" | "content" => Section::Content,
        "sources" => Section::Sources,
        "actor responses" => Section::ActorResponses,
        "related events" => Section::Related,
        _ => return None,
    };
    Some((section, count))
}

/// A text page starts with a title line and has at least one recognised heading.
pub(super) fn looks_like_text_page(text: &str) -> bool {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    lines.next().is_some_and(|title| heading(title).is_none())
        && lines.any(|l| heading(l).is_some())
}

pub(super) fn read(text: &str, file_name: Option<&str>, problems: &mut Vec<Problem>) -> Parts {
    let mut lines = text
        .lines()
        .enumerate()
        .skip_while(|(_, line)| line.trim().is_empty());
    let title = lines.next().map_or("", |(_, line)| line.trim()).to_owned();
    let id = page_id(file_name, &title);

    let mut section = Section::Preamble;
    let mut summary = Vec::new();
    let mut content = Vec::new();
    let mut preamble = Vec::new();
    let mut sources = Vec::new();
    let mut actor_responses = Vec::new();
    let mut related = Vec::new();
    let mut counts_to_check = Vec::new();

    for (index, line) in lines {
        let line_number = index + 1;
        if let Some((next, count)) = heading(line) {
            section = next;
            if let Some(count) = count {
                counts_to_check.push((next, (count, line_number)));
            }
            continue;
        }
        let trimmed = line.trim();
        match section {
            Section::Summary => summary.push(trimmed),
            Section::Content => content.push(line.trim_end()),
            _ if trimmed.is_empty() => {}
            Section::Preamble => preamble.push(trimmed),
            Section::Sources => sources.push(parse_source_line(trimmed)),
            Section::ActorResponses => actor_responses.push(ActorResponse {
                actor: None,
                response: trimmed.to_owned(),
                extra: Default::default(),
            }),
            Section::Related => related.push((strip_quotes(trimmed).to_owned(), line_number)),
        }
    }

    for (section, (count, line_number)) in counts_to_check {
        let (found, what) = match section {
            Section::Sources => (sources.len(), "sources"),
            Section::Related => (related.len(), "related events"),
            _ => continue,
        };
        if found != count {
            problems.push(Problem::at(
                format!("line {line_number}"),
                format!("the heading announces {count} but lists {found} {what}"),
            ));
        }
    }

    let mut event = Event {
        id: id.clone(),
        title,
        summary: join_paragraphs(&summary),
        content: join_paragraphs(&content),
        sources,
        actor_responses,
        ..Event::default()
    };
    for line in preamble {
        let date = EventDate::new(line.to_owned());
        if event.date.is_none() && date.parsed.is_some() {
            event.date = Some(date);
        } else {
            // Unlabelled lines are kept, not dropped, and shown under other fields.
            let lines = event
                .extra
                .entry("unlabelled_lines")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(lines) = lines {
                lines.push(Value::String(line.to_owned()));
            }
        }
    }

    let mut parts = Parts::default();
    for (number, (rationale, line_number)) in related.into_iter().enumerate() {
        let placeholder_id = format!("{id} / related {}", number + 1);
        parts.events.push((
            Event {
                id: placeholder_id.clone(),
                title: format!("Unnamed related event {}", number + 1),
                placeholder: true,
                ..Event::default()
            },
            Origin::line(line_number),
        ));
        parts.relations.push((
            Relation {
                source: id.clone(),
                target: placeholder_id,
                rationale,
                kind: None,
                score: None,
                direction: Direction::Unrecorded,
                extra: Default::default(),
            },
            Origin::line(line_number),
        ));
    }
    parts.events.insert(0, (event, Origin::line(1)));
    parts
}

/// The export names pages by id (`000_6606db7bc665eae2.txt`), so the file name is the best id;
/// without one, a slug of the title.
fn page_id(file_name: Option<&str>, title: &str) -> String {
    let stem = file_name
        .map(|name| name.rsplit(['/', '\\']).next().unwrap_or(name))
        .map(|name| name.rsplit_once('.').map_or(name, |(stem, _)| stem))
        .filter(|stem| !stem.trim().is_empty());
    if let Some(stem) = stem {
        return stem.to_owned();
    }
    let slug = super::slug(title);
    if slug.is_empty() {
        "event".to_owned()
    } else {
        slug
    }
}

/// Lines back into text: consecutive lines join with a newline, blank lines separate paragraphs.
fn join_paragraphs(lines: &[&str]) -> Option<String> {
    let text = lines.join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn strip_quotes(line: &str) -> &str {
    let quotes: &[char] = &['"', '“', '”', '«', '»'];
    match (line.strip_prefix(quotes), line.len() >= 2) {
        (Some(inner), true) => inner.strip_suffix(quotes).unwrap_or(inner),
        _ => line,
    }
}

/// A source line: a URL anywhere in it becomes the link; the rest is the citation title.
fn parse_source_line(line: &str) -> Source {
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://") || word.starts_with("https://"));
    let title = match url {
        Some(url) => line.replacen(url, "", 1),
        None => line.to_owned(),
    };
    let title = title.trim_matches(|c: char| c.is_whitespace() || "-–—|:()<>".contains(c));
    Source {
        title: (!title.is_empty()).then(|| title.to_owned()),
        url: url.map(str::to_owned),
        ..Source::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_recognised_with_and_without_counts() {
        assert_eq!(heading("Summary"), Some((Section::Summary, None)));
        assert_eq!(heading("Full Content"), Some((Section::Content, None)));
        assert_eq!(heading("Sources (1)"), Some((Section::Sources, Some(1))));
        assert_eq!(
            heading("Related Events (8)"),
            Some((Section::Related, Some(8)))
        );
        assert_eq!(heading("Related Events (eight)"), None);
        assert_eq!(heading("Summary of talks"), None);
    }

    #[test]
    fn source_lines_split_into_title_and_link() {
        let source = parse_source_line("Talks advance — https://news.example.org/a");
        assert_eq!(source.title.as_deref(), Some("Talks advance"));
        assert_eq!(source.url.as_deref(), Some("https://news.example.org/a"));
        assert_eq!(parse_source_line("Wire report").url, None);
    }

    #[test]
    fn page_ids_come_from_the_file_name_or_else_the_title() {
        assert_eq!(
            page_id(Some("dir/000_6606db7bc665eae2.txt"), "T"),
            "000_6606db7bc665eae2"
        );
        assert_eq!(page_id(None, "US and Iran: Talks!"), "us-and-iran-talks");
    }
}
