/** CaseResult fixtures for gate tests. */
import type { CaseResult, CheckResult } from '../../../src/config/schema/results.js';

export function result(overrides: Partial<CaseResult> & { case_id: string }): CaseResult {
  const status = overrides.status ?? 'passed';
  return {
    suite: 'support',
    attempt: 1,
    trace_id: `tr-${overrides.case_id}-${overrides.attempt ?? 1}`,
    fingerprint: `fp-${overrides.case_id}`,
    tags: [],
    status,
    outcome: status === 'error' ? 'error' : 'completed',
    duration_ms: 1000,
    cost_usd: 0.01,
    model_calls: 1,
    tool_calls: 1,
    tool_errors: 0,
    retries: 0,
    policy_violations: 0,
    checks: status === 'failed' ? [failing('outcome', 'expected outcome completed, got partial')] : [],
    ...overrides,
  };
}

export function failing(check: CheckResult['check'], reason: string): CheckResult {
  return { check, pass: false, reason, expected: null, found: null };
}

/** n results with ids c1..cn; the first `failed` of them failed. */
export function many(n: number, failed = 0, overrides: Partial<CaseResult> = {}): CaseResult[] {
  return Array.from({ length: n }, (_, i) => result({ case_id: `c${i + 1}`, status: i < failed ? 'failed' : 'passed', ...overrides }));
}
