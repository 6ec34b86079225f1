// Shadow scoring: the label-free checks over a production trace.
import { describe, expect, it } from 'vitest';
import type { Tool } from '../../../src/config/schema/index.js';
import { argumentProblems } from '../../../src/environment/arguments.js';
import { scoreArguments, scoreKnownTools, scoreToolErrors, scoreUnlabeled } from '../../../src/score/unlabeled.js';
import { trace } from './trace-builder.js';

function tool(name: string, over: Partial<Tool> = {}): Tool {
  return { name, description: '', tier: 'read', effects: [], parameters: { type: 'object' }, ...over };
}

const lookup = tool('lookup_order', { parameters: { type: 'object', properties: { order_id: { type: 'string', pattern: '^A-\\d+$' } }, required: ['order_id'] } });
const refund = tool('issue_refund', { tier: 'approve', effects: ['money'], parameters: { type: 'object', properties: { amount: { type: 'number', maximum: 100 } }, required: ['amount'] } });
const TOOLS = new Map([lookup, refund].map((t) => [t.name, t]));

describe('scoreUnlabeled', () => {
  it('passes a clean production trace on every label-free check', () => {
    const t = trace().call('lookup_order', { order_id: 'A-1' }).usage(0.01).build();
    const checks = scoreUnlabeled({ trace: t, tools: TOOLS, budgets: { max_tool_calls: 5 }, argumentProblems });
    expect(checks).toEqual([
      { check: 'tools', name: 'known tools', pass: true },
      { check: 'tools', name: 'valid arguments', pass: true },
      { check: 'policy', pass: true },
      { check: 'budget', pass: true },
      { check: 'tools', name: 'tool errors handled', pass: true },
    ]);
  });

  it('needs no expectation, but a run that timed out or failed fails the outcome check', () => {
    const t = trace().outcome('timeout').duration(30_000).build();
    const [outcome] = scoreUnlabeled({ trace: t, tools: TOOLS, budgets: {}, argumentProblems });
    expect(outcome).toMatchObject({ check: 'outcome', pass: false, reason: 'the agent ended with timeout after 30000 ms' });
  });

  it('fails a write that ran without approval (the environment answered it approval_missing) and an over-budget run', () => {
    const t = trace().call('issue_refund', { amount: 50 }, { answer: 'approval_missing' }).call('lookup_order', { order_id: 'A-2' }).call('lookup_order', { order_id: 'A-3' }).build();
    const checks = scoreUnlabeled({ trace: t, tools: TOOLS, budgets: { max_tool_calls: 2 }, argumentProblems });
    expect(checks.filter((c) => !c.pass).map((c) => (c.pass ? '' : `${c.check}: ${c.reason}`))).toEqual([
      'policy: issue_refund was called without a granted approval (call 1)',
      'budget: 3 tool calls > max_tool_calls 2',
    ]);
  });
});

describe('scoreKnownTools', () => {
  it('fails on a tool the suites do not declare, once per name', () => {
    const t = trace().call('lookup_order', { order_id: 'A-1' }).call('delete_account').call('delete_account').build();
    expect(scoreKnownTools(t, TOOLS)).toEqual({
      check: 'tools',
      name: 'known tools',
      pass: false,
      reason: 'called a tool the suites do not declare: delete_account',
      expected: ['lookup_order', 'issue_refund'],
      found: [{ call: 2, name: 'delete_account' }, { call: 3, name: 'delete_account' }],
    });
  });
});

describe('scoreArguments', () => {
  it('checks each call to a declared tool against its JSON Schema', () => {
    const t = trace().call('lookup_order', { order_id: '1001' }).call('issue_refund', { amount: 500 }, { approved: true }).call('nope', { x: 1 }).build();
    const check = scoreArguments(t, { tools: TOOLS, argumentProblems });
    expect(check).toMatchObject({
      check: 'tools',
      name: 'valid arguments',
      pass: false,
      reason: 'lookup_order called with invalid arguments: arguments.order_id must match pattern "^A-\\d+$" (call 1) (and 1 more)',
      found: [
        { call: 1, name: 'lookup_order', problems: 'arguments.order_id must match pattern "^A-\\d+$"' },
        { call: 2, name: 'issue_refund', problems: 'arguments.amount must be <= 100' },
      ],
    });
  });

  it('counts a hosted call the environment refused as invalid_arguments', () => {
    const t = trace().call('lookup_order', { order_id: 'A-1' }, { answer: 'invalid_arguments', error: { kind: 'invalid_arguments', message: 'bad' } }).build();
    expect(scoreArguments(t, { tools: TOOLS, argumentProblems: () => undefined })).toMatchObject({ pass: false, found: [{ call: 1, problems: 'bad' }] });
  });
});

describe('scoreToolErrors', () => {
  it('passes when a failed call was retried successfully', () => {
    const t = trace()
      .call('lookup_order', { order_id: 'A-1' }, { answer: 'fault', error: { kind: 'rate_limit', message: 'slow down' } })
      .call('lookup_order', { order_id: 'A-1' })
      .build();
    expect(scoreToolErrors(t)).toEqual({ check: 'tools', name: 'tool errors handled', pass: true });
  });

  it('fails on a tool error or fault no later call got past', () => {
    const t = trace()
      .call('lookup_order', { order_id: 'A-1' }, { answer: 'error', error: { kind: 'not_found', message: 'no order' } })
      .call('issue_refund', { amount: 1 }, { answer: 'fault', result: '{"trunc' })
      .call('issue_refund', { amount: 1 }, { answer: 'fault', error: { kind: 'timeout', message: 'timed out' } })
      .build();
    expect(scoreToolErrors(t)).toMatchObject({
      pass: false,
      reason: 'lookup_order failed with not_found and no later call to it succeeded (call 1) (and 2 more)',
      found: [
        { call: 1, name: 'lookup_order', kind: 'not_found' },
        { call: 2, name: 'issue_refund', kind: 'malformed' },
        { call: 3, name: 'issue_refund', kind: 'timeout' },
      ],
    });
  });

  it('is no tool error to be refused by policy or a budget', () => {
    const t = trace().call('issue_refund', {}, { answer: 'policy_denied' }).call('lookup_order', {}, { answer: 'budget_exhausted' }).build();
    expect(scoreToolErrors(t).pass).toBe(true);
  });
});
