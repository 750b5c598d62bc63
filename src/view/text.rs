//! Text for labels: clipping by characters (before anything is measured) and by measured
//! width, and the angle at which text along an edge reads left to right.

use crate::model::FastMap;

/// The angle (radians) at which text along direction `(dx, dy)` reads left to right: the
/// direction itself, or turned half a circle when it points leftwards.
pub fn readable_angle(dx: f64, dy: f64) -> f64 {
    let angle = dy.atan2(dx);
    if angle > std::f64::consts::FRAC_PI_2 {
        angle - std::f64::consts::PI
    } else if angle <= -std::f64::consts::FRAC_PI_2 {
        angle + std::f64::consts::PI
    } else {
        angle
    }
}

/// At most `max_chars` characters of `text`, with "…" when cut. Every label's text goes through
/// this before it is measured: measuring costs as much as the text is long, and a title or kind
/// of megabytes would freeze the frame that first draws it.
pub fn clip_chars(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", text[..cut].trim_end())),
    }
}

/// The longest prefix of `text` (whole characters, with "…" when cut) whose measured width fits
/// `max_width`; `None` when not even one character and the ellipsis fit.
pub fn clip_to_width(
    text: &str,
    max_width: f64,
    measure: &mut impl FnMut(&str) -> f64,
) -> Option<String> {
    if measure(text) <= max_width {
        return Some(text.to_owned());
    }
    clip_with(text, &mut |end| {
        measure(&format!("{}…", text[..end].trim_end())) <= max_width
    })
}

/// [`clip_to_width`]'s search for a text that does not fit whole, given whether its cut at a
/// byte offset (trimmed, with "…") fits.
fn clip_with(text: &str, cut_fits: &mut dyn FnMut(usize) -> bool) -> Option<String> {
    let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).skip(1).collect();
    // `cut_fits` is monotone in the end, so the ends that fit come first.
    let count = boundaries.partition_point(|&end| cut_fits(end));
    (count > 0).then(|| format!("{}…", text[..boundaries[count - 1]].trim_end()))
}

/// The fonts of the graph view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Font {
    /// Node labels.
    Node,
    /// Rationale text along edges.
    Edge,
    /// A card's first line (the kind).
    CardTitle,
    /// A card's text.
    CardBody,
}

impl Font {
    /// The CSS font, for the canvas.
    pub fn css(self) -> &'static str {
        match self {
            Font::Node | Font::CardBody => "12px system-ui, sans-serif",
            Font::Edge => "11px system-ui, sans-serif",
            Font::CardTitle => "bold 12px system-ui, sans-serif",
        }
    }

    /// Size in pixels, for the SVG.
    pub fn size(self) -> f64 {
        match self {
            Font::Edge => 11.0,
            _ => 12.0,
        }
    }

    pub fn bold(self) -> bool {
        self == Font::CardTitle
    }
}

/// How many fonts [`Font`] has.
const FONTS: usize = 4;

/// Measures text: the canvas in the browser, a fixed width per character in tests.
pub trait Measure {
    fn width(&mut self, font: Font, text: &str) -> f64;
}

/// Each character's width in each font, measured once: a text's width estimated as the sum of
/// its characters' (kerning and shaping aside), so wrapping a card's text or searching for a
/// label's cut measures each character once instead of each candidate string. Latin-1
/// characters, most of the text here, sit in a table; others in a map.
pub struct CharWidths {
    /// `FONTS × 256` widths, NaN until measured.
    latin: Vec<f64>,
    other: FastMap<(Font, char), f64>,
}

impl Default for CharWidths {
    fn default() -> Self {
        Self {
            latin: vec![f64::NAN; FONTS * 256],
            other: FastMap::default(),
        }
    }
}

impl CharWidths {
    fn char_width(&mut self, measure: &mut dyn Measure, font: Font, c: char) -> f64 {
        let measured = |measure: &mut dyn Measure| measure.width(font, c.encode_utf8(&mut [0; 4]));
        match u8::try_from(c) {
            Ok(byte) => {
                let slot = &mut self.latin[font as usize * 256 + usize::from(byte)];
                if slot.is_nan() {
                    *slot = measured(measure);
                }
                *slot
            }
            Err(_) => *self
                .other
                .entry((font, c))
                .or_insert_with(|| measured(measure)),
        }
    }

    pub fn estimate(&mut self, measure: &mut dyn Measure, font: Font, text: &str) -> f64 {
        text.chars()
            .map(|c| self.char_width(measure, font, c))
            .sum()
    }

    /// [`excerpt`] with estimated widths: each character is looked up once, and a cut's width
    /// is the sum up to it plus the ellipsis, so the search costs as much as the text is long.
    pub fn excerpt(
        &mut self,
        measure: &mut dyn Measure,
        font: Font,
        text: &str,
        max_width: f64,
    ) -> Option<String> {
        // The estimated width of `text[..at]`, at every character boundary `at`.
        let mut prefix = vec![0.0; text.len() + 1];
        let mut sum = 0.0;
        for (at, c) in text.char_indices() {
            sum += self.char_width(measure, font, c);
            prefix[at + c.len_utf8()] = sum;
        }
        let ellipsis = self.char_width(measure, font, '…');
        excerpt_with(text, sum <= max_width, &mut |end| {
            prefix[text[..end].trim_end().len()] + ellipsis <= max_width
        })
    }
}

/// The most of `text` that fits `max_width`, cut where a reader would: the whole text, else
/// its first sentences, else its first clauses, else whole words (each cut marked "…"), else
/// whole characters; a cut at a sentence or clause is taken when it keeps at least half of
/// what a cut at a word would. `None` when not even one character fits.
pub fn excerpt(
    text: &str,
    max_width: f64,
    measure: &mut impl FnMut(&str) -> f64,
) -> Option<String> {
    let whole_fits = measure(text) <= max_width;
    excerpt_with(text, whole_fits, &mut |end| {
        measure(&format!("{}…", text[..end].trim_end())) <= max_width
    })
}

/// [`excerpt`]'s choice of a cut, given whether the whole text fits and whether its cut at a
/// byte offset (trimmed, with "…") does.
fn excerpt_with(
    text: &str,
    whole_fits: bool,
    cut_fits: &mut dyn FnMut(usize) -> bool,
) -> Option<String> {
    if whole_fits {
        return Some(text.to_owned());
    }
    // `cut_fits` is monotone in the end, so the ends that fit come first.
    let mut longest = |ends: &[usize]| {
        let count = ends.partition_point(|&end| cut_fits(end));
        (count > 0).then(|| ends[count - 1])
    };
    let ends_after = |marks: &[char]| -> Vec<usize> {
        text.char_indices()
            .filter(|&(at, c)| {
                marks.contains(&c) && text[at + c.len_utf8()..].starts_with(char::is_whitespace)
            })
            .map(|(at, c)| at + c.len_utf8())
            .collect()
    };
    let words: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| c.is_whitespace())
        .map(|(at, _)| at)
        .collect();
    let word_cut = longest(&words);
    let good_enough = |end: usize| word_cut.is_none_or(|word| 2 * end >= word);
    let sentence = longest(&ends_after(&['.', '!', '?', '。', '؟']));
    let clause = longest(&ends_after(&[',', ';', ':', '،', '؛']));
    let cut = match (sentence, clause) {
        (Some(end), _) if good_enough(end) => Some(end),
        (_, Some(end)) if good_enough(end) => Some(end),
        _ => word_cut,
    };
    match cut {
        Some(end) => Some(format!(
            "{}…",
            text[..end]
                .trim_end_matches([',', ';', ':', '،', '؛'])
                .trim_end()
        )),
        None => clip_with(text, cut_fits),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every character `.0` pixels wide, in every font.
    pub struct Monospace(pub f64);

    impl Measure for Monospace {
        fn width(&mut self, _: Font, text: &str) -> f64 {
            text.chars().count() as f64 * self.0
        }
    }

    #[test]
    fn text_along_an_edge_always_reads_left_to_right() {
        use std::f64::consts::PI;
        assert_eq!(readable_angle(1.0, 0.0), 0.0);
        assert!((readable_angle(-1.0, 0.0)).abs() < 1e-12);
        assert!((readable_angle(-1.0, -1.0) - PI / 4.0).abs() < 1e-12);
        assert!((readable_angle(0.0, 1.0) - PI / 2.0).abs() < 1e-12);
        for degrees in (0..360).step_by(7) {
            let a = f64::from(degrees).to_radians();
            let r = readable_angle(a.cos(), a.sin());
            assert!(
                r > -PI / 2.0 - 1e-12 && r <= PI / 2.0 + 1e-12,
                "{degrees}° → {r}"
            );
        }
    }

    #[test]
    fn clipping_by_characters_leaves_short_text_alone_and_cuts_long_text_at_a_character() {
        assert_eq!(clip_chars("short", 10), "short");
        assert_eq!(clip_chars("exactly10!", 10), "exactly10!");
        assert_eq!(clip_chars("گفتگوهای صلح در مسقط", 8), "گفتگوهای…");
        assert_eq!(clip_chars(&"x".repeat(5_000_000), 40).chars().count(), 41);
    }

    #[test]
    fn clipping_keeps_whole_characters_and_adds_an_ellipsis() {
        let mut width = |text: &str| text.chars().count() as f64 * 10.0;
        assert_eq!(
            clip_to_width("short", 100.0, &mut width).as_deref(),
            Some("short")
        );
        assert_eq!(
            clip_to_width("The new event follows Event 3", 100.0, &mut width).as_deref(),
            Some("The new e…")
        );
        assert_eq!(
            clip_to_width("گفتگوهای صلح در مسقط", 60.0, &mut width).as_deref(),
            Some("گفتگو…")
        );
        assert_eq!(clip_to_width("abc", 5.0, &mut width), None);
    }

    #[test]
    fn an_excerpt_ends_at_a_sentence_or_clause_when_there_is_room() {
        let mut width = |text: &str| text.chars().count() as f64 * 10.0;
        let text = "Iran denied it. The new event follows Event 3, a reprisal for the strike.";
        assert_eq!(excerpt(text, 1000.0, &mut width).as_deref(), Some(text));
        assert_eq!(
            excerpt(text, 250.0, &mut width).as_deref(),
            Some("Iran denied it.…"),
            "the first sentence, when a word cut would not keep twice as much"
        );
        assert_eq!(
            excerpt(text, 480.0, &mut width).as_deref(),
            Some("Iran denied it. The new event follows Event 3…")
        );
        assert_eq!(
            excerpt("one two three four five six seven", 150.0, &mut width).as_deref(),
            Some("one two three…")
        );
        assert_eq!(
            excerpt("unbreakableword", 60.0, &mut width).as_deref(),
            Some("unbre…")
        );
        assert_eq!(excerpt("abc", 5.0, &mut width), None);
    }

    /// Characters of different widths: narrow, wide, non-Latin.
    struct Varied;

    impl Measure for Varied {
        fn width(&mut self, _: Font, text: &str) -> f64 {
            text.chars()
                .map(|c| match c {
                    'i' | 'l' | '.' | ',' | ' ' => 3.0,
                    'W' | 'M' | '…' => 11.0,
                    c if c.is_ascii() => 7.0,
                    _ => 9.0,
                })
                .sum()
        }
    }

    #[test]
    fn an_excerpt_from_character_widths_cuts_where_one_from_measured_strings_does() {
        let texts = [
            "Iran denied it. The new event follows Event 3, a reprisal for the strike.",
            "Well, Washington warned Moscow; then it moved. Nothing else was said!",
            "گفتگوهای صلح در مسقط، پس از حمله. ادامه دارد",
            "unbreakableword",
            "  spaces   before and after  ",
        ];
        let mut widths = CharWidths::default();
        for text in texts {
            for max_width in [10.0, 25.0, 60.0, 100.0, 180.0, 300.0, 1000.0] {
                assert_eq!(
                    widths.excerpt(&mut Varied, Font::Edge, text, max_width),
                    excerpt(text, max_width, &mut |t| Varied.width(Font::Edge, t)),
                    "{text:?} in {max_width}"
                );
            }
        }
    }
}
