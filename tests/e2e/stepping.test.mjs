// Stepping through a run switch by switch, and the timeline's pictures of
// what went wrong. The expected order of switches is read from the run's
// own trace (the "Export trace" download, where every step is a "run"
// span), not from the page; the expected lines are those of the programs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsDir, openPage, runAndWait, setCode, siteUnderTest } from './serve.mjs';

const site = siteUnderTest({ before, after });

const SEMAPHORE = [
  'import asyncio',
  '',
  'async def job(i, sem):',
  '    async with sem:',
  '        await asyncio.sleep(1)',
  '        print("done", i)',
  '',
  'async def main():',
  '    sem = asyncio.Semaphore(2)',
  '    await asyncio.gather(*(job(i, sem) for i in range(3)))',
  '',
  'asyncio.run(main())',
].join('\n');

// Two transfers, each holding one lock and waiting for the other's.
const DEADLOCK = [
  'import asyncio',
  '',
  'async def transfer(first, second):',
  '    async with first:',
  '        await asyncio.sleep(0.1)',
  '        async with second:',
  '            print("moved")',
  '',
  'async def main():',
  '    a, b = asyncio.Lock(), asyncio.Lock()',
  '    await asyncio.gather(transfer(a, b), transfer(b, a))',
  '',
  'asyncio.run(main())',
].join('\n');

/** The task ids of the trace's steps, in order, from the exported trace. */
async function switchesFromExport(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const trace = JSON.parse(await readFile(await download.path(), 'utf8'));
  return trace.traceEvents.filter((e) => e.ph === 'X' && e.name === 'run').map((e) => String(e.tid));
}

/** The task row marked as running now, and the line marked in the editor. */
async function here(page) {
  return page.evaluate(() => {
    const now = [...document.querySelectorAll('[data-testid="task-row"][data-now="true"]')];
    const gutter = document.querySelector('[data-testid="editor"] .cm-lineNumbers .cm-task-gutter');
    return {
      now: now.map((r) => r.dataset.task),
      line: gutter ? Number(gutter.textContent) : null,
      label: document.querySelector('[data-testid="step-label"]')?.textContent ?? '',
    };
  });
}

test('Prev and Next walk every task switch of an instant run, in the order of the trace', async () => {
  const { context, page, problems } = await openPage(site);
  await setCode(page, SEMAPHORE);
  await runAndWait(page);
  const expected = await switchesFromExport(page);
  assert.ok(expected.length >= 8, `a run of four tasks has many switches: ${expected}`);
  const next = page.getByTestId('step-next');
  const prev = page.getByTestId('step-prev');
  // At the end there is nothing after: Next is off, Prev goes back.
  assert.equal(await next.isDisabled(), true);
  // Back to the first switch.
  let back = 0;
  while (!(await prev.isDisabled())) {
    await prev.click();
    back += 1;
    assert.ok(back <= expected.length, 'Prev must stop at the first switch');
  }
  assert.equal(back, expected.length);
  // Forward, one switch at a time: the task that runs is the trace's.
  const seen = [];
  const lines = [];
  for (let k = 1; k <= expected.length; k += 1) {
    const h = await here(page);
    assert.equal(h.now.length, 1, `exactly one task runs at switch ${k}: ${JSON.stringify(h)}`);
    assert.equal(h.label, `switch ${k} of ${expected.length}`);
    seen.push(h.now[0]);
    lines.push(h.line);
    await next.click();
  }
  assert.deepEqual(seen, expected);
  // After the last switch Next went to the end, and stops there.
  assert.equal(await page.locator('section.views').getAttribute('data-playhead'), 'live');
  assert.equal(await next.isDisabled(), true);
  assert.equal((await here(page)).label, '');
  // The third job (the trace's sixth task id seen) resumes at 1 s in
  // `async with sem:` (line 4): the editor marks that line when it runs
  // again; its first step marks the line of its coroutine (3).
  const job3 = [...new Set(expected)].at(-1);
  const steps = expected.map((t, i) => [t, i]).filter(([t]) => t === job3).map(([, i]) => i);
  assert.equal(lines[steps[0]], 3);
  assert.equal(lines[steps[1]], 4);
  // The task detail follows: at the third job's second step it holds the
  // semaphore it just got.
  await prev.click(); // from the end to the last switch
  while ((await here(page)).label !== `switch ${steps[1] + 1} of ${expected.length}`) await prev.click();
  const detail = page.getByTestId('task-detail');
  assert.equal(await detail.getAttribute('data-state'), 'running');
  assert.match(await detail.textContent(), /paused at\s*line 4/);
  await page.screenshot({ path: join(artifactsDir, 'stepping-semaphore.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a deadlock is drawn: each stuck task is blocked forever on the timeline, named in words', async () => {
  const { context, page, problems } = await openPage(site);
  await setCode(page, DEADLOCK);
  await runAndWait(page);
  const canvas = page.locator('canvas.timeline');
  const box = await canvas.boundingBox();
  // Lanes: main, Task-1, Task-2, Task-3; 18 px each under an 18 px axis.
  const lane = (row) => 18 + row * 18 + 9;
  await canvas.hover({ position: { x: box.width - 30, y: lane(2) } });
  assert.match(await canvas.getAttribute('title'), /^Task-2 · transfer\(\): blocked forever \(deadlock\) on lock 'Lock-\d' \(held by 'Task-3'\)/);
  // Before the deadlock, the same lane says what the task did then.
  await canvas.hover({ position: { x: 150, y: lane(2) } });
  assert.match(await canvas.getAttribute('title'), /^Task-2 · transfer\(\): (waited|ran)/);
  // The error names tasks and locks as the views do, not by internal ids.
  const error = await page.getByTestId('error').textContent();
  assert.match(error, /task 'Task-2' waits on lock 'Lock-\d' \(held by 'Task-3'\)/);
  assert.doesNotMatch(error, /\br\d\b/);
  await page.getByRole('tab', { name: /Resources/ }).click();
  const cards = page.getByTestId('resource-card');
  assert.equal(await cards.count(), 2);
  const texts = await cards.allTextContents();
  for (const t of texts) {
    assert.match(t, /locked/);
    assert.match(t, /held by Task-\d/);
    assert.match(t, /waiting, in order: Task-\d/);
    assert.doesNotMatch(t, /\bclear\b|\bset\b/);
  }
  await page.screenshot({ path: join(artifactsDir, 'stepping-deadlock.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a sleep overrun by a blocked loop is drawn as starved, not as sleeping', async () => {
  const { context, page, problems } = await openPage(site);
  await setCode(page, [
    'import asyncio, time',
    '',
    'async def ticker():',
    '    for i in range(3):',
    '        await asyncio.sleep(0.1)',
    '',
    'async def hog():',
    '    time.sleep(0.5)',
    '',
    'async def main():',
    '    await asyncio.gather(ticker(), hog())',
    '',
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  const canvas = page.locator('canvas.timeline');
  const box = await canvas.boundingBox();
  // The run takes 0.7 s (virtual): 0.5 s blocked, then two ticks. The
  // ticker (lane 2) was due at 0.1 s and ran at 0.5 s.
  const plot = box.width - 140 - 8;
  const x = 140 + (0.3 / 0.7) * plot;
  await canvas.hover({ position: { x, y: 18 + 2 * 18 + 9 } });
  const title = await canvas.getAttribute('title');
  assert.match(title, /^Task-2 · ticker\(\): waited 500ms on sleep until 0\.100s — starved 400ms past its deadline \(the loop was busy\) · line 5/);
  assert.equal(await page.getByTestId('legend').getByText('starved: overdue, the loop was busy').count(), 1);
  // Zoom in around the middle, then back with the keyboard.
  assert.equal(await page.getByTestId('zoom-fit').isDisabled(), true);
  await page.getByTestId('zoom-in').click();
  const [from, to] = (await canvas.getAttribute('data-window')).split('-').map(Number);
  assert.ok(to - from > 0 && to - from <= 350_000_000 + 1, `half the run or less: ${from}-${to}`);
  await canvas.focus();
  await page.keyboard.press('0');
  assert.equal(await canvas.getAttribute('data-window'), '');
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  const [a, b] = (await canvas.getAttribute('data-window')).split('-').map(Number);
  assert.ok(b - a <= 175_000_001, `a quarter of the run: ${a}-${b}`);
  await page.getByTestId('zoom-fit').click();
  assert.equal(await canvas.getAttribute('data-window'), '');
  await page.screenshot({ path: join(artifactsDir, 'stepping-starved.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('at every size and theme: a deadlock is named and drawn, and stepping selects the task that runs', async () => {
  for (const [width, height] of [[1440, 900], [1280, 720], [1024, 768], [390, 844]]) {
    for (const theme of ['light', 'dark']) {
      const where = `${width}×${height} ${theme}`;
      const { context, page, problems } = await openPage(site, { viewport: { width, height }, colorScheme: theme });
      await setCode(page, DEADLOCK);
      await runAndWait(page);
      if (width <= 720) await page.getByTestId('pane-output').click();
      assert.match(await page.getByTestId('error').textContent(), /task 'Task-3' waits on lock 'Lock-\d' \(held by 'Task-2'\)/, where);
      if (width <= 720) await page.getByTestId('pane-views').click();
      const canvas = page.getByTestId('timeline');
      const box = await canvas.boundingBox();
      await canvas.hover({ position: { x: box.width - 20, y: 18 + 3 * 18 + 9 } });
      assert.match(await canvas.getAttribute('title'), /^Task-3 · transfer\(\): blocked forever \(deadlock\)/, where);
      // Scrolled to the timeline, nothing lies over the views.
      const overlap = await page.evaluate(() => {
        const g = document.querySelector('nav.gallery').getBoundingClientRect();
        const v = document.querySelector('section.views').getBoundingClientRect();
        return g.height > 0 && v.height > 0 && g.bottom > v.top + 1 && g.top < v.bottom - 1
          && g.right > v.left + 1 && g.left < v.right - 1;
      });
      assert.equal(overlap, false, `the gallery lies over the views at ${where}`);
      // Step back twice from the end: a task runs, is selected, its detail shows.
      await page.getByTestId('step-prev').click();
      await page.getByTestId('step-prev').click();
      assert.match(await page.getByTestId('step-label').textContent(), /^switch \d+ of \d+$/, where);
      const detail = page.getByTestId('task-detail');
      assert.equal(await detail.getAttribute('data-state'), 'running', where);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(scroll <= 0, `sideways scroll at ${where}`);
      await page.screenshot({ path: join(artifactsDir, `stepping-deadlock-${width}x${height}-${theme}.png`), fullPage: width <= 720 });
      assert.deepEqual(problems, [], where);
      await context.close();
    }
  }
});

test('many tasks: the lanes scroll with a visible scrollbar', async () => {
  const { context, page, problems } = await openPage(site);
  await setCode(page, [
    'import asyncio',
    '',
    'async def worker(i):',
    '    await asyncio.sleep(i / 100)',
    '',
    'async def main():',
    '    await asyncio.gather(*(worker(i) for i in range(40)))',
    '',
    'asyncio.run(main())',
  ].join('\n'));
  await runAndWait(page);
  const bar = page.getByTestId('lane-scroll');
  assert.equal(await bar.isVisible(), true, 'more lanes than fit: the scrollbar shows');
  const canvas = page.getByTestId('timeline');
  const firstLane = async () => {
    await canvas.hover({ position: { x: 20, y: 18 + 9 } });
    return canvas.getAttribute('title');
  };
  assert.match(await firstLane(), /^<module>/);
  // Scrolling the bar by ten lanes shows the tenth task at the top.
  await bar.evaluate((el) => { el.scrollTop = 10 * 18; el.dispatchEvent(new Event('scroll')); });
  await page.waitForFunction(() => true);
  assert.match(await firstLane(), /^Task-10 · worker\(\)/);
  // The wheel on the canvas moves the bar too.
  await canvas.hover({ position: { x: 300, y: 100 } });
  await page.mouse.wheel(0, 5 * 18);
  await page.waitForFunction(() => document.querySelector('[data-testid="lane-scroll"]').scrollTop >= 14 * 18);
  assert.deepEqual(problems, []);
  await context.close();
});
