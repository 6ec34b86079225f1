/**
 * A metric's value in a run's (or a baseline's) metrics, as the gate reads it: one slice's
 * metrics, the value, the value as compared with a baseline, a rate's interval. Pure.
 */
import type { MetricsBySlice, RunMetrics } from '../config/schema/baseline.js';
import type { GateMetric } from '../config/schema/gate.js';
import { RATE_METRICS } from './explain.js';
import { roundFigure } from './serialize.js';

type RateMetric = (typeof RATE_METRICS)[number];

/** One slice's metrics ('overall' or a slice key); undefined when no case fell in it. */
export function pick(metrics: MetricsBySlice, slice: string): RunMetrics | undefined {
  return slice === 'overall' ? metrics.overall : metrics.slices[slice];
}

/** A metric's value; null when there is no data (or a baseline written before the metric existed). */
export function valueOf(metrics: RunMetrics | undefined, metric: GateMetric): number | null {
  const value = metrics?.[metric] as RunMetrics[GateMetric] | undefined;
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? value : value.value;
}

/**
 * The metric's value as the gate compares a run with a baseline: a rate exactly, successes ÷ n
 * (a baseline file rounds a rate's value but keeps its counts whole), any other figure at the
 * precision the file keeps it (serialize.ts rounds it so). An unchanged run is then no move.
 */
export function comparedValueOf(metrics: RunMetrics | undefined, metric: GateMetric): number | null {
  const figure = metrics?.[metric] as RunMetrics[GateMetric] | undefined;
  if (figure !== null && typeof figure === 'object') return figure.n === 0 ? null : figure.successes / figure.n;
  const value = valueOf(metrics, metric);
  return value === null ? null : roundFigure(metric, value);
}

/** A rate's 95% interval; undefined for another metric or a rate with no data. */
export function intervalOf(metrics: RunMetrics | undefined, metric: GateMetric): [number, number] | undefined {
  if (!metrics || !isRateMetric(metric)) return undefined;
  const rate = metrics[metric];
  // Equivalent mutants: testing only one of low and high (wilson gives both or neither).
  return rate && rate.low !== null && rate.high !== null ? [rate.low, rate.high] : undefined;
}

export function isRateMetric(metric: GateMetric): metric is RateMetric {
  return (RATE_METRICS as readonly string[]).includes(metric);
}
