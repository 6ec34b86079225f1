/**
 * A baseline narrowed to the cases a filtered run (--grep, --tag, --suite) selected: its case
 * records limited to those keys and its metrics recomputed from them, so a run of three cases
 * is compared with the baseline's record of the same three cases, not with the whole suite.
 */
import type { Baseline, BaselineCase } from '../config/schema/baseline.js';
import type { CaseResult, CheckResult } from '../config/schema/results.js';
import { computeMetrics } from './metrics.js';

export function narrowBaseline(baseline: Baseline, keys: ReadonlySet<string>): Baseline {
  const cases = Object.fromEntries(Object.entries(baseline.cases).filter(([key]) => keys.has(key)));
  return { ...baseline, cases, metrics: computeMetrics(Object.entries(cases).map(([key, record]) => asResult(key, record))) };
}

/**
 * A baseline case record as one judged attempt. What the record keeps (status, outcome, cost,
 * duration, failed checks) is what the recomputed metrics can use; tags, risk and tool scores
 * are not recorded, so only `suite:` slices exist and tool correctness has no baseline value.
 */
function asResult(key: string, record: BaselineCase): CaseResult {
  const slash = key.indexOf('/');
  // Stryker disable next-line ArrayDeclaration: ["Stryker was here"] holds neither 'policy' nor 'budget'
  const failed = new Set(record.failed_checks ?? []);
  // Equivalent mutants on the next line: the reason's text, and a passing check as `{}` (computeMetrics
  // then falls back to the same answer: no policy violation, budget complied).
  const checks: CheckResult[] = (['policy', 'budget'] as const).map((check) =>
    failed.has(check) ? { check, pass: false, reason: 'failed in the baseline', expected: null, found: null } : { check, pass: true },
  );
  return {
    suite: key.slice(0, slash),
    // Equivalent mutants: any case id that keeps keys distinct (only counts are recomputed from it).
    case_id: key.slice(slash + 1),
    attempt: 1,
    // Stryker disable next-line StringLiteral: computeMetrics never reads a trace id
    trace_id: '',
    fingerprint: record.fingerprint,
    tags: [],
    status: record.status,
    ...(record.outcome ? { outcome: record.outcome as CaseResult['outcome'] } : {}),
    duration_ms: record.duration_ms,
    cost_usd: record.cost_usd,
    model_calls: 0,
    tool_calls: 0,
    tool_errors: 0,
    retries: 0,
    policy_violations: failed.has('policy') ? 1 : 0,
    checks,
  };
}
