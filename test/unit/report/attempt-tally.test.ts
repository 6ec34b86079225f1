import { describe, expect, it } from 'vitest';
import { attemptTally, repeatedCaseTally } from '../../../src/report/failing-cases.js';
import { failing, result } from '../gate/results-builder.js';

const attempts = (...statuses: ('passed' | 'failed' | 'error' | 'skipped')[]) =>
  statuses.map((status, i) => result({ case_id: 'a', attempt: i + 1, status, ...(status === 'failed' ? { checks: [failing('outcome', 'no')] } : {}) }));

describe('attemptTally', () => {
  it('says how a repeated failing case went: flaky, failed, or harness errors only', () => {
    expect(attemptTally(attempts('passed', 'failed', 'passed'))).toEqual({ kind: 'flaky', text: 'flaky: 2/3 attempts passed' });
    expect(attemptTally(attempts('failed', 'error', 'skipped'))).toEqual({ kind: 'failed', text: 'failed 2/2 attempts' });
    expect(attemptTally(attempts('passed', 'error'))).toEqual({ kind: 'harness_error', text: 'harness error in 1/2 attempts' });
    expect(attemptTally(attempts('failed'))).toBeUndefined();
  });
});

describe('repeatedCaseTally', () => {
  it('counts a case that ran fewer attempts than the run planned (interrupted) and failed none as skipped, as the gate folds it', () => {
    const results = [result({ case_id: 'a' }), result({ case_id: 'b' }), result({ case_id: 'b', attempt: 2 }), result({ case_id: 'c', status: 'failed' })];
    const metrics = { overall: { cases: 3, attempts: 4 }, slices: {} } as never;
    expect(repeatedCaseTally({ results, metrics, repeat: 2 })).toEqual({ passed: 1, failed: 1, errors: 0, skipped: 1 });
    expect(repeatedCaseTally({ results, metrics })).toEqual({ passed: 2, failed: 1, errors: 0, skipped: 0 });
  });
});
