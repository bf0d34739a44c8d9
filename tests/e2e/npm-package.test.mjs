// The npm package (pkg/, from scripts/build-npm) as a user gets it: `npm
// pack`, installed into a scratch project, then `import { run } from
// 'looplab'` in Node 20 with no bundler, and `mount`/`run` in Chromium from
// the installed files through the example page www/embed.html.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { artifactsDir, launchChromium, repoRoot, serveStatic } from './serve.mjs';

const exec = promisify(execFile);
const pkgDir = join(repoRoot, 'pkg');
let scratch;
let server;
let browser;

before(async () => {
  assert.ok(await stat(join(pkgDir, 'package.json')).catch(() => null), 'pkg/ is missing: run scripts/build-npm first');
  scratch = await mkdtemp(join(tmpdir(), 'looplab-npm-'));
  await exec('npm', ['pack', pkgDir, '--pack-destination', scratch], { cwd: scratch });
  const tarball = (await readdir(scratch)).find((f) => f.endsWith('.tgz'));
  await writeFile(join(scratch, 'package.json'), '{ "name": "scratch", "private": true, "type": "module" }\n');
  await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: scratch });
  // The example page, with the installed package's web build next to it.
  const site = join(scratch, 'site');
  await cp(join(repoRoot, 'www', 'embed.html'), join(site, 'embed.html'));
  await cp(join(scratch, 'node_modules', 'looplab', 'web'), join(site, 'looplab'), { recursive: true });
  server = await serveStatic(site);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test('Node 20: import { run } from "looplab" works with no bundler; bad input rejects with an Error', async () => {
  const script = `
import { run, test, mount, examples, exercises, check } from 'looplab';
const out = {};
const list = await exercises();
out.exercises = list.map((e) => [e.id, e.hints.length > 1, e.starter.length > 0]);
const pool = list.find((e) => e.id === 'pool-with-retry');
const solved = await check('pool-with-retry', pool.solution);
out.solved = { passed: solved.passed, n: solved.requirements.length, all: solved.requirements.every((r) => r.passed) };
const starter = await check('pool-with-retry', pool.starter);
out.starter = { passed: starter.passed, first: starter.requirements[0] };
out.badCheck = [];
for (const args of [['no-such-exercise', 'x = 1'], ['', 'x'], ['pub-sub', 42]]) {
  try { await check(...args); out.badCheck.push('resolved'); } catch (e) { out.badCheck.push((e instanceof Error) + ' ' + e.message); }
}
const tests = await test('import pytest\\n@pytest.mark.asyncio\\nasync def test_ok():\\n    assert 1 == 1\\ndef double(x):\\n    return 2 * x\\ndef test_bad():\\n    assert double(3) == 7\\n');
out.tests = { results: tests.tests.map((t) => [t.id, t.outcome, t.summary]), last: tests.stdout.trim().split('\\n').pop(), error: tests.error && tests.error.kind };
const prog = 'import asyncio\\nN = 3\\nasync def main():\\n    await asyncio.sleep(0.5)\\n    print("n =", N)\\nasyncio.run(main())\\n';
const r = await run(prog, { knobs: { N: 7 }, trace: 'events' });
out.ok = { stdout: r.stdout, elapsed: r.elapsed, error: r.error, types: [...new Set(r.trace.map((e) => e.type))], summary: r.summary };
const d = await run(prog);
out.plain = { stdout: d.stdout, hasTrace: 'trace' in d, summary: d.summary };
const n = await run(prog, { trace: 'none' });
out.none = { stdout: n.stdout, hasSummary: 'summary' in n };
const boom = await run('import asyncio\\nasync def main():\\n    raise ValueError("boom")\\nasyncio.run(main())\\n');
out.boom = boom.error;
out.bad = [];
for (const args of [[42], ['x', { nope: 1 }], ['x'.repeat(300000)], ['x', { clock: 'sundial' }], ['x', { seed: -1 }], ['x', { knobs: { N: 'many' } }], ['x', { trace: 'all' }], ['x', { clock: 'real' }]]) {
  try { await run(...args); out.bad.push('resolved'); } catch (e) { out.bad.push((e instanceof Error) + ' ' + e.message); }
}
try { await mount(null, {}); } catch (e) { out.mount = e.message; }
out.examples = (await examples()).length;
out.exported = ['looplab/package.json', 'looplab/looplab.wasm', 'looplab/engine.wasm', 'looplab/engine-lite.wasm', 'looplab/engine-worker.js', 'looplab/widget.css']
  .map((s) => import.meta.resolve(s).split('/node_modules/looplab/')[1]);
console.log(JSON.stringify(out));
`;
  await writeFile(join(scratch, 'check.mjs'), script);
  const { stdout } = await exec(process.execPath, ['check.mjs'], { cwd: scratch });
  const out = JSON.parse(stdout);
  // pytest's verdicts and wording (checked against pytest 9 in tests/pytest-corpus).
  assert.deepEqual(out.tests.results, [
    ['main.py::test_ok', 'passed', ''],
    ['main.py::test_bad', 'failed', 'assert 6 == 7'],
  ]);
  assert.match(out.tests.last, /^=+ 1 failed, 1 passed in 0\.00s =+$/);
  assert.deepEqual(out.ok.error, null);
  assert.equal(out.ok.stdout, 'n = 7\n');
  assert.equal(out.ok.elapsed, 0.5);
  for (const t of ['task_spawned', 'task_running', 'task_waiting', 'task_done', 'output']) assert.ok(out.ok.types.includes(t), t);
  // The module's task and main(); one line printed.
  assert.deepEqual(out.ok.summary, { ...out.ok.summary, tasks: 2, lines: 1, failed: 0, cancelled: 0 });
  assert.deepEqual(out.plain, { stdout: 'n = 3\n', hasTrace: false, summary: out.ok.summary });
  assert.deepEqual(out.none, { stdout: 'n = 3\n', hasSummary: false });
  assert.equal(out.boom.kind, 'exception');
  assert.equal(out.boom.message, 'ValueError: boom');
  assert.equal(out.boom.line, 3);
  assert.match(out.boom.traceback, /Traceback \(most recent call last\)/);
  assert.deepEqual(out.bad, [
    'true run: source must be a string, got number',
    "true run: unknown option 'nope' (expected clock, seed, knobs, trace)",
    'true run: the program is 293 KB; the limit is 256 KB',
    "true run: clock must be 'virtual' or 'real'",
    'true run: seed must be a whole number ≥ 0',
    "true run: knob 'N' must be a finite number",
    "true run: trace must be one of 'none', 'summary', 'events'",
    "true run: clock 'real' needs a browser page; use 'virtual' here",
  ]);
  assert.equal(out.mount, 'mount: needs a browser page (use run() in Node)');
  assert.ok(out.examples >= 18);
  // The exports map exposes the files a host may need to point at.
  assert.deepEqual(out.exported, ['package.json', 'web/looplab_bg.wasm', 'web/looplab_engine_bg.wasm', 'web/looplab_engine_lite_bg.wasm', 'web/engine-worker.js', 'web/widget.css']);
  assert.deepEqual(out.exercises, [
    ['rate-limited-scraper', true, true],
    ['pool-with-retry', true, true],
    ['priority-scheduler', true, true],
    ['pub-sub', true, true],
    ['file-pipeline', true, true],
  ]);
  assert.deepEqual(out.solved, { passed: true, n: 8, all: true });
  assert.equal(out.starter.passed, false);
  assert.equal(out.starter.first.name, 'Defines `Pool` and runs without an exception');
  assert.equal(out.starter.first.passed, false);
  assert.match(out.starter.first.detail, /^NotImplementedError: connection\(\) \(line 11, in connection: /);
  assert.deepEqual(out.badCheck, [
    'true check: LookupError: there is no exercise "no-such-exercise" (the exercises are: rate-limited-scraper, pool-with-retry, priority-scheduler, pub-sub, file-pipeline)',
    'true check: the exercise id must be a non-empty string (see exercises())',
    'true check: source must be a string, got number',
  ]);
});

test('Node 20: deep recursion on the wasm engine raises RecursionError as CPython 3.11 does, never a crash', async () => {
  // Plain recursion and awaits to the limit of 1000 (frames on the heap),
  // and calls that nest in Rust (a class's __init__, yield from, key=)
  // stopped before the wasm stack runs out. Expected output: python3 3.11.
  const programs = {
    plain: [
      'import sys',
      'print(sys.getrecursionlimit())',
      'def down(n):',
      '    return 0 if n == 0 else 1 + down(n - 1)',
      'print(down(990))',
      'try:',
      '    down(5000)',
      'except RecursionError as e:',
      '    print("RecursionError", e)',
    ],
    awaits: [
      'import asyncio',
      'async def f(n):',
      '    if n == 0:',
      '        return 0',
      '    return 1 + await f(n - 1)',
      'async def main():',
      '    print(await f(900))',
      '    try:',
      '        print(await f(100000))',
      '    except RecursionError as e:',
      '        print("RecursionError", e)',
      'asyncio.run(main())',
    ],
    natives: [
      'def g(n):',
      '    if n:',
      '        yield from g(n - 1)',
      '    else:',
      '        yield "bottom"',
      'print(next(g(390)))',
      'class Node:',
      '    def __init__(self, n):',
      '        self.child = Node(n - 1) if n else None',
      'try:',
      '    Node(2000)',
      'except RecursionError:',
      '    print("init RecursionError")',
      'print(sorted([3, 1, 2], key=lambda x: sorted([x], key=lambda y: -y)[0]))',
    ],
  };
  const script = `
import { run } from 'looplab';
const programs = ${JSON.stringify(programs)};
const out = {};
for (const [name, lines] of Object.entries(programs)) {
  try {
    const r = await run(lines.join('\\n') + '\\n');
    out[name] = { stdout: r.stdout, error: r.error && r.error.message };
  } catch (e) {
    out[name] = { threw: String(e) };
  }
}
console.log(JSON.stringify(out));
`;
  await writeFile(join(scratch, 'deep.mjs'), script);
  const { stdout } = await exec(process.execPath, ['deep.mjs'], { cwd: scratch });
  const out = JSON.parse(stdout);
  assert.deepEqual(out.plain, { stdout: '1000\n990\nRecursionError maximum recursion depth exceeded\n', error: null });
  assert.deepEqual(out.awaits, { stdout: '900\nRecursionError maximum recursion depth exceeded\n', error: null });
  assert.deepEqual(out.natives, { stdout: 'bottom\ninit RecursionError\n[1, 2, 3]\n', error: null });
});

test('the browser: the example page mounts two widgets that run; run() works in the page', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/embed.html`);
    await page.waitForFunction(() => document.body.dataset.mounted === 'yes', null, { timeout: 30_000 });
    const widgets = page.locator('.looplab-widget');
    assert.equal(await widgets.count(), 2);

    const first = widgets.nth(0);
    await first.getByTestId('run').click();
    await first.locator('[data-testid="output"] .line', { hasText: 'job-6: done' }).waitFor({ timeout: 10_000 });
    const states = await first.getByTestId('task-row').evaluateAll((rows) => rows.map((r) => r.dataset.state));
    assert.ok(states.length >= 8 && states.every((s) => s === 'done'), states.join(','));

    const second = widgets.nth(1);
    const t0 = Date.now();
    await second.getByTestId('run').click();
    await second.locator('[data-testid="output"] .line', { hasText: 'slow 1' }).waitFor({ timeout: 10_000 });
    assert.ok(Date.now() - t0 >= 450, 'the real-time widget took real time');
    // The first widget kept its own output: the widgets share no state.
    assert.match(await first.getByTestId('output').textContent(), /job-6: done/);
    assert.doesNotMatch(await first.getByTestId('output').textContent(), /slow/);

    const fromPage = await page.evaluate(async () => {
      const { run } = await import('./looplab/index.js');
      const v = await run('import asyncio\nasync def main():\n    await asyncio.sleep(2)\n    print("virtual")\nasyncio.run(main())\n');
      const r = await run('import asyncio\nasync def main():\n    await asyncio.sleep(0.2)\n    print("real")\nasyncio.run(main())\n', { clock: 'real' });
      let rejected = '';
      try { await run(null); } catch (e) { rejected = e.message; }
      const { test } = await import('./looplab/index.js');
      const t = await test('def test_a():\n    assert [1] == [2]\n');
      const { check, exercises, mount } = await import('./looplab/index.js');
      const list = await exercises();
      const c = await check('pub-sub', list.find((e) => e.id === 'pub-sub').solution);
      const host = document.createElement('div');
      host.id = 'exercise-widget';
      document.body.appendChild(host);
      await mount(host, { exercise: 'file-pipeline' });
      let both = '';
      try { await mount(document.createElement('div'), { exercise: 'pub-sub', source: 'x' }); } catch (e) { both = e.message; }
      return {
        v: [v.stdout, v.elapsed], r: [r.stdout, r.elapsed >= 0.19], rejected, t: t.tests.map((x) => [x.outcome, x.summary]),
        c: [c.passed, c.requirements.length], both,
      };
    });
    assert.deepEqual(fromPage, {
      v: ['virtual\n', 2], r: ['real\n', true], rejected: 'run: source must be a string, got object',
      t: [['failed', 'assert [1] == [2]']],
      c: [true, 8], both: "mount: give exactly one of 'source', 'example' and 'exercise'",
    });
    // The exercise widget: its starter code fails the check, naming why.
    const widget = page.locator('#exercise-widget .looplab-widget');
    await widget.getByTestId('check').click();
    const verdict = widget.getByTestId('check-result');
    await verdict.waitFor({ timeout: 30_000 });
    assert.equal(await verdict.getAttribute('data-state'), 'fail');
    assert.match(await verdict.textContent(), /Counts with at most workers at once.*at most 1 count\(s\) ran at once/s);
    await page.screenshot({ path: join(artifactsDir, 'embed-widgets.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('types: mount(el, {}) and mixed options do not type-check; the right calls do', async () => {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  await writeFile(join(scratch, 'types.ts'), `
import { mount, run, check, type MountOptions } from 'looplab';
declare const el: HTMLElement;
await mount(el, { example: 'semaphore_limit' });
await mount(el, { source: 'print(1)', clock: 'real', readOnly: true });
await mount(el, { exercise: 'pub-sub' });
// @ts-expect-error: nothing to show
await mount(el, {});
// @ts-expect-error: two things to show
await mount(el, { source: 'x', example: 'semaphore_limit' });
// @ts-expect-error: not a clock
await mount(el, { example: 'semaphore_limit', clock: 'sundial' });
const options: MountOptions = { exercise: 'pub-sub' };
const r = await run('print(1)', { clock: 'virtual', trace: 'events' });
const n: number = r.elapsed;
const c = await check('pub-sub', 'x');
const ok: boolean = c.passed && options !== null && n >= 0;
export { ok };
`);
  await writeFile(join(scratch, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], skipLibCheck: false },
    files: ['types.ts'],
  }));
  // Exits non-zero on any error, an unused @ts-expect-error included.
  const result = await exec(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: scratch }).catch((e) => e);
  assert.equal(result.code ?? 0, 0, `tsc: ${result.stdout}${result.stderr}`);
});

test('a strict Content-Security-Policy, and a widget inside a shadow root: styled, and it runs', async () => {
  // No 'unsafe-inline', no 'unsafe-eval': only 'wasm-unsafe-eval' and the
  // page's own origin (the policy the package's README gives).
  // (img-src is the test page's own empty icon.)
  const policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; connect-src 'self'; img-src data:";
  const site = join(scratch, 'site');
  await writeFile(join(site, 'strict.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>strict</title><link rel="icon" href="data:,"></head>
<body><div id="plain"></div><shadow-demo id="boxed"></shadow-demo>
<script type="module" src="./strict.js"></script></body></html>`);
  await writeFile(join(site, 'strict.js'), `import { mount } from './looplab/index.js';
customElements.define('shadow-demo', class extends HTMLElement {
  constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<div id="inner"></div>'; }
});
const src = 'import asyncio\\nasync def main():\\n    await asyncio.sleep(0.1)\\n    print("hello from", "%s")\\nasyncio.run(main())\\n';
await mount(document.getElementById('plain'), { source: src.replace('%s', 'the page') });
await mount(document.getElementById('boxed').shadowRoot.getElementById('inner'), { source: src.replace('%s', 'the shadow') });
document.body.dataset.mounted = 'yes';
`);
  const context = await browser.newContext({ viewport: { width: 900, height: 1400 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/strict.html`);
    await page.waitForFunction(() => document.body.dataset.mounted === 'yes', null, { timeout: 30_000 });
    for (const [where, text] of [['#plain', 'the page'], ['#boxed #inner', 'the shadow']]) {
      const widget = page.locator(`${where} .looplab-widget`);
      await widget.getByTestId('run').click();
      await widget.locator('[data-testid="output"] .line', { hasText: `hello from ${text}` }).waitFor({ timeout: 10_000 });
      // Styled: the widget's own border and rounded corners.
      const look = await widget.evaluate((w) => {
        const s = getComputedStyle(w);
        return [s.borderTopStyle, s.borderTopLeftRadius, s.display];
      });
      assert.deepEqual(look, ['solid', '10px', 'flex'], `${where} is unstyled`);
    }
    // No <style> element was needed, in the page or in the shadow root.
    const styles = await page.evaluate(() => [
      document.querySelectorAll('style').length,
      document.getElementById('boxed').shadowRoot.querySelectorAll('style').length,
    ]);
    assert.deepEqual(styles, [0, 0]);
    await page.screenshot({ path: join(artifactsDir, 'embed-strict-csp-shadow.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
