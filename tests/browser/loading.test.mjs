// Loading data: the file picker, drag-and-drop, ?data=<url>, progress, and failures that must
// leave what was loaded before on screen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES, openApp, openHarness, screenshotPath } from './harness.mjs';

const SEED_FILE = join(FIXTURES, '000_6606db7bc665eae2.txt');
const SAMPLE_TITLE = 'Iran–Israel theater: sample export';

/** Streams a large generated export slowly, so the progress bar can be seen mid-load. */
function slowExport(request, response) {
  const events = Array.from({ length: 3000 }, (_, i) => ({
    id: `e${i}`, title: `Slow event ${i}`, summary: 'x'.repeat(200), date: '2026-04-18',
  }));
  const body = Buffer.from(JSON.stringify({ meta: { title: 'Slow export' }, events }));
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  const chunk = Math.ceil(body.length / 20);
  let offset = 0;
  const timer = setInterval(() => {
    response.write(body.subarray(offset, offset + chunk));
    offset += chunk;
    if (offset >= body.length) {
      clearInterval(timer);
      response.end();
    }
  }, 100);
}

/** A large export served at once: reading it (not downloading) takes the time. */
const BIG_EVENTS = 60000;
const bigExport = (() => {
  const events = Array.from({ length: BIG_EVENTS }, (_, i) => ({
    id: `e${i}`, title: `Big event ${i}`, summary: 'A short summary of what happened.', date: '2026-04-18',
  }));
  return Buffer.from(JSON.stringify({ meta: { title: 'Big export' }, events }));
})();

/** Keeps every text the progress bar shows, as the page changes it, in `window.__progress`. */
function recordProgress(page) {
  return page.addInitScript(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const text = document.querySelector('.load-progress span')?.textContent;
      if (text && text !== window.__progress.at(-1)) window.__progress.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

describe('loading data', () => {
  let harness;
  before(async () => {
    harness = await openHarness({
      extraRoutes: {
        '/slow.json': slowExport,
        '/big.json': (request, response) => {
          response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bigExport.length });
          response.end(bigExport);
        },
      },
    });
  });
  after(() => harness.close());

  test('the seed text page loads through the file picker', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await page.setInputFiles('label.open-file input[type=file]', SEED_FILE);
    await page.waitForSelector('text=1 events · 8 relations · from \u2068000_6606db7bc665eae2.txt\u2069');
    await page.getByRole('link', { name: 'US and Iran Advance Backchannel Negotiations Toward Potential Agreement', exact: true }).click();
    await page.waitForSelector('.event-page');
    const headings = await page.locator('main h2').allTextContents();
    assert.deepEqual(headings, ['Summary', 'Full content', 'Sources (0)', 'Actor responses', 'Related events (8)']);
    assert.equal(await page.locator('.actor-responses li').count(), 2);
    assert.equal(await page.textContent('section:has(#content-heading) .absent'), 'No full content in the data.');
    assert.equal(await page.locator('.related-event').count(), 8);
    assert.equal(await page.locator('.reference.unresolved').count() > 0, true, 'direction unknown: references marked, not linked');
    // The export's "Sources (1)" lists none: said in the Data problems panel.
    assert.match(await page.textContent('.data-problems summary'), /^Data problems \(1\)$/);
    await page.screenshot({ path: screenshotPath('seed-text-page'), fullPage: true });
    assert.deepEqual(page.problems, []);
  });

  test('a broken file shows an alert with line and column, and the earlier data stays', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await page.setInputFiles('label.open-file input[type=file]', join(FIXTURES, 'broken-syntax.json'));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Could not load “\u2068broken-syntax\.json\u2069”: line 3, column 14: this is not valid JSON/);
    assert.match(await alert.textContent(), /The data loaded before is still shown\./);
    assert.equal(await page.textContent('main h1'), SAMPLE_TITLE);
    assert.equal(await page.locator('table.event-index tbody tr').count(), 15);
    await page.screenshot({ path: screenshotPath('load-error') });
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await page.getByRole('alert').count(), 0);
  });

  test('files that are not event data get their own message', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    const cases = [
      ['empty.json', '', /The file is empty/],
      ['page.json', '<!DOCTYPE html><html><body>502</body></html>', /HTML web page/],
      ['blob.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), /binary file/],
      ['v2.json', '{"schema": "event-graph/2", "events": []}', /schema: this file uses schema "\u2068event-graph\/2\u2069"/],
      ['dupes.json', '{"events": [{"id": "a", "title": "A"}, {"id": "a", "title": "B"}]}', /events\[1\]\.id: duplicate event id "\u2068a\u2069"/],
    ];
    for (const [name, content, expected] of cases) {
      await page.setInputFiles('label.open-file input[type=file]', {
        name, mimeType: 'application/json', buffer: Buffer.from(content),
      });
      await page.waitForFunction((n) => document.querySelector('[role=alert]')?.textContent.includes(n), name);
      assert.match(await page.getByRole('alert').textContent(), expected, name);
      assert.equal(await page.textContent('main h1'), SAMPLE_TITLE, `${name}: sample still shown`);
    }
  });

  test('?data=<url> loads from a URL, and a failing URL says why', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '?data=sample.json#/event/iran-president-calls-for-peace');
    assert.equal(await page.textContent('main h1'), 'Iranian President Publicly Calls for Peace and Regional Dialogue');
    await page.goto(new URL('?data=missing.json', harness.url).href);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Could not load “\u2068missing\.json\u2069”: the server answered 404/);
  });

  test('a file dropped on the page is loaded', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    const jsonl = await readFile(join(FIXTURES, 'events.jsonl'), 'utf8');
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'events.jsonl', { type: 'application/x-ndjson' }));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, cancelable: true }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true, bubbles: true }));
    }, jsonl);
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Lines');
    assert.equal(await page.locator('table.event-index tbody tr').count(), 2);
    assert.equal(await page.isVisible('.drop-hint'), false, 'the drop hint is gone');
  });

  test('a large download shows progress while it loads', async () => {
    const page = await harness.newPage();
    await page.goto(new URL('?data=slow.json', harness.url).href);
    const progress = page.locator('.load-progress progress');
    await progress.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('.load-progress progress')?.value) > 0);
    const [value, max] = await progress.evaluate((bar) => [bar.value, bar.max]);
    assert.ok(value > 0 && value < max, `partial progress ${value}/${max}`);
    assert.match(await page.textContent('.load-progress'), /Loading \u2068slow\.json\u2069… \d+ KB of \d+ KB \(\d+%\)/);
    await page.screenshot({ path: screenshotPath('load-progress') });
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Slow export', null, { timeout: 20000 });
    assert.equal(await page.locator('.load-progress').count(), 0, 'progress bar goes away');
    assert.match(await page.textContent('.match-count'), /3000 of 3000 events match; the first 500 are shown|3000 events/);
  });

  test('a large file is read in steps: the progress bar counts the items read, and the page keeps painting', async () => {
    const page = await harness.newPage();
    await recordProgress(page);
    await page.goto(new URL('?data=big.json', harness.url).href);
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Big export', null, { timeout: 30000 });
    const texts = await page.evaluate(() => window.__progress);
    const counts = texts
      .map((text) => text.match(/^Reading \u2068big\.json\u2069… (\d+) items \((\d+)%\)$/))
      .filter(Boolean)
      .map((match) => [Number(match[1]), Number(match[2])]);
    assert.ok(counts.length >= 2, `several steps were shown: ${JSON.stringify(texts)}`);
    for (const [read, percent] of counts) {
      assert.ok(read > 0 && read < BIG_EVENTS, `${read} of ${BIG_EVENTS} items`);
      // Percent of the text read; the events are nearly all of it.
      assert.ok(Math.abs(percent - (100 * read) / BIG_EVENTS) <= 4, `${read} items at ${percent}%`);
    }
    assert.ok(counts.every(([read, percent], i) => i === 0 || (read > counts[i - 1][0] && percent >= counts[i - 1][1])), 'the count and the percentage only grow');
    assert.match(await page.textContent('.match-count'), /60000 of 60000 events match; the first 500 are shown|60000 events/);
    assert.deepEqual(page.problems, []);
  });

  test('large data is replaced only once a worker has read the new file: a broken one gets the same message, and the data stays', async () => {
    // The same big export with one title's opening quote gone, deep inside the file.
    const broken = Buffer.from(bigExport.toString().replace('"title":"Big event 41234"', '"title":Big event 41234"'));
    assert.notEqual(broken.length, bigExport.length);
    const brokenFile = { name: 'broken-big.json', mimeType: 'application/json', buffer: broken };
    const alertOf = async (page) => {
      await page.waitForFunction(() => document.querySelector('[role=alert]')?.textContent.includes('broken-big.json'));
      return page.getByRole('alert').textContent();
    };

    // Over the small sample, the page reads the file itself: the message as it has always been.
    const direct = await harness.newPage();
    await openApp(direct, harness.url);
    await direct.setInputFiles('label.open-file input[type=file]', brokenFile);
    const directMessage = await alertOf(direct);
    assert.match(directMessage, /line 1, column \d+/);

    const page = await harness.newPage();
    const checks = [];
    page.on('request', (request) => { if (request.url().endsWith('/load-check-worker.js')) checks.push(request.url()); });
    await recordProgress(page);
    await page.goto(new URL('?data=big.json', harness.url).href);
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Big export', null, { timeout: 30000 });
    assert.equal(checks.length, 0, 'replacing the small sample needs no check');

    await page.setInputFiles('label.open-file input[type=file]', brokenFile);
    assert.equal(await alertOf(page), directMessage, 'the worker refuses it in the words the page would use');
    assert.equal(checks.length, 1);
    assert.equal(await page.textContent('main h1'), 'Big export', 'the data on screen stayed');
    assert.ok((await page.evaluate(() => window.__progress)).some((text) => text.startsWith('Checking \u2068broken-big.json\u2069…')));

    const again = Buffer.from(bigExport.toString().replace('"title":"Big export"', '"title":"Big export, again"'));
    await page.setInputFiles('label.open-file input[type=file]', { name: 'again.json', mimeType: 'application/json', buffer: again });
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Big export, again', null, { timeout: 30000 });
    assert.equal(checks.length, 2, 'a good file is checked too, then read by the page');
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.deepEqual([...direct.problems, ...page.problems], []);
  });
});

describe('loading data where the check worker cannot run', () => {
  let harness;
  before(async () => {
    harness = await openHarness({
      extraRoutes: {
        '/big.json': (request, response) => {
          response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bigExport.length });
          response.end(bigExport);
        },
        '/load_check.wasm': (request, response) => response.writeHead(404).end(),
      },
    });
  });
  after(() => harness.close());

  test('large data is still replaced, read by the page alone', async () => {
    const page = await harness.newPage();
    await page.goto(new URL('?data=big.json', harness.url).href);
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Big export', null, { timeout: 30000 });
    const again = Buffer.from(bigExport.toString().replace('"title":"Big export"', '"title":"Big export, again"'));
    await page.setInputFiles('label.open-file input[type=file]', { name: 'again.json', mimeType: 'application/json', buffer: again });
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Big export, again', null, { timeout: 30000 });
    assert.equal(await page.getByRole('alert').count(), 0);
    // The worker's failed fetch of its module is the server's 404, reported by the browser.
    assert.deepEqual(page.problems.filter((problem) => !problem.includes('404')), []);
  });
});
