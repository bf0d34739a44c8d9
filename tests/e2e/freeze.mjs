// Programs that used to freeze the page when the engine ran on its thread
// (issue "The page never freezes"), and how to measure a run of one in the
// page: the longest gap between animation frames while it runs, how long
// Stop takes to give the page back, and the JS heap. Shared by the
// end-to-end test (tests/e2e/never-freezes.test.mjs) and the budget script
// (scripts/budget.mjs).

import { setCode } from './serve.mjs';

export const PROGRAMS = [
  // Each turn of the loop does some work (a few µs) for its three steps:
  // with `pass` alone it reaches the 50,000,000-step limit and ends by
  // itself in under 2 s on a fast machine, before the test presses Stop.
  {
    id: 'plain-loop',
    title: 'def spin(): while True: sum(range(1000))',
    source: 'def spin():\n    while True:\n        total = sum(range(1000))\n\nspin()\n',
  },
  { id: 'print-flood', title: 'while True: print(...)', source: 'i = 0\nwhile True:\n    print("line", i, "of a beginner\'s print loop")\n    i += 1\n' },
  { id: 'recursion', title: 'def f(n): return f(n + 1)', source: 'def f(n):\n    return f(n + 1)\n\nf(0)\n' },
  { id: 'big-sort', title: 'list(range(3_000_000)).sort(key=...)', source: 'xs = list(range(3_000_000))\nxs.sort(key=lambda x: -x)\nprint(xs[0])\n' },
  { id: 'endless-generator', title: 'sum() of an endless generator', source: 'def g():\n    while True:\n        yield 1\n\nprint(sum(g()))\n' },
  { id: 'fib', title: 'fib(25) in a plain def', source: 'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\nprint(fib(25))\n' },
  {
    id: 'ten-thousand-tasks',
    title: '10,000 tasks in real time',
    source:
      'import asyncio\n\nasync def tick(i):\n    await asyncio.sleep(0.2 + (i % 50) / 100)\n    return i\n\nasync def main():\n    r = await asyncio.gather(*(tick(i) for i in range(10_000)))\n    print(len(r))\n\nasyncio.run(main())\n',
  },
];

/** Starts recording the gaps between animation frames in the page. */
export async function recordFrames(page) {
  await page.evaluate(() => {
    window.__gaps = [];
    window.__recording = true;
    let last = performance.now();
    const frame = (t) => {
      window.__gaps.push(t - last);
      last = t;
      if (window.__recording) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** Stops recording; returns the frame gaps in ms. */
export async function stopFrames(page) {
  return page.evaluate(() => {
    window.__recording = false;
    return window.__gaps;
  });
}

/** Clicks Stop; resolves to the ms until the status says Stopped (measured in the page). */
export async function stopLatency(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const status = document.querySelector('[data-testid="status"]');
        const t0 = performance.now();
        const done = () => status.textContent === 'Stopped';
        const obs = new MutationObserver(() => {
          if (done()) {
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        });
        obs.observe(status, { childList: true, characterData: true, subtree: true });
        document.querySelector('[data-testid="stop"]').click();
        if (done()) {
          obs.disconnect();
          resolve(performance.now() - t0);
        }
      }),
  );
}

/**
 * The page's memory in MB: the used JS heap (Chromium's DevTools metrics)
 * plus the page's wasm memory (which the JS heap does not count; the page
 * publishes it as window.__looplabWasmMemory). The engine's Worker is not counted: Stop ends it.
 */
export async function heapMB(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const wasm = await page.evaluate(() => window.__looplabWasmMemory?.buffer.byteLength ?? NaN);
    return (used + wasm) / 1e6;
  } finally {
    await cdp.detach();
  }
}

export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : 0;
};

/**
 * Runs `program` in the page for up to `runMs` (real time or instant),
 * then stops it if it still runs. Returns { longestFrame, p95Frame,
 * stopMs (null if it ended by itself), status, heapMB }.
 */
export async function measure(page, program, { clock = 'real', runMs = 2000 } = {}) {
  await page.getByTestId('clock').selectOption(clock === 'real' ? 'real' : 'instant');
  await setCode(page, program.source);
  await recordFrames(page);
  await page.getByTestId('run').click();
  const t0 = Date.now();
  while (Date.now() - t0 < runMs) {
    const s = await page.getByTestId('status').textContent();
    if (!/Running|Paused/.test(s)) break;
    await page.waitForTimeout(100);
  }
  const running = /Running|Paused/.test(await page.getByTestId('status').textContent());
  const stopMs = running ? await stopLatency(page) : null;
  const gaps = await stopFrames(page);
  return {
    longestFrame: Math.max(0, ...gaps),
    p95Frame: percentile(gaps, 95),
    frames: gaps.length,
    stopMs,
    status: await page.getByTestId('status').textContent(),
    heapMB: await heapMB(page),
    // The longest time one frame spent applying events (src/page/state.rs).
    applyMaxMs: await page.evaluate(() => window.__looplabStats?.applyMaxMs ?? null),
  };
}
