// The benchmark driver: one headless Chromium run, interleaved rounds, the same graphs for every
// engine. Prints a table of ratios and writes the numbers as JSON. Run it with scripts/bench.sh,
// which builds everything it needs first.
//
//   node bench/run.mjs [--smoke] [--rounds N] [--budget-ms N] [--out FILE] [--only layout|loading|rendering]
import { chromium } from 'playwright-core';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';

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
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const canvas = document.querySelector('.graph-stage canvas');
  const ownContext = canvas.getContext('2d');
  /** Times `change` (which asks for a frame) plus the frame it causes, flushed by a read-back. */
  const timeFrame = (change, context) => new Promise((resolve) => {
    let started = 0;
    requestAnimationFrame(() => { started = performance.now(); });
    change();
    requestAnimationFrame(() => {
      context.getImageData(0, 0, 1, 1);
      resolve(performance.now() - started);
    });
  });
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
  const reference = document.createElement('canvas');
  const dpr = window.devicePixelRatio;
  reference.width = canvas.width;
  reference.height = canvas.height;
  reference.style.cssText = `position:fixed;left:${box.left}px;top:${box.top}px;width:${box.width}px;height:${box.height}px;z-index:99;background:#fff`;
  document.body.append(reference);
  const context = reference.getContext('2d');
  const drawReference = (zoom) => {
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
  /** The reference draws in an animation frame, as an app would. */
  const referenceFrame = (zoom) => timeFrame(() => requestAnimationFrame(() => drawReference(zoom)), context);
  const plain = [];
  for (let i = 0; i < 10; i++) plain.push(await referenceFrame(i % 2 ? 1 : 1.25));
  const plainZoom = [];
  let zoom = 1;
  for (let i = 0; i < 12; i++) {
    zoom *= i < 6 ? 1.2 : 1 / 1.2;
    plainZoom.push(await referenceFrame(zoom));
  }
  reference.remove();
  return {
    relations: layout.edges.length,
    oursFrameMs: median(ours), plainFrameMs: median(plain),
    oursZoomFrameMs: median(oursZoom), plainZoomFrameMs: median(plainZoom),
    oursRecordMs: layout.drawMs,
  };
}

async function main() {
  const manifest = JSON.parse(await readFile(join(BENCH_DIST, 'data', 'manifest.json'), 'utf8'));
  const benchServer = await startServer({ root: BENCH_DIST });
  // The app serves the benchmark graphs itself, so it loads them as a user's ?data= would.
  const dataRoutes = {};
  for (const entry of manifest.layout) {
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
  await page.goto(benchServer.url);
  await page.waitForFunction(() => window.benchReady === true);

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
    await app.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push([e.startTime, e.duration])))
        .observe({ type: 'longtask', buffered: true });
    });
    await app.goto(`${appServer.url}?data=/bench-data/${entry.file}#/graph`);
    // Watched through the status line: layout() itself is a long task on a large graph.
    const timeout = Math.max(budgetMs * 3, 60000);
    await app.waitForSelector('.graph-stage canvas', { timeout });
    const mountedAt = await app.evaluate(() => performance.now());
    await app.waitForFunction(() => document.querySelector('.layout-status')?.textContent === 'Layout settled', null, { timeout, polling: 100 });
    const settledAt = await app.evaluate(() => performance.now());
    const during = (await app.evaluate(() => window.__longTasks)).filter(([start]) => start >= mountedAt && start < settledAt);
    const responsiveness = {
      layoutMs: settledAt - mountedAt,
      longTasksDuringLayout: during.length,
      longestTaskDuringLayoutMs: Math.max(0, ...during.map(([, duration]) => duration)),
    };
    const engine = await app.evaluate(() => window.eventLens.layout().engine);
    rendering.push({ events: (await app.evaluate(() => window.eventLens.layout().nodes.length)), engine, ...responsiveness, ...await app.evaluate(measureRendering) });
    await app.close();
  }

  // The initial download is what the browser fetches to show the sample's event page, without
  // the data: measured from the requests, so a file the app starts to need counts at once.
  const firstView = [];
  const initialFiles = new Set();
  for (let r = 0; r < Math.max(rounds, 3); r++) {
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
  const size = await sizeOf([...initialFiles].sort());
  // Loaded when first used: the graph view's and the exports' modules, the layout worker.
  const onDemand = await sizeOf((await readdir(join(ROOT, 'dist')))
    .filter((file) => /^(split|chunk)_\w+\.wasm$|^layout[-_]worker\.(js|wasm)$/.test(file)).sort());
  await context.close();
  benchServer.server.close();
  appServer.server.close();
  await rm(profile, { recursive: true, force: true });

  const report = {
    date: new Date().toISOString(), smoke, rounds, budgetMs,
    machine: `${(await import('node:os')).cpus().length} cores, ${Math.round((await import('node:os')).totalmem() / 2 ** 30)} GiB`,
    browser: `Chromium ${browserVersion ?? ''} headless, software rendering`,
    layout, loading, rendering,
    eventPageVisibleMs: round(median(firstView), 0),
    initialDownload: size,
    onDemand,
  };
  await writeFile(out, JSON.stringify(report, null, 2) + '\n');

  const ratio = (a, b) => (a && b ? `${(b / a).toFixed(1)}x` : 'n/a');
  console.log(`\nLayout (median of ${rounds} interleaved rounds; ms per tick over ticks 10-60; quality = mean edge length / mean random-pair distance, lower is tighter)`);
  console.log('events | ours ms/tick | d3 ms/tick | fjadra ms/tick | d3/ours | fjadra/ours | ours settle ms | d3 settle ms | d3/ours settle | quality ours / d3 / fjadra');
  for (const row of layout) {
    const settle = (e) => `${row[e].settleMs}${row[e].settled ? '' : ' (not settled)'}`;
    console.log(`${row.events} | ${row.ours.msPerTick} | ${row.d3.msPerTick} | ${row.fjadra.msPerTick} | ${ratio(row.ours.msPerTick, row.d3.msPerTick)} | ${ratio(row.ours.msPerTick, row.fjadra.msPerTick)} | ${settle('ours')} | ${settle('d3')} | ${ratio(row.ours.settleMs, row.d3.settleMs)} | ${row.ours.quality} / ${row.d3.quality} / ${row.fjadra.quality}`);
  }
  console.log('\nLoading (parse + validate + index + graph, vs JSON.parse of the same text)');
  for (const row of loading) {
    console.log(`${row.megabytes} MB | ours ${row.oursMs} ms | JSON.parse ${row.jsonParseMs} ms | throughput ours/JSON.parse ${(row.jsonParseMs / row.oursMs).toFixed(2)} | wasm memory ${row.wasmMemoryMB} MB | JS heap ${row.jsHeapMB} MB`);
  }
  console.log('\nRendering (ms per frame incl. rasterising; plain reference strokes every edge and fills every node)');
  for (const row of rendering) {
    console.log(`${row.events} events, ${row.relations} relations | ours ${row.oursFrameMs.toFixed(1)} | plain ${row.plainFrameMs.toFixed(1)} | plain/ours ${(row.plainFrameMs / row.oursFrameMs).toFixed(2)} | during zoom: ours ${row.oursZoomFrameMs.toFixed(1)}, plain ${row.plainZoomFrameMs.toFixed(1)}, plain/ours ${(row.plainZoomFrameMs / row.oursZoomFrameMs).toFixed(2)} | ours records a frame in ${row.oursRecordMs.toFixed(1)}`);
  }
  console.log('\nResponsiveness while the app lays the graph out (main-thread tasks over 50 ms, from the graph appearing to "Layout settled")');
  for (const row of rendering) {
    console.log(`${row.events} events | layout in the ${row.engine} | settled after ${row.layoutMs.toFixed(0)} ms | ${row.longTasksDuringLayout} long tasks, longest ${row.longestTaskDuringLayoutMs.toFixed(0)} ms`);
  }
  console.log(`\nInitial download (${Object.keys(size.files).join(', ')}): ${size.raw} B raw, ${size.gzip} B gzip, ${size.brotli} B brotli; event page visible ${report.eventPageVisibleMs} ms after navigation`);
  for (const [file, sizes] of Object.entries(onDemand.files)) {
    console.log(`  loaded when first used: ${file} ${sizes.raw} B raw, ${sizes.gzip} B gzip`);
  }
  console.log(`\nwritten to ${out}`);
  // A plain closing line the CI log reader understands.
  console.log(`bench: ${layout.length + loading.length + rendering.length} passed, 0 failed`);
}

await main();
