import { describe, expect, it } from 'vitest';
import { caseStatus, scoreTrace, scoreTraceWithCustom } from '../../../src/score/index.js';
import { trace } from './trace-builder.js';

describe('scoreTrace', () => {
  it('runs only the checks the case asks for, plus policy and budget', () => {
    const checks = scoreTrace({ trace: trace().build(), kase: { expect: {} }, budgets: {} });
    expect(checks.map((c) => c.check)).toEqual(['policy', 'budget']);
  });

  it('runs outcome, tools (for tools or forbid) and output when expected', () => {
    const t = trace().call('lookup_order', { order_id: '1234' }).outcome('completed').output('refund issued').usage(0.01).build();
    const checks = scoreTrace({
      trace: t,
      kase: { expect: { outcome: 'completed', forbid: ['close_account'], output: { contains: 'refund' }, budgets: { max_tool_calls: 4 } } },
      budgets: { max_tool_calls: 12 },
    });
    expect(checks.map((c) => [c.check, c.pass])).toEqual([
      ['outcome', true],
      ['tools', true],
      ['output', true],
      ['policy', true],
      ['budget', true],
    ]);
    expect(caseStatus(t, checks)).toBe('passed');
  });

  it('fails outcome on a timeout even when no outcome is expected', () => {
    const t = trace().outcome('timeout').build();
    const checks = scoreTrace({ trace: t, kase: { expect: {} }, budgets: {} });
    expect(checks[0]).toMatchObject({ check: 'outcome', pass: false, found: 'timeout', reason: 'the agent ended with timeout after 100 ms' });
    expect(caseStatus(t, checks)).toBe('failed');
  });

  it('is an error, not a failure, when the harness could not run the case', () => {
    const t = trace().error('agent process exited unexpectedly (code=1, signal=null)').build();
    expect(caseStatus(t, [{ check: 'policy', pass: true }])).toBe('error');
  });

  it('appends custom checks in order', async () => {
    const checks = await scoreTraceWithCustom({
      trace: trace().build(),
      kase: { expect: {} },
      budgets: {},
      custom: [
        { name: 'a', fn: () => ({ pass: true }) },
        { name: 'b', fn: async () => ({ pass: false, reason: 'no' }) },
      ],
    });
    expect(checks.map((c) => `${c.check}:${c.name ?? ''}:${c.pass}`)).toEqual(['policy::true', 'budget::true', 'custom:a:true', 'custom:b:false']);
    expect(caseStatus(trace().build(), checks)).toBe('failed');
  });
});
