/**
 * How agentready names itself in a hint the user is to copy into a terminal: the one owner of
 * "run `agentready baseline update`". A locally installed package's `agentready` is not on a
 * terminal's PATH, and a bare `npx agentready` would fetch another project's package of that
 * name, so a hint follows how the user ran agentready: through the package manager that started
 * it (npm_config_user_agent, which npm, npx, pnpm, yarn and bun set, also inside a package.json
 * script), the project's bin link when started through it (`node_modules/.bin/agentready`, as the
 * runbook starts it where one process gets the signals), or plain `agentready` for a global install
 * or `node bin/agentready.js`.
 *
 * The cli reads the variable once at start-up and sets it here (`useInvoker`); every hint, in
 * config/, gate/, run/, report/ and cli/, is `commandHint('baseline update')`.
 */
import { join, relative } from 'node:path';
import { shellWord } from './shell-words.js';

/** The package manager agentready was started through, or `none`. */
export type Invoker = 'npm' | 'pnpm' | 'yarn' | 'bun' | 'none';

/**
 * What each runs the project's own `agentready` with: npx and bunx would otherwise install
 * another package named agentready when none is installed (`--no-install` refuses that);
 * `pnpm exec` and `yarn <bin>` run only the project's.
 */
const PREFIX: Readonly<Record<Invoker, string>> = Object.freeze({
  npm: 'npx --no-install agentready',
  pnpm: 'pnpm exec agentready',
  yarn: 'yarn agentready',
  bun: 'bunx --no-install agentready',
  none: 'agentready',
});

/**
 * The package manager a `npm_config_user_agent` value names: its first word's name
 * (`npm/10.8.2 node/v20.19.0 linux x64 workspaces/false`, `pnpm/9.1.0 npm/? node/…`,
 * `yarn/4.1.0 npm/? node/…`, `bun/1.1.0 npm/? node/…`), `none` for anything else or nothing.
 */
export function invokerFrom(rawUserAgent: string | undefined): Invoker {
  const name = /^([a-z]+)\/\S/.exec(rawUserAgent ?? '')?.[1];
  return name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'none';
}

/**
 * The project's own bin link agentready was started through, relative to `cwd`
 * (`node_modules/.bin/agentready`), when `script` (process.argv[1]: the path as started, a link
 * not followed) is one; else undefined. It is on no terminal's PATH, so a hint names it as run,
 * quoted for a shell when the path needs it.
 */
export function localBinFrom(script: string | undefined, cwd: string): string | undefined {
  if (script === undefined || !/[\\/]node_modules[\\/]\.bin[\\/][^\\/]+$/.test(script)) return undefined;
  const path = relative(cwd, script);
  return shellWord(path);
}

/**
 * The project's bin link beside the package's script `script` (process.argv[1]) when agentready was
 * started as `<project>/node_modules/agentready-cli/bin/agentready.js`, else undefined: pnpm's
 * `node_modules/.bin/agentready` is a shell script that starts node on the package's file (a link to
 * it, npm's, yarn's and bun's, is process.argv[1] as it is). The cli checks the link exists (a global
 * install's `lib/node_modules/` has none beside it) before localBinFrom names it.
 */
export function binLinkBeside(script: string | undefined): string | undefined {
  const match = script === undefined ? null : /^(.*[\\/]node_modules)[\\/]agentready-cli[\\/]bin[\\/]agentready\.js$/.exec(script);
  return match ? join(match[1]!, '.bin', 'agentready') : undefined;
}

let current: string = PREFIX.none;
/** ` --config <file>` naming the config in use when agentready run in the current folder would not find it by itself; empty else. */
let inUseFlag = '';

/** Set once by the cli at start-up, from the environment it was started with (`localBin`: localBinFrom's, for no package manager). */
export function useInvoker(invoker: Invoker, localBin?: string): void {
  current = invoker === 'none' && localBin !== undefined ? localBin : PREFIX[invoker];
}

/**
 * Set by the cli once it has the config (` --config sub/agentready.config.yaml`, or empty): a hint
 * pasted where the user is would otherwise read the config found there, another project's or none.
 */
export function useConfigFlag(flag: string): void {
  inUseFlag = flag;
}

/**
 * `command` as the user who started this process runs it again: the one form of every hint, with
 * the `--config <file>` of the config in use (useConfigFlag) unless `command` names one itself.
 */
export function commandHint(command: string): string {
  return `${current} ${command}${/(?:^| )--config /.test(command) ? '' : inUseFlag}`;
}

/**
 * The last line of a bad input's message: `Fix agent.mjs, then run \`agentready validate\` to check
 * it without running the agent.` `what` names what to fix (`the file`, `the files`, a file), `many`
 * whether it is more than one. report/'s problems and a module agent's import (module-syntax.ts) end so.
 */
export function fixThenValidate({ what, many }: { what: string; many: boolean }): string {
  return `Fix ${what}, then run \`${commandHint('validate')}\` to check ${many ? 'them' : 'it'} without running the agent.`;
}

/** `--config <file>` in a hint to copy, the path (as shown) one shell word: quoted when it holds a space, a quote or another character a shell reads. */
export function configFlag(shown: string): string {
  return `--config ${shellWord(shown)}`;
}
