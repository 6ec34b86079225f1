/** Rules over the config's `gate:` that its schema cannot state: a threshold key that would do nothing, or the opposite of what it reads as. */
import { z } from 'zod';
import { issueAtKey } from './locate.js';
import { GATE_METRICS, isPaired, PAIRED_METRICS, type GateMetric, type MetricThresholds } from './schema/gate.js';
import type { Rule } from './rules.js';
import type { Salvaged } from './salvage.js';
import type { WrittenSuite } from './schema/suite.js';

/**
 * A `significance` on a metric the gate has no paired test for (a cost, a latency, a count, a tool
 * fraction, the error rate) is never applied: past its relative limit the threshold fails as if it
 * set none ("no paired test for …: significance not applied"). A warning: the gate still works,
 * only more strictly than the file reads.
 */
export const significanceIsPaired: Rule = (ctx) =>
  warnAtThresholds(ctx, (metric, { threshold }) => {
    const level = threshold?.significance;
    if (level === undefined || isPaired(metric)) return undefined;
    return {
      key: 'significance',
      code: 'significance_not_paired',
      message: `significance is never applied to ${metric}: the gate has no paired test for it, so past its limit the threshold fails whatever the noise`,
      expected: `no significance here: ${metric} has no paired test with the baseline, so past its limit the threshold fails whatever the noise (significance applies to ${PAIRED_METRICS.join(', ')})`,
      found: `significance: ${level}`,
    };
  });

/** What a threshold key is warned of: `key`, the one the warning points at. */
interface ThresholdWarning {
  key: string;
  code: string;
  message: string;
  expected: string;
  found: string;
}

/** Reports `warning`'s answer for each metric's threshold, overall and in each slice (`at.slice`, its key), at its key. */
function warnAtThresholds(ctx: Parameters<Rule>[0], warning: (metric: GateMetric, at: { threshold: MetricThresholds[GateMetric]; slice?: string }) => ThresholdWarning | readonly ThresholdWarning[] | undefined): void {
  const gate = ctx.config?.value.gate;
  if (!ctx.config || !gate) return;
  const { yaml } = ctx.config;
  for (const [at, thresholds] of thresholdSets(gate)) {
    for (const metric of GATE_METRICS) {
      const answer = warning(metric, { threshold: thresholds?.[metric], ...(at.length === 3 ? { slice: at[2] } : {}) });
      for (const found of answer === undefined ? [] : Array.isArray(answer) ? answer : [answer as ThresholdWarning]) {
        const path = [...at, metric, found.key];
        ctx.report(issueAtKey({ yaml, path }, { path: z.core.toDotPath(path), code: found.code, message: found.message, expected: found.expected, found: found.found, severity: 'warning' }));
      }
    }
  }
}

/** The gate's thresholds overall and in each slice, with where each set is written. */
function thresholdSets(gate: MetricThresholds & { slices?: Record<string, MetricThresholds | undefined> }): [readonly string[], MetricThresholds | undefined][] {
  return [
    [['gate'], gate],
    ...Object.entries(gate.slices ?? {}).map(([slice, thresholds]): [readonly string[], MetricThresholds | undefined] => [['gate', 'slices', slice], thresholds]),
  ];
}

/**
 * The rates whose move one way is only ever an improvement, and the limits that would fail the
 * gate on it: a rise of a share of passes (compliance, tool-call quality), in points or in percent
 * of the baseline, or a drop of the error rate. The escalation rate is left out: fewer escalations
 * may be an agent acting where it should have asked, so either limit on it reads as meant.
 */
type BackwardLimit = 'max_rise_pp' | 'max_rise_pct' | 'max_drop_pp';
const BACKWARD_LIMITS: Partial<Record<GateMetric, { limits: readonly BackwardLimit[]; instead: 'max_drop_pp' | 'max_rise_pp'; better: string }>> = {
  ...Object.fromEntries(
    (['success_rate', 'policy_compliance', 'budget_compliance', 'tool_correctness', 'tool_precision', 'tool_recall', 'pass_hat_k', 'pass_at_k'] as const).map((metric) => [
      metric,
      { limits: ['max_rise_pp', 'max_rise_pct'], instead: 'max_drop_pp', better: 'a rise' },
    ]),
  ),
  error_rate: { limits: ['max_drop_pp'], instead: 'max_rise_pp', better: 'a drop' },
};

/**
 * `success_rate: { max_rise_pp: 2 }` (or `max_rise_pct: 5`) fails the gate when the agent gets
 * better, which no one means (SPEC §11 Units: `max_drop_pp` / `max_rise_pp` are percentage points
 * of a move either way); likely `max_drop_pp` was meant. A warning: a band on purpose stays possible.
 */
export const relativeLimitFacesImprovement: Rule = (ctx) =>
  warnAtThresholds(ctx, (metric, { threshold }) => {
    const backward = BACKWARD_LIMITS[metric];
    if (backward === undefined) return undefined;
    const written = threshold as Partial<Record<BackwardLimit, number>> | undefined;
    return backward.limits.flatMap((limit) => {
      const value = written?.[limit];
      if (value === undefined) return [];
      return [{
        key: limit,
        code: 'limit_faces_improvement',
        message: `${limit} on ${metric} fails the gate on ${backward.better}, which is an improvement`,
        expected: `${backward.instead} (${backward.better} of ${metric} is an improvement: ${limit} ${value} fails the gate when the agent gets better than the baseline)`,
        found: `${limit}: ${value}`,
      }];
    });
  });

/** The limits in percentage points (SPEC §11 Units), which a fraction written for them reads a hundred times too strict. */
const POINT_LIMITS = ['max_drop_pp', 'max_rise_pp'] as const;

/**
 * `success_rate: { max_drop_pp: 0.05 }` meant as 5 pp: the limit is in percentage points, so 0.05 is
 * a twentieth of one, less than one case's move in any suite of fewer than 2000 cases — the gate
 * fails on any drop, as `max_drop_pp: 0` would. A warning, not an error: the value is valid and
 * the gate works, more strictly than meant; under one point but at least one case's move (0.5 pp
 * over 400 cases) is taken as meant. The cases counted are the suites' as written (variants
 * and repeats move a rate by less, so the warning errs on the side of saying so); for a threshold
 * on a `suite:`, `tag:` or `risk:` slice, the slice's (0.5 pp moves 10 pp a case over a slice of
 * 10). An adversarial slice holds variants, not cases as written: the suites' count stands for it,
 * as for a slice no case falls in.
 */
export const pointLimitNotFraction: Rule = (ctx) => {
  const counts = ctx.unreadSuites ? undefined : writtenSlices(ctx.suites.map(({ value }) => value));
  warnAtThresholds(ctx, (metric, { threshold, slice }) =>
    POINT_LIMITS.flatMap((limit) => {
      const value = threshold?.[limit];
      // A slice no case falls in (warned as unknown_slice) is counted as the suites are, as an adversarial one.
      const sliced = slice === undefined || slice === 'tag:adversarial' || slice.startsWith('adversarial:') || !counts?.slices.has(slice) ? undefined : slice;
      const cases = counts === undefined ? undefined : sliced === undefined ? counts.all : counts.slices.get(sliced);
      const oneCase = cases === undefined || cases === 0 ? undefined : 100 / cases;
      if (value === undefined || !(value > 0 && value < 1) || (oneCase !== undefined && value >= oneCase)) return [];
      const meant = Number((value * 100).toPrecision(12));
      const move = limit === 'max_drop_pp' ? 'drop' : 'rise';
      const whose = sliced === undefined ? "the suites'" : `slice ${sliced}'s`;
      const strict = oneCase === undefined ? '' : `, less than one case's move (${Number(oneCase.toPrecision(3))} pp of ${whose} ${cases} case${cases === 1 ? '' : 's'}): any ${move} of ${metric} fails the gate`;
      return [{
        key: limit,
        code: 'points_as_fraction',
        message: `${limit} is in percentage points: ${value} is ${value} pp${strict}; for ${meant} pp write ${meant}`,
        expected: `percentage points: for ${meant} pp write ${meant} (${value} is ${value} pp${strict})`,
        found: `${limit}: ${value}`,
      }];
    }),
  );
};

/**
 * The gate slices the suites as written fall in, keyed as gate/metrics.ts slicesOf keys them, each with its cases
 * as written (and those in all): `suite:`, `tag:` and `risk:`, and a tag `adversarial:<category>` as its own slice.
 * The slices of the cases' `adversarial:` categories (`tag:adversarial`, `adversarial:<category>`) hold variants,
 * not cases as written: they are there with the cases whose tags name them (often none, so 0).
 */
export function writtenSlices(suites: readonly Salvaged<WrittenSuite>[]): { all: number; slices: Map<string, number> } {
  const slices = new Map<string, number>();
  const add = (key: string, n = 1): void => void slices.set(key, (slices.get(key) ?? 0) + n);
  let all = 0;
  for (const { suite, cases = [], adversarial = [] } of suites) {
    all += cases.length;
    if (suite !== undefined) add(`suite:${suite}`, cases.length);
    for (const c of cases) {
      for (const tag of new Set(c?.tags ?? [])) if (tag !== undefined) add(tag.startsWith('adversarial:') ? tag : `tag:${tag}`);
      if (c?.risk) add(`risk:${c.risk}`);
    }
    // A case's own list replaces the suite's (`[]` for none), as config/expand-adversarial.ts reads it.
    for (const category of cases.flatMap((c) => (c === undefined ? [] : (c.adversarial ?? adversarial)))) {
      if (category === undefined) continue;
      add('tag:adversarial', 0);
      add(`adversarial:${category}`, 0);
    }
  }
  return { all, slices };
}
