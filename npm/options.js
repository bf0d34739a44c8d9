// Checks the arguments of run() once, for the browser and the Node builds
// alike: a bad call rejects with an Error that says what was wrong, before
// anything runs. Returns what the wasm functions take.

/** The largest program run() accepts, in bytes (UTF-8). */
export const MAX_SOURCE_BYTES = 256 * 1024;
const KEYS = ['clock', 'seed', 'knobs', 'trace'];
const TRACES = ['none', 'summary', 'events'];

export function checkRun(source, options, fn = 'run') {
  if (typeof source !== 'string') {
    throw new Error(`${fn}: source must be a string, got ${source === null ? 'object' : typeof source}`);
  }
  const bytes = new TextEncoder().encode(source).length;
  if (bytes > MAX_SOURCE_BYTES) {
    throw new Error(`${fn}: the program is ${Math.ceil(bytes / 1024)} KB; the limit is ${MAX_SOURCE_BYTES / 1024} KB`);
  }
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new Error(`${fn}: options must be an object`);
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) throw new Error(`${fn}: unknown option '${key}' (expected ${KEYS.join(', ')})`);
  }
  const { clock = 'virtual', seed = 0, knobs = {}, trace = 'summary' } = options;
  if (clock !== 'virtual' && clock !== 'instant' && clock !== 'real') {
    throw new Error(`${fn}: clock must be 'virtual' or 'real'`);
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 9e15) {
    throw new Error(`${fn}: seed must be a whole number ≥ 0`);
  }
  if (typeof knobs !== 'object' || knobs === null || Array.isArray(knobs)) {
    throw new Error(`${fn}: knobs must be an object of numbers`);
  }
  const names = [], values = [];
  for (const [name, value] of Object.entries(knobs)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${fn}: knob '${name}' must be a finite number`);
    names.push(name);
    values.push(value);
  }
  if (!TRACES.includes(trace)) throw new Error(`${fn}: trace must be one of ${TRACES.map((t) => `'${t}'`).join(', ')}`);
  return { source, clock: clock === 'real' ? 'real' : 'virtual', seed, names, values, trace };
}

/** Checks check()'s arguments; returns the exercise id and the source. */
export function checkCheck(id, source) {
  if (typeof id !== 'string' || id === '') throw new Error('check: the exercise id must be a non-empty string (see exercises())');
  checkRun(source, {}, 'check');
  return { id, source };
}

/** What check() resolves to, from run()'s result with an exercise. */
export function checkResult(id, result) {
  if (!result.check) {
    throw new Error(`check: ${result.error?.message ?? `exercise '${id}' gave no verdicts`}`);
  }
  return { ...result.check, stdout: result.stdout, stderr: result.stderr, error: result.error, elapsed: result.elapsed };
}
