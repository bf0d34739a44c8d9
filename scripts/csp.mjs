#!/usr/bin/env node
// Adds a Content-Security-Policy to a built site's index.html (default:
// dist/index.html). trunk writes the wasm loader as an inline module script,
// so the policy allows exactly that script by its SHA-256 hash, nothing else
// inline. Run after `trunk build`; the Pages workflow and scripts/test do.
//
//   node scripts/csp.mjs [DIST_DIR]

import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const file = join(dist, 'index.html');
let html = await readFile(file, 'utf8');

if (html.includes('http-equiv="Content-Security-Policy"')) {
  console.log(`csp: ${file} already has a policy`);
  process.exit(0);
}

// Every inline <script> (no src attribute): hash its exact text.
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}

const policy = [
  "default-src 'self'",
  // The app's own scripts, trunk's inline loader, and compiling WebAssembly.
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  // Leptos sets style attributes (lane offsets, row positions).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // Programs may fetch any URL (CORS permitting), as the playground promises.
  'connect-src *',
  // The mock API's Service Worker.
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

html = html.replace(
  /<head>/,
  `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
);
await writeFile(file, html);
console.log(`csp: ${file}: ${hashes.length} inline script(s) allowed by hash`);
