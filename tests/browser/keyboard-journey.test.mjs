// A whole journey by keyboard alone: open a data file, find an event with the filter, open it,
// go to its graph, step through its relations and read a rationale, and export the view as JSON.
// No mouse or pointer API is used (only page.keyboard; the OS file dialog cannot be driven, so
// the file chooser it would open is answered with setFiles). At every step the focused element
// is the expected one and shows a focus indicator with 3:1 contrast against what is around it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES, openApp, openHarness, screenshotPath } from './harness.mjs';

// The upstream plain-text page: one event and the eight events its rationales relate it to.
const SEED_FILE = join(FIXTURES, '000_6606db7bc665eae2.txt');
const SEED_TITLE = 'US and Iran Advance Backchannel Negotiations Toward Potential Agreement';

/** Text without the Unicode isolates (U+2066–2069) the app may wrap data in for bidi safety. */
const plain = (text) => text.replace(/[\u2066-\u2069]/g, '');

/** What is focused: tag, classes, text, and whether it matches :focus-visible. */
const focused = (page) => page.evaluate(() => {
  const element = document.activeElement;
  return {
    tag: element.tagName.toLowerCase(),
    className: typeof element.className === 'string' ? element.className : '',
    type: element.getAttribute('type'),
    text: (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/[\u2066-\u2069]/g, '').trim().slice(0, 120),
    href: element.getAttribute('href'),
    focusVisible: element.matches(':focus-visible'),
  };
});

/**
 * The focus indicator of the focused element (its own outline, or, for the file input that is
 * invisible inside its label, the label's): style, width, colour and the contrast of that colour
 * with the background it is drawn on (WCAG 1.4.11: 3:1).
 */
const focusIndicator = (page) => page.evaluate(() => {
  const element = document.activeElement;
  const carrier = element.matches('.open-file input') ? element.closest('.open-file') : element;
  const style = getComputedStyle(carrier);
  const rgb = (colour) => colour.match(/[\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  // An outline drawn outside the box lies on the parent's background; one inset, on its own.
  let behind = Number.parseFloat(style.outlineOffset) < 0 ? carrier : carrier.parentElement;
  let background = [255, 255, 255];
  for (; behind; behind = behind.parentElement) {
    const colour = getComputedStyle(behind).backgroundColor;
    const parts = rgb(colour);
    if (parts.length < 4 || parts[3] > 0) { background = parts.slice(0, 3); break; }
  }
  const [a, b] = [luminance(rgb(style.outlineColor)), luminance(background)];
  return {
    carrier: carrier.tagName.toLowerCase() + (carrier.className ? `.${carrier.className}` : ''),
    outlineStyle: style.outlineStyle,
    outlineWidth: Number.parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    background: `rgb(${background.join(', ')})`,
    contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
  };
});

/** Asserts that focus is on an element `matches` accepts, visibly; takes a screenshot. */
async function assertFocus(page, step, matches) {
  const element = await focused(page);
  assert.ok(matches(element), `${step}: focus is on ${JSON.stringify(element)}`);
  assert.ok(element.focusVisible, `${step}: the focused element matches :focus-visible`);
  const indicator = await focusIndicator(page);
  assert.notEqual(indicator.outlineStyle, 'none', `${step}: a focus outline is drawn (${JSON.stringify(indicator)})`);
  assert.ok(indicator.outlineWidth >= 2, `${step}: the outline is at least 2 px wide (${JSON.stringify(indicator)})`);
  assert.ok(indicator.contrast >= 3, `${step}: the outline has 3:1 contrast with its background (${JSON.stringify(indicator)})`);
  await page.screenshot({ path: screenshotPath(`keyboard-${step}`) });
}

/**
 * Presses Tab (Shift+Tab when `backwards`) until the focused element is one `matches` accepts;
 * fails, listing where focus went, after `limit` presses.
 */
async function tabTo(page, what, matches, { backwards = false, limit = 40 } = {}) {
  const visited = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const element = await focused(page);
    if (matches(element)) return visited.length + 1;
    visited.push(`${element.tag}.${element.className} "${element.text.slice(0, 30)}"`);
  }
  assert.fail(`Tab never reached ${what}; focus went to:\n  ${visited.join('\n  ')}`);
}

describe('keyboard-only journey', () => {
  let harness;
  let page;
  let seedText;
  before(async () => {
    harness = await openHarness();
    page = await harness.newPage();
    seedText = await readFile(SEED_FILE, 'utf8');
  });
  after(async () => {
    assert.deepEqual(page.problems, [], 'no console errors or CSP violations');
    await harness.close();
  });

  test('open a file, find an event, open its graph, read a rationale, export: all by keyboard', async () => {
    await openApp(page, harness.url);
    // The sample in place (the header is not drawn again under the focus after this).
    await page.waitForSelector('main a[href^="#/event/"]');

    // 1. "Open data file": Tab to it, Space opens the file chooser.
    const isFileInput = (e) => e.tag === 'input' && e.type === 'file';
    await tabTo(page, 'the "Open data file" control', isFileInput);
    await assertFocus(page, '1-open-file', isFileInput);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(SEED_FILE);
    await page.waitForFunction(() => document.querySelector('.overview')?.textContent.includes('000_6606db7bc665eae2.txt'));
    await assertFocus(page, '1-open-file-loaded', isFileInput);

    // 2. The filter: Tab to it, type, Tab to the matching event, Enter.
    const isFilter = (e) => e.tag === 'input' && e.type === 'search';
    await tabTo(page, 'the index filter', isFilter);
    await assertFocus(page, '2-filter', isFilter);
    await page.keyboard.type('advance backchannel');
    await page.waitForFunction(() => document.querySelectorAll('table.event-index tbody tr').length === 1);
    const isSeedLink = (e) => e.tag === 'a' && e.text === SEED_TITLE;
    await tabTo(page, 'the matching event in the list', isSeedLink);
    await assertFocus(page, '2-result', isSeedLink);
    // The text page gives no ids: the app makes one; the link says which.
    const seedHref = (await focused(page)).href;
    assert.match(seedHref, /^#\/event\/./);
    const seedId = decodeURIComponent(seedHref.slice('#/event/'.length));
    await page.keyboard.press('Enter');
    await page.waitForFunction((href) => location.hash === href, seedHref);
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, SEED_TITLE);

    // 3. The event page: "Show in graph".
    const isShowInGraph = (e) => e.tag === 'a' && e.text === 'Show in graph';
    await tabTo(page, '"Show in graph"', isShowInGraph);
    await assertFocus(page, '3-show-in-graph', isShowInGraph);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.startsWith('#/graph?focus='));
    assert.equal(new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]).get('focus'), seedId);
    await page.waitForFunction(() => window.eventLens?.layout().settled === true && window.eventLens.layout().nodes.length === 9);

    // 4. Into the canvas; ] steps through the selected event's relations (their cards), each
    // rationale shown whole on its card and in the selection panel, and announced.
    const isCanvas = (e) => e.tag === 'canvas';
    await tabTo(page, 'the graph canvas', isCanvas);
    await assertFocus(page, '4-canvas', isCanvas);
    assert.equal(await page.textContent('.graph-panel .panel-title'), SEED_TITLE, 'the ego view selects its centre');
    const rationales = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press(']');
      await page.waitForFunction((n) => {
        const text = document.querySelector('.graph-panel .rationale')?.textContent.replace(/[\u2066-\u2069]/g, '');
        return text && !n.includes(text);
      }, rationales);
      const rationale = plain(await page.textContent('.graph-panel .rationale'));
      assert.equal(await page.textContent('.graph-panel .panel-title'), 'Relation');
      assert.ok(seedText.includes(`"${rationale}"`), `the panel shows a rationale of the file whole: ${rationale.slice(0, 60)}`);
      const live = plain(await page.textContent('[aria-live=polite]'));
      assert.ok(live.startsWith('Selected relation: ') && live.endsWith(rationale), `the live region reads it: ${live.slice(0, 80)}`);
      const { cards } = await page.evaluate(() => window.eventLens.layout());
      assert.ok(cards[0]?.current, 'the selected relation\'s card comes first');
      const words = (text) => text.split(/\s+/).filter(Boolean).join(' ');
      assert.equal(words(cards[0].lines.slice(2).join(' ')), words(rationale), 'and its card on the graph shows it whole');
      rationales.push(rationale);
      await assertFocus(page, `4-relation-${i + 1}`, isCanvas);
    }
    assert.equal(new Set(rationales).size, 3, 'each ] moves to another relation');

    // 5. Export: back to the Export menu, open it, choose "This view as JSON".
    const isExport = (e) => e.tag === 'summary' && e.text === 'Export';
    await tabTo(page, 'the Export menu', isExport, { backwards: true });
    await assertFocus(page, '5-export-menu', isExport);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.graph-toolbar details.export-menu[open]');
    const isViewJson = (e) => e.tag === 'button' && e.text === 'This view as JSON';
    await tabTo(page, '"This view as JSON"', isViewJson, { limit: 12 });
    await assertFocus(page, '5-export-json', isViewJson);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(download.suggestedFilename(), /-view\.json$/);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(exported.events.length, 9, 'the neighbourhood shown: the event and its eight related events');
    assert.ok(exported.events.some((e) => e.id === seedId));
    // The menu closes once something is chosen; focus goes back to the menu's button rather
    // than being lost with the hidden item.
    assert.equal(await page.locator('.graph-toolbar details.export-menu[open]').count(), 0, 'the menu closed');
    await assertFocus(page, '5-after-export', isExport);
  });

  test('the Embed dialog takes the focus, keeps Tab inside, closes with Escape and gives focus back', async () => {
    await openApp(page, harness.url, '#/');
    await page.evaluate(() => document.activeElement?.blur());
    const isEmbed = (e) => e.tag === 'button' && e.text === 'Embed';
    await tabTo(page, 'the Embed button', isEmbed);
    await assertFocus(page, '6-embed-button', isEmbed);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    // aria-modal="true": focus must be in the dialog, not on the page behind its backdrop.
    const inDialog = () => page.evaluate(() => Boolean(document.activeElement.closest('[role=dialog]')));
    await page.waitForFunction(() => document.activeElement.closest('[role=dialog]'), null, { timeout: 3000 })
      .catch(() => {});
    const isUrlField = (e) => e.tag === 'input' && e.type === 'url';
    await assertFocus(page, '6-dialog-opened', isUrlField);
    const visited = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      const element = await focused(page);
      visited.push(`${element.tag} "${element.text.slice(0, 20)}"`);
      assert.ok(await inDialog(), `Tab stays in the modal dialog; went: ${visited.join(' → ')}`);
    }
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Shift+Tab');
      const element = await focused(page);
      visited.push(`⇧ ${element.tag} "${element.text.slice(0, 20)}"`);
      assert.ok(await inDialog(), `Shift+Tab stays in the modal dialog; went: ${visited.join(' → ')}`);
    }
    await assertFocus(page, '6-dialog-shift-tab', (e) => e.tag === 'input' || e.tag === 'button' || e.tag === 'textarea');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement.matches('.embed-button'), null, { timeout: 3000 })
      .catch(() => {});
    await assertFocus(page, '6-dialog-closed', isEmbed);
  });
});
