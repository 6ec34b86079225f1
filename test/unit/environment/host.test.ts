// CaseEnvironment: what it records and the decision log it streams.
import { describe, expect, it } from 'vitest';
import type { PolicyDecision } from '../../../src/config/schema/index.js';
import { redact } from '../../../src/common/redact.js';
import { CaseEnvironment, type CaseEnvironmentOptions } from '../../../src/environment/host.js';
import { kase, tool } from './fixtures.js';

const email = tool('send_email', { tier: 'autonomous', effects: ['external'], mock: { result: { sent: true } } });
const lookup = tool('lookup_order', { mock: { result: { status: 'shipped' } } });

function environment(over: Partial<CaseEnvironmentOptions> = {}): { env: CaseEnvironment; log: PolicyDecision[] } {
  const log: PolicyDecision[] = [];
  let clock = 0;
  const env = new CaseEnvironment({
    traceId: 'tr-1',
    kase: kase(),
    tools: [email, lookup],
    rules: [{ id: 'email-domains', tool: 'send_email', allow_only: { 'arguments.to': { domain_in: ['example.com'] } } }],
    mode: 'normal',
    caps: {},
    pricing: { 'small-model': { input_per_mtok: 1, output_per_mtok: 2 } },
    now: () => clock++,
    timestamp: () => '2026-01-01T00:00:00.000Z',
    redactText: redact,
    onDecision: (decision) => log.push(decision),
    ...over,
  });
  return { env, log };
}

describe('CaseEnvironment decision log', () => {
  it('hands each decision on before the call is answered, in the documented shape, redacted', async () => {
    const { env, log } = environment();
    await env.requestApproval({ name: 'send_email', args: { to: 'mallory@evil.com' }, reason: 'follow-up' });
    const answer = env.callTool('send_email', { to: 'mallory@evil.com' });
    // Logged synchronously inside callTool: already there before the answer is awaited.
    expect(log).toEqual([{
      timestamp: '2026-01-01T00:00:00.000Z',
      trace_id: 'tr-1',
      rule_id: 'email-domains',
      tool: 'send_email',
      input_summary: '{"to":"[email]"}',
      outcome: 'deny',
    }]);
    expect(await answer).toMatchObject({ ok: false, error: { kind: 'policy_denied', rule_id: 'email-domains' } });
    expect(env.decisions).toEqual(log);
    expect(env.toolCalls[0]).toMatchObject({ name: 'send_email', answer: 'policy_denied', approved: true });
  });

  it('cuts the input summary at 200 characters', async () => {
    const { env, log } = environment();
    await env.callTool('lookup_order', { note: 'x'.repeat(500) });
    expect(log[0]!.input_summary).toHaveLength(200);
    expect(log[0]).toMatchObject({ rule_id: 'default', outcome: 'allow' });
  });
});

describe('CaseEnvironment budgets and approvals', () => {
  it('prices usage with pricing and refuses the next call once max_cost_usd is passed', async () => {
    const { env, log } = environment({ caps: { max_cost_usd: 0.001 } });
    expect((await env.callTool('lookup_order', {})).ok).toBe(true);
    env.recordUsage({ model: 'small-model', input_tokens: 1000, output_tokens: 1000 }); // $0.003
    expect(env.usage[0]).toMatchObject({ cost_usd: 0.003, priced: true });
    expect(await env.callTool('lookup_order', {})).toMatchObject({ ok: false, error: { kind: 'budget_exhausted' } });
    expect(log.map((d) => d.rule_id)).toEqual(['default', 'budget:max_cost_usd']);
  });

  it('takes the gateway\'s records as the case usage once it measured a call, leaving the agent\'s reports out', () => {
    const { env } = environment();
    env.recordUsage({ model: 'small-model', input_tokens: 10, output_tokens: 10 });
    expect(env.usage).toHaveLength(1);
    expect(env.log()).toEqual([]);
    const measured = { model: 'small-model-1', input_tokens: 10, output_tokens: 10, cost_usd: 0.1, priced: true, via: 'gateway' as const, answer: 'model' as const };
    env.recordGatewayCall(measured);
    env.recordGatewayCall({ ...measured, answer: 'rate_limit', cost_usd: 0 });
    env.recordUsage({ model: 'small-model', input_tokens: 10, output_tokens: 10 });
    expect(env.usage.map((u) => u.answer)).toEqual(['model', 'rate_limit']);
    expect(env.log()).toEqual(['[agentready] models: 2 usage reports from the agent left out: the model gateway measured this case\'s model calls']);
  });

  it('times calls on the case clock: a wait for a free agent slot is not in their at_ms, the gateway\'s included', async () => {
    const time = { now: 1000 };
    const { env } = environment({ now: () => time.now });
    time.now += 2; // set-up
    env.asking();
    time.now += 3000; // waiting for a slot
    env.handedOff();
    time.now += 40;
    await env.callTool('lookup_order', {});
    await env.requestApproval({ name: 'send_email', args: {}, reason: undefined });
    // The gateway timed its call from its registration beside the environment, 3,042 ms before.
    env.recordGatewayCall({ model: 'm', input_tokens: 0, output_tokens: 0, cost_usd: 0, priced: true, via: 'gateway', answer: 'model', at_ms: 3042 });
    expect([env.toolCalls[0]!.at_ms, env.approvals[0]!.at_ms, env.usage[0]!.at_ms]).toEqual([40, 40, 40]);
    expect(env.elapsed()).toBe(40);
  });

  it('marks the calls made at once with a budget_exhausted refusal (before its answer was handed back), not those made once the agent could see it', async () => {
    const { env } = environment({ caps: { max_tool_calls: 1 } });
    // Three calls made at once, as Promise.all does: the second is refused, the third reaches the host before that answer left.
    await Promise.all([env.callTool('lookup_order', {}), env.callTool('lookup_order', {}), env.callTool('lookup_order', {})]);
    // A call made once a refusal was seen, at once (an agent that catches it and calls again) or later.
    await env.callTool('lookup_order', {});
    await new Promise<void>((resolve) => setImmediate(resolve));
    await env.callTool('lookup_order', {});
    expect(env.toolCalls.map((c) => [c.answer, c.before_stop_seen])).toEqual([
      ['answer', undefined],
      ['budget_exhausted', undefined],
      ['budget_exhausted', true],
      ['budget_exhausted', undefined],
      ['budget_exhausted', undefined],
    ]);
  });

  it('marks no call once the first refusal was handed back, not even one made at once with a later refusal', async () => {
    const { env } = environment({ caps: { max_tool_calls: 1 } });
    await env.callTool('lookup_order', {});
    // The stop, seen by the agent (it awaited the refusal).
    await env.callTool('lookup_order', {});
    // Two calls at once after it: both ignored the stop the agent had already seen.
    await Promise.all([env.callTool('lookup_order', {}), env.callTool('lookup_order', {})]);
    expect(env.toolCalls.map((c) => [c.answer, c.before_stop_seen])).toEqual([
      ['answer', undefined],
      ['budget_exhausted', undefined],
      ['budget_exhausted', undefined],
      ['budget_exhausted', undefined],
    ]);
  });

  it('counts only gateway calls that reached a model against max_model_calls for tool calls', async () => {
    const { env } = environment({ caps: { max_model_calls: 1 } });
    const record = { model: 'm', input_tokens: 0, output_tokens: 0, cost_usd: 0, priced: true, via: 'gateway' as const };
    env.recordGatewayCall({ ...record, answer: 'model' });
    env.recordGatewayCall({ ...record, answer: 'budget_exhausted' });
    expect((await env.callTool('lookup_order', {})).ok).toBe(true);
  });

  it('refuses every approval in read-only mode and records it', async () => {
    const { env } = environment({ mode: 'read_only' });
    expect(await env.requestApproval({ name: 'send_email', args: { to: 'a@example.com' }, reason: undefined })).toEqual({ approved: false });
    expect(env.approvals).toMatchObject([{ name: 'send_email', approved: false }]);
    expect(await env.callTool('send_email', { to: 'a@example.com' })).toMatchObject({ ok: false, error: { kind: 'execution_disabled' } });
  });

  it('an approver refusal is recorded and the tool then does not run', async () => {
    const { env } = environment({ kase: kase({ approvals: { default: 'grant', tools: { send_email: 'deny' } } }) });
    expect(await env.requestApproval({ name: 'send_email', args: { to: 'a@example.com' }, reason: 'why' })).toEqual({ approved: false });
    expect(await env.callTool('send_email', { to: 'a@example.com' })).toMatchObject({ ok: false, error: { kind: 'approval_denied' } });
    expect(env.toolCalls[0]).toMatchObject({ answer: 'approval_denied', approved: false });
    expect(env.toolCalls[0]).not.toHaveProperty('result');
  });
});

describe('CaseEnvironment: arguments nested too deep', () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = [value];
    return value;
  };

  it('refuses a call or an approval request whose arguments nest more than 100 levels deep, recording nothing (the trace\'s writer would run out of stack)', async () => {
    const { env } = environment();
    await expect(env.callTool('lookup_order', { a: nested(50_000) })).rejects.toMatchObject({ code: -32602, message: 'the lookup_order call\'s arguments nest more than 100 levels deep: refused, not recorded' });
    await expect(env.requestApproval({ name: 'send_email', args: { a: nested(50_000) }, reason: undefined })).rejects.toMatchObject({ code: -32602, message: 'the send_email approval request\'s arguments nest more than 100 levels deep: refused, not recorded' });
    expect(env.toolCalls).toEqual([]);
    expect(env.approvals).toEqual([]);
    // 100 levels, the arguments object included, is still a call.
    await expect(env.callTool('lookup_order', { a: nested(99) })).resolves.toMatchObject({ ok: true });
  });
});

describe('CaseEnvironment.touched', () => {
  it('is false until a tool call, an approval request, a usage report or a model call of the case reaches it (a stdio run with none is sent again after an exit)', async () => {
    const touchers: ((env: CaseEnvironment) => unknown)[] = [
      (env) => env.callTool('lookup_order', {}),
      (env) => env.requestApproval({ name: 'send_email', args: {}, reason: undefined }),
      (env) => env.recordUsage({ model: 'small-model', input_tokens: 1, output_tokens: 1 }),
      (env) => env.recordGatewayCall({ model: 'small-model', input_tokens: 1, output_tokens: 1, cost_usd: 0, priced: true }),
    ];
    for (const touch of touchers) {
      const { env } = environment();
      env.handedOff();
      expect(env.touched()).toBe(false);
      await touch(env);
      expect(env.touched()).toBe(true);
    }
  });
});
