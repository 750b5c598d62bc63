// The parts of the app loaded when first used (the graph view, the export writers, the Embed
// dialog): the first page fetches none of them, each arrives when needed, and when one cannot
// be fetched the user is told so, the rest of the app keeps working, and a later try loads it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, openHarness } from './harness.mjs';

const isPart = (url) => /\/(split|chunk)_\w+\.wasm$/.test(new URL(url).pathname);

describe('parts loaded on demand', () => {
  let harness;
  before(async () => {
    harness = await openHarness();
  });
  after(() => harness.close());

  test('the event page fetches no on-demand part; the graph fetches its own and not the others', async () => {
    const page = await harness.newPage();
    const parts = [];
    page.on('request', (request) => { if (isPart(request.url())) parts.push(new URL(request.url()).pathname.slice(1)); });
    await openApp(page, harness.url, '#/event/us-iran-backchannel-agreement');
    await page.waitForSelector('text=Related events (8)');
    assert.deepEqual(parts, [], 'the first view needs none of them');
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.waitForFunction(() => window.eventLens.layout().nodes.length === 15);
    assert.ok(parts.includes('split_graph.wasm'), `the graph view's module came: ${parts}`);
    assert.ok(!parts.includes('split_export.wasm') && !parts.includes('split_embed_dialog.wasm'),
      `nothing the graph does not need: ${parts}`);
    assert.deepEqual(page.problems, []);
  });

  test('a graph view that cannot be fetched says so, the pages keep working, and the next visit loads it', async () => {
    const page = await harness.newPage();
    let offline = true;
    await page.route(/\/(split|chunk)_\w+\.wasm$/, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
    await openApp(page, harness.url);
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.waitForSelector('[role=alert] >> text=The graph could not be loaded');
    await page.evaluate(() => { location.hash = '#/event/us-iran-backchannel-agreement'; });
    await page.waitForSelector('text=Related events (8)');
    offline = false;
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.waitForFunction(() => window.eventLens.layout().settled && window.eventLens.layout().nodes.length === 15);
    assert.equal(await page.locator('text=The graph could not be loaded').count(), 0);
    // The failed fetch is logged by the loader; nothing else went wrong.
    assert.deepEqual(page.problems.filter((problem) => !/split_graph|chunk_|Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(problem)), []);
  });

  test('an export whose writer cannot be fetched says so and works once it can be', async () => {
    const page = await harness.newPage();
    let offline = true;
    await page.route(/\/(split|chunk)_\w+\.wasm$/, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
    await openApp(page, harness.url);
    const exportAll = async () => {
      await page.locator('.index-controls .export-menu summary').click();
      await page.locator('.index-controls .export-menu button', { hasText: 'All data as JSON' }).click();
    };
    await exportAll();
    await page.waitForSelector('[role=alert] >> text=Could not load the code that writes exports');
    assert.equal(await page.locator('table.event-index tbody tr').count(), 15, 'the data stays on screen');
    offline = false;
    const [file] = await Promise.all([page.waitForEvent('download'), exportAll()]);
    assert.equal(file.suggestedFilename(), 'iran-israel-theater-sample-export.json');
  });
});
