// The standalone HTML file: opened from file:// with no server and no request made, showing the
// event page and the graph; and saved from the app (and from a standalone file again).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, FIXTURES, openApp, openHarness, screenshotPath } from './harness.mjs';

/** Opens a standalone file and records every request the page makes. */
async function openStandalone(harness, path) {
  const page = await harness.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  const url = pathToFileURL(path).href;
  await page.goto(url);
  await page.waitForSelector('main h1');
  return { page, url, requests };
}

async function saveStandalone(page, menu) {
  await page.locator(`${menu} summary`).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`${menu} button`, { hasText: 'Save as standalone HTML' }).click(),
  ]);
  return file;
}

describe('standalone file', () => {
  let harness;
  before(async () => {
    harness = await openHarness();
  });
  after(() => harness.close());

  test('a file made by the command line opens from file:// with no request and shows pages and graph', async () => {
    const { page, url, requests } = await openStandalone(harness, join(ARTIFACTS, 'standalone.html'));
    assert.equal(await page.textContent('main h1'), 'Iran–Israel theater: sample export');
    assert.equal(await page.locator('table.event-index tbody tr').count(), 15);
    await page.evaluate(() => { location.hash = '#/event/us-iran-backchannel-agreement'; });
    await page.waitForSelector('text=Related events (8)');
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.waitForFunction(() => window.eventLens.layout().settled && window.eventLens.layout().nodes.length === 15);
    assert.equal(await page.evaluate(() => window.eventLens.layout().engine), 'worker', 'the file carries its layout worker too');
    await page.screenshot({ path: screenshotPath('standalone-graph') });
    const outside = requests.filter((r) => !(r === url || r.startsWith(`${url}#`) || r.startsWith('blob:') || r.startsWith('data:')));
    assert.deepEqual(outside, [], 'nothing is fetched: no network, no other file');
    assert.deepEqual(page.problems, []);
  });

  test('"Save as standalone HTML" in the app writes a file that opens and can save itself again', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    const saved = join(ARTIFACTS, 'saved-standalone.html');
    await copyFile(await (await saveStandalone(page, '.index-controls .export-menu')).path(), saved);
    const first = await openStandalone(harness, saved);
    assert.equal(await first.page.locator('table.event-index tbody tr').count(), 15);
    const again = join(ARTIFACTS, 'saved-again-standalone.html');
    await copyFile(await (await saveStandalone(first.page, '.index-controls .export-menu')).path(), again);
    const second = await openStandalone(harness, again);
    assert.equal(await second.page.locator('table.event-index tbody tr').count(), 15);
    await second.page.evaluate(() => { location.hash = '#/graph'; });
    await second.page.waitForFunction(() => window.eventLens.layout().settled && window.eventLens.layout().nodes.length === 15);
    assert.equal(await second.page.evaluate(() => window.eventLens.layout().engine), 'worker', 'saved again, still with its worker');
    assert.deepEqual([...first.page.problems, ...second.page.problems], []);
  });

  test('data whose strings could end or escape a script element opens exactly, from the command line', async () => {
    const data = JSON.parse(await readFile(join(FIXTURES, 'script-breakers.json'), 'utf8'));
    const { page } = await openStandalone(harness, join(ARTIFACTS, 'standalone-script-breakers.html'));
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing in the data ran');
    const titles = await page.locator('table.event-index tbody tr td a').allTextContents();
    assert.deepEqual(titles.sort(), data.events.map((event) => event.title).sort(), 'every title, exactly');
    assert.equal(await page.textContent('main h1'), data.meta.title);
    await page.evaluate(() => { location.hash = '#/event/e3'; });
    await page.locator('.event-page h1', { hasText: 'Title 3' }).waitFor();
    assert.equal(await page.textContent('.event-page h1'), data.events[3].title);
    assert.deepEqual(page.problems, []);
  });

  test('a file made from JSON Lines opens, from the command line and saved from the app', async () => {
    const cli = await openStandalone(harness, join(ARTIFACTS, 'standalone-events.html'));
    const rows = await cli.page.locator('table.event-index tbody tr').count();
    assert.equal(rows, 2, 'both events of the JSON Lines file');
    assert.equal(await cli.page.textContent('main h1'), 'Lines');
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await page.setInputFiles('label.open-file input[type=file]', join(FIXTURES, 'events.jsonl'));
    await page.waitForFunction((rows) => document.querySelectorAll('table.event-index tbody tr').length === rows, rows);
    const saved = join(ARTIFACTS, 'saved-from-jsonl-standalone.html');
    await copyFile(await (await saveStandalone(page, '.index-controls .export-menu')).path(), saved);
    const reopened = await openStandalone(harness, saved);
    assert.equal(await reopened.page.locator('table.event-index tbody tr').count(), rows);
    assert.equal(await reopened.page.locator('[role=alert]').count(), 0, 'no "could not load"');
    assert.deepEqual([...cli.page.problems, ...page.problems, ...reopened.page.problems], []);
  });
});
