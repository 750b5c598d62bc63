// The graph as a widget inside an article, at an article's usual size (700 × 500) and a phone's
// (360 × 600), mounted with embed.js and in the Embed dialog's iframe: the graph gets the whole
// width, the legend starts folded, the selection panel is a sheet over the graph that can be
// closed, nothing scrolls sideways and nothing is cut off by the frame.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openHarness, screenshotPath } from './harness.mjs';

const SIZES = [[700, 500], [360, 600]];

function article(body) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Article</title><link rel="icon" href="data:,">
    <style>body { font: 18px Georgia, serif; margin: 1rem; } .box { border: 1px solid #999; }</style></head>
    <body><h1>How the backchannel talks unfolded</h1>${body}<p>Article text after the graphic.</p></body></html>`;
}

/**
 * What a user would find wrong with the widget mounted in `hostSelector`'s shadow root (or, for
 * `null`, the whole document of an iframe): elements sticking out sideways, the stage cut off,
 * content wider than the box. Runs in the page.
 */
function widgetProblems(hostSelector) {
  const host = hostSelector ? document.querySelector(hostSelector) : null;
  const root = host ? host.shadowRoot : document;
  const frame = host ?? document.documentElement;
  const problems = [];
  const box = frame.getBoundingClientRect();
  for (const element of root.querySelectorAll('.graph-page *')) {
    const rect = element.getBoundingClientRect();
    const hidden = rect.width === 0 || rect.height === 0 || getComputedStyle(element).visibility === 'hidden'
      || element.closest('.visually-hidden, details:not([open]) > :not(summary), .graph-text');
    if (hidden) continue;
    if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5) {
      problems.push(`${element.tagName.toLowerCase()}.${element.className} sticks out sideways (${Math.round(rect.left)}–${Math.round(rect.right)} of ${Math.round(box.left)}–${Math.round(box.right)})`);
    }
  }
  const stage = root.querySelector('.graph-stage').getBoundingClientRect();
  if (stage.bottom > box.bottom + 0.5) problems.push(`the graph is cut off at the bottom (${Math.round(stage.bottom)} > ${Math.round(box.bottom)})`);
  const scroller = root.querySelector('.event-lens');
  if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) problems.push(`the widget scrolls sideways (${scroller.scrollWidth} > ${scroller.clientWidth})`);
  return problems;
}

describe('the graph as a widget in an article', () => {
  let harness;
  before(async () => {
    harness = await openHarness({
      extraRoutes: {
        '/widget.html': (request, response) => {
          const [width, height] = new URL(request.url, 'http://x').searchParams.get('size').split('x');
          response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
          response.end(article(`<div id="lens" class="box" style="width: ${width}px; height: ${height}px"></div>
            <script type="module">
              import { mount } from '/embed.js';
              window.widgetHandle = await mount(document.getElementById('lens'), { src: '/sample.json', route: '#/graph' });
            </script>`));
        },
        '/framed.html': (request, response) => {
          const [width, height] = new URL(request.url, 'http://x').searchParams.get('size').split('x');
          response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
          response.end(article(`<iframe class="box" src="/?embed=1&view=graph" width="${width}" height="${height}" title="Event Lens"></iframe>`));
        },
      },
    });
  });
  after(() => harness.close());

  for (const [width, height] of SIZES) {
    test(`mounted with embed.js at ${width} × ${height}, the graph takes the width and the panel is a sheet over it`, async () => {
      const page = await harness.newPage();
      await page.setViewportSize({ width: width + 80, height: height + 220 });
      await page.goto(new URL(`widget.html?size=${width}x${height}`, harness.url).href);
      await page.waitForFunction(() => window.widgetHandle?.layout().settled && window.widgetHandle.layout().nodes.length === 15, null, { timeout: 30000 });
      const lens = page.locator('#lens');
      const canvas = await lens.locator('.graph-stage canvas').boundingBox();
      assert.ok(canvas.width >= width - 40, `the graph has the width (${canvas.width} of ${width})`);
      assert.equal(await lens.locator('details.graph-legend').evaluate((d) => d.open), false, 'the legend starts folded');
      assert.equal(await lens.locator('.graph-panel').isVisible(), false, 'no empty panel over the graph');
      const problems = () => page.evaluate(widgetProblems, '#lens');
      assert.deepEqual(await problems(), []);

      const { nodes } = await page.evaluate(() => window.widgetHandle.layout());
      const hub = nodes.reduce((a, b) => (b.radius > a.radius ? b : a));
      await page.mouse.click(canvas.x + hub.x, canvas.y + hub.y);
      const panel = lens.locator('.graph-panel');
      await panel.waitFor({ state: 'visible' });
      // (The sheet may unfold itself after the first frame: see below.)
      await page.waitForTimeout(300);
      const sheet = await panel.boundingBox();
      assert.ok(sheet.x >= canvas.x - 1 && sheet.x + sheet.width <= canvas.x + canvas.width + 1, 'the sheet lies over the graph');
      assert.ok(sheet.y + sheet.height <= canvas.y + canvas.height + 1, 'the sheet ends inside the graph');
      assert.deepEqual(await problems(), []);
      // Framed with F, the event and its cards keep above the sheet.
      await page.keyboard.press('f');
      await page.waitForFunction(() => {
        const { cards, cardsLeftOut, coveredBottom } = window.widgetHandle.layout();
        return coveredBottom > 0 && cards.length + cardsLeftOut > 0;
      });
      await page.waitForTimeout(200);
      const framed = await page.evaluate(() => window.widgetHandle.layout());
      const sheetTop = sheet.y - canvas.y;
      assert.ok(Math.abs(framed.coveredBottom - (canvas.height - sheetTop)) <= 2, `the view knows what the sheet covers (${framed.coveredBottom})`);
      for (const card of framed.cards) {
        assert.ok(card.y + card.height <= sheetTop + 1, `card ${card.relation} ends at ${card.y + card.height}, under the sheet at ${sheetTop}`);
      }
      const framedHub = framed.nodes.find((node) => node.id === hub.id);
      assert.ok(framedHub.y < sheetTop, `the framed event (${framedHub.y}) is above the sheet (${sheetTop})`);
      // Reading mode folds the sheet to its title so that cards get the height; here not one of
      // the hub's eight fits, so it has unfolded itself: the selection is read there.
      const fold = lens.locator('.panel-fold');
      assert.equal(framed.cards.length, 0);
      assert.equal(await fold.getAttribute('aria-expanded'), 'true');
      assert.equal(await lens.locator('.graph-panel .panel-date').isVisible(), true);
      await page.screenshot({ path: screenshotPath(`widget-embed-${width}x${height}`) });
      // "Less" folds it to its title, from the keyboard too, and the view follows.
      await fold.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#lens').shadowRoot.querySelector('.panel-fold')?.getAttribute('aria-expanded') === 'false');
      assert.equal(await lens.locator('.graph-panel .panel-date').isVisible(), false);
      const folded = await panel.boundingBox();
      assert.ok(folded.height < sheet.height - 20, `folded, the sheet shrinks (${sheet.height} -> ${folded.height})`);
      await page.waitForFunction((top) => Math.abs(window.widgetHandle.layout().coveredBottom - top) <= 2,
        canvas.y + canvas.height - folded.y);
      assert.deepEqual(await problems(), []);
      await page.screenshot({ path: screenshotPath(`widget-embed-${width}x${height}-folded`) });
      // The sheet closes from the keyboard too.
      await lens.locator('.panel-close').focus();
      await page.keyboard.press('Enter');
      await panel.waitFor({ state: 'hidden' });
      // Layout and colour controls wait behind "More"; opened, they stay inside the widget.
      await lens.locator('.toolbar-more summary').click();
      await lens.locator('.toolbar-more .colour-by select').waitFor();
      assert.deepEqual(await problems(), []);
      await lens.locator('details.graph-legend summary').click();
      assert.equal(await lens.locator('details.graph-legend').evaluate((d) => d.open), true, 'the legend unfolds');
      assert.deepEqual(page.problems, []);
    });

    test(`in the Embed dialog's iframe at ${width} × ${height}, nothing scrolls sideways or is cut off`, async () => {
      const page = await harness.newPage();
      await page.setViewportSize({ width: width + 80, height: height + 220 });
      await page.goto(new URL(`framed.html?size=${width}x${height}`, harness.url).href);
      const frame = page.frames().find((f) => f.url().includes('embed=1')) ?? (await page.waitForEvent('frameattached'));
      await frame.waitForFunction(() => window.eventLens?.layout().settled && window.eventLens.layout().nodes.length === 15, null, { timeout: 30000 });
      const canvas = await frame.locator('.graph-stage canvas').boundingBox();
      const box = await page.locator('iframe').boundingBox();
      assert.ok(canvas.width >= width - 60, `the graph has the width (${canvas.width} of ${width})`);
      const overflow = await frame.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
      const problems = await frame.evaluate(widgetProblems, null);
      assert.deepEqual(problems, []);
      const { nodes } = await frame.evaluate(() => window.eventLens.layout());
      const hub = nodes.reduce((a, b) => (b.radius > a.radius ? b : a));
      await page.mouse.click(canvas.x + hub.x, canvas.y + hub.y);
      await frame.locator('.graph-panel').waitFor({ state: 'visible' });
      const sheet = await frame.locator('.graph-panel').boundingBox();
      assert.ok(sheet.y + sheet.height <= box.y + box.height + 1, 'the sheet is inside the frame');
      await page.screenshot({ path: screenshotPath(`widget-iframe-${width}x${height}`) });
      assert.deepEqual(page.problems, []);
    });
  }
});
