/**
 * Whether a user's module parses, found without running it: esbuild, the compiler tsx loads
 * TypeScript with (and tsx's own dependency, found through it), transforms the module's text and
 * says where it fails. Importing a module runs its code; parsing it runs nothing. `validate` checks
 * the agent module so (the run imports it, as the agent), and a module whose import threw a
 * SyntaxError is located so (Node names no position for an ES module's).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ConfigIssue } from '../errors.js';
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
}

/** esbuild's failure: its messages, each with where it is (line from 1, column from 0). */
type EsbuildFailure = { errors: Array<{ text: string; location: { file: string; line: number; column: number } | null }> };

/**
 * The module's first syntax error as a SyntaxError "file:line:column: message" (columns from 1,
 * as every position agentready gives), or undefined when it parses. Throws when the file cannot
 * be read, or esbuild cannot be loaded.
 */
export async function syntaxErrorIn(file: string): Promise<SyntaxError | undefined> {
  const esbuild = createRequire(packageRequire.resolve('tsx/package.json'))('esbuild') as Esbuild;
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
  if (!error) return [];
  const shown = input.display(file);
  const why = error.message.replaceAll(file, shown);
  return [issueAtPath({ yaml: input.yaml, path: ['target', 'module'] }, {
    path: 'target.module',
    code: 'module_syntax',
    message: `the agent module ${shown} does not parse: ${why}`,
    expected: 'a JS or TS module that parses, its path relative to the config file',
    found: `${JSON.stringify(target.module)} (${why})`,
  })];
}
