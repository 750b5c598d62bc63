// Work that grows with the data's worst case stays bounded, and deceptive text keeps to itself:
// an event with a thousand relations, a graph with as many kinds as relations and labels made
// from megabyte strings, and titles holding a right-to-left override.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, openHarness } from './harness.mjs';

/** Loads `document` (an event-graph/1 object) through the file input, as a user would. */
async function loadDocument(page, document, name = 'worst-case.json') {
  const buffer = Buffer.from(JSON.stringify(document));
  await page.setInputFiles('label.open-file input[type=file]', { name, mimeType: 'application/json', buffer });
  await page.waitForFunction((title) => document.querySelector('main h1')?.textContent === title, document.meta.title);
}

describe('worst cases', () => {
  let harness;
  before(async () => {
    harness = await openHarness();
  });
  after(() => harness.close());

  test('an event with a thousand relations lists them a hundred at a time', async () => {
    const events = [{ id: 'hub', title: 'Hub', date: '2026-01-01' }];
    const relations = [];
    for (let i = 0; i < 1000; i++) {
      events.push({ id: `e${i}`, title: `Event ${i}`, date: `2026-02-${String(1 + (i % 28)).padStart(2, '0')}` });
      relations.push({ source: `e${i}`, target: 'hub', rationale: `The new event follows Event 1 (${i}).` });
    }
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await loadDocument(page, { meta: { title: 'A hub' }, events, relations });
    await page.evaluate(() => { location.hash = '#/event/hub'; });
    await page.locator('#related-heading', { hasText: 'Related events (1000)' }).waitFor();
    assert.equal(await page.locator('li.related-event').count(), 100);
    await page.getByRole('button', { name: 'Show 100 more' }).click();
    await page.waitForFunction(() => document.querySelectorAll('li.related-event').length === 200);
    assert.match(await page.textContent('.related-events + .more'), /^200 of 1000 shown/);
    assert.deepEqual(page.problems, []);
  });

  test('a graph with as many kinds as relations draws its edges in a few batches, and labels from megabyte strings are short', async () => {
    const events = [];
    const relations = [];
    const huge = 'k'.repeat(2_000_000);
    for (let i = 0; i < 300; i++) events.push({ id: `n${i}`, title: i === 0 ? `Huge ${huge}` : `Node ${i}` });
    for (let i = 1; i < 300; i++) {
      for (const j of new Set([i - 1, Math.floor(i / 2)])) {
        const first = relations.length === 0;
        relations.push({ source: `n${i}`, target: `n${j}`, kind: first ? `kind ${huge}` : `kind ${relations.length}`, rationale: `The new event ${'r'.repeat(first ? 1_000_000 : 50)}` });
      }
    }
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await loadDocument(page, { meta: { title: 'Many kinds' }, events, relations });
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.waitForFunction(() => window.eventLens.layout().settled, null, { timeout: 60000 });
    const box = await page.locator('.graph-stage canvas').boundingBox();
    const hub = (await page.evaluate(() => window.eventLens.layout())).nodes.find((n) => n.id === 'n0');
    await page.mouse.move(box.x + hub.x, box.y + hub.y);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -240);
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.waitForFunction(() => window.eventLens.layout().edgeLabels.length > 0);
    const { edgeLabels, edgeBatches, scale } = await page.evaluate(() => window.eventLens.layout());
    assert.ok(scale > 1, `zoomed in (${scale})`);
    assert.ok(edgeBatches > 0 && edgeBatches <= 26, `${edgeBatches} edge batches for ${relations.length} kinds`);
    for (const label of edgeLabels) assert.ok(label.text.length <= 450, `a label of ${label.text.length} characters`);
    assert.deepEqual(page.problems, []);
  });

  test('a title with a right-to-left override is isolated wherever app text quotes it', async () => {
    const sneaky = 'Talks \u202Eeborp';
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await loadDocument(page, {
      meta: { title: 'Deceptive text' },
      events: [
        { id: 'new', title: sneaky, date: '2026-03-02' },
        { id: 'old', title: 'Earlier', date: '2026-03-01' },
      ],
      relations: [{ source: 'new', target: 'old', rationale: 'The new event follows Event 1.' }],
    });
    await page.evaluate(() => { location.hash = '#/event/old'; });
    await page.locator('.newness bdi').waitFor();
    assert.equal(await page.textContent('.newness bdi'), sneaky, 'the title sits in its own <bdi>');
    assert.match(await page.textContent('.newness'), /^“.*” was the new event when the relation was judged\.$/);
    await page.evaluate(() => { location.hash = '#/graph?focus=new&depth=1'; });
    await page.locator('.graph-header h1 bdi').waitFor();
    assert.equal(await page.textContent('.graph-header h1 bdi'), sneaky);
    assert.match(await page.textContent('.graph-header h1'), /^Neighbourhood of “.*” \(1 step\)$/);
    assert.equal(await page.title(), '\u2068Deceptive text\u2069 · Event Lens', 'the tab title isolates the data too');
    assert.deepEqual(page.problems, []);
  });

  test('a file opened while the graph is shown gets a graph that is laid out, not its seeded start', async () => {
    const events = Array.from({ length: 40 }, (_, i) => ({ id: `v${i}`, title: `Event ${i}` }));
    const relations = events.slice(1).map((event, i) => ({ source: event.id, target: `v${i}`, rationale: 'The new event follows Event 1.' }));
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await page.waitForFunction(() => window.eventLens.layout().settled);
    await loadDocument(page, { meta: { title: 'Opened from the graph' }, events, relations });
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.waitForFunction(() => window.eventLens.layout().nodes.length === 40 && window.eventLens.layout().settled, null, { timeout: 30000 });
    const { ticks } = await page.evaluate(() => window.eventLens.layout());
    assert.ok(ticks > 0, `the new graph was laid out (${ticks} ticks)`);
    assert.deepEqual(page.problems, []);
  });
});
