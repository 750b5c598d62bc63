// User journeys on the bundled sample: the index, the event page, rationale links, history.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, openApp, openHarness, screenshotPath } from './harness.mjs';

const SEED_ID = 'us-iran-backchannel-agreement';
const SEED_TITLE = 'US and Iran Advance Backchannel Negotiations Toward Potential Agreement';

/** Waits until the page heading shows `title` (the hash changes before the page re-renders). */
const headingIs = (page, title) =>
  page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, title);

describe('pages of the bundled sample', () => {
  let harness;
  let page;
  before(async () => {
    harness = await openHarness();
    page = await harness.newPage();
  });
  after(async () => {
    assert.deepEqual(page.problems, [], 'no console errors or CSP violations');
    await harness.close();
  });

  test('the index lists every event with date and relation count, and is saved as a screenshot', async () => {
    await openApp(page, harness.url);
    assert.equal(await page.textContent('main h1'), 'Iran–Israel theater: sample export');
    const rows = page.locator('table.event-index tbody tr');
    assert.equal(await rows.count(), 15);
    const seedRow = rows.filter({ hasText: SEED_TITLE });
    assert.equal(await seedRow.locator('td.number').textContent(), '8');
    assert.equal(await seedRow.locator('time').getAttribute('datetime'), '2026-04-18');
    await page.screenshot({ path: screenshotPath('index-page'), fullPage: true });
  });

  test('the index sorts by date both ways and filters by text', async () => {
    await openApp(page, harness.url);
    const firstTitle = () => page.locator('table.event-index tbody tr a').first().textContent();
    assert.equal(await firstTitle(), 'US and Iranian Envoys Hold Indirect Round in Muscat', 'newest first');
    await page.click('button.sort');
    assert.equal(await firstTitle(), 'Iran and Israel Trade Long-Range Strikes Over Several Weeks', 'oldest first');
    await page.fill('input[type=search]', 'ceasefire');
    const matches = await page.locator('table.event-index tbody tr').count();
    assert.ok(matches > 0 && matches < 15, `filter narrows the list (${matches})`);
    assert.match(await page.textContent('.match-count'), new RegExp(`^${matches} of 15 events match`));
    await page.fill('input[type=search]', 'no event says this');
    assert.equal(await page.locator('table.event-index tbody tr').count(), 0);
  });

  test('the event page shows every section with the right counts', async () => {
    await openApp(page, harness.url, `#/event/${SEED_ID}`);
    assert.equal(await page.textContent('main h1'), SEED_TITLE);
    const headings = await page.locator('main h2').allTextContents();
    assert.deepEqual(headings, [
      'Summary', 'Full content', 'Sources (1)', 'Actor responses', 'Related events (8)', 'Other fields',
    ]);
    assert.equal(await page.locator('.event-facts time').textContent(), '18 April 2026');
    assert.ok((await page.locator('.tags li').count()) >= 2, 'tags');
    assert.equal(await page.locator('.sources li').count(), 1);
    assert.match(await page.locator('.sources a').getAttribute('href'), /^https:\/\//);
    assert.deepEqual(await page.locator('.actor-responses .actor').allTextContents(), ['United States', 'Iran']);
    assert.equal(await page.locator('.related-event').count(), 8);
    assert.equal(await page.locator('.related-event blockquote.rationale').count(), 8);
    const newness = await page.locator('.related-event .newness').allTextContents();
    assert.equal(newness.filter((text) => text.startsWith('This event was the new event')).length, 3);
    assert.equal(newness.filter((text) => text.includes('” was the new event')).length, 5);
    await page.screenshot({ path: screenshotPath('event-page'), fullPage: true });
    // README shows the top of this page; the tests keep that picture current.
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/event-page.png') });
  });

  test('"the new event" in a rationale links to the event that was new', async () => {
    await openApp(page, harness.url, `#/event/${SEED_ID}`);
    // Seed rationale 8: "Event 12 notes ... The new event, involving pressure for a military operation ..."
    const item = page.locator('.related-event', { hasText: 'Event 12 notes' });
    await item.locator('a.reference', { hasText: 'The new event' }).click();
    await page.waitForFunction(() => location.hash === '#/event/israeli-pressure-military-operation');
    await headingIs(page, 'Israeli Ministers Press for Military Operation in Lebanon as Truce Nears Expiry');
    // And "Event 12" in the same rationale leads back to the seed event.
    const back = page.locator('.related-event', { hasText: 'Event 12 notes' });
    await back.locator('a.reference', { hasText: 'Event 12' }).click();
    await page.waitForFunction((id) => location.hash === `#/event/${id}`, SEED_ID);
    await headingIs(page, SEED_TITLE);
  });

  test('back, forward and reload keep the page', async () => {
    await openApp(page, harness.url);
    await page.click(`a[href="#/event/${SEED_ID}"]`);
    await page.waitForSelector(`text=${SEED_TITLE}`);
    await page.locator('.related-title').first().click();
    await page.waitForFunction(() => location.hash === '#/event/lebanon-10-day-ceasefire-begins');
    await page.goBack();
    await page.waitForFunction((title) => document.querySelector('main h1')?.textContent === title, SEED_TITLE);
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '10-Day Ceasefire Takes Effect in Lebanon');
    await page.reload();
    await page.waitForSelector('main h1');
    assert.equal(await page.textContent('main h1'), '10-Day Ceasefire Takes Effect in Lebanon');
    assert.equal(await page.title(), '\u206810-Day Ceasefire Takes Effect in Lebanon\u2069 · Event Lens');
  });

  test('right-to-left text displays right to left next to English', async () => {
    await openApp(page, harness.url, '#/event/iran-public-red-lines');
    const directions = await page.$$eval('.actor-responses p', (paragraphs) =>
      paragraphs.map((p) => [p.textContent.slice(0, 12), getComputedStyle(p).direction]));
    assert.ok(directions.some(([, direction]) => direction === 'rtl'), JSON.stringify(directions));
    assert.ok(directions.some(([, direction]) => direction === 'ltr'), JSON.stringify(directions));
  });

  test('an unknown id and an unknown route say so and link back', async () => {
    await openApp(page, harness.url, '#/event/does-not-exist');
    assert.equal(await page.textContent('main h1'), 'Event not found');
    await openApp(page, harness.url, '#/nowhere');
    assert.equal(await page.textContent('main h1'), 'Page not found');
    await page.click('main a[href="#/"]');
    await page.waitForSelector('table.event-index');
  });
});
