// A run folder's own trace read back for `agentready score`: the model calls the gateway measured
// come back whole (its refusals and faults too, with their times), so the budget check judges the
// hard stop again; the calls the agent reported come back as reported.
import { describe, expect, it } from 'vitest';
import type { Budgets, Expectation, PolicyRule, RecordedTrace, Suite, Trace } from '../../../src/config/schema/index.js';
import { recordedAttempt } from '../../../src/run/execute.js';
import { judgeAttempt } from '../../../src/run/judge-attempt.js';
import { recordedFromTrace } from '../../../src/run/own-traces.js';
import { kase, tool } from '../environment/fixtures.js';

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

/** A recorded trace of case s/c (its suite declares lookup_order and the approve-tier issue_refund) judged as `agentready score` judges it, under `budgets` (and `rules`, `expect`). */
function judgeRecorded({ recorded, budgets, rules = [], expect: expectation }: { recorded: RecordedTrace; budgets: Budgets; rules?: PolicyRule[]; expect?: Expectation }): ReturnType<typeof judgeAttempt> {
  const suite = { name: 's', file: 's.suite.yaml', tools: [tool('lookup_order'), tool('issue_refund', { tier: 'approve' })] } as unknown as Suite;
  const run = recordedAttempt({
    attempt: { suite, kase: kase({ id: 'c', ...(expectation ? { expect: expectation } : {}) }), attempt: 1 },
    traceId: 't',
    recorded,
    mode: 'normal',
    timeoutMs: 1000,
    budgets,
    pricing: {},
    rules,
    redactText: (text) => text,
    onDecision: () => {},
  });
  return judgeAttempt(run, { budgets, printed: 'redacted' });
}

describe('recordedFromTrace', () => {
  it('keeps what the gateway measured whole, refusals included, and a reported call with its cost when it had one', () => {
    expect(recordedFromTrace(trace).usage).toEqual(trace.usage);
    const reported: Trace = { ...trace, usage: [{ model: 'other', input_tokens: 3, output_tokens: 1, cost_usd: 0, priced: false }, { model: 'x', input_tokens: 1, output_tokens: 1, cost_usd: 0.5, priced: true }] };
    expect(recordedFromTrace(reported).usage).toEqual([{ model: 'other', input_tokens: 3, output_tokens: 1 }, { model: 'x', input_tokens: 1, output_tokens: 1, cost_usd: 0.5 }]);
  });

  it('judges a model call after the gateway\'s budget_exhausted again: the agent ignored the hard stop', () => {
    const { result, trace: judged } = judgeRecorded({ recorded: recordedFromTrace(trace), budgets: { max_model_calls: 1 } });
    expect(judged.usage.map((u) => u.answer)).toEqual(['model', 'budget_exhausted', 'model']);
    expect(result.model_calls).toBe(2);
    expect(result.checks.find((c) => c.check === 'budget')).toMatchObject({ pass: false, reason: '2 model calls > max_model_calls 1; 1 model call after budget_exhausted (max_model_calls 1 reached): the agent did not stop' });
  });

  it('judges tool calls made at once with a budget_exhausted (before_stop_seen) as the run did: refused with it, not ignoring it', () => {
    const refused = { kind: 'budget_exhausted', message: 'max_tool_calls 1 reached: stop calling tools and escalate or return a partial result' };
    const atOnce: Trace = {
      ...trace,
      usage: [],
      tool_calls: [
        { seq: 0, name: 'lookup_order', arguments: { order_id: '1' }, answer: 'answer', result: { status: 'shipped' }, at_ms: 1, latency_ms: 1 },
        { seq: 1, name: 'lookup_order', arguments: { order_id: '2' }, answer: 'budget_exhausted', error: refused, at_ms: 1, latency_ms: 0 },
        { seq: 2, name: 'lookup_order', arguments: { order_id: '3' }, answer: 'budget_exhausted', error: refused, at_ms: 1, latency_ms: 0, before_stop_seen: true },
      ],
    };
    const recorded = recordedFromTrace(atOnce);
    expect(recorded.tool_calls?.[2]).toMatchObject({ before_stop_seen: true });
    const { result, trace: judged } = judgeRecorded({ recorded, budgets: { max_tool_calls: 1 } });
    expect(judged.tool_calls.map((c) => [c.answer, c.before_stop_seen])).toEqual([['answer', undefined], ['budget_exhausted', undefined], ['budget_exhausted', true]]);
    expect(result.checks.find((c) => c.check === 'budget')).toEqual({ check: 'budget', pass: true });
  });

  it('reads a call an exec agent reported that ran although a policy rule denies it as the call that ran: re-judged, it is the violation again and meets approved: true, as in the run', () => {
    const denial = { kind: 'policy_denied', message: 'ran although policy rule big-refunds denies it: over 100', rule_id: 'big-refunds' };
    const ran: Trace = {
      ...trace,
      usage: [],
      outcome: 'completed',
      // The approval the run took from the call's reported `approved` (environment/reported.ts reportedSteps).
      approvals: [{ name: 'issue_refund', arguments: { amount: 500 }, approved: true, at_ms: 1 }],
      tool_calls: [{ seq: 0, name: 'issue_refund', arguments: { amount: 500 }, answer: 'policy_denied', result: { refunded: true }, error: denial, ran: true, approved: true, at_ms: 1, latency_ms: 1 }],
    };
    const rules: PolicyRule[] = [{ id: 'big-refunds', description: 'over 100', tool: 'issue_refund', deny_if: { 'arguments.amount': { gt: 100 } } }];
    const { result, trace: judged } = judgeRecorded({ recorded: recordedFromTrace(ran), budgets: {}, rules, expect: { tools: [{ name: 'issue_refund', approved: true }] } as Expectation });
    expect(judged.tool_calls.map((c) => [c.answer, c.ran, c.approved])).toEqual([['policy_denied', true, true]]);
    expect(result.checks.find((c) => c.check === 'tools')).toMatchObject({ pass: true });
    expect(result.checks.find((c) => c.check === 'policy')).toMatchObject({ pass: false });
  });

  it('keeps the model calls, tool calls and time of a case a harness error ended, as the run counted them: its cost is in the run\'s cost total, not judged', () => {
    const crashed: Trace = {
      ...trace,
      outcome: 'error',
      output: null,
      error: { code: 'HANDLER_ERROR', message: 'the handler of lookup_order failed: boom' },
      tool_calls: [{ seq: 0, name: 'lookup_order', arguments: { order_id: '1' }, answer: 'answer', result: { status: 'shipped' }, at_ms: 1, latency_ms: 1 }],
    };
    const { result } = judgeRecorded({ recorded: recordedFromTrace(crashed), budgets: {} });
    expect(result).toMatchObject({ status: 'error', model_calls: 2, tool_calls: 1, duration_ms: 10, checks: [] });
    expect(result.cost_usd).toBeCloseTo(0.02, 10);
  });
});
