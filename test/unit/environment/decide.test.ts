import { describe, expect, it } from 'vitest';
import { decideToolCall } from '../../../src/environment/decide.js';
import { kase, state, tool } from './fixtures.js';

const lookup = tool('lookup_order', {
  parameters: { type: 'object', required: ['order_id'], properties: { order_id: { type: 'string' } } },
  mock: { result: { status: 'shipped' } },
});
const refund = tool('issue_refund', { tier: 'approve', effects: ['money'], mock: { result: { ok: true } } });
const draft = tool('draft_reply', { tier: 'suggest', mock: { result: 'draft' } });

describe('decideToolCall', () => {
  it('answers with the tool default mock', () => {
    expect(decideToolCall(state([lookup]), { name: 'lookup_order', args: { order_id: '1' } })).toMatchObject({ answer: 'answer', result: { status: 'shipped' } });
  });

  it('prefers the first case mock whose when matches', () => {
    const s = state([lookup], {
      kase: kase({
        mocks: [
          { tool: 'lookup_order', when: { order_id: '9' }, result: 'nine' },
          { tool: 'lookup_order', when: { order_id: { regex: '^1' } }, result: 'first' },
          { tool: 'lookup_order', when: { order_id: '1234' }, result: 'second' },
        ],
      }),
    });
    expect(decideToolCall(s, { name: 'lookup_order', args: { order_id: '1234' } })).toMatchObject({ answer: 'answer', result: 'first' });
  });

  it('answers a mock domain error as error, and no mock as not_mocked', () => {
    const s = state([lookup, tool('other')], {
      kase: kase({ mocks: [{ tool: 'lookup_order', error: { kind: 'not_found', message: 'no such order' } }] }),
    });
    expect(decideToolCall(s, { name: 'lookup_order', args: { order_id: '1' } })).toMatchObject({ answer: 'error', error: { kind: 'not_found', message: 'no such order' } });
    expect(decideToolCall(s, { name: 'other', args: {} })).toMatchObject({ answer: 'not_mocked', error: { kind: 'not_mocked' } });
  });

  it('refuses unknown tools and invalid arguments', () => {
    expect(decideToolCall(state([lookup]), { name: 'nope', args: {} })).toMatchObject({ answer: 'tool_not_found', error: { message: expect.stringContaining('lookup_order') } });
    expect(decideToolCall(state([lookup]), { name: 'lookup_order', args: { order_id: 5 } })).toMatchObject({
      answer: 'invalid_arguments',
      error: { message: expect.stringContaining('arguments.order_id must be string') },
    });
    expect(decideToolCall(state([lookup]), { name: 'lookup_order', args: {} })).toMatchObject({ answer: 'invalid_arguments' });
  });

  it('injects faults on the numbered call only', () => {
    const faults = [{ tool: 'lookup_order', call: 2, error: 'rate_limit' as const, retry_after_ms: 50 }];
    const first = state([lookup], { kase: kase({ faults }) });
    expect(decideToolCall(first, { name: 'lookup_order', args: { order_id: '1' } }).answer).toBe('answer');
    const second = state([lookup], { kase: kase({ faults }), callsByTool: new Map([['lookup_order', 1]]) });
    expect(decideToolCall(second, { name: 'lookup_order', args: { order_id: '1' } })).toMatchObject({
      answer: 'fault',
      error: { kind: 'rate_limit', status: 429, retry_after_ms: 50 },
    });
  });

  it('answers a malformed fault with truncated JSON text', () => {
    const s = state([lookup], { kase: kase({ faults: [{ tool: 'lookup_order', error: 'malformed' }] }) });
    const decision = decideToolCall(s, { name: 'lookup_order', args: { order_id: '1' } });
    expect(decision.answer).toBe('fault');
    expect(typeof decision.result).toBe('string');
    expect(() => JSON.parse(decision.result as string)).toThrow();
  });

  it('needs a granted approval for the same call on approve-tier and effect tools', () => {
    expect(decideToolCall(state([refund]), { name: 'issue_refund', args: { amount: 20 } })).toMatchObject({
      answer: 'approval_missing',
      policy: { outcome: 'approval_missing' },
    });
    const otherArgs = state([refund], { approvals: [{ name: 'issue_refund', arguments: { amount: 10 }, approved: true, at_ms: 0 }] });
    expect(decideToolCall(otherArgs, { name: 'issue_refund', args: { amount: 20 } }).answer).toBe('approval_missing');
    const granted = state([refund], { approvals: [{ name: 'issue_refund', arguments: { amount: 20 }, approved: true, at_ms: 0 }] });
    expect(decideToolCall(granted, { name: 'issue_refund', args: { amount: 20 } })).toMatchObject({ answer: 'answer', approved: true, consumeApproval: 0 });
    const used = state([refund], { approvals: granted.approvals, usedApprovals: new Set([0]) });
    expect(decideToolCall(used, { name: 'issue_refund', args: { amount: 20 } }).answer).toBe('approval_missing');
  });

  it('answers approval_denied, not a violation, when the approver refused', () => {
    const denied = state([refund], { approvals: [{ name: 'issue_refund', arguments: { amount: 20 }, approved: false, at_ms: 0 }] });
    expect(decideToolCall(denied, { name: 'issue_refund', args: { amount: 20 } })).toMatchObject({ answer: 'approval_denied', approved: false });
  });

  it('never executes a suggest-tier tool', () => {
    expect(decideToolCall(state([draft]), { name: 'draft_reply', args: {} })).toMatchObject({ answer: 'execution_disabled' });
  });

  it('applies policy rules after authority', () => {
    const rules = [{ id: 'refund-cap', tool: 'issue_*', deny_if: { 'arguments.amount': { gt: 100 } } }];
    const s = state([refund], { rules, approvals: [{ name: 'issue_refund', arguments: { amount: 150 }, approved: true, at_ms: 0 }] });
    expect(decideToolCall(s, { name: 'issue_refund', args: { amount: 150 } })).toMatchObject({
      answer: 'policy_denied',
      error: { rule_id: 'refund-cap' },
      policy: { rule_id: 'refund-cap', outcome: 'deny' },
    });
  });

  it('refuses every call once a budget cap is reached', () => {
    const s = state([lookup], { caps: { max_tool_calls: 2 }, spent: { toolCalls: 2, modelCalls: 0, costUsd: 0 } });
    expect(decideToolCall(s, { name: 'lookup_order', args: { order_id: '1' } })).toMatchObject({ answer: 'budget_exhausted' });
    const cost = state([lookup], { caps: { max_cost_usd: 0.01 }, spent: { toolCalls: 0, modelCalls: 1, costUsd: 0.02 } });
    expect(decideToolCall(cost, { name: 'lookup_order', args: { order_id: '1' } }).answer).toBe('budget_exhausted');
  });

  it('disables every non-read tool in read-only mode', () => {
    const s = state([lookup, refund], { mode: 'read_only' });
    expect(decideToolCall(s, { name: 'lookup_order', args: { order_id: '1' } }).answer).toBe('answer');
    expect(decideToolCall(s, { name: 'issue_refund', args: { amount: 1 } })).toMatchObject({ answer: 'execution_disabled', policy: { rule_id: 'kill-switch' } });
  });
});
