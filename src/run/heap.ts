/**
 * How the case phase asks V8 to manage the heap. Every case allocates the same short-lived objects;
 * with V8's allocation-site pretenuring, a young collection that finds a burst of them all still in
 * flight (as at the run's start) decides that the objects of those sites live long, and V8 then
 * allocates every later one straight into the old generation, where each dies as garbage: old
 * space grows in a sawtooth, and a run of 100,000 cases peaked at ~320 MiB in about half the runs
 * instead of ~190 MiB (`BENCH_SCALE=1 npm run bench`). Loading keeps pretenuring (a suite's objects
 * do live as long as the run); the case phase turns it off, so a decision drawn from one burst
 * cannot stick.
 */
import { setFlagsFromString } from 'node:v8';

export function settleHeapForCases(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
