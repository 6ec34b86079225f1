// Node's own modules that src/ reaches through process.getBuiltinModule, never an ES import: on
// Node 22 and 24 an ES import of node:http builds its namespace from every export, which reads
// http's lazy WebSocket getters and so loads undici, tls, http2 and assert (~40 ms of CPU per
// command on the ES-module bundle: `eval` of a local stdio agent loaded tls, test/e2e/bundle.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const VIA_GETTER = ['node:http'];

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

describe("Node's modules an ES import would load more of", () => {
  it('are imported for their types only', () => {
    const valueImports = [...sourceFiles(SRC)].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gm)]
        .filter(([, specifier]) => VIA_GETTER.includes(specifier!))
        .map(([line]) => `${relative(SRC, file)}: ${line}`),
    );
    expect(valueImports).toEqual([]);
  });
});
