// Runs before the page's own module: starts the engine's Worker at once
// (so its wasm loads in parallel with the page's), and starts the mock
// API's Service Worker, telling the page when requests to api/... will
// reach it (document.documentElement.dataset.mockApi is "ready" or
// "unavailable"), so tests and the page can wait for it.
import { startMockApi } from './mock-api.js';

try {
  const worker = new Worker(new URL('engine-worker.js', document.baseURI), { type: 'module' });
  // The page's client takes it over (src/client.rs); a Worker started
  // before the Service Worker controls the page cannot reach the mock API,
  // so the client knows which this is.
  window.__looplabEngine = { worker, controlled: !!navigator.serviceWorker?.controller };
} catch (error) {
  console.warn('Looplab: could not start the engine early:', error);
}

startMockApi().then((ok) => {
  document.documentElement.dataset.mockApi = ok ? 'ready' : 'unavailable';
});
