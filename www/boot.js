// Starts the engine's Worker unless the page has started one already, and
// starts the mock API's Service Worker, telling the page when requests to
// api/... will reach it (document.documentElement.dataset.mockApi is
// "ready" or "unavailable"), so tests and the page can wait for it.
//
// trunk's loader of the page's module comes before this script in
// index.html and awaits the module, so in Chromium this runs only once the
// page has mounted, and the page has started its Worker then (src/client.rs
// sets __looplabEngineStarted): a second engine would only take the CPU
// from the first. Where this runs first, the page takes over its Worker.
import { startMockApi } from './mock-api.js';

if (!window.__looplabEngineStarted) {
  try {
    const worker = new Worker(new URL('engine-worker.js', document.baseURI), { type: 'module' });
    // The page's client takes it over (src/client.rs); a Worker started
    // before the Service Worker controls the page cannot reach the mock
    // API, so the client knows which this is.
    window.__looplabEngine = { worker, controlled: !!navigator.serviceWorker?.controller };
  } catch (error) {
    console.warn('Looplab: could not start the engine early:', error);
  }
}

startMockApi().then((ok) => {
  document.documentElement.dataset.mockApi = ok ? 'ready' : 'unavailable';
});
