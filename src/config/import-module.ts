/**
 * Loading a user's ES module, JavaScript or TypeScript: agent modules, custom scorers, tool handlers. TypeScript
 * goes through tsx's loader, which works on Node 20 without flags.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importSpecifier } from './dynamic-import.js';
import { syntaxErrorIn } from './module-syntax.js';
import { withEnvSet } from './borrowed-env.js';
import { importingUserModule, type UserModuleRole } from './user-modules.js';

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * The module's ES exports; throws what the import threw (a missing file, a syntax error). A syntax
 * error says where it is, `file:line:column: message` (Node's own names no position for an ES module).
 * The module is recorded as the user's, `role` (user-modules.ts): a `process.exit()` its code makes
 * that ends the command is told as its.
 */
export async function importModule(file: string, role: UserModuleRole): Promise<Record<string, unknown>> {
  const imported = importingUserModule({ file, role });
  try {
    return await importExports(file);
  } finally {
    imported();
  }
}

async function importExports(file: string): Promise<Record<string, unknown>> {
  if (TS_EXTENSIONS.has(path.extname(file))) {
    try {
      return interopExports((await tsImport(file)) as Record<string, unknown>);
    } catch (error) {
      throw locatedSyntaxError(error) ?? error;
    }
  }
  try {
    return interopExports((await importSpecifier(pathToFileURL(file).href)) as Record<string, unknown>);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // Only to locate it: tsx's compiler, parsing the same text (running nothing), names the line and column.
    throw (await syntaxErrorIn(file).catch(() => undefined)) ?? error;
  }
}

let tsxStarted = false;

/**
 * The module through tsx, with tsx's disk cache off: tsx keeps the code it compiled in
 * `<os temp>/tsx-<uid>`, a folder it does not check (one another user made writable by all is read,
 * and its code run) and cannot do without (a temp folder that cannot be written fails the import).
 * Without it each run compiles the user's TypeScript files again (esbuild: milliseconds a file).
 * tsx reads TSX_DISABLE_CACHE once, as its loader starts (here or in Node's hooks thread, which takes
 * a copy of the environment as it starts): it is set for the first import only, and the agents and
 * commands spawned while it is set are given the user's environment without it (borrowed-env.ts).
 */
async function tsImport(file: string): Promise<unknown> {
  const load = async (): Promise<unknown> => {
    const { tsImport: tsxImport } = (await importSpecifier('tsx/esm/api')) as typeof import('tsx/esm/api');
    return tsxImport(pathToFileURL(file).href, import.meta.url);
  };
  if (tsxStarted) return load();
  tsxStarted = true;
  // The agents and commands spawned meanwhile are given the user's environment (child-spawn.ts).
  return withEnvSet({ name: 'TSX_DISABLE_CACHE', value: '1' }, load);
}

/**
 * tsx's (esbuild's) transform error, "Transform failed with 1 error:\n/abs/file.ts:4:0: ERROR: Unexpected
 * end of file", as a SyntaxError "/abs/file.ts:4:1: Unexpected end of file" (columns from 1, as every
 * position agentready gives); undefined for any other error.
 */
export function locatedSyntaxError(error: unknown): SyntaxError | undefined {
  if (!(error instanceof Error)) return undefined;
  const found = /^(.+):(\d+):(\d+): ERROR: (.+)$/m.exec(error.message);
  if (!found || !error.message.startsWith('Transform failed')) return undefined;
  const [, where, line, column, message] = found;
  return new SyntaxError(`${where}:${line}:${Number(column) + 1}: ${message}`, { cause: error });
}

const loaded = new Map<string, Promise<Record<string, unknown>>>();

/**
 * The module's exports, imported once per process: `validate`'s check of a handler module and
 * the run's use of it share one evaluation (tsx would otherwise evaluate a TS module twice).
 */
export function importModuleOnce(file: string, role: UserModuleRole): Promise<Record<string, unknown>> {
  let exports = loaded.get(file);
  if (exports === undefined) {
    exports = importModule(file, role);
    loaded.set(file, exports);
    // A failed import is not cached: the next attempt reads the file again.
    exports.catch(() => loaded.delete(file));
  }
  return exports;
}

/**
 * The ES exports of the module. A TypeScript file outside a `"type": "module"` package is
 * compiled as CommonJS, so its exports arrive wrapped as the namespace's `default`: unwrap them.
 */
function interopExports(exports: Record<string, unknown>): Record<string, unknown> {
  const inner = exports.default;
  if (typeof inner === 'object' && inner !== null && typeof (inner as Record<string, unknown>).default === 'function') {
    return inner as Record<string, unknown>;
  }
  return exports;
}
