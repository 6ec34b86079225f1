#!/usr/bin/env node
/**
 * Writes schemas/*.json from the built zod schemas (run after `tsc`).
 * `--check` writes nothing and exits 1 when a committed file differs, naming it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSchemas } from './schemas-lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'schemas');
const check = process.argv.includes('--check');

// The packs' schemas are apart from the index (built only when packs are read), and those of the
// json reporter's file, the card's JSON and the weekly review's (written only, never read back): all five.
const schemas = {
  ...(await import('../dist/config/schema/index.js')),
  ...(await import('../dist/config/schema/adversarial-packs.js')),
  ...(await import('../dist/config/schema/report.js')),
  ...(await import('../dist/config/schema/card.js')),
  ...(await import('../dist/config/schema/weekly.js')),
};
const { PROTOCOL_MESSAGES } = await import('../dist/adapters/protocol.js');
const files = renderSchemas({ schemas, protocol: PROTOCOL_MESSAGES });

if (check) {
  const drifted = Object.entries(files)
    .filter(([name, text]) => readOrEmpty(path.join(outDir, name)) !== text)
    .map(([name]) => `schemas/${name}`);
  if (drifted.length > 0) {
    process.stderr.write(`schemas out of date (run \`npm run build && npm run schemas\`):\n${drifted.map((f) => `  ${f}\n`).join('')}`);
    process.exitCode = 1;
  }
} else {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(outDir, name), text);
  process.stdout.write(`wrote ${Object.keys(files).length} files to schemas/\n`);
}

function readOrEmpty(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
