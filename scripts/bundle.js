// What every esbuild bundle of the package shares: the CLI's (scripts/build-cli.js) and the
// agent SDK's (scripts/build-agent.js). `bundle(options)` builds ES modules for Node with zod's
// English messages only and the fixes to dependencies below, then makes the output ASCII text.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { PAST_BARRELS_FILE, pastBarrels } from './past-barrels.js';

/**
 * Builds `options.outdir` afresh; `options` are esbuild's, on top of the shared ones. Unless it
 * is built from the same text already: `npm ci`, `npm test`, `npm run test:slow` and
 * `npm run test:frameworks` each build, and CI runs all four on one checkout.
 */
export async function bundle(options, { pastBarrels: direct = false, zodShaken = false } = {}) {
  // Both rewrite src/'s modules as esbuild loads them: one plugin's text would be the other's.
  if (direct && zodShaken) throw new Error('bundle: pastBarrels and zodShaken do not go together');
  const stampFile = join(options.outdir, BUILT_FROM);
  if (upToDate(stampFile, { ...options, pastBarrels: direct, zodShaken })) return;
  rmSync(options.outdir, { recursive: true, force: true });
  const { metafile } = await build({
    bundle: true,
    format: 'esm',
    platform: 'node',
    // No keepNames: it costs validate ~20 ms of CPU (a name set on each of thousands of functions).
    // What reads a class's name (reporter names, CommanderError's) reads one esbuild leaves alone;
    // only --debug stack frames may show a renamed one (_Command.parseAsync).
    target: 'node20.19',
    // Positions in src/ for `NODE_OPTIONS=--enable-source-maps …`; read only then.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [...(direct ? [pastBarrels()] : []), ...(zodShaken ? [zodAsNamespace()] : []), zodEnglishOnly(), sourceFixes(), pureSchemaModules()],
    metafile: true,
    ...options,
  });
  asciiComments(options.outdir);
  const inputs = Object.keys(metafile.inputs).map(inputFile).sort();
  const outputs = Object.keys(metafile.outputs).sort();
  writeFileSync(stampFile, `${JSON.stringify({ digest: digestOf({ ...options, pastBarrels: direct, zodShaken }, inputs), inputs, outputs }, null, 1)}\n`);
}

/**
 * `<outdir>/.built-from.json`: what the bundle in outdir was built from (every file esbuild read,
 * the installed dependencies, this script) as one digest of their text, the files it wrote. Kept
 * in outdir, so that it goes when outdir goes; left out of the package (package.json's `files`).
 */
const BUILT_FROM = '.built-from.json';

/**
 * Whether outdir holds every output of a build whose inputs all read as they read now, with the
 * same options: the digest covers each input's text (src/, the bundled dependencies' files), the
 * lockfiles (a dependency installed or moved, which can change what an import resolves to) and
 * this script (the plugins and fixes), so any change to them builds again. A new file changes
 * nothing until a file read before imports it (that file's text changes), and build-cli.js's
 * build id, in `options.define`, hashes every file of src/ anyway.
 */
function upToDate(stampFile, options) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return false;
  }
  return stamp.outputs.every((file) => existsSync(file)) && digestOf(options, stamp.inputs) === stamp.digest;
}

/** A metafile input's path on disk, a plugin's namespace (`zod-english-only:…`) taken off (what the plugin makes of the file is this script's). */
function inputFile(input) {
  const at = input.indexOf(':');
  return at > 1 ? input.slice(at + 1) : input;
}

function digestOf(options, inputs) {
  const digest = createHash('sha256').update(JSON.stringify(options)).update('\0');
  const lockfiles = ['package-lock.json', 'node_modules/.package-lock.json'].filter((file) => existsSync(file));
  // An input gone reads as nothing: the digest changes.
  for (const file of [...inputs, ...lockfiles, SELF, PAST_BARRELS_FILE]) digest.update(`${file}\0`).update(existsSync(file) ? readFileSync(file) : '').update('\0');
  return digest.digest('hex');
}

const SELF = fileURLToPath(import.meta.url);

/**
 * The chunks as ASCII text. Node reads a module's source into a string V8 keeps for as long as
 * the process runs (functions compile from it lazily), two bytes a character once one character
 * is past Latin-1: ~2 MB more of every command's memory. esbuild writes strings, regular
 * expressions and identifiers as ASCII escapes but comments as written (`…`, `—`, `→`): each code
 * unit past ASCII there becomes `?`, one for one, so the source maps' columns still hold.
 */
function asciiComments(dir) {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.js')) continue;
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    if (!/[^\x00-\x7f]/.test(text)) continue;
    // Only comment lines may hold such a character: anywhere else (a raw template string esbuild
    // could not escape) the `?` would change what the code says, so the build stops instead.
    const lines = text.split('\n');
    const code = lines.findIndex((line) => /[^\x00-\x7f]/.test(line) && !/^\s*(\/\/|\/\*|\*)/.test(line));
    if (code !== -1) throw new Error(`${file}:${code + 1}: a character past ASCII outside a comment line; esbuild left it as written`);
    writeFileSync(file, text.replace(/[^\x00-\x7f]/g, '?'));
  }
}

/**
 * The zod schema modules (src/config/schema/) only build schemas, but esbuild cannot know that a
 * top-level `z.object(…).describe(…)` has no effect beyond its value, so it evaluates every
 * module `schema/index.ts` re-exports wherever a module imports one name from the index. Marked
 * free of side effects, a schema module nothing in a chunk's graph reads is left out of it. That
 * holds for the ES-module bundle's chunks only: in the CLI script (dist/cli-script/main.cjs, one
 * file) an index runs the init of every module it re-exports as soon as one importer of it
 * loads, so the script is built with past-barrels.js (imports made direct past the index files).
 */
function pureSchemaModules() {
  const SCHEMA_MODULE = /[\\/]src[\\/]config[\\/]schema[\\/][^\\/]+\.ts$/;
  const inner = Symbol('pure-schema-modules');
  return {
    name: 'pure-schema-modules',
    setup(builder) {
      builder.onResolve({ filter: /^\.\.?\// }, async ({ path, importer, resolveDir, kind, pluginData }) => {
        if (pluginData === inner) return undefined;
        const resolved = await builder.resolve(path, { importer, resolveDir, kind, pluginData: inner });
        if (resolved.errors.length > 0 || !SCHEMA_MODULE.test(resolved.path)) return undefined;
        return { path: resolved.path, namespace: resolved.namespace, sideEffects: false };
      });
    },
  };
}

/**
 * src/'s `import { z } from 'zod'` read as `import * as z from 'zod'` (the form zod's own docs
 * write). The first binds zod's namespace object, made whole, so esbuild keeps all of zod (its
 * JSON Schema reader, its schema compiler) however little the code reads; through a namespace
 * import, only what a `z.…` reads is kept (zod declares itself free of side effects). For the
 * agent SDK's bundle, which every stdio agent built on it compiles before it can answer
 * `initialize` (no code cache for an ES module), while agentready loads the suites beside it:
 * 425 kB became 218 kB, the agent's start ~8 ms less CPU (docs/architecture.md).
 */
function zodAsNamespace() {
  const ZOD_IMPORT = "import { z } from 'zod';";
  return {
    name: 'zod-as-namespace',
    setup(builder) {
      builder.onLoad({ filter: /[\\/]src[\\/].+\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(ZOD_IMPORT)) return undefined;
        return { contents: text.replace(ZOD_IMPORT, "import * as z from 'zod';"), loader: 'ts' };
      });
    },
  };
}

/**
 * zod's namespace (`z`, `z.core`) holds every locale's messages, ~370 kB that each command would
 * compile for nothing: agentready words its own messages and only zod's default, English, is ever
 * configured. The bundle's `z.locales` and `z.core.locales` hold `en` alone.
 */
function zodEnglishOnly() {
  return {
    name: 'zod-english-only',
    setup(builder) {
      builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
        if (!/[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)) return undefined;
        return { path: join(dirname(args.resolveDir), 'locales', 'index.js'), namespace: 'zod-english-only' };
      });
      builder.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
        contents: "export { default as en } from './en.js';",
        resolveDir: dirname(args.path),
        loader: 'js',
      }));
    },
  };
}

/**
 * Fixes to dependencies' code, each an exact text replaced once; the build fails when a text is
 * not found once (the dependency changed: check the fix still applies).
 * - js-yaml's parser and constructor build their state as `{ ...DEFAULTS, ...options, more }`.
 *   In Node 20's V8, an object literal that opens with a spread gets a map (hidden class) of its
 *   own on every call past the ninth: from then on each parse meets a new shape in every function
 *   that reads its state, and runs two to three times slower (a project of many suite files, a
 *   large suite read in slices). Opening the literal with the first default's key, which the
 *   spread sets right after, keeps one map.
 * - commander requires node:child_process on load, for the executable subcommands agentready
 *   does not have: with it Node loads child_process, dgram and net's internals on every command.
 *   It is required on first `spawn` instead.
 * - fdir (under tinyglobby) requires picomatch from node_modules on load, for a `glob()` that
 *   tinyglobby never calls: a second, unbundled copy compiled on every start.
 * - zod's compiled object parser runs every key's schema, present or not: for an optional key
 *   that is absent (most of a case's sixteen keys and its expectation's fourteen) that is a call
 *   and two objects for nothing, since its result is dropped unread (an absent optional key
 *   contributes nothing, as zod's own interpreted path says). The fixed parser runs it only for a
 *   key that is there; what it returns for a present key is unchanged. Half of zod's time and
 *   much of the garbage of checking a large suite's cases.
 */
function sourceFixList() {
  return [
  {
    file: /[\\/]node_modules[\\/]js-yaml[\\/]dist[\\/]js-yaml\.mjs$/,
    fixes: [
      ['\tconst state = {\n\t\t...DEFAULT_CONSTRUCTOR_OPTIONS,\n', '\tconst state = {\n\t\tfilename: void 0,\n\t\t...DEFAULT_CONSTRUCTOR_OPTIONS,\n'],
      ['\tconst state = {\n\t\t...DEFAULT_PARSER_OPTIONS,\n', '\tconst state = {\n\t\tfilename: void 0,\n\t\t...DEFAULT_PARSER_OPTIONS,\n'],
    ],
  },
  {
    file: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]core[\\/]schemas\.js$/,
    fixes: [[
      '            doc.write(`const ${id} = ${parseStr(k)};`);\n            if (isOptionalIn && isOptionalOut) {\n',
      '            if (isOptionalIn && isOptionalOut && optin === "optional") {\n'
        + '                doc.write(`\n        if (${isPresent}) {\n          const ${id} = ${parseStr(k)};\n          if (${id}.issues.length) {${prefixStr(id, k)}\n          }\n          newResult[${k}] = ${id}.value;\n        }\n      `);\n'
        + '                continue;\n'
        + '            }\n'
        + '            doc.write(`const ${id} = ${parseStr(k)};`);\n            if (isOptionalIn && isOptionalOut) {\n',
    ]],
  },
  {
    file: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/,
    fixes: [["const childProcess = require('node:child_process');\n", "const childProcess = { get spawn() { return require('node:child_process').spawn; } };\n"]],
  },
  {
    file: /[\\/]node_modules[\\/]fdir[\\/]dist[\\/]index\.mjs$/,
    fixes: [['\t__require.resolve("picomatch");\n\tpm = __require("picomatch");\n', '']],
  },
];
}

function sourceFixes() {
  return {
    name: 'source-fixes',
    setup(builder) {
      for (const { file, fixes } of sourceFixList()) {
        builder.onLoad({ filter: file }, (args) => {
          let contents = readFileSync(args.path, 'utf8');
          for (const [from, to] of fixes) {
            if (contents.split(from).length !== 2) throw new Error(`source-fixes: ${JSON.stringify(from)} is not in ${args.path} once; check the fix still applies`);
            contents = contents.replace(from, to);
          }
          return { contents, loader: 'js' };
        });
      }
    },
  };
}
