// Accessibility audit in a real browser: axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) on every view
// of the app, with its menus and dialogs open, and embedded at 320 px. Zero violations, except the
// rules in ALLOWED below, each with the reason it cannot apply; and every result axe cannot decide
// ("incomplete") is decided here: colour contrast by measuring it ourselves, the rest by a
// reviewed entry in REVIEWED. At 320 px, nothing may need sideways scrolling (WCAG 1.4.10, which
// axe does not test). A per-view summary goes to the test output.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES, ROOT, openApp, openHarness, screenshotPath } from './harness.mjs';

const SEED = 'us-iran-backchannel-agreement';
const NEW_EVENT = 'israeli-pressure-military-operation';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Violations that may stand, as { rule, target (a regular expression the node's CSS selector must
// match), reason }. Only the nodes matching `target` are excused, never a whole rule. Colour
// contrast is never excused: fix it.
const ALLOWED = [
  // (empty: every view passes as it is. Add an entry only with a reason why the rule cannot
  // apply, for example a judgement axe cannot make about the pixels of the graph's <canvas>.)
];

// Results axe leaves undecided ("needs review") that a person has looked at, in the same form.
// Undecided colour contrast is not listed here: the test measures it (see measureContrast).
const REVIEWED = [
  {
    rule: 'label-content-name-mismatch',
    target: /^button\[aria-label="Zoom (in|out)"\]$/,
    reason: 'The visible labels are the symbols "+" and "−", not words; WCAG 2.5.3 is about text '
      + 'labels, and axe cannot tell a symbol from text. The names "Zoom in"/"Zoom out" say what '
      + 'the symbols mean (and the keys + and − do the same in the canvas).',
  },
];

const listed = (list, rule, node) =>
  list.some((entry) => entry.rule === rule && node.target.some((t) => entry.target.test(String(t))));
const excused = (rule, node) => listed(ALLOWED, rule, node);

/**
 * Measures the contrast of the text of each element axe could not judge (a symbol-only text, an
 * element an open menu covers): its colour against the first opaque background behind it, with
 * the ancestors' opacity. Returns the ones under 4.5:1, or not measurable, as messages.
 */
function measureContrast(page, targets) {
  return page.evaluate((selectors) => {
    const rgba = (colour) => {
      const parts = colour.match(/[\d.]+/g)?.map(Number) ?? [];
      return parts.length === 3 ? [...parts, 1] : parts;
    };
    const luminance = ([r, g, b]) => {
      const channel = (c) => { const x = c / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const failures = [];
    for (const selector of selectors) {
      const element = document.querySelector(selector);
      if (!element) { failures.push(`${selector}: not found`); continue; }
      let background = null;
      for (let at = element; at && !background; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (style.backgroundImage !== 'none') { failures.push(`${selector}: background image, not measurable`); break; }
        const colour = rgba(style.backgroundColor);
        if (colour[3] === 1) background = colour;
        else if (colour[3] > 0) { failures.push(`${selector}: translucent background, not measurable`); break; }
      }
      background ??= [255, 255, 255, 1];
      const text = rgba(getComputedStyle(element).color);
      let opacity = text[3];
      for (let at = element; at; at = at.parentElement) opacity *= Number(getComputedStyle(at).opacity);
      const shown = text.slice(0, 3).map((c, i) => c * opacity + background[i] * (1 - opacity));
      const [a, b] = [luminance(shown), luminance(background)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) failures.push(`${selector}: ${ratio.toFixed(2)}:1`);
    }
    return failures;
  }, targets);
}

/** Every view's result, printed as a table when the file ends. */
const summary = [];

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  let harness;
  let axeSource;
  before(async () => {
    harness = await openHarness();
    axeSource = await readFile(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  });
  after(async () => {
    const lines = summary.map(({ view, violations, rules, incomplete }) =>
      `  ${view.padEnd(44)} ${String(violations).padStart(2)} violation(s)${rules.length ? ` [${rules.join(', ')}]` : ''}`
      + (incomplete.length ? `; needs review: ${incomplete.join(', ')}` : ''));
    console.log(`axe-core summary (view → violations):\n${lines.join('\n')}`);
    await harness.close();
  });

  /**
   * Runs axe on `page` as it is now and records the result under `view`. axe is put in with
   * page.evaluate of its source: that runs through the DevTools protocol, which the page's CSP
   * (script-src 'self' 'wasm-unsafe-eval') does not govern, so no bypassCSP is needed (an inline
   * <script> from page.addScriptTag({content}) would be blocked, rightly).
   */
  async function audit(page, view) {
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
    assert.equal(await page.evaluate(() => typeof window.axe?.run), 'function', 'axe-core runs in the page');
    const results = await page.evaluate((tags) => window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    }).then((r) => ({
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
      })),
      incomplete: r.incomplete.map((v) => ({
        id: v.id, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
      })),
    })), TAGS);
    const standing = results.violations
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !excused(v.id, n)) }))
      .filter((v) => v.nodes.length > 0);
    // What axe could not decide: contrast is measured, everything else must have been reviewed.
    const undecided = results.incomplete.filter((v) => v.id === 'color-contrast')
      .flatMap((v) => v.nodes.map((n) => n.target.at(-1)));
    const lowContrast = await measureContrast(page, undecided);
    const unreviewed = results.incomplete.filter((v) => v.id !== 'color-contrast')
      .flatMap((v) => v.nodes.filter((n) => !listed(REVIEWED, v.id, n)).map((n) => `${v.id}: ${n.target.join(' ')} ${n.html.slice(0, 100)}`));
    summary.push({
      view,
      violations: standing.reduce((sum, v) => sum + v.nodes.length, 0),
      rules: standing.map((v) => v.id),
      incomplete: results.incomplete.map((v) => `${v.id} (${v.nodes.length})`),
    });
    const report = standing.map((v) => `${v.id} (${v.impact}): ${v.help}\n`
      + v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.html.slice(0, 160)}\n      ${n.summary?.replaceAll('\n', '\n      ')}`).join('\n'))
      .join('\n  ');
    await page.screenshot({ path: screenshotPath(`a11y-${view.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`) });
    assert.equal(standing.length, 0, `${view}: axe violations\n  ${report}`);
    assert.deepEqual(lowContrast, [], `${view}: text axe could not judge, measured here, has too little contrast`);
    assert.deepEqual(unreviewed, [], `${view}: axe needs a person to review these`);
  }

  const settled = (page) => page.waitForFunction(
    () => window.eventLens?.layout().settled === true && window.eventLens.layout().nodes.length > 0,
    null, { timeout: 30000 });

  /** Opens the page's Export menu (every page that has one) and audits it open. */
  async function auditExportMenu(page, view) {
    const menu = page.locator('details.export-menu').first();
    if ((await menu.count()) === 0) return false;
    await menu.locator('summary').click();
    await menu.locator('ul button').first().waitFor();
    await audit(page, `${view} + Export menu open`);
    await assertReflows(page, `${view} + Export menu open`);
    await menu.locator('summary').click();
    return true;
  }

  /**
   * WCAG 1.4.10 Reflow: nothing needs sideways scrolling, and no open menu sticks out of the
   * viewport (its items would be cut off).
   */
  async function assertReflows(page, view) {
    const { overflow, menus } = await page.evaluate(() => ({
      overflow: document.scrollingElement.scrollWidth - window.innerWidth,
      menus: Array.from(document.querySelectorAll('details[open] > ul'), (ul) => {
        const box = ul.getBoundingClientRect();
        return { left: box.left, right: box.right, width: window.innerWidth };
      }),
    }));
    assert.ok(overflow <= 0, `${view}: the page scrolls sideways by ${overflow} px`);
    for (const menu of menus) {
      assert.ok(menu.left >= 0 && menu.right <= menu.width, `${view}: an open menu sticks out of the viewport ${JSON.stringify(menu)}`);
    }
  }

  test('index page', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/');
    await page.waitForSelector('table.event-index tbody tr');
    await audit(page, 'index #/');
    assert.ok(await auditExportMenu(page, 'index #/'), 'the index has an Export menu');
    // Filtered, sorted the other way: the same controls in another state.
    await page.fill('input[type=search]', 'ceasefire');
    await page.click('button.sort');
    await audit(page, 'index #/ filtered, oldest first');
    assert.deepEqual(page.problems, []);
  });

  test('event page', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, `#/event/${SEED}`);
    await page.waitForSelector('.related-event');
    await audit(page, 'event #/event/<seed>');
    await auditExportMenu(page, 'event #/event/<seed>');
    assert.deepEqual(page.problems, []);
  });

  test('not-found pages', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/event/does-not-exist');
    await audit(page, 'event not found');
    await openApp(page, harness.url, '#/nowhere');
    await audit(page, 'page not found');
  });

  test('graph, with a selection, its rationale card and the text alternative', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    await audit(page, 'graph #/graph');
    assert.ok(await auditExportMenu(page, 'graph #/graph'), 'the graph has an Export menu');
    // A node and then a relation chosen with the keyboard: panel, its card and live region filled.
    await page.focus('.graph-stage canvas');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('.graph-panel .open-event');
    await audit(page, 'graph, event selected');
    await page.keyboard.press(']');
    await page.waitForFunction(() => window.eventLens.layout().cards[0]?.current === true);
    await page.waitForSelector('.graph-panel .rationale');
    await audit(page, 'graph, relation selected + its card');
    await page.locator('.graph-text summary').click();
    await page.waitForSelector('.graph-text li');
    await audit(page, 'graph, Relations as text open');
    assert.deepEqual(page.problems, []);
  });

  test('ego view', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, `#/graph?focus=${SEED}&depth=1`);
    await settled(page);
    await page.waitForSelector('.graph-panel .open-event');
    await audit(page, 'ego #/graph?focus=<seed>&depth=1');
    await auditExportMenu(page, 'ego view');
    assert.deepEqual(page.problems, []);
  });

  test('relation selected', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, `#/relation/${NEW_EVENT}/${SEED}`);
    await settled(page);
    await page.waitForSelector('.graph-panel .rationale');
    await audit(page, 'relation #/relation/<source>/<target>');
    // A relation the data does not have: the notice.
    await openApp(page, harness.url, `#/relation/${SEED}/nowhere`);
    await page.waitForSelector('.graph-page .notice');
    await audit(page, 'relation not in the data (notice)');
    assert.deepEqual(page.problems, []);
  });

  test('Embed dialog', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url, '#/graph');
    await settled(page);
    await page.getByRole('button', { name: 'Embed' }).click();
    await page.getByRole('dialog').waitFor();
    await audit(page, 'Embed dialog (sample from URL)');
    // Data opened from a file: the dialog adds a notice.
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await openApp(page, harness.url, '#/');
    await page.setInputFiles('label.open-file input[type=file]', join(FIXTURES, 'all-fields.json'));
    await page.waitForFunction(() => document.querySelector('.overview')?.textContent.includes('all-fields.json'));
    await page.getByRole('button', { name: 'Embed' }).click();
    await page.getByRole('dialog').locator('.notice').waitFor();
    await audit(page, 'Embed dialog (local file notice)');
    assert.deepEqual(page.problems, []);
  });

  test('Data problems panel', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await page.setInputFiles('label.open-file input[type=file]', join(FIXTURES, '000_6606db7bc665eae2.txt'));
    await page.waitForSelector('.data-problems summary');
    await page.locator('.data-problems summary').click();
    await page.waitForSelector('.data-problems li');
    await audit(page, 'Data problems open (index, seed text page)');
    // The seed's event page: placeholders, unresolved references.
    await page.getByRole('link', { name: 'US and Iran Advance Backchannel Negotiations Toward Potential Agreement', exact: true }).click();
    await page.waitForSelector('.related-event');
    await audit(page, 'event page of the seed text page');
    assert.deepEqual(page.problems, []);
  });

  test('error alert after a broken file', async () => {
    const page = await harness.newPage();
    await openApp(page, harness.url);
    await page.setInputFiles('label.open-file input[type=file]', join(FIXTURES, 'broken-syntax.json'));
    await page.getByRole('alert').waitFor();
    await audit(page, 'load error alert');
  });

  for (const [name, path] of [
    ['index', '?embed=1#/'],
    ['event', `?embed=1#/event/${SEED}`],
    ['graph', '?embed=1#/graph'],
  ]) {
    test(`embed mode at 320 px: ${name}`, async () => {
      const page = await harness.newPage();
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(new URL(path, harness.url).href);
      await page.waitForSelector('main h1');
      if (name === 'graph') await settled(page);
      await audit(page, `embed 320 px: ${name}`);
      await assertReflows(page, `embed 320 px: ${name}`);
      if (name !== 'event') await auditExportMenu(page, `embed 320 px: ${name}`);
      assert.deepEqual(page.problems, []);
    });
  }
});
