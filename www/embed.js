// Event Lens for host pages, without an iframe.
//
//   import { mount } from './embed.js';
//   const lens = await mount(element, { src: 'export.json', route: '#/graph' });
//   lens.on('select', (selection) => …);   // {type: 'event', id} | {type: 'relation', source, target} | null
//   lens.show('#/event/some-id'); lens.select('some-id');
//   await lens.load(dataObjectOrJsonText);   // rejects with the widget's message if it cannot load
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
import init, { mount_instance, use_layout_worker, use_load_checker } from './event_lens.js';
import { provide } from './__wasm_split.js';

let ready;
function start() {
  ready ??= init({ module_or_path: new URL('event_lens_bg.wasm', import.meta.url) })
    // The parts loaded on demand (graph view, exports) come from next to this file.
    .then((exports) => provide(exports))
    .then(() => Promise.all([
      workerSource('layout-worker.js', 'layout_worker.wasm'),
      checkWorkerSource(),
    ]))
    .then(([layout, check]) => {
      use_layout_worker(...layout);
      use_load_checker(...check);
    });
  return ready;
}

/**
 * Where graphs are laid out. A worker script must come from the page's own origin, so when this
 * file is served from elsewhere (a CDN, the Event Lens host) the worker's script and module are
 * fetched and the worker started from a blob. If that fails (or the host page's CSP forbids blob
 * workers), layouts run on the main thread.
 */
async function workerSource(scriptName, moduleName) {
  const script = new URL(scriptName, import.meta.url);
  if (script.origin === location.origin) return [script.href, undefined];
  try {
    const [text, module] = await Promise.all([
      fetch(script).then((response) => (response.ok ? response.text() : Promise.reject(response.status))),
      fetch(new URL(moduleName, import.meta.url))
        .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(response.status))),
    ]);
    return [URL.createObjectURL(new Blob([text], { type: 'text/javascript' })), new Uint8Array(module)];
  } catch {
    return [script.href, undefined];
  }
}

/**
 * The load check's worker (used rarely: only when large data on screen is replaced), fetched
 * only when used. From another origin it starts from a blob that imports the script and tells
 * it where its module is.
 */
function checkWorkerSource() {
  const script = new URL('load-check-worker.js', import.meta.url);
  if (script.origin === location.origin) return [script.href, undefined];
  const module = new URL('load_check.wasm', import.meta.url);
  const text = `self.checkModuleUrl = ${JSON.stringify(module.href)};\nimportScripts(${JSON.stringify(script.href)});\n`;
  return [URL.createObjectURL(new Blob([text], { type: 'text/javascript' })), undefined];
}

/**
 * Mounts Event Lens in `element`; resolves to a handle. Options: `data` | `src`, `route` (own
 * properties only). Rejects, with the reason, when `element` is no element or an option has the
 * wrong type. Every method of the handle either works or reports a clear error: `load` and
 * `loadUrl` return promises that reject with the message the widget shows; the others throw an
 * `Error` for a wrong argument, and every method but `destroy` (which may be called twice) for
 * use after `destroy`.
 */
export async function mount(element, options = {}) {
  await start();
  if (!(element instanceof Element)) throw new TypeError('mount() needs an element to show Event Lens in');
  const own = (key) => (options !== null && typeof options === 'object' && Object.hasOwn(options, key) ? options[key] : undefined);
  const settings = { route: own('route') ?? '#/' };
  if (own('data') !== undefined) settings.data = own('data');
  const src = own('src');
  if (src !== undefined && src !== null) {
    if (typeof src !== 'string') throw new TypeError('the option "src" must be a string');
    if (src) settings.src = new URL(src, document.baseURI).href;
  }
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  root.replaceChildren();
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = new URL('style.css', import.meta.url).href;
  const container = document.createElement('div');
  container.className = 'event-lens-host';
  root.append(style, container);
  let handle;
  try {
    handle = mount_instance(container, settings);
  } catch (error) {
    root.replaceChildren();
    throw error;
  }
  let destroyed = false;
  const destroyedError = () => new Error('this Event Lens instance was destroyed');
  /** Calls the handle unless it is gone (its memory is freed by destroy). */
  const call = (method, ...args) => {
    if (destroyed) throw destroyedError();
    return handle[method](...args);
  };
  const later = (method, ...args) => (destroyed ? Promise.reject(destroyedError()) : handle[method](...args));
  return {
    load: (data) => later('load', data),
    loadUrl: (url) => {
      if (typeof url !== 'string') return Promise.reject(new TypeError("loadUrl() takes the data's address as a string"));
      return later('loadUrl', new URL(url, document.baseURI).href);
    },
    show: (route) => call('show', route),
    select: (eventId) => call('select', eventId),
    on: (name, callback) => call('on', name, callback),
    layout: () => call('layout'),
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
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
    // The widget's alert shows a failed load; the element has no caller to reject to.
    if (name === 'src') this.lens.loadUrl(value).catch(() => {});
  }
}

if (!customElements.get('event-lens')) customElements.define('event-lens', EventLensElement);
