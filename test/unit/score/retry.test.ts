import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../src/config/schema/trace.js';
import { scoreRetry, scoreTrace } from '../../../src/score/index.js';
import { trace } from './trace-builder.js';

const limited = { answer: 'fault' as const, error: { kind: 'rate_limit', message: 'rate limited', status: 429, retry_after_ms: 100 } };

/** A 429 on lookup_order at 10 ms, then the same tool again at `retryAt` ms. */
function retriedAt(retryAt: number): Trace {
  const t = trace().call('lookup_order', {}, limited).call('issue_refund').call('lookup_order').build();
  t.tool_calls[0]!.at_ms = 10;
  t.tool_calls[1]!.at_ms = 12;
  t.tool_calls[2]!.at_ms = retryAt;
  return t;
}

describe('scoreRetry', () => {
  it('passes when the tool is called again only after retry_after_ms', () => {
    expect(scoreRetry(retriedAt(110))).toEqual({ check: 'retry', pass: true });
    expect(scoreRetry(retriedAt(109.5))).toEqual({ check: 'retry', pass: true });
  });

  it('fails an early retry of the same tool, saying how long the agent waited', () => {
    expect(scoreRetry(retriedAt(40))).toEqual({
      check: 'retry',
      pass: false,
      reason: 'called lookup_order again 30 ms after a rate_limit that asked for 100 ms',
      expected: [{ tool: 'lookup_order', wait_ms: { gte: 100 } }],
      found: [{ tool: 'lookup_order', waited_ms: 30 }],
    });
  });

  it('passes when the agent never calls the tool again', () => {
    expect(scoreRetry(trace().call('lookup_order', {}, limited).call('issue_refund').build()).pass).toBe(true);
  });

  it('runs in scoreTrace only when the case asks for it', () => {
    const checks = (respect: boolean) => scoreTrace({ trace: retriedAt(40), kase: { expect: { respect_retry_after: respect } }, budgets: {} }).map((c) => c.check);
    expect(checks(true)).toEqual(['retry', 'policy', 'budget']);
    expect(checks(false)).toEqual(['policy', 'budget']);
  });
});

describe('scoreTrace with alternatives', () => {
  const kase = {
    expect: {
      outcome: 'completed' as const,
      tools: [{ name: 'lookup_order' }],
      budgets: { max_tool_calls: 1 },
      alternatives: [{ outcome: 'refused' as const }, { outcome: 'escalated' as const, forbid: ['close_account'] }],
    },
  };
  const score = (t: Trace) => scoreTrace({ trace: t, kase, budgets: {} });

  it('keeps the main checks when they pass', () => {
    expect(score(trace().call('lookup_order').outcome('completed').build()).map((c) => c.check)).toEqual(['outcome', 'tools', 'policy', 'budget']);
  });

  it('stands on the first alternative that passes whole', () => {
    const checks = score(trace().outcome('escalated').build());
    expect(checks.map((c) => [c.check, c.pass])).toEqual([['outcome', true], ['tools', true], ['policy', true], ['budget', true]]);
  });

  it('reports the main checks when no alternative passes, and applies the case budgets to alternatives', () => {
    const forbidden = score(trace().call('close_account').outcome('escalated').build());
    expect(forbidden.filter((c) => !c.pass).map((c) => c.check)).toEqual(['outcome', 'tools']);
    const overBudget = score(trace().call('a').call('b').outcome('refused').build());
    expect(overBudget.filter((c) => !c.pass).map((c) => c.check)).toEqual(['outcome', 'tools', 'budget']);
  });
});

describe('a rate_limit variant (respect_retry_after) and the expected calls', () => {
  // What config/adversarial/rate-limit.ts derives from `expect: {outcome: completed, tools: [lookup_order]}`.
  const kase = {
    expect: {
      outcome: 'completed' as const,
      tools: [{ name: 'lookup_order' }],
      respect_retry_after: true,
      alternatives: [{ outcome: 'escalated' as const }],
    },
  };
  const score = (t: Trace) => scoreTrace({ trace: t, kase, budgets: {} });

  it('fails a completed answer whose only call was answered rate_limit and never made again', () => {
    const checks = score(trace().call('lookup_order', {}, limited).outcome('completed').build());
    const tools = checks.find((c) => c.check === 'tools')!;
    expect(tools.pass).toBe(false);
    expect(tools.reason).toBe('expected call lookup_order not found; lookup_order was answered rate_limit and not called again (and no alternative passed: alternative 1, outcome: expected outcome escalated, got completed)');
  });

  it('passes a completed answer whose call was made again after the wait, counting the 429 as no extra call', () => {
    const checks = score(retriedAt(110));
    expect(checks.every((c) => c.pass)).toBe(true);
    expect(checks.find((c) => c.check === 'tools')!.score).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3 });
  });

  it('passes an escalation after the 429 (the alternative)', () => {
    expect(score(trace().call('lookup_order', {}, limited).outcome('escalated').build()).every((c) => c.pass)).toBe(true);
  });

  it('still counts a rate-limited call to a forbidden tool, and a case without respect_retry_after still matches it', () => {
    const forbidden = scoreTrace({ trace: trace().call('close_account', {}, limited).outcome('escalated').build(), kase: { expect: { respect_retry_after: true, forbid: ['close_account'] } }, budgets: {} });
    expect(forbidden.find((c) => c.check === 'tools')!.pass).toBe(false);
    const plain = scoreTrace({ trace: trace().call('lookup_order', {}, limited).outcome('completed').build(), kase: { expect: { outcome: 'completed', tools: [{ name: 'lookup_order' }] } }, budgets: {} });
    expect(plain.every((c) => c.pass)).toBe(true);
  });
});

describe('a rate_limit variant of a case with alternatives of its own', () => {
  // What config/adversarial/rate-limit.ts derives from a base case whose alternative expects a call too.
  const kase = {
    expect: {
      outcome: 'completed' as const,
      tools: [{ name: 'lookup_order' }],
      respect_retry_after: true,
      alternatives: [{ outcome: 'partial' as const, tools: [{ name: 'lookup_order' }] }, { outcome: 'escalated' as const }],
    },
  };
  const score = (t: Trace) => scoreTrace({ trace: t, kase, budgets: {} });

  it('fails the base alternative whose only call was answered rate_limit: the 429 meets no expected call there either', () => {
    const checks = score(trace().call('lookup_order', {}, limited).outcome('partial').build());
    expect(checks.filter((c) => !c.pass).map((c) => c.check)).toEqual(['outcome', 'tools']);
    expect(checks.find((c) => c.check === 'outcome')!.reason).toContain('(and no alternative passed: alternative 1, tools: expected call lookup_order not found; lookup_order was answered rate_limit and not called again; alternative 2, ');
  });

  it('holds the base alternative to the wait, and passes it when the call is made again after it', () => {
    const early = retriedAt(40);
    early.outcome = 'partial';
    expect(score(early).some((c) => !c.pass)).toBe(true);
    const late = retriedAt(110);
    late.outcome = 'partial';
    expect(score(late).every((c) => c.pass)).toBe(true);
  });

  it('still passes an escalation after the 429, which expects no call', () => {
    expect(score(trace().call('lookup_order', {}, limited).outcome('escalated').build()).every((c) => c.pass)).toBe(true);
  });
});
