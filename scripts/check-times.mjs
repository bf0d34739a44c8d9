// How long a check takes: each exercise's reference solution through the
// npm package's check() in Node (pkg/node, from scripts/build-npm), warm,
// and whether its starter code fails. Usage: node scripts/check-times.mjs
import { exercises, check } from '../pkg/node/index.mjs';

for (const e of await exercises()) {
  await check(e.id, e.solution);
  const t0 = performance.now();
  const r = await check(e.id, e.solution);
  const ms = performance.now() - t0;
  const s = await check(e.id, e.starter);
  const failed = s.requirements.filter((q) => q.state === 'fail').length;
  console.log(`${e.id.padEnd(22)} solution ${r.passed ? 'passes' : 'FAILS'} ${r.requirements.length} requirements in ${ms.toFixed(1)} ms; starter ${s.passed ? 'PASSES' : `fails ${failed}`}`);
}
