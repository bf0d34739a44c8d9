// The engine's dedicated Worker: loads the engine's wasm (crates/engine)
// and hands it the page's messages. Messages that arrive while the wasm
// loads are kept, in order, and given to the engine once it starts.
import init, { startEngine } from './looplab-engine.js';

// asyncpg's SQL engine (crates/sql-wasm, SQLite) is a module of its own,
// fetched the first time a program imports asyncpg: the engine calls this
// and gets the module's `handle(bytes) -> bytes`.
// Both are named as files (`new URL`), not imported: a bundler copies them
// and keeps this Worker one chunk (Vite 5 to 7 build Workers in a format
// that cannot split).
const sqlScript = new URL('./looplab-sql-wasm.js', import.meta.url);
const sqlWasm = new URL('./looplab-sql-wasm_bg.wasm', import.meta.url);
let sql = null;
self.__looplabLoadSql = () => {
  sql ??= import(/* @vite-ignore */ /* webpackIgnore: true */ sqlScript.href).then(async (m) => {
    await m.default({ module_or_path: sqlWasm });
    return m.handle;
  });
  return sql;
};

const early = [];
self.onmessage = (event) => early.push(event.data);

init({ module_or_path: new URL('./looplab-engine_bg.wasm', import.meta.url) })
  .then(() => startEngine(early))
  .catch((error) => {
    // The page sees this as the Worker's error event.
    setTimeout(() => {
      throw new Error(`the engine could not load: ${error && error.message ? error.message : error}`);
    });
  });
