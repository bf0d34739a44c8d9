// The browser entry of the `looplab` package. Programs run in the engine's
// dedicated Worker (engine-worker.js, next to this file), never on the
// page's thread; this module (the widget and the client of the engine)
// loads its wasm once, on first use.
import init, * as wasm from './looplab.js';
import { checkCheck, checkResult, checkRun } from './options.js';

// Vite's dev server (5 to 7) serves this module pre-bundled from
// node_modules/.vite/deps/, away from the files beside it, which it still
// serves where npm put them. (Not written as `new URL('…', import.meta.url)`,
// so that bundlers leave it alone.)
const VITE_DEPS_TO_FILES = '../../looplab/web/';
const inViteDeps = /\/node_modules\/\.vite\/deps[^/]*\//.test(import.meta.url);
const thisModule = import.meta.url;
const besideViteDeps = (name) => new URL(VITE_DEPS_TO_FILES + name, thisModule);

let ready;
const load = () =>
  (ready ??= init({
    module_or_path: inViteDeps ? besideViteDeps('looplab_bg.wasm') : new URL('./looplab_bg.wasm', import.meta.url),
  }).then(
    () => wasm.setEngineFactory(startEngine),
    (error) => {
      ready = undefined;
      throw new Error(
        `looplab: its wasm did not load (${error && error.message ? error.message : error}). ` +
          "The files next to the package's index.js must be served as they are; a bundler that does not copy " +
          "`new URL('…', import.meta.url)` files (esbuild, Rollup) needs the package's web/ folder copied next to the bundle.",
      );
    },
  ));

// Starts the engine's Worker. Written the way Vite and webpack 5 expect a
// Worker to be written, so that they bundle it with its wasm.
function startEngine() {
  if (inViteDeps) return new Worker(besideViteDeps('engine-worker.js'), { type: 'module' });
  const here = new URL(import.meta.url);
  // (webpack writes this module's file: URL here: not another origin.)
  if (typeof location !== 'undefined' && here.protocol.startsWith('http') && here.origin !== location.origin) {
    // The package is served from another origin (with CORS): a Worker
    // must come from the page's, so a tiny one imports the engine's script.
    const script = new URL('./engine-worker.js', import.meta.url).href;
    const blob = new Blob([`import ${JSON.stringify(script)};`], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(blob), { type: 'module' });
  }
  return new Worker(new URL('./engine-worker.js', import.meta.url), { type: 'module' });
}

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
