// The engine's dedicated Worker. It starts the first-run engine
// (crates/engine-lite: the interpreter and runtime without aiohttp,
// aiofiles, asyncpg, pytest, exercise checks and the rarer standard
// modules) and hands it the page's messages. Messages that arrive while
// the wasm loads are kept, in order, and given to the engine once it
// starts.
//
// A run the first-run engine cannot do (docs/size.md, cut 9) makes it call
// __looplabFullEngine: the full engine (crates/engine) loads and takes that
// run and every message after it, and the page hears `{ looplabEngine:
// 'full' }` (its later Workers then say the same to this script, which
// loads the full engine ahead of their first run).
import init, { startEngine } from './looplab-engine-lite.js';

// Fetched only when needed, and named as files (`new URL`), not imported:
// a bundler copies them and keeps this Worker one chunk (Vite 5 to 7 build
// Workers in a format that cannot split).
const fullScript = new URL('./looplab-engine.js', import.meta.url);
const fullWasm = new URL('./looplab-engine_bg.wasm', import.meta.url);
// asyncpg's SQL engine (crates/sql-wasm, SQLite) is a module of its own,
// fetched by the full engine the first time a program imports asyncpg: it
// calls this and gets the module's `handle(bytes) -> bytes`.
const sqlScript = new URL('./looplab-sql-wasm.js', import.meta.url);
const sqlWasm = new URL('./looplab-sql-wasm_bg.wasm', import.meta.url);

function failed(what, error) {
  // The page sees this as the Worker's error event.
  setTimeout(() => {
    throw new Error(`${what} could not load: ${error && error.message ? error.message : error}`);
  });
}

let sql = null;
self.__looplabLoadSql = () => {
  sql ??= import(/* @vite-ignore */ /* webpackIgnore: true */ sqlScript.href).then(async (m) => {
    await m.default({ module_or_path: sqlWasm });
    return m.handle;
  });
  return sql;
};

let full = null;
const loadFull = () =>
  (full ??= import(/* @vite-ignore */ /* webpackIgnore: true */ fullScript.href).then(async (m) => {
    await m.default({ module_or_path: fullWasm });
    return m;
  }));
// Called by the first-run engine when the page has said a full engine will
// be wanted: loading starts now, the run still comes through it.
self.__looplabPreloadFull = () => {
  loadFull().catch(() => {});
};

// The messages for the full engine, in order, until it starts.
let forFull = null;
self.__looplabFullEngine = (data) => {
  if (forFull) {
    forFull.push(data);
    return;
  }
  forFull = [data];
  self.onmessage = (event) => forFull.push(event.data);
  self.postMessage({ looplabEngine: 'full' });
  loadFull()
    .then((m) => {
      // startEngine takes over self.onmessage; what the first-run engine
      // still forwards afterwards goes straight to it.
      const kept = forFull;
      forFull = { push: (d) => self.onmessage({ data: d }) };
      m.startEngine(kept);
    })
    .catch((error) => failed('the full engine', error));
};

const early = [];
self.onmessage = (event) => {
  if (event.data?.looplabEngine === 'full') self.__looplabPreloadFull();
  early.push(event.data);
};

init({ module_or_path: new URL('./looplab-engine-lite_bg.wasm', import.meta.url) })
  .then(() => startEngine(early))
  .catch((error) => failed('the engine', error));
