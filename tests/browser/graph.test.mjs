// The relation graph in a real browser: what is drawn where (through window.eventLens.layout()),
// hover and click on edges and nodes, keyboard use, deep links, the text alternative, and a
// generated graph of 2,000 events and 6,000 relations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, openApp, openHarness, screenshotPath } from './harness.mjs';

const SEED = 'us-iran-backchannel-agreement';
const SEED_TITLE = 'US and Iran Advance Backchannel Negotiations Toward Potential Agreement';

const layout = (page) => page.evaluate(() => window.eventLens.layout());
const settled = (page, timeout = 30000) =>
  page.waitForFunction(() => window.eventLens?.layout().settled === true && window.eventLens.layout().nodes.length > 0, null, { timeout });

/** How many node centres and edge midpoints (of edges over 4 px) of `fitted` are inked. */
function inkedInCanvas(page, fitted) {
  return page.evaluate(({ nodes, edges }) => {
    const canvas = document.querySelector('.graph-stage canvas');
    const dpr = canvas.width / canvas.clientWidth;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const inked = (x, y) => {
      const at = 4 * (Math.floor(y * dpr) * canvas.width + Math.floor(x * dpr));
      return pixels[at] + pixels[at + 1] + pixels[at + 2] < 251 + 252 + 254 - 30;
    };
    return {
      nodes: nodes.filter((n) => inked(n.x, n.y)).length,
      edges: edges.filter((e) => Math.hypot(e.x2 - e.x1, e.y2 - e.y1) > 4 && inked(e.mx, e.my)).length,
      longEdges: edges.filter((e) => Math.hypot(e.x2 - e.x1, e.y2 - e.y1) > 4).length,
    };
  }, fitted);
}

async function canvasBox(page) {
  return page.locator('.graph-stage canvas').boundingBox();
}

/** Separating-axis overlap test of two rotated label boxes (same as the app's, independently). */
function overlaps(a, b) {
  const box = (l) => ({ cx: l.x, cy: l.y, hw: l.width / 2 + 3, hh: 7, angle: l.angle });
  const [p, q] = [box(a), box(b)];
  const axes = (r) => [[Math.cos(r.angle), Math.sin(r.angle)], [-Math.sin(r.angle), Math.cos(r.angle)]];
  const radius = (r, [ax, ay]) => {
    const [[ux, uy], [vx, vy]] = axes(r);
    return r.hw * Math.abs(ux * ax + uy * ay) + r.hh * Math.abs(vx * ax + vy * ay);
  };
  return [...axes(p), ...axes(q)].every((axis) =>
    Math.abs((q.cx - p.cx) * axis[0] + (q.cy - p.cy) * axis[1]) < radius(p, axis) + radius(q, axis));
}

/** A new page with the generated 2,000-event export opened from the file picker, its graph settled. */
async function openSettledGenerated(harness) {
  const page = await harness.newPage();
  await openApp(page, harness.url);
  await page.setInputFiles('label.open-file input[type=file]', join(ARTIFACTS, 'generated-2000.json'));
  await page.waitForFunction(() => document.querySelector('.overview')?.textContent.startsWith('2000 events'), null, { timeout: 30000 });
  await page.evaluate(() => { location.hash = '#/graph'; });
  await settled(page, 120000);
  return page;
}

describe('relation graph', () => {
  let harness;
  let sample;
  before(async () => {
    harness = await openHarness();
    sample = JSON.parse(await readFile(join(ROOT, 'www', 'sample.json'), 'utf8'));
  });
  after(() => harness.close());

  test('the whole graph shows every event and relation, and a text alternative lists each relation', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    const { nodes, edges } = await layout(page);
    assert.equal(nodes.length, 15);
    assert.equal(edges.length, 22);
    const box = await canvasBox(page);
    for (const node of nodes) {
      assert.ok(node.x > 0 && node.x < box.width && node.y > 0 && node.y < box.height, `${node.id} is on screen after fitting`);
    }
    const sentences = await page.locator('.graph-text li').allTextContents();
    assert.equal(sentences.length, 22);
    const rationale = 'Event 6 details ongoing backchannel negotiations between the US and Iran.';
    const sentence = sentences.find((s) => s.includes(rationale));
    assert.ok(sentence.startsWith("\u2068Iran's Foreign Ministry Sets Out Red Lines for Any Agreement\u2069 → \u2068US and Iran Advance"), sentence);
    assert.equal(await page.locator('.graph-legend').getByText('escalation', { exact: true }).count(), 1);
    await page.screenshot({ path: screenshotPath('graph-whole'), fullPage: true });
    assert.deepEqual(page.problems, []);
  });

  test('nodes are coloured by the first field that splits the events, and the legend says which', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    // Every event of the sample is connected, so the connected group would say nothing: the
    // first field that splits the events colours them.
    assert.equal(await page.locator('.colour-by select').inputValue(), 'tag');
    assert.equal((await layout(page)).colourBy, 'tag');
    assert.equal(await page.textContent('.graph-legend .legend-title'), 'Node colour: first tag');
    assert.ok(await page.locator('.graph-legend [aria-label="Node colours"] li', { hasText: 'Iran' }).count() >= 1);
    await page.locator('.colour-by select').selectOption('component');
    await page.locator('.graph-legend .legend-title', { hasText: 'Node colour: connected group' }).waitFor();
    assert.equal(await page.locator('.graph-legend [aria-label="Node colours"] li', { hasText: 'Group 1 (15 events)' }).count(), 1);
    await page.locator('.colour-by select').selectOption('actor');
    await page.locator('.graph-legend .legend-title', { hasText: 'Node colour: first actor' }).waitFor();
    assert.deepEqual(page.problems, []);
  });

  test('hovering the middle of an edge shows its rationale; a pair with two rationales has two edges', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    const { edges } = await layout(page);
    const box = await canvasBox(page);
    const pair = edges.filter((e) => e.source === 'lebanon-truce-linked-to-us-iran-talks' && e.target === 'lebanon-10-day-ceasefire-begins');
    assert.equal(pair.length, 2, 'both relations of the pair are drawn');
    assert.ok(Math.hypot(pair[0].mx - pair[1].mx, pair[0].my - pair[1].my) > 8, 'and apart from each other');
    const shown = [];
    for (const edge of pair) {
      await page.mouse.move(box.x + edge.mx, box.y + edge.my);
      const tooltip = page.getByRole('tooltip');
      await tooltip.waitFor();
      // The kind and the rationale each sit between Unicode isolates (U+2068 … U+2069).
      shown.push((await tooltip.textContent()).replace(/[\u2068\u2069]/g, ''));
    }
    assert.notEqual(shown[0], shown[1]);
    for (const text of shown) {
      const relation = sample.relations.concat(sample.events.flatMap((e) => e.related ?? []))
        .find((r) => text.endsWith(r.rationale));
      assert.ok(relation, `tooltip shows a full rationale: ${text.slice(0, 60)}`);
    }
    // Clicking one of them selects that relation.
    await page.mouse.click(box.x + pair[1].mx, box.y + pair[1].my);
    await page.waitForSelector('.graph-panel .rationale');
    assert.ok(shown[1].endsWith(await page.textContent('.graph-panel .rationale')));
    assert.deepEqual(page.problems, []);
  });

  test('clicking a node opens its panel, Enter opens its page, and back returns to the same picture', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    const before = await layout(page);
    const seed = before.nodes.find((n) => n.id === SEED);
    const box = await canvasBox(page);
    await page.mouse.click(box.x + seed.x, box.y + seed.y);
    assert.equal(await page.textContent('.graph-panel .panel-title'), SEED_TITLE);
    assert.equal(await page.textContent('.graph-panel .panel-count'), '8 relations');
    assert.match(await page.textContent('[aria-live=polite]'), /^Selected event: \u2068US and Iran Advance/);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => location.hash === `#/event/${id}`, SEED);
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, SEED_TITLE);
    await page.goBack();
    await settled(page);
    const after = await layout(page);
    for (const node of before.nodes) {
      const again = after.nodes.find((n) => n.id === node.id);
      assert.ok(Math.hypot(again.x - node.x, again.y - node.y) < 1, `${node.id} kept its place`);
    }
    assert.equal(await page.textContent('.graph-panel .panel-title'), SEED_TITLE, 'the selection is kept');
  });

  test('#/relation/<source>/<target> selects that relation and marks the new event', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, `#/relation/israeli-pressure-military-operation/${SEED}`);
    await settled(page);
    await page.waitForSelector('.graph-panel .rationale');
    assert.match(await page.textContent('.graph-panel .rationale'), /^Event 12 notes that the US and Iran/);
    const ends = page.locator('.graph-panel .panel-ends li');
    assert.match(await ends.nth(0).textContent(), /Israeli Ministers Press.*the new event$/);
    assert.equal(await ends.nth(1).textContent(), SEED_TITLE);
    await page.locator('.graph-panel .rationale a', { hasText: 'Event 12' }).click();
    await page.waitForFunction((id) => location.hash === `#/event/${id}`, SEED);
  });

  test('the keyboard moves between neighbours and steps through relations', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    await page.focus('.graph-stage canvas');
    await page.keyboard.press('ArrowRight');
    const first = await page.textContent('.graph-panel .panel-title');
    assert.equal(first, SEED_TITLE, 'the first arrow selects the biggest hub');
    await page.keyboard.press('ArrowLeft');
    const neighbour = await page.textContent('.graph-panel .panel-title');
    assert.notEqual(neighbour, first, 'an arrow moves to a neighbour');
    await page.keyboard.press(']');
    await page.waitForFunction(() => window.eventLens.layout().cards[0]?.current === true);
    assert.equal(await page.textContent('.graph-panel .panel-title'), 'Relation');
    assert.match(await page.textContent('[aria-live=polite]'), /^Selected relation: /);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.panel-hint');
  });

  test('zoomed in, edges carry their rationale as text, and no two labels overlap', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    const seed = (await layout(page)).nodes.find((n) => n.id === SEED);
    const box = await canvasBox(page);
    await page.mouse.move(box.x + seed.x, box.y + seed.y);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -240);
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.waitForFunction(() => window.eventLens.layout().edgeLabels.length >= 4);
    const { edgeLabels, scale } = await layout(page);
    assert.ok(scale > 4, `zoomed in (${scale})`);
    for (const label of edgeLabels) {
      const relation = await page.evaluate((i) => i, label.relation);
      assert.ok(label.text.length > 8, `label for relation ${relation} has text`);
      assert.ok(Math.abs(label.angle) <= Math.PI / 2 + 1e-9, 'reads left to right');
    }
    for (let i = 0; i < edgeLabels.length; i++) {
      for (let j = i + 1; j < edgeLabels.length; j++) {
        assert.ok(!overlaps(edgeLabels[i], edgeLabels[j]), `labels ${i} and ${j} overlap`);
      }
    }
    await page.screenshot({ path: screenshotPath('graph-zoomed-rationales') });
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/graph-zoomed.png') });
  });

  test('a dragged node stays where it is dropped, and the ego view shows one neighbourhood', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, `#/event/${SEED}`);
    await page.click('text=Show in graph');
    await page.waitForFunction((id) => location.hash === `#/graph?focus=${id}&depth=1`, SEED);
    await settled(page);
    const { nodes, edges } = await layout(page);
    assert.equal(nodes.length, 9, 'the seed and its eight related events');
    assert.ok(edges.every((e) => nodes.some((n) => n.id === e.source) && nodes.some((n) => n.id === e.target)));
    assert.match(await page.textContent('.graph-header h1'), /^Neighbourhood of “US and Iran Advance/);
    const node = nodes.find((n) => n.id !== SEED);
    const box = await canvasBox(page);
    const drop = { x: 60, y: 60 };
    await page.mouse.move(box.x + node.x, box.y + node.y);
    await page.mouse.down();
    await page.mouse.move(box.x + (node.x + drop.x) / 2, box.y + (node.y + drop.y) / 2, { steps: 5 });
    await page.mouse.move(box.x + drop.x, box.y + drop.y, { steps: 5 });
    await page.mouse.up();
    await settled(page);
    const moved = (await layout(page)).nodes.find((n) => n.id === node.id);
    assert.ok(Math.hypot(moved.x - drop.x, moved.y - drop.y) < 2, `pinned at the drop point: ${moved.x},${moved.y}`);
    await page.mouse.dblclick(box.x + moved.x, box.y + moved.y);
    await settled(page);
    const released = (await layout(page)).nodes.find((n) => n.id === node.id);
    assert.ok(Math.hypot(released.x - drop.x, released.y - drop.y) > 5, 'double-click released the pin');
  });

  test('once settled the graph stops asking for frames, and draws again only when something changes', async () => {
    const page = await harness.newPage();
    await page.addInitScript(() => {
      window.__frames = 0;
      const request = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (callback) => { window.__frames += 1; return request(callback); };
    });
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    await page.waitForTimeout(100);
    const atRest = await page.evaluate(() => window.__frames);
    await page.waitForTimeout(600);
    assert.equal(await page.evaluate(() => window.__frames), atRest, 'no frames while nothing changes');
    await page.locator('.graph-stage canvas').hover({ position: { x: 5, y: 5 } });
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForTimeout(100);
    assert.ok((await page.evaluate(() => window.__frames)) > atRest, 'zooming draws again');
  });

  test('the layout control says what the layout is doing: running, paused, or settled', async () => {
    // 2,000 events: a layout that runs long enough to be paused (the sample's settles in a
    // few milliseconds).
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await page.setInputFiles('label.open-file input[type=file]', join(ARTIFACTS, 'generated-2000.json'));
    await page.waitForFunction(() => document.querySelector('.overview')?.textContent.startsWith('2000 events'), null, { timeout: 30000 });
    await page.evaluate(() => { location.hash = '#/graph'; });
    const control = page.locator('button.pause');
    const status = page.locator('.layout-status');
    await page.waitForFunction(() => document.querySelector('.layout-status')?.textContent === 'Laying out…');
    assert.equal(await control.textContent(), 'Pause layout');
    await control.click();
    await page.waitForFunction(() => document.querySelector('button.pause').textContent === 'Resume layout');
    assert.equal(await status.textContent(), 'Layout paused');
    // A report the worker sent before it read the pause may still be on its way.
    await page.waitForTimeout(200);
    const ticks = await page.evaluate(() => window.eventLens.layout().ticks);
    await page.waitForTimeout(400);
    assert.equal(await status.textContent(), 'Layout paused', 'a paused layout stays paused');
    assert.equal(await page.evaluate(() => window.eventLens.layout().ticks), ticks, 'and does not tick');
    await control.click();
    assert.equal(await control.textContent(), 'Pause layout');
    await settled(page, 60000);
    assert.ok(await control.isDisabled(), 'nothing to pause once settled: Reheat starts it again');
    await page.getByRole('button', { name: 'Reheat' }).click();
    await settled(page, 60000);
  });

  test('with reduced motion the graph still lays out and shows every event', async () => {
    const page = await harness.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    assert.equal((await layout(page)).nodes.length, 15);
    assert.deepEqual(page.problems, []);
  });

  test('a generated graph of 2,000 events and 6,000 relations loads and settles without freezing', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration)))
        .observe({ type: 'longtask', buffered: false });
    });
    const started = Date.now();
    await page.setInputFiles('label.open-file input[type=file]', join(ARTIFACTS, 'generated-2000.json'));
    await page.waitForFunction(() => document.querySelector('.overview')?.textContent.startsWith('2000 events'), null, { timeout: 30000 });
    const loaded = Date.now();
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.waitForSelector('.graph-stage canvas');
    // While laying out, the page must keep answering.
    const probeStart = Date.now();
    await page.evaluate(() => 1);
    const probe = Date.now() - probeStart;
    await settled(page, 120000);
    const done = Date.now();
    const { nodes, edges } = await layout(page);
    assert.equal(nodes.length, 2000);
    assert.equal(edges.length, 6000);
    // The text alternative lists a page of relations at a time.
    assert.equal(await page.locator('.graph-text li').count(), 500);
    await page.locator('.graph-text summary').click();
    await page.locator('.graph-text button', { hasText: 'Show 500 more' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.graph-text li').length === 1000);
    assert.match(await page.locator('.graph-text .more').textContent(), /^1000 of 6000 shown\./);
    await page.locator('.graph-text summary').click();
    const longTasks = await page.evaluate(() => window.__longTasks);
    const longest = Math.max(0, ...longTasks);
    // One full frame at rest, fitted to the screen.
    await page.getByRole('button', { name: 'Fit to screen' }).click();
    await page.waitForTimeout(200);
    const drawMs = (await layout(page)).drawMs;
    console.log(`# 2,000/6,000: loaded in ${loaded - started} ms, laid out in ${done - loaded} ms; ` +
      `page answered in ${probe} ms during layout; ${longTasks.length} long tasks, longest ${Math.round(longest)} ms; ` +
      `one fitted frame draws in ${drawMs.toFixed(1)} ms`);
    assert.ok(probe < 1000, `the page answered within a second during layout (${probe} ms)`);
    await page.screenshot({ path: screenshotPath('graph-2000') });

    // Fitted, this is the overview, painted by our own rasteriser: every node and edge shows.
    const fitted = await layout(page);
    assert.ok(fitted.scale < 0.45, `overview scale ${fitted.scale}`);
    const painted = await inkedInCanvas(page, fitted);
    assert.ok(painted.nodes >= 0.97 * fitted.nodes.length, `${painted.nodes} of ${fitted.nodes.length} node centres inked`);
    assert.ok(painted.edges >= 0.9 * painted.longEdges, `${painted.edges} of ${painted.longEdges} edge midpoints inked`);
    assert.deepEqual(page.problems, []);
  });

  test('on a slow machine a moving layout too big to paint in one frame is painted over several, and the settled picture is whole', async () => {
    const page = await openSettledGenerated(harness);
    await page.getByRole('button', { name: 'Fit to screen' }).click();
    await page.waitForTimeout(200);
    const before = await layout(page);
    // Slow the page down until a fitted frame takes several times the 25 ms a frame may paint.
    const rate = Math.min(100, Math.max(4, Math.ceil(150 / Math.max(before.drawMs, 1))));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.getByRole('button', { name: 'Reheat' }).click();
    await page.waitForFunction(() => document.querySelector('.layout-status')?.textContent === 'Laying out…');
    await page.waitForFunction(() => document.querySelector('.layout-status')?.textContent === 'Layout settled', null, { timeout: 300000, polling: 500 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.waitForTimeout(300);
    const after = await layout(page);
    console.log(`# CPU slowed ${rate}x: ${after.picturesInParts - before.picturesInParts} pictures painted in parts while the layout moved`);
    assert.ok(after.picturesInParts > before.picturesInParts, `pictures were painted in parts (${before.picturesInParts} -> ${after.picturesInParts})`);
    assert.ok(after.settled && after.scale < 0.45, `a settled overview (scale ${after.scale})`);
    const painted = await inkedInCanvas(page, after);
    assert.ok(painted.nodes >= 0.97 * after.nodes.length, `${painted.nodes} of ${after.nodes.length} node centres inked`);
    assert.ok(painted.edges >= 0.9 * painted.longEdges, `${painted.edges} of ${painted.longEdges} edge midpoints inked`);
    await page.screenshot({ path: screenshotPath('graph-2000-slow-machine') });
    assert.deepEqual(page.problems, []);
  });

  test('on a slow machine the faded rest behind a selection is painted at half resolution while the view moves, and in full once it rests', async () => {
    const page = await openSettledGenerated(harness);
    // An event in the middle of the picture, selected and framed with its neighbours.
    const fitted = await layout(page);
    const middle = fitted.nodes.reduce((best, node) =>
      Math.hypot(node.x - 600, node.y - 400) < Math.hypot(best.x - 600, best.y - 400) ? node : best);
    const box = await page.locator('.graph-stage canvas').boundingBox();
    await page.mouse.click(box.x + middle.x, box.y + middle.y);
    await page.waitForFunction(() => window.eventLens.layout().cards.length > 0);
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    const before = await layout(page);
    assert.equal(before.reduced, false, 'a view at rest is painted in full');
    // Slow the page down until a full picture takes several times the 8 ms that allow full
    // detail while the view moves.
    const rate = Math.min(100, Math.max(4, Math.ceil(60 / Math.max(before.drawMs, 1))));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    for (let i = 0; i < 5; i++) {
      await page.mouse.wheel(0, i % 2 ? 20 : -20);
      await page.waitForTimeout(60);
    }
    const moving = await layout(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    console.log(`# CPU slowed ${rate}x: ${moving.reducedPictures - before.reducedPictures} of 5 zoom pictures at half resolution`);
    assert.ok(moving.reducedPictures > before.reducedPictures, `pictures were painted at half resolution (${before.reducedPictures} -> ${moving.reducedPictures})`);
    assert.equal(moving.reduced, true, 'the last picture while zooming is at half resolution');
    assert.deepEqual(moving.written, moving.frame, 'and every item of the frame was written');
    await page.screenshot({ path: screenshotPath('graph-2000-reading-half-resolution') });
    await page.waitForFunction(() => window.eventLens.layout().reduced === false, null, { timeout: 5000 });
    const rested = await layout(page);
    assert.deepEqual([rested.scale, rested.reducedPictures], [moving.scale, moving.reducedPictures], 'the same view, repainted in full');
    assert.deepEqual(rested.written, rested.frame);
    assert.ok(rested.cards.length > 0, 'with its cards');
    await page.screenshot({ path: screenshotPath('graph-2000-reading-at-rest') });
    assert.deepEqual(page.problems, []);
  });
});
