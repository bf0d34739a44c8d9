// The browser entry of the `looplab` package: loads the wasm once, on first
// use, from next to this file.
import init, * as wasm from './looplab.js';

let ready;
const load = () => (ready ??= init({ module_or_path: new URL('./looplab_bg.wasm', import.meta.url) }));

export async function run(source, options) {
  await load();
  return wasm.run(source, options);
}

export async function mount(element, options) {
  await load();
  return wasm.mount(element, options);
}

export async function examples() {
  await load();
  return wasm.examples();
}

/** Internal: the micro-benchmarks scripts/bench-browser.mjs runs. */
export async function benchmarks() {
  await load();
  return { runtimeSpawn: wasm.benchRuntimeSpawn, spawnLocal: wasm.benchSpawnLocal };
}
