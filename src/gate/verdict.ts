/**
 * The gate's decision (SPEC §7, §11 Units, Default gate): every threshold, overall and per
 * slice, against the run's metrics and the baseline's. Pure; the verdict is data.
 */
import { plural } from '../common/plural.js';
import type { Baseline, MetricsBySlice } from '../config/schema/baseline.js';
import { GATE_METRICS, type GateConfig, type GateMetric, type MetricThresholds } from '../config/schema/gate.js';
import type { CaseResult } from '../config/schema/results.js';
import { DEFAULT_GATE, DEFAULT_GATE_UNDER_REPEATS, DEFAULT_GATE_WITHOUT_BASELINE } from '../config/defaults.js';
import { isProductionResult } from '../config/production-case.js';
import { baselineInRunKeys, diffCases, foldCases, sharedKeys, type CaseVerdict } from './diff.js';
import { RATE_METRICS, explain } from './explain.js';
import { slicesOf } from './metrics.js';
import { narrowBaseline, rebuiltFromRecords, recordedRunMetrics, unrecordedWords } from './narrow.js';
import { checkNewlyFailing } from './newly-failing.js';
import { comparedValueOf, intervalOf, pick } from './metric-values.js';
import { baselineAttempts, notesFor, productionNote, repeatNote, runAttempts, sameAgentErrorNote } from './notes.js';
import { fewerPassed } from './attempt-losses.js';
import { pairedTest, significantFor, wayOf, type PairedTest } from './paired.js';
import { withCaseMovers } from './case-movers.js';
import { quarantineNote, withoutQuarantined, type QuarantinedCase } from './quarantine.js';
import { DEFAULT_SIGNIFICANCE, EPSILON, checkThreshold } from './threshold-check.js';
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

export { RATE_METRICS };

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
  // A baseline already narrowed to a filtered run's cases is case records too: the run's side is folded alike.
  const comparable =
    baseline && (setDiffers || production > 0 || rebuiltFromRecords(baseline.metrics.overall))
      ? { now: recordedRunMetrics({ verdicts: current, keys: shared, results, planned: input.planned }), before: narrowBaseline({ baseline, keys: shared, labels: results }).metrics }
      : undefined;

  const checks: ThresholdCheck[] = [];
  for (const [slice, thresholds] of gateEntries(gate)) {
    for (const metric of GATE_METRICS) {
      const threshold = thresholds[metric];
      if (threshold === undefined) continue;
      const before = baseline && pick(comparable?.before ?? baseline.metrics, slice);
      const comparedNow = comparable && pick(comparable.now, slice);
      const check = checkThreshold({ metric, slice, threshold, now: pick(input.metrics, slice), comparedNow, before, paired: paired(metric, slice) });
      // A failed cost, latency or tool score names the cases behind its move, as newly_failing names those behind a drop.
      checks.push(baseline ? withCaseMovers(check, { current, baseline, shared }) : check);
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
      baseline && comparable && setDiffers
        ? [
            `The case set differs from the baseline's (${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed${all.removed.length > diff.removed.length ? `, ${all.removed.length - diff.removed.length} quarantined` : ''}): relative thresholds compare the ${plural(shared.size, 'case')} both have, recomputed from the baseline's case records and this run's folded alike (their tags and risk those of the same cases in this run; ${unrecordedWords({ baseline, results })}); min and max judge the whole run.`,
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
        ...(paired ? { p_value: paired.p, significant: significantFor(paired, { level, way: wayOf({ baseline, current }) }), paired: { n: paired.n, down: paired.down, up: paired.up } } : {}),
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
