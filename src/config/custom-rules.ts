/**
 * Modules the project names must exist: `expect.custom` scorers (relative to the suite file), an
 * error at the entry; a module target (relative to the config file), a warning, since commands
 * that start no agent (`score`, `report`, `card`) must still work before a build writes it (one
 * that is a folder, a socket or a device, an error: its import would fail or never end); so is
 * a target's `cwd` (or its `start.cwd`) where no folder is, which the agent would be started in,
 * and a command's program found neither on the PATH nor as a file (a warning: CI's PATH may differ), or the script
 * an interpreter runs (`node agent.js`) where no file is (a warning: a build may write it, as a module target's).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { issueAtPath, type PathKey } from './locate.js';
import type { Rule, RuleCase } from './rules.js';
import { isFolder, moduleFileProblem } from './read.js';

export const customScorersExist: Rule = (ctx) => {
  for (const { yaml, value: suite, absPath } of ctx.suites) {
    if (absPath === undefined) continue;
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

/** A target's `cwd` (stdio, exec) or its server's `start.cwd` (http) that is no folder: its command could not start there. */
export const targetFoldersExist: Rule = (ctx) => {
  const config = ctx.config;
  const target = config?.value.target;
  if (config?.absPath === undefined || target === undefined) return;
  const places: Array<{ cwd: unknown; at: PathKey[] }> = [];
  if ((target.adapter === 'stdio' || target.adapter === 'exec') && 'cwd' in target) places.push({ cwd: target.cwd, at: ['target', 'cwd'] });
  if (target.adapter === 'http' && target.start) places.push({ cwd: target.start.cwd, at: ['target', 'start', 'cwd'] });
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
 * Where the script an interpreter's command runs is in `command` (`node --import tsx agent.ts`: 3), or undefined when it
 * runs none or cannot be told (`node -e …`, `python3 -m pkg`, an argument with no script's ending: the value of an option, a module's name).
 */
function scriptIndex(command: readonly unknown[]): number | undefined {
  const program = command[0];
  if (typeof program !== 'string' || !INTERPRETERS.has(path.basename(program).replace(/\.exe$/i, ''))) return undefined;
  for (let i = 1; i < command.length; i++) {
    const arg = command[i];
    if (typeof arg !== 'string') return undefined;
    if (OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (RUNS_NO_SCRIPT.has(arg)) return undefined;
    else if (!arg.startsWith('-')) return SCRIPT_FILE.test(arg) && !arg.includes('${') ? i : undefined;
  }
  return undefined;
}

/**
 * A command's program (stdio, exec, http's `start`) found neither on the PATH nor as a file, or the script an interpreter
 * would run (`node agent.js`) no file: eval would stop at AGENT_START (exit 3).
 */
export const targetProgramsFound: Rule = (ctx) => {
  const config = ctx.config;
  const target = config?.value.target;
  if (config?.absPath === undefined || target === undefined) return;
  const places: Array<{ command: unknown; cwd: unknown; at: PathKey[] }> = [];
  if (target.adapter === 'stdio' || target.adapter === 'exec') places.push({ command: target.command, cwd: 'cwd' in target ? target.cwd : undefined, at: ['target', 'command', 0] });
  if (target.adapter === 'http' && target.start) places.push({ command: target.start.command, cwd: target.start.cwd, at: ['target', 'start', 'command', 0] });
  for (const { command, cwd, at } of places) {
    const program = Array.isArray(command) ? (command[0] as unknown) : undefined;
    const folder = path.resolve(path.dirname(config.absPath), typeof cwd === 'string' ? cwd : '.');
    if (typeof program !== 'string' || program.includes('${') || !isFolder(folder)) continue;
    if (!programFound(program, folder)) {
      const missing = /[/\\]/.test(program) ? `no file at ${program} from the command's folder` : 'no such program on the PATH';
      ctx.report(issueAtPath({ yaml: config.yaml, path: at }, {
        path: z.core.toDotPath(at),
        code: 'missing_program',
        severity: 'warning',
        message: missing,
        expected: 'a program on the PATH (node, python3, …) or the path of an executable file',
        found: `${JSON.stringify(program)} (${missing})`,
      }));
      continue;
    }
    const script = scriptIndex(command as unknown[]);
    if (script === undefined) continue;
    const file = (command as string[])[script]!;
    if (existsSync(path.resolve(folder, file))) continue;
    const scriptAt = [...at.slice(0, -1), script];
    const missing = `no file at ${file} from the command's folder`;
    ctx.report(issueAtPath({ yaml: config.yaml, path: scriptAt }, {
      path: z.core.toDotPath(scriptAt),
      code: 'missing_script',
      severity: 'warning',
      message: missing,
      expected: `the script ${program} runs, its path relative to the command's folder`,
      found: `${JSON.stringify(file)} (${missing})`,
    }));
  }
};
