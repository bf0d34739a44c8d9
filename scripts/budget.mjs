#!/usr/bin/env node
// What a visitor pays for Looplab: bytes over the wire, time to the first
// example's output, and animation frames while 10,000 tasks run in real time.
// A measurement, not a test: it prints PASS/OVER next to each budget and
// always exits 0 (unless it cannot measure at all). See docs/budgets.md.
//
//   node scripts/budget.mjs [--dist DIR] [--runs N]
//
// --dist  the built site (default: dist/, from `trunk build --release`)
// --runs  page loads per cold/warm median, and 10,000-task runs (default 5)
//
// Chromium gets the end-to-end tests' flags (tests/e2e/serve.mjs); playwright-core
// adds its own defaults, among them --disable-renderer-backgrounding and
// --disable-background-timer-throttling, so rAF is not throttled headless.

import { readFile, readdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as Z, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, repoRoot, serveStatic, setCode } from '../tests/e2e/serve.mjs';
import { PROGRAMS as FREEZE_PROGRAMS, measure as measureFreeze } from '../tests/e2e/freeze.mjs';

const { values: opts } = parseArgs({
  options: {
    dist: { type: 'string', default: join(repoRoot, 'dist') },
    runs: { type: 'string', default: '5' },
  },
});
const dist = resolve(opts.dist);
const RUNS = Math.max(1, Number(opts.runs) || 5);

const BUDGET = { bytes: 500_000, loadMs: 300, frameP95Ms: 20 };
const verdict = (value, limit) => (value <= limit ? 'PASS' : `OVER by ${(100 * (value - limit) / limit).toFixed(0)}%`);
const kb = (n) => (n / 1000).toFixed(1).padStart(8) + ' KB';
const ms = (n) => (n == null ? '     –' : n.toFixed(1).padStart(6)) + ' ms';
const median = (xs) => quantile(xs, 0.5);
/** Nearest-rank quantile: the smallest value with at least q of the values at or below it. */
function quantile(xs, q) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)];
}

// ---- 1. Bytes ------------------------------------------------------------------------------------

function kindOf(file) {
  if (file.endsWith('.wasm')) return 'wasm';
  if (/\.m?js$/.test(file)) return 'JS';
  if (file.endsWith('.css')) return 'CSS';
  if (file.endsWith('.html')) return 'HTML';
  return 'other';
}

async function measureBytes() {
  const files = [];
  for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const body = await readFile(path);
    const text = kindOf(path) !== 'wasm' && !/\.(png|ico)$/.test(path);
    const br = brotliCompressSync(body, {
      params: {
        [Z.BROTLI_PARAM_QUALITY]: Z.BROTLI_MAX_QUALITY,
        [Z.BROTLI_PARAM_MODE]: text ? Z.BROTLI_MODE_TEXT : Z.BROTLI_MODE_GENERIC,
        [Z.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    files.push({ name: relative(dist, path), kind: kindOf(path), raw: body.length, gz: gzipSync(body, { level: 9 }).length, br: br.length });
  }
  return files.sort((a, b) => b.raw - a.raw);
}

// The gallery's programs are compiled into the wasm (include_str! in src/gallery.rs).
async function examplesInWasm() {
  const gallery = await readFile(join(repoRoot, 'src', 'gallery.rs'), 'utf8');
  const paths = [...gallery.matchAll(/include_str!\("\.\.\/(examples\/[^"]+)"\)/g)].map((m) => m[1]);
  const all = Buffer.concat(await Promise.all(paths.map((p) => readFile(join(repoRoot, p)))));
  return { count: paths.length, raw: all.length, gz: gzipSync(all, { level: 9 }).length };
}

// ---- 2 and 3. In the page ------------------------------------------------------------------------

// Installed before any of the page's scripts. Every time is performance.now(),
// i.e. milliseconds since this document's navigation started (timeOrigin).
function probe() {
  const b = (window.__budget = { mounted: null, click: null, firstLine: null, frames: [], recording: false, runEnd: null });
  const look = () => {
    if (b.mounted === null && document.querySelector('[data-testid="run"]')) b.mounted = performance.now();
    if (b.firstLine === null && document.querySelector('[data-testid="output"] .line')) {
      b.firstLine = performance.now();
      watcher.disconnect();
    }
  };
  const watcher = new MutationObserver(look);
  watcher.observe(document, { childList: true, subtree: true });
  b.unwatch = () => watcher.disconnect();
  // event.timeStamp is on the same clock as performance.now().
  addEventListener('click', (e) => {
    if (b.click === null && e.target.closest?.('[data-testid="run"]')) b.click = e.timeStamp;
  }, true);
  let last = null;
  const frame = (t) => {
    if (b.recording) {
      if (last !== null && b.click !== null && t > b.click) b.frames.push(t - last);
      if (b.click !== null && document.querySelector('[data-testid="status"]')?.textContent !== 'Running…') {
        b.recording = false;
        b.runEnd = performance.now();
      }
    }
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

const TEN_THOUSAND = `import asyncio

N = 10000

async def work(i, sem):
    async with sem:
        await asyncio.sleep(0.01)

async def main():
    sem = asyncio.Semaphore(500)
    await asyncio.gather(*(work(i, sem) for i in range(N)))
    print("done")

asyncio.run(main())
`;

const problems = [];
const requested = new Set();

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(probe);
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(`console.error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  context.on('request', (r) => requested.add(new URL(r.url()).pathname.replace(/^\//, '') || 'index.html'));
  return { context, page };
}

/** One load: navigation → app mounted, then Run → first output line, timed in the page. */
async function firstOutput(page, go) {
  await go();
  await page.waitForFunction(() => window.__budget.mounted !== null, null, { timeout: 60_000 });
  await page.getByTestId('clock').selectOption('instant');
  await page.getByTestId('run').click();
  await page.waitForFunction(() => window.__budget.firstLine !== null, null, { timeout: 60_000 });
  const { mounted, click, firstLine } = await page.evaluate(() => window.__budget);
  return { mounted, run: firstLine - click, sum: mounted + firstLine - click };
}

/** Whether the Service Worker's cache already holds the wasm (it fills after the first load). */
const swHasWasm = (page) => page.evaluate(async () => {
  const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.name;
  for (const name of await caches.keys()) if (wasm && (await (await caches.open(name)).match(wasm))) return true;
  return false;
});

async function measureLoads(browser, base) {
  const cold = [], warm = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await newPage(browser);
    try {
      cold.push(await firstOutput(page, () => page.goto(base, { waitUntil: 'commit' })));
      // Let the Service Worker take the page and cache the site before the reload.
      await page.waitForFunction(() => document.documentElement.dataset.mockApi, null, { timeout: 10_000 });
      for (let t = 0; t < 100 && !(await swHasWasm(page)); t++) await page.waitForTimeout(100);
      warm.push(await firstOutput(page, () => page.reload({ waitUntil: 'commit' })));
    } finally {
      await context.close();
    }
  }
  return { cold, warm };
}

/** One real-time run of the 10,000-task program in a fresh page: its frame intervals and duration. */
async function tenThousandTasks(browser, base) {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(base);
    await page.getByTestId('run').waitFor({ timeout: 60_000 });
    await setCode(page, TEN_THOUSAND);
    await page.getByTestId('clock').selectOption('real');
    // A second of idle frames first: the baseline rate of this (headless) browser.
    const idle = await page.evaluate(() => new Promise((done) => {
      const times = [];
      const tick = (t) => (times.push(t), t - times[0] < 1000 ? requestAnimationFrame(tick) : done(times.slice(1).map((x, k) => x - times[k])));
      requestAnimationFrame(tick);
    }));
    await page.evaluate(() => { window.__budget.unwatch(); window.__budget.recording = true; });
    await page.getByTestId('run').click();
    await page.waitForFunction(() => window.__budget.runEnd !== null, null, { timeout: 300_000, polling: 250 });
    const b = await page.evaluate(() => window.__budget);
    const status = await page.getByTestId('status').textContent();
    const done = /done/.test(await page.getByTestId('output').textContent());
    return { idle, frames: b.frames, duration: b.runEnd - b.click, status, done };
  } finally {
    await context.close();
  }
}

async function measureFrames(browser, base) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await tenThousandTasks(browser, base));
  return {
    idle: runs.flatMap((r) => r.idle),
    frames: runs.flatMap((r) => r.frames),
    worstP95: Math.max(...runs.map((r) => quantile(r.frames, 0.95))),
    durations: runs.map((r) => r.duration),
    statuses: [...new Set(runs.map((r) => `${r.status}${r.done ? ', printed "done"' : ', did NOT print "done"'}`))],
  };
}

// ---- Programs that froze the page (tests/e2e/freeze.mjs) ----------------------------------------

async function measureFreezes(browser, base) {
  const rows = [];
  for (const program of FREEZE_PROGRAMS) {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(base);
      await page.getByTestId('run').waitFor({ timeout: 60_000 });
      const runMs = program.id === 'print-flood' ? 10_000 : 3_000;
      const m = await measureFreeze(page, program, { clock: 'real', runMs });
      rows.push({ program, ...m });
    } finally {
      await context.close();
    }
  }
  return rows;
}

// ---- Report --------------------------------------------------------------------------------------

const pad = (s, n) => String(s).padEnd(n);

async function main() {
  const load = loadavg().map((x) => x.toFixed(2)).join(' '); // before we add to it
  const files = await measureBytes();
  if (!files.some((f) => f.name === 'index.html')) throw new Error(`${dist}/index.html is missing: run \`trunk build --release\` first`);
  const examples = await examplesInWasm();

  const server = await serveStatic(dist);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: process.env.LOOPLAB_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  const version = browser.version();
  let loads, frames, freezes;
  try {
    // One throw-away load so that the browser's own start-up is not in the first cold figure.
    const warmup = await newPage(browser);
    await warmup.page.goto(base);
    await warmup.page.getByTestId('run').waitFor({ timeout: 60_000 });
    await warmup.context.close();
    loads = await measureLoads(browser, base);
    frames = await measureFrames(browser, base);
    freezes = await measureFreezes(browser, base);
  } finally {
    await browser.close();
    server.close();
  }

  const cpu = cpus();
  console.log(`Looplab budget — ${new Date().toISOString()}`);
  console.log(`command:  node ${relative(process.cwd(), process.argv[1]) || process.argv[1]} ${process.argv.slice(2).join(' ')}`.trimEnd());
  console.log(`machine:  node ${process.version}, Chromium ${version}, ${cpu.length} CPU (${cpu[0]?.model.trim()}), load average ${load}`);
  console.log(`site:     ${dist}`);
  console.log(`chromium: ${CHROMIUM_ARGS.join(' ')} (+ playwright-core's defaults)`);

  console.log('\n1. Bytes (every file in the site; KB = 1000 bytes)\n');
  console.log(`   ${pad('', 10)}${pad('raw', 12)}${pad('gzip -9', 12)}${pad('brotli 11', 12)}files`);
  const row = (label, fs, names = '') => {
    const sum = (k) => fs.reduce((n, f) => n + f[k], 0);
    console.log(`   ${pad(label, 10)}${kb(sum('raw'))}${kb(sum('gz')).padStart(12)}${kb(sum('br')).padStart(12)}   ${names}`);
    return { raw: sum('raw'), gz: sum('gz'), br: sum('br') };
  };
  for (const kind of ['wasm', 'JS', 'CSS', 'HTML', 'other']) {
    const of = files.filter((f) => f.kind === kind);
    row(kind, of, of.map((f) => f.name).join(', '));
  }
  row('total', files);
  // What a visitor downloads: the files the page requested while it loaded
  // and ran the first example (the SQL module, fetched only for asyncpg
  // programs, is not among them).
  const loaded = files.filter((f) => requested.has(f.name));
  const first = row('first load', loaded);
  console.log(`   budget ≤ ${BUDGET.bytes / 1000} KB compressed at first load: gzip ${verdict(first.gz, BUDGET.bytes)}, brotli ${verdict(first.br, BUDGET.bytes)}`);
  console.log(`   the ${examples.count} gallery programs are compiled into the wasm: ${kb(examples.raw).trim()} raw, ${kb(examples.gz).trim()} gzipped on their own`);
  const unloaded = files.filter((f) => !requested.has(f.name));
  if (unloaded.length) {
    row('lazy', unloaded, unloaded.map((f) => f.name).join(', '));
    console.log('   (lazy: in the site, not requested by the page: fetched when a program needs them)');
  }

  console.log(`\n2. Navigation → first example's output (instant clock), median of ${RUNS}, localhost`);
  console.log('   timed in the page: performance.now() since navigation start (timeOrigin), a MutationObserver');
  console.log('   and the click event\'s timeStamp; the pause between "mounted" and the click is not counted\n');
  console.log(`   ${pad('', 34)}${pad('cold', 12)}${pad('warm', 12)}(min–max cold / warm)`);
  const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  for (const [key, label] of [['mounted', 'navigation → app mounted'], ['run', 'Run click → first output line'], ['sum', 'sum']]) {
    const c = loads.cold.map((l) => l[key]), w = loads.warm.map((l) => l[key]);
    console.log(`   ${pad(label, 30)}${ms(median(c))}  ${ms(median(w))}   ${range(c)} / ${range(w)}`);
  }
  console.log(`   budget ≤ ${BUDGET.loadMs} ms: cold ${verdict(median(loads.cold.map((l) => l.sum)), BUDGET.loadMs)}, warm ${verdict(median(loads.warm.map((l) => l.sum)), BUDGET.loadMs)}`);
  console.log('   cold = a fresh browser context; warm = reload in that context once the Service Worker controls it');

  console.log(`\n3. 10,000 tasks, Semaphore(500), sleep(0.01), real clock: requestAnimationFrame intervals, ${RUNS} runs pooled\n`);
  const f = frames.frames, i = frames.idle, d = frames.durations;
  console.log(`   idle, 1 s before each run:  ${i.length} frames, p50 ${ms(quantile(i, 0.5)).trim()}, p95 ${ms(quantile(i, 0.95)).trim()}`);
  console.log(`   during the runs:            ${f.length} frames, p50 ${ms(quantile(f, 0.5)).trim()}, p95 ${ms(quantile(f, 0.95)).trim()}, max ${ms(Math.max(...f)).trim()} (worst run's p95 ${ms(frames.worstP95).trim()})`);
  console.log(`   run duration (Run click → status leaves "Running…"): median ${ms(median(d)).trim()}, ${range(d)} ms; ended ${frames.statuses.join(' / ')}`);
  console.log(`   budget p95 ≤ ${BUDGET.frameP95Ms} ms: ${verdict(quantile(f, 0.95), BUDGET.frameP95Ms)}`);

  console.log('\n4. Programs that froze the page when the engine ran on its thread (real clock; run 3 s, the print');
  console.log('   flood 10 s, then Stop): longest rAF interval while running, Stop click → status "Stopped", JS heap after\n');
  console.log(`   ${pad('program', 40)}${pad('longest frame', 16)}${pad('p95 frame', 12)}${pad('Stop', 12)}${pad('memory', 10)}${pad('apply', 12)}ended`);
  for (const r of freezes) {
    console.log(`   ${pad(r.program.title, 40)}${ms(r.longestFrame).padEnd(16)}${ms(r.p95Frame).padEnd(12)}${ms(r.stopMs).padEnd(12)}${(r.heapMB.toFixed(0) + ' MB').padEnd(10)}${ms(r.applyMaxMs).padEnd(12)}${r.status}`);
  }
  console.log('   memory = the page\'s JS heap + its wasm memory after the run; apply = the longest time one frame spent');
  console.log('   applying trace events (budget 4 ms)');
  const worstFrame = Math.max(...freezes.map((r) => r.longestFrame));
  const worstStop = Math.max(...freezes.map((r) => r.stopMs ?? 0));
  const worstHeap = Math.max(...freezes.map((r) => r.heapMB));
  console.log(`   budgets: longest frame ≤ 50 ms ${verdict(worstFrame, 50)}; Stop ≤ 100 ms ${verdict(worstStop, 100)}; heap ≤ 300 MB ${verdict(worstHeap, 300)}`);

  const unique = [...new Set(problems)];
  console.log(`\nconsole errors and page errors: ${unique.length ? '' : 'none'}`);
  for (const p of unique.slice(0, 10)) console.log(`   ${p}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
