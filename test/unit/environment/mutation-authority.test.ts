/** Approvals, caps, mocks and arguments at the edges mutation testing found unpinned. */
import { describe, expect, it } from 'vitest';
import type { ApprovalRecord } from '../../../src/config/schema/index.js';
import { argumentProblems } from '../../../src/environment/arguments.js';
import { approvalAnswer, checkAuthority } from '../../../src/environment/authority.js';
import { exhaustedCap, stricterCaps } from '../../../src/environment/budgets.js';
import { decideToolCall } from '../../../src/environment/decide.js';
import { findMockAnswer } from '../../../src/environment/mocks.js';
import { kase, state, tool } from './fixtures.js';

const refund = tool('issue_refund', { tier: 'approve', mock: { result: 'refunded' } });
const approval = (approved: boolean, args: Record<string, unknown> = { amount: 5 }, name = 'issue_refund'): ApprovalRecord => ({
  name,
  arguments: args,
  approved,
  at_ms: 0,
});

describe('checkAuthority: one approval, one call', () => {
  it('uses the latest unused granted approval for this very call', () => {
    const approvals = [approval(true), approval(true)];
    expect(checkAuthority({ tool: refund, args: { amount: 5 }, approvals, used: new Set() })).toEqual({ kind: 'ok', approved: true, consume: 1 });
    expect(checkAuthority({ tool: refund, args: { amount: 5 }, approvals, used: new Set([1]) })).toEqual({ kind: 'ok', approved: true, consume: 0 });
    expect(checkAuthority({ tool: refund, args: { amount: 5 }, approvals, used: new Set([0, 1]) })).toEqual({ kind: 'approval_missing' });
  });

  it('ignores approvals for another tool or other arguments', () => {
    const approvals = [approval(true, { amount: 5 }, 'send_email'), approval(true, { amount: 6 })];
    expect(checkAuthority({ tool: refund, args: { amount: 5 }, approvals, used: new Set() })).toEqual({ kind: 'approval_missing' });
  });

  it('matches an approval without arguments to a call without arguments', () => {
    const bare: ApprovalRecord = { name: 'issue_refund', arguments: undefined, approved: true, at_ms: 0 };
    expect(checkAuthority({ tool: refund, args: {}, approvals: [bare], used: new Set() })).toEqual({ kind: 'ok', approved: true, consume: 0 });
  });

  it('is approval_denied when only refusals match, and a refusal that was used no longer counts', () => {
    expect(checkAuthority({ tool: refund, args: { amount: 5 }, approvals: [approval(false)], used: new Set() })).toEqual({ kind: 'approval_denied' });
    expect(checkAuthority({ tool: refund, args: { amount: 5 }, approvals: [approval(false)], used: new Set([0]) })).toEqual({ kind: 'approval_missing' });
    expect(checkAuthority({ tool: refund, args: { amount: 5 }, approvals: [approval(true), approval(false)], used: new Set() })).toEqual({ kind: 'ok', approved: true, consume: 0 });
  });

  it('needs nothing for a tool that needs no approval', () => {
    expect(checkAuthority({ tool: tool('lookup'), args: {}, approvals: [approval(false, {}, 'lookup')], used: new Set() })).toEqual({ kind: 'ok' });
  });
});

describe('approvalAnswer', () => {
  const approvals = { default: 'grant' as const, tools: { issue_refund: 'deny' as const } };

  it('answers per tool, else by the default, and refuses everything in read-only mode', () => {
    expect(approvalAnswer({ approvals }, { toolName: 'issue_refund', mode: 'normal' })).toBe(false);
    expect(approvalAnswer({ approvals }, { toolName: 'send_email', mode: 'normal' })).toBe(true);
    expect(approvalAnswer({ approvals: { default: 'deny', tools: { send_email: 'grant' } } }, { toolName: 'send_email', mode: 'normal' })).toBe(true);
    expect(approvalAnswer({ approvals: { default: 'deny', tools: {} } }, { toolName: 'send_email', mode: 'normal' })).toBe(false);
    expect(approvalAnswer({ approvals }, { toolName: 'send_email', mode: 'read_only' })).toBe(false);
  });
});

describe('decideToolCall wording and records', () => {
  it('names the available tools, or none', () => {
    expect(decideToolCall(state([tool('a'), tool('b')]), { name: 'c', args: {} }).error?.message).toBe('no tool named "c"; available: a, b');
    expect(decideToolCall(state([]), { name: 'c', args: {} }).error).toEqual({ kind: 'tool_not_found', message: 'no tool named "c"; available: none' });
  });

  it('describes the tier refused by the kill switch with its article', () => {
    const message = (t: ReturnType<typeof tool>) => decideToolCall(state([t], { mode: 'read_only' }), { name: t.name, args: {} }).error?.message;
    expect(message(tool('x', { tier: 'approve' }))).toBe('execution is disabled (read-only mode): x is an approve tool');
    expect(message(tool('x', { tier: 'autonomous', effects: ['money', 'external'] }))).toBe(
      'execution is disabled (read-only mode): x is an autonomous tool with effects money, external',
    );
    expect(message(tool('x', { tier: 'suggest' }))).toBe('execution is disabled (read-only mode): x is a suggest tool');
  });

  it('words an approval refusal and a missing approval', () => {
    expect(decideToolCall(state([refund], { approvals: [approval(false)] }), { name: 'issue_refund', args: { amount: 5 } })).toEqual({
      answer: 'approval_denied',
      error: { kind: 'approval_denied', message: 'the approver refused issue_refund for these arguments' },
      policy: { rule_id: 'authority:approval', outcome: 'deny' },
      approved: false,
    });
    expect(decideToolCall(state([refund]), { name: 'issue_refund', args: { amount: 5 } })).toEqual({
      answer: 'approval_missing',
      error: { kind: 'approval_missing', message: 'issue_refund needs a granted approval/request for this call first' },
      policy: { rule_id: 'authority:approval', outcome: 'approval_missing' },
    });
  });

  it('keeps the approval on a policy denial, and names every rule that allowed a call', () => {
    const rules = [
      { id: 'cap', tool: 'issue_refund', deny_if: { 'arguments.amount': { gt: 100 } } },
      { id: 'all', tool: '*', require: ['arguments.amount'] },
    ];
    const denied = decideToolCall(state([refund], { rules, approvals: [approval(true, { amount: 500 })] }), { name: 'issue_refund', args: { amount: 500 } });
    expect(denied).toEqual({
      answer: 'policy_denied',
      error: { kind: 'policy_denied', message: 'denied by policy rule cap: deny_if holds: arguments.amount=500', rule_id: 'cap' },
      policy: { rule_id: 'cap', outcome: 'deny' },
      approved: true,
    });
    const allowed = decideToolCall(state([refund], { rules, approvals: [approval(true)] }), { name: 'issue_refund', args: { amount: 5 } });
    expect(allowed).toEqual({ answer: 'answer', result: 'refunded', policy: { rule_id: 'cap,all', outcome: 'allow' }, approved: true, consumeApproval: 0 });
    const lookup = tool('lookup', { mock: { result: 1 } });
    expect(decideToolCall(state([lookup], { rules }), { name: 'lookup', args: {} })).toMatchObject({ answer: 'policy_denied', error: { rule_id: 'all' } });
    expect(decideToolCall(state([lookup], { rules }), { name: 'lookup', args: { amount: 1 } })).toEqual({
      answer: 'answer',
      result: 1,
      policy: { rule_id: 'all', outcome: 'allow' },
    });
  });

  it('reads the context and the tools that ran for policy', () => {
    const rules = [
      { id: 'vip', tool: 'lookup', deny_if: { 'context.tier': 'vip' } },
      { id: 'auth', tool: 'lookup', require_prior: ['login'] },
    ];
    const lookup = tool('lookup', { mock: { result: 1 } });
    expect(decideToolCall(state([lookup], { rules, kase: kase({ context: { tier: 'vip' } }), ran: ['login'] }), { name: 'lookup', args: {} }).error?.rule_id).toBe('vip');
    expect(decideToolCall(state([lookup], { rules, ran: [] }), { name: 'lookup', args: {} }).error?.rule_id).toBe('auth');
    expect(decideToolCall(state([lookup], { rules, ran: ['login'] }), { name: 'lookup', args: {} }).answer).toBe('answer');
  });

  it('answers not_mocked naming the tool', () => {
    expect(decideToolCall(state([tool('bare')]), { name: 'bare', args: {} })).toEqual({
      answer: 'not_mocked',
      error: { kind: 'not_mocked', message: 'no mock answers bare with these arguments' },
      policy: { rule_id: 'default', outcome: 'allow' },
    });
  });
});

describe('caps', () => {
  it('the stricter of two caps per key: the lower one, either one alone, a zero cap included, nothing when neither sets it', () => {
    expect(stricterCaps({ max_tool_calls: 3, max_cost_usd: 0 }, { max_tool_calls: 5, max_model_calls: 2, max_cost_usd: 1 })).toEqual({
      max_tool_calls: 3,
      max_model_calls: 2,
      max_cost_usd: 0,
    });
    expect(stricterCaps({ max_tool_calls: 5 }, { max_tool_calls: 0 })).toMatchObject({ max_tool_calls: 0 });
    expect(stricterCaps({}, undefined)).toEqual({ max_tool_calls: undefined, max_model_calls: undefined, max_cost_usd: undefined });
    expect(stricterCaps({ max_model_calls: 4 }, undefined)).toMatchObject({ max_model_calls: 4 });
  });

  it('a zero tool-call cap refuses the first call; cost past the cap, not at it, stops the next', () => {
    expect(exhaustedCap({ max_tool_calls: 0 }, { toolCalls: 0, modelCalls: 0, costUsd: 0 })?.cap).toBe('max_tool_calls');
    expect(exhaustedCap({ max_cost_usd: 0.05 }, { toolCalls: 0, modelCalls: 0, costUsd: 0.05 })).toBeUndefined();
    expect(exhaustedCap({ max_tool_calls: 9, max_model_calls: 9, max_cost_usd: 9 }, { toolCalls: 1, modelCalls: 1, costUsd: 1 })).toBeUndefined();
    expect(exhaustedCap({}, { toolCalls: 99, modelCalls: 99, costUsd: 99 })).toBeUndefined();
  });
});

describe('findMockAnswer', () => {
  const lookup = tool('lookup', { mock: { result: 'default' } });

  it('uses a case mock for this tool whose when matches as a subset, else the tool\'s own mock', () => {
    const mocks = [
      { tool: 'other', result: 'other' },
      { tool: 'lookup', when: { id: 1 }, result: 'one' },
    ];
    expect(findMockAnswer(lookup, { caseMocks: mocks, args: { id: 1, verbose: true } })).toEqual({ kind: 'answer', result: 'one' });
    expect(findMockAnswer(lookup, { caseMocks: mocks, args: { id: 2 } })).toEqual({ kind: 'answer', result: 'default' });
    expect(findMockAnswer(lookup, { caseMocks: [{ tool: 'lookup', result: 'any' }], args: { id: 2 } })).toEqual({ kind: 'answer', result: 'any' });
  });

  it('answers null for `result: null`, and a mock error\'s kind as its message when it has none', () => {
    expect(findMockAnswer(tool('t', { mock: { result: null } }), { caseMocks: [], args: {} })).toEqual({ kind: 'answer', result: null });
    expect(findMockAnswer(lookup, { caseMocks: [{ tool: 'lookup', error: { kind: 'not_found' } }], args: {} })).toEqual({
      kind: 'error',
      error: { kind: 'not_found', message: 'not_found' },
    });
  });
});

describe('argumentProblems', () => {
  const t = tool('t', {
    parameters: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, item: { type: 'object', properties: { n: { type: 'integer' } } } } },
  });

  it('names every problem with its path, joined by "; "', () => {
    expect(argumentProblems(t, { item: { n: 'x' } })).toBe("arguments must have required property 'id'; arguments.item.n must be integer");
    expect(argumentProblems(t, { id: 'a', item: { n: 1 } })).toBeUndefined();
  });
});
