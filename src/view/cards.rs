//! Reading mode's cards: a relation's kind, which side was new, and its rationale wrapped to a
//! readable width, with "the new event" and "Event N" as links to the events they mean (as on
//! the event page); and where on screen a card may go: near its edge, inside the view, over no
//! node, label or other card.

use super::labels::{Coverage, LabelBox, LabelPlacer};
use super::style::{LINK, MUTED_TEXT, TEXT};
use super::text::{clip_chars, clip_to_width, CharWidths, Font, Measure};
use crate::model::rationale::{segments, Reference};
use crate::model::{Direction, Relation};

/// The width rationale text is wrapped to: about 45 characters, a comfortable line.
pub const CARD_TEXT_WIDTH: f64 = 260.0;
pub const CARD_PADDING: f64 = 8.0;
pub const LINE_HEIGHT: f64 = 16.0;
/// Where a line's text sits on its line: the baseline, this far below the line's top.
pub const BASELINE: f64 = 12.0;
/// Lines of rationale a card of reading mode shows (the bundled sample's longest takes 8);
/// the selected relation's card shows up to [`WHOLE_LINES`].
pub const READING_LINES: usize = 10;
pub const WHOLE_LINES: usize = 40;
/// Screen pixels kept free around a card.
const CARD_MARGIN: f64 = 4.0;
/// The step of the search for a free place, in screen pixels.
const SEARCH_STEP: f64 = 16.0;
/// How far from its edge a card may sit, in screen pixels: a longer leader is hard to
/// follow, and searching a crowded view to its far side costs a frame several milliseconds.
const CARD_REACH: f64 = 480.0;

/// A run of text on one line of a card, `x` pixels from the text's left edge, and the event it
/// links to (by event index), if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub x: f64,
    pub width: f64,
    pub colour: &'static str,
    pub link: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CardLine {
    pub font: Font,
    pub spans: Vec<Span>,
}

impl CardLine {
    /// The line as plain text: spans apart by more than nothing were a space apart.
    pub fn text(&self) -> String {
        let mut text = String::new();
        let mut end = 0.0;
        for span in &self.spans {
            if span.x > end + 0.01 {
                text.push(' ');
            }
            text.push_str(&span.text);
            end = span.x + span.width;
        }
        text
    }
}

/// A card's text laid out, wherever the card goes: its lines, its size in screen pixels
/// (padding included), and whether lines were left out.
#[derive(Clone, Debug, PartialEq)]
pub struct CardText {
    pub lines: Vec<CardLine>,
    pub width: f64,
    pub height: f64,
    pub clipped: bool,
}

/// The two events of a relation, by event index and title.
pub struct Ends<'a> {
    pub source: (usize, &'a str),
    pub target: (usize, &'a str),
}

/// One word (or part of one, where a reference ends inside it) and what it links to.
struct Token {
    text: String,
    link: Option<usize>,
    space_before: bool,
}

/// The rationale as words, each reference's words linked to the event it means.
fn tokens(relation: &Relation, ends: &Ends) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut pending_space = false;
    for segment in segments(&relation.rationale) {
        let link = segment.reference.map(|reference| match reference {
            Reference::NewEvent => ends.source.0,
            Reference::OtherEvent => ends.target.0,
        });
        for c in segment.text.chars() {
            if c.is_whitespace() {
                pending_space = true;
                continue;
            }
            match tokens.last_mut() {
                Some(last) if !pending_space && last.link == link => last.text.push(c),
                _ => {
                    tokens.push(Token {
                        text: c.to_string(),
                        link,
                        space_before: pending_space,
                    });
                    pending_space = false;
                }
            }
        }
    }
    tokens
}

/// Lays out a relation's card: the kind (in `accent`), which event was new, and at most
/// `max_lines` lines of rationale.
pub fn card_text(
    relation: &Relation,
    ends: &Ends,
    accent: &'static str,
    max_lines: usize,
    widths: &mut CharWidths,
    measure: &mut dyn Measure,
) -> CardText {
    let mut estimate = |font: Font, text: &str| widths.estimate(measure, font, text);
    let mut lines = Vec::new();
    let kind = relation.kind.as_deref().unwrap_or("Relation");
    let kind = clip_chars(kind, 60);
    let kind = clip_to_width(&kind, CARD_TEXT_WIDTH, &mut |t| {
        estimate(Font::CardTitle, t)
    })
    .unwrap_or_default();
    let kind_width = estimate(Font::CardTitle, &kind);
    lines.push(CardLine {
        font: Font::CardTitle,
        spans: vec![Span {
            text: kind,
            x: 0.0,
            width: kind_width,
            colour: accent,
            link: None,
        }],
    });
    lines.push(new_event_line(relation, ends, &mut estimate));

    let tokens = tokens(relation, ends);
    let space = estimate(Font::CardBody, " ");
    let ellipsis = estimate(Font::CardBody, "…");
    let mut body: Vec<Vec<Span>> = vec![Vec::new()];
    let mut x = 0.0;
    let mut clipped = false;
    'words: for token in &tokens {
        let mut text = token.text.as_str();
        let mut gap = if token.space_before && x > 0.0 {
            space
        } else {
            0.0
        };
        loop {
            let width = estimate(Font::CardBody, text);
            if x > 0.0 && x + gap + width > CARD_TEXT_WIDTH {
                if body.len() == max_lines {
                    clipped = true;
                    break 'words;
                }
                body.push(Vec::new());
                x = 0.0;
                gap = 0.0;
            }
            // A word longer than a line is cut between characters.
            let (piece, rest) = if width > CARD_TEXT_WIDTH {
                let cut = text
                    .char_indices()
                    .skip(1)
                    .take_while(|&(at, _)| estimate(Font::CardBody, &text[..at]) <= CARD_TEXT_WIDTH)
                    .last()
                    .map_or_else(
                        || text.chars().next().map_or(0, char::len_utf8),
                        |(at, _)| at,
                    );
                text.split_at(cut)
            } else {
                (text, "")
            };
            let width = estimate(Font::CardBody, piece);
            let line = body.last_mut().expect("a line is open");
            let colour = if token.link.is_some() { LINK } else { TEXT };
            match line.last_mut() {
                Some(last) if last.link == token.link => {
                    if gap > 0.0 {
                        last.text.push(' ');
                    }
                    last.text.push_str(piece);
                    last.width = x + gap + width - last.x;
                }
                _ => line.push(Span {
                    text: piece.to_owned(),
                    x: x + gap,
                    width,
                    colour,
                    link: token.link,
                }),
            }
            x += gap + width;
            if rest.is_empty() {
                break;
            }
            text = rest;
            gap = 0.0;
            x = CARD_TEXT_WIDTH + 1.0;
        }
    }
    if clipped {
        let line = body.last_mut().expect("a line is open");
        while line
            .last()
            .is_some_and(|last| last.x + last.width + ellipsis > CARD_TEXT_WIDTH)
        {
            line.pop();
        }
        let end = line.last().map_or(0.0, |last| last.x + last.width);
        line.push(Span {
            text: "…".into(),
            x: end,
            width: ellipsis,
            colour: TEXT,
            link: None,
        });
    }
    lines.extend(body.into_iter().map(|spans| CardLine {
        font: Font::CardBody,
        spans,
    }));
    let widest = lines
        .iter()
        .filter_map(|line| line.spans.last().map(|span| span.x + span.width))
        .fold(160.0, f64::max)
        .min(CARD_TEXT_WIDTH);
    CardText {
        width: widest + 2.0 * CARD_PADDING,
        height: lines.len() as f64 * LINE_HEIGHT + 2.0 * CARD_PADDING - 2.0,
        lines,
        clipped,
    }
}

/// "New: <title>" (a link to the event that was new when the relation was judged), or that
/// the export does not say which was.
fn new_event_line(
    relation: &Relation,
    ends: &Ends,
    estimate: &mut impl FnMut(Font, &str) -> f64,
) -> CardLine {
    let muted = |text: &str, width: f64| Span {
        text: text.to_owned(),
        x: 0.0,
        width,
        colour: MUTED_TEXT,
        link: None,
    };
    if relation.direction != Direction::SourceWasNew {
        let text = "Which event was new is not recorded";
        return CardLine {
            font: Font::CardBody,
            spans: vec![muted(text, estimate(Font::CardBody, text))],
        };
    }
    let label = "New: ";
    let label_width = estimate(Font::CardBody, label);
    let title = clip_chars(ends.source.1, 80);
    let title = clip_to_width(&title, CARD_TEXT_WIDTH - label_width, &mut |t| {
        estimate(Font::CardBody, t)
    })
    .unwrap_or_default();
    let title_width = estimate(Font::CardBody, &title);
    CardLine {
        font: Font::CardBody,
        spans: vec![
            muted(label, label_width),
            Span {
                text: title,
                x: label_width,
                width: title_width,
                colour: LINK,
                link: Some(ends.source.0),
            },
        ],
    }
}

/// Where a card of `size` goes near `anchor` (screen pixels): the free place nearest to it
/// (its top-left corner), wholly inside a `viewport` of that size, overlapping nothing `placer`
/// holds or `nodes` covers; the card is then held by `placer`. `None` when no place is free.
pub fn place_card(
    (width, height): (f64, f64),
    anchor: (f64, f64),
    (view_width, view_height): (f64, f64),
    placer: &mut LabelPlacer,
    nodes: &Coverage,
) -> Option<(f64, f64)> {
    let card_box = |cx: f64, cy: f64| LabelBox {
        cx,
        cy,
        half_width: width / 2.0 + CARD_MARGIN,
        half_height: height / 2.0 + CARD_MARGIN,
        angle: 0.0,
    };
    let inside = |cx: f64, cy: f64| {
        cx - width / 2.0 >= CARD_MARGIN
            && cx + width / 2.0 <= view_width - CARD_MARGIN
            && cy - height / 2.0 >= CARD_MARGIN
            && cy + height / 2.0 <= view_height - CARD_MARGIN
    };
    // Rings of candidate centres around the anchor, nearest first within each ring, out to
    // the far side of the view or CARD_REACH, whichever is nearer.
    let rings = (view_width.max(view_height).min(CARD_REACH) / SEARCH_STEP).ceil() as i64 + 1;
    // (squared distance to the anchor, centre), for the ring being searched.
    let mut ring: Vec<(f64, (f64, f64))> = Vec::new();
    for k in 0..=rings {
        ring.clear();
        // The ring's perimeter only: its top and bottom rows, then its sides between them.
        let rows = (-k..=k).flat_map(|i| [(i, -k), (i, k)]);
        let sides = (1 - k..k).flat_map(|j| [(-k, j), (k, j)]);
        for (i, j) in rows.chain(sides) {
            let (dx, dy) = (i as f64 * SEARCH_STEP, j as f64 * SEARCH_STEP);
            let (cx, cy) = (anchor.0 + dx, anchor.1 + dy);
            if inside(cx, cy) && (k > 0 || ring.is_empty()) {
                ring.push((dx * dx + dy * dy, (cx, cy)));
            }
        }
        ring.sort_by(|a, b| a.0.total_cmp(&b.0));
        for &(_, (cx, cy)) in &ring {
            let candidate = card_box(cx, cy);
            if nodes.is_clear(&candidate) && placer.try_place(candidate) {
                return Some((cx - width / 2.0, cy - height / 2.0));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::Monospace;
    use super::*;

    fn relation(rationale: &str, direction: Direction) -> Relation {
        Relation {
            source: "a".into(),
            target: "b".into(),
            kind: Some("causal".into()),
            rationale: rationale.into(),
            score: None,
            direction,
            extra: Default::default(),
        }
    }

    fn layout(relation: &Relation, max_lines: usize) -> CardText {
        let ends = Ends {
            source: (7, "The strike on the port"),
            target: (3, "Talks in Muscat"),
        };
        card_text(
            relation,
            &ends,
            "#2f6db5",
            max_lines,
            &mut CharWidths::default(),
            &mut Monospace(6.0),
        )
    }

    fn line_text(line: &CardLine) -> String {
        line.spans
            .iter()
            .map(|span| span.text.as_str())
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn a_card_says_the_kind_which_event_was_new_and_the_whole_rationale_with_links() {
        let rationale = "The new event is a direct reprisal for Event 2, which struck the port \
                         two days earlier; both sides said so in public statements.";
        let card = layout(&relation(rationale, Direction::SourceWasNew), READING_LINES);
        assert_eq!(line_text(&card.lines[0]), "causal");
        assert_eq!(line_text(&card.lines[1]), "New: |The strike on the port");
        assert_eq!(card.lines[1].spans[1].link, Some(7));
        assert!(!card.clipped);
        let words: Vec<String> = card.lines[2..].iter().map(CardLine::text).collect();
        assert_eq!(words.join(" "), rationale, "every word, in order");
        let links: Vec<(&str, Option<usize>)> = card.lines[2..]
            .iter()
            .flat_map(|line| &line.spans)
            .filter(|span| span.link.is_some())
            .map(|span| (span.text.as_str(), span.link))
            .collect();
        assert_eq!(
            links,
            vec![("The new event", Some(7)), ("Event 2", Some(3))]
        );
        for line in &card.lines {
            let end = line.spans.last().map_or(0.0, |s| s.x + s.width);
            assert!(end <= CARD_TEXT_WIDTH, "{end}");
        }
        assert_eq!(
            card.height,
            card.lines.len() as f64 * LINE_HEIGHT + 2.0 * CARD_PADDING - 2.0
        );
    }

    #[test]
    fn a_long_rationale_is_cut_at_the_line_limit_and_says_so() {
        let card = layout(&relation(&"word ".repeat(400), Direction::Unrecorded), 3);
        assert_eq!(card.lines.len(), 2 + 3);
        assert!(card.clipped);
        assert_eq!(card.lines.last().unwrap().spans.last().unwrap().text, "…");
        assert_eq!(
            line_text(&card.lines[1]),
            "Which event was new is not recorded"
        );
        let unbroken = layout(&relation(&"x".repeat(200), Direction::Unrecorded), 40);
        for line in &unbroken.lines[2..] {
            assert!(line.spans[0].width <= CARD_TEXT_WIDTH);
        }
        assert_eq!(
            unbroken.lines[2..]
                .iter()
                .map(|line| line.spans[0].text.len())
                .sum::<usize>(),
            200
        );
    }

    #[test]
    fn cards_go_to_the_nearest_free_place_inside_the_view_and_never_overlap() {
        let mut placer = LabelPlacer::new(48.0, (800.0, 600.0));
        let node = LabelBox {
            cx: 300.0,
            cy: 200.0,
            half_width: 10.0,
            half_height: 10.0,
            angle: 0.0,
        };
        let nodes = Coverage::new(8.0, (800.0, 600.0), [node]);
        let size = (200.0, 80.0);
        let mut placed = Vec::new();
        for _ in 0..6 {
            if let Some(at) = place_card(size, (300.0, 200.0), (800.0, 500.0), &mut placer, &nodes)
            {
                placed.push(at);
            }
        }
        assert_eq!(placed.len(), 6, "{placed:?}");
        let boxes: Vec<(f64, f64, f64, f64)> = placed
            .iter()
            .map(|&(x, y)| (x, y, x + size.0, y + size.1))
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.0 >= 0.0 && a.1 >= 0.0 && a.2 <= 800.0 && a.3 <= 500.0);
            assert!(
                !(a.0 < 310.0 && a.2 > 290.0 && a.1 < 210.0 && a.3 > 190.0),
                "card {i} covers the node"
            );
            for b in &boxes[i + 1..] {
                assert!(
                    a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1,
                    "{a:?} overlaps {b:?}"
                );
            }
        }
        // The view is full: the next card has nowhere to go.
        let left = (0..20)
            .filter(|_| {
                place_card(size, (300.0, 200.0), (800.0, 500.0), &mut placer, &nodes).is_none()
            })
            .count();
        assert!(left > 0);
    }
}
