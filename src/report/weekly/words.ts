/** Wording every weekly-review format shares. */
import { formatValue } from '../../gate/explain.js';
import { formatUsd, REPLAYED_COST } from '../format-figures.js';
import type { CostHotspots, FlakyCase, MetricSeries, WeeklyReview } from './types.js';
import { plural } from '../../common/plural.js';

/**
 * What "What changed" says when it lists no change, as a sentence (capitalised, with its full stop):
 * none changed, or there was no earlier run in the window, or no run at all.
 */
export function noChangeText(review: WeeklyReview): string {
  if (review.changes.previous) return 'No case changed its verdict.';
  return review.window.runs.length === 0 ? 'No run in the window.' : 'One run in the window: nothing to compare.';
}

/** "3 runs · 2026-02-22 → 2026-03-01 · 120 attempts". */
export function windowText(review: WeeklyReview): string {
  const { runs, attempts, since, until } = review.window;
  const from = since ?? runs[0]?.started_at ?? until;
  return `${plural(runs.length, 'run')} · ${from.slice(0, 10)} → ${until.slice(0, 10)} · ${plural(attempts, 'attempt')}`;
}

/** The most values of one metric a line of the terminal or markdown review shows: the newest ones (the JSON and the HTML chart keep them all). */
export const SERIES_SHOWN = 12;

/** "0.950 → 0.900 → 0.850": the metric's value in each run, oldest first; past SERIES_SHOWN runs, "18 earlier runs … " and the newest. */
export function seriesText(series: MetricSeries): string {
  const shown = series.points.slice(-SERIES_SHOWN);
  const earlier = series.points.length - shown.length;
  const values = shown.map((p) => formatValue(series.metric, p.value)).join(' → ') || 'no run';
  return earlier > 0 ? `${plural(earlier, 'earlier run')} … ${values}` : values;
}

/** "total $0.03", and how much of it --models replay runs replayed rather than spent: "total $0.03, of which $0.02 replayed, not spent: …". */
export function costTotalText(cost: CostHotspots): string {
  const total = `total ${formatUsd(cost.total_usd)}`;
  return cost.replayed_usd > 0 ? `${total}, of which ${formatUsd(cost.replayed_usd)} ${REPLAYED_COST}: --models replay runs` : total;
}

/** What follows a cost row's case when its adversarial variants are folded into it, " + 8 variants"; '' when none are. */
export function foldedVariantsText(row: CostHotspots['by_case'][number]): string {
  return row.variants === undefined ? '' : ` + ${plural(row.variants, 'variant')}`;
}

/** Which runs the metrics over time leave out, and why; undefined when none. */
export function filteredRunsText(review: WeeklyReview): string | undefined {
  const filtered = review.filtered_runs;
  const unfinished = review.unfinished_runs;
  const parts = [
    ...(filtered.length > 0 ? [`${plural(filtered.length, 'filtered run')} (${filtered.join(', ')}: --grep, --suite, --tag, --last-failed or --shard ran some cases only)`] : []),
    ...(unfinished.length > 0 ? [`${plural(unfinished.length, 'unfinished run')} (${unfinished.join(', ')}: interrupted or killed, holding only the cases that ended)`] : []),
  ];
  return parts.length === 0 ? undefined : `${parts.join(' and ')} left out of the metrics over time`;
}

/** What the review calls flaky, under its "Flaky cases" heading in every format. */
export const FLAKY_MEANING = 'passed and failed on the same code: in one run, or in runs of one commit with nothing uncommitted';
/** The flaky table's sequence column: each attempt's verdict, and where the code may have changed. */
export const FLAKY_SEQUENCE = 'last attempts (oldest first; | where the code changed)';

/** "2 flips in 3 same-code pairs": a flaky case's flips among the consecutive attempts compared. */
export function flipsText(flaky: Pick<FlakyCase, 'flips' | 'compared'>): string {
  return `${plural(flaky.flips, 'flip')} in ${plural(flaky.compared, 'same-code pair')}`;
}

/** Which runs the flip rates leave out, and why; undefined when none. */
export function agentErrorRunsText(review: WeeklyReview): string | undefined {
  const ids = review.agent_error_runs;
  if (ids.length === 0) return undefined;
  return `${plural(ids.length, 'run')} (${ids.join(', ')}) left out of flip rates: every attempt ended in agent_error with one and the same message, a setup problem (e.g. a missing API key), not the agent's verdict`;
}

/** "min 0.9, max_drop_pp 2": the threshold the gate holds the metric to. */
export function thresholdText(series: MetricSeries): string {
  return Object.entries(series.threshold)
    .map(([rule, value]) => `${rule} ${String(value)}`)
    .join(', ');
}
