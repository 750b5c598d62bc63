// The load check: reads an export with Event Lens's own loader (load_check.wasm, the same Rust
// code as the page's) in this worker's memory, to tell the page whether it loads before the page
// lets go of the data it shows. Why: see crates/load-check. One check per worker; the page ends
// the worker once it has the verdict, and the worker's memory goes with it.
//
// Message in (from src/ui/load_check.rs):
//   {bytes: Uint8Array (the export, transferred), name: string (its file name, which may say
//    its format), module?: Uint8Array (load_check.wasm itself, when it cannot be fetched)}
// Messages out:
//   {type: 'progress', count, fraction}   (elements read, and how far through the text)
//   {type: 'verdict', ok: true} | {type: 'verdict', ok: false, message}   (why it does not load)
//   {type: 'failed', message}   (the check itself could not run: the page loads as before)
'use strict';

/** How long the worker reads between progress reports. */
const SLICE_MS = 40;

async function instantiate(module) {
  if (module) return (await WebAssembly.instantiate(module)).instance.exports;
  // Beside this script, or where embed.js says when it started this worker from a blob.
  const url = new URL(self.checkModuleUrl ?? 'load_check.wasm', self.location.href);
  try {
    return (await WebAssembly.instantiateStreaming(fetch(url))).instance.exports;
  } catch {
    // A server that does not send application/wasm: compile from the bytes instead.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`load_check.wasm: HTTP ${response.status}`);
    return (await WebAssembly.instantiate(await response.arrayBuffer())).instance.exports;
  }
}

function check(wasm, bytes, name) {
  // Each buffer is made before the memory is viewed: making it may grow (and so detach) it.
  const input = wasm.input_buffer(bytes.length);
  new Uint8Array(wasm.memory.buffer, input, bytes.length).set(bytes);
  const hint = new TextEncoder().encode(name);
  const hintAt = wasm.hint_buffer(hint.length);
  new Uint8Array(wasm.memory.buffer, hintAt, hint.length).set(hint);
  wasm.start();
  let last = performance.now();
  while (!wasm.step(4096)) {
    if (performance.now() - last > SLICE_MS) {
      self.postMessage({ type: 'progress', count: wasm.progress_count(), fraction: wasm.progress_fraction() });
      last = performance.now();
    }
  }
  if (wasm.finish()) return { type: 'verdict', ok: true };
  const message = new Uint8Array(wasm.memory.buffer, wasm.message_pointer(), wasm.message_length());
  return { type: 'verdict', ok: false, message: new TextDecoder().decode(message) };
}

self.onmessage = async (event) => {
  const { bytes, name, module } = event.data;
  let wasm;
  try {
    wasm = await instantiate(module);
  } catch (error) {
    self.postMessage({ type: 'failed', message: String(error?.message ?? error) });
    return;
  }
  // A trap while reading (out of memory) is no verdict on the file: the page then loads as
  // before, keeping both datasets for a moment.
  try {
    self.postMessage(check(wasm, bytes, name));
  } catch (error) {
    self.postMessage({ type: 'failed', message: String(error?.message ?? error) });
  }
};
