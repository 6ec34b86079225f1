// Node's own modules that src/ reaches through process.getBuiltinModule, never an ES import: on
// Node 22 and 24 an ES import of node:http builds its namespace from every export, which reads
// http's lazy WebSocket getters and so loads undici, tls, http2 and assert (~40 ms of CPU per
// command on the ES-module bundle: `eval` of a local stdio agent loaded tls, test/e2e/bundle.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
/** Named without their `node:` prefix: `'http'` is the same module. */
const VIA_GETTER = ['http'];

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/**
 * The module specifiers `text` loads at run time, each with its statement: an import or
 * re-export of values (`import type`, `export type` and imports of inline types only are erased),
 * an import for its side effects (`import 'node:http'`), a dynamic `import()` (not `typeof
 * import()`, a type) and a `require()`. Comment lines are left out.
 */
function loadedModules(text: string): Array<{ specifier: string; statement: string }> {
  const code = text.replace(/^\s*(?:\/\/|\/\*|\*).*$/gm, '');
  const found: Array<{ specifier: string; statement: string }> = [];
  for (const match of code.matchAll(/^\s*(?:import|export)\s+(?!type\s)([^;'"]*?)\s*from\s*(['"])([^'"]+)\2/gm)) {
    const typesOnly = /^\{(?:\s*type\s+[\w$]+(?:\s+as\s+[\w$]+)?\s*,?)+\s*\}$/.test(match[1]!.trim());
    if (!typesOnly) found.push({ specifier: match[3]!, statement: match[0].trim() });
  }
  for (const match of code.matchAll(/^\s*import\s*(['"])([^'"]+)\1/gm)) found.push({ specifier: match[2]!, statement: match[0].trim() });
  for (const match of code.matchAll(/(?<!typeof\s*)\b(?:import|require)\s*\(\s*(['"])([^'"]+)\1\s*\)/g)) found.push({ specifier: match[2]!, statement: match[0] });
  return found;
}

describe("Node's modules an ES import would load more of", () => {
  it('are imported for their types only', () => {
    const valueImports = [...sourceFiles(SRC)].flatMap((file) =>
      loadedModules(readFileSync(file, 'utf8'))
        .filter(({ specifier }) => VIA_GETTER.includes(specifier.replace(/^node:/, '')))
        .map(({ statement }) => `${relative(SRC, file)}: ${statement}`),
    );
    expect(valueImports).toEqual([]);
  });

  it('are found however the import is written: for side effects, without node:, dynamic, re-exported, in double quotes (the scan saw only `import x from` lines)', () => {
    const loaded = (text: string) => loadedModules(text).map(({ specifier }) => specifier);
    expect(loaded("import 'node:http';\nimport http from 'http';\nimport { createServer,\n  type Server } from \"node:http\";\nexport { STATUS_CODES } from 'node:http';\n")).toEqual(['http', 'node:http', 'node:http', 'node:http']);
    expect(loaded("const http = await import('node:http');\nconst h = require('http');\n")).toEqual(['node:http', 'http']);
    // Erased by the compiler, or words in a comment: nothing loaded.
    expect(loaded("import type http from 'node:http';\nimport { type Server } from 'node:http';\nexport type { Server } from 'node:http';\nlet s: typeof import('node:http');\n// on Node 22 `import 'node:http'` loads undici\n  * or await import('node:http')\n")).toEqual([]);
  });
});
