/**
 * How agentready asks V8 to manage its heap, measured with `BENCH_SCALE=1 npm run bench`
 * (100,000 cases, where a run's memory shows). Both are V8 flags set while the process runs.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * How far the old generation may grow past what the last major collection kept: 20%, where V8
 * allows up to 4× on a heap that allocates fast. Once the suites are loaded, what a run keeps
 * hardly grows (results stream to disk, figures are columns), but every case allocates: with the
 * default, what young collections promote piled up unreclaimed for the whole run, and 100,000
 * cases peaked at 188–191 MiB (200 MB in one run of four) against 169–172 MiB with 20%, at the
 * same wall time. Set for the whole command, so loading the suites collects its own garbage too.
 */
export function tightenHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=20');
}

/**
 * The case phase turns V8's allocation-site pretenuring off. Every case allocates the same
 * short-lived objects; a young collection that finds a burst of them all still in flight (as at
 * the run's start) decides that the objects of those sites live long, and V8 then allocates every
 * later one straight into the old generation, where each dies as garbage: old space grows in a
 * sawtooth, and a run of 100,000 cases peaked at ~320 MiB in about half the runs instead of ~190
 * MiB. Loading keeps pretenuring (a suite's objects do live as long as the run); from the first
 * case on, a decision drawn from one burst cannot stick.
 */
export function settleHeapForCases(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
