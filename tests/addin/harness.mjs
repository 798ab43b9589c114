// The task pane as Outlook would load it, minus Outlook: addin/dist served by a tiny static server on loopback,
// office.js replaced by office-standin.js, the /api/addin/* routes answered by Playwright route interception,
// and every request that is not for this server (or the office.js URL) aborted.
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'addin', 'dist');
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.map': 'application/json' };

export async function startServer() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/addin/config.json') {
      // No client id: the pane calls the API without a token (the API stand-in here does not ask for one).
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    const file = normalize(join(dist, path.replace(/^\/addin\//, '')));
    if (!path.startsWith('/addin/') || !file.startsWith(dist + sep)) return res.writeHead(404).end();
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

export async function launch() {
  const browser = await chromium.launch({ executablePath: process.env.TB_CHROMIUM || '/usr/bin/chromium' });
  return browser;
}

// The stand-in lives with the add-in: the local compose page (bot/Demo/ComposeDemo.cs) loads the same file.
const standin = readFileSync(join(here, '..', '..', 'addin', 'standin', 'office-standin.js'), 'utf8');

/**
 * A fresh browser context (its own localStorage) whose pages get office.js from the stand-in and reach nothing but
 * the loopback server. `api` is a mutable answer set: { agreements, grants, logos: { hash: Buffer }, down, status }.
 */
export async function newContext(browser, base, api) {
  const context = await browser.newContext();
  const requests = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return route.fulfill({ status: 200, contentType: 'text/javascript', body: standin });
    if (url.startsWith(`${base}/`)) return route.fallback();
    return route.abort('blockedbyclient');
  });
  await context.route(`${base}/api/addin/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const entry = { method: request.method(), path: url.pathname, query: url.search, headers: request.headers(), body: request.postData() };
    requests.push(entry);
    if (api.down) return route.abort('connectionrefused');
    if (api.status) return route.fulfill({ status: api.status, contentType: 'application/problem+json', body: '{"title":"no"}' });
    if (request.method() === 'GET' && url.pathname === '/api/addin/agreements') return route.fulfill({ json: api.agreements });
    if (request.method() === 'GET' && url.pathname === '/api/addin/grants') {
      if (url.searchParams.get('medium') !== 'email') return route.fulfill({ status: 400, body: '' });
      return route.fulfill({ json: { grants: api.grants ?? [] } });
    }
    const logo = url.pathname.match(/^\/api\/addin\/logos\/([0-9a-f]{64})$/);
    if (request.method() === 'GET' && logo && api.logos?.[logo[1]]) {
      return route.fulfill({ status: 200, contentType: 'image/png', body: api.logos[logo[1]] });
    }
    if (url.pathname === '/api/addin/bat-requests') {
      api.batRequests ??= [];
      if (request.method() === 'GET') return route.fulfill({ json: api.batRequests });
      const asked = JSON.parse(request.postData());
      const created = { id: `bat-${api.batRequests.length + 1}`, ...asked, status: 'pending', createdAt: new Date().toISOString(), decidedAt: null, comment: null };
      delete created.draft;
      api.batRequests.unshift(created);
      return route.fulfill({ status: 201, json: created });
    }
    if (request.method() === 'POST' && url.pathname === '/api/addin/send-check') {
      if (api.slow) await new Promise((resolve) => setTimeout(resolve, api.slow));
      return route.fulfill({ json: api.sendCheck });
    }
    if (request.method() === 'POST' && url.pathname === '/api/addin/send-events') {
      return route.fulfill({ status: 201, json: { seq: requests.length } });
    }
    if (request.method() === 'POST' && url.pathname === '/api/addin/insertions') {
      return route.fulfill({ status: 201, json: { id: `ins-${requests.length}` } });
    }
    return route.fulfill({ status: 404, body: '' });
  });
  return { context, requests };
}

/** Opens the pane in a compose window configured as `compose` (see office-standin.js) and waits for `ready`. */
export async function openPane(context, base, compose, ready) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript((config) => {
    window.__officeStandin = config;
  }, compose);
  await page.goto(`${base}/addin/taskpane.html`);
  await waitStatus(page, ready);
  return { page, errors };
}

/**
 * Opens the Smart Alerts page (commands.html) in a compose window configured as `compose` and sends: runs the
 * handler the bundle associated, as Outlook would, and resolves with what it passed to event.completed().
 */
export async function send(context, base, compose) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript((config) => {
    window.__officeStandin = config;
  }, compose);
  await page.goto(`${base}/addin/commands.html`);
  const completed = await pressSend(page);
  return { page, errors, completed };
}

export const pressSend = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const handler = window.__officeActions?.onMessageSendHandler;
        if (!handler) return reject(new Error('no onMessageSendHandler associated'));
        const started = performance.now();
        handler({ completed: (options) => resolve({ ...options, ms: performance.now() - started }) });
      }),
  );

/** Waits until the status line says `expected` (a string, or a RegExp), else fails with what it says. */
export async function waitStatus(page, expected, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = await page.locator('#status-message').textContent();
    if (expected instanceof RegExp ? expected.test(text) : text === expected) return text;
    await page.waitForTimeout(25);
  }
  throw new Error(`status is ${JSON.stringify(text)}, expected ${expected}`);
}

export const compose = (page) => page.evaluate(() => structuredClone(window.__compose));
export const details = (page) => page.locator('#status-details li').allTextContents();

/** axe-core in the page; returns the serious and critical violations. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: join(here, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
