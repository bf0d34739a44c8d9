// The Node entry of the `looplab` package. It loads the same engine the
// browser build runs in its Worker (web/looplab_engine.js and its wasm:
// one copy in the package), synchronously from disk, and runs programs
// in-process on a virtual clock. The engine has no exercises: they are in
// exercises.json (checkers included), and check() sends the checker.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, runInProcess } from '../web/looplab_engine.js';
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

/** The exercises, checkers included (a fresh copy each time). */
function exerciseList() {
  return JSON.parse(readFileSync(new URL('./exercises.json', import.meta.url), 'utf8'));
}

export async function exercises() {
  return exerciseList().map(({ checker, ...e }) => e);
}

export async function check(id, source) {
  const o = checkCheck(id, source);
  const list = exerciseList();
  const ex = list.find((e) => e.id === o.id);
  if (!ex) {
    const known = list.map((e) => e.id).join(', ');
    throw new Error(`check: LookupError: there is no exercise ${JSON.stringify(o.id)} (the exercises are: ${known})`);
  }
  return checkResult(o.id, JSON.parse(runInProcess(o.source, 0, [], [], 'summary', false, ex.checker)));
}
