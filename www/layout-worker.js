// The layout worker: runs Event Lens's force simulation (layout_worker.wasm, built for speed from
// the same Rust layout engine as the app) off the page's main thread, so a large graph settles
// while the page keeps answering. A classic worker, for the widest browser support.
//
// Messages in (from src/ui/graph/worker.rs):
//   {type: 'start', layout: Float64Array (the forces and seed, encoded by the page's
//    LayoutSpec::encode; this script passes it on unread), links: Uint32Array,
//    radii: Float64Array, positions: Float64Array,
//    pins: Float64Array (index, x, y triples), alpha, alphaTarget, paused,
//    module?: Uint8Array (layout_worker.wasm itself, from a standalone file; else fetched)}
//   {type: 'pin', index, x, y}  {type: 'unpin', index}  {type: 'alpha', value}
//   {type: 'alphaTarget', value}  {type: 'pause', paused}  {type: 'ack'}
//   (each command may carry `sequence`, its number in the order the page sent them)
// Messages out:
//   {type: 'positions', positions: Float64Array (x, y pairs), alpha, ticks, sequence}
//   (`sequence`: the last command handled before these positions, so the page can tell a
//   report written before its latest reheat from one written after)
//   {type: 'failed', message}
//
// Back-pressure: after sending positions the worker waits for 'ack' (sent once the page has
// drawn them) before sending again, but keeps ticking meanwhile: the page always gets the newest
// positions and is never flooded.
'use strict';

/** Ticks run back to back before the worker looks at its messages again. */
const SLICE_MS = 12;

let wasm = null;
let nodeCount = 0;
let ticks = 0;
let paused = false;
let awaitingAck = false;
let unsent = false;
let scheduled = false;
let queue = Promise.resolve();
let sequence = 0;

const wakeUp = new MessageChannel();
wakeUp.port1.onmessage = run;

function schedule() {
  if (!scheduled) {
    scheduled = true;
    wakeUp.port2.postMessage(null);
  }
}

async function instantiate(module) {
  if (module) return (await WebAssembly.instantiate(module)).instance.exports;
  const url = new URL('layout_worker.wasm', self.location.href);
  try {
    return (await WebAssembly.instantiateStreaming(fetch(url))).instance.exports;
  } catch {
    // A server that does not send application/wasm: compile from the bytes instead.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`layout_worker.wasm: HTTP ${response.status}`);
    return (await WebAssembly.instantiate(await response.arrayBuffer())).instance.exports;
  }
}

function fill(array, pointer, values) {
  new array.constructor(wasm.memory.buffer, pointer, values.length).set(values);
}

function start(message) {
  nodeCount = message.radii.length;
  ticks = 0;
  wasm.prepare(nodeCount, message.links.length / 2, message.layout.length);
  fill(message.links, wasm.links_buffer(), message.links);
  fill(message.radii, wasm.radii_buffer(), message.radii);
  fill(message.positions, wasm.positions_buffer(), message.positions);
  // The forces and their settings, as numbers the module reads itself (LayoutSpec::encode).
  fill(message.layout, wasm.layout_buffer(), message.layout);
  if (!wasm.create()) throw new Error('the layout description is not one this module reads');
  for (let i = 0; i + 2 < message.pins.length; i += 3) {
    wasm.pin(message.pins[i], message.pins[i + 1], message.pins[i + 2]);
  }
  wasm.set_alpha(message.alpha);
  wasm.set_alpha_target(message.alphaTarget);
  paused = message.paused;
  unsent = true;
}

function handle(message) {
  if (typeof message.sequence === 'number') sequence = message.sequence;
  if (message.type === 'start') {
    start(message);
  } else if (!wasm || nodeCount === 0) {
    return;
  } else if (message.type === 'pin') {
    wasm.pin(message.index, message.x, message.y);
  } else if (message.type === 'unpin') {
    wasm.unpin(message.index);
  } else if (message.type === 'alpha') {
    wasm.set_alpha(message.value);
  } else if (message.type === 'alphaTarget') {
    wasm.set_alpha_target(message.value);
  } else if (message.type === 'pause') {
    paused = message.paused;
  } else if (message.type === 'ack') {
    awaitingAck = false;
  }
  send();
  if (!paused && !wasm.is_finished()) schedule();
}

function run() {
  scheduled = false;
  if (!wasm || paused || wasm.is_finished()) return;
  const started = performance.now();
  do {
    ticks += wasm.tick(1);
  } while (!wasm.is_finished() && performance.now() - started < SLICE_MS);
  unsent = true;
  send();
  if (!wasm.is_finished()) schedule();
}

function send() {
  if (awaitingAck || !unsent) return;
  wasm.write_positions();
  const positions = new Float64Array(wasm.memory.buffer, wasm.positions_buffer(), 2 * nodeCount).slice();
  self.postMessage({ type: 'positions', positions, alpha: wasm.alpha(), ticks, sequence }, [positions.buffer]);
  awaitingAck = true;
  unsent = false;
}

self.onmessage = (event) => {
  queue = queue
    .then(async () => {
      wasm ??= await instantiate(event.data.module);
      handle(event.data);
    })
    .catch((error) => {
      wasm = null;
      self.postMessage({ type: 'failed', message: String(error?.message ?? error) });
    });
};
