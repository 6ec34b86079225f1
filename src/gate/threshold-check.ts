/**
 * One threshold of one metric in one slice judged (SPEC §7, §11 Units): each of its rules against
 * the run's figure and the baseline's, the first failing rule deciding. Pure.
 */
import { LIMITS, RELATIVE_LIMITS, type GateMetric, type Threshold } from '../config/schema/gate.js';
import type { RunMetrics } from '../config/schema/baseline.js';
import { explain, type DecidedAlone, type FigureMove } from './explain.js';
import { comparedValueOf, intervalOf, valueOf } from './metric-values.js';
import { unrecordedIn } from './narrow.js';
import { significantFor, wayOf, type PairedTest } from './paired.js';
import type { ThresholdCheck } from './types.js';

/** Significance level when a threshold does not name one. */
export const DEFAULT_SIGNIFICANCE = 0.05;
/** Float slack so 0.95 − 0.02 is not "below" 0.93. */
export const EPSILON = 1e-9;

// A threshold's rules in the order every text names them (config/schema/gate.ts's LIMITS).
type Rule = (typeof LIMITS)[number];

/** One threshold of one metric in one slice; the first failing rule decides, else the first applied. */
export function checkThreshold(args: {
  metric: GateMetric;
  slice: string;
  threshold: Threshold;
  now: RunMetrics | undefined;
  /** The run's metrics over the cases the baseline also has, when the case sets differ. */
  comparedNow?: RunMetrics | undefined;
  before: RunMetrics | undefined;
  paired: PairedTest | undefined;
}): ThresholdCheck {
  const { metric, slice, threshold, now, paired } = args;
  // Absolute rules judge the whole run; relative ones the cases both runs share, at the
  // precision the baseline file keeps (an unchanged run is no move).
  const whole = valueOf(now, metric);
  const current = comparedValueOf(args.comparedNow === undefined ? now : args.comparedNow, metric);
  // Equivalent mutant: this condition as `false` (valueOf(undefined) is null too).
  // A count the baseline's case records do not keep has no baseline value when its figures were recomputed from them.
  const baseline = args.before === undefined || unrecordedIn(args.before, metric) ? null : comparedValueOf(args.before, metric);
  const level = threshold.significance ?? DEFAULT_SIGNIFICANCE;
  const significant = paired === undefined ? undefined : significantFor(paired, { level, way: wayOf({ baseline, current }) });

  const rules = LIMITS.filter((rule) => threshold[rule] !== undefined);
  const isRelative = (rule: Rule) => (RELATIVE_LIMITS as readonly string[]).includes(rule);
  // The run has the figure, the cases it shares with the baseline have none (every case added or renamed, say): not "no data".
  const noneShared = args.comparedNow !== undefined && current === null && whole !== null;
  const outcomes = rules.map((rule) =>
    judgeRule({ metric, rule, limit: threshold[rule]!, current: isRelative(rule) ? current : whole, baseline, threshold, paired, noneShared }),
  );
  // Equivalent mutants: any change to the second find. Without a failure the first outcome is a
  // pass unless all are skipped: min and max judge the whole run, relative rules share one
  // current and baseline, so a skipped rule never precedes a passing one.
  const decisive = outcomes.find((o) => o.status === 'fail') ?? outcomes.find((o) => o.status === 'pass') ?? outcomes[0];
  // The figures shown are the ones the deciding rule judged, and so is the interval beside them
  // (the shared cases' for a relative rule when the case sets differ, as the moves show it).
  const relative = decisive !== undefined && isRelative(decisive.rule);
  const shown = relative && !noneShared ? current : whole;
  const interval = intervalOf(relative && args.comparedNow !== undefined ? args.comparedNow : now, metric);
  return {
    metric,
    slice,
    baseline,
    current: shown,
    delta: shown !== null && baseline !== null ? shown - baseline : null,
    threshold,
    rule: decisive?.rule ?? 'significance',
    ...(interval ? { interval } : {}),
    ...(paired ? { p_value: paired.p, significant, paired: { n: paired.n, down: paired.down, up: paired.up } } : {}),
    pass: decisive?.status !== 'fail',
    ...(outcomes.every((o) => o.status === 'skipped') ? { not_applied: true as const } : {}),
    ...(decisive?.withinNoise ? { within_noise: true as const } : {}),
    explanation: explain({
      metric, slice, baseline, current: shown, rule: decisive?.text ?? 'no rule given', ...(interval ? { interval } : {}), ...(paired ? { paired } : {}), level,
      ...decidedAloneOf(decisive, threshold),
    }),
  };
}

interface RuleOutcome {
  rule: Rule;
  status: 'pass' | 'fail' | 'skipped';
  text: string;
  /** Past a relative limit, passed because the move is not significant. */
  withinNoise?: true;
}

/** What alone decided a failed check: an absolute rule, or a relative limit that asks no significance. */
function decidedAloneOf(decisive: RuleOutcome | undefined, threshold: Threshold): { decidedAlone?: DecidedAlone } {
  if (decisive?.status !== 'fail') return {};
  if (decisive.rule === 'min' || decisive.rule === 'max') return { decidedAlone: { by: 'absolute', rule: decisive.rule } };
  return threshold.significance === undefined ? { decidedAlone: { by: 'limit' } } : {};
}

/** Applies one rule; relative rules need a baseline and, when asked, a significant move. */
function judgeRule(args: {
  metric: GateMetric;
  rule: Rule;
  limit: number;
  current: number | null;
  baseline: number | null;
  threshold: Threshold;
  paired: PairedTest | undefined;
  /** The run has the figure, but none of the cases it shares with the baseline does. */
  noneShared: boolean;
}): RuleOutcome {
  const { metric, rule, limit, current, baseline, paired } = args;
  const named = `${rule} ${limit}`;
  if (current === null) return { rule, status: 'skipped', text: `${named} not applied (${args.noneShared ? 'no value over the cases this run shares with the baseline' : 'no data'})` };
  // Equivalent mutants here and in movedPast: `<` as `<=`, `>` as `>=` (they differ only at a value
  // exactly EPSILON from the limit).
  if (rule === 'min') return current < limit - EPSILON ? { rule, status: 'fail', text: `below ${named}` } : { rule, status: 'pass', text: `${named} met` };
  if (rule === 'max') return current > limit + EPSILON ? { rule, status: 'fail', text: `above ${named}` } : { rule, status: 'pass', text: `${named} met` };
  if (baseline === null) return { rule, status: 'skipped', text: `${named} not applied (no baseline value)` };
  if (!movedPast({ rule, limit, current, baseline })) return { rule, status: 'pass', text: `within ${named}` };
  const level = args.threshold.significance;
  if (level !== undefined) {
    if (paired === undefined) return { rule, status: 'fail', text: `past ${named} (no paired test for ${metric}: significance not applied)` };
    if (paired.p >= level) return { rule, status: 'pass', text: `past ${named} but not significant at ${level}`, withinNoise: true };
    // Past a drop limit the figure fell (past a rise limit, it rose): the test must be significant that way.
    if (!significantFor(paired, { level, way: rule === 'max_drop_pp' ? 'down' : 'up' })) {
      return { rule, status: 'pass', text: `past ${named} but not significant at ${level} as a ${rule === 'max_drop_pp' ? 'drop' : 'rise'}`, withinNoise: true };
    }
    return { rule, status: 'fail', text: `past ${named} and significant at ${level}` };
  }
  return { rule, status: 'fail', text: `past ${named}` };
}

/** Whether the move from baseline to current exceeds a relative rule's limit. */
function movedPast({ rule, limit, current, baseline }: { rule: (typeof RELATIVE_LIMITS)[number]; limit: number } & FigureMove): boolean {
  if (rule === 'max_drop_pp') return current < baseline - limit / 100 - EPSILON;
  if (rule === 'max_rise_pp') return current > baseline + limit / 100 + EPSILON;
  // max_rise_pct: relative to the baseline; from a baseline of 0 any rise is past it.
  return current > baseline * (1 + limit / 100) + EPSILON * Math.max(1, Math.abs(baseline));
}
