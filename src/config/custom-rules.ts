/**
 * Modules the project names must exist: `expect.custom` scorers (relative to the suite file), an
 * error at the entry; a module target (relative to the config file), a warning, since commands
 * that start no agent (`score`, `report`, `card`) must still work before a build writes it (one
 * that is a folder, a socket or a device, an error: its import would fail or never end); so is
 * a target's `cwd` (or its `start.cwd`, or the user simulator's) where no folder is, which the agent would be started in,
 * and a command's program found neither on the PATH nor as a file (a warning: CI's PATH may differ), or the script
 * an interpreter runs (`node agent.js`, `npx tsx agent.ts`, `uv run agent.py`) where no file is (a warning: a build may
 * write it, as a module target's).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { issueAtPath, mayHoldKey, type PathKey } from './locate.js';
import type { Rule, RuleCase, RuleContext } from './rules.js';
import { isFolder, moduleFileProblem } from './read.js';
import { unbuiltScriptHint } from './unbuilt-script.js';
import { typeScriptWithoutLoader } from './typescript-command.js';
import { userEnv } from './borrowed-env.js';
import { lineWords } from './shell-words.js';
import { flowItem } from './allowed-keys.js';

export const customScorersExist: Rule = (ctx) => {
  for (const { yaml, value: suite, absPath } of ctx.suites) {
    if (absPath === undefined) continue;
    // A text that cannot hold the key names no scorer: its cases are not gone through.
    if (!mayHoldKey(yaml, 'custom')) continue;
    const ofCase = (custom: NonNullable<NonNullable<RuleCase['expect']>['custom']>, i: number) =>
      custom.forEach((scorer, j) => {
        if (typeof scorer !== 'string') return;
        const problem = moduleFileProblem(path.resolve(path.dirname(absPath), scorer), `no scorer file at ${path.join(path.dirname(yaml.file), scorer)}`);
        if (!problem) return;
        const at: PathKey[] = ['cases', i, 'expect', 'custom', j];
        ctx.report(issueAtPath({ yaml, path: at }, {
          path: z.core.toDotPath(at),
          code: problem.missing ? 'missing_scorer' : 'unreadable',
          message: `the custom scorer ${scorer}: ${problem.why}`,
          expected: 'a JS or TS module, its path relative to the suite file',
          found: `${JSON.stringify(scorer)} (${problem.why})`,
        }));
      });
    suite.cases?.forEach((kase, i) => {
      if (kase?.expect?.custom) ofCase(kase.expect.custom, i);
    });
  }
};

export const agentModuleExists: Rule = (ctx) => {
  const config = ctx.config;
  const target = config?.value.target;
  if (config?.absPath === undefined || target?.adapter !== 'module' || typeof target.module !== 'string') return;
  const problem = moduleFileProblem(path.resolve(path.dirname(config.absPath), target.module), `no agent module at ${path.join(path.dirname(config.yaml.file), target.module)}`);
  if (!problem) return;
  ctx.report(issueAtPath({ yaml: config.yaml, path: ['target', 'module'] }, {
    path: 'target.module',
    code: problem.missing ? 'missing_module' : 'unreadable',
    // Missing, a warning (a build may write it); a socket or a device would fail or never end the import, an error.
    severity: problem.missing ? 'warning' : 'error',
    message: problem.missing ? problem.why : `the agent module ${target.module}: ${problem.why}`,
    expected: 'a JS or TS module, its path relative to the config file',
    found: `${JSON.stringify(target.module)} (${problem.why})`,
  }));
};

/** A target's `cwd` (stdio, exec), its server's `start.cwd` (http) or the user simulator's that is no folder: its command could not start there. */
export const targetFoldersExist: Rule = (ctx) => {
  const config = ctx.config;
  const target = config?.value.target;
  if (config?.absPath === undefined) return;
  const places: Array<{ cwd: unknown; at: PathKey[] }> = [];
  if ((target?.adapter === 'stdio' || target?.adapter === 'exec') && 'cwd' in target) places.push({ cwd: target.cwd, at: ['target', 'cwd'] });
  if (target?.adapter === 'http' && target.start) places.push({ cwd: target.start.cwd, at: ['target', 'start', 'cwd'] });
  if (config.value.user) places.push({ cwd: config.value.user.cwd, at: ['user', 'cwd'] });
  for (const { cwd, at } of places) {
    if (typeof cwd !== 'string' || isFolder(path.resolve(path.dirname(config.absPath), cwd))) continue;
    const missing = `no folder at ${path.join(path.dirname(config.yaml.file), cwd)}`;
    ctx.report(issueAtPath({ yaml: config.yaml, path: at }, {
      path: z.core.toDotPath(at),
      code: 'missing_folder',
      severity: 'warning',
      message: missing,
      expected: 'the folder to start the command in, relative to the config file',
      found: `${JSON.stringify(cwd)} (${missing})`,
    }));
  }
};

/** Whether `program` would be found to spawn: a path (with a separator) as a file from `cwd`, a bare name on the PATH. */
function programFound(program: string, cwd: string): boolean {
  const isFile = (candidate: string) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  };
  if (/[/\\]/.test(program)) return isFile(path.resolve(cwd, program));
  const extensions = process.platform === 'win32' ? ['', ...(process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  return (process.env.PATH ?? '').split(path.delimiter).some((folder) => folder !== '' && extensions.some((ext) => isFile(path.join(folder, program + ext))));
}

/** Interpreters whose first argument that is no option is the script they run (`node agent.js`, `python3 agent.py`, `tsx agent.ts`). */
const INTERPRETERS: ReadonlySet<string> = new Set(['node', 'bun', 'tsx', 'ts-node', 'python', 'python3']);
/** Node's options whose value is the next argument (`--import tsx`, `-r dotenv/config`): the script comes after it. */
const OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);
/** Options after which an interpreter runs no script file: code given inline, a module by its name, standard input. */
const RUNS_NO_SCRIPT: ReadonlySet<string> = new Set(['-e', '--eval', '-p', '--print', '-c', '-m', '-', '--']);
/** What a script's name ends with: an argument without one may be a module's name or a subcommand, not a file. */
const SCRIPT_FILE = /\.(?:[cm]?[jt]sx?|py)$/;

/**
 * Runners that start the command given after their options, in the command's folder: npm's `npx tsx agent.ts`, uv's
 * `uv run python agent.py` (or `uv run agent.py`, a Python script it runs itself). An option of neither list (`npx -c`,
 * `uv run --directory`, `-m`) may run no script, or from another folder: the command's script is not looked for.
 */
const RUNNERS: ReadonlyArray<{ words: readonly string[]; withValue: ReadonlySet<string>; flags: ReadonlySet<string>; script?: RegExp }> = [
  {
    words: ['npx'],
    withValue: new Set(['--package', '-p', '--workspace', '-w']),
    flags: new Set(['--yes', '-y', '--no', '--no-install', '--quiet', '-q', '--ignore-existing', '--workspaces', '--include-workspace-root']),
  },
  {
    words: ['uv', 'run'],
    withValue: new Set(['--with', '-w', '--with-editable', '--with-requirements', '--python', '-p', '--extra', '--group', '--only-group', '--package', '--env-file', '--index', '--default-index', '--project']),
    flags: new Set(['--no-sync', '--frozen', '--locked', '--isolated', '--no-project', '--all-extras', '--no-dev', '--dev', '--active', '--quiet', '-q', '--verbose', '-v', '--no-env-file', '--all-packages', '--exact', '--offline', '--script', '-s']),
    script: /\.pyw?$/,
  },
];

// Returns a program's name as a runner or an interpreter is known by: no folder, no `.exe`, no `@version` (`npx tsx@4`).
function programName(program: string): string {
  return path.basename(program).replace(/\.exe$/i, '').replace(/(?<=.)@[^/]*$/, '');
}

/**
 * Where the command a runner starts begins in `command` (0 for no runner; `npx --yes tsx agent.ts`: 2), `script` when
 * that word is the script the runner runs itself (`uv run agent.py`), or undefined when it cannot be told.
 */
function commandStart(command: readonly unknown[]): { index: number; script: boolean } | undefined {
  const runner = RUNNERS.find(({ words }) => typeof command[0] === 'string' && programName(command[0]) === words[0] && words.slice(1).every((word, i) => command[i + 1] === word));
  if (!runner) return { index: 0, script: false };
  for (let i = runner.words.length; i < command.length; i++) {
    const arg = command[i];
    if (typeof arg !== 'string') return undefined;
    if (arg === '--') return i + 1 < command.length ? { index: i + 1, script: runner.script?.test(String(command[i + 1])) === true } : undefined;
    if (!arg.startsWith('-')) return { index: i, script: runner.script?.test(arg) === true };
    const option = arg.split('=')[0]!;
    if (runner.withValue.has(option)) {
      if (!arg.includes('=')) i++;
    } else if (!runner.flags.has(option)) return undefined;
  }
  return undefined;
}

/**
 * Where the script a command runs is in `command`, and what runs it (`node --import tsx agent.ts`: 3, node;
 * `npx tsx agent.ts`: 2, tsx; `uv run agent.py`: 2, uv), or undefined when it runs none or cannot be told
 * (`node -e …`, `python3 -m pkg`, an argument with no script's ending: the value of an option, a module's name).
 */
function scriptOf(command: readonly unknown[]): { index: number; runner: string } | undefined {
  const start = commandStart(command);
  const program = start && command[start.index];
  if (typeof program !== 'string' || program.includes('${')) return undefined;
  if (start!.script) return { index: start!.index, runner: programName(command[0] as string) };
  if (!INTERPRETERS.has(programName(program))) return undefined;
  for (let i = start!.index + 1; i < command.length; i++) {
    const arg = command[i];
    if (typeof arg !== 'string') return undefined;
    if (OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (RUNS_NO_SCRIPT.has(arg)) return undefined;
    else if (!arg.startsWith('-')) return SCRIPT_FILE.test(arg) && !arg.includes('${') ? { index: i, runner: programName(program) } : undefined;
  }
  return undefined;
}

/**
 * The scripts beside a missing one that differ from it only in their ending (`agent.mjs` for
 * `agent.js`: the README's stdio agent saved under the name its example config does not run),
 * written as the command writes its script; none when its folder cannot be read.
 */
function scriptsAlike(folder: string, file: string): string[] {
  const stem = path.basename(file).replace(SCRIPT_FILE, '');
  const dir = path.dirname(file);
  try {
    return readdirSync(path.resolve(folder, dir))
      .filter((name) => SCRIPT_FILE.test(name) && name.replace(SCRIPT_FILE, '') === stem)
      .sort()
      .map((name) => (dir === '.' && !file.startsWith('./') ? name : `${dir}/${name}`));
  } catch {
    return [];
  }
}

/**
 * A command's program (stdio, exec, http's `start`, the user simulator's) found neither on the PATH nor as a file, or the
 * script an interpreter would run (`node agent.js`) no file: eval would stop at AGENT_START (exit 3), or every
 * conversation would end in a harness error.
 */
export const targetProgramsFound: Rule = (ctx) => {
  const config = ctx.config;
  const target = config?.value.target;
  const user = config?.value.user;
  if (config?.absPath === undefined) return;
  const places: Array<{ command: unknown; cwd: unknown; env: Readonly<Record<string, string | undefined>> | undefined; at: PathKey[] }> = [];
  if (target?.adapter === 'stdio' || target?.adapter === 'exec') places.push({ command: target.command, cwd: 'cwd' in target ? target.cwd : undefined, env: target.env, at: ['target', 'command', 0] });
  if (target?.adapter === 'http' && target.start) places.push({ command: target.start.command, cwd: target.start.cwd, env: target.start.env, at: ['target', 'start', 'command', 0] });
  if (user) places.push({ command: user.command, cwd: user.cwd, env: user.env, at: ['user', 'command', 0] });
  for (const { command, cwd, env, at } of places) {
    const program = Array.isArray(command) ? (command[0] as unknown) : undefined;
    const folder = path.resolve(path.dirname(config.absPath), typeof cwd === 'string' ? cwd : '.');
    if (typeof program !== 'string' || program.includes('${') || !isFolder(folder)) continue;
    if (!programFound(program, folder)) {
      const missing = /[/\\]/.test(program) ? `no file at ${program} from the command's folder` : 'no such program on the PATH';
      // A whole command line as the program (`["node agent.mjs"]`): no shell splits it, so its words are the entries.
      const words = lineWords(program);
      const split = words && words.length > 1 && programFound(words[0]!, folder) ? words : undefined;
      ctx.report(issueAtPath({ yaml: config.yaml, path: at }, {
        path: z.core.toDotPath(at),
        code: 'missing_program',
        severity: 'warning',
        message: missing,
        expected: split
          ? `the program and each argument an entry of its own (no shell splits the command): [${split.map(flowItem).join(', ')}]`
          : 'a program on the PATH (node, python3, …) or the path of an executable file',
        found: `${JSON.stringify(program)} (${missing})`,
      }));
      continue;
    }
    const script = scriptOf(command as unknown[]);
    if (script === undefined) continue;
    const file = (command as string[])[script.index]!;
    if (existsSync(path.resolve(folder, file))) {
      typeScriptWithoutLoaderAt({ ctx, command: command as string[], at, nodeOptions: env?.['NODE_OPTIONS'] });
      continue;
    }
    const scriptAt = [...at.slice(0, -1), script.index];
    const alike = scriptsAlike(folder, file);
    const missing = `no file at ${file} from the command's folder${alike.length === 0 ? unbuiltScriptHint({ folder, file }) : `; ${alike.join(', ')} ${alike.length === 1 ? 'is' : 'are'} there`}`;
    ctx.report(issueAtPath({ yaml: config.yaml, path: scriptAt }, {
      path: z.core.toDotPath(scriptAt),
      code: 'missing_script',
      severity: 'warning',
      message: missing,
      expected: `the script ${script.runner} runs, its path relative to the command's folder`,
      found: `${JSON.stringify(file)} (${missing})`,
    }));
  }
};

/** A `node` command's TypeScript script this Node would refuse with no loader: the start would fail, AGENT_START (exit 3). */
function typeScriptWithoutLoaderAt({ ctx, command, at, nodeOptions }: { ctx: RuleContext; command: readonly string[]; at: PathKey[]; nodeOptions: string | undefined }): void {
  const config = ctx.config!;
  // The command's own env wins over agentready's (child-spawn.ts: `{ ...userEnv(), ...env }`).
  const found = command.every((word) => typeof word === 'string') ? typeScriptWithoutLoader(command, nodeOptions ?? userEnv()['NODE_OPTIONS']) : undefined;
  if (found === undefined) return;
  const fileAt = [...at.slice(0, -1), found.index];
  ctx.report(issueAtPath({ yaml: config.yaml, path: fileAt }, {
    path: z.core.toDotPath(fileAt),
    code: 'typescript_without_loader',
    severity: 'warning',
    message: `${found.file} is TypeScript`,
    expected: 'a script this Node runs: JavaScript, or TypeScript through a loader',
    found: `${JSON.stringify(found.file)} (${found.fix})`,
  }));
}
