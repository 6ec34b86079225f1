import { describe, expect, it } from 'vitest';
import { attemptTally } from '../../../src/report/failing-cases.js';
import { failing, result } from '../gate/results-builder.js';

const attempts = (...statuses: ('passed' | 'failed' | 'error' | 'skipped')[]) =>
  statuses.map((status, i) => result({ case_id: 'a', attempt: i + 1, status, ...(status === 'failed' ? { checks: [failing('outcome', 'no')] } : {}) }));

describe('attemptTally', () => {
  it('says how a repeated failing case went: flaky, failed, or harness errors only', () => {
    expect(attemptTally(attempts('passed', 'failed', 'passed'))).toEqual({ text: 'flaky: 2/3 attempts passed', flaky: true });
    expect(attemptTally(attempts('failed', 'error', 'skipped'))).toEqual({ text: 'failed 2/2 attempts', flaky: false });
    expect(attemptTally(attempts('passed', 'error'))).toEqual({ text: 'harness error in 1/2 attempts', flaky: false });
    expect(attemptTally(attempts('failed'))).toBeUndefined();
  });
});
