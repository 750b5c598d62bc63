// Rewrites the loader that wasm-split-cli writes for the app's on-demand modules
// (`__wasm_split.js`), so that every way of starting the app can feed it:
//
// - as written, it imports `initSync` from the wasm-bindgen glue to reach the running module, and
//   fetches each part next to itself. A standalone file has neither: its glue and this loader are
//   blob URLs (which cannot import each other by name, and are no base for relative URLs), and
//   its parts are inside the page.
// - rewritten, it exports `provide(exports, source)`: whoever starts the app hands it what
//   `init()` resolved to and, optionally, a function from a part's file name to its bytes (a
//   Response or its promise). boot.js, embed.js and the standalone page each call it.
//
// The patterns are checked: if a new wasm-split-cli writes something else, the build stops here
// rather than shipping a graph view that cannot load.
//
//   node scripts/split-loader.mjs <__wasm_split.js from wasm-split-cli> <output>
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
let text = readFileSync(input, 'utf8');

const mainImport = /^import \{ initSync \} from "\.\/event_lens\.js";$/m;
if (!mainImport.test(text)) {
  throw new Error(`${input}: no import of initSync from ./event_lens.js; wasm-split-cli changed?`);
}
text = text.replace(
  mainImport,
  `// Rewritten by scripts/split-loader.mjs: the running module and the parts' bytes are provided.
let mainExports;
// instantiateStreaming insists on the wasm MIME type, which not every static host sends.
const asWasm = (response) =>
  (response.headers.get('Content-Type') ?? '').startsWith('application/wasm')
    ? response
    : response.arrayBuffer().then((bytes) => new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } }));
let partSource = (file) =>
  fetch(new URL(file, import.meta.url)).then((response) =>
    response.ok ? asWasm(response) : Promise.reject(new Error(\`\${file}: \${response.status}\`)));
/**
 * \`exports\`: what the glue's \`init()\` resolved to. \`source\` (optional): a function from a
 * part's file name to its bytes as a Response (or a promise of one), for pages without a folder.
 */
export function provide(exports, source) {
  mainExports = exports;
  if (source) partSource = (file) => Promise.resolve(source(file)).then(asWasm);
}
const initSync = () => {
  if (mainExports === undefined) throw new Error('__wasm_split.js: provide() was not called');
  return mainExports;
};`,
);

const fetchPart = /fetch\(new URL\("\.\/([\w.-]+\.wasm)", import\.meta\.url\)\)/g;
const parts = [...text.matchAll(fetchPart)].map((match) => match[1]);
if (parts.length === 0) throw new Error(`${input}: no part is fetched; wasm-split-cli changed?`);
text = text.replace(fetchPart, (_, file) => `partSource(${JSON.stringify(file)})`);

writeFileSync(output, text);
console.error(`[split-loader] ${parts.length} on-demand part(s): ${parts.join(', ')}`);
