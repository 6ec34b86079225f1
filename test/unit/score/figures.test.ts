import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/index.js';
import { caseFigures } from '../../../src/score/index.js';

function result(checks: CaseResult['checks'], caseId = 'c1'): CaseResult {
  return {
    suite: 's',
    case_id: caseId,
    attempt: 1,
    trace_id: `t-${caseId}`,
    fingerprint: 'f',
    tags: [],
    status: 'passed',
    outcome: 'completed',
    duration_ms: 1,
    cost_usd: 0,
    model_calls: 0,
    tool_calls: 0,
    tool_errors: 0,
    retries: 0,
    policy_violations: 0,
    checks,
  };
}

describe('caseFigures', () => {
  it('keeps only the tools, policy and budget checks, with their score when they have one', () => {
    const figures = caseFigures(
      result([
        { check: 'outcome', pass: true },
        { check: 'tools', pass: false, reason: 'missing lookup', expected: ['lookup'], score: { precision: 1, recall: 0.5, f1: 0.67 } },
        { check: 'policy', pass: true },
        { check: 'budget', pass: false, reason: 'over', expected: 1 },
      ]),
    );
    expect(figures.checks).toEqual([
      { check: 'tools', pass: false, score: { precision: 1, recall: 0.5, f1: 0.67 } },
      { check: 'policy', pass: true },
      { check: 'budget', pass: false },
    ]);
  });

  it('shares one list between attempts whose checks read the same, none of them scored', () => {
    const passed = [
      { check: 'outcome', pass: true },
      { check: 'policy', pass: true },
      { check: 'budget', pass: true },
    ] as const;
    const a = caseFigures(result([...passed], 'a'));
    const b = caseFigures(result([...passed], 'b'));
    const failedBudget = caseFigures(result([{ check: 'policy', pass: true }, { check: 'budget', pass: false, reason: 'over', expected: 1 }], 'c'));
    expect(a.checks).toBe(b.checks);
    expect(a.checks).toEqual([
      { check: 'policy', pass: true },
      { check: 'budget', pass: true },
    ]);
    expect(failedBudget.checks).not.toBe(a.checks);
    expect(failedBudget.checks).toEqual([
      { check: 'policy', pass: true },
      { check: 'budget', pass: false },
    ]);
  });
});
