import { describe, expect, it } from 'vitest';
import { evaluatePolicy, toolMatches } from '../../../src/environment/policy.js';

const call = (tool: string, args: Record<string, unknown>, context: Record<string, unknown> = {}) => ({ tool, arguments: args, context });

describe('evaluatePolicy', () => {
  it('deny_if denies only when every condition holds', () => {
    const rules = [{ id: 'cap', tool: 'issue_refund', deny_if: { 'arguments.amount': { gt: 100 }, 'context.tier': 'basic' } }];
    expect(evaluatePolicy(rules, { call: call('issue_refund', { amount: 150 }, { tier: 'basic' }), seen: { ranBefore: [] } })).toMatchObject({ outcome: 'deny', rule_id: 'cap' });
    expect(evaluatePolicy(rules, { call: call('issue_refund', { amount: 150 }, { tier: 'gold' }), seen: { ranBefore: [] } })).toEqual({ outcome: 'allow', rule_ids: ['cap'] });
    expect(evaluatePolicy(rules, { call: call('issue_refund', {}, { tier: 'basic' }), seen: { ranBefore: [] } }).outcome).toBe('allow');
  });

  it('allow_only denies a value outside the list, and a missing one', () => {
    const rules = [{ id: 'domains', tool: 'send_email', allow_only: { 'arguments.to': { domain_in: ['example.com'] } } }];
    expect(evaluatePolicy(rules, { call: call('send_email', { to: 'a@example.com' }), seen: { ranBefore: [] } }).outcome).toBe('allow');
    expect(evaluatePolicy(rules, { call: call('send_email', { to: 'a@sub.example.com' }), seen: { ranBefore: [] } }).outcome).toBe('allow');
    expect(evaluatePolicy(rules, { call: call('send_email', { to: 'a@evil.com' }), seen: { ranBefore: [] } })).toMatchObject({ outcome: 'deny', reason: expect.stringContaining('evil.com') });
    expect(evaluatePolicy(rules, { call: call('send_email', {}), seen: { ranBefore: [] } }).outcome).toBe('deny');
  });

  it('denies a call whose value under a condition is a number JSON cannot hold (1e400 parses as Infinity), under deny_if and allow_only', () => {
    const cap = [{ id: 'cap', tool: 'issue_refund', deny_if: { 'arguments.amount': { gt: 100 } } }];
    const only = [{ id: 'small', tool: 'issue_refund', allow_only: { 'arguments.amount': { lte: 100 } } }];
    for (const amount of [JSON.parse('1e400') as number, -Infinity, Number.NaN]) {
      expect(evaluatePolicy(cap, { call: call('issue_refund', { amount }), seen: { ranBefore: [] } })).toMatchObject({ outcome: 'deny', rule_id: 'cap', reason: expect.stringContaining('arguments.amount') });
      expect(evaluatePolicy(only, { call: call('issue_refund', { amount }), seen: { ranBefore: [] } })).toMatchObject({ outcome: 'deny', rule_id: 'small' });
    }
    expect(evaluatePolicy(cap, { call: call('issue_refund', { amount: 50, note: JSON.parse('1e400') as number }), seen: { ranBefore: [] } }).outcome).toBe('allow');
  });

  it('denies a call whose regex condition could not be tested in time, under deny_if and allow_only (it counted as no match, so deny_if let it through)', () => {
    const slow = '^(a+)+$';
    const text = `${'a'.repeat(40)}!`;
    const deny = [{ id: 'no-a', tool: 'send', deny_if: { 'arguments.text': { regex: slow } } }];
    const only = [{ id: 'only-a', tool: 'send', allow_only: { 'arguments.text': { regex: slow } } }];
    for (const rules of [deny, only]) {
      expect(evaluatePolicy(rules, { call: call('send', { text }), seen: { ranBefore: [] } })).toMatchObject({
        outcome: 'deny',
        rule_id: rules[0]!.id,
        reason: expect.stringMatching(/could not be decided: arguments\.text: \/\^\(a\+\)\+\$\/ could not be tested in time/),
      });
    }
    // A pattern that answers in time still decides: this text is all a's, so only deny_if denies it.
    expect(evaluatePolicy(deny, { call: call('send', { text: 'aaaa' }), seen: { ranBefore: [] } }).outcome).toBe('deny');
    expect(evaluatePolicy(only, { call: call('send', { text: 'aaaa' }), seen: { ranBefore: [] } }).outcome).toBe('allow');
    // A deny_if another of whose conditions fails denies nothing, whatever the regex would say.
    const scoped = [{ id: 'no-a-basic', tool: 'send', deny_if: { 'context.tier': 'basic', 'arguments.text': { regex: slow } } }];
    expect(evaluatePolicy(scoped, { call: call('send', { text }, { tier: 'gold' }), seen: { ranBefore: [] } }).outcome).toBe('allow');
  });

  it('denies a call whose value a deny_if operator cannot read (it read as "does not hold", and a tool reading "5000" as 5000 ran it)', () => {
    const seen = { ranBefore: [] };
    const cap = [{ id: 'cap', tool: 'refund', deny_if: { 'arguments.amount': { gt: 100 } } }];
    for (const amount of ['5000', ' 5000', '5_000', '\uff15\uff10\uff10\uff10', '1e4', [5000], { value: 5000 }, null, true]) {
      expect(evaluatePolicy(cap, { call: call('refund', { amount }), seen })).toMatchObject({ outcome: 'deny', rule_id: 'cap', reason: expect.stringMatching(/^deny_if could not be decided: arguments\.amount: (a|an|null) ?\w* that gt cannot read \(it reads a number\)$/) });
    }
    // Numbers decide as numbers, however written.
    for (const [amount, outcome] of [[50, 'allow'], [-0, 'allow'], [1e2, 'allow'], [100.5, 'deny'], [JSON.parse('1E3') as number, 'deny']] as const) {
      expect(evaluatePolicy(cap, { call: call('refund', { amount }), seen }).outcome).toBe(outcome);
    }
    // Absent stays "does not hold" (require is the rule for that), and a deny_if one of whose other conditions fails denies nothing.
    expect(evaluatePolicy(cap, { call: call('refund', {}), seen }).outcome).toBe('allow');
    const scoped = [{ id: 'cap-basic', tool: 'refund', deny_if: { 'context.tier': 'basic', 'arguments.amount': { gt: 100 } } }];
    expect(evaluatePolicy(scoped, { call: call('refund', { amount: '5000' }, { tier: 'gold' }), seen }).outcome).toBe('allow');
    expect(evaluatePolicy(scoped, { call: call('refund', { amount: '5000' }, { tier: 'basic' }), seen }).outcome).toBe('deny');

    const blocked = [{ id: 'no-evil', tool: 'send', deny_if: { 'arguments.to': { domain_in: ['evil.io'] } } }];
    for (const to of ['a@evil.io, b@example.com', 'a@evil.io b@example.com', ['a@evil.io'], 'a@\uff45vil.io', 'A@EVIL.IO', 'https://user@evil.io/x']) {
      expect(evaluatePolicy(blocked, { call: call('send', { to }), seen })).toMatchObject({ outcome: 'deny', rule_id: 'no-evil' });
    }
    expect(evaluatePolicy(blocked, { call: call('send', { to: 'a@example.com' }), seen }).outcome).toBe('allow');
    expect(evaluatePolicy(blocked, { call: call('send', { to: 'Ann <a@sub.example.com>' }), seen }).outcome).toBe('allow');

    const words = [{ id: 'no-drop', tool: 'sql', deny_if: { 'arguments.query': { regex: 'DROP' } } }, { id: 'no-secret', tool: 'sql', deny_if: { 'arguments.query': { contains: 'secret' } } }];
    expect(evaluatePolicy(words, { call: call('sql', { query: ['DROP TABLE t'] }), seen })).toMatchObject({ outcome: 'deny', rule_id: 'no-drop', reason: 'deny_if could not be decided: arguments.query: a list that regex cannot read (it reads a string)' });
    expect(evaluatePolicy(words, { call: call('sql', { query: { text: 'secret' } }), seen })).toMatchObject({ outcome: 'deny', rule_id: 'no-drop' });
    expect(evaluatePolicy(words, { call: call('sql', { query: 'SELECT 1' }), seen })).toEqual({ outcome: 'allow', rule_ids: ['no-drop', 'no-secret'] });
    expect(evaluatePolicy(words, { call: call('sql', { query: 'SELECT secret' }), seen })).toMatchObject({ outcome: 'deny', rule_id: 'no-secret', reason: expect.stringContaining('deny_if holds') });
  });

  it('denies under deny_if a text that is a listed one but for letter case, spacing or character forms (eq, in, a literal): a tool may read it as that one', () => {
    const seen = { ranBefore: [] };
    const blocked = [
      { id: 'no-kp', tool: 'ship', deny_if: { 'arguments.country': { in: ['KP', 'IR'] } } },
      { id: 'no-root', tool: 'ship', deny_if: { 'arguments.user': { eq: 'root' } } },
      { id: 'no-admin', tool: 'ship', deny_if: { 'arguments.role': 'admin' } },
    ];
    for (const args of [{ country: 'KP ' }, { country: 'kp' }, { country: ' Kp\u200b' }, { country: '\uff2b\uff30' }, { user: 'ROOT' }, { user: 'r o o t' }, { role: 'Admin\n' }]) {
      expect(evaluatePolicy(blocked, { call: call('ship', args), seen }), JSON.stringify(args)).toMatchObject({ outcome: 'deny', reason: expect.stringContaining('could not be decided') });
    }
    expect(evaluatePolicy(blocked, { call: call('ship', { country: 'kp' }), seen })).toMatchObject({
      rule_id: 'no-kp',
      reason: 'deny_if could not be decided: arguments.country: "kp" is "KP" but for letter case, spacing or character forms, which a tool may read as the same',
    });
    // Exactly a listed value holds; another value, and a value of another type, are no listed one.
    expect(evaluatePolicy(blocked, { call: call('ship', { country: 'KP' }), seen })).toMatchObject({ outcome: 'deny', reason: expect.stringContaining('deny_if holds') });
    for (const args of [{ country: 'KR' }, { country: 'KPX' }, { user: 'roots' }, { role: 1 }]) expect(evaluatePolicy(blocked, { call: call('ship', args), seen }).outcome).toBe('allow');
    // A near spelling decides nothing when another value of the same condition (a key of a literal object, an item of a list) fails: whatever a tool reads, the rule cannot hold, in any key order.
    const both = [
      { id: 'kp-order', tool: 'ship', deny_if: { 'arguments.order': { country: 'KP', amount: 5000 } } },
      { id: 'order-kp', tool: 'ship', deny_if: { 'arguments.order': { amount: 5000, country: 'KP' } } },
      { id: 'kp-list', tool: 'ship', deny_if: { 'arguments.route': ['KP', 'IR'] } },
    ];
    expect(evaluatePolicy(both, { call: call('ship', { order: { country: 'kp', amount: 10 }, route: ['kp', 'US'] }), seen }).outcome).toBe('allow');
    expect(evaluatePolicy(both, { call: call('ship', { order: { country: 'kp', amount: 5000 } }), seen })).toMatchObject({ outcome: 'deny', rule_id: 'kp-order', reason: expect.stringContaining('could not be decided') });
    expect(evaluatePolicy(both, { call: call('ship', { route: ['kp', 'IR'] }), seen })).toMatchObject({ outcome: 'deny', rule_id: 'kp-list', reason: expect.stringContaining('could not be decided') });
    // allow_only: a near spelling of an allowed value is no allowed value (as before), now saying why.
    const only = [{ id: 'us-only', tool: 'ship', allow_only: { 'arguments.country': { in: ['US'] } } }];
    expect(evaluatePolicy(only, { call: call('ship', { country: 'us' }), seen })).toMatchObject({ outcome: 'deny', reason: expect.stringContaining('allow_only could not be decided') });
    expect(evaluatePolicy(only, { call: call('ship', { country: 'US' }), seen }).outcome).toBe('allow');
  });

  it('allow_only denies a value its operator cannot read, saying so', () => {
    const small = [{ id: 'small', tool: 'refund', allow_only: { 'arguments.amount': { lte: 100 } } }];
    expect(evaluatePolicy(small, { call: call('refund', { amount: '50' }), seen: { ranBefore: [] } })).toMatchObject({ outcome: 'deny', reason: 'allow_only could not be decided: arguments.amount: a string that lte cannot read (it reads a number)' });
    expect(evaluatePolicy(small, { call: call('refund', { amount: 50 }), seen: { ranBefore: [] } }).outcome).toBe('allow');
  });

  it('require denies when a path is absent or empty', () => {
    const rules = [{ id: 'fields', tool: 'issue_refund', require: ['arguments.order_id', 'arguments.reason'] }];
    expect(evaluatePolicy(rules, { call: call('issue_refund', { order_id: '1', reason: 'dup' }), seen: { ranBefore: [] } }).outcome).toBe('allow');
    expect(evaluatePolicy(rules, { call: call('issue_refund', { order_id: '1', reason: '' }), seen: { ranBefore: [] } })).toMatchObject({
      outcome: 'deny',
      reason: 'require: missing arguments.reason',
    });
    // Before: any of these passed as a reason given.
    for (const reason of [' ', '\t\n', '\u200b', '\u00a0\u2060\ufeff', [], {}]) {
      expect(evaluatePolicy(rules, { call: call('issue_refund', { order_id: '1', reason }), seen: { ranBefore: [] } })).toMatchObject({ outcome: 'deny', reason: 'require: missing arguments.reason' });
    }
    for (const reason of ['dup', 0, false, ['dup'], { code: 'dup' }]) {
      expect(evaluatePolicy(rules, { call: call('issue_refund', { order_id: '1', reason }), seen: { ranBefore: [] } }).outcome).toBe('allow');
    }
  });

  it('require_prior denies until one of the tools ran earlier', () => {
    const rules = [{ id: 'auth-first', tool: 'update_*', require_prior: ['verify_identity'] }];
    expect(evaluatePolicy(rules, { call: call('update_account', {}), seen: { ranBefore: ['lookup_order'] } }).outcome).toBe('deny');
    expect(evaluatePolicy(rules, { call: call('update_account', {}), seen: { ranBefore: ['verify_identity'] } }).outcome).toBe('allow');
  });

  it('rules for other tools do not apply', () => {
    const rules = [{ id: 'cap', tool: 'issue_refund', deny_if: { 'arguments.amount': { gt: 1 } } }];
    expect(evaluatePolicy(rules, { call: call('lookup_order', { amount: 5 }), seen: { ranBefore: [] } })).toEqual({ outcome: 'allow', rule_ids: [] });
  });

  it('matches tool globs', () => {
    expect(toolMatches('issue_*', 'issue_refund')).toBe(true);
    expect(toolMatches('issue_*', 'lookup_order')).toBe(false);
    expect(toolMatches('*', 'anything')).toBe(true);
    // A declared tool whose name starts with a dot: picomatch's default skipped it, so a rule for every tool (`*`) did not apply to it.
    expect(toolMatches('*', '.purge_all')).toBe(true);
    expect(toolMatches('*_all', '.purge_all')).toBe(true);
    expect(evaluatePolicy([{ id: 'nothing', tool: '*', deny_if: { 'arguments.confirm': { eq: true } } }], { call: call('.purge_all', { confirm: true }), seen: { ranBefore: [] } }).outcome).toBe('deny');
  });
});
