// The user journeys run in every engine of tests/engines/ (one *.test.mjs file per engine calls
// `defineJourneys`): loading, the event page, the graph and its layout worker, the embed API,
// a standalone file from file://, the JSON export, and no console errors or uncaught exceptions
// anywhere. Screenshots of the graph and the event page go to tests/artifacts/engines/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, FIXTURES, PROBE_URL_PATH, openEngine } from './engine.mjs';

const SAMPLE_TITLE = 'Iran–Israel theater: sample export';
const SEED = 'us-iran-backchannel-agreement';
const SEED_TITLE = 'US and Iran Advance Backchannel Negotiations Toward Potential Agreement';
const OTHER = 'iran-president-calls-for-peace';
const OTHER_TITLE = 'Iranian President Publicly Calls for Peace and Regional Dialogue';
// The first related event of the seed; its rationale starts "Event 14 explicitly links …".
const SEED_RATIONALE = 'explicitly links the activation of the Lebanon-Israel truce to ongoing US-Iran negotiations';
// scripts/test.sh writes it with the CLI; another file may be named for a run of its own.
const STANDALONE = process.env.EVENT_LENS_STANDALONE ?? join(ARTIFACTS, 'standalone.html');
const TEST_TIMEOUT = 120_000;

/** In the page: whether the page heading reads `title` (the hash changes before the page re-renders). */
const HEADING_IS = (title) => document.querySelector('main h1')?.textContent === title;

/** A host page of our own that imports dist/embed.js and mounts two instances. */
function embedHost(probe) {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Two lenses</title>
${probe ? `<script src="${PROBE_URL_PATH}"></script>` : ''}
<link rel="icon" href="../favicon.svg" type="image/svg+xml">
<script type="module" src="./embed-host.js"></script></head>
<body><h1>Two lenses</h1>
<div id="map" style="height: 480px"></div>
<div id="page" style="height: 480px; overflow: auto"></div>
</body></html>`;
  return ['text/html; charset=utf-8', html];
}

const EMBED_HOST_SCRIPT = `import { mount } from '../embed.js';
window.selections = { map: [], page: [] };
const map = await mount(document.getElementById('map'), { src: '../sample.json', route: '#/graph' });
map.on('select', (selection) => window.selections.map.push(selection));
const page = await mount(document.getElementById('page'), { src: '../sample.json', route: '#/event/${OTHER}' });
page.on('select', (selection) => window.selections.page.push(selection));
window.lenses = { map, page };
`;

async function exists(path) {
  return access(path).then(() => true, () => false);
}

/** Opens `path` of the served app and waits until it shows data. */
async function openApp(page, url, path = '') {
  await page.goto(new URL(path, url).href);
  await page.waitFor(() => document.querySelector('main h1')?.textContent, undefined, { timeout: 30_000, what: 'main h1' });
}

async function assertNoProblems(page) {
  assert.deepEqual(await page.problems(), [], `${page.engine.label}: no console errors, uncaught exceptions, failed resources or CSP violations`);
}

export function defineJourneys(engineName) {
  describe(`journeys in ${engineName}`, () => {
    let session;
    let page;
    const standaloneMissing = [];

    before(async () => {
      session = await openEngine(engineName, {
        fixtures: {
          '/fixtures/all-fields.json': join(FIXTURES, 'all-fields.json'),
        },
        pages: {
          '/engines/embed-host.html': embedHost,
          '/engines/embed-host.js': () => ['text/javascript; charset=utf-8', EMBED_HOST_SCRIPT],
        },
      });
      console.log(`# engine: ${session.engine.label}`);
      if (!(await exists(STANDALONE))) standaloneMissing.push(STANDALONE);
    }, { timeout: 12 * 60_000 });

    after(async () => {
      await page?.close();
      await session?.close();
    });

    const journey = (name, body) => test(name, { timeout: TEST_TIMEOUT }, async (t) => {
      await page?.close();
      page = await session.newPage();
      await body(t);
    });

    journey('the collector of problems hears a console error, an uncaught exception and a CSP violation', async () => {
      // Without this, "no problems" in the journeys below could mean "not listening".
      await openApp(page, session.url);
      await page.evaluate(() => {
        console.error('engine check: console');
        setTimeout(() => { throw new Error('engine check: uncaught'); });
        const image = document.createElement('img');
        image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; // img-src falls back to default-src 'self'
        document.body.append(image);
      });
      const expected = [/^console: .*engine check: console/, /^exception: .*engine check: uncaught/, /^csp: img-src/];
      const deadline = Date.now() + 10_000;
      let seen = [];
      while (Date.now() < deadline) {
        seen = await page.problems();
        if (expected.every((pattern) => seen.some((p) => pattern.test(p)))) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      for (const pattern of expected) assert.ok(seen.some((p) => pattern.test(p)), `${pattern} among ${JSON.stringify(seen)}`);
    });

    journey('loading: the bundled sample renders its index', async () => {
      await openApp(page, session.url);
      assert.equal(await page.evaluate(() => document.querySelector('main h1').textContent), SAMPLE_TITLE);
      assert.equal(await page.evaluate(() => document.querySelectorAll('table.event-index tbody tr').length), 15);
      await assertNoProblems(page);
    });

    journey('loading: a fixture from ?data= renders', async () => {
      await openApp(page, session.url, '?data=fixtures/all-fields.json');
      await page.waitFor(HEADING_IS, 'All fields', { what: 'the fixture’s title as the heading' });
      assert.match(await page.evaluate(() => document.querySelector('main').textContent), /Talks advance/);
      await assertNoProblems(page);
    });

    journey('loading: a broken file shows the alert, keeps the sample, and throws nothing', async () => {
      await openApp(page, session.url);
      await page.setInputFile('label.open-file input[type=file]', join(FIXTURES, 'broken-syntax.json'));
      const alert = await page.waitFor(
        () => document.querySelector('[role=alert]')?.textContent.includes('broken-syntax.json') && document.querySelector('[role=alert]').textContent,
        undefined, { what: 'the load error alert' });
      // (The file name is wrapped in Unicode isolates, U+2068 … U+2069, for right-to-left names.)
      assert.match(alert.replace(/[\u2066-\u2069]/g, ''), /Could not load “broken-syntax\.json”: line 3, column 14: this is not valid JSON/);
      assert.match(alert, /The data loaded before is still shown\./);
      assert.equal(await page.evaluate(() => document.querySelector('main h1').textContent), SAMPLE_TITLE);
      assert.equal(await page.evaluate(() => document.querySelectorAll('table.event-index tbody tr').length), 15);
      await assertNoProblems(page);
    });

    journey('loading: large data is replaced only after a worker has read the new file; a broken one is refused and the data stays', async () => {
      // Over 4 MB, so that replacing it is checked first (src/ui/loader/check.rs).
      const big = (title) => JSON.stringify({
        meta: { title },
        events: Array.from({ length: 30000 }, (_, i) => ({ id: `e${i}`, title: `Event ${i}`, summary: 'What happened, in a few words. '.repeat(4) })),
      });
      const folder = join(ARTIFACTS, 'engines');
      const files = { first: join(folder, 'big-first.json'), broken: join(folder, 'big-broken.json'), second: join(folder, 'big-second.json') };
      await writeFile(files.first, big('First big export'));
      await writeFile(files.broken, big('Broken big export').replace('"title":"Event 20000"', '"title":Event 20000"'));
      await writeFile(files.second, big('Second big export'));
      const checks = () => page.evaluate(() => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/load-check-worker.js')).length);

      await openApp(page, session.url);
      await page.setInputFile('label.open-file input[type=file]', files.first);
      await page.waitFor(HEADING_IS, 'First big export', { timeout: 60_000, what: 'the first big export' });
      assert.equal(await checks(), 0, 'replacing the small sample is not checked');
      await page.setInputFile('label.open-file input[type=file]', files.broken);
      const alert = await page.waitFor(
        () => document.querySelector('[role=alert]')?.textContent.includes('big-broken.json') && document.querySelector('[role=alert]').textContent,
        undefined, { timeout: 60_000, what: 'the load error alert' });
      assert.match(alert.replace(/[\u2066-\u2069]/g, ''), /Could not load “big-broken\.json”: line 1, column \d+: .*The data loaded before is still shown\./);
      assert.equal(await page.evaluate(() => document.querySelector('main h1').textContent), 'First big export');
      await page.setInputFile('label.open-file input[type=file]', files.second);
      await page.waitFor(HEADING_IS, 'Second big export', { timeout: 60_000, what: 'the second big export' });
      assert.equal(await checks(), 2, 'both replacements of large data were checked in a worker');
      await assertNoProblems(page);
    });

    journey('event page: a sample event shows its related events with their rationales', async () => {
      await openApp(page, session.url, `#/event/${SEED}`);
      await page.waitFor(HEADING_IS, SEED_TITLE, { what: 'the seed event’s heading' });
      const rationales = await page.evaluate(() =>
        [...document.querySelectorAll('.related-event blockquote.rationale')].map((q) => q.textContent.replace(/\s+/g, ' ')));
      assert.equal(rationales.length, 8);
      assert.ok(rationales.some((text) => text.includes(SEED_RATIONALE)), `a rationale reads “…${SEED_RATIONALE}…”`);
      // "the new event" / "Event N" in a rationale are links to the events they mean.
      assert.ok(await page.evaluate(() => document.querySelectorAll('.related-event a.reference').length) > 0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot('event-page');
      await page.evaluate(() => document.querySelector('.related-event').scrollIntoView({ block: 'start' }));
      await page.screenshot('event-page-related');
      await assertNoProblems(page);
    });

    journey('graph: the layout runs in its worker, settles, and keeps every node on the canvas', async (t) => {
      await openApp(page, session.url, '#/graph');
      const layout = await page.waitFor(() => {
        const layout = window.eventLens?.layout();
        return layout?.settled ? layout : null;
      }, undefined, { timeout: 60_000, what: 'window.eventLens.layout().settled' });
      t.diagnostic(`engine ${layout.engine}, ${layout.ticks} ticks, last frame drawn in ${layout.drawMs} ms`);
      assert.equal(layout.engine, 'worker', 'the layout ran in its Web Worker, not on the main thread');
      assert.equal(layout.nodes.length, 15);
      const box = await page.evaluate(() => {
        const canvas = document.querySelector('.graph-stage canvas');
        const { width, height } = canvas.getBoundingClientRect();
        return { width, height };
      });
      assert.ok(box.width > 100 && box.height > 100, `the canvas has a size (${box.width}×${box.height})`);
      for (const node of layout.nodes) {
        assert.ok(Number.isFinite(node.x) && Number.isFinite(node.y), `${node.id} has a finite position`);
        assert.ok(node.x >= 0 && node.x <= box.width && node.y >= 0 && node.y <= box.height,
          `${node.id} at (${node.x.toFixed(1)}, ${node.y.toFixed(1)}) lies inside the ${box.width}×${box.height} canvas`);
      }
      // The canvas shows something: not all of it is the background colour.
      const painted = await page.evaluate(() => {
        const canvas = document.querySelector('.graph-stage canvas');
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let ink = 0;
        for (let i = 0; i < data.length; i += 4 * 7) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
        return ink;
      });
      assert.ok(painted > 100, `the canvas has drawn nodes and edges (${painted} dark samples)`);
      await page.screenshot('graph');
      await assertNoProblems(page);
    });

    journey('embed API: two instances on one page; a click on the map calls the host back', async (t) => {
      const hostUrl = new URL('engines/embed-host.html', session.url).href;
      await page.goto(hostUrl);
      await page.waitFor(() => {
        const layout = window.lenses?.map.layout();
        return layout && layout.settled && layout.nodes.length === 15;
      }, undefined, { timeout: 60_000, what: 'the map instance’s settled layout' });
      const eventTitle = await page.waitFor(() => document.getElementById('page').shadowRoot?.querySelector('.event-page h1')?.textContent,
        undefined, { what: 'the second instance’s event page' });
      assert.equal(eventTitle, OTHER_TITLE);
      assert.equal(await page.evaluate(() => window.lenses.map.layout().engine), 'worker');

      // Click the seed's node on the map's canvas.
      const target = await page.evaluate((id) => {
        const canvas = document.getElementById('map').shadowRoot.querySelector('.graph-stage canvas');
        canvas.scrollIntoView({ block: 'center' });
        const box = canvas.getBoundingClientRect();
        const node = window.lenses.map.layout().nodes.find((n) => n.id === id);
        return { x: box.left + node.x, y: box.top + node.y };
      }, SEED);
      await page.clickAt(target.x, target.y);
      const selected = await page.waitFor(() => window.selections.map.at(-1), undefined, { what: 'a select callback from the map' });
      assert.deepEqual(selected, { type: 'event', id: SEED });
      assert.equal(await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.graph-panel .panel-title')?.textContent), SEED_TITLE);
      // select() from the host calls back too; an unknown id is refused.
      assert.equal(await page.evaluate(() => window.lenses.map.select('iran-public-red-lines')), true);
      await page.waitFor(() => window.selections.map.at(-1)?.id === 'iran-public-red-lines', undefined, { what: 'a callback for select()' });
      assert.equal(await page.evaluate(() => window.lenses.map.select('no-such-event')), false);
      // The other instance kept to itself, and the host URL never changed.
      // (Each instance reports `null`, "nothing selected", once as its data arrives.)
      const calls = await page.evaluate(() => window.selections);
      t.diagnostic(`select callbacks: map ${JSON.stringify(calls.map)}, page ${JSON.stringify(calls.page)}`);
      assert.deepEqual(calls.page.filter((s) => s !== null), [], 'the event-page instance reported no selection of the map');
      assert.equal(await page.evaluate(() => document.getElementById('page').shadowRoot.querySelector('.event-page h1').textContent), OTHER_TITLE);
      assert.equal(await page.evaluate(() => location.href), hostUrl);
      await assertNoProblems(page);
    });

    journey('standalone file: opened from file://, it shows its event list and its graph', async (t) => {
      if (standaloneMissing.length) {
        t.skip(`${STANDALONE} is missing: scripts/test.sh writes it with the CLI (event-lens standalone) before these tests`);
        return;
      }
      let file = STANDALONE;
      if (page.engine.servesProbe) {
        // No preload scripts in classic WebDriver: a copy of the file with the probe first.
        const html = await readFile(STANDALONE, 'utf8');
        const probe = session.probeSource;
        file = join(session.downloadDir, 'standalone-with-probe.html');
        await writeFile(file, html.replace(/<head>/i, () => `<head>\n<script>${probe}</script>`));
      }
      await page.goto(pathToFileURL(file).href);
      await page.waitFor(HEADING_IS, SAMPLE_TITLE, { timeout: 30_000, what: 'the standalone page’s index' });
      assert.equal(await page.evaluate(() => document.querySelectorAll('table.event-index tbody tr').length), 15);
      await page.evaluate((id) => { location.hash = `#/event/${id}`; }, SEED);
      await page.waitFor(HEADING_IS, SEED_TITLE, { what: 'the event page inside the standalone file' });
      await page.evaluate(() => { location.hash = '#/graph'; });
      const layout = await page.waitFor(() => {
        const layout = window.eventLens?.layout();
        return layout?.settled && layout.nodes.length === 15 ? layout : null;
      }, undefined, { timeout: 60_000, what: 'the standalone graph’s settled layout' });
      assert.equal(layout.engine, 'worker', 'the file starts its layout worker from a blob');
      assert.ok(layout.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y)));
      await page.screenshot('standalone-graph');
      await assertNoProblems(page);
    });

    journey('exports: the Export menu saves all data as JSON', async (t) => {
      await openApp(page, session.url);
      if (!session.engine.downloads) {
        // Degraded check for an engine whose automation cannot capture downloads: the app hands
        // the file to an <a download> click; record that click instead of the saved file.
        await page.evaluate(() => {
          window.__downloads = [];
          const click = HTMLAnchorElement.prototype.click;
          HTMLAnchorElement.prototype.click = function () {
            if (this.download) window.__downloads.push(this.download);
            return click.call(this);
          };
        });
      }
      await page.click('.index-controls .export-menu summary');
      await page.waitFor(() => document.querySelector('.index-controls .export-menu').open, undefined, { what: 'the Export menu to open' });
      await page.click({ selector: '.index-controls .export-menu button', text: 'All data as JSON' });
      const name = 'iran-israel-theater-sample-export.json';
      if (session.engine.downloads) {
        const bytes = await session.download(name);
        t.diagnostic(`${session.engine.label} saved the download itself: ${bytes.length} bytes`);
        const data = JSON.parse(bytes);
        assert.equal(data.schema, 'event-graph/1');
        assert.equal(data.events.length, 15);
        assert.equal(data.relations.length, 22);
      } else {
        t.diagnostic(`${session.engine.label}'s automation cannot capture downloads: only the download click is checked`);
        assert.deepEqual(await page.waitFor(() => window.__downloads.length && window.__downloads, undefined, { what: 'the download click' }), [name]);
      }
      assert.equal(await page.evaluate(() => document.querySelector('.index-controls .export-menu').open), false, 'the menu closes once used');
      await assertNoProblems(page);
    });
  });
}
