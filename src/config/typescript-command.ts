/**
 * A `node` command that runs a TypeScript file with no loader, on a Node that does not strip types
 * (Node 20 among them): Node refuses it with ERR_UNKNOWN_FILE_EXTENSION, which names no fix. The
 * one reading, for `validate`'s warning at the command (custom-rules.ts) and the agent's start-up
 * error (adapters/not-started.ts).
 */

import { userEnv } from './borrowed-env.js';

const TYPESCRIPT = /\.(?:ts|mts|cts|tsx)$/;
/**
 * A Node option that loads code before the script, or strips its types: whatever module it names
 * (`--import tsx`, `-r @swc-node/register`, `--import=jiti/register`), the script may be TypeScript.
 */
const LOADER_OPTION = /^(?:--import|--require|-r|--loader|--experimental-loader|--experimental-strip-types|--experimental-transform-types)(?:=|$)/;
/** `node`, `/usr/bin/node`, `node.exe` as a command's program. */
export const NODE_PROGRAM = /(?:^|[/\\])node(?:\.exe)?$/;

/** Whether this Node runs TypeScript by itself (type stripping: 22.18+, 23.6+, 24). */
export function nodeStripsTypes(): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript);
}

/**
 * The TypeScript file a `node` command runs with no loader on this Node, and how to run it, or
 * undefined: another program, a loader on the command line (`--import tsx`, `tsx agent.ts`) or in
 * `nodeOptions` (the NODE_OPTIONS the agent gets: agentready's own, unless its config sets one), or
 * a Node that strips types itself.
 */
export function typeScriptWithoutLoader(command: readonly string[], nodeOptions = userEnv()['NODE_OPTIONS']): { index: number; file: string; fix: string } | undefined {
  const [program = '', ...args] = command;
  if (!NODE_PROGRAM.test(program) || nodeStripsTypes()) return undefined;
  const at = args.findIndex((arg) => !arg.startsWith('-') && TYPESCRIPT.test(arg));
  const file = args[at];
  // Node's options are those before the script, and NODE_OPTIONS (the agent's environment: `--import tsx` exported in CI).
  const options = [...args.slice(0, at), ...(nodeOptions ?? '').split(/\s+/)];
  if (file === undefined || options.some((arg) => LOADER_OPTION.test(arg) || /tsx|ts-node/.test(arg))) return undefined;
  return {
    index: at + 1,
    file,
    fix: `${file} is TypeScript, which Node ${process.versions.node} does not run by itself: run it through a loader (npm i -D tsx, then command: [node, --import, tsx, ${file}]) or, for an agent module, use target: { adapter: module }, which loads TypeScript itself`,
  };
}
