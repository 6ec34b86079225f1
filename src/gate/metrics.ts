/**
 * Run metrics over attempts (SPEC §6, §11 Repeats, Errors vs failures), overall and per
 * slice. Pure; nothing is rounded here (serializeBaseline and reporters round for display).
 */
import type { MetricsBySlice, Rate, RunMetrics } from '../config/schema/baseline.js';
import type { CheckName } from '../config/schema/results.js';
import type { CaseFigures } from '../score/figures.js';
import { wilson } from './intervals.js';
import { percentile } from './percentile.js';
import { repeatMetrics } from './repeats.js';

/** Metrics for all results, and for each `suite:<name>`, `tag:<tag>`, `risk:<level>` and `adversarial:<category>` slice. */
export function computeMetrics(results: readonly CaseFigures[]): MetricsBySlice {
  const slices: Record<string, RunMetrics> = {};
  for (const [key, members] of groupBySlice(results)) slices[key] = computeRunMetrics(members);
  return { overall: computeRunMetrics(results), slices };
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

/** Results grouped by slice key, keys sorted so output order is stable. */
function groupBySlice(results: readonly CaseFigures[]): Map<string, CaseFigures[]> {
  const groups = new Map<string, CaseFigures[]>();
  for (const result of results) {
    for (const key of slicesOf(result)) {
      const group = groups.get(key);
      if (group) group.push(result);
      else groups.set(key, [result]);
    }
  }
  // Equivalent mutants: every change to the second test, and `a <= b ? -1`: the keys compared are distinct and V8's sort only asks whether a comparison is negative.
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The metrics of one set of attempts. */
export function computeRunMetrics(results: readonly CaseFigures[]): RunMetrics {
  const passed = count(results, (r) => r.status === 'passed');
  const failed = count(results, (r) => r.status === 'failed');
  const errors = count(results, (r) => r.status === 'error');
  const skipped = count(results, (r) => r.status === 'skipped');
  // Attempts that ran: the agent was judged. Errors (harness) and skipped ones were not.
  const ran = results.filter((r) => r.status === 'passed' || r.status === 'failed');
  // Equivalent mutant: the tools test as `true` (only a tools check carries a score).
  const scores = results.flatMap((r) => r.checks.filter((c) => c.check === 'tools' && c.score).map((c) => c.score!));
  const durations = ran.map((r) => r.duration_ms);
  return {
    cases: new Set(results.map((r) => `${r.suite}/${r.case_id}`)).size,
    attempts: results.length,
    passed,
    failed,
    errors,
    skipped,
    success_rate: rate(passed, passed + failed),
    escalation_rate: rate(count(ran, (r) => r.outcome === 'escalated'), ran.length),
    policy_compliance: rate(count(ran, (r) => checkPassed(r, 'policy', r.policy_violations === 0)), ran.length),
    budget_compliance: rate(count(ran, (r) => checkPassed(r, 'budget', true)), ran.length),
    error_rate: rate(errors, results.length - skipped),
    tool_correctness: mean(scores.map((s) => s.f1)),
    tool_precision: mean(scores.map((s) => s.precision)),
    tool_recall: mean(scores.map((s) => s.recall)),
    cost_per_task: mean(ran.map((r) => r.cost_usd)),
    cost_total: sum(results.map((r) => r.cost_usd)),
    p50_latency_ms: percentile(durations, 50),
    p95_latency_ms: percentile(durations, 95),
    retries: sum(results.map((r) => r.retries)),
    tool_errors: sum(results.map((r) => r.tool_errors)),
    policy_denials: sum(results.map((r) => r.policy_violations)),
    approval_missing: sum(results.map((r) => r.approval_missing ?? 0)),
    ...repeatMetrics(results, rate),
  };
}

/** A rate with its 95% Wilson interval; value and interval are null when n = 0. */
export function rate(successes: number, n: number): Rate {
  const interval = wilson(successes, n);
  return { value: n === 0 ? null : successes / n, successes, n, low: interval?.[0] ?? null, high: interval?.[1] ?? null };
}

/** Whether the attempt's named check passed; `fallback` when the attempt has no such check. */
function checkPassed(result: CaseFigures, check: CheckName, fallback: boolean): boolean {
  const found = result.checks.find((c) => c.check === check);
  return found === undefined ? fallback : found.pass;
}

function count<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  let n = 0;
  for (const item of items) if (predicate(item)) n++;
  return n;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : sum(values) / values.length;
}
