// Exports from the app: pictures of the graph (PNG, SVG) and data (JSON that loads back to the
// same export), the filtered view alone, and the print stylesheet.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, openHarness } from './harness.mjs';

async function download(page, menu, label) {
  await page.locator(`${menu} summary`).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`${menu} button`, { hasText: label }).first().click(),
  ]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

describe('exports', () => {
  let harness;
  before(async () => {
    harness = await openHarness();
  });
  after(() => harness.close());

  test('the graph exports as PNG at screen and 2x resolution, showing the nodes', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await page.waitForFunction(() => window.eventLens.layout().settled);
    const { nodes } = await page.evaluate(() => window.eventLens.layout());
    const box = await page.locator('.graph-stage canvas').boundingBox();
    const png1 = await download(page, '.graph-toolbar .export-menu', 'Picture (PNG)');
    const png2 = await download(page, '.graph-toolbar .export-menu', 'Picture, 2×');
    assert.equal(png1.name, 'iran-israel-theater-sample-export-graph.png');
    assert.equal(png2.name, 'iran-israel-theater-sample-export-graph@2x.png');
    const size = (bytes) => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    assert.deepEqual(png1.bytes.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual(size(png1.bytes), [Math.round(box.width), Math.round(box.height)]);
    assert.deepEqual(size(png2.bytes), [Math.round(box.width) * 2, Math.round(box.height) * 2]);
    // Decode the picture in a blank page and look at the pixel under each node.
    const blank = await harness.context.newPage();
    const colours = await blank.evaluate(async ({ base64, points }) => {
      const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      return points.map(([x, y]) => Array.from(context.getImageData(Math.round(x), Math.round(y), 1, 1).data));
    }, { base64: png1.bytes.toString('base64'), points: nodes.map((n) => [n.x, n.y]) });
    const coloured = colours.filter(([r, g, b]) => !(r > 240 && g > 240 && b > 240));
    assert.equal(coloured.length, nodes.length, 'every node centre is painted in the PNG');
    await blank.close();
  });

  test('the graph exports as SVG with every node and its labels as text', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await page.waitForFunction(() => window.eventLens.layout().settled);
    const svg = await download(page, '.graph-toolbar .export-menu', 'Picture (SVG)');
    const blank = await harness.context.newPage();
    const summary = await blank.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        circles: doc.querySelectorAll('circle').length,
        titles: Array.from(doc.querySelectorAll('circle title')).map((t) => t.textContent),
        texts: doc.querySelectorAll('text').length,
        paths: doc.querySelectorAll('path').length,
      };
    }, svg.bytes.toString('utf8'));
    await blank.close();
    assert.equal(summary.error, null);
    assert.equal(summary.circles, 15);
    assert.equal(summary.paths, 22);
    assert.ok(summary.titles.includes('US and Iran Advance Backchannel Negotiations Toward Potential Agreement'));
    assert.ok(summary.texts >= 5, `labels are text (${summary.texts})`);
  });

  test('exported JSON loads back and exports again to the same bytes', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    const first = await download(page, '.index-controls .export-menu', 'All data as JSON');
    assert.equal(first.name, 'iran-israel-theater-sample-export.json');
    await page.setInputFiles('label.open-file input[type=file]', { name: 'exported.json', mimeType: 'application/json', buffer: first.bytes });
    await page.waitForSelector('text=from \u2068exported.json\u2069');
    assert.equal(await page.locator('table.event-index tbody tr').count(), 15);
    const second = await download(page, '.index-controls .export-menu', 'All data as JSON');
    assert.equal(second.bytes.toString('utf8'), first.bytes.toString('utf8'));
    assert.equal(JSON.parse(first.bytes).relations.length, 22, 'every sample relation has a recorded direction, so all are top-level');
  });

  test('the filtered list exports alone, with only the relations among its events', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await page.fill('input[type=search]', 'ceasefire');
    const shown = await page.locator('table.event-index tbody tr').count();
    const view = await download(page, '.index-controls .export-menu', 'This view as JSON');
    const data = JSON.parse(view.bytes);
    assert.equal(view.name, 'iran-israel-theater-sample-export-view.json');
    assert.equal(data.events.length, shown);
    const ids = new Set(data.events.map((e) => e.id));
    const all = [...data.relations, ...data.events.flatMap((e) => (e.related ?? []).map((r) => ({ source: e.id, target: r.id })))];
    assert.ok(all.every((r) => ids.has(r.source) && ids.has(r.target)));
  });

  test('the event page prints without the app chrome', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/event/us-iran-backchannel-agreement');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.app-header').isVisible(), false);
    assert.equal(await page.locator('main h1').isVisible(), true);
    const after = await page.locator('.sources a').evaluate((a) => getComputedStyle(a, '::after').content);
    assert.match(after, /https:\/\//, 'links are printed with their address');
  });
});
