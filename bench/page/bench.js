// Runs one measurement at a time for bench/run.mjs, which decides the order (interleaved
// rounds on the same graphs). Every engine gets d3-force's defaults: many-body −30 with
// Barnes–Hut θ 0.9, link distance 30 with d3's strength and bias, centring, alpha decay 0.0228.
import init, { ExportBytes, d3DefaultLayout, loadExport } from './event_lens_bench.js';
import initSpeed, { FjadraLayout } from './event_lens_bench_speed.js';

const wasm = await init({ module_or_path: new URL('event_lens_bench_bg.wasm', import.meta.url) });
await initSpeed({ module_or_path: new URL('event_lens_bench_speed_bg.wasm', import.meta.url) });
// Our layout is the shipped layout worker's module, called as the worker calls it.
const layoutModule = (await WebAssembly.instantiateStreaming(fetch('layout_worker.wasm'))).instance.exports;

/** Event Lens's layout (dist/layout_worker.wasm) with d3-force's default forces. */
class OursLayout {
  constructor(nodeCount, edges) {
    const module = (this.module = layoutModule);
    this.nodeCount = nodeCount;
    const layout = d3DefaultLayout(1);
    module.prepare(nodeCount, edges.length / 2, layout.length);
    new Uint32Array(module.memory.buffer, module.links_buffer(), edges.length).set(edges);
    new Float64Array(module.memory.buffer, module.layout_buffer(), layout.length).set(layout);
    if (!module.create()) throw new Error('the layout worker did not read the layout description');
  }
  tick() { this.module.tick(1); }
  isFinished() { return this.module.is_finished() === 1; }
  positions() {
    this.module.write_positions();
    return Array.from(new Float64Array(this.module.memory.buffer, this.module.positions_buffer(), 2 * this.nodeCount));
  }
  free() {}
}

/** A d3-force simulation behind the same small interface as the wasm engines. */
class D3Layout {
  constructor(nodeCount, edges) {
    this.nodes = Array.from({ length: nodeCount }, () => ({}));
    const links = [];
    for (let i = 0; i < edges.length; i += 2) links.push({ source: edges[i], target: edges[i + 1] });
    this.simulation = d3.forceSimulation(this.nodes)
      .force('link', d3.forceLink(links))
      .force('charge', d3.forceManyBody())
      .force('center', d3.forceCenter())
      .stop();
  }
  tick() { this.simulation.tick(); }
  isFinished() { return this.simulation.alpha() < this.simulation.alphaMin(); }
  positions() { return this.nodes.flatMap((n) => [n.x, n.y]); }
  free() {}
}

const ENGINES = {
  ours: (n, edges) => new OursLayout(n, edges),
  d3: (n, edges) => new D3Layout(n, edges),
  fjadra: (n, edges) => new FjadraLayout(n, edges),
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Mean edge length over mean distance of seeded random pairs: lower is a tighter layout. */
function quality(positions, edges) {
  const distance = (a, b) => Math.hypot(positions[2 * a] - positions[2 * b], positions[2 * a + 1] - positions[2 * b + 1]);
  let edgeSum = 0;
  for (let i = 0; i < edges.length; i += 2) edgeSum += distance(edges[i], edges[i + 1]);
  const n = positions.length / 2;
  let seed = 12345;
  const random = () => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296;
  let pairSum = 0;
  const pairs = 2000;
  for (let i = 0; i < pairs; i++) pairSum += distance(Math.floor(random() * n), Math.floor(random() * n));
  return (edgeSum / (edges.length / 2)) / (pairSum / pairs);
}

/**
 * Lays out the graph with one engine: ms per tick (median of ticks 10–60), then ticks on until
 * settled or `budgetMs` has passed; reports total time and the layout quality at the end.
 */
window.runLayout = (engine, nodeCount, edgeArray, budgetMs) => {
  const edges = Uint32Array.from(edgeArray);
  const started = performance.now();
  const layout = ENGINES[engine](nodeCount, edges);
  const tickTimes = [];
  let ticks = 0;
  while (!layout.isFinished()) {
    const before = performance.now();
    layout.tick();
    tickTimes.push(performance.now() - before);
    ticks += 1;
    if (performance.now() - started > budgetMs) break;
  }
  const total = performance.now() - started;
  const result = {
    msPerTick: median(tickTimes.slice(10, 61)),
    ticks,
    settled: layout.isFinished(),
    settleMs: total,
    quality: quality(layout.positions(), edges),
  };
  layout.free();
  return result;
};

/**
 * Loads export bytes with Event Lens (parse, validate, index, graph) and with JSON.parse. Each
 * starts from a collected heap (the driver starts Chromium with --expose-gc): otherwise
 * JSON.parse's time depends on what earlier measurements left for the collector (6 to 17 ms for
 * the same 10 MB in one session).
 */
window.runLoad = async (url) => {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const collect = () => (globalThis.gc ? globalThis.gc() : undefined);
  collect();
  const t0 = performance.now();
  let parsed = JSON.parse(text);
  const t1 = performance.now();
  const expectedEvents = parsed.events.length;
  parsed = null;
  // Our loader starts, as in the app, from the bytes in its memory (copied in as they were read),
  // as JSON.parse starts from the decoded text.
  const input = new ExportBytes(bytes);
  collect();
  const t2 = performance.now();
  const loaded = loadExport(input);
  const t3 = performance.now();
  const events = loaded.events();
  loaded.free();
  input.free();
  if (events < expectedEvents) throw new Error('event counts differ');
  return {
    bytes: bytes.length,
    jsonParseMs: t1 - t0,
    oursMs: t3 - t2,
    wasmMemoryBytes: wasm.memory.buffer.byteLength,
    jsHeapBytes: performance.memory?.usedJSHeapSize ?? null,
  };
};

document.getElementById('status').textContent = 'ready';
window.benchReady = true;
