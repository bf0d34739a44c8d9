// The browser entry of the `looplab` package. Programs run in the engine's
// dedicated Worker (engine-worker.js, next to this file), never on the
// page's thread; this module (the widget and the client of the engine)
// loads its wasm once, on first use.
import init, * as wasm from './looplab.js';
import { checkCheck, checkResult, checkRun } from './options.js';

let ready;
const load = () =>
  (ready ??= init({ module_or_path: new URL('./looplab_bg.wasm', import.meta.url) }).then(() => {
    wasm.setEngineUrl(new URL('./engine-worker.js', import.meta.url).href);
  }));

export async function run(source, options) {
  const o = checkRun(source, options);
  await load();
  return wasm.run(o.source, o.clock, o.seed, o.names, o.values, o.trace, false, '');
}

export async function test(source, options) {
  const o = checkRun(source, options, 'test');
  await load();
  return wasm.run(o.source, 'virtual', o.seed, o.names, o.values, o.trace, true, '');
}

export async function mount(element, options) {
  await load();
  return wasm.mount(element, options);
}

export async function examples() {
  await load();
  return wasm.examples();
}

export async function exercises() {
  await load();
  return JSON.parse(wasm.exercisesJson());
}

export async function check(id, source) {
  const o = checkCheck(id, source);
  await load();
  return checkResult(o.id, await wasm.run(o.source, 'virtual', 0, [], [], 'summary', false, o.id));
}
