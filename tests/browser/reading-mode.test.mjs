// Reading mode: the selected event's relations as cards on the graph, each with its kind, which
// event was new and its whole rationale; no card over another, a node or a label; [ and ] step
// through them; a card and its links can be clicked; the exports show them; the canvas writes
// exactly the display list the SVG is written from.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, openApp, openHarness, screenshotPath } from './harness.mjs';

const layout = (page) => page.evaluate(() => window.eventLens.layout());
const settled = (page) =>
  page.waitForFunction(() => window.eventLens?.layout().settled === true && window.eventLens.layout().nodes.length > 0, null, { timeout: 30000 });

const words = (text) => text.split(/\s+/).filter(Boolean).join(' ');
const cardBox = (card) => ({ left: card.x, top: card.y, right: card.x + card.width, bottom: card.y + card.height });
const apart = (a, b) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;

/** Whether a rotated label box (as layout() reports it) and an axis-aligned box overlap. */
function labelMeetsBox(label, box) {
  const hw = label.width / 2 + 3;
  const hh = 7;
  const axes = [[Math.cos(label.angle), Math.sin(label.angle)], [-Math.sin(label.angle), Math.cos(label.angle)], [1, 0], [0, 1]];
  const centre = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
  const half = { x: (box.right - box.left) / 2, y: (box.bottom - box.top) / 2 };
  const [[ux, uy], [vx, vy]] = axes;
  return axes.every(([ax, ay]) => {
    const distance = Math.abs((centre.x - label.x) * ax + (centre.y - label.y) * ay);
    const labelRadius = hw * Math.abs(ux * ax + uy * ay) + hh * Math.abs(vx * ax + vy * ay);
    const boxRadius = half.x * Math.abs(ax) + half.y * Math.abs(ay);
    return distance < labelRadius + boxRadius;
  });
}

/** The sample's event with the most relations that has at most `most`, and those relations. */
function eventWithRelations(sampleLayout, most) {
  const degree = new Map();
  for (const edge of sampleLayout.edges) {
    for (const id of new Set([edge.source, edge.target])) degree.set(id, (degree.get(id) ?? 0) + 1);
  }
  const [id] = [...degree.entries()].filter(([, d]) => d <= most).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return { id, edges: sampleLayout.edges.filter((e) => e.source === id || e.target === id) };
}

async function selectNode(page, id) {
  const node = (await layout(page)).nodes.find((n) => n.id === id);
  const box = await page.locator('.graph-stage canvas').boundingBox();
  await page.mouse.click(box.x + node.x, box.y + node.y);
}

/** The sample's graph with an event of a few relations selected and framed, its cards shown. */
async function openReading(harness) {
  const page = await harness.newPage();
  await openApp(page, harness.url, '#/graph');
  await settled(page);
  const chosen = eventWithRelations(await layout(page), 4);
  await selectNode(page, chosen.id);
  await page.keyboard.press('f');
  await page.waitForFunction((n) => window.eventLens.layout().cards.length === n, chosen.edges.length);
  return { page, chosen };
}

describe('reading mode', () => {
  let harness;
  let rationales;
  before(async () => {
    harness = await openHarness();
    const sample = JSON.parse(await readFile(join(ROOT, 'www', 'sample.json'), 'utf8'));
    rationales = new Map();
    for (const relation of sample.relations) rationales.set(`${relation.source} ${relation.target}`, relation.rationale);
    for (const event of sample.events) {
      for (const related of event.related ?? []) {
        if (related.rationale) rationales.set(`${event.id} ${related.id}`, related.rationale);
      }
    }
  });
  after(() => harness.close());

  test('a selected event shows each of its relations as a card with its whole rationale, overlapping nothing', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    const chosen = eventWithRelations(await layout(page), 4);
    assert.ok(chosen.edges.length >= 3, `an event with several relations (${chosen.edges.length})`);
    await selectNode(page, chosen.id);
    await page.locator('.graph-toolbar .frame-selection').click();
    await page.waitForFunction((n) => window.eventLens.layout().cards.length === n, chosen.edges.length);
    const view = await layout(page);
    assert.equal(view.cardsLeftOut, 0);
    const canvas = await page.locator('.graph-stage canvas').boundingBox();
    for (const card of view.cards) {
      const edge = view.edges.find((e) => e.relation === card.relation);
      assert.ok(edge && (edge.source === chosen.id || edge.target === chosen.id), 'a card per relation of the event');
      assert.equal(card.clipped, false);
      const rationale = rationales.get(`${edge.source} ${edge.target}`) ?? rationales.get(`${edge.target} ${edge.source}`);
      assert.equal(words(card.lines.slice(2).join(' ')), words(rationale), 'the whole rationale, word for word');
      const box = cardBox(card);
      assert.ok(box.left >= 0 && box.top >= 0 && box.right <= canvas.width && box.bottom <= canvas.height, 'inside the view');
      for (const node of view.nodes) {
        const disc = { left: node.x - node.radius, top: node.y - node.radius, right: node.x + node.radius, bottom: node.y + node.radius };
        assert.ok(apart(box, disc), `card ${card.relation} covers ${node.id}`);
      }
      for (const label of view.edgeLabels) assert.ok(!labelMeetsBox(label, box), `card ${card.relation} covers a label`);
    }
    for (let i = 0; i < view.cards.length; i++) {
      for (let j = i + 1; j < view.cards.length; j++) {
        assert.ok(apart(cardBox(view.cards[i]), cardBox(view.cards[j])), `cards ${i} and ${j} overlap`);
      }
    }
    assert.deepEqual(view.written, view.frame, 'the canvas wrote exactly the display list');
    await page.screenshot({ path: screenshotPath('graph-reading-mode') });
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/graph-reading.png') });
    assert.deepEqual(page.problems, []);
  });

  test('[ and ] step through the cards: the selected relation comes first, whole, and the others stay', async () => {
    const { page, chosen } = await openReading(harness);
    const seen = new Set();
    for (let step = 0; step < chosen.edges.length; step++) {
      await page.keyboard.press(']');
      // The next relation's card, not the one already shown.
      await page.waitForFunction((seen) => {
        const first = window.eventLens.layout().cards[0];
        return first?.current === true && !seen.includes(first.relation);
      }, [...seen]);
      const { cards } = await layout(page);
      assert.equal(cards.length, chosen.edges.length, 'the event\'s other cards stay');
      assert.equal(await page.textContent('.graph-panel .panel-title'), 'Relation');
      seen.add(cards[0].relation);
    }
    assert.equal(seen.size, chosen.edges.length, 'every relation in turn');
    await page.keyboard.press('[');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.eventLens.layout().cards.length === 0);
    assert.deepEqual(page.problems, []);
  });

  test('clicking a card selects its relation, and its link selects the new event', async () => {
    const { page, chosen } = await openReading(harness);
    const box = await page.locator('.graph-stage canvas').boundingBox();
    const card = (await layout(page)).cards.at(-1);
    await page.mouse.click(box.x + card.x + card.width - 6, box.y + card.y + card.height - 4);
    await page.waitForFunction((relation) => window.eventLens.layout().cards[0]?.relation === relation, card.relation);
    assert.equal(await page.textContent('.graph-panel .panel-title'), 'Relation');
    const current = (await layout(page)).cards[0];
    const link = current.links.find((l) => l.y < current.y + 40);
    assert.ok(link, 'the "New:" line links the new event');
    await page.mouse.click(box.x + link.x + 3, box.y + link.y + link.height / 2);
    await page.waitForFunction((id) => document.querySelector('.graph-panel .panel-title')?.textContent?.length > 0
      && window.eventLens.layout().cards.length > 0, link.event);
    const title = await page.textContent('.graph-panel .panel-title');
    assert.ok(title.startsWith(link.text.replace(/…$/, '')), `the panel shows ${link.text} (${title})`);
    assert.deepEqual(page.problems, []);
  });

  test('the SVG export shows the cards with their rationale, as the screen does', async () => {
    const { page, chosen } = await openReading(harness);
    await page.mouse.move(0, 0);
    const view = await layout(page);
    await page.locator('.graph-toolbar .export-menu summary').click();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.graph-toolbar .export-menu button', { hasText: 'Picture (SVG)' }).click(),
    ]);
    const svg = await readFile(await file.path(), 'utf8');
    const count = (name) => svg.split(`class="${name}"`).length - 1;
    assert.equal(count('card'), view.cards.length);
    assert.equal(count('edge'), view.frame.edges);
    assert.equal(count('node'), view.frame.discs);
    assert.equal(count('arrow'), view.frame.arrowheads);
    assert.equal(count('label'), view.frame.labels);
    const blank = await harness.context.newPage();
    const texts = await blank.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return Array.from(doc.querySelectorAll('g.card')).map((card) => card.textContent);
    }, svg);
    await blank.close();
    const squeeze = (text) => text.replace(/\s+/g, '');
    assert.deepEqual(texts.map(squeeze), view.cards.map((card) => squeeze(card.lines.join(''))), 'each card\'s text, in the SVG');
    assert.deepEqual(page.problems, []);
  });

  test('turned off, no cards are drawn and the rationale is read along the edges again', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    const chosen = eventWithRelations(await layout(page), 4);
    await selectNode(page, chosen.id);
    await page.waitForFunction(() => window.eventLens.layout().cards.length > 0);
    const toggle = page.locator('.graph-toolbar .reading');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await toggle.click();
    await page.waitForFunction(() => window.eventLens.layout().cards.length === 0 && !window.eventLens.layout().reading);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.deepEqual(page.problems, []);
  });
});
