// Starts Event Lens: instantiates the wasm module (built by scripts/build.sh next to this file)
// and mounts the app. Kept in a file, not inline, so the page runs under a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval').
import init, { start, use_layout_worker, use_load_checker } from './event_lens.js';
import { provide } from './__wasm_split.js';

init()
  .then((exports) => {
    // The graph view and the exports are modules of their own, fetched next to this file when
    // first used; their loader joins them to the running module.
    provide(exports);
    use_layout_worker(new URL('layout-worker.js', import.meta.url).href);
    use_load_checker(new URL('load-check-worker.js', import.meta.url).href);
    start();
  })
  .catch((error) => {
    console.error(error);
    const message = document.createElement('div');
    message.setAttribute('role', 'alert');
    message.id = 'startup-error';
    message.textContent =
      'Event Lens could not start in this browser (WebAssembly failed to load): ' + error;
    document.body.append(message);
  });
