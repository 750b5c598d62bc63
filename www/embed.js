// Event Lens for host pages, without an iframe.
//
//   import { mount } from './embed.js';
//   const lens = await mount(element, { src: 'export.json', route: '#/graph' });
//   lens.on('select', (selection) => …);   // {type: 'event', id} | {type: 'relation', source, target} | null
//   lens.show('#/event/some-id'); lens.select('some-id'); lens.load(dataObjectOrJsonText);
//   lens.layout();                          // {nodes: [{id, x, y, radius}], edges: [...]} relative to the graph
//   lens.destroy();
//
// or, in HTML:  <script type="module" src=".../embed.js"></script>
//               <event-lens src="export.json" route="#/graph" style="height: 600px"></event-lens>
//
// Each instance lives in its own shadow root, so the host's CSS does not reach in and ours does
// not leak out; instances keep their own view and never change the host page's URL. The host
// page's Content-Security-Policy must allow 'wasm-unsafe-eval' for scripts (and blob: workers,
// when this file comes from another origin, for the layout to run off the main thread).
import init, { mount_instance, use_layout_worker } from './event_lens.js';
import { provide } from './__wasm_split.js';

let ready;
function start() {
  ready ??= init({ module_or_path: new URL('event_lens_bg.wasm', import.meta.url) })
    // The parts loaded on demand (graph view, exports) come from next to this file.
    .then((exports) => provide(exports))
    .then(layoutWorker)
    .then(([url, module]) => use_layout_worker(url, module));
  return ready;
}

/**
 * Where graphs are laid out. A worker script must come from the page's own origin, so when this
 * file is served from elsewhere (a CDN, the Event Lens host) the worker's script and module are
 * fetched and the worker started from a blob. If that fails (or the host page's CSP forbids blob
 * workers), layouts run on the main thread.
 */
async function layoutWorker() {
  const script = new URL('layout-worker.js', import.meta.url);
  if (script.origin === location.origin) return [script.href, undefined];
  try {
    const [text, module] = await Promise.all([
      fetch(script).then((response) => (response.ok ? response.text() : Promise.reject(response.status))),
      fetch(new URL('layout_worker.wasm', import.meta.url))
        .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(response.status))),
    ]);
    return [URL.createObjectURL(new Blob([text], { type: 'text/javascript' })), new Uint8Array(module)];
  } catch {
    return [script.href, undefined];
  }
}

/** Mounts Event Lens in `element`; resolves to a handle. Options: `data` | `src`, `route`. */
export async function mount(element, options = {}) {
  await start();
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  root.replaceChildren();
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = new URL('style.css', import.meta.url).href;
  const container = document.createElement('div');
  container.className = 'event-lens-host';
  root.append(style, container);
  const settings = { route: options.route ?? '#/' };
  if (options.data !== undefined) settings.data = options.data;
  if (options.src) settings.src = new URL(options.src, document.baseURI).href;
  const handle = mount_instance(container, settings);
  return {
    load: (data) => handle.load(data),
    loadUrl: (url) => handle.loadUrl(new URL(url, document.baseURI).href),
    show: (route) => handle.show(route),
    select: (eventId) => handle.select(eventId),
    on: (name, callback) => handle.on(name, callback),
    layout: () => handle.layout(),
    destroy: () => {
      handle.destroy();
      handle.free();
      root.replaceChildren();
    },
  };
}

/** `<event-lens src="…" route="…">`: the same, declaratively. */
class EventLensElement extends HTMLElement {
  static observedAttributes = ['src', 'route'];

  async connectedCallback() {
    this.lens = await mount(this, { src: this.getAttribute('src'), route: this.getAttribute('route') ?? '#/' });
    this.dispatchEvent(new CustomEvent('ready', { detail: this.lens }));
  }

  disconnectedCallback() {
    this.lens?.destroy();
    this.lens = null;
  }

  attributeChangedCallback(name, previous, value) {
    if (!this.lens || previous === value || value === null) return;
    if (name === 'route') this.lens.show(value);
    if (name === 'src') this.lens.loadUrl(value);
  }
}

if (!customElements.get('event-lens')) customElements.define('event-lens', EventLensElement);
