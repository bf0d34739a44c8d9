// The Node entry of the `looplab` package: the wasm-bindgen `nodejs` build
// (CommonJS, loads its wasm synchronously), as ES module exports.
import { createRequire } from 'node:module';

const wasm = createRequire(import.meta.url)('./looplab.js');

export async function run(source, options) {
  return wasm.run(source, options);
}

export async function mount() {
  throw new Error('mount: needs a browser page (use run() in Node)');
}

export async function examples() {
  return wasm.examples();
}
