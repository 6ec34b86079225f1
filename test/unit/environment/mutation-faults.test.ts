/** Injected faults: which call they hit and what the agent receives for each kind. */
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../../src/config/schema/index.js';
import { decideToolCall } from '../../../src/environment/decide.js';
import { faultAnswer, findFault } from '../../../src/environment/faults.js';
import { kase, state, tool } from './fixtures.js';

const lookup = tool('lookup_order', { mock: { result: { status: 'shipped' } } });
const refund = tool('issue_refund', { mock: { result: { ok: true } } });

describe('findFault', () => {
  const faults: Fault[] = [
    { tool: 'lookup_order', call: 2, error: 'timeout' },
    { tool: 'issue_refund', error: 'error' },
  ];

  it('hits only the tool it names', () => {
    expect(findFault([{ tool: 'issue_refund', error: 'error' }], { tool: 'lookup_order', callIndex: 1 })).toBeUndefined();
    expect(findFault(faults, { tool: 'lookup_order', callIndex: 1 })).toBeUndefined();
    expect(findFault(faults, { tool: 'send_email', callIndex: 2 })).toBeUndefined();
  });

  it('hits the numbered call only, or every call when no number is given', () => {
    expect(findFault(faults, { tool: 'lookup_order', callIndex: 2 })).toBe(faults[0]);
    expect(findFault(faults, { tool: 'lookup_order', callIndex: 3 })).toBeUndefined();
    for (const n of [1, 2, 7]) expect(findFault(faults, { tool: 'issue_refund', callIndex: n })).toBe(faults[1]);
  });

  it('takes the first fault that applies', () => {
    const two: Fault[] = [{ tool: 'a', call: 1, error: 'rate_limit' }, { tool: 'a', error: 'error' }];
    expect(findFault(two, { tool: 'a', callIndex: 1 })).toBe(two[0]);
    expect(findFault(two, { tool: 'a', callIndex: 2 })).toBe(two[1]);
  });
});

describe('faultAnswer', () => {
  it('answers error with status 500 by default, or the status given', () => {
    expect(faultAnswer({ tool: 'lookup_order', error: 'error' }, { status: 'shipped' })).toEqual({
      kind: 'error',
      error: { kind: 'error', status: 500, message: 'tool lookup_order failed with status 500' },
    });
    expect(faultAnswer({ tool: 'lookup_order', error: 'error', status: 503 }, undefined)).toEqual({
      kind: 'error',
      error: { kind: 'error', status: 503, message: 'tool lookup_order failed with status 503' },
    });
  });

  it('answers timeout with status 504 by default, or the status given', () => {
    expect(faultAnswer({ tool: 'lookup_order', error: 'timeout' }, undefined)).toEqual({
      kind: 'error',
      error: { kind: 'timeout', status: 504, message: 'tool lookup_order timed out' },
    });
    expect(faultAnswer({ tool: 'lookup_order', error: 'timeout', status: 408 }, undefined)).toMatchObject({ error: { kind: 'timeout', status: 408 } });
  });

  it('answers rate_limit with 429 and a retry of 1000 ms by default', () => {
    expect(faultAnswer({ tool: 'lookup_order', error: 'rate_limit' }, undefined)).toEqual({
      kind: 'error',
      error: { kind: 'rate_limit', status: 429, retry_after_ms: 1000, message: 'rate limited: retry after 1000 ms' },
    });
    expect(faultAnswer({ tool: 'lookup_order', error: 'rate_limit', retry_after_ms: 0, status: 503 }, undefined)).toEqual({
      kind: 'error',
      error: { kind: 'rate_limit', status: 503, retry_after_ms: 0, message: 'rate limited: retry after 0 ms' },
    });
  });

  it('answers malformed with the first half of the healthy answer\'s JSON', () => {
    expect(faultAnswer({ tool: 'lookup_order', error: 'malformed' }, { status: 'shipped' })).toEqual({ kind: 'malformed', result: '{"status":' });
    // No healthy answer: the half of {"ok":true}; never empty.
    expect(faultAnswer({ tool: 'lookup_order', error: 'malformed' }, undefined)).toEqual({ kind: 'malformed', result: '{"ok"' });
    // Half would cut the email in two, which redaction would then miss: the cut moves to where it starts.
    expect(faultAnswer({ tool: 'lookup_order', error: 'malformed' }, { note: 'contact maria.gonzalez@example.org' })).toEqual({ kind: 'malformed', result: '{"note":"contact ' });
    expect(faultAnswer({ tool: 'lookup_order', error: 'malformed' }, null)).toEqual({ kind: 'malformed', result: '{"ok"' });
    expect(faultAnswer({ tool: 'lookup_order', error: 'malformed' }, 7)).toEqual({ kind: 'malformed', result: '7' });
    expect(faultAnswer({ tool: 'lookup_order', error: 'malformed' }, () => 1)).toEqual({ kind: 'malformed', result: '{' });
  });
});

describe('decideToolCall with faults', () => {
  it('a fault declared for one tool leaves every other tool healthy', () => {
    const s = state([lookup, refund], { kase: kase({ faults: [{ tool: 'issue_refund', error: 'error' }] }) });
    expect(decideToolCall(s, { name: 'lookup_order', args: {} })).toMatchObject({ answer: 'answer', result: { status: 'shipped' } });
    expect(decideToolCall(s, { name: 'issue_refund', args: {} })).toMatchObject({ answer: 'fault', error: { kind: 'error', status: 500 } });
  });

  it('counts calls per tool: the second call to a tool is its call 2 whatever came between', () => {
    const faults: Fault[] = [{ tool: 'lookup_order', call: 2, error: 'timeout' }];
    const s = state([lookup, refund], { kase: kase({ faults }), callsByTool: new Map([['issue_refund', 5], ['lookup_order', 1]]) });
    expect(decideToolCall(s, { name: 'lookup_order', args: {} })).toMatchObject({ answer: 'fault', error: { kind: 'timeout', status: 504 } });
    const first = state([lookup, refund], { kase: kase({ faults }), callsByTool: new Map([['issue_refund', 1]]) });
    expect(decideToolCall(first, { name: 'lookup_order', args: {} }).answer).toBe('answer');
  });

  it('a fault answers instead of a case mock or a mock error, and truncates the mock that would have answered', () => {
    const s = state([lookup], {
      kase: kase({
        mocks: [{ tool: 'lookup_order', when: { id: 'x' }, result: { status: 'lost' } }],
        faults: [{ tool: 'lookup_order', error: 'malformed' }],
      }),
    });
    expect(decideToolCall(s, { name: 'lookup_order', args: { id: 'x' } })).toEqual({
      answer: 'fault',
      result: '{"status',
      policy: { rule_id: 'default', outcome: 'allow' },
    });
    const erring = state([lookup], {
      kase: kase({ mocks: [{ tool: 'lookup_order', error: { kind: 'not_found' } }], faults: [{ tool: 'lookup_order', error: 'malformed' }] }),
    });
    expect(decideToolCall(erring, { name: 'lookup_order', args: {} })).toMatchObject({ answer: 'fault', result: '{"ok"' });
  });
});
