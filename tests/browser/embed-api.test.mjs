// The JavaScript API and the <event-lens> element, on the example article page: instances render,
// keep to themselves (state, URL, styles), report selections, and obey load/show/select/destroy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openHarness, screenshotPath } from './harness.mjs';
import { startServer } from '../../scripts/serve.mjs';

const SEED = 'us-iran-backchannel-agreement';
const SEED_TITLE = 'US and Iran Advance Backchannel Negotiations Toward Potential Agreement';

/** Waits until the lens handle the page keeps in `window[name]` shows the settled sample graph. */
function sampleGraphSettled(page, name) {
  return page.waitForFunction((name) => {
    const layout = window[name]?.layout();
    return layout && layout.settled && layout.nodes.length === 15;
  }, name, { timeout: 20000 });
}

async function openExample(harness) {
  const page = await harness.newPage();
  await page.goto(new URL('embed-example.html', harness.url).href);
  await sampleGraphSettled(page, 'exampleLens');
  await page.locator('#lens-event .event-page h1').waitFor();
  return page;
}

describe('JavaScript API and custom element', () => {
  let harness;
  before(async () => {
    harness = await openHarness();
  });
  after(() => harness.close());

  test('embed.js served from another origin still runs its workers: the layout, and the check of a large load', async () => {
    // A news site on its own origin, embedding Event Lens from the app's server.
    const app = harness.url;
    const hostPage = `<!doctype html><html><head><meta charset="utf-8"><title>Article</title><link rel="icon" href="data:,"></head><body>
      <h1>An article</h1><div id="lens" style="height: 500px"></div>
      <script type="module">
        import { mount } from '${app}embed.js';
        window.articleLens = await mount(document.getElementById('lens'), { src: '${app}sample.json', route: '#/graph' });
      </script></body></html>`;
    const host = await startServer({
      root: '.',
      extraRoutes: {
        '/article.html': (request, response) => {
          response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
          response.end(hostPage);
        },
      },
    });
    try {
      assert.notEqual(new URL(host.url).origin, new URL(app).origin);
      const page = await harness.newPage();
      await page.goto(new URL('article.html', host.url).href);
      await sampleGraphSettled(page, 'articleLens');
      assert.equal(await page.evaluate(() => window.articleLens.layout().engine), 'worker');

      // Large data replaced by large data is checked in a worker first (crates/load-check):
      // from another origin too, its script imported into a blob worker.
      const checkModule = [];
      page.on('requestfinished', async (request) => {
        if (request.url() === `${app}load_check.wasm`) checkModule.push((await request.response())?.status());
      });
      const loaded = await page.evaluate(async () => {
        const big = (title) => ({
          meta: { title },
          events: Array.from({ length: 40000 }, (_, i) => ({ id: `e${i}`, title: `Event ${i}`, summary: 'What happened, in a few words. '.repeat(4) })),
        });
        window.articleLens.show('#/');
        await window.articleLens.load(big('First big export'));
        await window.articleLens.load(big('Second big export'));
        return document.getElementById('lens').shadowRoot.querySelector('main h1')?.textContent;
      });
      assert.equal(loaded, 'Second big export');
      assert.deepEqual(checkModule, [200], 'checked once: the second load, over the first big one');
      assert.deepEqual(page.problems, []);
    } finally {
      host.server.close();
    }
  });

  test('the example article shows the map, the element and the iframe, each styled as its own', async () => {
    const page = await openExample(harness);
    assert.equal(await page.locator('#lens-event .event-page h1').textContent(), SEED_TITLE);
    const frame = page.frameLocator('iframe.lens-iframe');
    await frame.locator('.graph-stage canvas').waitFor();
    const styles = await page.evaluate(() => {
      const hostH1 = getComputedStyle(document.querySelector('article > h1'));
      const lensH1 = getComputedStyle(document.querySelector('#lens-event').shadowRoot.querySelector('h1'));
      const lensButton = getComputedStyle(document.querySelector('#lens-map').shadowRoot.querySelector('.graph-toolbar button'));
      const hostParagraph = getComputedStyle(document.querySelector('article p'));
      return { hostH1: hostH1.color, lensH1: lensH1.color, lensFont: lensH1.fontFamily, button: lensButton.textTransform, hostFont: hostParagraph.fontFamily };
    });
    assert.equal(styles.hostH1, 'rgb(139, 0, 0)', "the host's own heading keeps its colour");
    assert.notEqual(styles.lensH1, 'rgb(139, 0, 0)', "the host's h1 rule does not reach into the widget");
    assert.doesNotMatch(styles.lensFont, /Georgia/, 'nor does its font');
    assert.equal(styles.button, 'none', 'nor its button rule');
    assert.match(styles.hostFont, /Georgia/, "the widget's styles do not leak into the article");
    await page.screenshot({ path: screenshotPath('embed-example'), fullPage: true });
    assert.deepEqual(page.problems, []);
  });

  test("a trap in the host page's own WebAssembly is not reported as Event Lens's; one in ours is", async () => {
    const page = await openExample(harness);
    // The host's module: one function that traps (`unreachable`), compiled from bytes.
    await page.evaluate(async () => {
      const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0,
        7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
      const { instance } = await WebAssembly.instantiate(bytes);
      setTimeout(() => instance.exports.f());
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    assert.ok(page.problems.some((problem) => problem.includes('unreachable')), 'the host trap happened');
    assert.equal(await page.locator('#internal-error').count(), 0, 'not reported as ours');
    await page.evaluate(async () => {
      const wasm = await (await import('./event_lens.js')).default();
      setTimeout(() => wasm.__wbindgen_malloc(0xffffffff, 1));
    });
    await page.locator('#internal-error').waitFor();
    assert.match(await page.locator('#internal-error').textContent(), /Event Lens stopped because of an internal error/);
  });

  test('two instances keep their own views, and neither touches the page URL', async () => {
    const page = await openExample(harness);
    const url = page.url();
    await page.locator('#lens-event .related-title').first().click();
    await page.waitForFunction((title) => document.querySelector('#lens-event').shadowRoot.querySelector('h1')?.textContent !== title, SEED_TITLE);
    assert.equal(page.url(), url, 'the host URL is unchanged');
    assert.equal(await page.locator('#lens-map .graph-stage canvas').count(), 1, 'the other instance still shows its map');
    assert.equal((await page.evaluate(() => window.exampleLens.layout())).nodes.length, 15);
  });

  test('selecting on the map calls the host back, and select/show/load/destroy work', async () => {
    const page = await openExample(harness);
    const { nodes } = await page.evaluate(() => window.exampleLens.layout());
    const seed = nodes.find((n) => n.id === SEED);
    const box = await page.locator('#lens-map .graph-stage canvas').boundingBox();
    await page.mouse.click(box.x + seed.x, box.y + seed.y);
    await page.waitForFunction((id) => document.getElementById('lens-selection').textContent === `Selected event: ${id}`, SEED);
    assert.equal(await page.locator('#lens-map .graph-panel .panel-title').textContent(), SEED_TITLE);

    assert.equal(await page.evaluate(() => window.exampleLens.select('iran-public-red-lines')), true);
    await page.waitForFunction(() => document.getElementById('lens-selection').textContent === 'Selected event: iran-public-red-lines');
    assert.equal(await page.evaluate(() => window.exampleLens.select('no-such-event')), false);

    await page.evaluate(() => window.exampleLens.show('#/event/iran-president-calls-for-peace'));
    await page.locator('#lens-map .event-page h1', { hasText: 'Iranian President Publicly Calls for Peace' }).waitFor();

    const refused = await page.evaluate(() => window.exampleLens.load('{"events": [{"id": "x", "title": "Broken"}, {"id": "x", "title": "Twice"}]}').then(() => 'loaded', (error) => error.message));
    assert.match(refused, /duplicate event id "\u2068x\u2069"/, 'the promise rejects with what the widget says');
    await page.locator('#lens-map [role=alert]', { hasText: 'duplicate event id "\u2068x\u2069"' }).waitFor();
    await page.evaluate(() => window.exampleLens.load({ meta: { title: 'Replaced' }, events: [{ id: 'a', title: 'Only event' }] }));
    await page.evaluate(() => window.exampleLens.show('#/'));
    await page.locator('#lens-map main h1', { hasText: 'Replaced' }).waitFor();
    assert.equal(await page.locator('#lens-event .event-page h1').textContent(), SEED_TITLE, 'the other instance kept its data');

    await page.evaluate(() => window.exampleLens.destroy());
    assert.equal(await page.locator('#lens-map main').count(), 0);
    assert.deepEqual(page.problems, []);
  });

  test('every handle method, given anything at any time, works or reports a clear error, and no instance takes another down', async () => {
    const page = await openExample(harness);
    const outcomes = await page.evaluate(async () => {
      const lens = window.exampleLens;
      const settle = (promise) => promise.then(() => 'resolved', (error) => `rejected: ${error.message}`);
      const attempt = (call) => { try { return `returned ${JSON.stringify(call())}`; } catch (error) { return `threw: ${error.message}`; } };
      const cyclic = { events: [] };
      cyclic.self = cyclic;
      const results = {
        undefined: await settle(lens.load(undefined)),
        function: await settle(lens.load(() => 1)),
        symbol: await settle(lens.load(Symbol('s'))),
        number: await settle(lens.load(42)),
        cyclic: await settle(lens.load(cyclic)),
        bigint: await settle(lens.load({ events: [], n: 10n })),
        empty: await settle(lens.load('')),
        loadUrl: await settle(lens.loadUrl(7)),
        show: attempt(() => lens.show(3)),
        select: attempt(() => lens.select({})),
        onName: attempt(() => lens.on('click', () => {})),
        onCallback: attempt(() => lens.on('select', 'not a function')),
      };
      // The handle still works after all that.
      results.selectAfter = attempt(() => lens.select('iran-public-red-lines'));
      results.loadAfter = await settle(lens.load({ meta: { title: 'Still alive' }, events: [{ id: 'a', title: 'A' }] }));
      lens.destroy();
      results.destroyTwice = attempt(() => lens.destroy());
      results.afterDestroy = {
        load: await settle(lens.load('{}')),
        show: attempt(() => lens.show('#/')),
        select: attempt(() => lens.select('a')),
        layout: attempt(() => lens.layout()),
      };
      return results;
    });
    const notData = /the data must be an event-graph\/1 object or its JSON text, not /;
    assert.match(outcomes.undefined, notData);
    assert.match(outcomes.undefined, /not undefined$/);
    assert.match(outcomes.function, /not function$/);
    assert.match(outcomes.symbol, /not symbol$/);
    assert.match(outcomes.number, /not number$/);
    assert.match(outcomes.cyclic, /^rejected: the data object has no JSON form \(.*(cyclic|circular).*\)/is);
    assert.match(outcomes.bigint, /^rejected: the data object has no JSON form \(.*BigInt.*\)/is);
    assert.match(outcomes.empty, /^rejected: Could not load .*The file is empty/);
    assert.match(outcomes.loadUrl, /^rejected: loadUrl\(\) takes the data's address as a string/);
    assert.match(outcomes.show, /^threw: show\(\) takes a route/);
    assert.match(outcomes.select, /^threw: select\(\) takes an event id/);
    assert.match(outcomes.onName, /^threw: unknown event name/);
    assert.match(outcomes.onCallback, /^threw: on\("select", callback\) needs a function/);
    assert.equal(outcomes.selectAfter, 'returned true');
    assert.equal(outcomes.loadAfter, 'resolved');
    assert.equal(outcomes.destroyTwice, 'returned undefined');
    for (const [method, outcome] of Object.entries(outcomes.afterDestroy)) {
      assert.match(outcome, /this Event Lens instance was destroyed/, method);
    }
    // The other instance on the page is untouched.
    assert.equal(await page.locator('#lens-event .event-page h1').textContent(), SEED_TITLE);
    assert.equal(await page.locator('#internal-error').count(), 0);
    assert.deepEqual(page.problems, []);
  });

  test('mount refuses what is no element and options of the wrong type, naming them', async () => {
    const page = await openExample(harness);
    const outcomes = await page.evaluate(async () => {
      const { mount } = await import('./embed.js');
      const settle = (promise) => promise.then(() => 'mounted', (error) => error.message);
      const element = document.createElement('div');
      document.body.append(element);
      Object.prototype.data = '{"events": [{"id": "polluted", "title": "Polluted"}]}';
      try {
        return {
          nothing: await settle(mount(null)),
          route: await settle(mount(element, { route: 3 })),
          src: await settle(mount(element, { src: {} })),
          data: await settle(mount(element, { data: () => 1 })),
          inherited: await mount(element, { route: '#/' }).then((lens) => {
            const text = element.shadowRoot.textContent;
            lens.destroy();
            return text.includes('Polluted') ? 'read the prototype' : 'ignored the prototype';
          }),
        };
      } finally {
        delete Object.prototype.data;
      }
    });
    assert.equal(outcomes.nothing, 'mount() needs an element to show Event Lens in');
    assert.equal(outcomes.route, 'the option "route" must be a string');
    assert.equal(outcomes.src, 'the option "src" must be a string');
    assert.match(outcomes.data, /the data must be an event-graph\/1 object or its JSON text, not function/);
    assert.equal(outcomes.inherited, 'ignored the prototype');
    assert.deepEqual(page.problems, []);
  });

  test('select listeners hear changes only: nothing while data arrives, null once a selection is cleared', async () => {
    const page = await openExample(harness);
    const heard = await page.evaluate(async () => {
      const { mount } = await import('./embed.js');
      const element = document.createElement('div');
      document.body.append(element);
      const lens = await mount(element, { route: '#/' });
      const events = [];
      lens.on('select', (selection) => events.push(selection));
      await lens.load({ meta: { title: 'Two' }, events: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }] });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const afterLoad = events.length;
      lens.select('a');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await lens.load({ meta: { title: 'Again' }, events: [{ id: 'c', title: 'C' }] });
      await new Promise((resolve) => setTimeout(resolve, 100));
      lens.destroy();
      return { afterLoad, events };
    });
    assert.equal(heard.afterLoad, 0, 'loading data is no selection change');
    assert.deepEqual(heard.events, [{ type: 'event', id: 'a' }, null]);
  });

  test('two embedded graphs keep their own positions and selection through view changes', async () => {
    const page = await openExample(harness);
    await page.evaluate(async () => {
      const { mount } = await import('./embed.js');
      for (const name of ['first', 'second']) {
        const element = document.createElement('div');
        element.id = `lens-${name}`;
        element.style.cssText = 'height: 500px; width: 900px';
        document.body.prepend(element);
        window[name] = await mount(element, { src: 'sample.json', route: '#/graph' });
      }
    });
    await sampleGraphSettled(page, 'first');
    await sampleGraphSettled(page, 'second');
    // Drag one node of the first graph somewhere else: it stays pinned there.
    const box = await page.locator('#lens-first .graph-stage canvas').boundingBox();
    const node = (await page.evaluate(() => window.first.layout())).nodes.find((n) => n.id === SEED);
    await page.mouse.move(box.x + node.x, box.y + node.y);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + 60, { steps: 8 });
    await page.mouse.up();
    await sampleGraphSettled(page, 'first');
    const dropped = (await page.evaluate(() => window.first.layout())).nodes.find((n) => n.id === SEED);
    // Both leave the graph; the second comes back and leaves again; then the first comes back.
    await page.evaluate(() => { window.first.show('#/'); window.second.show('#/'); });
    await page.evaluate(() => window.second.show('#/graph'));
    await sampleGraphSettled(page, 'second');
    await page.evaluate(() => window.second.show('#/'));
    await page.evaluate(() => window.first.show('#/graph'));
    await sampleGraphSettled(page, 'first');
    const back = (await page.evaluate(() => window.first.layout())).nodes.find((n) => n.id === SEED);
    assert.ok(Math.hypot(back.x - dropped.x, back.y - dropped.y) < 2, `the first graph kept its dropped node (${dropped.x},${dropped.y} → ${back.x},${back.y})`);
    // Selection is each graph's own too: one selected in the second stays there through a
    // view change, and the first shows none of it. (Its cards are counted whether they show
    // or are left out: in this narrow widget the panel's sheet leaves little room above it.)
    await page.evaluate(() => window.second.show('#/graph'));
    await sampleGraphSettled(page, 'second');
    assert.equal(await page.evaluate((id) => window.second.select(id), SEED), true);
    await page.waitForFunction(() => (({ cards, cardsLeftOut }) => cards.length + cardsLeftOut > 0)(window.second.layout()));
    await page.evaluate(() => { window.second.show('#/'); window.second.show('#/graph'); });
    await sampleGraphSettled(page, 'second');
    await page.waitForFunction(() => (({ cards, cardsLeftOut }) => cards.length + cardsLeftOut > 0)(window.second.layout()));
    assert.equal(await page.locator('#lens-second .graph-panel .panel-title').textContent(), SEED_TITLE);
    assert.equal((await page.evaluate(() => window.first.layout())).cards.length, 0, 'the first graph has no selection');
    assert.equal(await page.locator('#lens-first .graph-panel .panel-hint').count(), 1);
    assert.deepEqual(page.problems, []);
  });

  test('data keys such as __proto__ are kept as data and pollute nothing', async () => {
    const page = await openExample(harness);
    const outcome = await page.evaluate(async () => {
      const lens = window.exampleLens;
      const text = '{"__proto__": {"polluted": 1}, "meta": {"title": "Proto"}, "events": [{"id": "a", "title": "A", "__proto__": {"polluted": 2}, "constructor": {"prototype": {"polluted": 3}}}]}';
      await lens.load(text);
      await lens.load(JSON.parse(text));
      lens.show('#/event/a');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const root = document.querySelector('#lens-map').shadowRoot;
      return {
        polluted: [({}).polluted, Object.prototype.polluted, Object.polluted],
        fields: [...root.querySelectorAll('.other-fields dt')].map((dt) => dt.textContent),
      };
    });
    assert.deepEqual(outcome.polluted, [undefined, undefined, undefined]);
    assert.deepEqual(outcome.fields.sort(), ['__proto__', 'constructor'], 'kept, shown as other fields');
    assert.deepEqual(page.problems, []);
  });
});
