// Bundles the CLI (src/cli/main.ts, everything it imports and its dependencies) into
// dist/cli-bundle/ with esbuild; `npm run build` runs it after tsc, which type-checks and emits
// dist/ for the package's library exports. One bundle loads in a fraction of the time of the
// ~490 ES modules it replaces, each of them resolved, read and compiled apart (docs/architecture.md).
// What every bundle of the package shares (zod's English only, the fixes to dependencies, ASCII
// text) is scripts/bundle.js's.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundle } from './bundle.js';

/** What heads the CLI script's key line (bin/load-cli.js reads it). */
const KEY_LINE = 'agentready script key: ';

/** The CLI script (below), which bin/load-cli.js runs when there is one. */
const SCRIPT = 'dist/cli-script/main.cjs';

/**
 * Runs a step of the build; when it fails, no script is left (the previous build's would be
 * whole and keyed): bin/load-cli.js would run it, the code of an older build, as if this one had
 * made it. With none, the loader runs the ES-module bundle (when that step failed, there is none
 * either: the CLI fails to load, as a failed build should), and the next build makes the script again.
 */
async function orNoScript(step) {
  try {
    await step();
  } catch (error) {
    rmSync(dirname(SCRIPT), { recursive: true, force: true });
    throw error;
  }
}

await orNoScript(() => bundle({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/cli-bundle',
  // Each `await import()` (the command actions, the OTLP encoder, commander's error class)
  // stays a chunk of its own, loaded only when that code runs.
  splitting: true,
  // tsx is the loader of the user's TypeScript modules (config/import-module.ts): it stays a
  // package, found in node_modules at run time. ajv, yaml and libphonenumber-js are CommonJS
  // loaded on first use through packageRequire (config/package-root.ts), which esbuild leaves alone.
  external: ['tsx', 'tsx/*'],
  // The bundled CommonJS dependencies require Node's own modules: give them a `require`.
  banner: { js: "import { createRequire as __agentreadyRequire } from 'node:module'; const require = __agentreadyRequire(import.meta.url);" },
  define: { AGENTREADY_BUILD_ID: JSON.stringify(buildId()) },
}));

// The same CLI as one CommonJS script, which bin/load-cli.js compiles with V8's code cache
// (docs/architecture.md): Node 20 has no compile cache, and Node 22's keeps less. A script holds no
// chunks: what the ES-module bundle imports lazily is evaluated lazily (esbuild wraps it), from
// one file. It has no import.meta: the script's own file names it. V8 loses the `import()`
// callback of a script compiled from its cache: a user's module and tsx are imported by the
// loader (AGENTREADY_IMPORT, a parameter of the script's function: config/dynamic-import.ts).
await bundle({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/cli-script',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  external: ['tsx', 'tsx/*'],
  // One function expression, which the loader calls as Node calls a CommonJS module's (with one
  // more parameter): made here, not by the loader, which would hold a second copy of ~4 MB of
  // text. Strict, as an ES module is ("use strict" first in the body).
  banner: { js: `// ${KEY_LINE}${'0'.repeat(64)}\n(function (exports, require, module, __filename, __dirname, __agentreadyImport) {"use strict"; const __agentreadyMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
  footer: { js: '})' },
  define: {
    AGENTREADY_BUILD_ID: JSON.stringify(buildId()),
    AGENTREADY_IMPORT: '__agentreadyImport',
    'import.meta.url': '__agentreadyMetaUrl',
    'import.meta.dirname': '__dirname',
  },
  // One file: each module's init runs when a module importing it runs its own. Imports past the
  // folders' index files (scripts/past-barrels.js) run only the modules a command's code imports.
}, { pastBarrels: true });
// No script left unchecked or unkeyed.
await orNoScript(() => {
  onlyLoaderImports(SCRIPT);
  keyScript(SCRIPT);
});

/**
 * The script's `import()` calls all go through the loader's (config/dynamic-import.ts): one left
 * in the script would fail only once its cache is read (the second run of a command), so the
 * build fails on it.
 */
function onlyLoaderImports(file) {
  const lines = readFileSync(file, 'latin1').split('\n');
  const stray = lines.findIndex((line) => /(^|[^\w$.])import\(/.test(line) && !/^\s*(\/\/|\/\*|\*)/.test(line) && !line.includes('__agentreadyImport('));
  if (stray !== -1) throw new Error(`${file}:${stray + 1}: an import() the CLI script cannot run from its code cache; import through config/dynamic-import.ts's importSpecifier`);
}

/**
 * The script's first line names its text: the sha256 of the file as built (the line's zeros in
 * place). V8 tells a cache made for another text only by its length, so bin/load-cli.js keys its
 * cache files by this line. A script up to date (bundle() built nothing) has its key already.
 */
function keyScript(file) {
  const text = readFileSync(file, 'latin1');
  const zeros = `// ${KEY_LINE}${'0'.repeat(64)}\n`;
  if (!text.startsWith(zeros)) return;
  const key = createHash('sha256').update(text).digest('hex');
  writeFileSync(file, `// ${KEY_LINE}${key}\n${text.slice(zeros.length)}`, 'latin1');
}

/**
 * What the bundle is built from, hashed: every file under src/, the locked dependencies and the
 * build scripts (scripts/bundle.js's fixes to them). The cache of checked suites
 * (config/suite-cache.ts) is keyed by it, so a build whose schemas, parser or rules differ never
 * reads an older build's entries.
 */
function buildId() {
  const digest = createHash('sha256');
  const files = readdirSync('src', { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of [...files, 'package-lock.json', 'scripts/build-cli.js', 'scripts/bundle.js']) digest.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return digest.digest('hex').slice(0, 32);
}
