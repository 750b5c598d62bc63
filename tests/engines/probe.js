// Records, inside the page, what a user would not want to see: console errors, uncaught
// exceptions and unhandled rejections, resources that failed to load, and CSP violations. The
// browser tests in tests/browser/ get these from Chromium's DevTools protocol; WebKitWebDriver
// speaks only classic WebDriver (no console or error events), so tests/engines/ reads them from
// `window.__engineProblems` instead. A classic script: the test server puts it before boot.js,
// and Firefox runs it as a preload script in every document (for the CSP and resource entries,
// which its WebDriver BiDi log does not carry). Running it twice is harmless.
(() => {
  if (window.__engineProblems) return;
  const problems = [];
  Object.defineProperty(window, '__engineProblems', { value: problems });
  const text = (value) => {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    if (typeof value === 'object' && value !== null) {
      try { return JSON.stringify(value); } catch { return String(value); }
    }
    return String(value);
  };
  const original = console.error;
  console.error = function error(...args) {
    problems.push(`console: ${args.map(text).join(' ')}`);
    return original.apply(this, args);
  };
  // Capture phase: a <script>, <link> or <img> that fails to load fires `error` on itself only.
  window.addEventListener('error', (event) => {
    const element = event.target;
    if (element && element !== window && element.tagName) {
      problems.push(`resource: <${element.tagName.toLowerCase()}> ${element.src || element.href || ''} failed to load`);
    } else {
      problems.push(`exception: ${event.message}${event.filename ? ` (${event.filename}:${event.lineno})` : ''}`);
    }
  }, true);
  window.addEventListener('unhandledrejection', (event) => {
    problems.push(`exception: unhandled rejection: ${text(event.reason)}`);
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    problems.push(`csp: ${event.violatedDirective} ${event.blockedURI}`);
  });
})();
