// A check's reason quotes what the agent sent (here the name of a tool an exec agent says it ran),
// and every report prints it: a result keeps it cut at REASON_CHARS, the trace keeps the call whole.
import { describe, expect, it } from 'vitest';
import type { Suite } from '../../../src/config/schema/index.js';
import { recordedAttempt } from '../../../src/run/execute.js';
import { judgeAttempt } from '../../../src/run/judge-attempt.js';
import { REASON_CHARS } from '../../../src/common/shorten.js';
import { kase } from '../environment/fixtures.js';

describe('judgeAttempt', () => {
  it('cuts a reason that quotes a megabyte tool name, and keeps the name whole in the trace', () => {
    const name = 'z'.repeat(1_000_000);
    const suite = { name: 's', file: 's.suite.yaml', tools: [] } as unknown as Suite;
    const run = recordedAttempt({
      attempt: { suite, kase: kase({ id: 'c' }), attempt: 1 },
      traceId: 't',
      recorded: { case_id: 'c', outcome: 'completed', output: 'done', tool_calls: [{ name, arguments: {}, result: {} }] },
      mode: 'normal',
      timeoutMs: 1000,
      budgets: {},
      pricing: {},
      rules: [],
      redactText: (text) => text,
      onDecision: () => {},
    });
    const { result, trace } = judgeAttempt(run, { budgets: {}, printed: 'redacted' });
    const policy = result.checks.find((check) => check.check === 'policy');
    expect(policy).toMatchObject({ pass: false, reason: expect.stringMatching(/^z+…$/) });
    expect(policy!.reason!.length).toBeLessThanOrEqual(REASON_CHARS);
    expect(trace.tool_calls[0]!.name).toBe(name);
  });
});
