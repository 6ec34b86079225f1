/**
 * execa, loaded on first use: only the transports that start processes (stdio, http with
 * `target.start`, exec) and the user simulator need it, and a module agent's run never does:
 * 248 kB of bundle, and importing the adapters' chunk took 55.6 ms of CPU instead of 66.3 with
 * execa in it (median of 30, Node 20). Each loads it in an async step before its first spawn
 * (`loadExeca`); the spawns themselves stay synchronous (`loadedExeca`).
 */
import { InternalError } from '../errors.js';

type Execa = typeof import('execa');

let loading: Promise<Execa> | undefined;
let lib: Execa | undefined;

/** Loads execa (once); settles when `loadedExeca` may be called. */
export function loadExeca(): Promise<Execa> {
  return (loading ??= import('execa').then((loaded) => (lib = loaded)));
}

/** execa's `execa`, once `loadExeca` has settled: a spawn before that is agentready's bug. */
export function loadedExeca(): Execa['execa'] {
  if (!lib) throw new InternalError('a process was spawned before execa was loaded (loadExeca)');
  return lib.execa;
}
