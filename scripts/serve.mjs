// A static file server for dist/ that sends the Content-Security-Policy Event Lens must work
// under. No dependencies: Node's http module is enough, and tests import startServer() so they
// run the same server on a free port.
//
//   node scripts/serve.mjs [--port 8080] [--root dist]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Longest request target served, in characters as sent; longer ones get 414 (no file has such a name). */
export const MAX_URL_LENGTH = 4096;

/** A request the server refuses, with the status it answers. */
class Refusal extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * The decoded path of a request target, or a Refusal:
 * - 414 for a target over MAX_URL_LENGTH;
 * - 400 for what is malformed: a target that is not a path (`*`, `http://host/…`: this server
 *   is no proxy), bad percent-encoding (`%E0%A4%A`, `%zz`, or bytes that are not UTF-8), and NUL
 *   (which no file name can hold, and which Node's fs would throw on);
 * - 404 for a `..` segment, written or percent-encoded (`%2e%2e`, `..%2f`, `..%5c`): such a path
 *   names nothing inside the root, so it is answered like any other file that is not there
 *   (which does not tell whether the file outside exists). `.` and empty segments are dropped,
 *   so `/a/./b` and `//b` are `/a/b` and `/b`. The caller checks the joined file is inside the
 *   root too.
 */
function requestPath(target) {
  if (typeof target !== 'string' || target.length > MAX_URL_LENGTH) throw new Refusal(414, 'URI too long');
  if (!target.startsWith('/')) throw new Refusal(400, 'Bad request target');
  let path = target.replace(/[?#].*$/s, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    throw new Refusal(400, 'Malformed percent-encoding');
  }
  if (path.includes('\0')) throw new Refusal(400, 'NUL in path');
  const segments = path.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw new Refusal(404, 'Not found');
  // A trailing slash is kept: a folder's extra route (if any) is keyed with it.
  return '/' + segments.join('/') + (segments.length && /[\\/]$/.test(path) ? '/' : '');
}

/** Serves `root` on 127.0.0.1:`port` (0 picks a free port); resolves to { server, url }. */
export function startServer({ root, port = 0, extraRoutes = {} } = {}) {
  const base = resolve(root);
  const serve = async (request, response) => {
    const path = requestPath(request.url);
    if (Object.hasOwn(extraRoutes, path)) {
      await extraRoutes[path](request, response);
      return;
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) throw new Refusal(404, 'Not found');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        // Public static files, meant to be embedded: other sites may load embed.js and its parts.
        'Access-Control-Allow-Origin': '*',
      });
      response.end(body);
    } catch {
      throw new Refusal(404, 'Not found');
    }
  };
  // Nothing thrown in a request (a refusal, a bug, an extra route that fails) leaves this
  // callback: a refusal is answered with its status, anything else with 500 and logged.
  const server = createServer((request, response) => {
    const fail = (error) => {
      const status = error instanceof Refusal ? error.status : 500;
      if (status === 500) console.error(`serve.mjs: ${request.method} ${String(request.url).slice(0, 200)}:`, error);
      try {
        if (!response.headersSent) {
          response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
          response.end(status === 500 ? 'Internal server error' : error.message);
        } else {
          response.destroy();
        }
      } catch (secondError) {
        console.error('serve.mjs: could not answer:', secondError);
        response.destroy();
      }
    };
    try {
      serve(request, response).catch(fail);
    } catch (error) {
      fail(error);
    }
  });
  // Requests Node's own parser refuses (a raw NUL, a head over 16 KB) get its default answer
  // (400 or 431) from the 'clientError' handling it has built in; they never reach `serve`.
  return new Promise((resolvePromise) => {
    server.listen(port, '127.0.0.1', () => {
      resolvePromise({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : fallback;
  };
  const root = arg('--root', fileURLToPath(new URL('../dist', import.meta.url)));
  const { url } = await startServer({ root, port: Number(arg('--port', process.env.PORT ?? 8080)) });
  console.log(`Event Lens is being served at ${url} (Ctrl-C stops it)`);
}
