// End-to-end test of the built site (dist/, from `trunk build --release`).
//
// Run by scripts/test as `node --test tests/e2e/`. It serves dist/ on
// 127.0.0.1 (a random free port) with a tiny static server, drives Debian's
// Chromium through playwright-core, and checks that the wasm really ran.
// A screenshot goes to tests/e2e/artifacts/ (gitignored).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '..', '..');
const distDir = resolve(process.env.LOOPLAB_DIST ?? join(repoRoot, 'dist'));
const artifactsDir = join(here, 'artifacts');
const chromiumPath = process.env.LOOPLAB_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
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

/** Serves `root` read-only on 127.0.0.1 at a free port; resolves to the server. */
function serveStatic(root) {
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

let server;
let baseUrl;
let browser;

before(async () => {
  const index = await stat(join(distDir, 'index.html')).catch(() => null);
  assert.ok(index, `${distDir}/index.html is missing: run \`trunk build --release\` first`);
  server = await serveStatic(distDir);
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

test('the page loads, the wasm runs, and nothing logs an error', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`),
  );
  const wasmResponses = [];
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    if (new URL(res.url()).pathname.endsWith('.wasm')) wasmResponses.push(res);
  });

  try {
    const response = await page.goto(baseUrl, { waitUntil: 'load' });
    assert.equal(response?.status(), 200, 'index.html should be served');
    assert.equal(await page.title(), 'Looplab');

    const heading = page.getByRole('heading', { level: 1 });
    assert.equal((await heading.textContent())?.trim(), 'Looplab');

    // The wasm replaces the placeholder text; wait for it (fails if it never ran).
    const status = page.getByTestId('status');
    await page
      .waitForFunction(
        () => document.querySelector('[data-testid="status"]')?.dataset.state === 'ready',
        null,
        { timeout: 30_000 },
      )
      .catch(async () => {
        const text = await status.textContent().catch(() => '?');
        assert.fail(
          `the wasm did not set the status (text is still ${JSON.stringify(text)}); ` +
            `problems: ${JSON.stringify(problems)}`,
        );
      });
    const text = (await status.textContent())?.trim() ?? '';
    assert.match(text, /^Engine loaded \(looplab-core v\d+\.\d+\.\d+[^)]*\)$/);

    // The .wasm must come with the right MIME type (streaming compilation needs it).
    assert.ok(wasmResponses.length > 0, 'the page should fetch a .wasm file');
    for (const res of wasmResponses) {
      assert.equal(res.headers()['content-type'], 'application/wasm', res.url());
    }

    await mkdir(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'home.png'), fullPage: true });

    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  } finally {
    await context.close();
  }
});

test('the page also renders in dark mode', async () => {
  const context = await browser.newContext({
    viewport: { width: 1000, height: 640 },
    colorScheme: 'dark',
  });
  const page = await context.newPage();
  try {
    await page.goto(baseUrl, { waitUntil: 'load' });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="status"]')?.dataset.state === 'ready',
      null,
      { timeout: 30_000 },
    );
    const [bg, fg] = await page.evaluate(() => {
      const style = getComputedStyle(document.body);
      return [style.backgroundColor, style.color];
    });
    assert.notEqual(bg, fg);
    assert.notEqual(bg, 'rgb(247, 248, 251)', 'dark mode should not use the light background');
    await mkdir(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'home-dark.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
