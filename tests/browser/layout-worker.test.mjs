// The layout runs in a Web Worker (www/layout-worker.js with layout_worker.wasm) so the page stays
// responsive; where the worker cannot run, the same layout runs on the main thread.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, openApp, openHarness } from './harness.mjs';

const layout = (page) => page.evaluate(() => window.eventLens.layout());
const settled = (page, timeout = 60000) =>
  page.waitForFunction(() => window.eventLens?.layout().settled === true && window.eventLens.layout().nodes.length > 0, null, { timeout });

async function openGenerated(page, url) {
  await openApp(page, url);
  await page.setInputFiles('label.open-file input[type=file]', join(ARTIFACTS, 'generated-2000.json'));
  await page.waitForFunction(() => document.querySelector('.overview')?.textContent.startsWith('2000 events'), null, { timeout: 30000 });
  await page.evaluate(() => { location.hash = '#/graph'; });
  await page.waitForSelector('.graph-stage canvas');
}

describe('layout worker', () => {
  let harness;
  let broken;
  before(async () => {
    harness = await openHarness();
    // A server where the worker's module is missing: the worker fails to start.
    broken = await openHarness({
      extraRoutes: { '/layout_worker.wasm': (request, response) => response.writeHead(404).end() },
    });
  });
  after(async () => {
    await harness.close();
    await broken.close();
  });

  test('the layout goes on in the worker while the main thread is busy', async () => {
    const page = await harness.newPage();
    await openGenerated(page, harness.url);
    await settled(page);
    assert.equal((await layout(page)).engine, 'worker');
    const before = (await layout(page)).ticks;
    // Reheat, then keep the main thread busy for 400 ms: only a worker can tick meanwhile.
    await page.evaluate(() => {
      [...document.querySelectorAll('.graph-toolbar button')].find((b) => b.textContent === 'Reheat').click();
      const end = performance.now() + 400;
      while (performance.now() < end);
    });
    // Four animation frames later: the page has drawn (and acknowledged) the worker's reports,
    // the second of which carries what it did during the spell. On the main thread, four frames
    // run at most 40 ms of ticks (measured: 14 ticks a frame at this size).
    await page.evaluate(() => new Promise((resolve) => {
      let frames = 0;
      const next = () => (++frames >= 4 ? resolve() : requestAnimationFrame(next));
      requestAnimationFrame(next);
    }));
    const during = (await layout(page)).ticks - before;
    console.log(`# ${during} ticks arrived within four frames of a 400 ms busy spell`);
    assert.ok(during >= 120, `${during} ticks arrived within four frames of the busy spell`);
    await settled(page);
    assert.deepEqual(page.problems, []);
  });

  test('without a worker the same layout runs on the main thread, position for position', async () => {
    const inWorker = await harness.newPage();
    await openApp(inWorker, harness.url, '#/graph');
    await settled(inWorker);
    const onMain = await broken.newPage();
    const warnings = [];
    onMain.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    await openApp(onMain, broken.url, '#/graph');
    await settled(onMain);
    const [a, b] = [await layout(inWorker), await layout(onMain)];
    assert.equal(a.engine, 'worker');
    assert.equal(b.engine, 'main thread');
    assert.ok(warnings.some((w) => w.includes('layout continues on the main thread')), warnings.join('\n'));
    assert.equal(a.ticks, b.ticks);
    assert.deepEqual(b.nodes, a.nodes, 'same seed, same forces, same arithmetic: the same picture');
    assert.deepEqual(inWorker.problems, []);
    assert.deepEqual(onMain.problems, []);
  });
});
