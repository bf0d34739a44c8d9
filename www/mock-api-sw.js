// Looplab's Service Worker (contract: docs/mock-api.md). It answers
// `<scope>api/...` with the mock JSON API, whose bodies must equal those of
// the Rust simulation byte for byte, and keeps copies of the site's files so
// it opens offline. The request logic is plain functions, tested in node by
// tests/mock-api.test.mjs.
'use strict';

const CACHE_PREFIX = 'looplab-site-';
const CACHE_VERSION = 'v1'; // bump to drop the files older workers cached
const DEFAULTS = { latency: 100, jitter: 0, fail: 0 };
const NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Ken', 'Dennis', 'Guido', 'Margaret'];

const user = (id) => ({ id, name: NAMES[id - 1], email: NAMES[id - 1].toLowerCase() + '@example.com' });
const post = (id) => {
  const userId = Math.floor((id - 1) / 3) + 1;
  return { id, userId, title: `Post ${id} by ${NAMES[userId - 1]}` };
};
const item = (id) => ({ id, name: 'item-' + String(id).padStart(3, '0') });
const ids = (from, to) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const error = (what, path) => JSON.stringify({ error: what, path });
// Strict number syntax, simple for the Rust side to accept the same strings.
const decimal = (s, fallback) => (/^-?\d+(\.\d+)?$/.test(s ?? '') ? Number(s) : fallback);
const int = (s, fallback) => (/^-?\d{1,9}$/.test(s ?? '') ? Number(s) : fallback);
const id = (s) => (/^\d+$/.test(s ?? '') ? Number(s) : 0); // 0 matches nothing

// `/api/...` for a URL under `<scope>api/` (the scope may be a sub-path, as
// on GitHub Pages), else null.
function apiPath(url, scope) {
  const u = new URL(url), s = new URL(scope);
  const dir = s.pathname.replace(/[^/]*$/, '');
  return u.origin === s.origin && u.pathname.startsWith(dir + 'api/') ? u.pathname.slice(dir.length - 1) : null;
}

function statusReply(code, path) {
  const n = id(code);
  return n >= 100 && n <= 599 ? [n, `{"status":${n}}`] : [400, error('bad status', path)];
}

// [status, body] of an endpoint; `query` no longer holds control parameters.
function route(path, method, query, bodyText) {
  const [, what, key] = /^\/api\/(\w+)(?:\/([^/]+))?$/.exec(path) || [];
  const n = id(key), one = key !== undefined, get = method === 'GET';
  if (get && what === 'users' && (!one || (n >= 1 && n <= 10))) {
    return [200, JSON.stringify(one ? user(n) : ids(1, 10).map(user))];
  }
  if (get && what === 'posts' && (!one || (n >= 1 && n <= 30))) {
    const who = query.get('user');
    const all = ids(1, 30).map(post).filter((p) => who === null || p.userId === id(who));
    return [200, JSON.stringify(one ? post(n) : all)];
  }
  if (get && what === 'items' && !one) {
    const page = Math.max(1, int(query.get('page'), 1));
    const size = Math.min(50, Math.max(1, int(query.get('size'), 10)));
    const start = (page - 1) * size;
    const items = ids(start + 1, Math.min(100, start + size)).map(item);
    return [200, JSON.stringify({ page, size, total: 100, items, next: start + size < 100 ? page + 1 : null })];
  }
  if ((get || method === 'POST') && what === 'echo' && !one) {
    // Written out by hand to keep request order (an object puts "2" before
    // "a"). A repeated name keeps its first place and its last value.
    const q = [...new Map(query)].map(([k, v]) => JSON.stringify(k) + ':' + JSON.stringify(v)).join(',');
    if (get) return [200, `{"method":"GET","query":{${q}}}`];
    let json = null;
    try { json = JSON.parse(bodyText); } catch { /* empty or not JSON */ }
    return [200, `{"method":"POST","query":{${q}},"json":${JSON.stringify(json)}}`];
  }
  if (get && what === 'status' && one) return statusReply(key, path);
  return [404, error('not found', path)];
}

// The answer to one request, as data. `url` is `/api/...?query` (any origin is
// ignored). `random()` is called exactly twice: the jitter, then the failure draw.
function mockResponse(url, method, bodyText, settings, random) {
  const u = new URL(url, 'http://mock/'), query = u.searchParams, path = u.pathname;
  const take = (k) => { const v = query.get(k); query.delete(k); return v; };
  const latency = decimal(take('latency'), settings.latency);
  const jitter = decimal(take('jitter'), settings.jitter);
  const fail = decimal(take('fail'), settings.fail);
  const status = take('status');
  const delayMs = Math.round(Math.max(0, latency + jitter * (random() * 2 - 1)));
  const [code, body] = random() < fail ? [503, error('injected failure', path)]
    : status !== null ? statusReply(status, path) : route(path, method, query, bodyText);
  const headers = { 'content-type': 'application/json', 'x-looplab-mock': '1', 'x-looplab-delay-ms': String(delayMs) };
  return { status: code, headers, body, delayMs };
}

// Settings from the page: each field that is a sensible number replaces the old one.
function mergeSettings(old, msg) {
  const ok = (v, max) => typeof v === 'number' && v >= 0 && v <= max; // NaN fails too
  const out = { ...old };
  for (const [k, max] of [['latency', 1e9], ['jitter', 1e9], ['fail', 1]]) if (ok(msg[k], max)) out[k] = msg[k];
  return out;
}

// Waits `ms`; on abort, clears the timer and rejects.
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    let timer;
    const abort = () => { clearTimeout(timer); reject(signal.reason ?? new DOMException('Aborted', 'AbortError')); };
    if (signal?.aborted) return abort();
    timer = setTimeout(() => { signal?.removeEventListener('abort', abort); resolve(); }, Math.min(ms, 2 ** 31 - 1));
    signal?.addEventListener('abort', abort, { once: true });
  });
}

// ---- Worker plumbing ----

// The browser stops idle workers, so the settings are also kept in our cache
// and read back once per worker start.
let settings = { ...DEFAULTS }, restored = null;
const cacheName = () => CACHE_PREFIX + CACHE_VERSION + ' ' + self.registration.scope;
const settingsKey = () => self.registration.scope + '__looplab-mock-settings';
const openCache = () => caches.open(cacheName());
const restore = () => (restored ??= openCache().then((c) => c.match(settingsKey()))
  .then((r) => r?.json()).then((saved) => { if (saved) settings = mergeSettings(settings, saved); })
  .catch(() => {}));

async function answer(request, path) {
  const bodyText = request.method === 'POST' ? await request.text() : '';
  await restore();
  const r = mockResponse(path + new URL(request.url).search, request.method, bodyText, settings, Math.random);
  await sleep(r.delayMs, request.signal);
  if (r.status < 200) return Response.error(); // a Response cannot be 1xx
  const body = [204, 205, 304].includes(r.status) ? null : r.body; // nor have a body with these
  return new Response(body, { status: r.status, headers: r.headers });
}

// Site files: the network first, so a deploy shows at once; our copy offline.
async function networkFirst(event) {
  const request = event.request, cache = await openCache();
  try {
    const response = await fetch(request);
    if (response.status === 200 && response.type === 'basic' && !response.redirected) {
      event.waitUntil(cache.put(request, response.clone()));
    }
    return response;
  } catch (err) {
    const copy = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (copy) return copy;
    throw err;
  }
}

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  // Only our older caches: other sites on the origin (user.github.io) keep theirs.
  const mine = cacheName(), tail = ' ' + self.registration.scope;
  for (const name of await caches.keys()) {
    if (name.startsWith(CACHE_PREFIX) && name.endsWith(tail) && name !== mine) await caches.delete(name);
  }
  await self.clients.claim();
})()));

self.addEventListener('fetch', (event) => {
  const request = event.request, scope = self.registration.scope;
  const path = apiPath(request.url, scope);
  if (path !== null) event.respondWith(answer(request, path));
  else if (request.method === 'GET' && request.url.startsWith(scope)) event.respondWith(networkFirst(event));
});

self.addEventListener('message', (event) => {
  const msg = event.data || {};
  if (msg.type === 'looplab-mock-settings') {
    event.waitUntil(restore().then(() => {
      settings = mergeSettings(settings, msg);
      return openCache().then((c) => c.put(settingsKey(), new Response(JSON.stringify(settings))));
    }));
  } else if (msg.type === 'looplab-mock-ping') {
    // Claiming here lets startMockApi() regain a page that a hard reload left uncontrolled.
    event.waitUntil(Promise.all([self.clients.claim().catch(() => {}), restore()])
      .then(() => event.source?.postMessage({ type: 'looplab-mock-pong', settings })));
  }
});
