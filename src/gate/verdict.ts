/**
 * The gate's decision (SPEC §7, §11 Units, Default gate): every threshold, overall and per
 * slice, against the run's metrics and the baseline's. Pure; the verdict is data.
 */
import type { Baseline, BaselineCase, RunMetrics, MetricsBySlice } from '../config/schema/baseline.js';
import { GATE_METRICS, type GateConfig, type GateMetric, type MetricThresholds, type Threshold } from '../config/schema/config.js';
import type { CaseResult } from '../config/schema/results.js';
import { diffCases, foldCases, type CaseVerdict } from './diff.js';
import { mcnemarExact } from './intervals.js';
import { slicesOf } from './metrics.js';
import type { CaseDiff, ThresholdCheck, Verdict } from './types.js';

export interface VerdictInput {
  metrics: MetricsBySlice;
  baseline?: Baseline;
  gate: GateConfig;
  results: readonly CaseResult[];
  baselinePath: string;
}

/** SPEC §11 Default gate: no case may newly fail, no policy may break. */
export const DEFAULT_GATE: GateConfig = Object.freeze({ success_rate: { max_drop_pp: 0 }, policy_compliance: { min: 1 } });

/** Significance level when a threshold does not name one. */
const DEFAULT_SIGNIFICANCE = 0.05;
/** Float slack so 0.95 − 0.02 is not "below" 0.93. */
const EPSILON = 1e-9;

const RATE_METRICS = ['success_rate', 'escalation_rate', 'policy_compliance', 'budget_compliance', 'error_rate'] as const;
type RateMetric = (typeof RATE_METRICS)[number];
/** Metrics that are fractions in [0, 1], so percentage points apply. */
const FRACTION_METRICS: ReadonlySet<GateMetric> = new Set<GateMetric>([...RATE_METRICS, 'tool_correctness']);
const RELATIVE_RULES = ['max_drop_pp', 'max_rise_pp', 'max_rise_pct'] as const;
const RULE_ORDER = ['min', 'max', ...RELATIVE_RULES] as const;
type Rule = (typeof RULE_ORDER)[number];

/** Decides the gate: one check per metric and slice with a threshold, the case diff and notes. */
export function decideVerdict(input: VerdictInput): Verdict {
  const { baseline, results } = input;
  const gate = hasThresholds(input.gate) ? input.gate : DEFAULT_GATE;
  const current = foldCases(results);
  const checks: ThresholdCheck[] = [];
  for (const [slice, thresholds] of gateEntries(gate)) {
    for (const metric of GATE_METRICS) {
      const threshold = thresholds[metric];
      if (threshold === undefined) continue;
      checks.push(
        checkThreshold({
          metric,
          slice,
          threshold,
          now: pick(input.metrics, slice),
          before: baseline && pick(baseline.metrics, slice),
          p: baseline ? pairedPValue(metric, slice, current, baseline) : undefined,
        }),
      );
    }
  }
  const diff: CaseDiff = baseline
    ? diffCases(results, baseline)
    : { newly_failing: [], newly_passing: [], added: [], removed: [], changed: [] };
  return {
    pass: checks.every((check) => check.pass),
    has_baseline: baseline !== undefined,
    baseline_path: input.baselinePath,
    checks,
    diff,
    notes: notesFor({ input, gate, checks, diff }),
  };
}

function hasThresholds(gate: GateConfig): boolean {
  return GATE_METRICS.some((metric) => gate[metric] !== undefined) || Object.keys(gate.slices ?? {}).length > 0;
}

/** ['overall', top-level thresholds], then each configured slice. */
function gateEntries(gate: GateConfig): [string, MetricThresholds][] {
  return [['overall', gate], ...Object.entries(gate.slices ?? {})];
}

function pick(metrics: MetricsBySlice, slice: string): RunMetrics | undefined {
  return slice === 'overall' ? metrics.overall : metrics.slices[slice];
}

/** A metric's value; null when there is no data. */
function valueOf(metrics: RunMetrics | undefined, metric: GateMetric): number | null {
  if (metrics === undefined) return null;
  const value = metrics[metric];
  return typeof value === 'number' || value === null ? value : value.value;
}

/** One threshold of one metric in one slice; the first failing rule decides, else the first applied. */
function checkThreshold(args: {
  metric: GateMetric;
  slice: string;
  threshold: Threshold;
  now: RunMetrics | undefined;
  before: RunMetrics | undefined;
  p: number | undefined;
}): ThresholdCheck {
  const { metric, slice, threshold, now, p } = args;
  const current = valueOf(now, metric);
  const baseline = args.before === undefined ? null : valueOf(args.before, metric);
  const delta = current !== null && baseline !== null ? current - baseline : null;
  const rate = now && isRateMetric(metric) ? now[metric] : undefined;
  const interval: [number, number] | undefined = rate && rate.low !== null && rate.high !== null ? [rate.low, rate.high] : undefined;
  const level = threshold.significance ?? DEFAULT_SIGNIFICANCE;
  const significant = p === undefined ? undefined : p < level;

  const rules = RULE_ORDER.filter((rule) => threshold[rule] !== undefined);
  const outcomes = rules.map((rule) => judgeRule({ metric, rule, limit: threshold[rule]!, current, baseline, threshold, p, significant }));
  const decisive = outcomes.find((o) => o.status === 'fail') ?? outcomes.find((o) => o.status === 'pass') ?? outcomes[0];
  const pass = decisive?.status !== 'fail';

  const values = baseline === null || current === null ? formatValue(metric, current) : `${formatValue(metric, baseline)} → ${formatValue(metric, current)} (${formatDelta(metric, baseline, current)})`;
  const parts = [
    `${metric} (${slice}): ${current === null ? 'no data in this run' : values}`,
    ...(decisive ? [decisive.text] : ['no rule given']),
    ...(interval ? [`95% CI [${interval[0].toFixed(2)}, ${interval[1].toFixed(2)}]`] : []),
    ...(p !== undefined ? [`p=${formatP(p)}`] : []),
  ];
  return {
    metric,
    slice,
    baseline,
    current,
    delta,
    threshold,
    rule: decisive?.rule ?? 'significance',
    ...(interval ? { interval } : {}),
    ...(p !== undefined ? { p_value: p, significant } : {}),
    pass,
    explanation: parts.join(', '),
  };
}

interface RuleOutcome {
  rule: Rule;
  status: 'pass' | 'fail' | 'skipped';
  text: string;
}

/** Applies one rule; relative rules need a baseline and, when asked, a significant move. */
function judgeRule(args: {
  metric: GateMetric;
  rule: Rule;
  limit: number;
  current: number | null;
  baseline: number | null;
  threshold: Threshold;
  p: number | undefined;
  significant: boolean | undefined;
}): RuleOutcome {
  const { metric, rule, limit, current, baseline } = args;
  const named = `${rule} ${limit}`;
  if (current === null) return { rule, status: 'pass', text: `${named} not applied (no data)` };
  if (rule === 'min') return current < limit - EPSILON ? { rule, status: 'fail', text: `below ${named}` } : { rule, status: 'pass', text: `${named} met` };
  if (rule === 'max') return current > limit + EPSILON ? { rule, status: 'fail', text: `above ${named}` } : { rule, status: 'pass', text: `${named} met` };
  if (baseline === null) return { rule, status: 'skipped', text: `${named} not applied (no baseline value)` };
  if (!movedPast(rule, limit, current, baseline)) return { rule, status: 'pass', text: `within ${named}` };
  if (args.threshold.significance !== undefined) {
    if (args.significant === false) return { rule, status: 'pass', text: `past ${named} but not significant at ${args.threshold.significance}` };
    if (args.p === undefined) return { rule, status: 'fail', text: `past ${named} (no paired test for ${metric}: significance not applied)` };
  }
  return { rule, status: 'fail', text: `past ${named}` };
}

/** Whether the move from baseline to current exceeds a relative rule's limit. */
function movedPast(rule: (typeof RELATIVE_RULES)[number], limit: number, current: number, baseline: number): boolean {
  if (rule === 'max_drop_pp') return current < baseline - limit / 100 - EPSILON;
  if (rule === 'max_rise_pp') return current > baseline + limit / 100 + EPSILON;
  // max_rise_pct: relative to the baseline; from a baseline of 0 any rise is past it.
  return current > baseline * (1 + limit / 100) + EPSILON * Math.max(1, Math.abs(baseline));
}

function isRateMetric(metric: GateMetric): metric is RateMetric {
  return (RATE_METRICS as readonly string[]).includes(metric);
}

/**
 * Exact McNemar p-value over the cases in the slice that both runs judged, for metrics that
 * are a per-case yes/no the baseline records; undefined for the others or with no case in common.
 */
function pairedPValue(metric: GateMetric, slice: string, current: Map<string, CaseVerdict>, baseline: Baseline): number | undefined {
  const verdictOf = PAIRED[metric];
  if (verdictOf === undefined) return undefined;
  let shared = 0;
  let worse = 0;
  let better = 0;
  for (const [key, now] of current) {
    const before = baseline.cases[key];
    const first = now.attempts[0]!;
    if (before === undefined || (slice !== 'overall' && !slicesOf(first).includes(slice))) continue;
    const pair = [verdictOf.before(before), verdictOf.now(now)];
    if (pair[0] === undefined || pair[1] === undefined) continue;
    shared++;
    if (pair[0] && !pair[1]) worse++;
    if (!pair[0] && pair[1]) better++;
  }
  return shared === 0 ? undefined : mcnemarExact(worse, better);
}

type Paired = { before: (c: BaselineCase) => boolean | undefined; now: (c: CaseVerdict) => boolean | undefined };

/** Per-case yes/no for the metrics that can be paired; undefined means "not judged". */
const PAIRED: Partial<Record<GateMetric, Paired>> = {
  success_rate: {
    before: (c) => (c.status === 'error' ? undefined : c.status === 'passed'),
    now: (c) => (c.status === 'passed' ? true : c.status === 'failed' ? false : undefined),
  },
  policy_compliance: checkPairing('policy'),
  budget_compliance: checkPairing('budget'),
};

/** A case complies when the named check passed in every attempt that ran. */
function checkPairing(check: 'policy' | 'budget'): Paired {
  return {
    before: (c) => (c.status === 'error' ? undefined : !(c.failed_checks ?? []).includes(check)),
    now: (c) => {
      const ran = c.attempts.filter((a) => a.status === 'passed' || a.status === 'failed');
      if (ran.length === 0) return undefined;
      return ran.every((a) => a.checks.every((k) => k.check !== check || k.pass));
    },
  };
}

/** Hints: how to create a baseline, small-suite arithmetic, changed cases, the default gate. */
function notesFor(args: { input: VerdictInput; gate: GateConfig; checks: ThresholdCheck[]; diff: CaseDiff }): string[] {
  const { input, gate, checks, diff } = args;
  const notes: string[] = [];
  if (gate === DEFAULT_GATE) notes.push('No gate thresholds configured: the default gate applied (success_rate max_drop_pp 0, policy_compliance min 1.0).');
  if (!input.baseline) {
    notes.push(`No baseline at ${input.baselinePath}: only absolute thresholds (min, max) were applied. Create one with \`agentready baseline update\`.`);
  }
  for (const check of checks) {
    const pp = check.threshold.max_drop_pp;
    const rate = pick(input.metrics, check.slice)?.success_rate;
    if (check.metric !== 'success_rate' || pp === undefined || pp <= 0 || !rate || rate.n === 0) continue;
    const onePp = 100 / rate.n;
    if (onePp <= pp) continue;
    const sliceMetrics = pick(input.metrics, check.slice)!;
    const unit = sliceMetrics.attempts > sliceMetrics.cases ? 'attempt' : 'case';
    const where = check.slice === 'overall' ? '' : `${check.slice}: `;
    notes.push(`${where}with ${rate.n} ${unit}s, one ${unit} is ${onePp.toFixed(1)} pp: a max_drop_pp of ${pp} fails on any single newly failing ${unit}`);
  }
  if (diff.changed.length > 0) {
    const n = diff.changed.length;
    notes.push(`${n} case${n === 1 ? '' : 's'} changed since the baseline (fingerprint differs) and ${n === 1 ? 'is' : 'are'} compared as ${n === 1 ? 'it is' : 'they are'} now.`);
  }
  return notes;
}

function formatValue(metric: GateMetric, value: number | null): string {
  if (value === null) return 'no data';
  if (FRACTION_METRICS.has(metric)) return value.toFixed(3);
  if (metric === 'cost_per_task' || metric === 'cost_total') return `$${Number(value.toPrecision(3))}`;
  return `${Math.round(value)} ms`;
}

/** "−5.0 pp" for fractions, "+12.0%" for the rest (absolute when the baseline is 0). */
function formatDelta(metric: GateMetric, baseline: number, current: number): string {
  const sign = (x: number): string => (x < 0 ? '−' : '+');
  const delta = current - baseline;
  if (FRACTION_METRICS.has(metric)) return `${sign(delta)}${Math.abs(delta * 100).toFixed(1)} pp`;
  if (baseline === 0) return `${sign(delta)}${formatValue(metric, Math.abs(delta))}`;
  return `${sign(delta)}${Math.abs((delta / baseline) * 100).toFixed(1)}%`;
}

function formatP(p: number): string {
  return String(Number(p.toPrecision(2)));
}
