/**
 * A run's metrics and model usage (computeMetrics, computeModelUsage) folded in while it runs:
 * each attempt's figures are added once every attempt before it in the plan has ended (the run's
 * FigureStore tells), so at the run's end only the last few are left to add, not 10,000 attempts
 * to pass over twice. Attempts are added in plan order, the order those functions take them, so
 * every sum is the same to the last bit. A run with repeats (an attempt past the first), or
 * whose folded figures changed, gets those functions' own pass at the end instead.
 *
 * A slice that has held every attempt so far (the suite of a run of one suite, a tag every case
 * carries) is not added up apart: its figures are the overall ones. Should an attempt outside it
 * come, it takes a copy of the overall figures as they stood before that attempt, and is added
 * to from then on. A run of one suite added every attempt up twice (~1.5 µs a case in the first
 * thousands of cases, while the code is still cold).
 */
import type { MetricsBySlice, ModelUsageBySlice, RunMetrics } from '../config/schema/index.js';
import type { CaseFigures, FigureFold } from '../score/index.js';
import { compareKeys, computeMetrics, MetricsTally, rate, sliceKeysOf } from './metrics.js';
import { computeModelUsage, ModelTally } from './models.js';
import { repeatMetricsOf, SingleAttempts } from './repeats.js';

/** Expected attempts of a slice before its durations' array grows. */
const SLICE_CAPACITY = 1024;

/** What a set of attempts adds up to: the overall figures, or one slice's. */
class SetTally {
  readonly metrics: MetricsTally;
  readonly singles = new SingleAttempts();
  readonly models = new ModelTally();
  /** Attempts added; those with `models`. */
  count = 0;
  withModels = 0;

  constructor(capacity: number, copied?: SetTally) {
    this.metrics = copied ? copied.metrics.copy() : new MetricsTally(capacity);
    if (copied === undefined) return;
    this.singles = copied.singles.copy();
    this.models = copied.models.copy();
    this.count = copied.count;
    this.withModels = copied.withModels;
  }

  add(result: CaseFigures, models: CaseFigures['models']): void {
    this.count++;
    this.metrics.add(result);
    this.singles.add(result.status);
    if (models === undefined) return;
    this.withModels++;
    this.models.add(models);
  }

  runMetrics(): RunMetrics {
    return this.metrics.metrics(repeatMetricsOf(this.singles.counts(), rate));
  }
}

/** A slice that has held every attempt added so far: its figures are the overall ones. */
const OVERALL = 'overall';

export class RunFiguresTally implements FigureFold {
  readonly #overall = new SetTally(SLICE_CAPACITY);
  readonly #slices = new Map<string, SetTally | typeof OVERALL>();
  /** The slices that are OVERALL now. */
  readonly #whole: string[] = [];
  readonly #suiteOnly = new Map<string, string[]>();
  /** The last attempt added: the run's figures at its end must go on from it. */
  #last: CaseFigures | undefined;
  /** False once an attempt past the first was seen, or a figure already added changed. */
  #exact = true;

  add(result: CaseFigures): void {
    if (!this.#exact) return;
    if (result.attempt !== 1) {
      this.#exact = false;
      return;
    }
    // Read once: a run's figures make a new object on each read of `models`.
    const models = result.models;
    const keys = sliceKeysOf(result, this.#suiteOnly);
    // A slice that held every attempt until this one, which is not in it, goes on from the overall figures before it.
    for (let i = this.#whole.length - 1; i >= 0; i--) {
      const key = this.#whole[i]!;
      if (keys.includes(key)) continue;
      this.#slices.set(key, new SetTally(SLICE_CAPACITY, this.#overall));
      this.#whole.splice(i, 1);
    }
    const first = this.#overall.count === 0;
    this.#overall.add(result, models);
    for (const key of keys) {
      let slice = this.#slices.get(key);
      if (slice === OVERALL) continue;
      if (slice === undefined) {
        if (first) {
          this.#slices.set(key, OVERALL);
          this.#whole.push(key);
          continue;
        }
        this.#slices.set(key, (slice = new SetTally(SLICE_CAPACITY)));
      }
      slice.add(result, models);
    }
    this.#last = result;
  }

  stale(): void {
    this.#exact = false;
  }

  /**
   * The figures of `results` (every attempt of the run, in plan order), of which the first ones
   * were added already: the rest are added now. `planned`: the attempts per case the run planned
   * (its repeat), so a case an interrupted run did not run them all of is not judged in pass^k.
   */
  finish(results: readonly CaseFigures[], planned?: number): { metrics: MetricsBySlice; models: ModelUsageBySlice } {
    const added = this.#overall.count;
    const goesOn = added <= results.length && (added === 0 || results[added - 1] === this.#last);
    if (goesOn) for (let i = added; i < results.length && this.#exact; i++) this.add(results[i]!);
    // A run that planned repeats and was stopped before any case's second attempt: each case ran fewer than planned, which the single-attempt counts cannot say.
    if (!goesOn || !this.#exact || (planned ?? 1) > 1) return { metrics: computeMetrics(results, planned), models: computeModelUsage(results) };
    const total = this.#overall.count;
    const overall = this.#overall.runMetrics();
    const overallShares = this.#overall.models.shares();
    const metrics: Record<string, RunMetrics> = {};
    const models: ModelUsageBySlice['slices'] = {};
    // A slice holding every attempt (the one suite of a run) has the overall figures, as computeMetrics's and computeModelUsage's.
    for (const key of [...this.#slices.keys()].sort(compareKeys)) {
      const found = this.#slices.get(key)!;
      const slice = found === OVERALL ? this.#overall : found;
      metrics[key] = slice.count === total ? overall : slice.runMetrics();
      if (slice.withModels > 0) models[key] = slice.withModels === total ? overallShares : slice.models.shares();
    }
    return { metrics: { overall, slices: metrics }, models: { overall: overallShares, slices: models } };
  }
}
