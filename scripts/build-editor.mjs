#!/usr/bin/env node
// Bundles the code editor (www/editor/editor.js: CodeMirror 6 from npm)
// into target/editor/editor.js with the pinned esbuild. Run by trunk before
// every build (Trunk.toml's pre_build hook), so `trunk build` and `trunk
// serve` need nothing else; it does nothing when the bundle is newer than
// its sources and package-lock.json.
import { build } from 'esbuild';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'www', 'editor', 'editor.js');
const out = join(root, 'target', 'editor', 'editor.js');
const mtime = async (p) => (await stat(p).catch(() => null))?.mtimeMs ?? 0;

const newest = Math.max(await mtime(entry), await mtime(join(root, 'package-lock.json')), await mtime(fileURLToPath(import.meta.url)));
if ((await mtime(out)) > newest) {
  console.log(`editor: ${out} is up to date`);
} else {
  await mkdir(dirname(out), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    format: 'esm',
    minify: true,
    target: ['chrome100', 'firefox100', 'safari15'],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs)[0].bytes;
  console.log(`editor: bundled ${out} (${(bytes / 1000).toFixed(1)} KB)`);
}
