// The page side of scripts/bench-peers.mjs, served next to the engines'
// files: one loader per engine, each written the way an embedder would
// call that engine. A loader takes `onLine` (called with each printed line
// as soon as the page can see it) and resolves to `{ run(source, kind) }`,
// where `kind` is 'plain' (a whole program) or 'async' (a program that
// defines `async def main()`, which each engine drives its own way).
// `run` resolves to `{ ms, out, error }`: `ms` is wall time around the
// engine's call, from performance.now() — the only clock all three share
// (Looplab's asyncio clock is virtual by default, so time.perf_counter()
// inside a Looplab program would not measure the work).

// The last line of a Python traceback is the one that says what failed.
const lastLine = (text) =>
  String(text ?? '')
    .trim()
    .split('\n')
    .pop();

async function timed(call) {
  const t0 = performance.now();
  let error = null;
  try {
    await call();
  } catch (e) {
    error = lastLine(e && e.message ? e.message : e);
  }
  return { ms: performance.now() - t0, error };
}

export const engines = {
  // The npm package's run() with its default options (virtual clock, trace
  // summary). Each run goes to a fresh engine Worker, as run() always does.
  async looplab(onLine) {
    const { run } = await import('./looplab/index.js');
    return {
      async run(source, kind) {
        const program = kind === 'async' ? `${source}\nasyncio.run(main())\n` : source;
        let result = null;
        const t = await timed(async () => {
          result = await run(program);
        });
        // run() hands over the output with its result, so that is when an
        // embedder first sees a line.
        const out = result ? result.stdout : '';
        if (onLine) for (const line of out.split('\n').filter(Boolean)) onLine(line);
        return { ms: t.ms, out, error: t.error ?? (result && result.error ? result.error.message : null) };
      },
    };
  },

  // loadPyodide from the package's own folder (no CDN). Pyodide's event loop
  // is the page's own and already running: async programs go through
  // runPythonAsync with a top-level `await main()`, Pyodide's documented way
  // (asyncio.run() under a plain runPython fails: "Cannot stack switch
  // because the Python entrypoint was a synchronous function").
  async pyodide(onLine) {
    const { loadPyodide } = await import('./pyodide/pyodide.mjs');
    let lines = [];
    const py = await loadPyodide({
      indexURL: new URL('./pyodide/', import.meta.url).href,
      stdout: (line) => {
        lines.push(line);
        if (onLine) onLine(line);
      },
      stderr: () => {},
    });
    return {
      async run(source, kind) {
        lines = [];
        const t = await timed(async () => {
          if (kind === 'async') await py.runPythonAsync(`${source}\nawait main()\n`);
          else py.runPython(source);
        });
        return { ...t, out: lines.map((l) => `${l}\n`).join('') };
      },
    };
  },

  // The PyScript build of MicroPython, with its defaults but for the
  // Python stack: its 2048 words cannot hold gather(*10,000 tasks) ("pystack
  // exhausted"); the driver passes a larger one. (Its heap grows by itself.)
  // Its asyncio has no asyncio.run(); runPythonAsync takes top-level await.
  async micropython(onLine, { pystackKW = 64 } = {}) {
    const { loadMicroPython } = await import('./micropython/micropython.mjs');
    let lines = [];
    const mp = await loadMicroPython({
      url: new URL('./micropython/micropython.wasm', import.meta.url).href,
      pystack: pystackKW * 1024,
      stdout: (line) => {
        lines.push(line);
        if (onLine) onLine(line);
      },
      stderr: (line) => lines.push(`stderr: ${line}`),
    });
    return {
      async run(source, kind) {
        lines = [];
        const t = await timed(async () => {
          if (kind === 'async') await mp.runPythonAsync(`${source}\nawait main()\n`);
          else mp.runPython(source);
        });
        // An uncaught exception may come out on stderr rather than as a
        // rejection; either way the run failed.
        const err = lines.filter((l) => l.startsWith('stderr: ')).pop();
        const out = lines.filter((l) => !l.startsWith('stderr: '));
        return { ms: t.ms, out: out.map((l) => `${l}\n`).join(''), error: t.error ?? (err ? err.slice('stderr: '.length) : null) };
      },
    };
  },
};
