/**
 * How a command that never ran reads, for every process agentready starts (a stdio agent, a
 * user simulator, an exec command, a `target.start` server): execa's `spawn x ENOENT`, with a
 * hint for its usual cause. The one wording, so a typo in `command:` reads the same everywhere.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { unbuiltScriptHint } from '../config/unbuilt-script.js';
import { NODE_PROGRAM, nodeStripsTypes, typeScriptWithoutLoader } from '../config/typescript-command.js';

/** What execa's result says of a spawn that failed. */
export interface SpawnFailure {
  code?: string;
  originalMessage?: string;
  shortMessage?: string;
}

/** `could not be started (spawn x ENOENT): no such program on the PATH, or file or folder from <cwd>`. */
export function notStarted(result: SpawnFailure, cwd: string): string {
  // One line: execa puts its own sentence (`The "cwd" option is invalid: …`) on a line before the spawn's.
  const said = (result.originalMessage ?? result.shortMessage ?? 'no reason given').split('\n').map((line) => line.trim()).filter(Boolean).join('; ');
  const why = `could not be started (${said})`;
  return result.code === 'ENOENT' ? `${why}: no such program on the PATH, or file or folder from ${cwd}` : why;
}

/**
 * For a `node` command that runs a TypeScript file with no loader and ended before it answered:
 * `; agent.ts is TypeScript, …` and how to run it (config/typescript-command.ts). '' otherwise.
 */
export function typeScriptHint(command: readonly string[]): string {
  const found = typeScriptWithoutLoader(command);
  return found === undefined ? '' : `; ${found.fix}`;
}

/**
 * An agent that died at start-up importing this package where it is not installed (`agentready init`'s
 * stdio agent imports `agentready-cli/agent`; run from a global install or a checkout, nothing
 * puts it in the project's node_modules/): how to install it, as the README says.
 */
function missingPackageHint(message: string): string {
  const headline = message.split('\n', 1)[0]!;
  if (!/ERR_MODULE_NOT_FOUND\]?: Cannot find package 'agentready-cli'/.test(headline)) return '';
  return "; agentready-cli is not installed where the agent runs: install it as a dev dependency of the project (README, \"Your project\": `npm pack` in an agentready checkout, then `npm i -D ./vendor/agentready-cli-<version>.tgz`; `npm i -D agentready-cli` once published)";
}

/**
 * For a `node` command that runs a `.ts` file on a Node that strips types (22.18+, 24) and died
 * at its first `import`: Node ran it as CommonJS, as the nearest package.json says (`"type":
 * "commonjs"`, which `npm init` writes since npm 11); where no package.json gives a type, Node
 * finds the import itself. '' otherwise.
 */
function commonJsTypeScriptHint(message: string, command: readonly string[]): string {
  const [program = '', ...args] = command;
  if (!NODE_PROGRAM.test(program) || !nodeStripsTypes()) return '';
  // .mts is an ES module whatever package.json says, .cts CommonJS by name; Node strips no .tsx.
  const file = args.find((arg) => !arg.startsWith('-') && arg.endsWith('.ts'));
  if (file === undefined || !message.split('\n', 1)[0]!.includes('Cannot use import statement outside a module')) return '';
  return `; Node ran ${file} as CommonJS, as the nearest package.json says ("type": "commonjs", which npm init writes): set "type": "module" there, or name the file ${file.replace(/\.ts$/, '.mts')}`;
}

/**
 * For a `node` command whose script is not there (Node's `Cannot find module '/abs/dist/agent.js'`,
 * the file the command names, from `cwd`): `; dist/agent.js is not there`, and, for a build's
 * output, that it may not be built yet (config/unbuilt-script.ts). '' otherwise.
 */
function missingScriptHint({ message, command, cwd }: { message: string; command: readonly string[]; cwd: string }): string {
  const [program = '', ...args] = command;
  const missing = /Cannot find module '([^']+)'/.exec(message.split('\n', 1)[0]!)?.[1];
  if (!NODE_PROGRAM.test(program) || missing === undefined || existsSync(missing)) return '';
  const file = args.find((arg) => !arg.startsWith('-') && path.resolve(cwd, arg) === missing);
  return file === undefined ? '' : `; ${file} is not there${unbuiltScriptHint({ folder: cwd, file })}`;
}

/**
 * `message` (a headline, then quoted lines) with typeScriptHint's (or commonJsTypeScriptHint's,
 * missingPackageHint's or missingScriptHint's) words at the end of its headline, after the agent's own error.
 */
export function withTypeScriptHint({ message, command, cwd }: { message: string; command: readonly string[]; cwd: string }): string {
  const hint = typeScriptHint(command) || commonJsTypeScriptHint(message, command) || missingPackageHint(message) || missingScriptHint({ message, command, cwd });
  if (hint === '') return message;
  const end = message.indexOf('\n');
  return end === -1 ? `${message}${hint}` : `${message.slice(0, end)}${hint}${message.slice(end)}`;
}
