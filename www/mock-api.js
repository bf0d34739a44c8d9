// The page's side of the mock API (docs/mock-api.md): register the Service
// Worker in www/mock-api-sw.js and pass it the latency/jitter/fail knobs.
// mock-api-sw.js must be served from the same folder as the page.

let last = null; // the settings most recently given to setMockSettings

const post = (worker) => worker?.postMessage({ type: 'looplab-mock-settings', ...last });

/**
 * Registers the worker and waits (at most `timeoutMs`) until it controls this
 * page, i.e. until `fetch('api/...')` reaches it. Resolves true or false,
 * never rejects: false when Service Workers are unavailable (file://, plain
 * http on a non-local host, old or locked-down browsers).
 */
export async function startMockApi(timeoutMs = 3000) {
  const sw = globalThis.navigator?.serviceWorker;
  if (!sw) return false;
  const wasControlled = Boolean(sw.controller);
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
  const controlled = new Promise((resolve) => {
    sw.addEventListener('controllerchange', () => resolve(true), { once: true });
    if (sw.controller) resolve(true);
  });
  try {
    await Promise.race([sw.register('mock-api-sw.js', { scope: './' }), timeout]);
    // On a first visit the worker's activation claims the page. After a hard
    // reload an active worker does not, until it is pinged.
    if (!sw.controller) sw.ready.then((reg) => reg.active?.postMessage({ type: 'looplab-mock-ping' }));
    const ok = await Promise.race([controlled, timeout]);
    if (ok && last) post(sw.controller);
    if (ok && !wasControlled) warmCache();
    return ok;
  } catch (err) {
    console.warn('Looplab: mock API unavailable:', err);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Sends the knobs to the worker; it keeps them for later requests. Returns whether one got them. */
export function setMockSettings({ latency, jitter, fail }) {
  last = { latency, jitter, fail };
  const worker = globalThis.navigator?.serviceWorker?.controller;
  post(worker);
  return Boolean(worker);
}

// A new worker (after a deploy) starts with default settings: give it ours.
globalThis.navigator?.serviceWorker?.addEventListener('controllerchange', () => {
  if (last) post(navigator.serviceWorker.controller);
});

// The files of a first visit loaded before the worker was there, so it has no
// copy of them for offline use yet. Fetch them again through it (the HTTP
// cache usually answers).
function warmCache() {
  const here = new URL('./', document.baseURI).href;
  // The engine's files load inside its Worker, out of the page's sight.
  // (The full engine is not fetched here: it loads, through the worker,
  // the first time a program needs it.)
  const engine = ['engine-worker.js', 'looplab-engine-lite.js', 'looplab-engine-lite_bg.wasm'].map((f) => new URL(f, here).href);
  const urls = [location.href, ...engine, ...performance.getEntriesByType('resource').map((e) => e.name)];
  for (const url of new Set(urls)) {
    if (url.startsWith(here) && !url.startsWith(here + 'api/')) fetch(url).catch(() => {});
  }
}
