// The engine-neutral layer of the journeys in other engines: serves dist/ with the production
// CSP (scripts/serve.mjs), starts one engine through its adapter (firefox.mjs, webkit.mjs), and
// gives tests one small page API whatever drives the browser underneath:
//
//   goto(url)  evaluate(fn, arg)  waitFor(fn, arg, {timeout, what})  click(target)  clickAt(x, y)
//   setInputFile(selector, path)  screenshot(name)  problems()  close()
//
// Clicks are real pointer clicks at the centre of the element (found, and scrolled into view, by
// a script in the page, so the same code reaches into an embedded instance's shadow root).
// `problems()` lists console errors, uncaught exceptions, failed resources and CSP violations,
// the same things tests/browser/harness.mjs collects from Chromium.
import { mkdtemp, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY, startServer } from '../../scripts/serve.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const ARTIFACTS = join(ROOT, 'tests/artifacts');
export const ENGINE_ARTIFACTS = join(ARTIFACTS, 'engines');
export const PROBE_PATH = fileURLToPath(new URL('./probe.js', import.meta.url));
export const PROBE_URL_PATH = '/__engine-probe.js';
export const VIEWPORT = { width: 1280, height: 900 };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A response with the headers scripts/serve.mjs sends, for pages the tests make themselves. */
export function send(response, type, body) {
  const bytes = Buffer.from(body);
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': bytes.length,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*',
  });
  response.end(bytes);
}

/** `html` with probe.js as the first script of its head (a file, so the CSP allows it). */
export function withProbeTag(html) {
  return html.replace(/<head>/i, `<head>\n  <script src="${PROBE_URL_PATH}"></script>`);
}

/** Waits (bounded) until dist/index.html exists: the lead may be rebuilding dist/. */
async function waitForDist() {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await stat(join(DIST, 'index.html'));
      await stat(join(DIST, 'embed.js'));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('dist/index.html is missing: build with scripts/build.sh first');
      await sleep(5000);
    }
  }
}

/**
 * Starts the server and the engine `name` once per test file. `pages` maps paths to
 * `(probe) => [type, body]` for pages the tests add (probe: whether to put probe.js in them).
 */
export async function openEngine(name, { fixtures = {}, pages = {} } = {}) {
  await waitForDist();
  await mkdir(ENGINE_ARTIFACTS, { recursive: true });
  const probeSource = await readFile(PROBE_PATH, 'utf8');
  const downloadDir = await mkdtemp(join(tmpdir(), `event-lens-${name}-`));
  const adapter = await import(`./${name}.mjs`);
  const engine = await adapter.launch({ downloadDir, home: downloadDir, viewport: VIEWPORT, probeSource });

  const extraRoutes = {};
  for (const [path, file] of Object.entries(fixtures)) {
    extraRoutes[path] = async (request, response) => send(response, 'application/json; charset=utf-8', await readFile(file));
  }
  for (const [path, make] of Object.entries(pages)) {
    extraRoutes[path] = (request, response) => {
      const [type, body] = make(engine.servesProbe);
      send(response, type, body);
    };
  }
  if (engine.servesProbe) {
    // The app's own page, unchanged but for the probe before boot.js.
    const index = async (request, response) =>
      send(response, 'text/html; charset=utf-8', withProbeTag(await readFile(join(DIST, 'index.html'), 'utf8')));
    extraRoutes['/'] = index;
    extraRoutes['/index.html'] = index;
    extraRoutes[PROBE_URL_PATH] = (request, response) => send(response, 'text/javascript; charset=utf-8', probeSource);
  }
  const { server, url } = await startServer({ root: DIST, extraRoutes });

  return {
    engine,
    url,
    downloadDir,
    probeSource,
    async newPage() {
      return wrapPage(await engine.newPage(), engine);
    },
    /** Waits until the browser has saved `fileName` completely; resolves to its bytes. */
    async download(fileName, { timeout = 20_000 } = {}) {
      const file = join(downloadDir, fileName);
      const deadline = Date.now() + timeout;
      let lastSize = -1;
      while (Date.now() < deadline) {
        const names = await readdir(downloadDir);
        const partial = names.some((n) => n.startsWith(fileName) && n !== fileName);
        const size = names.includes(fileName) ? (await stat(file)).size : -1;
        if (size > 0 && size === lastSize && !partial) return readFile(file);
        lastSize = size;
        await sleep(250);
      }
      throw new Error(`${engine.label} saved no complete ${fileName} in ${timeout} ms (files: ${(await readdir(downloadDir)).join(', ')})`);
    },
    async close() {
      await engine.close();
      server.closeAllConnections?.();
      server.close();
      await rm(downloadDir, { recursive: true, force: true });
    },
  };
}

/** Finds an element (optionally inside `host`'s shadow root, optionally by text), scrolls it
 * into view and returns the centre of its box in viewport pixels. Runs in the page. */
function locate({ selector, text, host }) {
  const root = host ? document.querySelector(host)?.shadowRoot : document;
  if (!root) return null;
  const element = [...root.querySelectorAll(selector)].find((e) => text === undefined || e.textContent.includes(text));
  if (!element) return null;
  element.scrollIntoView({ block: 'center', inline: 'center' });
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return null;
  return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
}

function wrapPage(raw, engine) {
  const collected = [];
  /** Moves what the page and the engine recorded so far into `collected`. */
  async function harvest() {
    collected.push(...raw.takeNativeProblems());
    try {
      const fromProbe = await raw.evaluate(() => (window.__engineProblems ? window.__engineProblems.splice(0) : []));
      const wanted = new Set(engine.probeCategories);
      collected.push(...fromProbe.filter((entry) => wanted.has(entry.slice(0, entry.indexOf(':')))));
    } catch { /* a page that is gone has nothing left to say */ }
  }
  const page = {
    engine,
    async goto(url) {
      await harvest();
      // Always a new document, even when only the hash differs from the current URL.
      await raw.goto('about:blank');
      await raw.goto(url);
    },
    evaluate: (fn, arg) => raw.evaluate(fn, arg),
    /** Polls `fn(arg)` in the page until it returns something truthy; resolves to that. */
    async waitFor(fn, arg, { timeout = 20_000, what = String(fn) } = {}) {
      const deadline = Date.now() + timeout;
      let last;
      let lastError;
      while (Date.now() < deadline) {
        try {
          last = await raw.evaluate(fn, arg);
          if (last) return last;
        } catch (error) {
          lastError = error; // navigating, or the app not ready: ask again
        }
        await sleep(100);
      }
      throw new Error(`${engine.label}: timed out after ${timeout} ms waiting for ${what}` +
        ` (last value ${JSON.stringify(last)}${lastError ? `, last error ${lastError.message}` : ''})`);
    },
    /** A real click at the centre of `{selector, text?, host?}` (or a selector string). */
    async click(target, { timeout = 20_000 } = {}) {
      const spec = typeof target === 'string' ? { selector: target } : target;
      const at = await page.waitFor(locate, spec, { timeout, what: `a visible ${JSON.stringify(spec)}` });
      await raw.clickAt(at.x, at.y);
    },
    clickAt: (x, y) => raw.clickAt(x, y),
    setInputFile: (selector, path) => raw.setInputFile(selector, path),
    async screenshot(name) {
      const path = join(ENGINE_ARTIFACTS, `${engine.name}-${name}.png`);
      // Two animation frames first: WebKit's screenshot is the last frame it painted, which can
      // lag a scroll or a re-render by several hundred milliseconds.
      await raw.evaluate(() => new Promise((resolve) => {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
        setTimeout(() => resolve(false), 5000);
      }));
      await raw.screenshot(path);
      return path;
    },
    /** Everything recorded so far in this page, across navigations. */
    async problems() {
      await harvest();
      return [...collected];
    },
    close: () => raw.close(),
  };
  return page;
}
