// Files, databases and the reserved example domains in the page: a program
// reads the demo workspace with aiofiles, queries the demo database with
// asyncpg (SQLite in a module the engine's Worker fetches only then), and
// fetches example.com in an instant run. Expected outputs come from the
// demo data (examples/workspace, the mock API's users) and CPython's and
// asyncpg's wording.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { artifactsDir, openPage, runAndWait, setCode, siteUnderTest, stdoutLines } from './serve.mjs';

const site = siteUnderTest({ before, after });

const isSqlModule = (url) => /looplab-sql-wasm/.test(url);

/** Paths of the SQL module's files the server is asked for from now on. */
function watchSqlFetches() {
  const fetched = [];
  const listen = (req) => isSqlModule(req.url ?? '') && fetched.push(req.url);
  site.server.on('request', listen);
  return { fetched, stop: () => site.server.off('request', listen) };
}

test('a program that does not import asyncpg never fetches the SQL module', async () => {
  const { context, page, problems } = await openPage(site);
  const { fetched, stop } = watchSqlFetches();
  await setCode(page, [
    'import asyncio, aiofiles',
    'async def main():',
    "    async with aiofiles.open('notes.txt') as f:",
    '        first = await f.readline()',
    "    print(first.strip())",
    "    async with aiofiles.open('out.txt', 'w') as f:",
    "        await f.write('hello')",
    "    async with aiofiles.open('out.txt') as f:",
    '        print(await f.read())',
    '    try:',
    "        async with aiofiles.open('../secret.txt') as f:",
    '            pass',
    '    except PermissionError as e:',
    '        print(type(e).__name__, e)',
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  const out = (await stdoutLines(page)).map(([, text]) => text);
  assert.deepEqual(out, [
    "The files here are the playground's workspace.",
    'hello',
    "PermissionError [Errno 13] Permission denied: '../secret.txt'",
  ]);
  stop();
  assert.deepEqual(fetched, [], 'the SQL module was fetched by a program without asyncpg');
  assert.deepEqual(problems, []);
  await context.close();
});

test('asyncpg fetches the SQL module once and queries the demo database', async () => {
  const { context, page, problems } = await openPage(site);
  const { fetched, stop } = watchSqlFetches();
  await setCode(page, [
    'import asyncio, asyncpg',
    'async def main():',
    '    conn = await asyncpg.connect()',
    "    row = await conn.fetchrow('SELECT id, name FROM users WHERE id = $1', 2)",
    '    print(row)',
    "    print(await conn.fetchval('SELECT count(*) FROM posts'))",
    '    try:',
    "        await conn.execute('SELECT * FROM nope')",
    '    except asyncpg.UndefinedTableError as e:',
    '        print(type(e).__name__, e)',
    '    await conn.close()',
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  const out = (await stdoutLines(page)).map(([, text]) => text);
  assert.deepEqual(out, [
    "<Record id=2 name='Grace'>",
    '30',
    'UndefinedTableError relation "nope" does not exist',
  ]);
  stop();
  assert.deepEqual(fetched.sort(), ['/looplab-sql-wasm.js', '/looplab-sql-wasm_bg.wasm']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the reserved example domains answer in an instant run', async () => {
  const { context, page, problems } = await openPage(site);
  await setCode(page, [
    'import asyncio, aiohttp',
    'async def main():',
    '    async with aiohttp.ClientSession() as s:',
    "        async with s.get('https://api.example.com/users/1') as r:",
    "            print(r.status, (await r.json())['name'])",
    "        async with s.get('http://example.com') as r:",
    "            print(r.status, '<h1>Example Domain</h1>' in await r.text())",
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  const out = (await stdoutLines(page)).map(([, text]) => text);
  assert.deepEqual(out, ['200 Ada', '200 True']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Run tests: a pytest-style run lists each test, and the panels show files and tables', async () => {
  const { context, page, problems } = await openPage(site);
  await setCode(page, [
    'import asyncio, aiofiles, asyncpg, pytest',
    '',
    '@pytest.fixture',
    'async def conn():',
    "    c = await asyncpg.connect(database='shop')",
    "    await c.execute('CREATE TABLE IF NOT EXISTS items (id SERIAL PRIMARY KEY, name TEXT)')",
    '    yield c',
    '    await c.close()',
    '',
    '@pytest.mark.asyncio',
    'async def test_insert(conn):',
    "    assert await conn.execute('INSERT INTO items (name) VALUES ($1)', 'tea') == 'INSERT 0 1'",
    '',
    '@pytest.mark.asyncio',
    'async def test_write_file():',
    "    async with aiofiles.open('report.txt', 'w') as f:",
    "        await f.write('all good')",
    '',
    'def test_double():',
    '    assert 2 * 3 == 7',
  ].join('\n'));
  await page.getByTestId('run-tests').click();
  await page.getByTestId('test-row').first().waitFor({ timeout: 30_000 });
  const rows = await page.$$eval('[data-testid="test-row"]', (els) =>
    els.map((e) => [e.querySelector('.test-outcome').textContent, e.querySelector('.test-name').textContent]));
  assert.deepEqual(rows, [
    ['PASSED', 'test_insert'],
    ['PASSED', 'test_write_file'],
    ['FAILED', 'test_double'],
  ]);
  await page.locator('[data-testid="test-row"] .test-head').nth(2).click();
  assert.match(await page.locator('.test-details').textContent(), /E {3}assert 6 == 7/);
  await page.screenshot({ path: `${artifactsDir}/tests-tab.png` });
  // A test's "tasks" selects its task (named after the test) in the task table.
  await page.getByTestId('test-tasks').first().click();
  await page.locator('[data-testid="task-row"].selected').waitFor({ timeout: 5_000 });
  assert.equal(await page.locator('[data-testid="task-row"].selected .c-name').textContent(), 'test_insert');

  await page.getByRole('tab', { name: 'Files' }).click();
  const files = await page.$$eval('[data-testid="file-row"] .file-name', (els) => els.map((e) => e.textContent));
  assert.ok(files.includes('report.txt') && files.includes('app.log'), files.join(', '));
  await page.getByRole('button', { name: 'report.txt' }).click();
  assert.equal(await page.getByTestId('file-content').textContent(), 'all good');
  await page.screenshot({ path: `${artifactsDir}/files-tab.png` });

  await page.getByRole('tab', { name: 'Database' }).click();
  const table = page.getByTestId('db-table').first();
  assert.match(await table.textContent(), /shop\.items\s*1 rows/);
  await page.screenshot({ path: `${artifactsDir}/database-tab.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Files and database settings: slower file operations take longer, failing ones raise OSError', async () => {
  const { context, page, problems } = await openPage(site);
  await page.getByText('Files and database').click();
  await page.getByLabel('file op ms').fill('250');
  await page.getByLabel('file op ms').dispatchEvent('change');
  await setCode(page, [
    'import asyncio, aiofiles',
    'async def main():',
    '    loop = asyncio.get_running_loop()',
    "    async with aiofiles.open('notes.txt') as f:",
    '        await f.read()',
    "    print(f'{loop.time():.2f}')",
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  // open, read, close: three operations of 250 ms.
  assert.deepEqual((await stdoutLines(page)).map(([, t]) => t), ['0.75']);
  await page.getByLabel('file failure rate').fill('1');
  await page.getByLabel('file failure rate').dispatchEvent('change');
  await setCode(page, [
    'import asyncio, aiofiles',
    'async def main():',
    '    try:',
    "        async with aiofiles.open('notes.txt') as f:",
    '            pass',
    '    except OSError as e:',
    '        print(type(e).__name__, e)',
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  assert.deepEqual((await stdoutLines(page)).map(([, t]) => t), ["OSError [Errno 5] Input/output error: 'notes.txt'"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('keeping files and databases: what a run wrote is there after a reload; Reset brings back the demo files', async () => {
  const { context, page, problems } = await openPage(site);
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.getByTestId('keep-files').check();
  await setCode(page, [
    'import asyncio, aiofiles, asyncpg',
    'async def main():',
    "    async with aiofiles.open('kept.txt', 'w') as f:",
    "        await f.write('still here')",
    "    c = await asyncpg.connect(database='shop')",
    "    await c.execute('CREATE TABLE IF NOT EXISTS visits (n INTEGER)')",
    "    await c.execute('INSERT INTO visits VALUES (1)')",
    "    print(await c.fetchval('SELECT count(*) FROM visits'))",
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  assert.deepEqual((await stdoutLines(page)).map(([, t]) => t), ['1']);
  // The workspace is written to OPFS after the run; give it a moment.
  await page.waitForTimeout(500);
  await page.reload({ waitUntil: 'load' });
  await page.getByTestId('run').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  await setCode(page, [
    'import asyncio, aiofiles, asyncpg',
    'async def main():',
    "    async with aiofiles.open('kept.txt') as f:",
    '        print(await f.read())',
    "    c = await asyncpg.connect(database='shop')",
    "    await c.execute('INSERT INTO visits VALUES (2)')",
    "    print(await c.fetchval('SELECT count(*) FROM visits'))",
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  assert.deepEqual((await stdoutLines(page)).map(([, t]) => t), ['still here', '2']);
  await page.getByRole('tab', { name: 'Files' }).click();
  assert.ok(await page.getByRole('button', { name: 'databases/shop.sqlite' }).isVisible());
  await page.getByRole('button', { name: 'Reset' }).click();
  await setCode(page, [
    'import os',
    "print(os.path.exists('kept.txt'), os.path.exists('notes.txt'))",
  ].join('\n'));
  await runAndWait(page);
  assert.deepEqual((await stdoutLines(page)).map(([, t]) => t), ['False True']);
  assert.deepEqual(problems, []);
  await context.close();
});
