/**
 * Run metrics over attempts (SPEC §6, §11 Repeats, Errors vs failures), overall and per
 * slice. Pure; nothing is rounded here (serializeBaseline and reporters round for display).
 */
import type { MetricsBySlice, Rate, RunMetrics } from '../config/schema/baseline.js';
import type { CheckName } from '../config/schema/results.js';
import type { CaseFigures } from '../score/figures.js';
import { wilson } from './intervals.js';
import { percentiles } from './percentile.js';
import { repeatMetrics } from './repeats.js';

/** Metrics for all results, and for each `suite:<name>`, `tag:<tag>`, `risk:<level>` and `adversarial:<category>` slice. */
export function computeMetrics(results: readonly CaseFigures[]): MetricsBySlice {
  const overall = computeRunMetrics(results);
  const slices: Record<string, RunMetrics> = {};
  // A slice holding every attempt (the one suite of a run) has the overall metrics: not a second pass.
  for (const [key, members] of groupBySlice(results)) slices[key] = members === results ? overall : computeRunMetrics(members);
  return { overall, slices };
}

/**
 * The slice keys an attempt belongs to. A variant's tag `adversarial:<category>` is the slice
 * `adversarial:<category>` (SPEC §6 "adversarial category"); its tag `adversarial` is `tag:adversarial`.
 */
export function slicesOf(result: Pick<CaseFigures, 'suite' | 'tags' | 'risk'>): string[] {
  return [
    `suite:${result.suite}`,
    ...[...new Set(result.tags)].map((tag) => (tag.startsWith('adversarial:') ? tag : `tag:${tag}`)),
    ...(result.risk ? [`risk:${result.risk}`] : []),
  ];
}

/**
 * Results grouped by slice key, keys sorted so output order is stable; only those `include`
 * takes. A slice every result so far belongs to (a run of one suite: `suite:<name>` holds them
 * all) is a count until one is missing, and is then the results themselves or their first
 * ones: no second array of 100,000 grown by push at a big run's end.
 */
export function groupBySlice(results: readonly CaseFigures[], include: (result: CaseFigures) => boolean = () => true): Map<string, readonly CaseFigures[]> {
  const groups = new Map<string, { members: CaseFigures[] | undefined; prefix: number }>();
  // An attempt with no tag and no risk is in its suite's slice alone: one list of keys per suite, not one per attempt.
  const suiteOnly = new Map<string, string[]>();
  results.forEach((result, index) => {
    if (!include(result)) return;
    let keys: string[];
    if (result.tags.length === 0 && !result.risk) {
      const suite = result.suite;
      keys = suiteOnly.get(suite) ?? slicesOf(result);
      suiteOnly.set(suite, keys);
    } else keys = slicesOf(result);
    for (const key of keys) {
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = { members: undefined, prefix: 0 }));
      if (group.members === undefined && group.prefix === index) group.prefix++;
      else (group.members ??= results.slice(0, group.prefix)).push(result);
    }
  });
  const members = ({ members, prefix }: { members: CaseFigures[] | undefined; prefix: number }) =>
    members ?? (prefix === results.length ? results : results.slice(0, prefix));
  // Equivalent mutants: every change to the second test, and `a <= b ? -1`: the keys compared are distinct and V8's sort only asks whether a comparison is negative.
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, group]) => [key, members(group)]));
}

/** The metrics of one set of attempts: one pass over them (a run's end computes this per slice). */
export function computeRunMetrics(results: readonly CaseFigures[]): RunMetrics {
  const tally = { passed: 0, failed: 0, errors: 0, skipped: 0, escalated: 0, outcomeUnknown: 0, policyOk: 0, budgetOk: 0, costRan: 0, cost: 0, retries: 0, toolErrors: 0, denials: 0, approvalMissing: 0 };
  const scores = { f1: 0, precision: 0, recall: 0, n: 0 };
  // A typed array sized once: at a run's end a slice of 100,000 attempts grown by push left
  // megabytes of discarded copies in the old generation (arrays that large are allocated there).
  const durations = new Float64Array(results.length);
  let timed = 0;
  for (const r of results) {
    tally.cost += r.cost_usd;
    tally.retries += r.retries;
    tally.toolErrors += r.tool_errors;
    tally.denials += r.policy_violations;
    tally.approvalMissing += r.approval_missing ?? 0;
    for (const c of r.checks) {
      if (c.check !== 'tools' || !c.score) continue;
      scores.f1 += c.score.f1;
      scores.precision += c.score.precision;
      scores.recall += c.score.recall;
      scores.n++;
    }
    if (r.status === 'error') tally.errors++;
    else if (r.status === 'skipped') tally.skipped++;
    else {
      // Ran: passed or failed.
      if (r.status === 'passed') tally.passed++;
      else tally.failed++;
      durations[timed++] = r.duration_ms;
      tally.costRan += r.cost_usd;
      if (r.outcome === 'escalated') tally.escalated++;
      else if (r.outcome === 'unknown') tally.outcomeUnknown++;
      if (checkPassed(r, 'policy', r.policy_violations === 0)) tally.policyOk++;
      if (checkPassed(r, 'budget', true)) tally.budgetOk++;
    }
  }
  const ran = tally.passed + tally.failed;
  const [p50, p95] = percentiles(durations.subarray(0, timed), [50, 95]);
  const { cases, ...repeats } = repeatMetrics(results, rate);
  return {
    cases,
    attempts: results.length,
    passed: tally.passed,
    failed: tally.failed,
    errors: tally.errors,
    skipped: tally.skipped,
    success_rate: rate(tally.passed, ran),
    // Over the attempts whose trace says how the run ended: an unknown outcome is no evidence either way.
    escalation_rate: rate(tally.escalated, ran - tally.outcomeUnknown),
    policy_compliance: rate(tally.policyOk, ran),
    budget_compliance: rate(tally.budgetOk, ran),
    error_rate: rate(tally.errors, results.length - tally.skipped),
    tool_correctness: scores.n === 0 ? null : scores.f1 / scores.n,
    tool_precision: scores.n === 0 ? null : scores.precision / scores.n,
    tool_recall: scores.n === 0 ? null : scores.recall / scores.n,
    cost_per_task: ran === 0 ? null : tally.costRan / ran,
    cost_total: tally.cost,
    p50_latency_ms: p50 ?? null,
    p95_latency_ms: p95 ?? null,
    retries: tally.retries,
    tool_errors: tally.toolErrors,
    policy_denials: tally.denials,
    approval_missing: tally.approvalMissing,
    ...repeats,
  };
}

/** A rate with its 95% Wilson interval; value and interval are null when n = 0. */
export function rate(successes: number, n: number): Rate {
  const interval = wilson(successes, n);
  return { value: n === 0 ? null : successes / n, successes, n, low: interval?.[0] ?? null, high: interval?.[1] ?? null };
}

/** Whether the attempt's named check passed; `fallback` when the attempt has no such check. A loop, no closure: it runs twice per attempt at a run's end. */
function checkPassed(result: CaseFigures, check: CheckName, fallback: boolean): boolean {
  for (const c of result.checks) if (c.check === check) return c.pass;
  return fallback;
}
