/**
 * `baseline update` over the committed baseline: a timing or cost that moved only within
 * run-to-run noise keeps its committed value, so re-baselining an unchanged agent leaves the
 * file as it was, and a pull request's diff shows the changes that matter (SPEC §7:
 * diff-friendly). Verdicts, counts and rates are always the new run's. Pure.
 */
import type { Baseline, BaselineCase, RunMetrics } from '../config/schema/baseline.js';
import { gateMetricsOf, type GateConfig } from '../config/schema/gate.js';
import { roundFigure, serializeStable } from './serialize.js';
import { changedPrices } from '../config/price-keys.js';

/**
 * How far a figure may move and still count as the same measurement — unless the gate watches
 * that kind of figure more closely (see toleranceFor).
 */
export const STEADY_TOLERANCE = {
  /** Latency percentiles and means, over many cases: 20%, or 10 ms for small ones. */
  timing: { relative: 0.2, absoluteMs: 10 },
  /**
   * One case's duration: a single attempt's (or a few), which an agent that calls a model moves
   * by a third from run to run; two such samples differ by up to half (about two standard
   * deviations apart for a spread of 18%), or 10 ms.
   */
  caseTiming: { relative: 0.5, absoluteMs: 10 },
  /** Costs: 5%. */
  cost: { relative: 0.05 },
} as const;

type Timing = { relative: number; absoluteMs: number };
type Tolerance = { timing: Timing; caseTiming: Timing; cost: { relative: number } };

/**
 * STEADY_TOLERANCE, narrowed by the gate: a figure kept must never be one the gate would reject
 * the same agent against, so where a `max_rise_pct` on latency or cost (in any slice) is below
 * the noise allowed, half of it is what may move (and no absolute milliseconds).
 */
export function toleranceFor(gate: GateConfig | undefined): Tolerance {
  const strictest = (unit: 'ms' | 'usd'): number | undefined => {
    const limits = [gate, ...Object.values(gate?.slices ?? {})].flatMap((thresholds) =>
      gateMetricsOf(unit).flatMap((metric) => (thresholds?.[metric]?.max_rise_pct === undefined ? [] : [thresholds[metric].max_rise_pct])),
    );
    return limits.length === 0 ? undefined : Math.min(...limits);
  };
  const ms = strictest('ms');
  const usd = strictest('usd');
  const timing = (noise: Timing): Timing => (ms === undefined ? noise : { relative: Math.min(noise.relative, ms / 200), absoluteMs: 0 });
  return {
    timing: timing(STEADY_TOLERANCE.timing),
    caseTiming: timing(STEADY_TOLERANCE.caseTiming),
    cost: { relative: usd === undefined ? STEADY_TOLERANCE.cost.relative : Math.min(STEADY_TOLERANCE.cost.relative, usd / 200) },
  };
}

export interface SteadyResult {
  baseline: Baseline;
  /** Figures that kept their committed value. */
  kept: number;
}

/** `next` with the figures of `previous` that moved within noise; `gate`: the project's, which may narrow the noise allowed. */
export function keepSteadyFigures(input: { next: Baseline; previous: Baseline | undefined; gate?: GateConfig }): SteadyResult {
  const { next, previous } = input;
  if (!previous) return { baseline: next, kept: 0 };
  const tolerance = toleranceFor(input.gate);
  const within = (noise: Timing) => (now: number, before: number): boolean => Math.abs(now - before) <= Math.max(noise.relative * before, noise.absoluteMs);
  const closeTiming = within(tolerance.timing);
  const closeCaseTiming = within(tolerance.caseTiming);
  // Costs priced at other prices than the committed ones moved for that reason, not by noise: written as measured, at the prices the file now records.
  const pricesMoved = changedPrices(previous.pricing ?? {}, next.pricing ?? {}).length > 0;
  const closeCost = (now: number, before: number): boolean => !pricesMoved && Math.abs(now - before) <= tolerance.cost.relative * before;
  let kept = 0;
  // `key` names the figure, so `now` is judged as the file will print it (baseline update measures unrounded
  // means and percentiles; the committed figure was read back rounded): a move that prints within the tolerance is kept.
  const steady = <T extends number | null>({ key, now, before, within }: { key: string; now: T; before: T | undefined; within: (a: number, b: number) => boolean }): T => {
    // Equivalent mutant: dropping `before === undefined` (within() of undefined is false).
    if (now === null || before === undefined || before === null) return now;
    const printed = roundFigure(key, now);
    if (printed === before || !within(printed, before)) return now;
    kept++;
    return before;
  };

  const cases: Record<string, BaselineCase> = {};
  for (const [key, record] of Object.entries(next.cases)) {
    const old = previous.cases[key];
    const same = old !== undefined && old.fingerprint === record.fingerprint && old.status === record.status && old.outcome === record.outcome;
    cases[key] = same
      ? { ...record, duration_ms: steady({ key: 'duration_ms', now: record.duration_ms, before: old.duration_ms, within: closeCaseTiming }), cost_usd: steady({ key: 'cost_usd', now: record.cost_usd, before: old.cost_usd, within: closeCost }) }
      : record;
  }
  // Equivalent mutant: the test below as `false` (steady() returns `now` when `before` is undefined).
  // The registry's latencies and costs: what varies from run to run without anything changing.
  const metrics = (now: RunMetrics, before: RunMetrics | undefined): RunMetrics => {
    if (before === undefined) return now;
    const figures = { ...now };
    for (const metric of gateMetricsOf('ms')) Object.assign(figures, { [metric]: steady({ key: metric, now: now[metric], before: before[metric], within: closeTiming }) });
    for (const metric of gateMetricsOf('usd')) Object.assign(figures, { [metric]: steady({ key: metric, now: now[metric], before: before[metric], within: closeCost }) });
    return uncrossed(figures, now);
  };
  // Kept one by one, a slice's percentiles could cross (a p50 kept at 28 ms beside a p95 that fell to 20 ms):
  // figures no run measures. Then both are written as measured.
  const uncrossed = (figures: RunMetrics, now: RunMetrics): RunMetrics => {
    const { p50_latency_ms: p50, p95_latency_ms: p95 } = figures;
    if (p50 === null || p95 === null || roundFigure('p50_latency_ms', p50) <= roundFigure('p95_latency_ms', p95)) return figures;
    kept -= [p50 !== now.p50_latency_ms, p95 !== now.p95_latency_ms].filter(Boolean).length;
    return { ...figures, p50_latency_ms: now.p50_latency_ms, p95_latency_ms: now.p95_latency_ms };
  };
  const slices = Object.fromEntries(Object.entries(next.metrics.slices).map(([key, slice]) => [key, metrics(slice, previous.metrics.slices[key])]));
  const merged: Baseline = { ...next, metrics: { overall: metrics(next.metrics.overall, previous.metrics.overall), slices }, cases };
  // Nothing but the commit (and whether it had changes not committed, and so the version) moved: keep the committed provenance too, and the file unchanged.
  const unchanged = serializeStable({ ...merged, version: previous.version, provenance: previous.provenance }) === serializeStable(previous);
  return { baseline: unchanged ? previous : merged, kept };
}
