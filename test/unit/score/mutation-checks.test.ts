/**
 * The scorers' edges that mutation testing found unpinned: measures, outcome reasons, budget
 * slack and wording, equals on JSON text, regex flags, retry timing, policy wording, alternatives.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/config/schema/results.js';
import { scoreBudget, stricterCaps } from '../../../src/score/budget.js';
import { caseStatus, scoreTrace, scoreTraceWithCustom } from '../../../src/score/index.js';
import { measureTrace } from '../../../src/score/measures.js';
import { scoreOutcome } from '../../../src/score/outcome.js';
import { outputText, scoreOutput } from '../../../src/score/output.js';
import { scorePolicy } from '../../../src/score/policy.js';
import { scoreRetry } from '../../../src/score/retry.js';
import { OUTCOMES } from '../../../src/config/schema/trace.js';
import { trace } from './trace-builder.js';

/** A check's failing reason, or 'passed'. */
function reasonOf(result: CheckResult): string {
  return result.pass ? 'passed' : result.reason;
}

const fault = { answer: 'fault' as const, error: { kind: 'error', message: 'tool failed', status: 500 } };

describe('measureTrace', () => {
  it('counts a retry only for a call to the same tool right after that tool answered a fault', () => {
    const t = trace()
      .call('lookup', {}, fault) // 0
      .call('lookup', {}, fault) // 1: a retry of 0
      .call('lookup') // 2: a retry of 1
      .call('lookup') // 3: after a healthy answer, no retry
      .call('refund', {}, fault) // 4
      .call('lookup') // 5: another tool failed before it, no retry
      .build();
    expect(measureTrace(t).retries).toBe(2);
  });

  it('sums cost and counts calls, errors, violations and missing approvals by answer', () => {
    const t = trace()
      .usage(0.01)
      .usage(0.02)
      .call('a')
      .call('b', {}, fault)
      .call('c', {}, { answer: 'policy_denied' })
      .call('d', {}, { answer: 'approval_missing' })
      .call('e', {}, { answer: 'approval_denied', approved: false })
      .build();
    const measures = measureTrace(t);
    expect(measures).toEqual({
      cost_usd: expect.closeTo(0.03, 12) as number,
      model_calls: 2,
      tool_calls: 5,
      tool_errors: 4,
      retries: 0,
      policy_violations: 2,
      approval_missing: 1,
      models: { 'small-model': { calls: 2, input_tokens: 200, output_tokens: 40, cost_usd: expect.closeTo(0.03, 12) as number } },
    });
  });

  it('measures an empty trace as all zeros', () => {
    expect(measureTrace(trace().build())).toEqual({
      cost_usd: 0,
      model_calls: 0,
      tool_calls: 0,
      tool_errors: 0,
      retries: 0,
      policy_violations: 0,
      approval_missing: 0,
    });
  });
});

describe('scoreOutcome reasons', () => {
  it('names every allowed outcome and says nothing more for an ordinary end', () => {
    expect(scoreOutcome(trace().outcome('completed').build(), ['refused', 'escalated'])).toEqual({
      check: 'outcome',
      pass: false,
      reason: 'expected outcome refused or escalated, got completed',
      expected: ['refused', 'escalated'],
      found: 'completed',
    });
  });

  it('adds the error message for an error or an agent_error, and nothing for other outcomes carrying one', () => {
    const errored = trace().error('agent exited (code 1)').build();
    expect(reasonOf(scoreOutcome(errored, 'completed'))).toBe('expected outcome completed, got error (agent exited (code 1))');
    const agentError = trace().error('bad JSON from the agent').outcome('agent_error').build();
    expect(reasonOf(scoreOutcome(agentError, 'completed'))).toBe('expected outcome completed, got agent_error (bad JSON from the agent)');
    const refusedWithError = trace().error('stale').outcome('refused').build();
    expect(reasonOf(scoreOutcome(refusedWithError, 'completed'))).toBe('expected outcome completed, got refused');
    const errorWithoutMessage = trace().outcome('agent_error').build();
    expect(reasonOf(scoreOutcome(errorWithoutMessage, 'completed'))).toBe('expected outcome completed, got agent_error');
  });

  it('rounds a timeout\'s duration', () => {
    expect(reasonOf(scoreOutcome(trace().outcome('timeout').duration(1234.6).build(), 'completed'))).toBe(
      'expected outcome completed, got timeout after 1235 ms',
    );
  });

  it('names the time limit of a run that timed out, not its measured duration (which may fall short of the limit)', () => {
    const timedOut = trace().error('the agent did not answer within timeout_ms 2000').outcome('timeout').duration(1999.4).build();
    expect(reasonOf(scoreOutcome(timedOut, 'completed'))).toBe('expected outcome completed, got timeout (the agent did not answer within timeout_ms 2000)');
  });
});

describe('scoreTrace: alternatives and abnormal ends', () => {
  it('keeps the main checks when they pass, though an alternative passes too', () => {
    const t = trace().outcome('completed').output('done').build();
    const checks = scoreTrace({ trace: t, kase: { expect: { outcome: 'completed', alternatives: [{ output: { contains: 'done' } }] } }, budgets: {} });
    expect(checks.map((c) => c.check)).toEqual(['outcome', 'policy', 'budget']);
  });

  it('takes the first alternative that passes whole when the main checks fail', () => {
    const t = trace().outcome('escalated').output('handed over').build();
    const kase = {
      expect: {
        outcome: 'completed' as const,
        alternatives: [{ outcome: 'refused' as const }, { outcome: 'escalated' as const, output: { contains: 'handed' } }],
      },
    };
    const checks = scoreTrace({ trace: t, kase, budgets: {} });
    expect(checks.map((c) => [c.check, c.pass])).toEqual([['outcome', true], ['output', true], ['policy', true], ['budget', true]]);
  });

  it('when no alternative passes either, keeps the main checks and says on the first failing one why each alternative failed', () => {
    const t = trace().outcome('completed').output('all done').build();
    const kase = {
      expect: {
        outcome: 'refused' as const,
        output: { contains: 'sorry' },
        alternatives: [{ outcome: 'escalated' as const }, { outcome: 'completed' as const, output: { contains: 'handed' } }],
      },
    };
    const checks = scoreTrace({ trace: t, kase, budgets: {} });
    expect(checks.map((c) => [c.check, c.pass])).toEqual([['outcome', false], ['output', false], ['policy', true], ['budget', true]]);
    const [outcome, output] = checks;
    expect(outcome!.reason).toMatch(/ \(and no alternative passed: alternative 1, outcome: .+; alternative 2, output: .+handed.+\)$/);
    expect(output!.reason).not.toContain('alternative');
  });

  it('says an alternative failed the same way rather than quoting the same reason twice (a rate_limit variant of a case that expects escalated)', () => {
    const t = trace().outcome('completed').output('done').build();
    const kase = { expect: { outcome: 'escalated' as const, alternatives: [{ outcome: 'escalated' as const }, { outcome: 'refused' as const }] } };
    const [outcome] = scoreTrace({ trace: t, kase, budgets: {} });
    expect(outcome!.reason).toBe('expected outcome escalated, got completed (and no alternative passed: alternative 1 failed the same way; alternative 2, outcome: expected outcome refused, got completed)');
  });

  it('fails an agent_error even when no outcome is expected', () => {
    const t = trace().outcome('agent_error').build();
    const checks = scoreTrace({ trace: t, kase: { expect: {} }, budgets: {} });
    expect(checks[0]).toEqual({
      check: 'outcome',
      pass: false,
      reason: 'the agent ended with agent_error',
      expected: [...OUTCOMES],
      found: 'agent_error',
    });
    expect(caseStatus(t, checks)).toBe('failed');
  });

  it('adds no custom check when no scorer is given', async () => {
    const checks = await scoreTraceWithCustom({ trace: trace().build(), kase: { expect: {} }, budgets: {} });
    expect(checks.map((c) => c.check)).toEqual(['policy', 'budget']);
  });
});

describe('scoreBudget edges', () => {
  it('allows summation error on cost but not one more call on a count', () => {
    const t = trace().usage(0.1).usage(0.2).build(); // 0.30000000000000004
    expect(scoreBudget(t, { run: { max_cost_usd: 0.3 } })).toEqual({ check: 'budget', pass: true });
    const over = scoreBudget(trace().usage(0.1).usage(0.2).usage(0.000001).build(), { run: { max_cost_usd: 0.3 } });
    expect(over.pass || over.reason).toBe('$0.300001 > max_cost_usd 0.3');
    expect(scoreBudget(trace().usage().usage().build(), { run: { max_model_calls: 2 } }).pass).toBe(true);
    expect(scoreBudget(trace().usage().usage().usage().build(), { run: { max_model_calls: 2 } }).pass).toBe(false);
  });

  it('says "call" for one and "calls" for several', () => {
    const one = scoreBudget(trace().call('a').usage().build(), { run: { max_tool_calls: 0, max_model_calls: 0 } });
    expect(one.pass || one.reason).toBe('1 tool call > max_tool_calls 0; 1 model call > max_model_calls 0');
    const exhausted = { answer: 'budget_exhausted' as const };
    const ignoredOnce = scoreBudget(trace().call('a', {}, exhausted).call('a', {}, exhausted).build(), { run: {} });
    expect(ignoredOnce.pass || ignoredOnce.reason).toBe('1 tool call after budget_exhausted: the agent did not stop');
  });

  it('applies the case\'s cap when the config sets none, and the config\'s when the case sets none', () => {
    const t = trace().call('a').call('a').build();
    expect(scoreBudget(t, { run: {}, kase: { max_tool_calls: 1 } }).pass).toBe(false);
    expect(scoreBudget(t, { run: { max_tool_calls: 1 }, kase: {} }).pass).toBe(false);
    expect(scoreBudget(t, { run: { max_tool_calls: 5 }, kase: { max_tool_calls: 1 } }).pass).toBe(false);
    expect(scoreBudget(t, { run: { max_tool_calls: 1 }, kase: { max_tool_calls: 5 } }).pass).toBe(false);
  });

  it('stricterCaps keeps the lower cap per key, a zero cap included, and no key neither sets', () => {
    expect(stricterCaps({ max_tool_calls: 3, max_cost_usd: 0 }, { max_tool_calls: 0, max_model_calls: 2, max_cost_usd: 1 })).toEqual({
      max_tool_calls: 0,
      max_model_calls: 2,
      max_cost_usd: 0,
    });
    expect(stricterCaps({}, {})).toEqual({});
    expect(stricterCaps({ max_model_calls: 4 }, {})).toEqual({ max_model_calls: 4 });
  });
});

describe('scoreOutput: equals', () => {
  const out = (output: unknown) => trace().output(output).build();

  it('fails a JSON string output whose value differs from the expected value', () => {
    expect(scoreOutput({ trace: out('{"a":2}'), expect: { equals: { a: 1 } } })).toEqual({
      check: 'output',
      pass: false,
      reason: 'is not equal to {"a":1}',
      expected: { equals: { a: 1 } },
      found: '{"a":2}',
    });
    expect(scoreOutput({ trace: out('[1,2]'), expect: { equals: [1, 2, 3] } }).pass).toBe(false);
    // A long value is cut as a text is, its JSON unquoted.
    const long = { note: 'x'.repeat(100) };
    expect(scoreOutput({ trace: out('{}'), expect: { equals: long } }).reason).toBe(`is not equal to ${JSON.stringify(long).slice(0, 79)}…`);
    expect(scoreOutput({ trace: out('not json'), expect: { equals: { a: 1 } } }).pass).toBe(false);
    expect(scoreOutput({ trace: out('42'), expect: { equals: 42 } }).pass).toBe(true);
  });

  it('compares a string expectation with the text itself, never with the text parsed as JSON', () => {
    const result = scoreOutput({ trace: out('"done"'), expect: { equals: 'done' } });
    expect(result.pass || result.reason).toBe('is not equal to "done"');
  });

  it('names where two long texts differ and quotes both from there, which the reason\'s quote of their starts hid', () => {
    const head = '4321 shipped for the customer, and this is a long tail of text that goes on past eighty characters ';
    const result = scoreOutput({ trace: out(`${head}Y`), expect: { equals: `${head}X` } });
    expect(result.reason).toBe(`is not equal to "${head.slice(0, 77)}…" (they differ from character ${head.length + 1}: expected "…t eighty characters X", found "…t eighty characters Y")`);
    // Short texts: the quote shows the difference, nothing is added.
    expect(scoreOutput({ trace: out('shipped'), expect: { equals: 'shipping' } }).reason).toBe('is not equal to "shipping"');
  });

  it('starts the quote of a far difference at an address it would cut, so redaction still sees it whole', () => {
    const head = `${'Your order has shipped and is on its way. '.repeat(2)}We wrote to jane.doe@example.com`;
    const result = scoreOutput({ trace: out(`${head} today`), expect: { equals: `${head} yesterday` } });
    expect(result.reason).toContain('expected "…jane.doe@example.com yesterday", found "…jane.doe@example.com today"');
  });

  it('never parses a non-string output (an array is not its JSON text)', () => {
    expect(scoreOutput({ trace: out([5]), expect: { equals: 5 } }).pass).toBe(false);
    expect(scoreOutput({ trace: out([5]), expect: { equals: [5] } }).pass).toBe(true);
  });

  it('asserts nothing when equals is given as undefined', () => {
    expect(scoreOutput({ trace: out('anything'), expect: { equals: undefined } })).toEqual({ check: 'output', pass: true });
  });
});

describe('scoreOutput: text, regex and json_schema', () => {
  const out = (output: unknown) => trace().output(output).build();

  it('reads a string output as is, quotes included', () => {
    expect(scoreOutput({ trace: out('say "hi"'), expect: { contains: 'say "hi"', regex: '^say "hi"$' } }).pass).toBe(true);
    expect(outputText('say "hi"')).toBe('say "hi"');
  });

  it('reads no output, or a value JSON cannot write, as empty text', () => {
    expect(outputText(undefined)).toBe('');
    expect(outputText(() => 1)).toBe('');
    expect(scoreOutput({ trace: out(undefined), expect: { regex: '^$' } }).pass).toBe(true);
  });

  it('matches regex with Unicode semantics and fails an invalid pattern instead of throwing', () => {
    expect(scoreOutput({ trace: out('Émile wrote'), expect: { regex: '^\\p{Lu}' } }).pass).toBe(true);
    expect(scoreOutput({ trace: out('pemile'), expect: { regex: '^\\p' } }).pass).toBe(false);
    const invalid = scoreOutput({ trace: out('anything'), expect: { regex: '(' } });
    expect(invalid.pass || invalid.reason).toBe('does not match /(/');
  });

  it('quotes a long value cut to 80 characters, and one of exactly 80 whole', () => {
    const long = 'x'.repeat(100);
    const cut = scoreOutput({ trace: out(''), expect: { contains: long } });
    expect(cut.pass || cut.reason).toBe(`does not contain "${'x'.repeat(77)}…"`);
    const exact = 'y'.repeat(78); // 80 characters once quoted
    const whole = scoreOutput({ trace: out(''), expect: { contains: exact } });
    expect(whole.pass || whole.reason).toBe(`does not contain "${exact}"`);
  });

  it('says why a string output is not JSON for a schema', () => {
    const result = scoreOutput({ trace: out('amount: 20'), expect: { json_schema: { type: 'object' } } });
    expect(result.pass || result.reason).toMatch(/^is not JSON \(Unexpected token .*is not valid JSON\)$/);
  });

  it('lists every schema error and accepts keywords it does not know', () => {
    const schema = { type: 'object', owner: 'support', required: ['amount', 'currency'] };
    const result = scoreOutput({ trace: out({}), expect: { json_schema: schema } });
    expect(result.pass || result.reason).toBe(
      "does not match json_schema: output must have required property 'amount', output must have required property 'currency'",
    );
    expect(scoreOutput({ trace: out({ amount: 1, currency: 'EUR' }), expect: { json_schema: schema } }).pass).toBe(true);
  });

  it('reports an invalid schema the same way each time it is used', () => {
    const schema = { type: 'no-such-type' };
    const first = scoreOutput({ trace: out('1'), expect: { json_schema: schema } });
    const second = scoreOutput({ trace: out('1'), expect: { json_schema: schema } });
    expect(first.pass || first.reason).toMatch(/^json_schema is invalid: /);
    expect(second).toEqual(first);
  });
});

describe('scoreRetry timing', () => {
  const limited = { answer: 'fault' as const, error: { kind: 'rate_limit', message: 'rate limited', status: 429, retry_after_ms: 100 } };
  /** A 429 on lookup at `at` ms, then lookup again at `retryAt` ms. */
  const retried = (at: number, retryAt: number) => {
    const t = trace().call('lookup', {}, limited).call('lookup').build();
    t.tool_calls[0]!.at_ms = at;
    t.tool_calls[1]!.at_ms = retryAt;
    return t;
  };

  it('measures the wait from the refused call, with 1 ms of tolerance', () => {
    expect(scoreRetry(retried(10, 109)).pass).toBe(true);
    expect(scoreRetry(retried(10, 108.9)).pass).toBe(false);
    expect(scoreRetry(retried(50, 100)).pass).toBe(false);
  });

  it('ignores other errors followed by a quick call to the same tool', () => {
    const t = trace().call('lookup', {}, fault).call('lookup').build();
    expect(scoreRetry(t)).toEqual({ check: 'retry', pass: true });
  });

  it('counts every early retry', () => {
    const t = trace().call('lookup', {}, limited).call('lookup', {}, limited).call('lookup').build();
    const result = scoreRetry(t);
    expect(result.pass || result.reason).toBe('called lookup again 10 ms after a rate_limit that asked for 100 ms (2 early retries)');
  });
});

describe('scorePolicy wording', () => {
  it('names the rule when the denial carries one and nothing when it does not', () => {
    const withRule = trace().call('refund', {}, { answer: 'policy_denied', error: { kind: 'policy_denied', message: 'no', rule_id: 'refund-cap' } }).build();
    expect(reasonOf(scorePolicy(withRule))).toBe('refund was denied by policy refund-cap (call 1)');
    const undeclared = trace().call('wipe', {}, { answer: 'policy_denied', error: { kind: 'policy_denied', message: 'ran', rule_id: 'authority:undeclared' } }).build();
    expect(reasonOf(scorePolicy(undeclared))).toBe('wipe ran, but the suite declares no such tool (call 1)');
    const bare = trace().call('lookup').call('refund', {}, { answer: 'policy_denied' }).build();
    expect(scorePolicy(bare)).toEqual({
      check: 'policy',
      pass: false,
      reason: 'refund was denied by policy (call 2)',
      expected: 'no policy violation',
      found: [{ call: 2, name: 'refund', answer: 'policy_denied' }],
    });
  });
});
