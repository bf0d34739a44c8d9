// The page never freezes: programs that froze it when the engine ran on
// its thread now run in the engine's Worker; the page keeps drawing frames
// and Stop ends any of them at once. These tests guard against a freeze
// with wide margins (a frozen page misses them by seconds); the budgets
// themselves (50 ms frames, 100 ms Stop, 300 MB heap) are measured and
// printed by scripts/budget.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, openPage as openOn, setCode, siteUnderTest } from './serve.mjs';
import { PROGRAMS, measure } from './freeze.mjs';

const site = siteUnderTest({ before, after });

const openPage = () => openOn(site);

const byId = (id) => PROGRAMS.find((p) => p.id === id);

for (const id of ['plain-loop', 'print-flood', 'endless-generator']) {
  test(`${byId(id).title}: the page keeps drawing frames and Stop ends it at once`, async () => {
    const { context, page, problems } = await openPage();
    try {
      const m = await measure(page, byId(id), { clock: 'real', runMs: 1500 });
      assert.ok(m.stopMs !== null, `${id} ended by itself (${m.status})`);
      assert.ok(m.frames > 20, `only ${m.frames} frames in 1.5 s`);
      assert.ok(m.longestFrame < 500, `a frame took ${m.longestFrame} ms`);
      assert.ok(m.stopMs < 1000, `Stop took ${m.stopMs} ms`);
      assert.equal(m.status, 'Stopped');
      // The next run starts at once on the fresh engine.
      await setCode(page, 'print("again")\n');
      await page.getByTestId('run').click();
      await page.locator('[data-testid="output"] .line', { hasText: 'again' }).waitFor({ timeout: 5_000 });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('a print flood keeps the page bounded: the latest lines shown, all counted', async () => {
  const { context, page } = await openPage();
  try {
    const m = await measure(page, byId('print-flood'), { clock: 'instant', runMs: 3000 });
    assert.equal(m.status, 'Stopped');
    const count = await page.getByTestId('output-count').textContent();
    const total = Number(count.match(/^(\d+) lines/)?.[1] ?? 0);
    assert.ok(total > 10_000, count);
    assert.match(count, /earlier lines not shown/);
    assert.ok((await page.locator('[data-testid="output"] .line').count()) < 200, 'the output is windowed');
    assert.ok(m.heapMB < 300, `heap ${m.heapMB} MB`);
    await page.screenshot({ path: join(artifactsDir, 'print-flood.png') });
  } finally {
    await context.close();
  }
});

for (const id of ['recursion', 'big-sort', 'fib']) {
  test(`${byId(id).title}: ends by itself without freezing the page`, async () => {
    const { context, page } = await openPage();
    try {
      const m = await measure(page, byId(id), { clock: 'instant', runMs: 20_000 });
      assert.equal(m.stopMs, null, `still running: ${m.status}`);
      assert.ok(m.longestFrame < 500, `a frame took ${m.longestFrame} ms`);
      if (id === 'recursion') {
        assert.match(await page.getByTestId('error').textContent(), /RecursionError/);
      } else {
        // CPython prints 2999999 and 75025.
        const want = id === 'fib' ? '75025' : '2999999';
        assert.match(await page.getByTestId('output').textContent(), new RegExp(want));
      }
    } finally {
      await context.close();
    }
  });
}

test('the mock API Service Worker answers requests made from the engine Worker', async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.waitForFunction(() => document.documentElement.dataset.mockApi === 'ready', null, { timeout: 10_000 });
    await page.getByTestId('clock').selectOption('real');
    await setCode(
      page,
      'import asyncio, aiohttp\n\nasync def main():\n    async with aiohttp.ClientSession() as s:\n        async with s.get("/api/users/1") as r:\n            print(r.status, r.headers.get("x-looplab-mock"), (await r.json())["name"])\n\nasyncio.run(main())\n');
    await page.getByTestId('run').click();
    await page.locator('[data-testid="output"] .line', { hasText: '200' }).waitFor({ timeout: 10_000 });
    const out = await page.getByTestId('output').textContent();
    // Only the Service Worker sets this header: the static server would answer 404.
    assert.match(out, /200 1 /, out);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
