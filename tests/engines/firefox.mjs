// Firefox adapter: Debian's firefox-esr, headless, driven by puppeteer-core over WebDriver BiDi
// (no geckodriver: Firefox speaks BiDi itself). Console errors and uncaught exceptions come
// from BiDi's log events; CSP violations and failed resources from probe.js, which runs as a
// preload script in every document (file:// pages too).
import puppeteer from 'puppeteer-core';
import { access } from 'node:fs/promises';

export const EXECUTABLE = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** Starts Firefox; downloads go straight to `downloadDir`. */
export async function launch({ downloadDir, viewport, probeSource }) {
  await access(EXECUTABLE).catch(() => {
    throw new Error(`${EXECUTABLE} is missing: install it with scripts/tools.sh (apt-get install firefox-esr)`);
  });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: EXECUTABLE,
    headless: true,
    timeout: 60_000,
    protocolTimeout: 60_000,
    defaultViewport: viewport,
    extraPrefsFirefox: {
      // Save every download to downloadDir without asking.
      'browser.download.dir': downloadDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.alwaysOpenPanel': false,
    },
  });
  const version = (await browser.version()).replace(/^firefox\//, '');
  const process_ = browser.process();
  return {
    name: 'firefox',
    label: `Firefox ESR ${version}`,
    version,
    // Which entries of probe.js this adapter reads; console and exceptions come from BiDi.
    probeCategories: ['resource', 'csp'],
    servesProbe: false,
    downloads: true,
    async newPage() {
      const page = await browser.newPage();
      const native = [];
      page.on('console', (message) => {
        if (message.type() === 'error') native.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => native.push(`exception: ${error.message ?? error}`));
      await page.evaluateOnNewDocument(probeSource);
      return {
        takeNativeProblems: () => native.splice(0),
        goto: (url) => page.goto(url, { waitUntil: 'load', timeout: 60_000 }),
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        clickAt: (x, y) => page.mouse.click(x, y),
        async setInputFile(selector, path) {
          const input = await page.$(selector);
          if (!input) throw new Error(`no ${selector} to put a file in`);
          await input.uploadFile(path);
        },
        screenshot: (path) => page.screenshot({ path }),
        close: () => page.close().catch(() => {}),
      };
    },
    async close() {
      const closed = browser.close().then(() => true, () => false);
      const inTime = await Promise.race([closed, new Promise((r) => setTimeout(() => r(false), 15_000))]);
      if (!inTime && process_ && process_.exitCode === null) process_.kill('SIGKILL');
    },
  };
}
