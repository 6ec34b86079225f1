/**
 * The figures of a run as every output writes them: a rate with its interval, a duration, a
 * cost in dollars. Pure.
 */
import type { Rate } from '../config/schema/index.js';
import { formatShare, percent } from '../common/percent.js';

/**
 * "92.5%"; "–" when nothing was measured. The share of its counts, not its value: a baseline or
 * summary.json keeps the value to 4 decimals, whose share can round the other way (112/132 is
 * 84.8%; 0.8485 read 84.9%), unlike the table of the run that made it.
 */
export function formatRateShare(rate: Pick<Rate, 'value' | 'successes' | 'n'>): string {
  if (rate.value === null) return '–';
  return formatShare(rate.n > 0 ? rate.successes / rate.n : rate.value);
}

/** "92.5% (85–97)"; "–" when nothing was measured. */
export function formatRate(rate: Rate, withInterval: boolean): string {
  if (rate.value === null) return '–';
  const value = formatRateShare(rate);
  if (!withInterval || rate.low === null || rate.high === null) return value;
  return `${value} (${percent(rate.low, 0)}–${percent(rate.high, 0)})`;
}

/** Milliseconds as "850ms", "3.2s" or "2m05s"; "–" for null. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Milliseconds to the millisecond ("1042ms"): where formatMs would read two close durations alike (a histogram's bin edges). */
export function formatWholeMs(ms: number): string {
  return `${Math.round(ms)}ms`;
}

/** What a replayed run's dollars are (`--models replay`): the cassettes' recorded cost, not money spent. */
export const REPLAYED_COST = 'replayed, not spent';

/** Why a replayed run's dollars were not spent, beside REPLAYED_COST. */
export const REPLAYED_WHY = 'model calls answered from cassettes';

/**
 * A run's spend as every output shows it: "$0.0014", or "$0.0014 (replayed, not spent)" after
 * `--models replay`, or "$0.03 ($0.01 of it replayed, not spent)" when only part of the run
 * was (`replayed_usd`: a `--resume` or `merge` of sessions under different `--models`).
 */
export function formatRunCost(usd: number | null, run: { replayed?: boolean | undefined; replayed_usd?: number | undefined }): string {
  if (run.replayed === true) return `${formatUsd(usd)} (${REPLAYED_COST})`;
  return run.replayed_usd === undefined ? formatUsd(usd) : `${formatUsd(usd)} (${formatUsd(run.replayed_usd)} of it ${REPLAYED_COST})`;
}

/**
 * The line that says a run's total was only partly replayed (`replayed_usd`: a `--resume` or `merge`
 * of sessions under different `--models`): "$ total $0.03 ($0.01 of it replayed, not spent): model
 * calls answered from cassettes in the sessions or shards run with --models replay, the rest spent".
 */
export function formatPartlyReplayed(usd: number | null, replayedUsd: number): string {
  return `$ total ${formatRunCost(usd, { replayed_usd: replayedUsd })}: ${REPLAYED_WHY} in the sessions or shards run with --models replay, the rest spent`;
}

/** Dollars with four decimals below one cent ("$0.0012"; "<$0.0001" below that), else two; "–" for null. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '–';
  // A priced spend too small for 4 decimals is not shown as $0.0000, which reads as unpriced.
  if (usd > 0 && usd < 0.00005) return '<$0.0001';
  return usd > 0 && usd < 0.01 ? `$${roundHalfAway(usd, 4)}` : `$${roundHalfAway(usd, 2)}`;
}

/**
 * `value` to `decimals` places, half away from zero, once rounded to 12 significant digits: the
 * same cost summed in another order (0.00985 as 0.009850000000000001 or 0.009849999999999999)
 * prints alike ("0.0099"), where toFixed rounds each by its float noise.
 */
function roundHalfAway(value: number, decimals: number): string {
  const [mantissa, exponent] = Math.abs(value).toExponential(11).split('e') as [string, string];
  const scaled = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  return `${value < 0 && scaled > 0 ? '-' : ''}${(scaled / 10 ** decimals).toFixed(decimals)}`;
}
