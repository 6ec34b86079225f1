/**
 * How agentready asks V8 to manage its heap, measured with `npm run bench` (10,000 cases) and
 * `BENCH_SCALE=1 npm run bench` (100,000 cases, where a run's memory shows). All are V8 flags
 * set while the process runs.
 */
import { setFlagsFromString } from 'node:v8';
import { inlineAgain, tierAsV8, tierForCases } from './inlining.js';
import { useNodeFlagsHold } from '../config/worker-flags.js';
import { HEAP_GROWING_PERCENT, holdNodeFlags, setPretenuring } from './node-flags.js';
import { growYoungForCases, holdYoungFromStart, releaseYoungGeneration } from './young-generation.js';

// The CLI reaches the heap's flags through this file alone: in the ES-module bundle, esbuild puts
// the modules reached from each set of entry points in a chunk of their own, and so these files
// stay in one chunk with this one (docs/architecture.md, start-up).
export { inlineLess } from './inlining.js';
export { COMMAND_NODE_MODULES, loadNodeModules, startUnderNodeFlags } from './node-flags.js';
export { growYoungWhileCodeLoads, holdYoungForSuites, WORKER_RESETS_YOUNG_GROWTH } from './young-generation.js';

/**
 * For the whole command, from its start:
 * - How far the old generation may grow past what the last major collection kept: 20%, where V8
 *   allows up to 4× on a heap that allocates fast. Once the suites are loaded, what a run keeps
 *   hardly grows (results stream to disk, figures are columns), but every case allocates: with
 *   the default, what young collections promote piled up unreclaimed for the whole run, and
 *   100,000 cases peaked at 188–191 MiB (200 MB in one run of four) against 169–172 MiB with 20%,
 *   at the same wall time.
 * - The young generation keeps its first size (1 MiB a semi-space): V8 grows it to 16 MiB a
 *   semi-space (32 MiB) on a heap that allocates fast, as loading a suite or reading a run does,
 *   and never gives it back. Loading 10,000 cases peaked ~12 MiB lower and `score` of 10,000
 *   traces 32 MiB lower (133 → 101 MiB), at the same CPU. The case phase lets it grow, to a cap
 *   (settleHeapForCases).
 */
export function tightenHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  holdYoungFromStart();
  // A SyncWorker (config/sync-worker.ts) starts under Node's flags, set back once it runs.
  useNodeFlagsHold(holdNodeFlags);
}

/**
 * The case phase:
 * - V8's allocation-site pretenuring is off. Every case allocates the same short-lived objects;
 *   a young collection that finds a burst of them all still in flight (as at the run's start)
 *   decides that the objects of those sites live long, and V8 then allocates every later one
 *   straight into the old generation, where each dies as garbage: old space grows in a sawtooth,
 *   and a run of 100,000 cases peaked at ~320 MiB in about half the runs instead of ~190 MiB.
 *   Loading keeps pretenuring (a suite's objects do live as long as the run); from the first case
 *   on, a decision drawn from one burst cannot stick.
 * - The young generation grows again, to 16 MiB (two semi-spaces of 8 MiB) and no further. With
 *   64 cases in flight, a small one promotes what is about to die (10,000 cases at the first size
 *   all along: +55% CPU); at V8's own 32 MiB, 10,000 cases peaked at 114–117 MiB, at 16 MiB at
 *   98–101 MiB, for ~0.01 ms more CPU a case (a young collection twice as often).
 */
export async function settleHeapForCases(): Promise<void> {
  setPretenuring(false);
  // Turbofan inlines again (eval loaded its suites without: inlineLess), for what the cases run,
  // and compiles it sooner, inlining less (tierForCases).
  inlineAgain();
  tierForCases();
  await growYoungForCases();
}

/**
 * Every flag set here, in young-generation.ts and in inlining.ts, back at V8's own value (Node 20's
 * V8 and later: on, 0, on, 2; and on Node 20 66 KiB and 920), as the process ends: V8's code cache carries a hash of the flags it
 * was made under and a process whose flags differ rejects it, so the cache of the CLI's code that
 * bin/load-cli.js makes at exit must be made under the flags every command starts with.
 */
export function restoreHeapFlags(): void {
  inlineAgain();
  tierAsV8();
  setFlagsFromString('--heap-growing-percent=0');
  setPretenuring(true);
  releaseYoungGeneration();
  useNodeFlagsHold(undefined);
}
