//! A seeded generator of event exports shaped like real ones, for tests and benchmarks:
//! events grouped in communities of uneven size, power-law-ish degrees (new events attach
//! preferentially to well-connected older ones), 1–3 KB of content per event, and rationales of
//! about 300 characters written from the new event's point of view, as the upstream model does.
//!
//! The same `Spec` always produces the same document, on every machine.

use serde_json::{json, Map, Value};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Spec {
    pub events: usize,
    pub relations: usize,
    pub seed: u64,
    /// Whether events carry 1–3 KB of content (benchmarks) or only a summary (quick tests).
    pub full_content: bool,
}

/// SplitMix64: tiny, fast, and identical everywhere.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ACTORS: [&str; 8] = [
    "United States",
    "Iran",
    "Israel",
    "Hezbollah",
    "Lebanon",
    "Oman",
    "Qatar",
    "United Nations",
];
const PLACES: [&str; 8] = [
    "Beirut",
    "Tehran",
    "Jerusalem",
    "Muscat",
    "Doha",
    "Tyre",
    "Nabatieh",
    "Haifa",
];
const SUBJECTS: [&str; 10] = [
    "envoys",
    "ministers",
    "military officials",
    "state media",
    "mediators",
    "negotiators",
    "security cabinet",
    "parliament",
    "armed forces",
    "diplomats",
];
const ACTIONS: [&str; 10] = [
    "signal progress on",
    "reject terms of",
    "extend",
    "condemn",
    "propose changes to",
    "suspend",
    "resume talks on",
    "warn against",
    "endorse",
    "question",
];
const TOPICS: [&str; 10] = [
    "the ceasefire",
    "a prisoner exchange",
    "the nuclear file",
    "border security",
    "sanctions relief",
    "humanitarian access",
    "the truce monitoring mechanism",
    "maritime patrols",
    "air defence deployments",
    "reconstruction funding",
];
const KINDS: [&str; 5] = [
    "causal",
    "escalation",
    "de-escalation",
    "parallel",
    "context",
];
const CLAUSES: [&str; 8] = [
    "which directly shapes the negotiating positions described there",
    "suggesting a coordinated diplomatic and public relations strategy",
    "indicating that both tracks are moving at the same time",
    "as both events reflect the same underlying pressure on the leadership",
    "raising the cost of any further military escalation in the theater",
    "while the public posture diverges from what is said in private channels",
    "which narrows the room for compromise on the remaining issues",
    "and the timing points to a deliberate sequencing by the parties involved",
];
const FILLER: [&str; 12] = [
    "Officials familiar with the discussions said",
    "According to regional sources,",
    "Analysts noted that",
    "In a statement released late on the day,",
    "Diplomatic sources described how",
    "Local reports indicated that",
    "Observers in the region cautioned that",
    "A spokesperson declined to confirm whether",
    "Satellite imagery reviewed by analysts suggested",
    "Previous rounds of talks had shown that",
    "The announcement followed weeks of speculation that",
    "Independent monitors reported that",
];

/// Generates an `event-graph/1` document.
pub fn generate(spec: &Spec) -> Value {
    let mut random = Random(spec.seed);
    let count = spec.events;
    // Community sizes: a few large, many small (sizes drawn from a heavy-tailed distribution).
    let mut community_of = Vec::with_capacity(count);
    let mut community = 0usize;
    while community_of.len() < count {
        let size = 5 + (1000.0 / (1.0 + random.below(200) as f64)).min(count as f64) as usize;
        community_of.extend(std::iter::repeat_n(
            community,
            size.min(count - community_of.len()),
        ));
        community += 1;
    }
    // Shuffle so communities interleave in time, as real theatres do.
    for i in (1..count).rev() {
        community_of.swap(i, random.below(i + 1));
    }

    let start_day = 20_454i64; // 2026-01-01
    let events: Vec<Value> = (0..count)
        .map(|i| {
            let day = start_day + (i as i64 * 365 * 3) / count.max(1) as i64;
            let subject = random.pick(&SUBJECTS);
            let action = random.pick(&ACTIONS);
            let topic = random.pick(&TOPICS);
            let actor = random.pick(&ACTORS);
            let title = format!("{actor} {subject} {action} {topic} ({})", i + 1);
            let summary = format!(
                "{} {actor} {subject} moved to {action} {topic}, a step with consequences for the wider conflict theater.",
                random.pick(&FILLER)
            );
            let mut event = Map::new();
            event.insert("id".into(), json!(format!("ev-{:06}", i + 1)));
            event.insert("title".into(), json!(title));
            event.insert("summary".into(), json!(summary));
            event.insert("date".into(), json!(civil_date(day)));
            event.insert("location".into(), json!({"name": random.pick(&PLACES)}));
            event.insert("tags".into(), json!([format!("community-{}", community_of[i]), random.pick(&KINDS)]));
            event.insert(
                "sources".into(),
                json!([{"title": format!("Report on {topic}"), "url": format!("https://news.example.org/{}", i + 1), "publisher": "Example Wire"}]),
            );
            event.insert(
                "actor_responses".into(),
                json!([{"actor": actor, "response": format!("{actor} said it would {action} {topic} only under conditions.")}]),
            );
            if spec.full_content {
                event.insert("content".into(), json!(content(&mut random)));
            }
            Value::Object(event)
        })
        .collect();

    // Relations from a newer event to an older one: mostly inside its community, preferring
    // well-connected targets (a uniform pick of an existing edge end is degree-proportional).
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); community];
    let mut ends: Vec<usize> = Vec::new();
    let mut relations = Vec::with_capacity(spec.relations);
    let mut seen = std::collections::HashSet::new();
    let mut attempts = 0;
    for (event, &community) in community_of.iter().enumerate() {
        members[community].push(event);
    }
    while relations.len() < spec.relations && attempts < spec.relations * 20 && count > 1 {
        attempts += 1;
        let source = 1 + random.below(count - 1);
        let own = &members[community_of[source]];
        let target = if random.below(10) < 8 {
            // Inside the community: preferential half the time, uniform otherwise.
            let older: Vec<usize> = own.iter().copied().take_while(|&m| m < source).collect();
            if older.is_empty() {
                continue;
            }
            if random.below(2) == 0 && !ends.is_empty() {
                let candidate = ends[random.below(ends.len())];
                if candidate < source && community_of[candidate] == community_of[source] {
                    candidate
                } else {
                    older[random.below(older.len())]
                }
            } else {
                older[random.below(older.len())]
            }
        } else {
            random.below(source)
        };
        if !seen.insert((source, target)) {
            continue;
        }
        ends.push(target);
        ends.push(source);
        let local = 2 + random.below(18);
        let rationale = format!(
            "The new event, in which {}, follows from Event {local}, where {} had moved to {} {}; {}. {}",
            describe(&events[source]),
            random.pick(&SUBJECTS),
            random.pick(&ACTIONS),
            random.pick(&TOPICS),
            random.pick(&CLAUSES),
            random.pick(&FILLER).trim_end_matches(',').to_owned() + " the link between the two is direct."
        );
        let mut relation = Map::new();
        relation.insert("source".into(), json!(format!("ev-{:06}", source + 1)));
        relation.insert("target".into(), json!(format!("ev-{:06}", target + 1)));
        relation.insert("rationale".into(), json!(rationale));
        if random.below(4) > 0 {
            relation.insert("kind".into(), json!(random.pick(&KINDS)));
        }
        relations.push(Value::Object(relation));
    }
    json!({
        "schema": "event-graph/1",
        "meta": {"title": format!("Generated theater: {count} events"), "generated_at": "2026-11-25T00:00:00Z", "generator": {"seed": spec.seed}},
        "actors": ACTORS.iter().map(|name| json!({"id": name.to_lowercase().replace(' ', "-"), "name": name})).collect::<Vec<_>>(),
        "events": events,
        "relations": relations,
    })
}

fn describe(event: &Value) -> String {
    let title = event["title"].as_str().unwrap_or_default();
    let title = title.split(" (").next().unwrap_or(title);
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// 1–3 KB of plain text in two to four paragraphs.
fn content(random: &mut Random) -> String {
    let target = 1000 + random.below(2000);
    let mut text = String::with_capacity(target + 200);
    while text.len() < target {
        if !text.is_empty() {
            text.push_str(if random.below(3) == 0 { "\n\n" } else { " " });
        }
        text.push_str(&format!(
            "{} {} {} {} {}.",
            random.pick(&FILLER),
            random.pick(&SUBJECTS),
            random.pick(&ACTIONS),
            random.pick(&TOPICS),
            random.pick(&CLAUSES)
        ));
    }
    text
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;

    fn spec(events: usize, relations: usize) -> Spec {
        Spec {
            events,
            relations,
            seed: 7,
            full_content: true,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_document() {
        assert_eq!(generate(&spec(200, 600)), generate(&spec(200, 600)));
        assert_ne!(
            generate(&spec(200, 600)),
            generate(&Spec {
                seed: 8,
                ..spec(200, 600)
            })
        );
    }

    #[test]
    fn generated_exports_load_cleanly_with_the_requested_sizes() {
        let text = generate(&spec(500, 1500)).to_string();
        let loaded = load(text.as_bytes(), Some("generated.json")).expect("loads");
        assert!(
            loaded.problems.is_empty(),
            "{:?}",
            &loaded.problems[..loaded.problems.len().min(3)]
        );
        assert_eq!(loaded.dataset.events.len(), 500);
        assert_eq!(loaded.dataset.relations.len(), 1500);
        let content = loaded.dataset.events[0].content.as_deref().unwrap();
        assert!(
            (1000..3300).contains(&content.len()),
            "content of {} bytes",
            content.len()
        );
        let mean_rationale = loaded
            .dataset
            .relations
            .iter()
            .map(|r| r.rationale.len())
            .sum::<usize>()
            / 1500;
        assert!(
            (200..420).contains(&mean_rationale),
            "rationales of ~300 characters: {mean_rationale}"
        );
    }

    #[test]
    fn degrees_are_skewed_like_real_exports() {
        let document = generate(&spec(2000, 6000));
        let mut degree = std::collections::HashMap::<&str, usize>::new();
        for relation in document["relations"].as_array().unwrap() {
            *degree
                .entry(relation["source"].as_str().unwrap())
                .or_default() += 1;
            *degree
                .entry(relation["target"].as_str().unwrap())
                .or_default() += 1;
        }
        let mut degrees: Vec<usize> = degree.into_values().collect();
        degrees.sort_unstable_by(|a, b| b.cmp(a));
        let mean = 12_000 / 2000;
        assert!(
            degrees[0] > 4 * mean,
            "a few hubs: max degree {} vs mean {mean}",
            degrees[0]
        );
    }

    #[test]
    fn civil_dates_are_correct() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_454), "2026-01-01");
        assert_eq!(civil_date(19_782), "2024-02-29");
    }
}
