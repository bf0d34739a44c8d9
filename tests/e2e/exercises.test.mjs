// The exercises in the page: a learner opens each one, checks the starter
// code (it fails, with the requirement named), reads hints one at a time,
// checks a correct solution (it passes), and keeps their progress and
// code across a reload; a failed requirement's instant is a link to that
// moment on the timeline; a share link carries the exercise and the
// attempt. The solutions are the exercises' own reference solutions.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsDir, getCode, openPage, repoRoot, setCode, siteUnderTest } from './serve.mjs';

const site = siteUnderTest({ before, after });
const IDS = ['rate-limited-scraper', 'pool-with-retry', 'priority-scheduler', 'pub-sub', 'file-pipeline'];

/** A section's code block of an exercise file. */
async function section(id, name) {
  const text = await readFile(join(repoRoot, 'exercises', `${id}.md`), 'utf8');
  const body = text.split(`\n## ${name}\n`)[1];
  return body.split('```python\n')[1].split('\n```')[0] + '\n';
}

/** Presses Check and waits for the verdicts; returns them. */
async function check(page) {
  await page.getByTestId('check').click();
  const result = page.getByTestId('check-result');
  await result.waitFor({ timeout: 30_000 });
  const state = await result.getAttribute('data-state');
  const reqs = await page.$$eval('[data-testid="requirement"]', (items) =>
    items.map((li) => ({
      name: li.querySelector('.req-name').textContent,
      state: li.dataset.state,
      detail: li.querySelector('.req-detail')?.textContent ?? '',
    })),
  );
  return { state, reqs };
}

test('every exercise: the starter fails with a named requirement, the solution passes', async () => {
  const { context, page, problems } = await openPage(site);
  const items = page.getByTestId('exercise');
  assert.equal(await items.count(), IDS.length);
  for (const id of IDS) {
    await page.locator(`[data-testid="exercise"][data-exercise="${id}"]`).click();
    await page.getByTestId('exercise-panel').waitFor();
    assert.equal(await getCode(page), await section(id, 'Starter'), `${id}: the editor holds the starter code`);
    const starter = await check(page);
    assert.equal(starter.state, 'fail', `${id}: the starter passes`);
    const failed = starter.reqs.filter((r) => r.state === 'fail');
    assert.ok(failed.length > 0 && failed.every((r) => r.detail.length > 0), `${id}: ${JSON.stringify(starter.reqs)}`);
    if (id === 'rate-limited-scraper') {
      assert.ok(failed.some((r) => r.name.startsWith('Finishes within 25%') && /took \d+\.\d\d s; the limits allow/.test(r.detail)),
        JSON.stringify(failed));
      await page.screenshot({ path: join(artifactsDir, 'exercise-fail.png') });
    }
    await setCode(page, await section(id, 'Solution'));
    const solved = await check(page);
    assert.equal(solved.state, 'pass', `${id}: ${JSON.stringify(solved.reqs.filter((r) => r.state !== 'pass'))}`);
    assert.ok(solved.reqs.length >= 6);
  }
  await page.screenshot({ path: join(artifactsDir, 'exercise-pass.png') });
  // Progress and code survive a reload.
  await page.reload({ waitUntil: 'load' });
  await page.getByTestId('run').waitFor();
  for (const id of IDS) {
    const mark = page.locator(`[data-testid="exercise"][data-exercise="${id}"] .ex-mark.solved`);
    assert.equal(await mark.count(), 1, `${id} is not marked solved after a reload`);
  }
  await page.locator('[data-testid="exercise"][data-exercise="pub-sub"]').click();
  assert.equal(await getCode(page), await section('pub-sub', 'Solution'), 'the attempt was not kept');
  assert.deepEqual(problems, []);
  await context.close();
});

test('hints come one at a time, the solution after a check, a failure links to its instant', async () => {
  const { context, page, problems } = await openPage(site);
  await page.locator('[data-testid="exercise"][data-exercise="rate-limited-scraper"]').click();
  const hint = page.getByTestId('hint');
  const solution = page.getByTestId('solution');
  assert.equal(await solution.isDisabled(), true, 'the solution is offered before any attempt');
  await hint.click();
  assert.equal(await page.locator('[data-testid="hints"] > li').count(), 1);
  await hint.click();
  assert.equal(await page.locator('[data-testid="hints"] > li').count(), 2);
  // A scraper with no limit on what is in flight.
  await setCode(page, await readFile(join(repoRoot, 'exercises/attempts/rate-limited-scraper/no-limit.py'), 'utf8'));
  const { state, reqs } = await check(page);
  assert.equal(state, 'fail');
  const inFlight = reqs.find((r) => r.name.startsWith('At most limit requests in flight'));
  assert.equal(inFlight?.state, 'fail', JSON.stringify(reqs));
  assert.match(inFlight.detail, /^at t=0\.00 s 4 requests were in flight \(limit=3\): \/items\?page=1, /);
  assert.deepEqual(reqs.filter((r) => r.state === 'fail').map((r) => r.name), [inFlight.name]);
  // Its instant on the timeline.
  await page.locator('[data-testid="requirement"][data-state="fail"] [data-testid="requirement-at"]').first().click();
  await page.waitForFunction(() => document.querySelector('section.views')?.dataset.playhead !== 'live');
  assert.equal(await solution.isDisabled(), false);
  await solution.click();
  await page.getByTestId('solution-code').waitFor();
  assert.match(await page.getByTestId('solution-code').textContent(), /class TokenBucket/);
  await page.screenshot({ path: join(artifactsDir, 'exercise-hints.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test("an exception in the learner's code marks its line and names it", async () => {
  const { context, page, problems } = await openPage(site);
  await page.locator('[data-testid="exercise"][data-exercise="rate-limited-scraper"]').click();
  await setCode(page, await readFile(join(repoRoot, 'exercises/attempts/rate-limited-scraper/raises-in-a-helper.py'), 'utf8'));
  const { state, reqs } = await check(page);
  assert.equal(state, 'fail');
  // CPython names the same frame (exercises/attempts/…/raises-in-a-helper.expected.json).
  assert.equal(reqs[0].detail, 'ValueError: bad status 500 (line 6, in parse: raise ValueError(f"bad status {status}"))');
  assert.ok(reqs.slice(1).every((r) => r.state === 'skip'), JSON.stringify(reqs));
  await page.locator('[data-testid="editor"] .cm-error-gutter').waitFor();
  assert.equal(await page.locator('[data-testid="editor"] .cm-lineNumbers .cm-error-gutter').textContent(), '6');
  assert.match(await page.getByTestId('exercise-progress').textContent(), /^1 check so far$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a share link opens the exercise with the attempt it carries', async () => {
  const { context, page, problems } = await openPage(site);
  await page.locator('[data-testid="exercise"][data-exercise="priority-scheduler"]').click();
  const attempt = await readFile(join(repoRoot, 'exercises/attempts/priority-scheduler/fifo.py'), 'utf8');
  await setCode(page, attempt);
  await page.getByRole('button', { name: 'Share' }).click();
  const url = await page.getByTestId('share-url').inputValue();
  await context.close();
  const other = await openPage(site, { url });
  await other.page.getByTestId('exercise-panel').waitFor();
  assert.equal(await getCode(other.page), attempt);
  const { state, reqs } = await check(other.page);
  assert.equal(state, 'fail');
  assert.ok(reqs.some((r) => r.state === 'fail' && r.name.startsWith('A free worker takes the lowest priority')));
  assert.deepEqual([...problems, ...other.problems], []);
  await other.context.close();
});
