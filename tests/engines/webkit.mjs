// WebKit adapter: WebKitGTK's MiniBrowser (Safari's engine) under Xvfb (it has no headless mode
// here), driven by Debian's WebKitWebDriver, with webdriverio as the client. Nothing is
// downloaded: the driver is started here on a free port and webdriverio only connects to it.
//
// This WebKitWebDriver speaks classic WebDriver only (it refuses `webSocketUrl`, so no BiDi):
// there are no console or error events and no script that runs before a page's own. So the test
// server puts probe.js into the pages it serves (servesProbe), and every problem is read from
// the page. For a file:// page, the journey makes a copy with the probe in it.
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { remote } from 'webdriverio';

export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const DRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver';
const XVFB = '/usr/bin/Xvfb';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with `promise`, or rejects after `ms` saying what took too long. */
function within(ms, what, promise) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); }),
  ]);
}

/** Ends a process group we started (the driver and the MiniBrowser it spawned), then the rest. */
function stop(child, group) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (group) process.kill(-child.pid, 'SIGTERM');
    else child.kill('SIGTERM');
  } catch { /* already gone */ }
  const timer = setTimeout(() => {
    try {
      if (group) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch { /* already gone */ }
  }, 3000);
  timer.unref();
}

/** Starts Xvfb on a display it picks itself (-displayfd), so parallel runs never collide. */
async function startXvfb() {
  const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr.on('data', (chunk) => { stderr += chunk; });
  const display = await within(15_000, 'Xvfb', new Promise((resolve, reject) => {
    let text = '';
    xvfb.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.trim());
    });
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr}`)));
    xvfb.on('error', reject);
  }));
  return { xvfb, display: `:${display}` };
}

async function waitForDriver(port, driver) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error('WebKitWebDriver did not answer /status within 20 s');
}

/** Starts Xvfb, WebKitWebDriver and a MiniBrowser session; `home` is where downloads land. */
export async function launch({ home, viewport }) {
  for (const file of [XVFB, DRIVER, MINIBROWSER]) {
    await access(file).catch(() => {
      throw new Error(`${file} is missing: install xvfb, webkit2gtk-driver and libwebkit2gtk-4.1-0 (scripts/tools.sh)`);
    });
  }
  const started = [];
  const cleanUp = () => {
    for (const [child, group] of started.reverse()) stop(child, group);
    started.length = 0;
  };
  // If the test process ends without close() (a crash, an uncaught error, node --test stopping
  // it on a timeout), still end them.
  const onSignal = (signal) => {
    cleanUp();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const forget = () => {
    process.removeListener('exit', cleanUp);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.once('exit', cleanUp);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { xvfb, display } = await startXvfb();
    started.push([xvfb, false]);
    const port = await freePort();
    // MiniBrowser saves downloads into $HOME (it has no XDG download folder set up here).
    const driver = spawn(DRIVER, [`--port=${port}`], {
      env: { ...process.env, DISPLAY: display, HOME: home, XDG_CONFIG_HOME: `${home}/.config`, XDG_CACHE_HOME: `${home}/.cache` },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group: the MiniBrowser and web processes it starts go with it
    });
    started.push([driver, true]);
    let driverLog = '';
    driver.stderr.on('data', (chunk) => { driverLog = (driverLog + chunk).slice(-4000); });
    await waitForDriver(port, driver);
    const browser = await within(60_000, 'WebKitWebDriver new session', remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryTimeout: 60_000,
      connectionRetryCount: 1,
      capabilities: {
        browserName: 'MiniBrowser',
        // Without this webdriverio asks for BiDi (webSocketUrl), which this driver refuses.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      },
    })).catch((error) => {
      throw new Error(`${error.message}\n${driverLog}`);
    });
    await browser.setTimeouts(undefined, 60_000, 30_000);
    // The window includes MiniBrowser's own frame: grow it until the page gets `viewport`.
    await browser.setWindowSize(viewport.width, viewport.height);
    const inner = await browser.execute(() => [innerWidth, innerHeight]);
    await browser.setWindowSize(2 * viewport.width - inner[0], 2 * viewport.height - inner[1]);
    const version = browser.capabilities.browserVersion;
    return {
      name: 'webkit',
      label: `WebKitGTK ${version} (MiniBrowser)`,
      version,
      probeCategories: ['console', 'exception', 'resource', 'csp'],
      servesProbe: true,
      downloads: true,
      // Classic WebDriver has one window here; a "new page" is that window, reused.
      async newPage() {
        await browser.url('about:blank');
        return {
          takeNativeProblems: () => [],
          goto: (url) => browser.url(url),
          evaluate: (fn, arg) => browser.execute(fn, arg),
          async clickAt(x, y) {
            await browser.action('pointer', { parameters: { pointerType: 'mouse' } })
              .move({ x: Math.round(x), y: Math.round(y), origin: 'viewport', duration: 0 })
              .down({ button: 0 }).pause(40).up({ button: 0 })
              .perform();
          },
          async setInputFile(selector, path) {
            const input = await browser.$(selector);
            // strictFileInteractability is off: a visually hidden file input takes the path.
            await browser.elementSendKeys(input.elementId, path);
          },
          screenshot: (path) => browser.saveScreenshot(path),
          close: () => browser.url('about:blank').catch(() => {}),
        };
      },
      async close() {
        await within(15_000, 'closing the WebKit session', browser.deleteSession()).catch(() => {});
        cleanUp();
        forget();
      },
    };
  } catch (error) {
    cleanUp();
    forget();
    throw error;
  }
}
