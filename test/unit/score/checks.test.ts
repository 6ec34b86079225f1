import { describe, expect, it, vi } from 'vitest';
import { scoreBudget, stricterCaps } from '../../../src/score/budget.js';
import { scoreCustom } from '../../../src/score/custom.js';
import { scoreOutcome } from '../../../src/score/outcome.js';
import { scoreOutput } from '../../../src/score/output.js';
import { scorePolicy } from '../../../src/score/policy.js';
import { trace } from './trace-builder.js';
import { regexTimedOut, USER_REGEX_MS } from '../../../src/config/user-regex.js';
import { SyncWorker } from '../../../src/config/sync-worker.js';

describe('scoreOutcome', () => {
  it('passes on the expected outcome or one of several', () => {
    expect(scoreOutcome(trace().outcome('escalated').build(), 'escalated').pass).toBe(true);
    expect(scoreOutcome(trace().outcome('refused').build(), ['refused', 'escalated']).pass).toBe(true);
  });

  it('fails a timeout with found "timeout"', () => {
    const result = scoreOutcome(trace().outcome('timeout').duration(30000).build(), 'completed');
    expect(result).toEqual({
      check: 'outcome',
      pass: false,
      reason: 'expected outcome completed, got timeout after 30000 ms',
      expected: 'completed',
      found: 'timeout',
    });
  });
});

describe('scoreOutput', () => {
  const t = trace().output('Your refund of $20 for order 1234 is on its way.').build();

  it('fails a regex whose test timed out as such, naming the pattern and the time limit, not as a mismatch', () => {
    const hanging = trace().output(`${'a'.repeat(40)}!`).build();
    const result = scoreOutput({ trace: hanging, expect: { regex: ['^(a+)+$', '^a'] } });
    expect(result.pass).toBe(false);
    expect(result.pass || result.reason).toBe(
      `/^(a+)+$/ could not be tested in time: it ran past its ${USER_REGEX_MS} ms limit (a group repeated, or quantifiers in a row such as .*a.*b, that can match the same text in several ways backtracks without end on a long text; rewrite the pattern)`,
    );
  });

  it('checks contains, not_contains, regex', () => {
    expect(scoreOutput({ trace: t, expect: { contains: ['refund', '1234'], not_contains: '$40', regex: 'order \\d{4}' } }).pass).toBe(true);
    const result = scoreOutput({ trace: t, expect: { contains: 'Refund', not_contains: ['$20'], regex: ['^No'] } });
    expect(result.pass || result.reason).toBe('does not contain "Refund" (it holds "refund": contains is case-sensitive); contains "$20"; does not match /^No/');
    // Regular-expression characters in the expected text are text: "$20.00" is not found in "$20100".
    expect(scoreOutput({ trace: trace().output('A fee of $20100.').build(), expect: { contains: '$20.00' } }).reason).toBe('does not contain "$20.00"');
    expect(scoreOutput({ trace: trace().output('ORDER (1234) IS ON ITS WAY').build(), expect: { contains: 'order (1234)' } }).reason).toBe('does not contain "order (1234)" (it holds "ORDER (1234)": contains is case-sensitive)');
  });

  it('says when the output holds the expected text in another Unicode form, which prints the same', () => {
    // "café" written as e + a combining accent (NFD), as some tokenizers and macOS file names give it.
    const result = scoreOutput({ trace: trace().output('Your caf\u0065\u0301 order').build(), expect: { contains: 'caf\u00e9' } });
    expect(result.pass || result.reason).toBe('does not contain "caf\u00e9" (it holds the same text in another Unicode form, which prints alike: contains compares code points; normalize the answer, e.g. with String.prototype.normalize())');
  });

  it('says when an expected text the output lacks reads as present once redacted', () => {
    const result = scoreOutput({ trace: trace().output('Your email is now alice@example.com.').build(), expect: { contains: ['carol@example.com', 'now'], not_contains: 'zzz' } });
    expect(result.pass || result.reason).toBe(
      'does not contain "carol@example.com" (it holds another value that redaction prints alike, as [email]: `--no-redact` shows it)',
    );
    const plain = scoreOutput({ trace: trace().output('Your email is unchanged.').build(), expect: { contains: 'carol@example.com' } });
    expect(plain.pass || plain.reason).toBe('does not contain "carol@example.com"');
  });

  it('checks equals exactly, parsing a string output when a value is expected', () => {
    expect(scoreOutput({ trace: trace().output('done').build(), expect: { equals: 'done' } }).pass).toBe(true);
    expect(scoreOutput({ trace: trace().output('done.').build(), expect: { equals: 'done' } }).pass).toBe(false);
    expect(scoreOutput({ trace: trace().output('{"b":2,"a":1}').build(), expect: { equals: { a: 1, b: 2 } } }).pass).toBe(true);
    expect(scoreOutput({ trace: trace().output({ a: 1 }).build(), expect: { equals: { a: 1 } } }).pass).toBe(true);
  });

  it('uses JSON text of a non-string output for text checks', () => {
    expect(scoreOutput({ trace: trace().output({ status: 'refunded' }).build(), expect: { contains: '"status":"refunded"' } }).pass).toBe(true);
  });

  it('validates json_schema, parsing a string output first', () => {
    const schema = { type: 'object', required: ['amount'], properties: { amount: { type: 'number', maximum: 20 } } };
    expect(scoreOutput({ trace: trace().output('{"amount": 20}').build(), expect: { json_schema: schema } }).pass).toBe(true);
    const tooMuch = scoreOutput({ trace: trace().output({ amount: 40 }).build(), expect: { json_schema: schema } });
    expect(tooMuch.pass || tooMuch.reason).toBe('does not match json_schema: output/amount must be <= 20');
    const notJson = scoreOutput({ trace: trace().output('amount: 20').build(), expect: { json_schema: schema } });
    expect(notJson.pass || notJson.reason).toMatch(/^is not JSON \(/);
  });

  it('says a json_schema pattern whose test ran out of time did so, not that the output does not match it', () => {
    // The worker's answer stubbed as a test past its limit: the real one takes USER_REGEX_MS.
    const ask = vi.spyOn(SyncWorker.prototype, 'ask').mockReturnValue(undefined);
    try {
      const schema = { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } };
      const result = scoreOutput({ trace: trace().output({ code: 'aaaa' }).build(), expect: { json_schema: schema } });
      expect(result.pass || result.reason).toBe(`does not match json_schema: output/code ${regexTimedOut('^(a+)+$')}`);
    } finally {
      ask.mockRestore();
    }
  });

  it('validates a text answer that is not JSON as the text itself, when the schema takes a string', () => {
    const tweet = { type: 'string', maxLength: 20 };
    expect(scoreOutput({ trace: trace().output('Refund sent.').build(), expect: { json_schema: tweet } }).pass).toBe(true);
    // "12345" parses as a number; the agent answered the text 12345, which the schema takes.
    expect(scoreOutput({ trace: trace().output('12345').build(), expect: { json_schema: tweet } }).pass).toBe(true);
    const long = scoreOutput({ trace: trace().output('Your refund has been sent today.').build(), expect: { json_schema: tweet } });
    expect(long.pass || long.reason).toBe('does not match json_schema: output must NOT have more than 20 characters');
  });

  it('supports formats and reports an invalid schema as a failure', () => {
    const email = { type: 'string', format: 'email' };
    expect(scoreOutput({ trace: trace().output('"a@example.com"').build(), expect: { json_schema: email } }).pass).toBe(true);
    expect(scoreOutput({ trace: trace().output('"nope"').build(), expect: { json_schema: email } }).pass).toBe(false);
    const bad = scoreOutput({ trace: t, expect: { json_schema: { type: 'no-such-type' } } });
    expect(bad.pass || bad.reason).toMatch(/^json_schema is invalid: /);
  });
});

describe('scorePolicy', () => {
  it('fails on policy_denied and approval_missing', () => {
    const t = trace()
      .call('lookup_order')
      .call('issue_refund', { amount: 500 }, { answer: 'policy_denied', error: { kind: 'policy_denied', message: 'x', rule_id: 'refund-cap' } })
      .call('close_account', {}, { answer: 'approval_missing' })
      .build();
    const result = scorePolicy(t);
    expect(result.pass || result.reason).toBe('issue_refund was denied by policy refund-cap (call 2) (and 1 more)');
    expect(result.pass || result.found).toEqual([
      { call: 2, name: 'issue_refund', answer: 'policy_denied', rule_id: 'refund-cap' },
      { call: 3, name: 'close_account', answer: 'approval_missing' },
    ]);
  });

  it('does not count an approver refusal as a violation', () => {
    const t = trace().call('issue_refund', { amount: 20 }, { answer: 'approval_denied', approved: false }).build();
    expect(scorePolicy(t)).toEqual({ check: 'policy', pass: true });
  });
});

describe('scoreBudget', () => {
  it('applies the stricter of config and case caps', () => {
    expect(stricterCaps({ max_tool_calls: 12, max_cost_usd: 0.05 }, { max_tool_calls: 4 })).toEqual({ max_tool_calls: 4, max_cost_usd: 0.05 });
    const t = trace().call('a').call('a').call('a').call('a').call('a').build();
    const result = scoreBudget(t, { run: { max_tool_calls: 12 }, kase: { max_tool_calls: 4 } });
    expect(result.pass || result.reason).toBe('5 tool calls > max_tool_calls 4');
    expect(scoreBudget(t, { run: { max_tool_calls: 5 } }).pass).toBe(true);
  });

  it('measures model calls and summed cost, tolerating float summation', () => {
    const t = trace().usage(0.01).usage(0.02).usage(0.02).build(); // 0.05000000000000001 in floats
    expect(scoreBudget(t, { run: { max_cost_usd: 0.05, max_model_calls: 3 } }).pass).toBe(true);
    const result = scoreBudget(t, { run: { max_cost_usd: 0.04, max_model_calls: 2 } });
    expect(result.pass || result.reason).toBe('3 model calls > max_model_calls 2; $0.05 > max_cost_usd 0.04');
  });

  it('passes with no caps at all', () => {
    expect(scoreBudget(trace().call('a').build(), { run: {} })).toEqual({ check: 'budget', pass: true });
  });
});

describe('scoreCustom', () => {
  const t = trace().output('hi').build();

  it('maps a verdict, sync or async, keeping the score', async () => {
    expect(await scoreCustom(t, { name: 'tone', fn: () => ({ pass: true, score: 0.9, reason: 'ok' }) })).toEqual({
      check: 'custom',
      pass: true,
      name: 'tone',
      value: 0.9,
    });
    const failed = await scoreCustom(t, { name: 'tone', fn: async () => ({ pass: false, reason: 'too curt\nand cold' }) });
    expect(failed.pass || failed.reason).toBe('too curt and cold');
  });

  it('turns a throw or a malformed answer into a failed check', async () => {
    const threw = await scoreCustom(t, {
      name: './scorers/tone.js',
      fn: () => {
        throw new Error('judge unavailable');
      },
    });
    expect(threw).toMatchObject({ check: 'custom', pass: false, reason: 'custom scorer ./scorers/tone.js threw: judge unavailable' });
    const rejected = await scoreCustom(t, { name: 'j', fn: () => Promise.reject(new Error('boom')) });
    expect(rejected.pass || rejected.reason).toBe('custom scorer j threw: boom');
    const malformed = await scoreCustom(t, { name: 'j', fn: () => 'yes' as never });
    expect(malformed.pass || malformed.reason).toBe('custom scorer j returned an invalid verdict: expected object, received string');
  });
});
