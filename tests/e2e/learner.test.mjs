// The learner's view: a forgotten `await` is named, as CPython names it on
// stderr (expected text from CPython 3.11, its script path left out), in
// the Warnings tab and at its line in the editor.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifactsDir, getCode, openPage, runAndWait, setCode, siteUnderTest } from './serve.mjs';

const site = siteUnderTest({ before, after });

test('a forgotten await: the warning on stderr, in Warnings and at its line', async () => {
  const { context, page, problems } = await openPage(site);
  await setCode(page, [
    'import asyncio',
    '',
    'async def save(x):',
    '    await asyncio.sleep(0.1)',
    '',
    'async def main():',
    '    print("saving")',
    '    save(1)',
    '    await asyncio.sleep(0.2)',
    '    print("saved?")',
    '',
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  const lines = await page.$$eval('[data-testid="output"] .line', (ls) =>
    ls.map((l) => [l.classList.contains('stderr') ? 'err' : 'out', l.querySelector('.txt').textContent]));
  assert.deepEqual(lines, [
    ['out', 'saving'],
    ['err', "main.py:8: RuntimeWarning: coroutine 'save' was never awaited"],
    ['err', '  save(1)'],
    ['err', 'RuntimeWarning: Enable tracemalloc to get the object allocation traceback'],
    ['out', 'saved?'],
  ]);
  assert.equal(await page.locator('[data-testid="editor"] .cm-lineNumbers .cm-error-gutter').textContent(), '8');
  assert.match(await page.getByTestId('error').textContent(), /Coroutine 'save' on line 8 was never awaited/);
  await page.getByRole('tab', { name: /Warnings/ }).click();
  assert.match(await page.getByTestId('warnings').textContent(), /Coroutine 'save' on line 8 was never awaited: add `await`/);
  await page.screenshot({ path: join(artifactsDir, 'learner-never-awaited.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an instant run that would sleep forever stops at its horizon and says so', async () => {
  const { context, page, problems } = await openPage(site);
  await page.getByText('Instant runs', { exact: true }).click();
  const limit = page.getByLabel('stop at (virtual s)');
  assert.equal(await limit.inputValue(), '3600');
  await limit.fill('60');
  await limit.dispatchEvent('change');
  await setCode(page, [
    'import asyncio',
    'async def heartbeat():',
    '    n = 0',
    '    while True:',
    '        print("beat", n)',
    '        n += 1',
    '        await asyncio.sleep(1)',
    'asyncio.run(heartbeat())',
  ].join('\n'));
  await runAndWait(page);
  assert.equal(await page.getByTestId('status').textContent(), 'Finished with an error');
  assert.match(await page.getByTestId('error').textContent(),
    /RuntimeError: this instant run was stopped at 1 min of virtual time.*next timer was due at t = 61\.0 s.*run it on the real clock/s);
  // Beats at t = 0 … 60.
  assert.equal(await page.locator('[data-testid="output"] .line:not(.stderr)').count(), 61);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the learner's work is never lost: my program, edited examples, shared links", async () => {
  const { context, page, problems } = await openPage(site);
  const mine = 'import asyncio\nprint("mine")\n';
  const edited = 'import asyncio\nprint("my version of the example")\n';
  await page.getByTestId('my-program').click();
  await setCode(page, mine);
  const example = page.locator('[data-testid="example"][data-example="semaphore_limit"]');
  await example.click();
  const original = await getCode(page);
  assert.notEqual(original, mine);
  await setCode(page, edited);
  await page.getByTestId('example-edited').waitFor();
  // Back to my program: untouched by the example.
  await page.getByTestId('my-program').click();
  assert.equal(await getCode(page), mine);
  // The example as I left it, and back to the original on request.
  await example.click();
  assert.equal(await getCode(page), edited);
  await page.getByTestId('reset-example').click();
  assert.equal(await getCode(page), original);
  assert.equal(await page.getByTestId('example-edited').count(), 0);
  // A reload opens what was open.
  await setCode(page, edited);
  await page.reload({ waitUntil: 'load' });
  await page.getByTestId('run').waitFor();
  assert.equal(await getCode(page), edited);
  assert.equal(await example.getAttribute('class'), 'example active');
  // A shared link shows its program without replacing mine.
  await page.getByTestId('my-program').click();
  await setCode(page, 'print("shared")\n');
  await page.getByRole('button', { name: 'Share' }).click();
  const url = await page.getByTestId('share-url').inputValue();
  await setCode(page, mine);
  const other = await context.newPage();
  await other.goto(url, { waitUntil: 'load' });
  await other.getByTestId('run').waitFor();
  assert.equal(await getCode(other), 'print("shared")\n');
  await other.getByTestId('my-program').click();
  assert.equal(await getCode(other), mine);
  assert.deepEqual(problems, []);
  await context.close();
});

test('any screen: no sideways scrolling, and no panel squeezed flat, from 1440 px down to a phone', async () => {
  for (const [width, height] of [[1440, 900], [1280, 720], [1024, 768], [390, 844]]) {
    for (const theme of ['light', 'dark']) {
      const { context, page, problems } = await openPage(site, { viewport: { width, height }, colorScheme: theme });
      await runAndWait(page);
      const measure = () => page.evaluate(() => {
        const h = (sel) => Math.round(document.querySelector(sel)?.getBoundingClientRect().height ?? 0);
        return {
          scroll: document.documentElement.scrollWidth - window.innerWidth,
          gallery: h('nav.gallery'),
          editor: h('[data-testid="editor"]'),
          output: h('[data-testid="output"]'),
          views: h('section.views'),
          timeline: h('section.views canvas'),
        };
      });
      const phone = width <= 720;
      // A phone shows one pane at a time, chosen by tabs; a wider screen
      // shows them all and no pane tabs.
      const panes = phone
        ? [['examples', ['gallery']], ['code', ['editor']], ['output', ['output']], ['views', ['views', 'timeline']]]
        : [[null, ['gallery', 'editor', 'views', 'timeline']]];
      assert.equal(await page.getByTestId('pane-code').isVisible(), phone);
      for (const [pane, parts] of panes) {
        if (pane) {
          await page.getByTestId(`pane-${pane}`).click();
          assert.equal(await page.getByTestId(`pane-${pane}`).getAttribute('aria-selected'), 'true');
        }
        const m = await measure();
        const where = `${width}×${height} ${theme} ${pane ?? 'all'}: ${JSON.stringify(m)}`;
        assert.ok(m.scroll <= 0, `sideways scroll at ${where}`);
        for (const part of parts) {
          assert.ok(m[part] >= (part === 'output' ? 40 : 100), `${part} squeezed at ${where}`);
        }
        if (pane === 'code') assert.equal(m.views, 0, `the views are hidden behind their tab at ${where}`);
        if (pane === 'code') {
          // Long lines wrap on a phone: nothing hides past the editor's edge.
          const cut = await page.evaluate(() => {
            const s = document.querySelector('[data-testid="editor"] .cm-scroller');
            return s ? s.scrollWidth - s.clientWidth : -1;
          });
          assert.ok(cut <= 0, `the editor's lines are cut at ${where}: ${cut}px`);
        }
        if (parts.includes('timeline')) {
          // Drawn at its shown size, not stretched from a smaller one.
          await page.waitForFunction(() => {
            const c = document.querySelector('section.views canvas');
            return c && Math.abs(c.width / devicePixelRatio - c.clientWidth) < 2;
          }, null, { timeout: 5_000 });
        }
        await page.screenshot({ path: join(artifactsDir, `learner-screen-${width}x${height}-${theme}${pane ? `-${pane}` : ''}.png`) });
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});

test('a blocked loop names the time.sleep and its line', async () => {
  const { context, page, problems } = await openPage(site);
  await setCode(page, [
    'import asyncio, time',
    '',
    'async def fetch():',
    '    print("fetching")',
    '    time.sleep(0.25)',
    '    print("fetched")',
    '',
    'async def main():',
    '    await asyncio.gather(fetch(), asyncio.sleep(0.1))',
    '',
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  await page.getByRole('tab', { name: /Warnings/ }).click();
  assert.match(await page.getByTestId('warnings').textContent(),
    /blocked the loop for 250 ms: time\.sleep\(0\.25\) on line 5 — use `await asyncio\.sleep\(…\)` so that other tasks run meanwhile/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a traceback's lines are links to their lines in the editor", async () => {
  const { context, page, problems } = await openPage(site);
  await setCode(page, [
    'import asyncio',
    '',
    'def parse(x):',
    '    return int(x)',
    '',
    'async def main():',
    '    parse("ten")',
    '',
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  const gutter = page.locator('[data-testid="editor"] .cm-lineNumbers .cm-error-gutter');
  assert.equal(await gutter.textContent(), '4');
  const links = page.getByTestId('traceback-line');
  assert.deepEqual(await links.allTextContents(), [
    '  File "main.py", line 9, in <module>\n',
    '  File "main.py", line 7, in main\n',
    '  File "main.py", line 4, in parse\n',
  ]);
  await links.nth(1).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="editor"] .cm-lineNumbers .cm-error-gutter')?.textContent === '7');
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard: Escape then Tab leaves the editor; task rows and the timeline take focus and keys', async () => {
  const { context, page, problems } = await openPage(site);
  await runAndWait(page);
  await page.locator('[data-testid="editor"] .cm-content').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const inEditor = await page.evaluate(() => !!document.activeElement?.closest('.cm-editor'));
  assert.equal(inEditor, false, 'Escape then Tab moves focus out of the editor');
  // A task row: focus it, Enter selects it and opens its detail.
  const row = page.getByTestId('task-row').nth(1);
  await row.focus();
  await page.keyboard.press('Enter');
  assert.equal(await row.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByTestId('task-detail').count(), 1);
  // The timeline: arrows step through task switches.
  const canvas = page.getByTestId('timeline');
  await canvas.focus();
  await page.keyboard.press('ArrowLeft');
  assert.match(await page.getByTestId('step-label').textContent(), /^switch \d+ of \d+$/);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('section.views').getAttribute('data-playhead'), 'live');
  assert.deepEqual(problems, []);
  await context.close();
});
