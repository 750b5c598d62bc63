//! References inside a rationale. Each rationale was written when the newer event arrived, so
//! "the new event" means the relation's source and "Event N" (N local to that one prompt, not an
//! id) means its target. Splitting the text lets pages turn both into links.

/// Which endpoint of its relation a phrase in a rationale refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    /// "the new event", "New Event": the relation's source.
    NewEvent,
    /// "Event 13", "event 2": the relation's target.
    OtherEvent,
}

/// A run of rationale text, with the endpoint it refers to when it is a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub reference: Option<Reference>,
}

/// Splits a rationale into plain text and references, in order; the texts concatenate back to
/// the rationale exactly.
pub fn segments(rationale: &str) -> Vec<Segment<'_>> {
    let mut result = Vec::new();
    let mut plain_start = 0;
    let mut previous: Option<char> = None;
    let mut chars = rationale.char_indices();
    while let Some((at, c)) = chars.next() {
        let starts_word = !previous.is_some_and(is_word_char);
        previous = Some(c);
        let Some((length, reference)) = starts_word.then(|| reference_at(rationale, at)).flatten()
        else {
            continue;
        };
        if plain_start < at {
            result.push(Segment {
                text: &rationale[plain_start..at],
                reference: None,
            });
        }
        result.push(Segment {
            text: &rationale[at..at + length],
            reference: Some(reference),
        });
        plain_start = at + length;
        // References are ASCII, so skipping their remaining bytes skips as many chars.
        for _ in 1..length {
            previous = chars.next().map(|(_, c)| c);
        }
    }
    if plain_start < rationale.len() {
        result.push(Segment {
            text: &rationale[plain_start..],
            reference: None,
        });
    }
    result
}

/// Letters and digits of any script count as word characters, so that a reference is only found
/// at a word boundary (never inside "prevent 12" or "the new events").
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The length and kind of a reference starting at byte `at`, if one does.
fn reference_at(text: &str, at: usize) -> Option<(usize, Reference)> {
    let rest = &text.as_bytes()[at..];
    let ends_word = |length: usize| !text[at + length..].chars().next().is_some_and(is_word_char);
    const THE_NEW_EVENT: &[u8] = b"the new event";
    if rest.len() >= THE_NEW_EVENT.len()
        && rest[..THE_NEW_EVENT.len()].eq_ignore_ascii_case(THE_NEW_EVENT)
        && ends_word(THE_NEW_EVENT.len())
    {
        return Some((THE_NEW_EVENT.len(), Reference::NewEvent));
    }
    // Capitalised on its own it is a name ("... posture (New Event)"); "a new event" is not.
    if rest.starts_with(b"New Event") && ends_word(9) {
        return Some((9, Reference::NewEvent));
    }
    if rest.len() > 6 && rest[..5].eq_ignore_ascii_case(b"event") && rest[5] == b' ' {
        let digits = rest[6..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits > 0 && ends_word(6 + digits) {
            return Some((6 + digits, Reference::OtherEvent));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn references(text: &str) -> Vec<(&str, Reference)> {
        segments(text)
            .into_iter()
            .filter_map(|segment| Some((segment.text, segment.reference?)))
            .collect()
    }

    #[test]
    fn new_event_and_numbered_events_are_found_in_seed_phrasing() {
        let text = "This represents an escalation of diplomatic friction where the potential for \
                    agreement (Event 13) is being actively undermined by the leadership's \
                    hardline posture (New Event).";
        assert_eq!(
            references(text),
            vec![
                ("Event 13", Reference::OtherEvent),
                ("New Event", Reference::NewEvent)
            ]
        );
        assert_eq!(
            references("The new event describes ... mentioned in event 2. Both events"),
            vec![
                ("The new event", Reference::NewEvent),
                ("event 2", Reference::OtherEvent)
            ]
        );
    }

    #[test]
    fn look_alike_phrases_are_not_references() {
        for text in [
            "the new events",
            "a new event",
            "prevent 12 attacks",
            "Eventually 3",
            "event 12b",
            "Event13",
            "renew event 4x",
            "the new eventual deal",
        ] {
            assert_eq!(references(text), vec![], "{text:?}");
        }
    }

    #[test]
    fn segments_concatenate_back_to_the_rationale_exactly() {
        let text = "Événement: the new event — Event 9, (event 10) and «New Event»";
        let joined: String = segments(text).iter().map(|s| s.text).collect();
        assert_eq!(joined, text);
        assert_eq!(references(text).len(), 4);
    }
}
