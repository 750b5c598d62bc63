// Embedding: ?embed=1 shows only the content, fits 320 px phones and wide pages; the Embed
// dialog's <iframe> snippet works when pasted into another page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, openHarness, screenshotPath } from './harness.mjs';

let pastedSnippet = '';
function hostPage(request, response) {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><html><head><title>Newsroom article</title><link rel="icon" href="data:,">
    <style>body { font: 18px Georgia, serif; max-width: 44rem; margin: 2rem auto; } h1, canvas, main { color: red; }</style></head>
    <body><h1>How the backchannel talks unfolded</h1><p>Article text before the graphic.</p>
    ${pastedSnippet}<p>Article text after the graphic.</p></body></html>`);
}

describe('embedding', () => {
  let harness;
  before(async () => {
    harness = await openHarness({ extraRoutes: { '/host.html': hostPage } });
  });
  after(() => harness.close());

  for (const width of [1280, 320]) {
    test(`embed mode shows only the content and fits ${width} px`, async () => {
      const page = await harness.newPage();
      await page.setViewportSize({ width, height: 720 });
      await page.goto(new URL('?embed=1&view=graph', harness.url).href);
      await page.waitForFunction(() => window.eventLens?.layout().settled && window.eventLens.layout().nodes.length === 15);
      assert.equal(await page.locator('.app-header').count(), 0, 'no app chrome');
      const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
      const canvas = await page.locator('.graph-stage canvas').boundingBox();
      assert.ok(canvas.width > width * 0.6 && canvas.width <= width, `the graph uses the width (${canvas.width})`);
      await page.screenshot({ path: screenshotPath(`embed-graph-${width}`) });
      await page.goto(new URL('?embed=1#/event/us-iran-backchannel-agreement', harness.url).href);
      await page.waitForSelector('text=Related events (8)');
      const eventOverflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
      assert.ok(eventOverflow <= 0, `the event page fits too (${eventOverflow})`);
      await page.screenshot({ path: screenshotPath(`embed-event-${width}`) });
      assert.deepEqual(page.problems, []);
    });
  }

  test('the Embed dialog gives an iframe snippet that works when pasted into a page', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await page.getByRole('button', { name: 'Embed' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.locator('input[type=url]').inputValue(), /\/sample\.json$/);
    await dialog.getByLabel('Height').fill('520');
    pastedSnippet = await dialog.locator('textarea').inputValue();
    assert.match(pastedSnippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&amp;data=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fsample\.json#\/graph" width="100%" height="520"/);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('status').filter({ hasText: /Copied|Ctrl\+C/ }).waitFor();
    await page.keyboard.press('Escape');

    const host = await harness.newPage();
    await host.goto(new URL('host.html', harness.url).href);
    const frame = host.frameLocator('iframe');
    await frame.locator('.graph-stage canvas').waitFor();
    const nodes = await host.frames()[1].evaluate(async () => {
      while (!(window.eventLens.layout().settled && window.eventLens.layout().nodes.length)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return window.eventLens.layout().nodes.length;
    });
    assert.equal(nodes, 15);
    assert.equal(await frame.locator('.app-header').count(), 0);
    const box = await host.locator('iframe').boundingBox();
    assert.equal(Math.round(box.height), 520);
    await host.screenshot({ path: screenshotPath('embed-iframe-in-article'), fullPage: true });
    assert.deepEqual(host.problems, []);
  });
});
