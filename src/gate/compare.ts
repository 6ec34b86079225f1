/**
 * `agentready compare <runA> <runB>` as data: run A stands in for the baseline, so B is judged
 * by exactly the gate `eval` applies — the same thresholds, case diff and paired tests. Pure.
 */
import type { MetricsBySlice, RunMetrics } from '../config/schema/baseline.js';
import { GATE_METRICS, GATE_METRIC_UNITS, type GateConfig, type GateMetric, type MetricUnit } from '../config/schema/gate.js';
import type { CaseResult } from '../config/schema/results.js';
import { buildBaseline } from './baseline.js';
import { foldCases, sharedKeys } from './diff.js';
import { computeMetrics } from './metrics.js';
import { pairedTest, type PairedTest } from './paired.js';
import type { Verdict } from './types.js';
import { decideVerdict } from './verdict.js';
import type { AgentName } from '../config/schema/agent.js';
import { isProductionResult } from '../config/production-case.js';
import type { QuarantinedCase } from './quarantine.js';

export interface Comparison {
  before: MetricsBySlice;
  after: MetricsBySlice;
  verdict: Verdict;
  /** Every compared figure overall, then success_rate per slice either run has. */
  rows: ComparisonRow[];
}

/** One figure of A beside B; rates carry their paired test when there is one. */
export interface ComparisonRow {
  metric: ComparedMetric;
  slice: string;
  before: RunMetrics[ComparedMetric] | undefined;
  after: RunMetrics[ComparedMetric] | undefined;
  paired?: PairedTest;
}

/** pass^k and pass@k, which compare shows right after the success rate they qualify (with repeats only). */
const REPEAT_METRICS = ['pass_hat_k', 'pass_at_k'] as const satisfies readonly GateMetric[];

/**
 * The metrics compare shows, in order: every gate metric (the registry, GATE_METRIC_UNITS, owns which
 * there are and their order), pass^k and pass@k moved up beside the success rate.
 */
export const COMPARED_METRICS: readonly GateMetric[] = GATE_METRICS.flatMap((metric): GateMetric[] =>
  metric === 'success_rate' ? [metric, ...REPEAT_METRICS] : (REPEAT_METRICS as readonly GateMetric[]).includes(metric) ? [] : [metric],
);
export type ComparedMetric = GateMetric;

/** The unit of a compared figure: how its values and its change read (every compared figure is a gate metric). */
export function comparedUnit(metric: ComparedMetric): MetricUnit {
  return GATE_METRIC_UNITS[metric];
}

/** Judges run B against run A; `label` names A where the verdict names its baseline. */
export function compareRuns(input: {
  before: { results: readonly CaseResult[]; fingerprint: string; agent?: AgentName; adapter?: string };
  after: readonly CaseResult[];
  gate: GateConfig;
  label: string;
  /**
   * The attempts per case each run planned (its header's repeat; run/read-run.ts plannedRepeat): a
   * case an interrupted run finished fewer attempts of is no pass, in pass^k as in the case diff,
   * as eval judged it.
   */
  planned?: { before?: number | undefined; after?: number | undefined };
  /** The config's cases whose quarantine holds today: set aside by the verdict, as eval's gate sets them aside. */
  quarantined?: readonly QuarantinedCase[];
}): Comparison {
  const planned = input.planned ?? {};
  const before = computeMetrics(input.before.results, planned.before);
  const after = computeMetrics(input.after, planned.after);
  const standIn = (results: readonly CaseResult[], metrics: MetricsBySlice) =>
    buildBaseline({
      results,
      metrics,
      planned: planned.before,
      // Stryker disable next-line LogicalOperator,ObjectLiteral,StringLiteral: the stand-in baseline's provenance is never read
      agent: input.before.agent ?? { name: 'unknown' },
      // Stryker disable next-line LogicalOperator,StringLiteral: as above
      adapter: input.before.adapter ?? 'unknown',
      fingerprint: input.before.fingerprint,
    });
  const baseline = standIn(input.before.results, before);
  // Run A's production traces (score --unlabeled) are no cases of the suites, as B's are not: a baseline holds no record of them, so the gate does not see them.
  const labeled = input.before.results.filter((r) => !isProductionResult(r));
  const judgedBy = labeled.length === input.before.results.length ? baseline : standIn(labeled, computeMetrics(labeled, planned.before));
  const verdict = decideVerdict({ metrics: after, baseline: judgedBy, gate: input.gate, results: input.after, baselinePath: input.label, baselineIsRun: true, planned: planned.after, ...(input.quarantined ? { quarantined: input.quarantined } : {}) });
  const current = foldCases(input.after, planned.after);
  const shared = sharedKeys(current, baseline);
  const test = (metric: ComparedMetric, slice: string): PairedTest | undefined =>
    pairedTest({ metric: metric as GateMetric, slice, current, baseline, shared });
  const rows: ComparisonRow[] = COMPARED_METRICS.filter((metric) => (metric !== 'pass_hat_k' && metric !== 'pass_at_k') || hasRepeats([before, after], planned)).map((metric) =>
    row({ metric, slice: 'overall', before: before.overall, after: after.overall, paired: test(metric, 'overall') }),
  );
  const slices = [...new Set([...Object.keys(before.slices), ...Object.keys(after.slices)])].sort();
  for (const slice of slices) {
    rows.push(row({ metric: 'success_rate', slice, before: before.slices[slice], after: after.slices[slice], paired: test('success_rate', slice) }));
  }
  return { before, after, verdict, rows };
}

function row(args: { metric: ComparedMetric; slice: string; before: RunMetrics | undefined; after: RunMetrics | undefined; paired: PairedTest | undefined }): ComparisonRow {
  return {
    metric: args.metric,
    slice: args.slice,
    before: args.before?.[args.metric],
    after: args.after?.[args.metric],
    ...(args.paired ? { paired: args.paired } : {}),
  };
}

/** pass^k and pass@k are shown only when either run repeated its cases, or planned to (one interrupted before a case's second attempt ended). */
function hasRepeats(runs: readonly MetricsBySlice[], planned: { before?: number | undefined; after?: number | undefined }): boolean {
  return runs.some((metrics) => (metrics.overall.repeat ?? 1) > 1) || (planned.before ?? 1) > 1 || (planned.after ?? 1) > 1;
}
