/**
 * Run metrics over attempts (SPEC §6, §11 Repeats, Errors vs failures), overall and per
 * slice. Pure; nothing is rounded here (serializeBaseline and reporters round for display).
 */
import type { MetricsBySlice, Rate, RunMetrics } from '../config/schema/baseline.js';
import type { CheckName } from '../config/schema/results.js';
import type { CaseFigures } from '../score/figures.js';
import { wilson } from './intervals.js';
import { percentiles } from './percentile.js';
import { repeatMetrics, type RepeatMetrics } from './repeats.js';

/**
 * Metrics for all results, and for each `suite:<name>`, `tag:<tag>`, `risk:<level>` and `adversarial:<category>` slice.
 * `planned`: the attempts per case the run planned (its header's `selection.repeat`): a case that ran fewer is not judged in pass^k / pass@k.
 */
export function computeMetrics(results: readonly CaseFigures[], planned?: number): MetricsBySlice {
  const overall = computeRunMetrics(results, planned);
  const slices: Record<string, RunMetrics> = {};
  // A slice holding every attempt (the one suite of a run) has the overall metrics: not a second pass.
  for (const [key, members] of groupBySlice(results)) slices[key] = members === results ? overall : computeRunMetrics(members, planned);
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
  const suiteOnly = new Map<string, string[]>();
  results.forEach((result, index) => {
    if (!include(result)) return;
    for (const key of sliceKeysOf(result, suiteOnly)) {
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = { members: undefined, prefix: 0 }));
      if (group.members === undefined && group.prefix === index) group.prefix++;
      else (group.members ??= results.slice(0, group.prefix)).push(result);
    }
  });
  const members = ({ members, prefix }: { members: CaseFigures[] | undefined; prefix: number }) =>
    members ?? (prefix === results.length ? results : results.slice(0, prefix));
  return new Map([...groups].sort(([a], [b]) => compareKeys(a, b)).map(([key, group]) => [key, members(group)]));
}

/**
 * slicesOf(result). An attempt with no tag and no risk is in its suite's slice alone: one list
 * of keys per suite (kept in `suiteOnly`), not one per attempt.
 */
export function sliceKeysOf(result: CaseFigures, suiteOnly: Map<string, string[]>): string[] {
  if (result.tags.length !== 0 || result.risk) return slicesOf(result);
  const suite = result.suite;
  let keys = suiteOnly.get(suite);
  if (keys === undefined) suiteOnly.set(suite, (keys = slicesOf(result)));
  return keys;
}

/** Slice keys in output order. */
export function compareKeys(a: string, b: string): number {
  // Equivalent mutants: every change to the second test, and `a <= b ? -1`: the keys compared are distinct and V8's sort only asks whether a comparison is negative.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The metrics of one set of attempts: one pass over them (a run's end computes this per slice). */
export function computeRunMetrics(results: readonly CaseFigures[], planned?: number): RunMetrics {
  const tally = new MetricsTally(results.length);
  for (const result of results) tally.add(result);
  return tally.metrics(repeatMetrics({ results, planned }, rate));
}

/**
 * computeRunMetrics's pass over the attempts, an attempt at a time: a run folds its attempts in
 * as they end (run-figures.ts), in the order computeRunMetrics takes them, so every sum is the same.
 */
export class MetricsTally {
  private attempts = 0;
  private passed = 0;
  private failed = 0;
  private errors = 0;
  private skipped = 0;
  private escalated = 0;
  private outcomeUnknown = 0;
  private policyOk = 0;
  private budgetOk = 0;
  private costRan = 0;
  private cost = 0;
  private retries = 0;
  private toolErrors = 0;
  private denials = 0;
  private approvalMissing = 0;
  private f1 = 0;
  private precision = 0;
  private recall = 0;
  private scored = 0;
  // A typed array sized once when the count is known: at a run's end a slice of 100,000 attempts
  // grown by push left megabytes of discarded copies in the old generation (arrays that large are allocated there).
  private durations: Float64Array;
  private timed = 0;

  /** `capacity`: how many attempts are expected (more may come). */
  constructor(capacity: number) {
    this.durations = new Float64Array(capacity);
  }

  add(r: CaseFigures): void {
    this.attempts++;
    this.cost += r.cost_usd;
    this.retries += r.retries;
    this.toolErrors += r.tool_errors;
    this.denials += r.policy_violations;
    this.approvalMissing += r.approval_missing ?? 0;
    for (const c of r.checks) {
      if (c.check !== 'tools' || !c.score) continue;
      this.f1 += c.score.f1;
      this.precision += c.score.precision;
      this.recall += c.score.recall;
      this.scored++;
    }
    if (r.status === 'error') this.errors++;
    else if (r.status === 'skipped') this.skipped++;
    else {
      // Ran: passed or failed.
      if (r.status === 'passed') this.passed++;
      else this.failed++;
      if (this.timed === this.durations.length) {
        const grown = new Float64Array(Math.max(16, this.durations.length * 2));
        grown.set(this.durations);
        this.durations = grown;
      }
      this.durations[this.timed++] = r.duration_ms;
      this.costRan += r.cost_usd;
      if (r.outcome === 'escalated') this.escalated++;
      else if (r.outcome === 'unknown') this.outcomeUnknown++;
      if (checkPassed(r, { check: 'policy', otherwise: r.policy_violations === 0 })) this.policyOk++;
      if (checkPassed(r, { check: 'budget', otherwise: true })) this.budgetOk++;
    }
  }

  /** A tally that goes on from this one's figures, apart from it (every count and sum, and the durations). */
  copy(): MetricsTally {
    const copy = Object.assign(Object.create(MetricsTally.prototype) as MetricsTally, this);
    copy.durations = this.durations.slice();
    return copy;
  }

  /** The metrics of the attempts added, with their repeats' figures (repeats.ts). */
  metrics(repeatFigures: RepeatMetrics): RunMetrics {
    const ran = this.passed + this.failed;
    const [p50, p95] = percentiles(this.durations.subarray(0, this.timed), [50, 95]);
    const { cases, ...repeats } = repeatFigures;
    return {
      cases,
      attempts: this.attempts,
      passed: this.passed,
      failed: this.failed,
      errors: this.errors,
      skipped: this.skipped,
      success_rate: rate(this.passed, ran),
      // Over the attempts whose trace says how the run ended: an unknown outcome is no evidence either way.
      escalation_rate: rate(this.escalated, ran - this.outcomeUnknown),
      policy_compliance: rate(this.policyOk, ran),
      budget_compliance: rate(this.budgetOk, ran),
      error_rate: rate(this.errors, this.attempts - this.skipped),
      tool_correctness: this.scored === 0 ? null : this.f1 / this.scored,
      tool_precision: this.scored === 0 ? null : this.precision / this.scored,
      tool_recall: this.scored === 0 ? null : this.recall / this.scored,
      cost_per_task: ran === 0 ? null : this.costRan / ran,
      cost_total: this.cost,
      p50_latency_ms: p50 ?? null,
      p95_latency_ms: p95 ?? null,
      retries: this.retries,
      tool_errors: this.toolErrors,
      policy_denials: this.denials,
      approval_missing: this.approvalMissing,
      ...repeats,
    };
  }
}

/** A rate with its 95% Wilson interval; value and interval are null when n = 0. */
export function rate(successes: number, n: number): Rate {
  const interval = wilson({ successes, n });
  return { value: n === 0 ? null : successes / n, successes, n, low: interval?.[0] ?? null, high: interval?.[1] ?? null };
}

/** Whether the attempt's named check passed; `otherwise` when the attempt has no such check. A loop, no closure: it runs twice per attempt at a run's end. */
function checkPassed(result: CaseFigures, { check, otherwise }: { check: CheckName; otherwise: boolean }): boolean {
  for (const c of result.checks) if (c.check === check) return c.pass;
  return otherwise;
}
