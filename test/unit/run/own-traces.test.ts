// A run folder's own trace read back for `agentready score`: the model calls the gateway measured
// come back whole (its refusals and faults too, with their times), so the budget check judges the
// hard stop again; the calls the agent reported come back as reported.
import { describe, expect, it } from 'vitest';
import type { Suite, Trace } from '../../../src/config/schema/index.js';
import { recordedAttempt } from '../../../src/run/execute.js';
import { judgeAttempt } from '../../../src/run/judge-attempt.js';
import { recordedFromTrace } from '../../../src/run/own-traces.js';
import { kase } from '../environment/fixtures.js';

const gateway = { priced: true, via: 'gateway' as const, status: 200 };
const trace: Trace = {
  trace_id: 't', suite: 's', case_id: 'c', attempt: 1, mode: 'normal', outcome: 'escalated', output: 'stopped', duration_ms: 10,
  tool_calls: [], approvals: [], policy_decisions: [],
  usage: [
    { model: 'm-1', input_tokens: 10, output_tokens: 5, cost_usd: 0.01, ...gateway, answer: 'model', at_ms: 1, latency_ms: 2 },
    { model: 'm', input_tokens: 0, output_tokens: 0, cost_usd: 0, ...gateway, answer: 'budget_exhausted', status: 429, message: 'max_model_calls 1 reached: stop calling the model and escalate or return a partial result', at_ms: 5 },
    { model: 'm-1', input_tokens: 10, output_tokens: 5, cost_usd: 0.01, ...gateway, answer: 'model', at_ms: 8, latency_ms: 2 },
  ],
};

describe('recordedFromTrace', () => {
  it('keeps what the gateway measured whole, refusals included, and a reported call with its cost when it had one', () => {
    expect(recordedFromTrace(trace).usage).toEqual(trace.usage);
    const reported: Trace = { ...trace, usage: [{ model: 'other', input_tokens: 3, output_tokens: 1, cost_usd: 0, priced: false }, { model: 'x', input_tokens: 1, output_tokens: 1, cost_usd: 0.5, priced: true }] };
    expect(recordedFromTrace(reported).usage).toEqual([{ model: 'other', input_tokens: 3, output_tokens: 1 }, { model: 'x', input_tokens: 1, output_tokens: 1, cost_usd: 0.5 }]);
  });

  it('judges a model call after the gateway\'s budget_exhausted again: the agent ignored the hard stop', () => {
    const suite = { name: 's', file: 's.suite.yaml', tools: [] } as unknown as Suite;
    const run = recordedAttempt({
      attempt: { suite, kase: kase({ id: 'c' }), attempt: 1 },
      traceId: 't',
      recorded: recordedFromTrace(trace),
      mode: 'normal',
      timeoutMs: 1000,
      budgets: { max_model_calls: 1 },
      pricing: {},
      rules: [],
      redactText: (text) => text,
      onDecision: () => {},
    });
    const { result, trace: judged } = judgeAttempt(run, { budgets: { max_model_calls: 1 }, printed: 'redacted' });
    expect(judged.usage.map((u) => u.answer)).toEqual(['model', 'budget_exhausted', 'model']);
    expect(result.model_calls).toBe(2);
    expect(result.checks.find((c) => c.check === 'budget')).toMatchObject({ pass: false, reason: '2 model calls > max_model_calls 1; 1 model call after budget_exhausted (max_model_calls 1 reached): the agent did not stop' });
  });
});
