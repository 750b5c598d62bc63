// Hostile data stays inert text, only safe links are clickable, and the page runs under the CSP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, openApp, openHarness, screenshotPath } from './harness.mjs';
import { CONTENT_SECURITY_POLICY } from '../../scripts/serve.mjs';

describe('safety', () => {
  let harness;
  before(async () => {
    harness = await openHarness();
  });
  after(() => harness.close());

  test('the app is served with the strict CSP and runs under it without violations', async () => {
    const page = await harness.newPage();
    const response = await page.goto(harness.url);
    assert.equal(response.headers()['content-security-policy'], CONTENT_SECURITY_POLICY);
    await page.waitForSelector('main h1');
    await page.goto(new URL('#/event/us-iran-backchannel-agreement', harness.url).href);
    await page.waitForSelector('.event-page');
    assert.deepEqual(page.problems, []);
  });

  test('a trap in the wasm module (how a release build panics) shows the internal-error message', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    assert.equal(await page.locator('#internal-error').count(), 0);
    // A real trap in the shipped module: its allocator, asked for 4 GiB, aborts, which compiles
    // to `unreachable`. Run from a timer, like an event handler, so that nothing catches it.
    await page.evaluate(async () => {
      const wasm = await (await import('./event_lens.js')).default();
      setTimeout(() => wasm.__wbindgen_malloc(0xffffffff, 1));
    });
    const alert = page.locator('#internal-error');
    await alert.waitFor();
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.match(await alert.textContent(), /stopped because of an internal error.*Reload the page.*unreachable/s);
    assert.ok(page.problems.some((problem) => problem.includes('unreachable')), 'the trap itself is reported');
    await page.screenshot({ path: screenshotPath('internal-error') });
  });

  test('the app fetches only its own files, and a local file never leaves the machine', async () => {
    const page = await harness.newPage();
    const requests = [];
    page.on('request', (request) => requests.push({ url: request.url(), method: request.method() }));
    await openApp(page, harness.url);
    const before = requests.length;
    await page.setInputFiles('label.open-file input[type=file]', join(FIXTURES, 'all-fields.json'));
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'All fields');
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.waitForFunction(() => window.eventLens.layout().settled);
    await page.evaluate(() => { location.hash = '#/event/talks'; });
    await page.waitForSelector('.event-page');
    // The graph view's modules (its own, and any it shares with the exports) and its layout
    // worker are fetched when a graph is first shown: the app's own code, fetched with GET and
    // nothing attached. Nothing else is requested.
    const fetched = requests.slice(before).map((r) => r.url.replace(harness.url, '')).sort();
    const parts = fetched.filter((file) => /^(split|chunk)_\w+\.wasm$/.test(file));
    assert.ok(parts.includes('split_graph.wasm'), `the graph view's module is among ${fetched}`);
    assert.deepEqual(fetched, [...parts, 'layout-worker.js', 'layout_worker.wasm'].sort(),
      'after opening a local file, only the graph view\'s own code is fetched');
    assert.ok(!parts.includes('split_export.wasm'), 'the exports\' code waits until something is exported');
    const foreign = requests.filter((r) => !r.url.startsWith(harness.url));
    assert.deepEqual(foreign, [], 'no CDN, web font or telemetry');
    assert.ok(requests.every((r) => r.method === 'GET'), 'nothing is sent anywhere');
  });

  test('markup and script in data are shown as text and never run', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await page.setInputFiles('label.open-file input[type=file]', join(FIXTURES, 'hostile.json'));
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent.includes('Hostile'));
    assert.equal(await page.textContent('main h1'), '<img src=x onerror="window.__pwned=1">Hostile');
    await page.locator('table.event-index a', { hasText: 'Bold?' }).click();
    await page.waitForSelector('.event-page');
    await page.hover('main h1');
    const h1 = page.locator('main h1');
    assert.equal(await h1.textContent(), '<b onmouseover="window.__pwned=3">Bold?</b> <script>window.__pwned=4</script>');
    assert.equal(await h1.locator('*').count(), 0, 'no elements were created from the title');
    assert.equal(await page.locator('main script, main iframe, main svg, main img').count(), 0);
    // Only the https source is a link; the others are shown as text.
    const links = await page.locator('.sources a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['https://news.example.org/fine']);
    assert.equal(await page.locator('.sources .unlinked-url').count(), 3);
    assert.equal(await page.locator('main a[href^="javascript:"], main a[href^="data:"]').count(), 0);
    // The odd id with spaces, slashes, ? and # and an emoji still routes to its page.
    await page.locator('.related-title').click();
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent.startsWith('Odd id'));
    await page.screenshot({ path: screenshotPath('hostile-odd-id'), fullPage: true });
    await page.goBack();
    await page.waitForSelector('.event-page');
    await page.screenshot({ path: screenshotPath('hostile-event'), fullPage: true });
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no injected script ran');
    assert.deepEqual(page.problems, []);
  });
});
