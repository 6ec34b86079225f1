// The CLI script's imports past the folders' index files (docs/architecture.md, "How the
// ES-module bundle is cut and trimmed"). In the script (dist/cli-script/main.cjs, one file) esbuild
// wraps every module in a lazy init, and an index that re-exports a folder (`src/run/index.ts`,
// `src/config/schema/index.ts`, …) runs the init of every module it names as soon as one importer
// of the index loads: `eval` built the schemas of results.jsonl, summary.json, the history,
// blocked.json and the cassettes, and ran the modules that read them, though a run reads none of
// them. Built through this plugin, a module's `import { a, b } from '../run/index.js'` imports `a`
// and `b` from the modules that define them, so a command runs the init of what its code imports,
// as an unbundled Node would have loaded the same files had they not gone through the index.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An index file of src/: a folder's re-exports. */
const INDEX = /[\\/]src[\\/](.+[\\/])?index\.ts$/;
/** A module of src/ (esbuild's filters are Go's regular expressions: no lookbehind; src/ holds no declaration file). */
const SOURCE = /[\\/]src[\\/].+\.ts$/;

/** esbuild plugin: value imports from src/'s index files rewritten to the modules that define each name. */
export function pastBarrels() {
  const exportsOf = new Map();
  return {
    name: 'past-barrels',
    setup(builder) {
      builder.onLoad({ filter: SOURCE }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        return { contents: importsPastBarrels({ text, file: args.path, exportsOf }), loader: 'ts' };
      });
    },
  };
}

/** A value import's specifiers: `a`, `a as b`, `type T` (kept on the index: erased). */
const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*'(\.{1,2}\/[^']*index\.js)';?$/gm;

/** `text` (the module at `file`) with its value imports from index files made direct. */
export function importsPastBarrels({ text, file, exportsOf }) {
  return text.replace(IMPORT, (statement, list, specifier) => {
    const barrel = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
    if (!INDEX.test(barrel)) return statement;
    const names = exportMap(barrel, exportsOf);
    const direct = new Map();
    const kept = [];
    for (const raw of list.split(',').map((part) => part.trim()).filter(Boolean)) {
      const [imported, local = imported] = raw.split(/\s+as\s+/);
      const from = raw.startsWith('type ') ? undefined : names.get(imported);
      if (from === undefined || from.file === barrel) {
        kept.push(raw);
        continue;
      }
      let path = relative(dirname(file), from.file).split(sep).join('/').replace(/\.ts$/, '.js');
      if (!path.startsWith('.')) path = `./${path}`;
      const specifiers = direct.get(path) ?? [];
      specifiers.push(from.name === local ? local : `${from.name} as ${local}`);
      direct.set(path, specifiers);
    }
    if (direct.size === 0) return statement;
    const lines = [...direct].map(([path, specifiers]) => `import { ${specifiers.join(', ')} } from '${path}';`);
    // What stays on the index: types alone (erased), or a name it defines itself.
    if (kept.length > 0) lines.unshift(`import { ${kept.join(', ')} } from '${specifier}';`);
    // On the statement's lines: the module's other lines keep their numbers.
    return lines.join(' ') + '\n'.repeat(statement.split('\n').length - 1);
  });
}

/** What an index file exports: each value's name → the module defining it and its name there. */
function exportMap(barrel, exportsOf) {
  const known = exportsOf.get(barrel);
  if (known) return known;
  const map = new Map();
  exportsOf.set(barrel, map);
  const text = readFileSync(barrel, 'utf8');
  for (const [, list, specifier] of text.matchAll(/^export\s*\{([^}]*)\}\s*from\s*'([^']+)'/gm)) {
    const module = resolve(dirname(barrel), specifier.replace(/\.js$/, '.ts'));
    for (const raw of list.split(',').map((part) => part.trim()).filter(Boolean)) {
      if (raw.startsWith('type ')) continue;
      const [name, exported = name] = raw.split(/\s+as\s+/);
      map.set(exported, definedIn({ module, name, exportsOf }));
    }
  }
  for (const [, specifier] of text.matchAll(/^export \* from '([^']+)'/gm)) {
    const module = resolve(dirname(barrel), specifier.replace(/\.js$/, '.ts'));
    for (const name of ownExports(module)) map.set(name, definedIn({ module, name, exportsOf }));
  }
  // Anything else the index exports (its own code): imported from the index, as written.
  return map;
}

/** Where `name`, exported by `module`, is defined: through another index, the module behind it. */
function definedIn({ module, name, exportsOf }) {
  if (INDEX.test(module)) return exportMap(module, exportsOf).get(name) ?? { file: module, name };
  return { file: module, name };
}

/** The value names a module (no index) exports. */
function ownExports(module) {
  const text = readFileSync(module, 'utf8');
  const names = new Set();
  for (const [, name] of text.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|abstract\s+class|enum)\s+([\w$]+)/gm)) names.add(name);
  for (const [, list] of text.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const raw of list.split(',').map((part) => part.trim()).filter(Boolean)) {
      if (!raw.startsWith('type ')) names.add(raw.split(/\s+as\s+/).pop());
    }
  }
  return names;
}

/** This file, whose text the bundles' digest covers (bundle.js). */
export const PAST_BARRELS_FILE = fileURLToPath(import.meta.url);
