// Shared set-up for the browser tests: serves dist/ with the production CSP, starts Debian's
// Chromium headless through playwright-core, and records what a user would not want to see
// (console errors, CSP violations, uncaught exceptions) so every test can assert there were none.
import { chromium } from 'playwright-core';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const ARTIFACTS = join(ROOT, 'tests/artifacts');

// Playwright adds --headless itself (headless: true); the rest are what this machine needs.
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts the server and the browser once per test file; `close()` stops both. */
export async function openHarness({ extraRoutes } = {}) {
  // EVENT_LENS_DIST: another build to test (scripts/test.sh points it at the stable-only build).
  const root = join(ROOT, process.env.EVENT_LENS_DIST ?? 'dist');
  const { server, url } = await startServer({ root, extraRoutes });
  const userDataDir = await mkdtemp(join(tmpdir(), 'event-lens-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    url,
    context,
    /** A fresh page whose console errors and CSP violations are collected in `page.problems`. */
    async newPage() {
      const page = await context.newPage();
      page.problems = [];
      page.on('console', (message) => {
        if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => page.problems.push(`exception: ${error.message}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      return page;
    },
    async close() {
      await context.close();
      server.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens `path` (relative to the served root) and waits until the app has rendered data. */
export async function openApp(page, baseUrl, path = '') {
  await page.goto(new URL(path, baseUrl).href);
  await page.waitForSelector('main h1');
}

export function screenshotPath(name) {
  return join(ARTIFACTS, `${name}.png`);
}
