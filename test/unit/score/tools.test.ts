import { describe, expect, it } from 'vitest';
import { matchInOrder, matchUnordered } from '../../../src/score/call-matching.js';
import { scoreTools, toolScore } from '../../../src/score/tools.js';
import { scoreOutput } from '../../../src/score/output.js';
import { trace } from './trace-builder.js';

describe('scoreTools: expected calls', () => {
  it('passes when every expected call is found with matching arguments', () => {
    const t = trace().call('lookup_order', { order_id: '1234', verbose: true }).call('issue_refund', { amount: 20 }).build();
    const result = scoreTools({ trace: t, expect: {
      tools: [{ name: 'lookup_order', args: { order_id: '1234' } }, { name: 'issue_refund', args: { amount: { lte: 20 } } }],
    } });
    expect(result).toEqual({ check: 'tools', pass: true, score: { precision: 1, recall: 1, f1: 1 } });
  });

  it('names the closest call when arguments differ', () => {
    const t = trace().call('issue_refund', { amount: 40 }).build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'issue_refund', args: { amount: { lte: 20 } } }] } });
    expect(result.pass).toBe(false);
    if (result.pass) return;
    expect(result.reason).toBe('expected call issue_refund {amount: {lte: 20}} not found; closest: issue_refund {amount: 40}');
    expect(result.found).toEqual([{ name: 'issue_refund', arguments: { amount: 40 }, answer: 'answer' }]);
    expect(result.score).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('says when a tool was never called', () => {
    const result = scoreTools({ trace: trace().call('lookup_order').build(), expect: { tools: [{ name: 'issue_refund' }] } });
    expect(result.pass || result.reason).toBe('expected call issue_refund not found; issue_refund was never called');
  });

  it('matches without args against any arguments, and exact rejects extra keys', () => {
    const t = trace().call('lookup_order', { order_id: '1', verbose: true }).build();
    expect(scoreTools({ trace: t, expect: { tools: [{ name: 'lookup_order' }] } }).pass).toBe(true);
    const exact = scoreTools({ trace: t, expect: { tools: [{ name: 'lookup_order', args: { order_id: '1' }, exact: true }] } });
    expect(exact.pass).toBe(false);
    // The closest call prints as a superset of the expectation: the reason names what exact refused.
    expect(exact.pass || exact.reason).toBe('expected call lookup_order {order_id: "1"} not found; closest: lookup_order {order_id: "1", verbose: true} (exact: true, and it has an argument the expectation does not name: verbose)');
    const wrongToo = scoreTools({ trace: t, expect: { tools: [{ name: 'lookup_order', args: { order_id: '2' }, exact: true }] } });
    expect(wrongToo.pass || wrongToo.reason).toMatch(/closest: lookup_order \{order_id: "1", verbose: true\} \(exact: true, and it has an argument the expectation does not name: verbose\)$/);
  });

  it('reads exact: true without args as a call with no arguments, as exact forbids every argument not named', () => {
    const t = trace().call('list_orders', { status: 'open' }).build();
    const none = scoreTools({ trace: t, expect: { tools: [{ name: 'list_orders', exact: true }] } });
    expect(none.pass || none.reason).toBe('expected call list_orders {} not found; closest: list_orders {status: "open"} (exact: true, and it has an argument the expectation does not name: status)');
    expect(scoreTools({ trace: trace().call('list_orders', {}).build(), expect: { tools: [{ name: 'list_orders', exact: true }] } }).pass).toBe(true);
  });

  it('matches one-to-one: two expected calls need two actual calls', () => {
    const t = trace().call('lookup_order', { order_id: '1' }).build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'lookup_order' }, { name: 'lookup_order' }] } });
    expect(result.pass).toBe(false);
    expect(result.score).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3 });
  });

  it('finds the assignment a greedy first-fit would miss', () => {
    // The loose expectation must not take the only call that satisfies the strict one.
    const t = trace().call('search', { q: 'a' }).call('search', { q: 'b' }).build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'search' }, { name: 'search', args: { q: 'a' } }] } });
    expect(result.pass).toBe(true);
  });

  it('checks approval against the record', () => {
    const approved = trace().call('issue_refund', { amount: 20 }, { approved: true }).build();
    const refused = trace().call('issue_refund', { amount: 20 }, { approved: false, answer: 'approval_denied' }).build();
    const expectation = { tools: [{ name: 'issue_refund', approved: true }] };
    expect(scoreTools({ trace: approved, expect: expectation }).pass).toBe(true);
    const result = scoreTools({ trace: refused, expect: expectation });
    expect(result.pass || result.reason).toBe(
      'expected call issue_refund (approved: true) not found; closest: issue_refund {amount: 20} (approved: false)',
    );
    expect(scoreTools({ trace: refused, expect: { tools: [{ name: 'issue_refund', approved: false }] } }).pass).toBe(true);
  });

  it('meets approved: true only with a call made on its granted approval that went to the tool (docs/authority.md)', () => {
    const expectation = { tools: [{ name: 'issue_refund', approved: true }] };
    const answered = (options: Parameters<ReturnType<typeof trace>['call']>[2]) => scoreTools({ trace: trace().call('issue_refund', { amount: 20 }, { approved: true, ...options }).build(), expect: expectation });
    // No mock and no handler: approved, but nothing ran.
    const notMocked = answered({ answer: 'not_mocked', error: { kind: 'not_mocked', message: 'no mock answers issue_refund with these arguments' } });
    expect(notMocked.pass || notMocked.reason).toBe('expected call issue_refund (approved: true) not found; closest: issue_refund {amount: 20} (approved: true) (approved, but it did not run: answered not_mocked)');
    expect(answered({ answer: 'policy_denied', error: { kind: 'policy_denied', message: 'denied' } }).pass).toBe(false);
    expect(answered({ answer: 'invalid_arguments', error: { kind: 'invalid_arguments', message: 'amount: expected number' } }).pass).toBe(false);
    // Its own domain error, or a crashed handler: the tool ran.
    expect(answered({ answer: 'error', error: { kind: 'out_of_stock', message: 'no' } }).pass).toBe(true);
    // An injected fault failed in the tool's place: the call went to it on its approval (the bundled example's refund-tool-timeout).
    expect(answered({ answer: 'fault', error: { kind: 'timeout', message: 'timed out' } }).pass).toBe(true);
    expect(answered({ answer: 'fault', error: { kind: 'rate_limit', message: '429' } }).pass).toBe(true);
    // Reported (exec, `agentready score`) as having run although answered as its denial.
    expect(answered({ answer: 'policy_denied', error: { kind: 'policy_denied', message: 'denied' }, ran: true }).pass).toBe(true);
    // A retry that ran meets it after a call nothing answered for.
    const retried = trace().call('issue_refund', { amount: 20 }, { approved: true, answer: 'not_mocked', error: { kind: 'not_mocked', message: 'no mock' } }).call('issue_refund', { amount: 20 }, { approved: true }).build();
    expect(scoreTools({ trace: retried, expect: expectation }).pass).toBe(true);
  });
});

describe('scoreTools: a refused approval without a call', () => {
  const refund = { order_id: '1234', amount: 20 };

  it('meets an expected call with approved: false, as the call the agent asked about', () => {
    const t = trace().call('lookup_order', { order_id: '1234' }).approval('issue_refund', refund, false).build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'lookup_order' }, { name: 'issue_refund', args: { order_id: '1234' }, approved: false }] } });
    expect(result.pass).toBe(true);
    expect(result.score).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('is the call it asked about only once: a refused call that followed it is the one matched', () => {
    const t = trace().approval('issue_refund', refund, false).call('issue_refund', refund, { approved: false, answer: 'approval_denied' }).build();
    const expectation = { name: 'issue_refund', approved: false };
    expect(scoreTools({ trace: t, expect: { tools: [expectation] } }).score).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(scoreTools({ trace: t, expect: { tools: [expectation, expectation] } }).pass).toBe(false);
  });

  it('meets no other expectation: not approved: true, not a call whose approval does not matter', () => {
    const t = trace().approval('issue_refund', refund, false).build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'issue_refund', approved: true }] } });
    expect(result.pass || result.reason).toBe('expected call issue_refund (approved: true) not found; closest: issue_refund {order_id: "1234", amount: 20} (approved: false) (refused, not called)');
    expect(scoreTools({ trace: t, expect: { tools: [{ name: 'issue_refund' }] } }).pass).toBe(false);
    expect(scoreTools({ trace: trace().approval('issue_refund', refund, true).build(), expect: { tools: [{ name: 'issue_refund', approved: false }] } }).pass).toBe(false);
  });

  it('must ask for the expected arguments, and takes its place in the order of calls', () => {
    const t = trace().approval('issue_refund', { ...refund, amount: 500 }, false).call('lookup_order').build();
    expect(scoreTools({ trace: t, expect: { tools: [{ name: 'issue_refund', args: { amount: { lte: 20 } }, approved: false }] } }).pass).toBe(false);
    const tools = [{ name: 'lookup_order' }, { name: 'issue_refund', approved: false }];
    const result = scoreTools({ trace: t, expect: { tools, order: 'ordered' } });
    expect(result.pass || result.reason).toBe('expected calls in order lookup_order → issue_refund, got issue_refund (refused, not called) → lookup_order');
    expect(scoreTools({ trace: t, expect: { tools } }).pass).toBe(true);
  });

  it('lists the refused approval in what the check found, as its closest says: found [] beside a closest refused ask read as nothing asked', () => {
    const t = trace().approval('issue_refund', { ...refund, amount: 500 }, false).call('lookup_order', { order_id: '1234' }).build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'issue_refund', args: { amount: 20 }, approved: false }] } });
    expect(result.pass || result.reason).toBe('expected call issue_refund {amount: 20} (approved: false) not found; closest: issue_refund {order_id: "1234", amount: 500} (approved: false) (refused, not called)');
    expect(result.pass === false && result.found).toEqual([
      { name: 'issue_refund', arguments: { ...refund, amount: 500 }, approved: false, called: false },
      { name: 'lookup_order', arguments: { order_id: '1234' }, answer: 'answer' },
    ]);
  });

  it('is no call for forbid', () => {
    expect(scoreTools({ trace: trace().approval('close_account', {}, false).build(), expect: { forbid: ['close_account'] } }).pass).toBe(true);
  });
});

describe('scoreTools: order', () => {
  const t = trace().call('lookup_order').call('log').call('issue_refund').build();

  it('accepts expected calls as a subsequence in order', () => {
    expect(scoreTools({ trace: t, expect: { tools: [{ name: 'lookup_order' }, { name: 'issue_refund' }], order: 'ordered' } }).pass).toBe(true);
  });

  it('fails out of order, saying so, but passes unordered', () => {
    const tools = [{ name: 'issue_refund' }, { name: 'lookup_order' }];
    const result = scoreTools({ trace: t, expect: { tools, order: 'ordered' } });
    expect(result.pass || result.reason).toBe('expected calls in order issue_refund → lookup_order, got lookup_order → log → issue_refund');
    expect(result.score?.recall).toBe(0.5);
    expect(scoreTools({ trace: t, expect: { tools } }).pass).toBe(true);
  });

  it('shows each call with its arguments when a tool is expected or called twice, where names alone read alike', () => {
    const twice = trace().call('lookup_order', { order_id: '1' }).call('lookup_order', { order_id: '2' }).build();
    const tools = [{ name: 'lookup_order', args: { order_id: '2' } }, { name: 'lookup_order', args: { order_id: '1' } }];
    const result = scoreTools({ trace: twice, expect: { tools, order: 'ordered' } });
    expect(result.pass || result.reason).toBe('expected calls in order lookup_order {order_id: "2"} → lookup_order {order_id: "1"}, got lookup_order {order_id: "1"} → lookup_order {order_id: "2"}');
    // Called twice: the expected names are a subsequence of the calls' names; the arguments say why they do not fit in order.
    const again = trace().call('lookup_order', { order_id: '1' }).call('issue_refund').call('lookup_order', { order_id: '2' }).build();
    const refundAfter = scoreTools({ trace: again, expect: { tools: [{ name: 'lookup_order', args: { order_id: '2' } }, { name: 'issue_refund' }], order: 'ordered' } });
    expect(refundAfter.pass || refundAfter.reason).toBe('expected calls in order lookup_order {order_id: "2"} → issue_refund, got lookup_order {order_id: "1"} → issue_refund {} → lookup_order {order_id: "2"}');
  });
});

describe('scoreTools: forbid', () => {
  it('fails when a forbidden tool is called, whatever its answer', () => {
    const t = trace().call('close_account', { id: 'c-9' }, { answer: 'policy_denied' }).build();
    const result = scoreTools({ trace: t, expect: { forbid: ['close_account'] } });
    expect(result.pass || result.reason).toBe('forbidden call close_account was made (call 1: close_account {id: "c-9"})');
    expect(result.score).toBeUndefined();
  });

  it('says when the call its arguments matched prints redacted, so a regex that matched the raw address does not read as a mistake', () => {
    const t = trace().call('send_email', { to: 'ann@evil.test', body: 'hi' }).build();
    const result = scoreTools({ trace: t, expect: { forbid: [{ name: 'send_email', args: { to: { regex: 'evil' } } }] } });
    expect(result.pass || result.reason).toBe(
      'forbidden call send_email {to: {regex: "evil"}} was made (call 1: send_email {to: "ann@evil.test", body: "hi"}) (its arguments print redacted, as [email], and were matched as the agent sent them: `--no-redact` shows them)',
    );
    const plain = trace().call('send_email', { to: 'nobody', body: 'hi' }).build();
    expect(scoreTools({ trace: plain, expect: { forbid: [{ name: 'send_email', args: { to: { regex: 'no' } } }] } }).reason).not.toContain('redacted');
  });

  it('claims no redaction under --no-redact, where the reason prints the arguments as written', () => {
    const t = trace().call('send_email', { to: 'ann@evil.test', body: 'hi' }).build();
    const forbidden = scoreTools({ trace: t, expect: { forbid: [{ name: 'send_email', args: { to: { regex: 'evil' } } }] }, printed: 'as written' });
    expect(forbidden.pass || forbidden.reason).toBe('forbidden call send_email {to: {regex: "evil"}} was made (call 1: send_email {to: "ann@evil.test", body: "hi"})');
    const missing = scoreTools({ trace: t, expect: { tools: [{ name: 'send_email', args: { to: 'bob@evil.test' } }] }, printed: 'as written' });
    expect(missing.pass || missing.reason).toBe('expected call send_email {to: "bob@evil.test"} not found; closest: send_email {to: "ann@evil.test", body: "hi"}');
    const output = scoreOutput({ trace: { ...t, output: 'mail ann@evil.test' }, expect: { contains: 'bob@evil.test' }, printed: 'as written' });
    expect(output.pass || output.reason).toBe('does not contain "bob@evil.test"');
  });

  it('forbids only the given arguments when the entry has args', () => {
    const t = trace().call('send_email', { to: 'a@example.com' }).build();
    expect(scoreTools({ trace: t, expect: { forbid: [{ name: 'send_email', args: { to: { regex: 'evil' } } }] } }).pass).toBe(true);
    expect(scoreTools({ trace: t, expect: { forbid: [{ name: 'send_email', args: { to: { domain_in: ['example.com'] } } }] } }).pass).toBe(false);
  });

  it('passes when no forbidden tool appears', () => {
    expect(scoreTools({ trace: trace().call('lookup_order').build(), expect: { forbid: ['close_account'] } })).toEqual({ check: 'tools', pass: true });
  });
});

describe('scoreTools: `tools: []`', () => {
  it('says the agent calls no tool: any call fails it, a rate_limit one under respect_retry_after too; no call passes', () => {
    expect(scoreTools({ trace: trace().build(), expect: { tools: [] } })).toEqual({ check: 'tools', pass: true, score: { precision: 1, recall: 1, f1: 1 } });
    const made = trace().call('lookup_order').call('lookup_order').call('send_email').build();
    const result = scoreTools({ trace: made, expect: { tools: [] } });
    expect(result.pass || result.reason).toBe('expected no tool call (`tools: []`), 3 made (lookup_order, send_email)');
    expect(result.pass || [result.expected, result.score]).toEqual([{ tools: [] }, { precision: 0, recall: 1, f1: 0 }]);
    const limited = trace().call('lookup_order', {}, { answer: 'fault', error: { kind: 'rate_limit', message: 'retry' } }).build();
    expect(scoreTools({ trace: limited, expect: { tools: [], respect_retry_after: true } }).pass).toBe(false);
  });

  it('is not a refused approval that no call followed: no call was made', () => {
    const asked = trace().approval('issue_refund', { amount: 5 }, false).build();
    expect(scoreTools({ trace: asked, expect: { tools: [] } }).pass).toBe(true);
  });
});

describe('tool score', () => {
  it('is 1 everywhere when nothing was expected and nothing called', () => {
    expect(scoreTools({ trace: trace().build(), expect: { tools: [] } }).score).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('counts extra calls against precision, not against the check', () => {
    const t = trace().call('lookup_order').call('lookup_order').call('faq').call('faq').build();
    const result = scoreTools({ trace: t, expect: { tools: [{ name: 'lookup_order' }] } });
    expect(result.pass).toBe(true);
    expect(result.score).toEqual({ precision: 0.25, recall: 1, f1: 0.4 });
  });

  it('is 0 when calls were made but none expected', () => {
    expect(toolScore({ matched: 0, expectedCount: 0, callCount: 3 })).toEqual({ precision: 0, recall: 1, f1: 0 });
    expect(toolScore({ matched: 0, expectedCount: 2, callCount: 0 })).toEqual({ precision: 1, recall: 0, f1: 0 });
  });
});

describe('matchers', () => {
  it('matchUnordered finds a perfect matching through augmenting paths', () => {
    const allowed = [[0, 1], [0]];
    const fits = (i: number, j: number) => allowed[i]!.includes(j);
    expect(matchUnordered({ expectedCount: 2, callCount: 2 }, fits)).toEqual([1, 0]);
  });

  it('matchInOrder maximizes the matched count, not the first fit', () => {
    // expected: [a, b]; calls: [b, a, b] — a greedy skip of the first b still finds a then b.
    const expected = ['a', 'b'];
    const calls = ['b', 'a', 'b'];
    expect(matchInOrder({ expectedCount: 2, callCount: 3 }, (i, j) => expected[i] === calls[j])).toEqual([1, 2]);
    expect(matchInOrder({ expectedCount: 2, callCount: 2 }, (i, j) => ['b', 'a'][i] === ['a', 'b'][j])).toHaveLength(2);
    expect(matchInOrder({ expectedCount: 2, callCount: 2 }, (i, j) => ['b', 'a'][i] === ['a', 'b'][j]).filter((j) => j !== undefined)).toHaveLength(1);
  });
});
