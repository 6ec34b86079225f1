/**
 * Whether a user's module parses, and what it exports, found without running it: esbuild, the compiler tsx loads
 * TypeScript with (and tsx's own dependency, found through it), transforms the module's text and
 * says where it fails. Importing a module runs its code; parsing it runs nothing. `validate` checks
 * the agent module so (the run imports it, as the agent), and a module whose import threw a
 * SyntaxError is located so (Node names no position for an ES module's).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UsageError, type ConfigIssue } from '../errors.js';
import { commandHint, fixThenValidate } from './command-hint.js';
import { issueAtPath } from './locate.js';
import { packageRequire } from './package-root.js';
import type { YamlFile } from './parse-yaml.js';
import { isFile } from './read.js';
import type { WrittenConfig } from './schema/config.js';
import type { Salvaged } from './salvage.js';

/** The esbuild loader for a module by its extension, as tsx takes it. */
const LOADERS: Readonly<Record<string, 'ts' | 'tsx' | 'jsx'>> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' };

/** What this module uses of esbuild's API. */
interface Esbuild {
  transform(code: string, options: { loader: string; sourcefile: string; logLevel: 'silent' }): Promise<unknown>;
  build(options: { entryPoints: string[]; bundle: false; write: false; metafile: true; format: 'esm'; outdir: string; logLevel: 'silent' }): Promise<{ metafile: { outputs: Record<string, { exports: string[] }> } }>;
}

/** esbuild, as tsx loads it (tsx's own dependency, found through it). */
function esbuildOfTsx(): Esbuild {
  return createRequire(packageRequire.resolve('tsx/package.json'))('esbuild') as Esbuild;
}

/** esbuild's failure: its messages, each with where it is (line from 1, column from 0). */
type EsbuildFailure = { errors: Array<{ text: string; location: { file: string; line: number; column: number } | null }> };

/**
 * The module's first syntax error as a SyntaxError "file:line:column: message" (columns from 1,
 * as every position agentready gives), or undefined when it parses. Throws when the file cannot
 * be read, or esbuild cannot be loaded.
 */
export async function syntaxErrorIn(file: string): Promise<SyntaxError | undefined> {
  const esbuild = esbuildOfTsx();
  const loader = LOADERS[path.extname(file)] ?? 'js';
  try {
    await esbuild.transform(readFileSync(file, 'utf8'), { loader, sourcefile: file, logLevel: 'silent' });
    return undefined;
  } catch (error) {
    const first = (error as Partial<EsbuildFailure>).errors?.[0];
    if (!first) throw error;
    const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}` : file;
    return new SyntaxError(`${where}: ${first.text}`, { cause: error });
  }
}

/**
 * The names the module exports, found without running it (a CommonJS module's `module.exports`
 * reads as `default`, as Node imports it). An `export * from` adds names only running it would
 * tell, but never `default`, which a star export does not pass on: none here is no default.
 */
export async function exportsOf(file: string): Promise<string[]> {
  const built = await esbuildOfTsx().build({ entryPoints: [file], bundle: false, write: false, metafile: true, format: 'esm', outdir: path.dirname(file), logLevel: 'silent' });
  return Object.values(built.metafile.outputs).flatMap((output) => output.exports);
}

/**
 * A module target's agent module that does not parse, an error at `target.module` naming the
 * module's file, line and column; nothing for another target, or a module file that is not there
 * (agentModuleExists warns of it). The module is parsed, never imported.
 */
export async function checkAgentModuleSyntax(input: { config: Salvaged<WrittenConfig>; yaml: YamlFile; absPath: string; display: (absPath: string) => string }): Promise<ConfigIssue[]> {
  const target = input.config.target;
  if (target?.adapter !== 'module' || typeof target.module !== 'string') return [];
  const file = path.resolve(path.dirname(input.absPath), target.module);
  if (!isFile(file)) return [];
  // A parse that could not be made (esbuild missing for this platform) says nothing of the module.
  const error = await syntaxErrorIn(file).catch(() => undefined);
  const shown = input.display(file);
  if (!error) return noDefaultExport({ ...input, file, shown, written: target.module });
  const { why, message } = doesNotParse({ error, file, shown });
  return [issueAtPath({ yaml: input.yaml, path: ['target', 'module'] }, {
    path: 'target.module',
    code: 'module_syntax',
    message,
    expected: 'a JS or TS module that parses, its path relative to the config file',
    found: `${JSON.stringify(target.module)} (${why})`,
    fixIn: file,
  })];
}

/**
 * What is said of an agent module that does not parse, `error` the module's syntax error
 * (`/abs/agent.mjs:2:44: …`, `file` being where it is written): `why`, the error with the file as
 * shown, and the message. Validate's problem at `target.module` and the run's import both say it.
 */
function doesNotParse({ error, file, shown }: { error: SyntaxError; file: string; shown: string }): { why: string; message: string } {
  const why = error.message.replaceAll(file, shown);
  return { why, message: `the agent module ${shown} does not parse: ${why}` };
}

/**
 * The agent module's import failed on a syntax error in the module's own file (importModule's
 * SyntaxError, `file:line:column: message`): bad input, as validate finds it, a UsageError
 * (exit 2) in validate's words, ending with how to check it without running the agent. Undefined
 * for any other failure (a throw while the module loads, a syntax error in a module it imports):
 * the agent did not start, which the adapter says. `shown` is the file as messages name it.
 */
export function agentModuleSyntaxError(error: unknown, { file, shown }: { file: string; shown: string }): UsageError | undefined {
  if (!(error instanceof SyntaxError)) return undefined;
  // tsx names the file by its real path: a project reached through a symbolic link is the same file.
  const written = [file, realPathOf(file)].find((name) => error.message.startsWith(`${name}:`));
  if (written === undefined) return undefined;
  return new UsageError(doesNotParse({ error, file: written, shown }).message, fixThenValidate({ what: shown, many: false }));
}

/**
 * The agent module loaded but its default export is no function (none, or another value): bad
 * input, as a custom scorer without one is, a UsageError (exit 2). `exports` is what it exports;
 * `servesStdio`, whether its import called serveStdio (adapters/in-process-mark.ts).
 * Without a default, validate finds it at `target.module` (noDefaultExport), and the hint says so;
 * a default of another kind (`export default 42`) validate cannot see, as it never runs the module.
 */
export function agentModuleWithoutDefault({ shown, written, exports, servesStdio }: { shown: string; written: string; exports: Record<string, unknown>; servesStdio: boolean }): UsageError {
  const exported = exports.default;
  if (exported !== undefined) {
    return new UsageError(
      `${shown} must export ${AGENT_MODULE_DEFAULT}; found a default export of type ${typeof exported}`,
      `Make the default export of ${shown} the agent's function (\`${commandHint('validate')}\` cannot tell: it reads the module without running it).`,
    );
  }
  // The exports it has say what was meant: `export async function agent` lacks only `default`.
  const named = Object.keys(exports).filter((key) => key !== 'default');
  const found = `no default export${named.length > 0 ? ` (its exports: ${named.join(', ')})` : ''}${servesStdio ? `: ${stdioAgentWords(written)}` : ''}`;
  return new UsageError(`${shown} must export ${AGENT_MODULE_DEFAULT}; found ${found}`, fixThenValidate({ what: shown, many: false }));
}

/**
 * What a module target that is a stdio agent (it calls serveStdio: the `agent.mjs` `init --adapter
 * stdio` writes) is to be instead: the one wording, for validate's problem and eval's error.
 */
function stdioAgentWords(written: string): string {
  const file = written.replace(/^\.\//, '');
  const command = /\.(?:ts|mts|cts|tsx)$/.test(file) ? `[node, --import, tsx, ${file}]` : `[node, ${file}]`;
  return `it calls serveStdio, so it is a stdio agent, which runs in a process of its own: target: { adapter: stdio, command: ${command} }, or module: the file whose default export is the agent's function`;
}

function realPathOf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** What an agent module's default export must be: validate's `expected` and the module adapter's start error both say it. */
export const AGENT_MODULE_DEFAULT = 'a default function async (task, ctx) => ({ outcome, output })';

/**
 * A module that parses but exports no default (`export async function agent` where `export default`
 * was meant, a stdio agent's `serveStdio(…)` file, an `export * from` alone): eval would stop before
 * any case (exit 2, agentModuleWithoutDefault), so validate says so at `target.module`.
 */
async function noDefaultExport(input: { yaml: YamlFile; file: string; shown: string; written: string }): Promise<ConfigIssue[]> {
  const names = await exportsOf(input.file).catch(() => undefined);
  if (names === undefined || names.includes('default')) return [];
  const source = readFileSync(input.file, 'utf8');
  const exported = names.length > 0 ? `its exports: ${names.join(', ')}` : 'no export of its own';
  const why = SERVES_STDIO.test(source)
    ? stdioAgentWords(input.written)
    : STAR_EXPORT.test(source) ? 'export * from passes on no default: export { default } from the module that has it' : undefined;
  return [issueAtPath({ yaml: input.yaml, path: ['target', 'module'] }, {
    path: 'target.module',
    code: 'module_no_default',
    message: `the agent module ${input.shown} has no default export (${exported})`,
    expected: `a JS or TS module that exports ${AGENT_MODULE_DEFAULT}`,
    found: `${JSON.stringify(input.written)} (no default export; ${exported})${why === undefined ? '' : `: ${why}`}`,
  })];
}

/** A call of serveStdio in a module's text. */
const SERVES_STDIO = /\bserveStdio\s*\(/;
/** A star re-export in a module's text (`export * as ns from` is a named one). */
const STAR_EXPORT = /\bexport\s*\*\s*from\b/;
