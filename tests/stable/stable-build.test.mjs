// The release built with stable options only (scripts/build.sh --stable): the app does not depend
// on the unstable flags of the size-tuned build. scripts/test.sh runs this with EVENT_LENS_DIST
// pointing at that build; the journeys are the short version of the Chromium suite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, openHarness } from '../browser/harness.mjs';

describe('the stable-only build', () => {
  let harness;
  before(async () => {
    assert.ok(process.env.EVENT_LENS_DIST, 'EVENT_LENS_DIST names the build to test');
    harness = await openHarness();
  });
  after(() => harness?.close());

  test('shows the sample, an event page and the graph laid out in its worker', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    assert.equal(await page.locator('table.event-index tbody tr').count(), 15);
    await page.evaluate(() => { location.hash = '#/event/us-iran-backchannel-agreement'; });
    await page.waitForSelector('text=Related events (8)');
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.waitForFunction(() => window.eventLens.layout().settled && window.eventLens.layout().nodes.length === 15, null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => window.eventLens.layout().engine), 'worker');
    assert.deepEqual(page.problems, []);
  });
});
