// Accessibility: axe-core (npm) on the playground, in both themes, with a
// program's results shown (tasks, timeline, output, a warning). No serious
// or critical finding is allowed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { siteUnderTest } from './serve.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const site = siteUnderTest({ before, after });

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds nothing serious or critical (${colorScheme} theme, results shown)`, async () => {
    const context = await site.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme });
    const page = await context.newPage();
    try {
      await page.goto(site.baseUrl, { waitUntil: 'load' });
      await page.getByTestId('editor').locator('.cm-content').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="example"][data-example="fire_and_forget"]').click();
      await page.getByTestId('run').click();
      await page.waitForFunction(() => /Finished|error/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''), null, { timeout: 30_000 });
      await page.evaluate(axeSource);
      for (const tab of ['Tasks', 'Warnings']) {
        await page.getByRole('tab', { name: new RegExp(tab) }).click();
        const violations = await page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { resultTypes: ['violations'] });
          return r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        });
        assert.deepEqual(violations, [], `${colorScheme}, ${tab} tab`);
      }
    } finally {
      await context.close();
    }
  });
}
