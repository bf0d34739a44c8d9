// Shared by the end-to-end tests: a static server for dist/ and Chromium.

import { createServer } from 'node:http';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const distDir = resolve(process.env.LOOPLAB_DIST ?? join(repoRoot, 'dist'));
export const artifactsDir = join(here, 'artifacts');
const chromiumPath = process.env.LOOPLAB_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `root` read-only on 127.0.0.1 at a free port; resolves to the
 * server. `cors`: lets pages of any origin read the files. */
export function serveStatic(root, { cors = false } = {}) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      res.writeHead(200, {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...(cors ? { 'access-control-allow-origin': '*' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}


/** Launches Debian's Chromium, headless. */
export function launchChromium() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** The code editor's text area (CodeMirror's contenteditable), once it has loaded. */
export function codeArea(page) {
  return page.getByTestId('editor').locator('.cm-content');
}

/** Replaces the program in the editor, as a user typing or pasting would. */
export async function setCode(page, text) {
  const area = codeArea(page);
  await area.waitFor({ timeout: 30_000 });
  await area.fill(text);
}

/** The whole program in the editor (CodeMirror draws only the lines in view). */
export async function getCode(page) {
  await codeArea(page).waitFor({ timeout: 30_000 });
  return page.getByTestId('editor').evaluate((el) => el.querySelector('.cm-host').looplabEditor.getDoc());
}

/**
 * The built site (dist/) served on 127.0.0.1 and a Chromium to open it,
 * for one test file: registers node:test's before/after hooks and returns
 * an object whose `baseUrl` and `browser` are set once they have run.
 */
export function siteUnderTest({ before, after }) {
  const site = { baseUrl: '', browser: null, server: null };
  before(async () => {
    const index = await stat(join(distDir, 'index.html')).catch(() => null);
    if (!index) throw new Error(`${distDir}/index.html is missing: run \`trunk build --release\` first`);
    site.server = await serveStatic(distDir);
    site.baseUrl = `http://127.0.0.1:${site.server.address().port}/`;
    site.browser = await launchChromium();
    await mkdir(artifactsDir, { recursive: true });
  });
  after(async () => {
    await site.browser?.close();
    await new Promise((done) => (site.server ? site.server.close(done) : done()));
  });
  return site;
}

/**
 * A fresh page on the playground, collecting console errors and page errors.
 * `options`: the browser context's, plus `url` (default: the site) and
 * `onRequest` (called with every request of the context, the Worker's too).
 */
export async function openPage(site, options = {}) {
  const { url, onRequest, ...contextOptions } = options;
  const context = await site.browser.newContext({ viewport: { width: 1440, height: 900 }, ...contextOptions });
  // Before the page loads, so that its first requests are seen too.
  if (onRequest) context.on('request', onRequest);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(url ?? site.baseUrl, { waitUntil: 'load' });
  await page.getByTestId('run').waitFor({ timeout: 30_000 });
  return { context, page, problems };
}

export const status = (page) => page.getByTestId('status').textContent();

/** Runs what is in the editor and waits until the run (and its replay) ended. */
export async function runAndWait(page, timeout = 30_000) {
  await page.getByTestId('run').click();
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid="status"]')?.textContent ?? '';
      const views = document.querySelector('section.views');
      return !/Running|Paused/.test(s) && views?.dataset.playhead === 'live';
    },
    null,
    { timeout },
  );
}

/** The output panel's stdout lines as [time rounded to ms, text]. */
export async function stdoutLines(page) {
  return page.$$eval('[data-testid="output"] .line:not(.stderr)', (lines) =>
    lines.map((l) => [
      Math.round(parseFloat(l.dataset.t) * 1000),
      l.querySelector('.txt').textContent,
    ]),
  );
}
