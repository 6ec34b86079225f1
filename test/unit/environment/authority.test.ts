// Authority tiers, budgets and the kill switch, as decided for one call (pure).
import { describe, expect, it } from 'vitest';
import { errorForAgent } from '../../../src/adapters/tool-call-error.js';
import { decideToolCall } from '../../../src/environment/decide.js';
import { isWriteTool, needsApproval } from '../../../src/environment/authority.js';
import { toolTier } from '../../../src/config/tools.js';
import { exhaustedCap } from '../../../src/environment/budgets.js';
import { state, tool } from './fixtures.js';

const read = tool('lookup_order', { mock: { result: 'ok' } });
// Written with effects and no tier: the resolver makes it approve.
const untiered = tool('peek_and_charge', { tier: toolTier({ effects: ['money'] }), effects: ['money'], mock: { result: 'charged' } });
const autonomous = tool('escalate', { tier: 'autonomous', mock: { result: 'ticket' } });
const autonomousEmail = tool('send_email', { tier: 'autonomous', effects: ['external'], mock: { result: 'sent' } });
const approve = tool('issue_refund', { tier: 'approve', mock: { result: 'refunded' } });
const granted = (name: string, args: Record<string, unknown> = {}) => ({ name, arguments: args, approved: true, at_ms: 0 });

describe('authority tiers', () => {
  it('read runs without approval; autonomous runs freely; effects always need approval', () => {
    expect(decideToolCall(state([read]), { name: 'lookup_order', args: {} })).toMatchObject({ answer: 'answer', policy: { outcome: 'allow' } });
    expect(decideToolCall(state([autonomous]), { name: 'escalate', args: {} }).answer).toBe('answer');
    expect(decideToolCall(state([autonomousEmail]), { name: 'send_email', args: {} }).answer).toBe('approval_missing');
    expect(decideToolCall(state([untiered]), { name: 'peek_and_charge', args: {} }).answer).toBe('approval_missing');
    expect(decideToolCall(state([autonomousEmail], { approvals: [granted('send_email')] }), { name: 'send_email', args: {} }).answer).toBe('answer');
    expect([read, untiered, autonomous, autonomousEmail, approve].map(needsApproval)).toEqual([false, true, false, true, true]);
  });

  it('an approval serves one call: the second identical call needs its own', () => {
    const first = decideToolCall(state([approve], { approvals: [granted('issue_refund', { amount: 5 })] }), { name: 'issue_refund', args: { amount: 5 } });
    expect(first).toMatchObject({ answer: 'answer', approved: true, consumeApproval: 0 });
    const again = state([approve], { approvals: [granted('issue_refund', { amount: 5 })], usedApprovals: new Set([0]) });
    expect(decideToolCall(again, { name: 'issue_refund', args: { amount: 5 } })).toMatchObject({ answer: 'approval_missing', policy: { rule_id: 'authority:approval' } });
  });

  it('a suggest tool is refused execution_disabled with a clear message and a logged denial', () => {
    const draft = tool('draft_reply', { tier: 'suggest', mock: { result: 'x' } });
    expect(decideToolCall(state([draft], { approvals: [granted('draft_reply')] }), { name: 'draft_reply', args: {} })).toEqual({
      answer: 'execution_disabled',
      error: { kind: 'execution_disabled', message: 'draft_reply is a suggest-tier tool and may not execute' },
      policy: { rule_id: 'authority:suggest', outcome: 'deny' },
    });
  });
});

describe('the kill switch (read_only mode)', () => {
  it('refuses every write tool, a tool with effects and no tier included, before budgets and approvals', () => {
    const s = state([read, untiered, autonomous, approve], {
      mode: 'read_only',
      approvals: [granted('issue_refund')],
    });
    expect(decideToolCall(s, { name: 'lookup_order', args: {} }).answer).toBe('answer');
    for (const name of ['peek_and_charge', 'escalate', 'issue_refund']) {
      expect(decideToolCall(s, { name, args: {} })).toMatchObject({ answer: 'execution_disabled', policy: { rule_id: 'kill-switch', outcome: 'deny' } });
    }
    expect(decideToolCall(s, { name: 'peek_and_charge', args: {} }).error?.message).toBe('execution is disabled (read-only mode): peek_and_charge is an approve tool with effects money');
    const spent = state([approve], { mode: 'read_only', caps: { max_tool_calls: 0 } });
    expect(decideToolCall(spent, { name: 'issue_refund', args: {} }).answer).toBe('execution_disabled');
    expect([read, untiered, autonomous, approve].map(isWriteTool)).toEqual([false, true, true, true]);
  });
});

describe('budgets', () => {
  it('names the cap reached: tool calls at the cap, model calls and cost past it', () => {
    expect(exhaustedCap({ max_tool_calls: 2 }, { toolCalls: 1, modelCalls: 0, costUsd: 0 })).toBeUndefined();
    expect(exhaustedCap({ max_tool_calls: 2 }, { toolCalls: 2, modelCalls: 0, costUsd: 0 })).toEqual({ cap: 'max_tool_calls', message: 'max_tool_calls 2 reached' });
    expect(exhaustedCap({ max_model_calls: 2 }, { toolCalls: 0, modelCalls: 2, costUsd: 0 })).toBeUndefined();
    expect(exhaustedCap({ max_model_calls: 2 }, { toolCalls: 0, modelCalls: 3, costUsd: 0 })?.cap).toBe('max_model_calls');
    expect(exhaustedCap({ max_cost_usd: 0.05 }, { toolCalls: 0, modelCalls: 1, costUsd: 0.06 })).toEqual({ cap: 'max_cost_usd', message: 'max_cost_usd 0.05 exceeded ($0.06 spent)' });
    expect(exhaustedCap({ max_cost_usd: 0.0001 }, { toolCalls: 0, modelCalls: 1, costUsd: 0.0045 })?.message).toBe('max_cost_usd 0.0001 exceeded ($0.0045 spent)');
    // Past a cap of one cent by less than half a cent, the spend still reads as more than the cap.
    expect(exhaustedCap({ max_cost_usd: 0.01 }, { toolCalls: 0, modelCalls: 1, costUsd: 0.0104 })?.message).toBe('max_cost_usd 0.01 exceeded ($0.0104 spent)');
    expect(exhaustedCap({ max_cost_usd: 0.01 }, { toolCalls: 0, modelCalls: 1, costUsd: 0.0100004 })?.message).toBe('max_cost_usd 0.01 exceeded ($0.0100004 spent)');
  });

  it('reads a summed spend at the cost cap as the cap, not past it: $0.1 + $0.2 leaves the next tool call to run', () => {
    // 0.1 + 0.2 is 0.30000000000000004: refused, the agent was told "max_cost_usd 0.3 exceeded ($0.3 spent)".
    expect(exhaustedCap({ max_cost_usd: 0.3 }, { toolCalls: 0, modelCalls: 2, costUsd: 0.1 + 0.2 })).toBeUndefined();
    expect(exhaustedCap({ max_cost_usd: 0.3 }, { toolCalls: 0, modelCalls: 3, costUsd: 0.1 + 0.2 + 0.0001 })?.cap).toBe('max_cost_usd');
  });

  it('answers budget_exhausted before arguments, authority and policy, and logs it as a denial', () => {
    const s = state([approve], { caps: { max_model_calls: 1 }, spent: { toolCalls: 0, modelCalls: 2, costUsd: 0 } });
    expect(decideToolCall(s, { name: 'issue_refund', args: { amount: 'not checked' } })).toEqual({
      answer: 'budget_exhausted',
      error: { kind: 'budget_exhausted', message: 'budget_exhausted: max_model_calls 1 exceeded (2)' },
      policy: { rule_id: 'budget:max_model_calls', outcome: 'deny' },
    });
    // What the agent's callTool rejects with names the kind once ("budget_exhausted: budget exhausted: …" before).
    const decision = decideToolCall(s, { name: 'issue_refund', args: {} });
    expect(decision.error && errorForAgent(decision.error).message).toBe('budget_exhausted: max_model_calls 1 exceeded (2); make no more calls: answer with what you have');
  });
});
