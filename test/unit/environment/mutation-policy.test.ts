/** Policy rules, argument checks and the MCP face of a case at the edges mutation testing found unpinned. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolAnswer, ToolHost } from '../../../src/adapters/adapter.js';
import type { PolicyRule } from '../../../src/config/schema/index.js';
import { argumentProblems } from '../../../src/environment/arguments.js';
import { decideToolCall } from '../../../src/environment/decide.js';
import { createCaseServer, toCallToolResult } from '../../../src/environment/mcp/tools.js';
import { evaluatePolicy, valueAt, type CallView } from '../../../src/environment/policy.js';
import { judgeReportedCall, reportedAnswer } from '../../../src/environment/reported.js';
import { reportedState, state, tool } from './fixtures.js';
import { excerpt } from '../../../src/common/shorten.js';

const call = (args: Record<string, unknown>, context: Record<string, unknown> = {}, name = 'refund'): CallView => ({ tool: name, arguments: args, context });
const rule = (over: Omit<PolicyRule, 'id' | 'tool'>): PolicyRule => ({ id: 'r', tool: 'refund', ...over });

describe('policy: wording of each denial', () => {
  it('deny_if names every condition with the value found', () => {
    const r = rule({ deny_if: { 'arguments.amount': { gt: 100 }, 'context.tier': 'free' } });
    expect(evaluatePolicy([r], { call: call({ amount: 150 }, { tier: 'free' }), seen: { ranBefore: [] } })).toEqual({
      outcome: 'deny',
      rule_id: 'r',
      reason: 'deny_if holds: arguments.amount=150, context.tier="free"',
    });
  });

  it('allow_only says "missing" for an absent value', () => {
    const r = rule({ allow_only: { 'arguments.currency': { in: ['EUR'] } } });
    expect(evaluatePolicy([r], { call: call({}), seen: { ranBefore: [] } })).toMatchObject({ reason: 'allow_only: arguments.currency=missing is not allowed' });
    expect(evaluatePolicy([r], { call: call({ currency: 'USD' }), seen: { ranBefore: [] } })).toMatchObject({ reason: 'allow_only: arguments.currency="USD" is not allowed' });
  });

  it('require lists every missing path: absent, null, empty or blank', () => {
    const r = rule({ require: ['arguments.a', 'arguments.b', 'arguments.c', 'arguments.d'] });
    expect(evaluatePolicy([r], { call: call({ b: null, c: '', d: 0 }), seen: { ranBefore: [] } })).toMatchObject({ reason: 'require: missing arguments.a, arguments.b, arguments.c' });
    expect(evaluatePolicy([r], { call: call({ a: false, b: 0, c: ' x', d: [null] }), seen: { ranBefore: [] } })).toEqual({ outcome: 'allow', rule_ids: ['r'] });
    // A blank text and an empty list or object say nothing either.
    expect(evaluatePolicy([r], { call: call({ a: ' ', b: '\u200b', c: [], d: {} }), seen: { ranBefore: [] } })).toMatchObject({ reason: 'require: missing arguments.a, arguments.b, arguments.c, arguments.d' });
  });

  it('require_prior needs one of the tools, not all, and names them', () => {
    const r = rule({ require_prior: ['login', 'sso'] });
    expect(evaluatePolicy([r], { call: call({}), seen: { ranBefore: ['sso'] } })).toEqual({ outcome: 'allow', rule_ids: ['r'] });
    expect(evaluatePolicy([r], { call: call({}), seen: { ranBefore: ['lookup'] } })).toMatchObject({ reason: 'require_prior: none of login, sso answered a result earlier in the case' });
  });
});

describe('policy: what a rule can see', () => {
  it('an empty deny_if never denies', () => {
    expect(evaluatePolicy([rule({ deny_if: {} })], { call: call({ amount: 1 }), seen: { ranBefore: [] } })).toEqual({ outcome: 'allow', rule_ids: ['r'] });
  });

  it('a deny_if condition on an absent value does not hold, whatever its matcher', () => {
    expect(evaluatePolicy([rule({ deny_if: { 'arguments.note': { ne: 'ok' } } })], { call: call({}), seen: { ranBefore: [] } })).toEqual({ outcome: 'allow', rule_ids: ['r'] });
  });

  it('reads arguments and context by dotted path, nothing under another root or through a non-object', () => {
    const view = call({ order: { id: 7, tags: null }, s: 'abc' }, { customer: { tier: 'gold' } });
    expect(valueAt(view, 'arguments.order.id')).toBe(7);
    expect(valueAt(view, 'context.customer.tier')).toBe('gold');
    expect(valueAt(view, 'customer.tier')).toBeUndefined();
    expect(valueAt(view, 'arguments.order.tags.first')).toBeUndefined();
    expect(valueAt(view, 'arguments.s.length')).toBeUndefined();
    expect(valueAt(view, 'arguments.order.id.x')).toBeUndefined();
  });

  it('reads only keys the call holds: `__proto__` and `constructor` are absent unless given, and then read as given', () => {
    const view = call({ order: {} }, JSON.parse('{"__proto__":{"tier":"gold"}}') as Record<string, unknown>);
    expect(valueAt(view, 'context.__proto__.tier')).toBe('gold');
    expect(valueAt(view, 'arguments.__proto__')).toBeUndefined();
    expect(valueAt(view, 'arguments.order.constructor')).toBeUndefined();
    expect(evaluatePolicy([rule({ require: ['arguments.__proto__'] })], { call: view, seen: { ranBefore: [] } }).outcome).toBe('deny');
  });

  it('matches rule tools by name or glob, the same pattern again included', () => {
    const rules = [{ id: 'g', tool: 'issue_*', deny_if: { 'arguments.x': 1 } }];
    expect(evaluatePolicy(rules, { call: call({ x: 1 }, {}, 'issue_refund'), seen: { ranBefore: [] } }).outcome).toBe('deny');
    expect(evaluatePolicy(rules, { call: call({ x: 1 }, {}, 'issue_credit'), seen: { ranBefore: [] } }).outcome).toBe('deny');
    expect(evaluatePolicy(rules, { call: call({ x: 1 }, {}, 'lookup'), seen: { ranBefore: [] } }).outcome).toBe('allow');
  });
});

describe('argumentProblems', () => {
  it('reports every problem, accepts keywords it does not know, and checks a tool again the same way', () => {
    const t = tool('t', { parameters: { type: 'object', owner: 'billing', required: ['a', 'b'], properties: { c: { type: 'string' } } } });
    expect(argumentProblems(t, { c: 1 })).toBe("arguments must have required property 'a'; arguments must have required property 'b'; arguments.c must be string");
    expect(argumentProblems(t, { c: 1 })).toBe("arguments must have required property 'a'; arguments must have required property 'b'; arguments.c must be string");
    expect(argumentProblems(t, { a: 1, b: 2 })).toBeUndefined();
  });
});

describe('records leave out what does not apply', () => {
  it('a refusal, a denial and an allowed read call carry no approval', () => {
    const lookup = tool('lookup', { mock: { result: 1 } });
    expect(decideToolCall(state([lookup]), { name: 'nope', args: {} })).toStrictEqual({
      answer: 'tool_not_found',
      error: { kind: 'tool_not_found', message: 'no tool named "nope"; available: lookup' },
    });
    const rules = [{ id: 'no', tool: 'lookup', require: ['arguments.id'] }];
    expect(decideToolCall(state([lookup], { rules }), { name: 'lookup', args: {} })).toStrictEqual({
      answer: 'policy_denied',
      error: { kind: 'policy_denied', message: 'denied by policy rule no: require: missing arguments.id', rule_id: 'no' },
      policy: { rule_id: 'no', outcome: 'deny' },
    });
    expect(decideToolCall(state([lookup]), { name: 'lookup', args: {} })).toStrictEqual({ answer: 'answer', result: 1, policy: { rule_id: 'default', outcome: 'allow' } });
    expect(judgeReportedCall(reportedState([lookup]), { name: 'lookup', result: 1 })).toStrictEqual({ answer: 'answer', ran: true, policy: { rule_id: 'default', outcome: 'allow' } });
  });

  it('a reported call the approver refused, that ran anyway, is approval_missing; every allowing rule is named', () => {
    const refund = tool('refund', { tier: 'approve' });
    const rules = [
      { id: 'a', tool: 'refund', require: ['arguments.amount'] },
      { id: 'b', tool: '*', require: ['arguments.amount'] },
    ];
    const approvals = [{ name: 'refund', arguments: { amount: 5 }, approved: false, at_ms: 0 }];
    const judged = (approved: boolean) =>
      judgeReportedCall(
        reportedState([refund], { rules, approvals: [{ ...approvals[0]!, approved }] }),
        { name: 'refund', arguments: { amount: 5 }, result: {} },
      );
    expect(judged(false)).toMatchObject({ answer: 'approval_missing', policy: { rule_id: 'authority:approval', outcome: 'approval_missing' } });
    expect(judged(true)).toStrictEqual({ answer: 'answer', ran: true, policy: { rule_id: 'a,b', outcome: 'allow' }, consumeApproval: 0 });
  });

  it('a reported domain error ran; a rate limit is a fault by kind or by status', () => {
    const lookup = tool('lookup');
    expect(judgeReportedCall(reportedState([lookup]), { name: 'lookup', error: { kind: 'not_found' } })).toMatchObject({ answer: 'error', ran: true, policy: { outcome: 'allow' } });
    expect(reportedAnswer({ error: { kind: 'rate_limit' } })).toBe('fault');
    expect(reportedAnswer({ error: { kind: 'slow_down', status: 429 } })).toBe('fault');
  });
});

describe('the MCP face of a case, in memory', () => {
  it('writes an undefined result as the text null', () => {
    expect(toCallToolResult({ ok: true, result: undefined })).toEqual({ content: [{ type: 'text', text: 'null' }] });
  });

  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  /** A ToolHost that records what it was asked and answers every call with `{ok: true}`. */
  function recordingHost() {
    const asked: string[] = [];
    const host: ToolHost & { awaitsApproval(): boolean } = {
      callTool: async (name): Promise<ToolAnswer> => {
        asked.push(`call ${name}`);
        return { ok: true, result: { ok: true } };
      },
      requestApproval: async ({ name, reason }) => {
        asked.push(`approve ${name}: ${reason}`);
        return { approved: true };
      },
      recordUsage: () => undefined,
      awaitsApproval: () => true,
    };
    return { host, asked };
  }

  async function connect(host: ToolHost & { awaitsApproval(): boolean }) {
    const tools = [tool('lookup'), tool('refund', { tier: 'approve' }), tool('draft_mail', { tier: 'suggest', effects: ['external'] })];
    const server = createCaseServer({ quote: excerpt, host, tools });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1' });
    clients.push(client);
    await client.connect(clientSide);
    return client;
  }

  it('names itself agentready and asks the approver, with its reason, only for a tool that needs approval and may run', async () => {
    const { host, asked } = recordingHost();
    const client = await connect(host);
    expect(client.getServerVersion()?.name).toBe('agentready');
    for (const name of ['lookup', 'refund', 'draft_mail', 'unknown']) await client.callTool({ name, arguments: {} });
    expect(asked).toEqual([
      'call lookup',
      'approve refund: requested over MCP: decided at call time by the case\'s approvals setting',
      'call refund',
      'call draft_mail',
      'call unknown',
    ]);
  });
});
