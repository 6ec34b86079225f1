/**
 * The one wording of a gate check or a metric's move, `metric (slice): baseline → now,
 * threshold, interval, p-value`. Reporters print `explanation` as is, so the terminal, the
 * markdown summary and the JSON report say the same thing. Pure.
 */
import { significantUsd } from '../common/usd.js';
import { GATE_METRIC_UNITS, gateMetricsOf, type GateMetric, type MetricUnit } from '../config/schema/gate.js';
import { significantFor, wayOf, type PairedTest, type Way } from './paired.js';
import type { Verdict } from './types.js';
import { plural } from '../common/plural.js';

/** Rates: a count over a count, each with its interval (the registry's `rate` metrics). */
export const RATE_METRICS = gateMetricsOf('rate');

/** Metrics that are fractions in [0, 1], so percentage points apply: the rates and mean F1. */
export const FRACTION_METRICS: ReadonlySet<GateMetric> = new Set<GateMetric>([...RATE_METRICS, ...gateMetricsOf('fraction')]);

/** The explanation line; `rule` is the decisive rule's text, absent for a move without a threshold. */
export function explain(args: {
  metric: GateMetric;
  slice: string;
  baseline: number | null;
  current: number | null;
  rule?: string;
  interval?: [number, number];
  paired?: PairedTest;
  level: number;
  /**
   * What decided a failed check, so a move within noise beside it does not read as a
   * contradiction: a relative limit of a threshold that sets no `significance`, or an absolute
   * rule (`min`, `max`), which judges the value and takes no `significance` at all.
   */
  decidedAlone?: DecidedAlone;
}): string {
  const { metric, baseline, current } = args;
  const values =
    current === null
      ? 'no data in this run'
      : baseline === null
        ? formatValue(metric, current)
        : `${formatValue(metric, baseline)} → ${formatValue(metric, current)} (${formatDelta(metric, { baseline, current })})`;
  const parts = [`${metric} (${args.slice}): ${values}`];
  if (args.rule !== undefined) parts.push(args.rule);
  if (args.interval) parts.push(`95% CI [${args.interval[0].toFixed(2)}, ${args.interval[1].toFixed(2)}]`);
  if (args.paired) parts.push(formatPaired(args.paired, { level: args.level, way: wayOf({ baseline, current }), ...(args.decidedAlone ? { decidedAlone: args.decidedAlone } : {}) }));
  return parts.join(', ');
}

/** What alone decided a failed check: its relative limit (no `significance` set), or an absolute rule. */
export type DecidedAlone = { by: 'limit' } | { by: 'absolute'; rule: 'min' | 'max' };

/**
 * "p=0.031 (6 down, 0 up of 20 paired; significant at 0.05)". `way`: how the figure moved; a test
 * significant the other way (a rate counting attempts fell while the cases that moved went up) says so.
 */
export function formatPaired(test: PairedTest, how: { level: number; way?: Way; decidedAlone?: DecidedAlone }): string {
  // "within noise" beside a failed check reads as a contradiction unless it says what decided.
  const verdict =
    test.p < how.level
      ? significantFor(test, { level: how.level, way: how.way })
        ? `significant at ${how.level}`
        : `significant at ${how.level} the other way: the cases that moved went ${how.way === 'down' ? 'up' : 'down'}`
      : how.decidedAlone === undefined
        ? 'within noise'
        : how.decidedAlone.by === 'limit'
          ? 'within noise; the threshold sets no significance, so its limit alone decides'
          : `within noise; ${how.decidedAlone.rule} judges the value, not its move`;
  return `p=${formatP(test.p)} (${test.down} down, ${test.up} up of ${test.n} paired; ${verdict})`;
}

/** Fractions with three decimals, dollars to three significant digits, milliseconds whole. */
export function formatValue(metric: GateMetric, value: number | null): string {
  return value === null ? 'no data' : formatValueIn(GATE_METRIC_UNITS[metric], value);
}

/** formatValue by the unit itself. */
export function formatValueIn(unit: MetricUnit, value: number): string {
  switch (unit) {
    case 'rate':
    case 'fraction':
      return value.toFixed(3);
    case 'usd':
      return significantUsd(value, 3);
    case 'ms':
      return `${Math.round(value)} ms`;
    case 'count':
      return String(Math.round(value));
  }
}

/** A figure's move: its value in the baseline and now. */
export interface FigureMove {
  baseline: number;
  current: number;
}

/**
 * "−5.0 pp" for fractions, "+12.0%" for the rest (absolute when the baseline is 0). A move too
 * small for one decimal gets the digits it needs ("−0.04 pp"), so it never reads as "−0.0".
 */
export function formatDelta(metric: GateMetric, move: FigureMove): string {
  return formatDeltaIn(GATE_METRIC_UNITS[metric], move);
}

/** formatDelta by the unit itself, for figures that are not gate metrics (compare's counters). */
export function formatDeltaIn(unit: MetricUnit, { baseline, current }: FigureMove): string {
  const sign = (x: number): string => (x < 0 ? '−' : '+');
  const delta = current - baseline;
  if (unit === 'rate' || unit === 'fraction') return `${sign(delta)}${visibleDigits(Math.abs(delta * 100))} pp`;
  if (baseline === 0) return `${sign(delta)}${formatValueIn(unit, Math.abs(delta))}`;
  return `${sign(delta)}${visibleDigits(Math.abs((delta / baseline) * 100))}%`;
}

// A non-negative number with one decimal, or up to four when fewer would show a non-zero one as 0.
function visibleDigits(x: number): string {
  let digits = 1;
  while (digits < 4 && x > 0 && Number(x.toFixed(digits)) === 0) digits++;
  return x.toFixed(digits);
}

/** Two significant digits: 0.031, 0.5, 1; tiny values in exponent form. */
export function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

/**
 * Why a verdict failed, in one line: "the gate failed: <first failing threshold> (and N more); K
 * cases newly failing", or, when `newly_failing` failed, its explanation, which names the cases.
 */
export function gateFailure(verdict: Verdict): string {
  const failing = failedExplanations(verdict);
  const first = failing[0];
  const more = failing.length > 1 ? ` (and ${failing.length - 1} more threshold${failing.length > 2 ? 's' : ''})` : '';
  const newly = verdict.diff.newly_failing.length;
  const named = verdict.newly_failing?.pass === false;
  const cases = newly > 0 && !named ? `; ${plural(newly, 'case')} newly failing` : '';
  return `the gate failed: ${first ?? 'a threshold was not met'}${more}${cases}`;
}

/** The explanations of what failed: `newly_failing` first (it names the cases), then each failed threshold. */
export function failedExplanations(verdict: Verdict): string[] {
  const newly = verdict.newly_failing?.pass === false ? [verdict.newly_failing.explanation] : [];
  return [...newly, ...verdict.checks.filter((check) => !check.pass).map((check) => check.explanation)];
}

/** Each threshold the verdict could not apply (no baseline value, no data), in the gate's words: which one, so no reviewer reads a count and guesses. */
export function unappliedExplanations(verdict: Verdict): string[] {
  const newly = verdict.newly_failing?.kind === 'not_applied' ? [verdict.newly_failing.explanation] : [];
  return [...newly, ...verdict.checks.filter((check) => check.not_applied).map((check) => check.explanation)];
}
