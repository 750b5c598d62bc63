// The bundled static server (scripts/serve.mjs) against hostile request paths: each gets a 4xx
// answer, none stops the server, and a normal request still works after all of them. Requests
// are written raw over a socket, so the path reaches the server exactly as written (an HTTP
// client would normalise `/../` or re-encode it first). Needs no browser and no build: the
// server serves a small folder of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';

let server;
let port;
let parent;

before(async () => {
  // <parent>/root is served; <parent>/secret.txt is next to it, where traversal would reach.
  parent = await mkdtemp(join(tmpdir(), 'event-lens-serve-'));
  const root = join(parent, 'root');
  await mkdir(join(root, 'sub'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>root</title>');
  await writeFile(join(root, 'sub', 'index.html'), '<!doctype html><title>sub</title>');
  await writeFile(join(root, 'a b.txt'), 'spaced');
  await writeFile(join(parent, 'secret.txt'), 'secret');
  const started = await startServer({
    root,
    extraRoutes: {
      '/throws': () => { throw new Error('handler failed on purpose'); },
      '/rejects': async () => { throw new Error('async handler failed on purpose'); },
      '/throws-late': (request, response) => {
        response.writeHead(200, { 'Content-Length': 10 });
        response.write('half');
        throw new Error('handler failed after its head on purpose');
      },
    },
  });
  server = started.server;
  port = server.address().port;
});

after(async () => {
  server?.close();
  await rm(parent, { recursive: true, force: true });
});

/**
 * Sends `GET <target>` as raw bytes and resolves to { status, body }; status is null when the
 * connection closed without an answer (what a crashed or hung server gives).
 */
function rawGet(target, { port: to = port, timeoutMs = 2000 } = {}) {
  return new Promise((resolve) => {
    const socket = connect(to, '127.0.0.1');
    const chunks = [];
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : null, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    };
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', finish);
    socket.on('error', () => {});
    socket.write(Buffer.concat([
      Buffer.from('GET ', 'latin1'),
      Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'),
      Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 'latin1'),
    ]));
  });
}

// Each path with the answers it may get. 400: the request itself is malformed. 404: it is well
// formed but names something outside the served folder once normalised (serve.mjs explains).
const HOSTILE = [
  ['/%E0%A4%A', [400], 'truncated percent-encoding'],
  ['/%E0%A4%A0%', [400], 'lone % at the end'],
  ['/%zz', [400], 'percent followed by non-hex digits'],
  ['/%C0%AF', [400], 'overlong UTF-8 (invalid)'],
  ['/%FF%FE', [400], 'bytes that are not UTF-8'],
  ['/index.html%00', [400], 'encoded NUL byte'],
  ['/index.html%00.png', [400], 'encoded NUL byte inside the name'],
  ['/../secret.txt', [400, 404], 'dot-dot segment'],
  ['/sub/../../secret.txt', [400, 404], 'dot-dot after a real folder'],
  ['/%2e%2e/secret.txt', [400, 404], 'encoded dot-dot'],
  ['/%2E%2E%2Fsecret.txt', [400, 404], 'encoded dot-dot and slash'],
  ['/..%2fsecret.txt', [400, 404], 'dot-dot with an encoded slash'],
  ['/..%5csecret.txt', [400, 404], 'dot-dot with an encoded backslash'],
  ['/..\\secret.txt', [400, 404], 'dot-dot with a backslash'],
  ['/%252e%252e/secret.txt', [400, 404], 'double-encoded dot-dot'],
  ['//../secret.txt', [400, 404], 'empty segment then dot-dot'],
  [`/${'a'.repeat(9000)}`, [400, 414], 'overlong URL'],
  [`/${'%61'.repeat(4000)}`, [400, 414], 'overlong URL, percent-encoded'],
  [`/${'a'.repeat(20000)}`, [400, 414, 431], 'URL longer than Node accepts in a request head'],
  ['http://evil.example/../secret.txt', [400, 404], 'absolute-form target with dot-dot'],
  ['*', [400, 404], 'asterisk-form target'],
];

for (const [path, allowed, what] of HOSTILE) {
  test(`${what}: GET ${path.length > 60 ? `${path.slice(0, 40)}… (${path.length} chars)` : path} gets ${allowed.join(' or ')}`, async () => {
    const { status, body } = await rawGet(path);
    assert.ok(allowed.includes(status), `status ${status}, expected ${allowed.join(' or ')}`);
    assert.ok(!body.includes('secret'), 'the file outside the root must not be served');
  });
}

test('a route handler that throws gets 500, logged, and the server stays up', async () => {
  const logged = [];
  const consoleError = console.error;
  console.error = (...args) => logged.push(args.map(String).join(' '));
  try {
    assert.equal((await rawGet('/throws')).status, 500);
    assert.equal((await rawGet('/rejects')).status, 500);
    // Its head was already sent: the connection is cut, so the client sees a short body.
    const late = await rawGet('/throws-late');
    assert.equal(late.status, 200);
    assert.ok(late.body.length < 10, `body ${JSON.stringify(late.body)}`);
  } finally {
    console.error = consoleError;
  }
  assert.equal(logged.length, 3, logged.join('\n'));
  assert.match(logged[0], /GET \/throws.*handler failed on purpose/s);
  assert.match(logged[1], /async handler failed on purpose/);
  assert.match(logged[2], /handler failed after its head on purpose/);
});

test('a raw NUL byte in the request line does not stop the server', async () => {
  const { status } = await rawGet(Buffer.from('/index.html\0', 'latin1'));
  // Node's HTTP parser refuses it itself (400) or closes the connection; either is fine.
  assert.ok(status === null || status === 400, `status ${status}`);
});

test('after all of them the server still answers normal requests', async () => {
  const root = await rawGet('/');
  assert.equal(root.status, 200);
  assert.match(root.body, /<title>root<\/title>/);
  assert.equal((await rawGet('/sub/')).status, 200);
  const spaced = await rawGet('/a%20b.txt');
  assert.equal(spaced.status, 200, 'a well-formed percent-encoding is still decoded');
  assert.equal(spaced.body, 'spaced');
  assert.equal((await rawGet('/missing.html')).status, 404);
});

test('the command-line server (node scripts/serve.mjs) survives a malformed path', async () => {
  const script = fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, '--root', join(parent, 'root'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  try {
    const listening = new Promise((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${output}`)));
    });
    const childPort = await listening;
    assert.equal((await rawGet('/%E0%A4%A', { port: childPort })).status, 400);
    assert.equal((await rawGet('/', { port: childPort })).status, 200, `the server stopped: ${output}`);
    assert.equal(child.exitCode, null, `the server exited: ${output}`);
  } finally {
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  }
});
