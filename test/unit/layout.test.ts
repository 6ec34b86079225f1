// Imports follow the flow a case takes (DEVELOPERS.md): a folder may import only the folders
// listed for it. A backwards arrow means the design is wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

const ALLOWED: Record<string, string[]> = {
  errors: [],
  config: ['config', 'errors'],
  common: ['common', 'config', 'errors'],
  adapters: ['adapters', 'config', 'errors', 'common'],
  environment: ['environment', 'adapters', 'config', 'errors', 'common'],
  score: ['score', 'config', 'errors', 'common'],
  run: ['run', 'adapters', 'environment', 'score', 'config', 'errors', 'common'],
  gate: ['gate', 'score', 'config', 'errors', 'common'],
  report: ['report', 'gate', 'score', 'config', 'errors', 'common'],
  lifecycle: ['lifecycle', 'report', 'gate', 'run', 'score', 'config', 'errors', 'common'],
  cli: ['cli', 'lifecycle', 'report', 'gate', 'run', 'score', 'environment', 'adapters', 'config', 'errors', 'common'],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** The top folder of src/ a file belongs to ('errors' for src/errors.ts). */
function roomOf(file: string): string {
  const [first] = relative(SRC, file).split(/[\\/]/);
  return first!.replace(/\.(ts|js)$/, '');
}

describe('import flow', () => {
  it('every import in src/ goes only to a folder its folder may use', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const room = roomOf(file);
      const allowed = ALLOWED[room];
      if (!allowed) {
        violations.push(`${relative(SRC, file)}: folder ${room} is not in the layout`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
        const target = roomOf(resolve(dirname(file), match[1]!));
        if (!allowed.includes(target)) violations.push(`${relative(SRC, file)} imports ${match[1]} (${room} → ${target})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
