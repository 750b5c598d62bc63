// The benchmark driver: one headless Chromium run, interleaved rounds, the same graphs for every
// engine. Prints a table of ratios and writes the numbers as JSON. Run it with scripts/bench.sh,
// which builds everything it needs first.
//
//   node bench/run.mjs [--smoke] [--rounds N] [--budget-ms N] [--out FILE]
//                      [--only layout|loading|rendering|size|memory]
//                      [--memory-events N] [--memory-loads N] [--memory-switches N]
// `--only memory` and `--only size` need only dist/ (the app); the other parts also need what
// scripts/bench.sh builds into bench/dist/.
import { chromium } from 'playwright-core';
import { link, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';
import { generateExport } from './synthetic.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH_DIST = join(ROOT, 'bench', 'dist');
const argument = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const smoke = process.argv.includes('--smoke');
/** Runs one part alone (while working on it); the report then holds only that part. */
const only = argument('--only', null);
const runs = (part) => only === null || only === part;
const rounds = Number(argument('--rounds', smoke ? 1 : 3));
const budgetMs = Number(argument('--budget-ms', smoke ? 5000 : 120000));
const out = argument('--out', join(ROOT, smoke ? 'tests/artifacts/bench-smoke.json' : 'bench/results.json'));
/**
 * The memory part: an export of `events` events (full content, as the loading exports) opened
 * `loads` times through the file picker, each followed by index → event page → graph; then
 * `switches` more rounds of index → event page → graph on the last data.
 */
const MEMORY = {
  events: Number(argument('--memory-events', smoke ? 2000 : 20000)),
  loads: Number(argument('--memory-loads', smoke ? 3 : 10)),
  switches: Number(argument('--memory-switches', smoke ? 5 : 50)),
};
/** How much memory may grow from the first round to the last and still count as flat. */
const FLAT_WITHIN = 0.10;
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // gc(), so that each loading measurement starts from a collected heap (bench/page/bench.js).
  '--js-flags=--expose-gc'];

/** Node count and flattened edge indices of a generated export. */
async function graphOf(file) {
  const data = JSON.parse(await readFile(join(BENCH_DIST, 'data', file), 'utf8'));
  const index = new Map(data.events.map((event, i) => [event.id, i]));
  const edges = data.relations.flatMap((r) => [index.get(r.source), index.get(r.target)]);
  return { nodes: data.events.length, edges };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits = 2) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

/** Raw, gzip -9 and brotli -11 sizes of `files` in dist/, each and summed. */
async function sizeOf(files) {
  const dist = join(ROOT, 'dist');
  const result = { files: {}, raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = await readFile(join(dist, file));
    const sizes = {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
    result.files[file] = sizes;
    for (const key of ['raw', 'gzip', 'brotli']) result[key] += sizes[key];
  }
  return result;
}

/**
 * Runs in the app page: frame times of our renderer against a plain canvas reference that
 * strokes every edge and fills every node (same size, same positions, opaque 1 px lines), at
 * a fixed view and during a scripted zoom. A frame is timed inside one animation frame, from a
 * callback queued before the drawing to one queued after it that reads a pixel back (which makes
 * the canvas finish rasterising): the work of the frame, without the wait for the display's
 * next refresh (which would round every frame up to a multiple of 16.7 ms).
 */
async function measureRendering() {
  const { median, timeFrame, plainFrames } = window.__bench;
  const canvas = document.querySelector('.graph-stage canvas');
  const ownContext = canvas.getContext('2d');
  const zoomIn = document.querySelector('[aria-label="Zoom in"]');
  const zoomOut = document.querySelector('[aria-label="Zoom out"]');
  const box = canvas.getBoundingClientRect();
  const ours = [];
  for (let i = 0; i < 10; i++) ours.push(await timeFrame(() => (i % 2 ? zoomOut : zoomIn).click(), ownContext));
  const oursZoom = [];
  for (let i = 0; i < 12; i++) {
    const wheel = new WheelEvent('wheel', { deltaY: i < 6 ? -120 : 120, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true, cancelable: true });
    oursZoom.push(await timeFrame(() => canvas.dispatchEvent(wheel), ownContext));
  }
  const layout = window.eventLens.layout();
  const plain = await plainFrames(layout, Array.from({ length: 10 }, (_, i) => (i % 2 ? 1 : 1.25)));
  let zoom = 1;
  const plainZoom = await plainFrames(layout, Array.from({ length: 12 }, (_, i) => (zoom *= i < 6 ? 1.2 : 1 / 1.2)));
  return {
    relations: layout.edges.length,
    oursFrameMs: median(ours), plainFrameMs: median(plain),
    oursZoomFrameMs: median(oursZoom), plainZoomFrameMs: median(plainZoom),
    oursRecordMs: layout.drawMs,
  };
}

/**
 * In-page helpers of the rendering measurements (installed before the app starts):
 * - `timeFrame(change, context)` times `change` (which asks for a frame) plus the frame it
 *   causes, flushed by a read-back of one pixel of `context`;
 * - `plainFrames(layout, zooms)` times the plain reference, on a canvas of its own over the
 *   graph's, drawing `layout`'s edges and nodes (screen positions) once per zoom factor
 *   (around the centre; 1 is the view `layout` was taken at), each in an animation frame as an
 *   app would.
 */
function installBenchHelpers() {
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const timeFrame = (change, context) => new Promise((resolve) => {
    let started = 0;
    requestAnimationFrame(() => { started = performance.now(); });
    change();
    requestAnimationFrame(() => {
      context.getImageData(0, 0, 1, 1);
      resolve(performance.now() - started);
    });
  });
  const plainFrames = async (layout, zooms) => {
    const canvas = document.querySelector('.graph-stage canvas');
    const box = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio;
    const reference = document.createElement('canvas');
    reference.width = canvas.width;
    reference.height = canvas.height;
    reference.style.cssText = `position:fixed;left:${box.left}px;top:${box.top}px;width:${box.width}px;height:${box.height}px;z-index:99;background:#fff`;
    document.body.append(reference);
    const context = reference.getContext('2d');
    const draw = (zoom) => {
      context.setTransform(dpr * zoom, 0, 0, dpr * zoom, (1 - zoom) * box.width / 2 * dpr, (1 - zoom) * box.height / 2 * dpr);
      context.clearRect(-1e5, -1e5, 2e5, 2e5);
      context.strokeStyle = '#8a94a6';
      context.lineWidth = 1 / zoom;
      for (const edge of layout.edges) {
        context.beginPath();
        context.moveTo(edge.x1, edge.y1);
        context.lineTo(edge.x2, edge.y2);
        context.stroke();
      }
      context.fillStyle = '#4e79a7';
      for (const node of layout.nodes) {
        context.beginPath();
        context.arc(node.x, node.y, Math.max(node.radius, 0.5), 0, Math.PI * 2);
        context.fill();
      }
    };
    const times = [];
    for (const zoom of zooms) times.push(await timeFrame(() => requestAnimationFrame(() => draw(zoom)), context));
    reference.remove();
    return times;
  };
  window.__bench = { median, timeFrame, plainFrames };
}

/**
 * Reading mode, zoomed in: an event of 4–8 relations near the middle of the view is selected
 * (zooming in on it first where nodes are too small to click) and framed with F, as a reader
 * would, so its cards show (the first of twelve tried that shows any); then frames during a small back-and-forth zoom at that view,
 * against the plain reference drawing every edge and node at the same view (the positions
 * `layout()` gives in screen pixels). Timed as in `measureRendering`.
 */
async function measureReading(app) {
  const box = await app.locator('.graph-stage canvas').boundingBox();
  const degrees = (layout) => {
    const degree = new Map();
    for (const edge of layout.edges) for (const end of [edge.source, edge.target]) degree.set(end, (degree.get(end) ?? 0) + 1);
    return degree;
  };
  let chosen = null;
  for (let attempt = 0; attempt < 12 && !chosen; attempt++) {
    const layout = await app.evaluate(() => window.eventLens.layout());
    const degree = degrees(layout);
    const near = layout.nodes
      .filter((node) => degree.get(node.id) >= 4 && degree.get(node.id) <= 8)
      .sort((a, b) => Math.hypot(a.x - box.width / 2, a.y - box.height / 2) - Math.hypot(b.x - box.width / 2, b.y - box.height / 2));
    let node = near[attempt % near.length];
    for (let step = 0; step < 10 && layout.scale * 1.2 ** step < 1; step++) {
      await app.mouse.move(box.x + node.x, box.y + node.y);
      await app.mouse.wheel(0, -120);
      await app.waitForTimeout(50);
    }
    node = (await app.evaluate(() => window.eventLens.layout())).nodes.find((n) => n.id === node.id);
    await app.mouse.click(box.x + node.x, box.y + node.y);
    await app.waitForTimeout(150);
    const panel = await app.textContent('.graph-panel .panel-title').catch(() => '');
    // An event with cards shown; failing that, on the last try, one without (a build that
    // finds no room for cards in a crowded view is measured with what it shows).
    const selected = panel && panel !== 'Relation';
    const withCards = selected && (await app.evaluate(() => window.eventLens.layout().cards.length)) > 0;
    if (withCards || (selected && attempt === 11)) chosen = { id: node.id, relations: degree.get(node.id) };
    else await app.keyboard.press('Escape');
  }
  if (!chosen) return null;
  await app.keyboard.press('f');
  await app.mouse.move(box.x + 2, box.y + box.height - 2);
  await app.waitForTimeout(500);
  return { ...chosen, ...await app.evaluate(async () => {
    const { median, timeFrame, plainFrames } = window.__bench;
    const canvas = document.querySelector('.graph-stage canvas');
    const box = canvas.getBoundingClientRect();
    const own = canvas.getContext('2d');
    const ours = [];
    const ownWork = [];
    const reducedBefore = window.eventLens.layout().reducedPictures;
    for (let i = 0; i < 12; i++) {
      const wheel = new WheelEvent('wheel', { deltaY: i % 2 ? 30 : -30, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true, cancelable: true });
      ours.push(await timeFrame(() => canvas.dispatchEvent(wheel), own));
      ownWork.push(window.eventLens.layout().drawMs);
    }
    const reducedPictures = window.eventLens.layout().reducedPictures - reducedBefore;
    // Pictures painted at half resolution while the view moves are painted again in full once
    // it rests: that frame's own cost, reported beside the moving ones.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const layout = window.eventLens.layout();
    const plain = await plainFrames(layout, Array(12).fill(1));
    return {
      scale: layout.scale, cards: layout.cards.length, cardsLeftOut: layout.cardsLeftOut, labels: layout.frame.labels,
      oursFrameMs: median(ours), plainFrameMs: median(plain), oursRecordMs: median(ownWork),
      reducedPictures, restRecordMs: layout.drawMs, fullAtRest: !layout.reduced,
    };
  }) };
}

/**
 * Memory over repeated use, in one page of the app (so whatever is not released accumulates):
 * opens a generated export `MEMORY.loads` times through the header's file picker, as a user
 * does, each time going on to an event page and the graph (laid out until settled); then
 * switches index → event page → graph `MEMORY.switches` times. After every round it collects
 * garbage (CDP HeapProfiler.collectGarbage) and samples, on the settled graph:
 * - the app's wasm memory: `init()` of the wasm-bindgen glue returns the running module's
 *   exports when called again, so `(await import('./event_lens.js')).default()` in the page gives
 *   `memory.buffer.byteLength` (checked: the same object twice, and event_lens_bg.wasm fetched
 *   once); wasm memory never shrinks, so it is a high-water mark;
 * - the page's JS heap (CDP Runtime.getHeapUsage, used bytes after the collection) and, from
 *   Performance.getMetrics, DOM nodes and event listeners;
 * - wasm-bindgen's externref table (`__wbindgen_externrefs`, every JS object Rust holds): its
 *   length (it grows, never shrinks, and its backing store is JS heap) and its live slots, the
 *   direct count of what Rust keeps alive;
 * - the layout workers alive (`page.workers()`) and their wasm memory.
 */
async function measureMemory(context, appUrl) {
  const started = performance.now();
  const folder = await mkdtemp(join(tmpdir(), 'event-lens-memory-'));
  const text = JSON.stringify(generateExport({ events: MEMORY.events, relations: MEMORY.events * 3, seed: 7 }));
  // Two names for one file, taken in turn, so the page shows when each load has finished.
  const files = [join(folder, 'memory-a.json'), join(folder, 'memory-b.json')];
  await writeFile(files[0], text);
  await link(files[0], files[1]);
  const bytes = Buffer.byteLength(text);
  const generatedMs = performance.now() - started;

  const timeout = 300000;
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  let mainModuleFetches = 0;
  // Loads that replaced large data and were checked in a worker first (src/ui/loader/check.rs).
  let checkedLoads = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/event_lens_bg.wasm')) mainModuleFetches += 1;
    if (request.url().endsWith('/load-check-worker.js')) checkedLoads += 1;
  });
  await page.goto(`${appUrl}#/`);
  // The benchmark must not hold on to the page's objects itself. Waits are polled in the page
  // and their handles disposed: a kept ElementHandle (what page.waitForSelector returns) keeps
  // its element, and with it a whole unmounted page, alive (first version of this part: 1,750
  // DOM nodes "leaked" per graph visit). Links are followed with the element's own click() in
  // the page: Playwright's locator.click() runs in a utility world whose bookkeeping shares
  // the page's heap (measured: +0.4 KB of JS heap per click, with no navigation at all).
  const waitUntil = async (predicate, arg, options) => (await page.waitForFunction(predicate, arg, { timeout, ...options })).dispose();
  const follow = (selector) => page.evaluate((s) => {
    const link = document.querySelector(s);
    link.click();
    return link.textContent.replace(/[\u2066-\u2069]/g, '');
  }, selector);
  await waitUntil(() => document.querySelector('main h1'));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');

  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const wasm = await page.evaluate(async () => {
      const glue = await import(new URL('event_lens.js', document.baseURI).href);
      const exports = await glue.default();
      const table = exports.__wbindgen_externrefs;
      let live = 0;
      for (let i = 0; table && i < table.length; i++) if (table.get(i) != null) live += 1;
      const layout = window.eventLens.layout();
      return {
        bytes: exports.memory.buffer.byteLength, sameExports: exports === (await glue.default()),
        externrefs: table ? table.length : null, liveExternrefs: table ? live : null,
        engine: layout.engine, ticks: layout.ticks,
      };
    });
    const workerWasm = [];
    for (const worker of page.workers()) {
      workerWasm.push(await worker.evaluate(() => (typeof wasm === 'object' && wasm?.memory ? wasm.memory.buffer.byteLength : 0)).catch(() => 0));
    }
    return {
      wasmBytes: wasm.bytes,
      jsHeapBytes: heap.usedSize,
      jsHeapTotalBytes: heap.totalSize,
      domNodes: metrics.Nodes,
      listeners: metrics.JSEventListeners,
      externrefTable: wasm.externrefs,
      liveExternrefs: wasm.liveExternrefs,
      workers: workerWasm.length,
      workerWasmBytes: workerWasm.reduce((sum, value) => sum + value, 0),
      layoutEngine: wasm.engine,
      layoutTicks: wasm.ticks,
      sameExports: wasm.sameExports,
    };
  };

  const title = `Generated theater: ${MEMORY.events} events`;
  const toIndex = async () => {
    await follow('nav[aria-label="Views"] a[href="#/"]');
    await waitUntil((t) => document.querySelector('main h1')?.textContent === t, title);
  };
  /** index (already shown) → the newest event's page → the graph, laid out. */
  const eventThenGraph = async () => {
    const eventTitle = await follow('main table a[href^="#/event/"]');
    await waitUntil((t) => document.querySelector('main h1')?.textContent.replace(/[\u2066-\u2069]/g, '') === t, eventTitle);
    await follow('nav[aria-label="Views"] a[href="#/graph"]');
    await waitUntil(() => document.querySelector('.graph-stage canvas') && document.querySelector('.layout-status')?.textContent === 'Layout settled', null, { polling: 100 });
  };

  const afterLoad = [];
  for (let round = 1; round <= MEMORY.loads; round++) {
    const at = performance.now();
    // Opened from the index: a file opened while the graph is shown is, in this build, shown
    // in a graph that is never laid out (the graph view remounts with the new data before the
    // app goes to the index, and saves its unsettled starting positions as the new data's), so
    // the rounds would skip the layout and its worker.
    if (round > 1) await toIndex();
    const file = files[round % 2];
    await page.setInputFiles('label.open-file input[type=file]', file);
    const name = file.slice(folder.length + 1);
    // (Bidi isolation marks, U+2066–U+2069, surround the name.)
    await waitUntil((n) => document.querySelector('main')?.textContent.replace(/[\u2066-\u2069]/g, '').includes(`· from ${n}`), name, { polling: 100 });
    await waitUntil((t) => document.querySelector('main h1')?.textContent === t, title);
    const loadedMs = performance.now() - at;
    await eventThenGraph();
    afterLoad.push({ round, loadMs: Math.round(loadedMs), roundMs: Math.round(performance.now() - at), ...await sample() });
  }
  const afterSwitch = [];
  for (let round = 1; round <= MEMORY.switches; round++) {
    const at = performance.now();
    await toIndex();
    await eventThenGraph();
    afterSwitch.push({ round, roundMs: Math.round(performance.now() - at), ...await sample() });
  }
  await cdp.detach();
  await page.close();
  await rm(folder, { recursive: true, force: true });
  if (errors.length) throw new Error(`memory: the page reported errors: ${errors.join('; ')}`);

  const ratio = (rows, key) => (rows.length ? round(rows.at(-1)[key] / rows[0][key], 3) : null);
  const ratios = (rows) => ({ wasm: ratio(rows, 'wasmBytes'), jsHeap: ratio(rows, 'jsHeapBytes') });
  const all = [...afterLoad, ...afterSwitch];
  const within = (value) => value !== null && value <= 1 + FLAT_WITHIN;
  const flat = (r) => ({ wasm: within(r.wasm), jsHeap: within(r.jsHeap) });
  const ratio_ = {
    // Last sample over first: after the last switch over after the first load.
    overall: ratios(all),
    loads: ratios(afterLoad),
    switches: ratios(afterSwitch),
  };
  return {
    events: MEMORY.events, megabytes: round(bytes / 1e6, 1), loads: MEMORY.loads, switches: MEMORY.switches,
    flatWithin: FLAT_WITHIN,
    // The glue gave the running module's exports (the same object on every call) and the page
    // fetched the main module once: the wasm figures are the app's own memory.
    glueReturnsRunningModule: all.every((row) => row.sameExports) && mainModuleFetches === 1,
    checkedLoads,
    ratio: ratio_,
    flat: flat(ratio_.overall),
    // Every load round laid its graph out (in the worker), as a user's would be.
    everyLoadLaidOut: afterLoad.every((row) => row.layoutTicks > 0),
    generateMs: Math.round(generatedMs),
    totalMs: Math.round(performance.now() - started),
    afterLoad: afterLoad.map(({ sameExports, ...row }) => row),
    afterSwitch: afterSwitch.map(({ sameExports, ...row }) => row),
  };
}

async function main() {
  // What only scripts/bench.sh builds (bench/dist/) is read only by the parts that need it.
  const needsBenchDist = runs('layout') || runs('loading') || runs('rendering');
  const manifest = needsBenchDist ? JSON.parse(await readFile(join(BENCH_DIST, 'data', 'manifest.json'), 'utf8')) : { layout: [], load: [] };
  const benchServer = runs('layout') || runs('loading') ? await startServer({ root: BENCH_DIST }) : null;
  // The app serves the benchmark graphs itself, so it loads them as a user's ?data= would.
  const dataRoutes = {};
  for (const entry of runs('rendering') ? manifest.layout : []) {
    const body = await readFile(join(BENCH_DIST, 'data', entry.file));
    dataRoutes[`/bench-data/${entry.file}`] = (request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      response.end(body);
    };
  }
  const appServer = await startServer({ root: join(ROOT, 'dist'), extraRoutes: dataRoutes });
  const profile = await mkdtemp(join(tmpdir(), 'event-lens-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: FLAGS,
  });
  const browserVersion = context.browser()?.version() ?? (await context.newPage()).context().browser()?.version();
  const page = await context.newPage();
  page.on('pageerror', (error) => { throw error; });
  if (benchServer) {
    await page.goto(benchServer.url);
    await page.waitForFunction(() => window.benchReady === true);
  }

  const layout = [];
  for (const entry of runs('layout') ? manifest.layout : []) {
    const graph = await graphOf(entry.file);
    const runs = { ours: [], d3: [], fjadra: [] };
    for (let r = 0; r < rounds; r++) {
      const order = ['ours', 'd3', 'fjadra'];
      for (let k = 0; k < r % 3; k++) order.push(order.shift());
      for (const engine of order) {
        runs[engine].push(await page.evaluate(([e, n, edges, budget]) => window.runLayout(e, n, edges, budget), [engine, graph.nodes, graph.edges, budgetMs]));
      }
    }
    const summary = Object.fromEntries(Object.entries(runs).map(([engine, results]) => [engine, {
      msPerTick: round(median(results.map((x) => x.msPerTick)), 3),
      settleMs: round(median(results.map((x) => x.settleMs)), 0),
      settled: results.every((x) => x.settled),
      ticks: median(results.map((x) => x.ticks)),
      quality: round(median(results.map((x) => x.quality)), 4),
    }]));
    layout.push({ events: graph.nodes, relations: graph.edges.length / 2, ...summary });
  }

  const loading = [];
  for (const entry of runs('loading') ? manifest.load : []) {
    const results = [];
    // One untimed run first, for both: the first load grows the wasm memory and the first
    // JSON.parse grows V8's young generation, and how far earlier parts of the run had grown
    // them changed JSON.parse's time for 10 MB between 6 and 14 ms.
    await page.evaluate((url) => window.runLoad(url), `data/${entry.file}`);
    for (let r = 0; r < rounds; r++) results.push(await page.evaluate((url) => window.runLoad(url), `data/${entry.file}`));
    loading.push({
      megabytes: round(results[0].bytes / 1e6, 1),
      jsonParseMs: round(median(results.map((x) => x.jsonParseMs)), 1),
      oursMs: round(median(results.map((x) => x.oursMs)), 1),
      wasmMemoryMB: round(Math.max(...results.map((x) => x.wasmMemoryBytes)) / 1e6, 1),
      jsHeapMB: round(Math.max(...results.map((x) => x.jsHeapBytes ?? 0)) / 1e6, 1),
    });
  }

  const rendering = [];
  for (const entry of runs('rendering') ? manifest.layout : []) {
    const app = await context.newPage();
    await app.setViewportSize({ width: 1280, height: 900 });
    await app.addInitScript(installBenchHelpers);
    await app.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push([e.startTime, e.duration])))
        .observe({ type: 'longtask', buffered: true });
    });
    // The data is loaded on the index first; the graph route is entered as a click on
    // "Graph" would, and everything from then to "Layout settled" counts: building the view,
    // the first pictures, the layout.
    const timeout = Math.max(budgetMs * 3, 60000);
    await app.goto(`${appServer.url}?data=/bench-data/${entry.file}#/`);
    await app.waitForFunction(() => document.querySelectorAll('main a[href^="#/event/"]').length > 0, null, { timeout });
    await app.waitForTimeout(300);
    const enteredAt = await app.evaluate(() => { const now = performance.now(); location.hash = '#/graph'; return now; });
    // Watched through the status line: layout() itself is a long task on a large graph.
    await app.waitForSelector('.graph-stage canvas', { timeout });
    await app.waitForFunction(() => document.querySelector('.layout-status')?.textContent === 'Layout settled', null, { timeout, polling: 100 });
    const settledAt = await app.evaluate(() => performance.now());
    const during = (await app.evaluate(() => window.__longTasks)).filter(([start]) => start >= enteredAt && start < settledAt);
    const responsiveness = {
      layoutMs: settledAt - enteredAt,
      longTasksDuringLayout: during.length,
      longestTaskDuringLayoutMs: Math.max(0, ...during.map(([, duration]) => duration)),
    };
    const engine = await app.evaluate(() => window.eventLens.layout().engine);
    const frames = await app.evaluate(measureRendering);
    const reading = await measureReading(app);
    rendering.push({ events: (await app.evaluate(() => window.eventLens.layout().nodes.length)), engine, ...responsiveness, ...frames, reading });
    await app.close();
  }

  // The initial download is what the browser fetches to show the sample's event page, without
  // the data: measured from the requests, so a file the app starts to need counts at once.
  const firstView = [];
  const initialFiles = new Set();
  for (let r = 0; r < (runs('size') ? Math.max(rounds, 3) : 0); r++) {
    const app = await context.newPage();
    app.on('request', (request) => {
      const file = request.url().startsWith(appServer.url) && new URL(request.url()).pathname.slice(1);
      if (file !== false) initialFiles.add(file === '' ? 'index.html' : file);
    });
    await app.goto(`${appServer.url}#/event/us-iran-backchannel-agreement`);
    firstView.push(await app.waitForFunction(() => document.querySelector('main h1')?.textContent.startsWith('US and Iran') && performance.now(), null, { polling: 'raf' }).then((h) => h.jsonValue()));
    await app.close();
  }

  initialFiles.delete('sample.json');
  const size = runs('size') ? await sizeOf([...initialFiles].sort()) : null;
  // Loaded when first used: the graph view's and the exports' modules, the layout worker.
  const onDemand = runs('size') ? await sizeOf((await readdir(join(ROOT, 'dist')))
    .filter((file) => /^(split|chunk)_\w+\.wasm$|^layout[-_]worker\.(js|wasm)$/.test(file)).sort()) : null;

  const memory = runs('memory') ? await measureMemory(context, appServer.url) : null;
  await context.close();
  benchServer?.server.close();
  appServer.server.close();
  await rm(profile, { recursive: true, force: true });

  const report = {
    date: new Date().toISOString(), smoke, rounds, budgetMs,
    machine: `${(await import('node:os')).cpus().length} cores, ${Math.round((await import('node:os')).totalmem() / 2 ** 30)} GiB`,
    browser: `Chromium ${browserVersion ?? ''} headless, software rendering`,
    layout, loading, rendering,
    eventPageVisibleMs: firstView.length ? round(median(firstView), 0) : null,
    initialDownload: size,
    onDemand,
    memory,
  };
  await writeFile(out, JSON.stringify(report, null, 2) + '\n');

  const ratio = (a, b) => (a && b ? `${(b / a).toFixed(1)}x` : 'n/a');
  if (layout.length) console.log(`\nLayout (median of ${rounds} interleaved rounds; ms per tick over ticks 10-60; quality = mean edge length / mean random-pair distance, lower is tighter)`);
  if (layout.length) console.log('events | ours ms/tick | d3 ms/tick | fjadra ms/tick | d3/ours | fjadra/ours | ours settle ms | d3 settle ms | d3/ours settle | quality ours / d3 / fjadra');
  for (const row of layout) {
    const settle = (e) => `${row[e].settleMs}${row[e].settled ? '' : ' (not settled)'}`;
    console.log(`${row.events} | ${row.ours.msPerTick} | ${row.d3.msPerTick} | ${row.fjadra.msPerTick} | ${ratio(row.ours.msPerTick, row.d3.msPerTick)} | ${ratio(row.ours.msPerTick, row.fjadra.msPerTick)} | ${settle('ours')} | ${settle('d3')} | ${ratio(row.ours.settleMs, row.d3.settleMs)} | ${row.ours.quality} / ${row.d3.quality} / ${row.fjadra.quality}`);
  }
  if (loading.length) console.log('\nLoading (parse + validate + index + graph, vs JSON.parse of the same text)');
  for (const row of loading) {
    console.log(`${row.megabytes} MB | ours ${row.oursMs} ms | JSON.parse ${row.jsonParseMs} ms | throughput ours/JSON.parse ${(row.jsonParseMs / row.oursMs).toFixed(2)} | wasm memory ${row.wasmMemoryMB} MB | JS heap ${row.jsHeapMB} MB`);
  }
  if (rendering.length) console.log('\nRendering (ms per frame incl. rasterising; plain reference strokes every edge and fills every node)');
  for (const row of rendering) {
    console.log(`${row.events} events, ${row.relations} relations | ours ${row.oursFrameMs.toFixed(1)} | plain ${row.plainFrameMs.toFixed(1)} | plain/ours ${(row.plainFrameMs / row.oursFrameMs).toFixed(2)} | during zoom: ours ${row.oursZoomFrameMs.toFixed(1)}, plain ${row.plainZoomFrameMs.toFixed(1)}, plain/ours ${(row.plainZoomFrameMs / row.oursZoomFrameMs).toFixed(2)} | ours records a frame in ${row.oursRecordMs.toFixed(1)}`);
  }
  if (rendering.length) console.log('\nReading mode zoomed in (an event framed with its cards; frames during a small zoom, vs the plain reference at the same view)');
  for (const { events, reading: row } of rendering) {
    if (!row) { console.log(`${events} events | no event could be selected`); continue; }
    console.log(`${events} events | ${row.relations} relations, ${row.cards} cards (${row.cardsLeftOut} left out), scale ${row.scale.toFixed(2)} | ours ${row.oursFrameMs.toFixed(1)} ms | plain ${row.plainFrameMs.toFixed(1)} ms | plain/ours ${(row.plainFrameMs / row.oursFrameMs).toFixed(2)} | ours records a frame in ${row.oursRecordMs.toFixed(1)} | ${row.reducedPictures} of 12 at half resolution; the full picture at rest ${row.restRecordMs.toFixed(1)} ms${row.fullAtRest ? '' : ' (NOT repainted in full at rest)'}`);
  }
  if (rendering.length) console.log('\nResponsiveness opening the graph (main-thread tasks over 50 ms, from entering the graph route with the data loaded to "Layout settled")');
  for (const row of rendering) {
    console.log(`${row.events} events | layout in the ${row.engine} | settled after ${row.layoutMs.toFixed(0)} ms | ${row.longTasksDuringLayout} long tasks, longest ${row.longestTaskDuringLayoutMs.toFixed(0)} ms`);
  }
  if (size) {
    console.log(`\nInitial download (${Object.keys(size.files).join(', ')}): ${size.raw} B raw, ${size.gzip} B gzip, ${size.brotli} B brotli; event page visible ${report.eventPageVisibleMs} ms after navigation`);
    for (const [file, sizes] of Object.entries(onDemand.files)) {
      console.log(`  loaded when first used: ${file} ${sizes.raw} B raw, ${sizes.gzip} B gzip`);
    }
  }
  if (memory) {
    const mb = (value) => (value / 1e6).toFixed(1);
    const line = (label, row) => console.log(`${label} ${row.round} | wasm ${mb(row.wasmBytes)} MB | JS heap ${mb(row.jsHeapBytes)} MB | DOM nodes ${row.domNodes} | listeners ${row.listeners} | externrefs ${row.liveExternrefs} live of ${row.externrefTable} | workers ${row.workers} (wasm ${mb(row.workerWasmBytes)} MB) | layout ${row.layoutTicks} ticks | ${(row.roundMs / 1000).toFixed(1)} s`);
    console.log(`\nMemory (${memory.events} events, ${memory.megabytes} MB, opened ${memory.loads} times with the file picker, then ${memory.switches} rounds of index → event page → graph; sampled on the settled graph after a collection)`);
    memory.afterLoad.forEach((row) => line('load', row));
    memory.afterSwitch.forEach((row, i) => (i === 0 || (i + 1) % 10 === 0 || i === memory.afterSwitch.length - 1) && line('switch', row));
    const verdict = (value) => `${value}${value <= 1 + memory.flatWithin ? ' (within 10%)' : ` (grows more than ${memory.flatWithin * 100}%)`}`;
    const { ratio } = memory;
    console.log(`last / first: wasm ${verdict(ratio.overall.wasm)}, JS heap ${verdict(ratio.overall.jsHeap)} (over the loads: wasm ${ratio.loads.wasm}, JS heap ${ratio.loads.jsHeap}; over the switches: wasm ${ratio.switches.wasm}, JS heap ${ratio.switches.jsHeap})`);
    if (!memory.glueReturnsRunningModule) console.log('warning: the glue did not return the running module (the wasm figures are not the app\'s)');
    if (!memory.everyLoadLaidOut) console.log('warning: a load round showed a graph that was not laid out');
    console.log(`loads checked in a worker before the data on screen was let go: ${memory.checkedLoads} of ${memory.loads} (the first replaces the small sample)`);
    console.log(`memory part: ${(memory.totalMs / 1000).toFixed(0)} s (generating the export ${(memory.generateMs / 1000).toFixed(1)} s)`);
  }
  console.log(`\nwritten to ${out}`);
  // A plain closing line the CI log reader understands.
  console.log(`bench: ${layout.length + loading.length + rendering.length + (size ? 1 : 0) + (memory ? 1 : 0)} passed, 0 failed`);
}

await main();
