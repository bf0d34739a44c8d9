// Tests of the mock API's Service Worker (www/mock-api-sw.js) without a
// browser: the script runs in a `vm` context with a fake `self`, and the
// expected bodies below are written out from docs/mock-api.md.
//
//   node --test tests/mock-api.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('../www/mock-api-sw.js', import.meta.url), 'utf8');
const SCOPE = 'http://127.0.0.1:8080/looplab/';
const DEFAULTS = { latency: 100, jitter: 0, fail: 0 };

/** A small in-memory CacheStorage. */
function fakeCaches() {
  const store = new Map();
  const key = (r) => (typeof r === 'string' ? r : r.url);
  return {
    store,
    async open(name) {
      if (!store.has(name)) store.set(name, new Map());
      const m = store.get(name);
      return {
        async match(r) { return m.get(key(r))?.clone(); },
        async put(r, res) { m.set(key(r), res); },
      };
    },
    async keys() { return [...store.keys()]; },
    async delete(name) { return store.delete(name); },
  };
}

/** Loads the worker script into a fresh context; returns the context and its listeners. */
function load({ scope = SCOPE, fetch, timers } = {}) {
  const listeners = {};
  const self = {
    registration: { scope },
    location: new URL('mock-api-sw.js', scope),
    addEventListener: (type, fn) => { listeners[type] = fn; },
    skipWaiting: async () => {},
    clients: { claim: async () => {} },
  };
  const ctx = vm.createContext({
    self, URL, URLSearchParams, Response, DOMException, console,
    caches: fakeCaches(), fetch: fetch ?? (async () => { throw new Error('offline'); }),
    setTimeout: timers?.setTimeout ?? setTimeout, clearTimeout: timers?.clearTimeout ?? clearTimeout,
  });
  vm.runInContext(SOURCE, ctx, { filename: 'mock-api-sw.js' });
  return { ctx, listeners };
}

const { ctx } = load();

/** A fake Math.random that returns the given numbers in turn (then 0.5), and counts calls. */
function draws(...values) {
  const f = () => { f.calls++; return values.length ? values.shift() : 0.5; };
  f.calls = 0;
  return f;
}

/** mockResponse with the default settings and u = 0, no failure. */
function get(url, { method = 'GET', body = '', settings = DEFAULTS, random = draws(0.5, 0.5) } = {}) {
  return ctx.mockResponse(url, method, body, settings, random);
}

function assertBody(url, status, body, opts) {
  const r = get(url, opts);
  assert.equal(r.body, body, url);
  assert.equal(r.status, status, url);
}

const notFound = (path) => `{"error":"not found","path":"${path}"}`;
const badStatus = (path) => `{"error":"bad status","path":"${path}"}`;

test('the worker listens for install, activate, fetch and message', () => {
  const { listeners } = load();
  assert.deepEqual(Object.keys(listeners).sort(), ['activate', 'fetch', 'install', 'message']);
});

test('users', () => {
  assertBody('/api/users', 200,
    '[{"id":1,"name":"Ada","email":"ada@example.com"},' +
    '{"id":2,"name":"Grace","email":"grace@example.com"},' +
    '{"id":3,"name":"Alan","email":"alan@example.com"},' +
    '{"id":4,"name":"Edsger","email":"edsger@example.com"},' +
    '{"id":5,"name":"Barbara","email":"barbara@example.com"},' +
    '{"id":6,"name":"Donald","email":"donald@example.com"},' +
    '{"id":7,"name":"Ken","email":"ken@example.com"},' +
    '{"id":8,"name":"Dennis","email":"dennis@example.com"},' +
    '{"id":9,"name":"Guido","email":"guido@example.com"},' +
    '{"id":10,"name":"Margaret","email":"margaret@example.com"}]');
  assertBody('/api/users/1', 200, '{"id":1,"name":"Ada","email":"ada@example.com"}');
  assertBody('/api/users/10', 200, '{"id":10,"name":"Margaret","email":"margaret@example.com"}');
  assertBody('/api/users/5?x=1', 200, '{"id":5,"name":"Barbara","email":"barbara@example.com"}');
});

test('posts', () => {
  const all =
    '[{"id":1,"userId":1,"title":"Post 1 by Ada"},{"id":2,"userId":1,"title":"Post 2 by Ada"},' +
    '{"id":3,"userId":1,"title":"Post 3 by Ada"},{"id":4,"userId":2,"title":"Post 4 by Grace"},' +
    '{"id":5,"userId":2,"title":"Post 5 by Grace"},{"id":6,"userId":2,"title":"Post 6 by Grace"},' +
    '{"id":7,"userId":3,"title":"Post 7 by Alan"},{"id":8,"userId":3,"title":"Post 8 by Alan"},' +
    '{"id":9,"userId":3,"title":"Post 9 by Alan"},{"id":10,"userId":4,"title":"Post 10 by Edsger"},' +
    '{"id":11,"userId":4,"title":"Post 11 by Edsger"},{"id":12,"userId":4,"title":"Post 12 by Edsger"},' +
    '{"id":13,"userId":5,"title":"Post 13 by Barbara"},{"id":14,"userId":5,"title":"Post 14 by Barbara"},' +
    '{"id":15,"userId":5,"title":"Post 15 by Barbara"},{"id":16,"userId":6,"title":"Post 16 by Donald"},' +
    '{"id":17,"userId":6,"title":"Post 17 by Donald"},{"id":18,"userId":6,"title":"Post 18 by Donald"},' +
    '{"id":19,"userId":7,"title":"Post 19 by Ken"},{"id":20,"userId":7,"title":"Post 20 by Ken"},' +
    '{"id":21,"userId":7,"title":"Post 21 by Ken"},{"id":22,"userId":8,"title":"Post 22 by Dennis"},' +
    '{"id":23,"userId":8,"title":"Post 23 by Dennis"},{"id":24,"userId":8,"title":"Post 24 by Dennis"},' +
    '{"id":25,"userId":9,"title":"Post 25 by Guido"},{"id":26,"userId":9,"title":"Post 26 by Guido"},' +
    '{"id":27,"userId":9,"title":"Post 27 by Guido"},{"id":28,"userId":10,"title":"Post 28 by Margaret"},' +
    '{"id":29,"userId":10,"title":"Post 29 by Margaret"},{"id":30,"userId":10,"title":"Post 30 by Margaret"}]';
  assertBody('/api/posts', 200, all);
  assertBody('/api/posts/4', 200, '{"id":4,"userId":2,"title":"Post 4 by Grace"}');
  assertBody('/api/posts/30', 200, '{"id":30,"userId":10,"title":"Post 30 by Margaret"}');
  assertBody('/api/posts?user=2', 200,
    '[{"id":4,"userId":2,"title":"Post 4 by Grace"},{"id":5,"userId":2,"title":"Post 5 by Grace"},' +
    '{"id":6,"userId":2,"title":"Post 6 by Grace"}]');
  assertBody('/api/posts?user=10', 200,
    '[{"id":28,"userId":10,"title":"Post 28 by Margaret"},{"id":29,"userId":10,"title":"Post 29 by Margaret"},' +
    '{"id":30,"userId":10,"title":"Post 30 by Margaret"}]');
  assertBody('/api/posts?user=11', 200, '[]');
  assertBody('/api/posts?user=abc', 200, '[]');
});

test('404s', () => {
  for (const path of [
    '/api/users/0', '/api/users/11', '/api/users/abc', '/api/users/', '/api/users/1/x', '/api/users/1.0',
    '/api/posts/0', '/api/posts/31', '/api/items/3', '/api/echo/x', '/api/status',
    '/api/nope', '/api/', '/api/Users',
  ]) {
    assertBody(path, 404, notFound(path));
  }
  // The path in the error has no query; only the listed methods exist.
  assertBody('/api/nope?a=1', 404, notFound('/api/nope'));
  assertBody('/api/users', 404, notFound('/api/users'), { method: 'POST' });
  assertBody('/api/users/1', 404, notFound('/api/users/1'), { method: 'DELETE' });
  assertBody('/api/echo', 404, notFound('/api/echo'), { method: 'PUT' });
});

const items = (from, to) => {
  const out = [];
  for (let i = from; i <= to; i++) out.push(`{"id":${i},"name":"item-${String(i).padStart(3, '0')}"}`);
  return '[' + out.join(',') + ']';
};

test('items paging', () => {
  assertBody('/api/items', 200,
    '{"page":1,"size":10,"total":100,"items":[{"id":1,"name":"item-001"},{"id":2,"name":"item-002"},' +
    '{"id":3,"name":"item-003"},{"id":4,"name":"item-004"},{"id":5,"name":"item-005"},' +
    '{"id":6,"name":"item-006"},{"id":7,"name":"item-007"},{"id":8,"name":"item-008"},' +
    '{"id":9,"name":"item-009"},{"id":10,"name":"item-010"}],"next":2}');
  assertBody('/api/items?page=2&size=3', 200,
    '{"page":2,"size":3,"total":100,"items":[{"id":4,"name":"item-004"},{"id":5,"name":"item-005"},' +
    '{"id":6,"name":"item-006"}],"next":3}');
  // Last page: next is null.
  assertBody('/api/items?page=10', 200,
    `{"page":10,"size":10,"total":100,"items":${items(91, 100)},"next":null}`);
  assertBody('/api/items?page=34&size=3', 200,
    '{"page":34,"size":3,"total":100,"items":[{"id":100,"name":"item-100"}],"next":null}');
  assertBody('/api/items?page=4&size=30', 200,
    `{"page":4,"size":30,"total":100,"items":${items(91, 100)},"next":null}`);
  // Past the end.
  assertBody('/api/items?page=11', 200, '{"page":11,"size":10,"total":100,"items":[],"next":null}');
  assertBody('/api/items?page=3&size=50', 200, '{"page":3,"size":50,"total":100,"items":[],"next":null}');
  // Size is clamped to 1..50; page and size default when absent or not integers.
  assertBody('/api/items?size=0', 200, '{"page":1,"size":1,"total":100,"items":[{"id":1,"name":"item-001"}],"next":2}');
  assertBody('/api/items?size=-4', 200, '{"page":1,"size":1,"total":100,"items":[{"id":1,"name":"item-001"}],"next":2}');
  assertBody('/api/items?size=51&page=2', 200,
    `{"page":2,"size":50,"total":100,"items":${items(51, 100)},"next":null}`);
  assertBody('/api/items?size=1000', 200, `{"page":1,"size":50,"total":100,"items":${items(1, 50)},"next":2}`);
  assertBody('/api/items?size=abc&page=x', 200, `{"page":1,"size":10,"total":100,"items":${items(1, 10)},"next":2}`);
  assertBody('/api/items?page=0&size=2', 200, `{"page":1,"size":2,"total":100,"items":${items(1, 2)},"next":2}`);
  assertBody('/api/items?page=2.5', 200, `{"page":1,"size":10,"total":100,"items":${items(1, 10)},"next":2}`);
});

test('echo GET and POST, control parameters removed', () => {
  assertBody('/api/echo', 200, '{"method":"GET","query":{}}');
  assertBody('/api/echo?b=2&latency=5&a=x%20y&jitter=1&fail=0&c=', 200,
    '{"method":"GET","query":{"b":"2","a":"x y","c":""}}');
  // Request order, even for keys an object would sort first.
  assertBody('/api/echo?z=1&2=two&q=%22', 200, '{"method":"GET","query":{"z":"1","2":"two","q":"\\""}}');
  assertBody('/api/echo?n=1&latency=0', 200, '{"method":"POST","query":{"n":"1"},"json":{"a":[1,2,"s"],"b":null}}',
    { method: 'POST', body: '{ "a": [1, 2.0, "s"], "b": null }' });
  assertBody('/api/echo', 200, '{"method":"POST","query":{},"json":null}', { method: 'POST', body: '' });
  assertBody('/api/echo', 200, '{"method":"POST","query":{},"json":null}', { method: 'POST', body: 'not json' });
  assertBody('/api/echo', 200, '{"method":"POST","query":{},"json":"hi"}', { method: 'POST', body: '"hi"' });
  assertBody('/api/echo', 200, '{"method":"POST","query":{},"json":[]}', { method: 'POST', body: '[]' });
});

test('status endpoint and the status= override', () => {
  assertBody('/api/status/418', 418, '{"status":418}');
  assertBody('/api/status/100', 100, '{"status":100}');
  assertBody('/api/status/599', 599, '{"status":599}');
  assertBody('/api/status/200', 200, '{"status":200}');
  for (const code of ['99', '600', 'abc', '-1', '2e2']) {
    assertBody(`/api/status/${code}`, 400, badStatus(`/api/status/${code}`));
  }
  assertBody('/api/users?status=500', 500, '{"status":500}');
  assertBody('/api/nope?status=201&x=1', 201, '{"status":201}');
  assertBody('/api/echo?status=204', 204, '{"status":204}');
  assertBody('/api/users?status=700', 400, badStatus('/api/users'));
});

test('injected failures', () => {
  const failure = '{"error":"injected failure","path":"/api/users/3"}';
  for (let i = 0; i < 20; i++) {
    assertBody('/api/users/3?fail=1', 503, failure, { random: Math.random });
  }
  // fail=0 never fails, even on the highest draw; the query wins over the settings.
  for (const random of [draws(0.5, 0), draws(0.5, 0.999999)]) {
    assertBody('/api/users/3?fail=0', 200, '{"id":3,"name":"Alan","email":"alan@example.com"}',
      { random, settings: { ...DEFAULTS, fail: 1 } });
  }
  assertBody('/api/users/3', 503, failure, { settings: { ...DEFAULTS, fail: 1 } });
  // The second draw is the failure draw, compared with `< fail`.
  assertBody('/api/users/3?fail=0.5', 503, failure, { random: draws(0.9, 0.49) });
  assertBody('/api/users/3?fail=0.5', 200, '{"id":3,"name":"Alan","email":"alan@example.com"}', { random: draws(0.1, 0.5) });
  // A failure wins over status=.
  assertBody('/api/users/3?fail=1&status=200', 503, failure);
});

test('delay model and headers', () => {
  const settings = { latency: 100, jitter: 50, fail: 0 };
  const delay = (url, first, s = settings) => {
    const random = draws(first, 0.5);
    const r = get(url, { settings: s, random });
    assert.equal(random.calls, 2, 'exactly two draws');
    assert.equal(r.headers['x-looplab-delay-ms'], String(r.delayMs));
    return r.delayMs;
  };
  assert.equal(delay('/api/users', 0), 50); // u = -1
  assert.equal(delay('/api/users', 0.5), 100); // u = 0
  assert.equal(delay('/api/users', 1), 150); // u = 1
  assert.equal(delay('/api/users', 0.75), 125);
  assert.equal(delay('/api/users?latency=10', 0), 0); // 10 - 50 clamps at 0
  assert.equal(delay('/api/users?latency=10&jitter=0', 0), 10);
  assert.equal(delay('/api/users?latency=250.4&jitter=0', 0), 250); // whole milliseconds
  assert.equal(delay('/api/users?latency=-30&jitter=0', 0), 0);
  // Not a number: the settings apply.
  assert.equal(delay('/api/users?latency=abc&jitter=', 0.5), 100);
  assert.equal(delay('/api/users?latency=1e3', 0.5), 100);
  assert.equal(delay('/api/users', 0.5, DEFAULTS), 100);
  assert.equal(delay('/api/nope?jitter=100', 0), 0);

  for (const url of ['/api/users', '/api/nope', '/api/users?fail=1', '/api/status/500']) {
    const r = get(url, { settings, random: draws(0.25, 0.5) });
    assert.deepEqual({ ...r.headers },
      { 'content-type': 'application/json', 'x-looplab-mock': '1', 'x-looplab-delay-ms': '75' }, url);
  }
});

test('apiPath: only <scope>api/ on the same origin', () => {
  const at = (url, scope = SCOPE) => ctx.apiPath(url, scope);
  assert.equal(at('http://127.0.0.1:8080/looplab/api/users'), '/api/users');
  assert.equal(at('http://127.0.0.1:8080/looplab/api/users/2?latency=1'), '/api/users/2');
  assert.equal(at('http://127.0.0.1:8080/looplab/api/'), '/api/');
  assert.equal(at('http://127.0.0.1:8080/api/users'), null); // outside the sub-path
  assert.equal(at('http://127.0.0.1:8080/looplab/api'), null);
  assert.equal(at('http://127.0.0.1:8080/looplab/apix/users'), null);
  assert.equal(at('http://127.0.0.1:8080/looplab/index.html'), null);
  assert.equal(at('http://127.0.0.1:8080/looplab/x/api/users'), null);
  assert.equal(at('http://127.0.0.1:9999/looplab/api/users'), null); // another origin
  assert.equal(at('https://example.com/looplab/api/users'), null);
  assert.equal(at('http://127.0.0.1:8080/api/users', 'http://127.0.0.1:8080/'), '/api/users');
  assert.equal(at('http://127.0.0.1:8080/looplab/api/items', 'http://127.0.0.1:8080/looplab/index.html'), '/api/items');
});

test('mergeSettings keeps only sensible numbers', () => {
  const m = (msg) => ({ ...ctx.mergeSettings(DEFAULTS, msg) });
  assert.deepEqual(m({ type: 'looplab-mock-settings', latency: 250, jitter: 20, fail: 0.25 }),
    { latency: 250, jitter: 20, fail: 0.25 });
  assert.deepEqual(m({ latency: '250', jitter: -1, fail: 2 }), DEFAULTS);
  assert.deepEqual(m({ latency: NaN, jitter: Infinity, fail: null }), DEFAULTS);
  assert.deepEqual(m({ fail: 1 }), { ...DEFAULTS, fail: 1 });
  assert.deepEqual(m({ latency: 0 }), { ...DEFAULTS, latency: 0 });
});

test('sleep resolves after the delay and stops its timer on abort', async () => {
  const live = new Set();
  const timers = {
    setTimeout: (fn, ms) => { const t = setTimeout(() => { live.delete(t); fn(); }, ms); live.add(t); return t; },
    clearTimeout: (t) => { live.delete(t); clearTimeout(t); },
  };
  const { ctx: c } = load({ timers });
  const t0 = Date.now();
  await c.sleep(30);
  assert.ok(Date.now() - t0 >= 25);

  const ac = new AbortController();
  const pending = c.sleep(60_000, ac.signal);
  assert.equal(live.size, 1);
  ac.abort();
  await assert.rejects(pending, { name: 'AbortError' });
  assert.equal(live.size, 0, 'the timer was cleared');

  await assert.rejects(c.sleep(60_000, AbortSignal.abort()), { name: 'AbortError' });
  assert.equal(live.size, 0);
});

/** Dispatches a fake fetch event; resolves to the Response, or null if the worker let it pass. */
async function dispatch(listeners, url, { method = 'GET', body, signal, mode = 'cors' } = {}) {
  let answered = null;
  const waits = [];
  const request = { url, method, mode, signal: signal ?? new AbortController().signal, text: async () => body ?? '' };
  listeners.fetch({ request, respondWith: (p) => { answered = p; }, waitUntil: (p) => waits.push(p) });
  const res = answered && (await answered);
  await Promise.all(waits);
  return res;
}

test('fetch events: api requests under the scope are answered', async () => {
  const seen = [];
  const { listeners } = load({ fetch: async (r) => { seen.push(r.url); return new Response('page'); } });
  const res = await dispatch(listeners, SCOPE + 'api/users/2?latency=0');
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '{"id":2,"name":"Grace","email":"grace@example.com"}');
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(res.headers.get('x-looplab-mock'), '1');
  assert.equal(res.headers.get('x-looplab-delay-ms'), '0');

  const post = await dispatch(listeners, SCOPE + 'api/echo?k=v&latency=0', { method: 'POST', body: '{"a":1}' });
  assert.equal(await post.text(), '{"method":"POST","query":{"k":"v"},"json":{"a":1}}');

  const missing = await dispatch(listeners, SCOPE + 'api/nope?latency=0');
  assert.equal(missing.status, 404);
  assert.equal(await missing.text(), notFound('/api/nope'));

  const empty = await dispatch(listeners, SCOPE + 'api/status/204?latency=0');
  assert.equal(empty.status, 204);
  assert.equal(await empty.text(), '');

  // A Response cannot be 1xx: the page sees a network error instead.
  const early = await dispatch(listeners, SCOPE + 'api/status/101?latency=0');
  assert.equal(early.type, 'error');

  const ac = new AbortController();
  const aborted = dispatch(listeners, SCOPE + 'api/users?latency=60000', { signal: ac.signal });
  ac.abort();
  await assert.rejects(aborted, { name: 'AbortError' });
  assert.deepEqual(seen, [], 'api requests never reach the network');
});

test('fetch events: page files go network-first to the cache, others pass', async () => {
  let online = true;
  const seen = [];
  const { ctx: c, listeners } = load({
    fetch: async (r) => {
      seen.push(r.url);
      if (!online) throw new TypeError('offline');
      return new Response('file ' + r.url, { status: 200 });
    },
  });
  // Node's Response has type "default"; a browser's same-origin one is "basic".
  c.fetch = ((f) => async (r) => { const res = await f(r); return Object.defineProperty(res, 'type', { value: 'basic' }); })(c.fetch);

  const page = SCOPE + 'index.html';
  assert.equal(await (await dispatch(listeners, page)).text(), 'file ' + page);
  online = false;
  assert.equal(await (await dispatch(listeners, page)).text(), 'file ' + page, 'served from the cache');
  await assert.rejects(dispatch(listeners, SCOPE + 'never-seen.js'));
  assert.deepEqual(seen, [page, page, SCOPE + 'never-seen.js']);

  // Not the worker's business: other origins, other folders, non-GET.
  assert.equal(await dispatch(listeners, 'https://example.com/x.js'), null);
  assert.equal(await dispatch(listeners, 'http://127.0.0.1:8080/other/api/users'), null);
  assert.equal(await dispatch(listeners, SCOPE + 'upload', { method: 'POST' }), null);
  // An api path outside the scope is not the mock API.
  assert.equal(await dispatch(listeners, 'http://127.0.0.1:8080/api/users'), null);

  // Nothing under api/ is ever cached.
  online = true;
  await dispatch(listeners, SCOPE + 'api/users?latency=0');
  const cached = [...c.caches.store.values()].flatMap((m) => [...m.keys()]);
  assert.deepEqual(cached, [page]);
});

test('messages: settings are kept and used, ping answers pong', async () => {
  const { ctx: c, listeners } = load();
  const send = async (data, source) => {
    const waits = [];
    listeners.message({ data, source, waitUntil: (p) => waits.push(p) });
    await Promise.all(waits);
  };
  await send({ type: 'looplab-mock-settings', latency: 0, jitter: 0, fail: 1 });
  await send({ type: 'looplab-mock-settings', latency: 'slow', jitter: -5, fail: 7 }); // all ignored
  await send({ type: 'something-else', latency: 9 });
  const got = [];
  await send({ type: 'looplab-mock-ping' }, { postMessage: (m) => got.push(m) });
  assert.deepEqual(JSON.parse(JSON.stringify(got)),
    [{ type: 'looplab-mock-pong', settings: { latency: 0, jitter: 0, fail: 1 } }]);

  const res = await dispatch(listeners, SCOPE + 'api/users/1');
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('x-looplab-delay-ms'), '0');

  // A restarted worker (fresh globals, same cache storage) gets them back.
  const { ctx: c2, listeners: l2 } = load();
  c2.caches = c.caches;
  const again = [];
  const waits = [];
  l2.message({ data: { type: 'looplab-mock-ping' }, source: { postMessage: (m) => again.push(m) }, waitUntil: (p) => waits.push(p) });
  await Promise.all(waits);
  assert.deepEqual(JSON.parse(JSON.stringify(again[0].settings)), { latency: 0, jitter: 0, fail: 1 });
});
