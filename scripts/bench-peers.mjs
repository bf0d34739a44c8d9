#!/usr/bin/env node
// Looplab beside the two Pythons people already run in a browser: the same
// programs through the npm package's run() (default options), Pyodide and
// MicroPython (PyScript's build), all in one headless Chromium, timed in the
// page. Prints a markdown table of best-of-N times and Looplab's ratios.
//
//   bash scripts/build-npm
//   npm ci --prefix scripts/bench        # Pyodide and MicroPython, pinned there
//   node scripts/bench-peers.mjs [--reps N] [--mp-pystack K-WORDS]
//
// A measurement, not a test: it never fails on a number. An engine that
// cannot run a program is reported as "fails" with its error.

import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium, serveStatic } from '../tests/e2e/serve.mjs';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const benchDir = join(repo, 'scripts', 'bench');
const peersDir = join(benchDir, 'node_modules');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < 1) {
    console.error(`${name} wants a positive number, got ${process.argv[i + 1]}`);
    process.exit(2);
  }
  return value;
}
const reps = option('--reps', 5);
const pystackKW = option('--mp-pystack', 64);
// Long enough for any engine on a slow machine; a hung run becomes "fails".
const RUN_TIMEOUT_MS = 180_000;
// Between runs: Looplab's run() starts a spare Worker for the next run as
// each run begins, and on a busy 2-core machine it needs 100 ms or more to
// be ready; the best-of-N figures are for a run that finds it ready, as an
// embedder's occasional run() does. Every engine gets the same pause.
const PAUSE_MS = 500;

const exists = (p) => stat(p).then(() => true, () => false);
if (!(await exists(join(repo, 'pkg', 'web', 'index.js')))) {
  console.error('pkg/web/ is missing: run `bash scripts/build-npm` first.');
  process.exit(1);
}
const pyodidePkg = join(peersDir, 'pyodide');
const micropythonPkg = join(peersDir, '@micropython', 'micropython-webassembly-pyscript');
if (!(await exists(join(pyodidePkg, 'pyodide.mjs'))) || !(await exists(join(micropythonPkg, 'micropython.mjs')))) {
  console.error('Pyodide or MicroPython is missing: run `npm ci --prefix scripts/bench` first.');
  process.exit(1);
}
const version = async (dir) => JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).version;
const versions = {
  looplab: await version(join(repo, 'pkg')),
  pyodide: await version(pyodidePkg),
  micropython: await version(micropythonPkg),
};

const ENGINES = [
  { id: 'looplab', name: 'Looplab', dir: 'looplab' },
  { id: 'pyodide', name: 'Pyodide', dir: 'pyodide' },
  { id: 'micropython', name: 'MicroPython', dir: 'micropython' },
];

// Each prints what it computed, so the three engines can be checked against
// each other (Pyodide is CPython, so its output is the reference). Async
// programs define main() and leave driving it to each engine's loader.
const PROGRAMS = [
  {
    // What every call costs before any work: compare the rows below to it.
    name: 'print("hi") again, engine loaded (per-call cost)',
    kind: 'plain',
    source: 'print("hi")\n',
  },
  {
    name: 'fib(25), recursive plain def',
    kind: 'plain',
    source: `
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print(fib(25))
`,
  },
  {
    name: '1,000,000-iteration arithmetic loop',
    kind: 'plain',
    source: `
t = 0
for i in range(1000000):
    t += i * 2 % 7
print(t)
`,
  },
  {
    name: 'methods: 200k calls, list.append, dict.get',
    kind: 'plain',
    source: `
class Tally:
    def __init__(self):
        self.items = []
        self.counts = {}

    def add(self, x):
        self.items.append(x)
        key = x % 97
        self.counts[key] = self.counts.get(key, 0) + 1

    def size(self):
        return len(self.items)

tally = Tally()
for i in range(200000):
    tally.add(i)
print(tally.size(), tally.counts.get(5), len(tally.counts))
`,
  },
  {
    name: 'strings: 200k f-strings joined',
    kind: 'plain',
    source: `
parts = []
for i in range(200000):
    parts.append(f"{i}:{i % 13}")
text = ",".join(parts)
print(len(text), text[-12:])
`,
  },
  {
    name: 'asyncio.gather of 10,000 tasks, sleep(0)',
    kind: 'async',
    source: `
import asyncio

async def tick(i):
    await asyncio.sleep(0)
    return i

async def main():
    results = await asyncio.gather(*[tick(i) for i in range(10000)])
    print(len(results), sum(results))
`,
  },
  {
    name: '10,000 tasks through Semaphore(10)',
    kind: 'async',
    source: `
import asyncio

async def job(sem, i, done):
    async with sem:
        await asyncio.sleep(0)
        done.append(i)

async def main():
    sem = asyncio.Semaphore(10)
    done = []
    await asyncio.gather(*[job(sem, i, done) for i in range(10000)])
    print(len(done), sum(done))
`,
  },
  {
    name: 'Queue ping-pong, 20,000 messages',
    kind: 'async',
    source: `
import asyncio

async def ping(out, back, rounds):
    total = 0
    for i in range(rounds):
        await out.put(i)
        total += await back.get()
    await out.put(None)
    return total

async def pong(inbox, reply):
    while True:
        x = await inbox.get()
        if x is None:
            return
        await reply.put(x + 1)

async def main():
    there, back = asyncio.Queue(), asyncio.Queue()
    # 10,000 messages each way.
    total, _ = await asyncio.gather(ping(there, back, 10000), pong(there, back))
    print(total)
`,
  },
];

// The site: each engine's files as the package ships them, the loaders, a
// page that measures the first output and an empty page for the programs.
const site = await mkdtemp(join(tmpdir(), 'looplab-bench-peers-'));
await cp(join(repo, 'pkg', 'web'), join(site, 'looplab'), { recursive: true });
await cp(pyodidePkg, join(site, 'pyodide'), { recursive: true });
await cp(micropythonPkg, join(site, 'micropython'), { recursive: true });
await cp(join(benchDir, 'engines.js'), join(site, 'engines.js'));
await writeFile(join(site, 'index.html'), '<!doctype html><link rel="icon" href="data:,"><title>bench</title>');
await writeFile(
  join(site, 'first.html'),
  `<!doctype html><link rel="icon" href="data:,"><title>first output</title>
<script type="module">
  import { engines } from './engines.js';
  const engine = new URLSearchParams(location.search).get('engine');
  const pystackKW = Number(new URLSearchParams(location.search).get('pystack'));
  // performance.now() counts from navigation start (performance.timeOrigin).
  let first = null;
  const onLine = (line) => { first ??= { ms: performance.now(), line }; };
  try {
    const e = await engines[engine](onLine, { pystackKW });
    const r = await e.run('print("hi")\\n', 'plain');
    window.__first = first ?? { error: r.error ?? 'printed nothing' };
  } catch (err) {
    window.__first = { error: String(err && err.message ? err.message : err) };
  }
</script>`,
);

// Which files each first-output page fetched (the engine's Worker's
// requests included, which the page's own events would not all show).
let requested = null;
const server = await serveStatic(site);
server.on('request', (req) => requested?.push(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
const base = `http://127.0.0.1:${server.address().port}/`;

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
function withTimeout(promise, ms) {
  let timer;
  const limit = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

const loadAtStart = loadavg();
const browser = await launchChromium();
const chromiumVersion = browser.version();
const results = {}; // results[program][engine] = { best, samples, out, error }
const firstOutput = {};
const payload = {};
const payloadRows = [];
const runtimeVersions = {};
try {
  // A throw-away page, so that Chromium's own start-up is not counted.
  {
    const context = await browser.newContext();
    await (await context.newPage()).goto(`${base}index.html`);
    await context.close();
  }

  // 1. Navigation → first output: a fresh context per load (no cache, no
  // engine left from the previous load).
  for (const engine of ENGINES) {
    const samples = [];
    let error = null;
    let line = null;
    for (let rep = 0; rep < reps && !error; rep++) {
      requested = [];
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${base}first.html?engine=${engine.id}&pystack=${pystackKW}`);
        await page.waitForFunction(() => window.__first, null, { timeout: RUN_TIMEOUT_MS });
        const first = await page.evaluate(() => window.__first);
        if (first.error) error = first.error;
        else {
          samples.push(first.ms);
          line = first.line;
        }
      } catch (e) {
        error = e.message.split('\n')[0];
      } finally {
        await context.close();
      }
      if (rep === 0) payload[engine.id] = [...new Set(requested.filter((p) => p.startsWith(`/${engine.dir}/`)))];
      requested = null;
      await sleep(PAUSE_MS);
    }
    firstOutput[engine.id] = { samples, best: samples.length ? Math.min(...samples) : null, out: line === null ? '' : `${line}\n`, error };
  }

  // 2–8. One page per engine, loaded once; the programs take turns across
  // the engines, so drift in the machine's load touches all three alike.
  const pages = {};
  const openEngine = async (engine) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}index.html`);
    await page.evaluate(
      async ({ id, pystackKW }) => {
        const { engines } = await import('./engines.js');
        window.__engine = await engines[id](null, { pystackKW });
      },
      { id: engine.id, pystackKW },
    );
    pages[engine.id] = { context, page };
  };
  for (const engine of ENGINES) await openEngine(engine);

  for (const engine of ENGINES) {
    const probe = 'import sys\nprint(sys.version)\n';
    const r = await pages[engine.id].page.evaluate((src) => window.__engine.run(src, 'plain'), probe);
    runtimeVersions[engine.id] = r.error ? null : r.out.trim();
  }
  await sleep(PAUSE_MS);

  for (const program of PROGRAMS) {
    results[program.name] = {};
    for (const engine of ENGINES) {
      const samples = [];
      let out = null;
      let error = null;
      for (let rep = 0; rep < reps && !error; rep++) {
        try {
          const r = await withTimeout(
            pages[engine.id].page.evaluate(({ source, kind }) => window.__engine.run(source, kind), program),
            RUN_TIMEOUT_MS,
          );
          if (r.error) error = r.error;
          else {
            samples.push(r.ms);
            out ??= r.out;
          }
        } catch (e) {
          // The page crashed or hung: note it and give the engine a new page
          // for the programs after this one.
          error = e.message.split('\n')[0];
          await pages[engine.id].context.close().catch(() => {});
          await openEngine(engine);
        }
        await sleep(PAUSE_MS);
      }
      results[program.name][engine.id] = { samples, best: samples.length ? Math.min(...samples) : null, out, error };
    }
  }
  for (const { context } of Object.values(pages)) await context.close();

  // Payload: the files each engine's first-output page fetched, gzip -9 each.
  for (const engine of ENGINES) {
    let raw = 0;
    let gz = 0;
    const files = [];
    for (const path of payload[engine.id] ?? []) {
      const bytes = await readFile(join(site, path)).catch(() => null);
      if (!bytes) continue;
      const g = gzipSync(bytes, { level: 9 }).length;
      raw += bytes.length;
      gz += g;
      files.push([path.slice(engine.dir.length + 2), g]);
    }
    files.sort((a, b) => b[1] - a[1]);
    payloadRows.push(
      `  ${engine.name.padEnd(12)} ${kb(gz).padStart(10)} gzip  (${kb(raw)} raw, ${files.length} files: ${files
        .map(([f, g]) => `${f} ${kb(g)}`)
        .join(', ')})`,
    );
  }
} finally {
  await browser.close();
  server.close();
  await rm(site, { recursive: true, force: true });
}

// The table. Pyodide's output is the reference (it is CPython); an engine
// that printed something else is marked and its output listed below.
const failures = [];
const mismatches = [];
const cell = (r, engine, reference, program) => {
  if (!r) return 'n/a';
  if (r.error) {
    failures.push(`${engine.name} fails "${program}": ${r.error}`);
    return 'fails';
  }
  if (reference !== null && r.out !== reference) {
    mismatches.push(`${engine.name} printed ${JSON.stringify(r.out)} for "${program}", Pyodide ${JSON.stringify(reference)}`);
    return `${fmtMs(r.best)} (≠)`;
  }
  return fmtMs(r.best);
};
const ratio = (a, b) => (a && b && !a.error && !b.error ? `${(a.best / b.best).toFixed(2)}×` : 'n/a');
const rows = [['first output after navigation (print("hi"), engine load included)', firstOutput], ...PROGRAMS.map((p) => [p.name, results[p.name]])];

const cpu = cpus();
const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`Looplab beside Pyodide and MicroPython — ${new Date().toISOString()}`);
console.log(`command:  node scripts/bench-peers.mjs ${process.argv.slice(2).join(' ')}`.trimEnd());
console.log(`machine:  node ${process.version}, Chromium ${chromiumVersion}, ${cpu.length} CPU (${cpu[0]?.model ?? '?'}), load average ${load(loadAtStart)} at start, ${load(loadavg())} at end`);
console.log('engines:');
console.log(`  Looplab      ${versions.looplab} (npm package from pkg/, run() with default options: virtual clock, trace 'summary'; sys.version: ${runtimeVersions.looplab ?? 'n/a'})`);
console.log(`  Pyodide      ${versions.pyodide} (loadPyodide from its npm folder; Python ${runtimeVersions.pyodide?.split(' ')[0] ?? '?'})`);
console.log(`  MicroPython  ${versions.micropython} (@micropython/micropython-webassembly-pyscript, default heap (it grows), pystack ${pystackKW}K words instead of 2K; sys.version ${runtimeVersions.micropython ?? '?'})`);
console.log('payload (what the first-output page fetched for each engine, served uncompressed from 127.0.0.1; gzip -9 per file, KB = 1000 bytes):');
for (const row of payloadRows) console.log(row);
const timing = `timing:   wall-clock ms from performance.now() in the page around each engine's call, not
          time.perf_counter() inside Python (Looplab's asyncio clock is virtual). Looplab: await run(source)
          (async programs end with asyncio.run(main())), which includes handing the program to a Worker and
          getting the result back; Pyodide and MicroPython: runPython(source), or for async programs
          await runPythonAsync(source + "await main()"), on the page's thread. Best of ${reps} runs, ${PAUSE_MS} ms
          pause between runs. First output: navigation start (performance.timeOrigin) to the first printed
          line, a fresh browser context each time, engine download and start-up included.
          Ratios above 1× mean Looplab is slower.`;
console.log(timing);
console.log('');
console.log('| program | Looplab ms | Pyodide ms | MicroPython ms | Looplab/Pyodide | Looplab/MicroPython |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, r] of rows) {
  const reference = r.pyodide && !r.pyodide.error ? r.pyodide.out : null;
  const cells = ENGINES.map((e) => cell(r[e.id], e, reference, name));
  console.log(`| ${name} | ${cells.join(' | ')} | ${ratio(r.looplab, r.pyodide)} | ${ratio(r.looplab, r.micropython)} |`);
}
console.log('');
for (const f of failures) console.log(`- ${f}`);
if (mismatches.length) for (const m of mismatches) console.log(`- ≠ ${m}`);
else console.log('- every engine that ran a program printed what Pyodide printed');
console.log('');
console.log('what each program printed (Pyodide), and all samples (ms):');
for (const [name, r] of rows) {
  const s = ENGINES.map((e) => `${e.name} ${r[e.id]?.samples.map(fmtMs).join(' ') || '-'}`).join('; ');
  console.log(`  ${name}: ${JSON.stringify(r.pyodide?.out ?? '')}`);
  console.log(`    ${s}`);
}
