/**
 * The processes that leave the process group agentready started them in (Node's `detached: true`,
 * `setsid`, a daemon's double fork): no signal to the group reaches them, and they would outlive
 * the run. On Linux they are still found by what they inherited: every process agentready starts
 * gets `AGENTREADY_TREE=<mark>` in its environment (the mark is this process's own, random), and
 * so does whatever those start, unless it replaced its environment; `/proc/<pid>/environ` shows a
 * process's environment as it was when it started. The group reaper (`group-reaper.ts`) SIGKILLs
 * every process whose environment holds the mark once agentready's process is gone, however it
 * ended: off agentready's clock, since reading every process's environment takes milliseconds.
 * Elsewhere (macOS, Windows) nothing is marked.
 */
import { randomBytes } from 'node:crypto';

/** The variable that carries the mark. */
export const TREE_MARK = 'AGENTREADY_TREE';

let mark: string | undefined;

/** Marks every process agentready starts from now on: the mark goes into process.env, which each spawn's environment is made from. */
export function markDescendants(): void {
  if (mark !== undefined || process.platform !== 'linux') return;
  mark = `${process.pid}.${randomBytes(8).toString('hex')}`;
  process.env[TREE_MARK] = mark;
}

/** This process's mark, once `markDescendants` set it. */
export function treeMark(): string | undefined {
  return mark;
}

/** `env` without the mark: for a process that must not be found by it (the reaper, which sweeps for it). */
export function unmarked(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env[TREE_MARK] === undefined) return env;
  const rest = { ...env };
  delete rest[TREE_MARK];
  return rest;
}
