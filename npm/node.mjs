// The Node entry of the `looplab` package. It loads the same engine the
// browser build runs in its Worker (web/looplab_engine.js and its wasm:
// one copy in the package), synchronously from disk, and runs programs
// in-process on a virtual clock.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { exercisesJson, initSync, runInProcess } from '../web/looplab_engine.js';
import { checkCheck, checkResult, checkRun } from '../web/options.js';

initSync({ module: readFileSync(new URL('../web/looplab_engine_bg.wasm', import.meta.url)) });
const examplesList = createRequire(import.meta.url)('./examples.json');

export async function run(source, options) {
  const o = checkRun(source, options);
  if (o.clock === 'real') throw new Error("run: clock 'real' needs a browser page; use 'virtual' here");
  return JSON.parse(runInProcess(o.source, o.seed, o.names, o.values, o.trace, false, ''));
}

export async function test(source, options) {
  const o = checkRun(source, options, 'test');
  return JSON.parse(runInProcess(o.source, o.seed, o.names, o.values, o.trace, true, ''));
}

export async function mount() {
  throw new Error('mount: needs a browser page (use run() in Node)');
}

export async function examples() {
  return [...examplesList];
}

export async function exercises() {
  return JSON.parse(exercisesJson());
}

export async function check(id, source) {
  const o = checkCheck(id, source);
  return checkResult(o.id, JSON.parse(runInProcess(o.source, 0, [], [], 'summary', false, o.id)));
}
