// The embedding matrix: the npm package as web developers use it. For each
// host — Vite 5, 6, 7 and 8 (dev server, build, preview), webpack 5,
// esbuild, Rollup, and no bundler (the files as a folder, an import map,
// another origin with CORS) — the packed tarball is installed into a
// scratch project, built or served, and loaded in headless Chromium; the
// page runs a program with run() and mounts a widget whose Run button
// prints. Any console error fails the host. The bundlers are the pinned
// ones of tests/embed/package.json (npm ci there first).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { artifactsDir, launchChromium, repoRoot, serveStatic } from '../e2e/serve.mjs';

const exec = promisify(execFile);
// Bare names resolve from tests/embed/node_modules, beside this file.
const load = (name) => import(name);

let scratch;
let tarball;
let browser;
const servers = [];

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'looplab-embed-'));
  await exec('npm', ['pack', join(repoRoot, 'pkg'), '--pack-destination', scratch], { cwd: scratch });
  tarball = join(scratch, (await readdir(scratch)).find((f) => f.endsWith('.tgz')));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const s of servers) await new Promise((done) => s.close(done));
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const PROGRAM = 'import asyncio\\nasync def main():\\n    await asyncio.sleep(1)\\n    print("run ok")\\nasyncio.run(main())\\n';

// The host page's script: no top-level await (Vite 5 and 6 build for
// targets without it).
// asyncpg loads the engine's SQL module (SQLite) on first use: a file the
// bundler must have copied too.
const SQL = 'import asyncio, asyncpg\\nasync def main():\\n    conn = await asyncpg.connect(database=\\"shop\\")\\n    await conn.execute(\\"CREATE TABLE t (x INTEGER)\\")\\n    await conn.execute(\\"INSERT INTO t VALUES (42)\\")\\n    print(\\"sql\\", await conn.fetchval(\\"SELECT x FROM t\\"))\\n    await conn.close()\\nasyncio.run(main())\\n';

const MAIN = `import { run, mount } from 'looplab';
run('${PROGRAM}').then(async (r) => {
  document.body.dataset.run = r.stdout.trim();
  const q = await run('${SQL}');
  document.body.dataset.sql = q.error ? q.error.message : q.stdout.trim();
  await mount(document.getElementById('widget'), { source: 'print("widget ok")\\n' });
  document.body.dataset.mounted = 'yes';
}).catch((e) => { document.body.dataset.error = String((e && e.message) || e); });
`;

const page = (script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,"></head>
<body><div id="widget"></div>${script}</body></html>
`;

/** A scratch project for `name` with the package installed. */
async function project(name, files) {
  const dir = join(scratch, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: dir });
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  return dir;
}

async function serve(root, options) {
  const s = await serveStatic(root, options);
  servers.push(s);
  return `http://127.0.0.1:${s.address().port}/`;
}

/** Loads `url`: run() printed, the widget mounted and its Run printed, no console errors. */
async function check(host, url) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const problems = [];
  p.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  p.on('pageerror', (e) => problems.push(e.message));
  try {
    await p.goto(url);
    await p.waitForFunction(() => document.body.dataset.mounted === 'yes' || document.body.dataset.error, null, { timeout: 30_000 });
    const failed = await p.evaluate(() => document.body.dataset.error ?? '');
    assert.equal(failed, '', `the page failed: ${failed}`);
    assert.equal(await p.evaluate(() => document.body.dataset.run), 'run ok', host);
    assert.equal(await p.evaluate(() => document.body.dataset.sql), 'sql 42', host);
    const widget = p.locator('#widget .looplab-widget');
    await widget.getByTestId('run').click();
    await widget.locator('[data-testid="output"] .line', { hasText: 'widget ok' }).waitFor({ timeout: 15_000 });
    const styled = await widget.evaluate((w) => getComputedStyle(w).borderTopLeftRadius);
    assert.equal(styled, '10px', `${host}: the widget is unstyled`);
    assert.deepEqual(problems, [], host);
  } catch (e) {
    await p.screenshot({ path: join(artifactsDir, `embed-${host}.png`) }).catch(() => {});
    throw new Error(`${host}: ${e.message}\nconsole: ${problems.join('\n')}`);
  } finally {
    await context.close();
  }
}

for (const major of [5, 6, 7, 8]) {
  test(`Vite ${major}: dev server, build and preview`, async () => {
    const vite = await load(`vite${major}`);
    const root = await project(`vite${major}`, {
      'index.html': page('<script type="module" src="/main.js"></script>'),
      'main.js': MAIN,
    });
    const base = { root, configFile: false, logLevel: 'silent', clearScreen: false };
    const dev = await vite.createServer({ ...base, server: { port: 0, host: '127.0.0.1', strictPort: false } });
    await dev.listen();
    try {
      await check(`vite${major}-dev`, dev.resolvedUrls.local[0]);
    } finally {
      await dev.close();
    }
    await vite.build({ ...base, build: { outDir: 'dist', emptyOutDir: true } });
    await check(`vite${major}-build`, await serve(join(root, 'dist')));
    const preview = await vite.preview({ ...base, preview: { port: 0, host: '127.0.0.1' } });
    try {
      await check(`vite${major}-preview`, preview.resolvedUrls.local[0]);
    } finally {
      await new Promise((done) => preview.httpServer.close(done));
    }
  });
}

test('webpack 5', async () => {
  const { default: webpack } = await load('webpack');
  const root = await project('webpack', { 'src/main.js': MAIN, 'dist/index.html': page('<script src="main.js"></script>') });
  const stats = await new Promise((ok, fail) =>
    webpack({ mode: 'production', context: root, entry: './src/main.js', output: { path: join(root, 'dist'), filename: 'main.js' } },
      (err, s) => (err ? fail(err) : ok(s))));
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  // Only webpack's advice that big assets load slowly (the wasm is big).
  const warnings = stats.toJson({ all: false, warnings: true }).warnings
    .filter((w) => !/size limit|can impact web performance|code splitting/i.test(w.message));
  assert.deepEqual(warnings.map((w) => w.message), []);
  await check('webpack', await serve(join(root, 'dist')));
});

// esbuild and Rollup leave `new URL('./file', import.meta.url)` as it is:
// the package's README says to copy its web/ files next to the bundle.
const copyWebFiles = (root, out) => cp(join(root, 'node_modules', 'looplab', 'web'), out, { recursive: true });

test('esbuild', async () => {
  const { build } = await import('esbuild');
  const root = await project('esbuild', { 'main.js': MAIN, 'dist/index.html': page('<script type="module" src="main.js"></script>') });
  await copyWebFiles(root, join(root, 'dist'));
  await build({ entryPoints: [join(root, 'main.js')], bundle: true, format: 'esm', outfile: join(root, 'dist', 'main.js'), logLevel: 'silent' });
  await check('esbuild', await serve(join(root, 'dist')));
});

test('Rollup', async () => {
  const { rollup } = await load('rollup');
  const { nodeResolve } = await load('@rollup/plugin-node-resolve');
  const root = await project('rollup', { 'main.js': MAIN, 'dist/index.html': page('<script type="module" src="main.js"></script>') });
  await copyWebFiles(root, join(root, 'dist'));
  const bundle = await rollup({ input: join(root, 'main.js'), plugins: [nodeResolve({ browser: true })], onwarn: () => {} });
  await bundle.write({ file: join(root, 'dist', 'main.js'), format: 'es' });
  await check('rollup', await serve(join(root, 'dist')));
});

test('no bundler: the files as a folder, through an import map, and from another origin with CORS', async () => {
  const root = await project('plain', {});
  const site = join(root, 'site');
  await copyWebFiles(root, join(site, 'looplab'));
  await writeFile(join(site, 'folder.html'), page(`<script type="module">${MAIN.replace("from 'looplab'", "from './looplab/index.js'")}</script>`));
  await writeFile(join(site, 'importmap.html'), page(`<script type="importmap">{ "imports": { "looplab": "./looplab/index.js" } }</script><script type="module">${MAIN}</script>`));
  const url = await serve(site);
  await check('folder', `${url}folder.html`);
  await check('importmap', `${url}importmap.html`);
  // The package from another origin (a CDN, say), the page from this one.
  const cdn = await serve(join(site), { cors: true });
  const other = join(root, 'other');
  await mkdir(other, { recursive: true });
  await writeFile(join(other, 'index.html'), page(`<script type="importmap">{ "imports": { "looplab": "${cdn}looplab/index.js" } }</script><script type="module">${MAIN}</script>`));
  await check('cross-origin', await serve(other));
});
