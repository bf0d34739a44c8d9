// Starts the mock API's Service Worker and tells the page when requests to
// api/... will reach it (document.documentElement.dataset.mockApi is
// "ready" or "unavailable"), so tests and the page can wait for it.
import { startMockApi } from './mock-api.js';

startMockApi().then((ok) => {
  document.documentElement.dataset.mockApi = ok ? 'ready' : 'unavailable';
});
