// The project's seeded export generator (src/synthetic.rs) in plain JavaScript, so that a
// benchmark part can make a large export without cargo. It follows the Rust code step for step
// (the same SplitMix64 draws in the same order, keys sorted as serde_json writes them), so
// `generateExport({events, relations, seed})` is the same document, byte for byte, as
// `generate-export --events … --relations … --seed …` (checked against it: see BENCHMARKS.md,
// Memory). Keep the two in step if one changes.
//
//   node bench/synthetic.mjs --events 20000 [--relations 60000] [--seed 7] [--summaries-only] > big.json

const MASK = (1n << 64n) - 1n;

/** SplitMix64, as in src/synthetic.rs. */
class Random {
  constructor(seed) { this.state = BigInt(seed) & MASK; }
  next() {
    this.state = (this.state + 0x9E3779B97F4A7C15n) & MASK;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK;
    return z ^ (z >> 31n);
  }
  below(n) { return Number(this.next() % BigInt(Math.max(n, 1))); }
  pick(items) { return items[this.below(items.length)]; }
}

const ACTORS = ['United States', 'Iran', 'Israel', 'Hezbollah', 'Lebanon', 'Oman', 'Qatar', 'United Nations'];
const PLACES = ['Beirut', 'Tehran', 'Jerusalem', 'Muscat', 'Doha', 'Tyre', 'Nabatieh', 'Haifa'];
const SUBJECTS = ['envoys', 'ministers', 'military officials', 'state media', 'mediators', 'negotiators',
  'security cabinet', 'parliament', 'armed forces', 'diplomats'];
const ACTIONS = ['signal progress on', 'reject terms of', 'extend', 'condemn', 'propose changes to', 'suspend',
  'resume talks on', 'warn against', 'endorse', 'question'];
const TOPICS = ['the ceasefire', 'a prisoner exchange', 'the nuclear file', 'border security', 'sanctions relief',
  'humanitarian access', 'the truce monitoring mechanism', 'maritime patrols', 'air defence deployments',
  'reconstruction funding'];
const KINDS = ['causal', 'escalation', 'de-escalation', 'parallel', 'context'];
const CLAUSES = [
  'which directly shapes the negotiating positions described there',
  'suggesting a coordinated diplomatic and public relations strategy',
  'indicating that both tracks are moving at the same time',
  'as both events reflect the same underlying pressure on the leadership',
  'raising the cost of any further military escalation in the theater',
  'while the public posture diverges from what is said in private channels',
  'which narrows the room for compromise on the remaining issues',
  'and the timing points to a deliberate sequencing by the parties involved',
];
const FILLER = [
  'Officials familiar with the discussions said', 'According to regional sources,', 'Analysts noted that',
  'In a statement released late on the day,', 'Diplomatic sources described how', 'Local reports indicated that',
  'Observers in the region cautioned that', 'A spokesperson declined to confirm whether',
  'Satellite imagery reviewed by analysts suggested', 'Previous rounds of talks had shown that',
  'The announcement followed weeks of speculation that', 'Independent monitors reported that',
];

/** Copies `object` with its keys in sorted order (serde_json's Map without preserve_order). */
const sorted = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** `YYYY-MM-DD` of a day count since 1970-01-01 (Howard Hinnant's algorithm). */
function civilDate(days) {
  const div = (a, b) => Math.floor(a / b);
  const z = days + 719468;
  const era = div(z, 146097);
  const doe = z - era * 146097;
  const yoe = div(doe - div(doe, 1460) + div(doe, 36524) - div(doe, 146096), 365);
  const doy = doe - (365 * yoe + div(yoe, 4) - div(yoe, 100));
  const mp = div(5 * doy + 2, 153);
  const day = doy - div(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const pad = (value, width) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** 1–3 KB of plain text in two to four paragraphs. */
function content(random) {
  const target = 1000 + random.below(2000);
  let text = '';
  while (text.length < target) {
    if (text !== '') text += random.below(3) === 0 ? '\n\n' : ' ';
    text += `${random.pick(FILLER)} ${random.pick(SUBJECTS)} ${random.pick(ACTIONS)} ${random.pick(TOPICS)} ${random.pick(CLAUSES)}.`;
  }
  return text;
}

function describe(event) {
  const title = event.title.split(' (')[0];
  return title ? title[0].toLowerCase() + title.slice(1) : '';
}

/** An `event-graph/1` document as an object; `JSON.stringify` it for the file. */
export function generateExport({ events: count, relations: relationCount = count * 3, seed = 7, fullContent = true }) {
  const random = new Random(seed);
  const communityOf = [];
  let community = 0;
  while (communityOf.length < count) {
    const size = 5 + Math.floor(Math.min(1000 / (1 + random.below(200)), count));
    for (let k = Math.min(size, count - communityOf.length); k > 0; k--) communityOf.push(community);
    community += 1;
  }
  for (let i = count - 1; i >= 1; i--) {
    const j = random.below(i + 1);
    [communityOf[i], communityOf[j]] = [communityOf[j], communityOf[i]];
  }

  const startDay = 20454; // 2026-01-01
  const events = [];
  for (let i = 0; i < count; i++) {
    const day = startDay + Math.floor((i * 365 * 3) / Math.max(count, 1));
    const subject = random.pick(SUBJECTS);
    const action = random.pick(ACTIONS);
    const topic = random.pick(TOPICS);
    const actor = random.pick(ACTORS);
    const event = {
      id: `ev-${String(i + 1).padStart(6, '0')}`,
      title: `${actor} ${subject} ${action} ${topic} (${i + 1})`,
      summary: `${random.pick(FILLER)} ${actor} ${subject} moved to ${action} ${topic}, a step with consequences for the wider conflict theater.`,
      date: civilDate(day),
    };
    event.location = { name: random.pick(PLACES) };
    event.tags = [`community-${communityOf[i]}`, random.pick(KINDS)];
    event.sources = [sorted({ title: `Report on ${topic}`, url: `https://news.example.org/${i + 1}`, publisher: 'Example Wire' })];
    event.actor_responses = [sorted({ actor, response: `${actor} said it would ${action} ${topic} only under conditions.` })];
    if (fullContent) event.content = content(random);
    events.push(sorted(event));
  }

  // Relations from a newer event to an older one, as in the Rust generator.
  const members = Array.from({ length: community }, () => []);
  communityOf.forEach((c, event) => members[c].push(event));
  const ends = [];
  const relations = [];
  const seen = new Set();
  let attempts = 0;
  while (relations.length < relationCount && attempts < relationCount * 20 && count > 1) {
    attempts += 1;
    const source = 1 + random.below(count - 1);
    const own = members[communityOf[source]];
    let target;
    if (random.below(10) < 8) {
      const older = [];
      for (const m of own) {
        if (m >= source) break;
        older.push(m);
      }
      if (older.length === 0) continue;
      if (random.below(2) === 0 && ends.length > 0) {
        const candidate = ends[random.below(ends.length)];
        target = candidate < source && communityOf[candidate] === communityOf[source]
          ? candidate
          : older[random.below(older.length)];
      } else {
        target = older[random.below(older.length)];
      }
    } else {
      target = random.below(source);
    }
    const key = source * count + target;
    if (seen.has(key)) continue;
    seen.add(key);
    ends.push(target, source);
    const local = 2 + random.below(18);
    const rationale = `The new event, in which ${describe(events[source])}, follows from Event ${local}, where `
      + `${random.pick(SUBJECTS)} had moved to ${random.pick(ACTIONS)} ${random.pick(TOPICS)}; ${random.pick(CLAUSES)}. `
      + `${random.pick(FILLER).replace(/,+$/, '')} the link between the two is direct.`;
    const relation = {
      source: `ev-${String(source + 1).padStart(6, '0')}`,
      target: `ev-${String(target + 1).padStart(6, '0')}`,
      rationale,
    };
    if (random.below(4) > 0) relation.kind = random.pick(KINDS);
    relations.push(sorted(relation));
  }
  return sorted({
    schema: 'event-graph/1',
    meta: sorted({ title: `Generated theater: ${count} events`, generated_at: '2026-11-25T00:00:00Z', generator: { seed } }),
    actors: ACTORS.map((name) => sorted({ id: name.toLowerCase().replaceAll(' ', '-'), name })),
    events,
    relations,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const number = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const events = number('--events', 1000);
  const document = generateExport({
    events,
    relations: number('--relations', events * 3),
    seed: number('--seed', 7),
    fullContent: !process.argv.includes('--summaries-only'),
  });
  process.stdout.write(JSON.stringify(document));
}
