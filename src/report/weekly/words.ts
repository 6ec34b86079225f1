/** Wording every weekly-review format shares. */
import { formatValue } from '../../gate/explain.js';
import type { MetricSeries, WeeklyReview } from './types.js';

/** "3 runs · 2026-02-22 → 2026-03-01 · 120 attempts". */
export function windowText(review: WeeklyReview): string {
  const { runs, attempts, since, until } = review.window;
  const from = since ?? runs[0]?.started_at ?? until;
  return `${runs.length} run${runs.length === 1 ? '' : 's'} · ${from.slice(0, 10)} → ${until.slice(0, 10)} · ${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

/** "0.950 → 0.900 → 0.850": the metric's value in each run, oldest first. */
export function seriesText(series: MetricSeries): string {
  return series.points.map((p) => formatValue(series.metric, p.value)).join(' → ') || 'no run';
}

/** "min 0.9, max_drop_pp 2": the threshold the gate holds the metric to. */
export function thresholdText(series: MetricSeries): string {
  return Object.entries(series.threshold)
    .map(([rule, value]) => `${rule} ${String(value)}`)
    .join(', ');
}
