// expect.state and expect.state_unchanged: the final state replayed from the recorded changes.
import { describe, expect, it } from 'vitest';
import { finalState, scoreState, scoreTrace } from '../../../src/score/index.js';
import { trace } from './trace-builder.js';

const INITIAL = { orders: { '1': { status: 'pending', items: [{ sku: 'a', qty: 1 }] }, '2': { status: 'shipped', items: [] } }, refunds: [] };
const cancelled = trace().call('cancel_order', { order_id: '1' }, { state_change: [{ op: 'replace', path: '/orders/1/status', value: 'cancelled' }] });

describe('finalState', () => {
  it('replays every call\'s change onto a copy of the initial state, in order', () => {
    const t = trace()
      .call('cancel_order', {}, { state_change: [{ op: 'replace', path: '/orders/1/status', value: 'cancelled' }] })
      .call('lookup_order', {})
      .call('refund', {}, { state_change: [{ op: 'add', path: '/refunds/0', value: { order: '1' } }, { op: 'remove', path: '/orders/2' }] })
      .build();
    expect(finalState(INITIAL, t)).toEqual({ orders: { '1': { status: 'cancelled', items: [{ sku: 'a', qty: 1 }] } }, refunds: [{ order: '1' }] });
    expect(INITIAL.orders['2']).toBeDefined();
  });
  it('replays changes under a `__proto__` key the state holds as its own, and refuses paths that would reach a prototype', () => {
    const initial = JSON.parse('{"__proto__":{"x":1},"b":1}') as Record<string, unknown>;
    const bumped = trace().call('bump', {}, { state_change: [{ op: 'replace', path: '/__proto__/x', value: 2 }, { op: 'add', path: '/__proto__/y', value: 3 }] }).build();
    const final = finalState(initial, bumped);
    expect(JSON.stringify(final)).toBe('{"__proto__":{"x":2,"y":3},"b":1}');
    expect(Object.getPrototypeOf(final)).toBe(Object.prototype);
    for (const path of ['/__proto__/polluted', '/b/constructor/prototype/polluted', '/__proto__']) {
      const hostile = trace().call('x', {}, { state_change: [{ op: 'add', path, value: 1 }] }).build();
      expect(() => finalState({ b: {} }, hostile)).toThrow(/reaches a prototype/);
    }
    const moved = trace().call('x', {}, { state_change: [{ op: 'copy', from: '/b/constructor', path: '/c' }] }).build();
    expect(() => finalState({ b: {} }, moved)).toThrow(/reaches a prototype/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('scoreState', () => {
  it('matches expect.state as a subset, recursively, with the argument matchers', () => {
    const t = cancelled.build();
    const pass = scoreState({ trace: t, kase: { state: INITIAL, expect: { state: { orders: { '1': { status: { in: ['cancelled', 'voided'] }, items: [{ sku: 'a' }] } } } } } });
    expect(pass).toEqual([{ check: 'state', pass: true }]);
    const fail = scoreState({ trace: t, kase: { state: INITIAL, expect: { state: { orders: { '1': { status: 'pending' }, '2': { items: [{ sku: 'b' }] } } } } } });
    expect(fail).toEqual([{
      check: 'state',
      pass: false,
      reason: 'the final state does not match expect.state at orders.1.status, orders.2.items',
      expected: [{ path: 'orders.1.status', expected: 'pending' }, { path: 'orders.2.items', expected: [{ sku: 'b' }] }],
      found: [{ path: 'orders.1.status', found: 'cancelled' }, { path: 'orders.2.items', found: [] }],
    }]);
  });

  it('with state_exact, allows no other keys at any depth; {eq} compares literally, matcher-looking keys included', () => {
    const t = cancelled.build();
    const exact = scoreState({ trace: t, kase: { state: INITIAL, expect: { state: { orders: { '1': { status: 'cancelled' } } }, state_exact: true } } });
    expect(exact[0]).toMatchObject({ pass: false });
    expect(exact[0]!.pass === false && exact[0]!.reason).toBe('the final state does not match expect.state at orders.1.items, orders.2, refunds');
    const typed = { ...INITIAL, tags: { type: 'vip' } };
    expect(scoreState({ trace: t, kase: { state: typed, expect: { state: { tags: { eq: { type: 'vip' } } } } } })).toEqual([{ check: 'state', pass: true }]);
    expect(scoreState({ trace: t, kase: { state: typed, expect: { state: { tags: { type: 'vip' } } } } })[0]!.pass).toBe(false);
  });

  it('names the expected-state file, and each path where the state differs from it', () => {
    const final = { ...INITIAL, orders: { ...INITIAL.orders, '1': { ...INITIAL.orders['1'], status: 'cancelled' } } };
    const kase = (value: unknown) => ({ state: INITIAL, expect: { state: { eq: value } }, expectedStateFile: 'evals/final.json' });
    expect(scoreState({ trace: cancelled.build(), kase: kase(final) })).toEqual([{ check: 'state', pass: true }]);
    expect(scoreState({ trace: cancelled.build(), kase: kase(INITIAL) })[0]).toMatchObject({
      pass: false,
      reason: 'the final state does not match evals/final.json at orders.1.status',
      expected: [{ path: 'orders.1.status', expected: INITIAL.orders['1'].status }],
      found: [{ path: 'orders.1.status', found: 'cancelled' }],
    });
    // A key on either side only is named too; matcher-looking values stay literal.
    const extra = { ...final, refunds: [{ in: [1] }], flags: { vip: true } };
    expect(scoreState({ trace: cancelled.build(), kase: kase(extra) })[0]).toMatchObject({ pass: false, reason: 'the final state does not match evals/final.json at refunds, flags' });
  });

  it('checks state_unchanged: no change at all, or only at the except paths (* is one key)', () => {
    const t = cancelled.build();
    expect(scoreState({ trace: trace().call('lookup_order').build(), kase: { state: INITIAL, expect: { state_unchanged: true } } })).toEqual([{ check: 'state', name: 'state unchanged', pass: true }]);
    expect(scoreState({ trace: t, kase: { state: INITIAL, expect: { state_unchanged: true } } })).toEqual([{
      check: 'state',
      name: 'state unchanged',
      pass: false,
      reason: 'the state changed at orders.1.status',
      expected: 'no change',
      found: [{ op: 'replace', path: '/orders/1/status', value: 'cancelled' }],
    }]);
    expect(scoreState({ trace: t, kase: { state: INITIAL, expect: { state_unchanged: { except: ['orders.*.status'] } } } })[0]!.pass).toBe(true);
    const both = trace().call('x', {}, { state_change: [{ op: 'replace', path: '/orders/1/status', value: 'x' }, { op: 'add', path: '/refunds/0', value: 1 }] }).build();
    expect(scoreState({ trace: both, kase: { state: INITIAL, expect: { state_unchanged: { except: ['orders.*.status'] } } } })[0]).toMatchObject({
      pass: false,
      reason: 'the state changed at refunds.0 (only orders.*.status may change)',
    });
    // A change undone later is no change.
    const undone = trace().call('x', {}, { state_change: [{ op: 'replace', path: '/orders/1/status', value: 'x' }] })
      .call('y', {}, { state_change: [{ op: 'replace', path: '/orders/1/status', value: 'pending' }] }).build();
    expect(scoreState({ trace: undone, kase: { state: INITIAL, expect: { state_unchanged: true } } })[0]!.pass).toBe(true);
  });

  it('lets state_unchanged.except name a key that holds dots: it covers that key\'s change, and * still stands for one whole key', () => {
    const initial = { 'sku.1': { qty: 5 }, users: { 'bob@example.com': { plan: 'free' } } };
    const bought = trace().call('buy', {}, { state_change: [{ op: 'replace', path: '/sku.1/qty', value: 4 }, { op: 'replace', path: '/users/bob@example.com/plan', value: 'pro' }] }).build();
    expect(scoreState({ trace: bought, kase: { state: initial, expect: { state_unchanged: { except: ['sku.1', 'users.bob@example.com.plan'] } } } })[0]!.pass).toBe(true);
    expect(scoreState({ trace: bought, kase: { state: initial, expect: { state_unchanged: { except: ['sku.1.qty', 'users.*.plan'] } } } })[0]!.pass).toBe(true);
    expect(scoreState({ trace: bought, kase: { state: initial, expect: { state_unchanged: { except: ['sku.1'] } } } })[0]).toMatchObject({
      pass: false,
      reason: 'the state changed at users.bob@example.com.plan (only sku.1 may change)',
    });
  });

  it('lets a * in state_unchanged.except stand for one part of a key that holds dots, as it does for one key', () => {
    // prices.sku is the base price, prices["sku.large"] a variant's: written prices.sku.large, so prices.sku.* names it.
    const initial = { prices: { sku: 10, 'sku.large': 12 } };
    const raised = trace().call('reprice', {}, { state_change: [{ op: 'replace', path: '/prices/sku.large', value: 13 }] }).build();
    const judged = (except: string[]) => scoreState({ trace: raised, kase: { state: initial, expect: { state_unchanged: { except } } } })[0]!;
    expect(judged(['prices.sku.*']).pass).toBe(true);
    expect(judged(['prices.*.large']).pass).toBe(true);
    expect(judged(['prices.*']).pass).toBe(true);
    expect(judged(['*.sku.large']).pass).toBe(true);
    expect(judged(['prices.sku.small']).pass).toBe(false);
    expect(judged(['prices.*.small']).pass).toBe(false);
    expect(judged(['prices.sku.*.more']).pass).toBe(false);
  });

  it('fails, not throws, when the recorded changes do not replay', () => {
    const broken = trace().call('x', {}, { state_change: [{ op: 'replace', path: '/nope/deeper', value: 1 }] }).build();
    expect(scoreState({ trace: broken, kase: { state: INITIAL, expect: { state_unchanged: true } } })[0]).toMatchObject({ check: 'state', pass: false });
  });

  it('names the call and the change that did not replay (a replay or score after the suite\'s state changed)', () => {
    const broken = trace()
      .call('cancel_order', {}, { state_change: [{ op: 'replace', path: '/orders/1/status', value: 'cancelled' }] })
      .call('refund', {}, { state_change: [{ op: 'add', path: '/refunds/0', value: 1 }, { op: 'add', path: '/credits/0', value: 5 }] })
      .build();
    const [check] = scoreState({ trace: broken, kase: { state: INITIAL, expect: { state: { refunds: [1] } } } });
    expect(check?.reason).toBe(
      "the recorded state changes do not replay onto the case's state: call 2 (refund), add /credits/0: Cannot perform operation at the desired path",
    );
    const hostile = trace().call('x', {}).call('y', {}, { state_change: [{ op: 'add', path: '/__proto__/polluted', value: 1 }] }).build();
    expect(() => finalState({}, hostile)).toThrow('call 2 (y), add /__proto__/polluted: the path /__proto__/polluted reaches a prototype through "__proto__"');
  });

  it('runs after the expectation\'s checks in scoreTrace, and not at all when the case asks for none', () => {
    const checks = scoreTrace({ trace: cancelled.build(), kase: { state: INITIAL, expect: { outcome: 'completed', state_unchanged: true } }, budgets: {} });
    expect(checks.map((c) => [c.check, c.pass])).toEqual([['outcome', true], ['policy', true], ['budget', true], ['state', false]]);
    expect(scoreTrace({ trace: cancelled.build(), kase: { expect: {} }, budgets: {} }).map((c) => c.check)).toEqual(['policy', 'budget']);
  });
});

describe('scoreTrace with redactedState (a replay answered from a recording written with redaction on)', () => {
  const email = (value: string) => trace().call('update_email', {}, { state_change: [{ op: 'replace', path: '/email', value }] }).build();
  const kase = { state: { email: 'old@example.com' }, expect: { state: { email: 'new@example.net' } } };
  const stateCheck = (t: ReturnType<typeof email>, redactedState: boolean) => scoreTrace({ trace: t, kase, budgets: {}, redactedState }).find((c) => c.check === 'state');
  it('reads a placeholder in the recorded state as a redacted trace\'s, and only the state: a raw value that differs still fails', () => {
    expect(stateCheck(email('[email]'), false)).toMatchObject({ pass: false });
    expect(stateCheck(email('[email]'), true)).toEqual({ check: 'state', pass: true });
    expect(stateCheck(email('x@y.example.com'), true)).toMatchObject({ pass: false, reason: 'the final state does not match expect.state at email' });
  });
});
