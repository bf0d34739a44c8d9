#!/usr/bin/env node
// Runtime overhead in the browser: spawn + complete per task with Looplab's
// runtime (tracing on and off) against raw wasm_bindgen_futures::spawn_local
// and against plain JS `Promise.all` of async functions, all measured in the
// same page run in headless Chromium. Prints ns per task and ratios.
//
//   bash scripts/build-npm && node scripts/bench-browser.mjs [N]
//
// A measurement, not a test: nothing here fails on a number.

import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, serveStatic } from '../tests/e2e/serve.mjs';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const n = Number(process.argv[2] ?? 100000);
const site = await mkdtemp(join(tmpdir(), 'looplab-bench-'));
await cp(join(repo, 'pkg', 'web'), join(site, 'looplab'), { recursive: true });
await writeFile(join(site, 'index.html'), '<!doctype html><link rel="icon" href="data:,"><title>bench</title>');
const server = await serveStatic(site);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  const rows = await page.evaluate(async (n) => {
    // The engine's module, loaded on the page itself: the benchmarks time
    // the runtime, not the Worker around it.
    const engine = await import('./looplab/looplab_engine.js');
    await engine.default({ module_or_path: new URL('./looplab/looplab_engine_bg.wasm', location.href) });
    const b = { runtimeSpawn: engine.benchRuntimeSpawn, spawnLocal: engine.benchSpawnLocal };
    const best = async (f) => {
      let min = Infinity;
      for (let i = 0; i < 7; i++) min = Math.min(min, await f());
      return (min * 1e6) / n; // ns per task
    };
    const promiseAll = async () => {
      const t0 = performance.now();
      const tasks = [];
      for (let i = 0; i < n; i++) tasks.push((async (x) => x)(i));
      await Promise.all(tasks);
      return performance.now() - t0;
    };
    b.runtimeSpawn(1000, false); // warm up
    return {
      off: await best(async () => b.runtimeSpawn(n, false)),
      on: await best(async () => b.runtimeSpawn(n, true)),
      spawnLocal: await best(() => b.spawnLocal(n)),
      promiseAll: await best(promiseAll),
    };
  }, n);
  console.log(`Chromium ${browser.version()}, ${n} tasks, best of 7, ns per spawned-and-completed task\n`);
  console.log('| runtime | ns/task | vs spawn_local | vs Promise.all |');
  console.log('|---|---:|---:|---:|');
  const line = (name, v) =>
    console.log(`| ${name} | ${v.toFixed(0)} | ${(v / rows.spawnLocal).toFixed(2)}× | ${(v / rows.promiseAll).toFixed(2)}× |`);
  line('looplab, tracing off', rows.off);
  line('looplab, tracing on', rows.on);
  line('wasm_bindgen_futures::spawn_local', rows.spawnLocal);
  line('JS Promise.all of async functions', rows.promiseAll);
} finally {
  await browser.close();
  server.close();
  await rm(site, { recursive: true, force: true });
}
