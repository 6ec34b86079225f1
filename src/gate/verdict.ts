/**
 * The gate's decision (SPEC §7, §11 Units, Default gate): every threshold, overall and per
 * slice, against the run's metrics and the baseline's. Pure; the verdict is data.
 */
import { plural } from '../common/plural.js';
import type { Baseline, MetricsBySlice, RunMetrics } from '../config/schema/baseline.js';
import { GATE_METRICS, LIMITS, RELATIVE_LIMITS, type GateConfig, type GateMetric, type MetricThresholds, type Threshold } from '../config/schema/config.js';
import type { CaseResult } from '../config/schema/results.js';
import { DEFAULT_GATE, DEFAULT_GATE_UNDER_REPEATS, DEFAULT_GATE_WITHOUT_BASELINE } from '../config/defaults.js';
import { isProductionResult } from '../config/production-case.js';
import { baselineInRunKeys, caseKey, diffCases, foldCases, sharedKeys, type CaseVerdict } from './diff.js';
import { RATE_METRICS, explain, type DecidedAlone, type FigureMove } from './explain.js';
import { computeMetrics, slicesOf } from './metrics.js';
import { narrowBaseline, unrecordedIn } from './narrow.js';
import { checkNewlyFailing } from './newly-failing.js';
import { comparedValueOf, intervalOf, pick, valueOf } from './metric-values.js';
import { baselineAttempts, notesFor, productionNote, repeatNote, runAttempts, sameAgentErrorNote } from './notes.js';
import { fewerPassed } from './attempt-losses.js';
import { pairedTest, type PairedTest } from './paired.js';
import { quarantineNote, withoutQuarantined, type QuarantinedCase } from './quarantine.js';
import type { CaseDiff, MetricMove, ThresholdCheck, Verdict } from './types.js';

export interface VerdictInput {
  metrics: MetricsBySlice;
  baseline?: Baseline;
  gate: GateConfig;
  results: readonly CaseResult[];
  baselinePath: string;
  /** The baseline is an earlier run (`compare`), not the committed file: no advice to rewrite that file. */
  baselineIsRun?: boolean;
  /** The attempts per case the run planned (its repeat): a case that ran fewer is not judged (foldCases). */
  planned?: number | undefined;
  /** Cases whose quarantine holds: they ran and are reported, but no threshold counts them (SPEC §14). */
  quarantined?: readonly QuarantinedCase[];
}

/** Significance level when a threshold does not name one. */
export const DEFAULT_SIGNIFICANCE = 0.05;
/** Float slack so 0.95 − 0.02 is not "below" 0.93. */
const EPSILON = 1e-9;

export { RATE_METRICS };
// A threshold's rules in the order every text names them (config/schema/config.ts's LIMITS).
type Rule = (typeof LIMITS)[number];

/** Decides the gate: one check per metric and slice with a threshold, the moves, the case diff and notes. */
export function decideVerdict(given: VerdictInput): Verdict {
  // The baseline's records under the run's keys: a --no-redact run's ids as written, the baseline's redacted.
  const rawInput = given.baseline ? { ...given, baseline: baselineInRunKeys(given.baseline, given.results) } : given;
  const set = withoutQuarantined(rawInput);
  const input = { ...rawInput, results: set.results, metrics: set.metrics };
  const { baseline, results } = input;
  // The config resolves a missing `gate:` to DEFAULT_GATE itself, known by identity.
  const usedDefault = usesDefaultGate(input.gate);
  const repeated = Math.max(baseline?.metrics.overall.repeat ?? 1, input.metrics.overall.repeat ?? 1) > 1;
  const gate = !usedDefault ? input.gate : !baseline ? DEFAULT_GATE_WITHOUT_BASELINE : repeated ? DEFAULT_GATE_UNDER_REPEATS : DEFAULT_GATE;
  const current = foldCases(results, input.planned);
  const shared = baseline ? sharedKeys(current, baseline) : new Set<string>();
  const paired = (metric: GateMetric, slice: string): PairedTest | undefined =>
    baseline ? pairedTest({ metric, slice, current, baseline, shared }) : undefined;

  // Production traces (score --unlabeled) are no cases of the suites: no baseline holds them, so the diff leaves them out.
  const production = results.filter(isProductionResult).length;
  const all: CaseDiff = baseline
    ? diffCases(production === 0 ? current : foldCases(results.filter((r) => !isProductionResult(r)), input.planned), baseline)
    : { newly_failing: [], newly_passing: [], known_failing: [], added: [], removed: [], changed: [] };
  // The suites' cases are not the baseline's: some added, removed or edited since.
  const setDiffers = all.added.length + all.removed.length + all.changed.length > 0;
  // A quarantined case the baseline has is set aside, not removed.
  const diff: CaseDiff = { ...all, removed: all.removed.filter((change) => !set.keys.has(change.key)) };
  // A baseline older than the suite, or a run with production traces: relative thresholds compare
  // only the cases both runs have (SPEC §7), the run's side recomputed over them, the baseline's
  // from its case records.
  const comparable =
    baseline && (setDiffers || production > 0)
      ? { now: computeMetrics(results.filter((r) => shared.has(caseKey(r))), input.planned), before: narrowBaseline({ baseline, keys: shared, labels: results }).metrics }
      : undefined;

  const checks: ThresholdCheck[] = [];
  for (const [slice, thresholds] of gateEntries(gate)) {
    for (const metric of GATE_METRICS) {
      const threshold = thresholds[metric];
      if (threshold === undefined) continue;
      const before = baseline && pick(comparable?.before ?? baseline.metrics, slice);
      const comparedNow = comparable && pick(comparable.now, slice);
      checks.push(checkThreshold({ metric, slice, threshold, now: pick(input.metrics, slice), comparedNow, before, paired: paired(metric, slice) }));
    }
  }
  // Case by case, so a fixed case does not pay for a broken one and an edit does not hide one.
  const newlyFailing = gate.newly_failing ? checkNewlyFailing({ threshold: gate.newly_failing, diff, hasBaseline: baseline !== undefined }) : undefined;
  // Moves compare what the checks compare: with a changed case set, the cases both runs have.
  const sameError = sameAgentErrorNote(results);
  const moves = baseline ? movesOf({ gate, metrics: comparable?.now ?? input.metrics, before: comparable?.before ?? baseline.metrics, paired }) : [];
  return {
    pass: checks.every((check) => check.pass) && newlyFailing?.pass !== false,
    has_baseline: baseline !== undefined,
    baseline_path: input.baselinePath,
    checks,
    moves,
    diff,
    ...(newlyFailing ? { newly_failing: newlyFailing } : {}),
    quarantined: set.ran,
    notes: notesFor({
      gate,
      usedDefault,
      metrics: input.metrics,
      baselinePath: input.baselinePath,
      baselineIsRun: input.baselineIsRun === true,
      hasBaseline: baseline !== undefined,
      checks,
      diff,
      sharedIn: (slice) => countShared(slice, { current, shared }),
      fewerPassedIn: (slice) => (baseline ? fewerPassed({ slice, known: all.known_failing, current, baseline }) : []),
      agentCouldNotRun: sameError.length > 0,
      allQuarantined: set.ran.length > 0 && set.results.length === 0,
    }).concat(
      quarantineNote(set.ran),
      sameError,
      repeatNote(baseline && baselineAttempts(baseline), runAttempts(current)),
      baseline ? productionNote(production, shared.size) : [],
      comparable && setDiffers
        ? [
            `The case set differs from the baseline's (${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed${all.removed.length > diff.removed.length ? `, ${all.removed.length - diff.removed.length} quarantined` : ''}): relative thresholds compare the ${plural(shared.size, 'case')} both have, recomputed from the baseline's case records (their tags and risk those of the same cases in this run; they keep no tool scores, so tool correctness is not compared, nor retries, tool_errors and approval_missing counts); min and max judge the whole run.`,
          ]
        : [],
    ),
  };
}

/** Whether the default gate judges: the config has no `gate:` (resolved to DEFAULT_GATE itself) or one that sets no threshold. */
export function usesDefaultGate(gate: GateConfig): boolean {
  return gate === DEFAULT_GATE || !hasThresholds(gate);
}

/** Whether the config's `gate:` sets any threshold; without one the default gate applies. */
export function hasThresholds(gate: GateConfig): boolean {
  return GATE_METRICS.some((metric) => gate[metric] !== undefined) || gate.newly_failing !== undefined || Object.keys(gate.slices ?? {}).length > 0;
}

/** Every (metric, slice) the gate watches: the config's thresholds, or the default gate's when it sets none. */
export function gatedMetrics(config: GateConfig): { metric: GateMetric; slice: string }[] {
  const gate = hasThresholds(config) ? config : DEFAULT_GATE;
  return gateEntries(gate).flatMap(([slice, thresholds]) => GATE_METRICS.filter((metric) => thresholds[metric] !== undefined).map((metric) => ({ metric, slice })));
}

/** ['overall', top-level thresholds], then each configured slice. */
export function gateEntries(gate: GateConfig): [string, MetricThresholds][] {
  return [['overall', gate], ...Object.entries(gate.slices ?? {})];
}

/** One threshold of one metric in one slice; the first failing rule decides, else the first applied. */
function checkThreshold(args: {
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
  const significant = paired === undefined ? undefined : paired.p < level;

  const rules = LIMITS.filter((rule) => threshold[rule] !== undefined);
  const isRelative = (rule: Rule) => (RELATIVE_LIMITS as readonly string[]).includes(rule);
  const outcomes = rules.map((rule) =>
    judgeRule({ metric, rule, limit: threshold[rule]!, current: isRelative(rule) ? current : whole, baseline, threshold, paired }),
  );
  // Equivalent mutants: any change to the second find. Without a failure the first outcome is a
  // pass unless all are skipped: min and max judge the whole run, relative rules share one
  // current and baseline, so a skipped rule never precedes a passing one.
  const decisive = outcomes.find((o) => o.status === 'fail') ?? outcomes.find((o) => o.status === 'pass') ?? outcomes[0];
  // The figures shown are the ones the deciding rule judged, and so is the interval beside them
  // (the shared cases' for a relative rule when the case sets differ, as the moves show it).
  const relative = decisive !== undefined && isRelative(decisive.rule);
  const shown = relative ? current : whole;
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
}): RuleOutcome {
  const { metric, rule, limit, current, baseline, paired } = args;
  const named = `${rule} ${limit}`;
  if (current === null) return { rule, status: 'skipped', text: `${named} not applied (no data)` };
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

/**
 * Every rate that moved against the baseline, overall and in each slice the gate names, with
 * its interval and paired test, whether or not a threshold watches it.
 */
function movesOf(args: {
  gate: GateConfig;
  metrics: MetricsBySlice;
  before: MetricsBySlice;
  paired: (metric: GateMetric, slice: string) => PairedTest | undefined;
}): MetricMove[] {
  const moves: MetricMove[] = [];
  for (const [slice, thresholds] of gateEntries(args.gate)) {
    const now = pick(args.metrics, slice);
    const before = pick(args.before, slice);
    for (const metric of RATE_METRICS) {
      const current = comparedValueOf(now, metric);
      const baseline = comparedValueOf(before, metric);
      // Equivalent mutant: `<=` as `<` (differs only at a move of exactly EPSILON).
      if (current === null || baseline === null || Math.abs(current - baseline) <= EPSILON) continue;
      const paired = args.paired(metric, slice);
      const interval = intervalOf(now, metric);
      const level = thresholds[metric]?.significance ?? DEFAULT_SIGNIFICANCE;
      moves.push({
        metric,
        slice,
        baseline,
        current,
        delta: current - baseline,
        ...(interval ? { interval } : {}),
        ...(paired ? { p_value: paired.p, significant: paired.p < level, paired: { n: paired.n, down: paired.down, up: paired.up } } : {}),
        explanation: explain({ metric, slice, baseline, current, ...(interval ? { interval } : {}), ...(paired ? { paired } : {}), level }),
      });
    }
  }
  return moves;
}

/** Cases in the slice that both runs have with the same fingerprint. */
function countShared(slice: string, { current, shared }: { current: ReadonlyMap<string, CaseVerdict>; shared: ReadonlySet<string> }): number {
  if (slice === 'overall') return shared.size;
  let n = 0;
  for (const key of shared) {
    // Stryker disable next-line OptionalChaining: a shared key is always in the run
    const first = current.get(key)?.attempts[0];
    if (first && slicesOf(first).includes(slice)) n++;
  }
  return n;
}
