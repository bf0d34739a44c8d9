// The Node entry of the `looplab` package: the engine's wasm-bindgen
// `nodejs` build (CommonJS, loads its wasm synchronously). Programs run
// in-process on a virtual clock.
import { createRequire } from 'node:module';
import { checkCheck, checkResult, checkRun } from './options.js';

const require = createRequire(import.meta.url);
const engine = require('./looplab_engine.js');
const examplesList = require('./examples.json');

export async function run(source, options) {
  const o = checkRun(source, options);
  if (o.clock === 'real') throw new Error("run: clock 'real' needs a browser page; use 'virtual' here");
  return JSON.parse(engine.runInProcess(o.source, o.seed, o.names, o.values, o.trace, false, ''));
}

export async function test(source, options) {
  const o = checkRun(source, options, 'test');
  return JSON.parse(engine.runInProcess(o.source, o.seed, o.names, o.values, o.trace, true, ''));
}

export async function mount() {
  throw new Error('mount: needs a browser page (use run() in Node)');
}

export async function examples() {
  return [...examplesList];
}

export async function exercises() {
  return JSON.parse(engine.exercisesJson());
}

export async function check(id, source) {
  const o = checkCheck(id, source);
  return checkResult(o.id, JSON.parse(engine.runInProcess(o.source, 0, [], [], 'summary', false, o.id)));
}
