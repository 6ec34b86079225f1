/** CaseEnvironment's own bookkeeping: approvals used up, calls per tool, what ran, timing, usage, reported calls. */
import { describe, expect, it } from 'vitest';
import type { PolicyDecision } from '../../../src/config/schema/index.js';
import { CaseEnvironment, type CaseEnvironmentOptions } from '../../../src/environment/host.js';
import { judgeReportedCall, reportedAnswer } from '../../../src/environment/reported.js';
import { kase, tool } from './fixtures.js';

const refund = tool('issue_refund', { tier: 'approve', mock: { result: { ok: true } } });
const lookup = tool('lookup_order', { mock: { result: { status: 'shipped' } } });
const login = tool('login', { mock: { result: 'in' } });
const lost = tool('find_parcel', { mock: { error: { kind: 'not_found', message: 'not_found: no parcel' } } });

/** An environment whose clock advances by `step` ms at each reading, starting at 100. */
function environment(over: Partial<CaseEnvironmentOptions> = {}, step = 5): CaseEnvironment {
  let clock = 100;
  return new CaseEnvironment({
    traceId: 'tr-9',
    kase: kase(),
    tools: [refund, lookup, login, lost],
    rules: [{ id: 'auth', tool: 'lookup_order', require_prior: ['login', 'find_parcel'] }],
    mode: 'normal',
    caps: {},
    pricing: { small: { input_per_mtok: 2, output_per_mtok: 4 } },
    now: () => (clock += step) - step,
    timestamp: () => 'T',
    redactText: (text) => text.toUpperCase(),
    ...over,
  });
}

describe('CaseEnvironment: one approval, one call', () => {
  it('uses up a granted approval on the call it served, so the same call again needs another', async () => {
    const env = environment();
    await env.requestApproval({ name: 'issue_refund', args: { amount: 5 }, reason: 'refund' });
    expect(await env.callTool('issue_refund', { amount: 5 })).toEqual({ ok: true, result: { ok: true } });
    expect(await env.callTool('issue_refund', { amount: 5 })).toMatchObject({ ok: false, error: { kind: 'approval_missing' } });
    await env.requestApproval({ name: 'issue_refund', args: { amount: 5 }, reason: undefined });
    expect(await env.callTool('issue_refund', { amount: 5 })).toMatchObject({ ok: true });
    expect(env.toolCalls.map((c) => [c.answer, c.approved])).toEqual([['answer', true], ['approval_missing', undefined], ['answer', true]]);
    expect(env.approvals[1]).not.toHaveProperty('reason');
    expect(env.approvals[0]).toMatchObject({ reason: 'refund' });
  });

  it('keeps the approval of a call that ran nothing (a fault, no mock) for the retry, as a reported call does', async () => {
    const env = environment({
      kase: kase({ faults: [{ tool: 'issue_refund', call: 1, error: 'rate_limit', retry_after_ms: 10 }, { tool: 'issue_refund', call: 2, error: 'timeout' }] }),
      tools: [refund, tool('close_account', { tier: 'approve' })],
    });
    await env.requestApproval({ name: 'issue_refund', args: { amount: 5 }, reason: 'refund' });
    expect(await env.callTool('issue_refund', { amount: 5 })).toMatchObject({ ok: false, error: { kind: 'rate_limit' } });
    expect(await env.callTool('issue_refund', { amount: 5 })).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(await env.callTool('issue_refund', { amount: 5 })).toEqual({ ok: true, result: { ok: true } });
    // The approval was spent by the call that ran: the next identical call needs its own.
    expect(await env.callTool('issue_refund', { amount: 5 })).toMatchObject({ ok: false, error: { kind: 'approval_missing' } });
    await env.requestApproval({ name: 'close_account', args: {}, reason: 'asked' });
    expect(await env.callTool('close_account', {})).toMatchObject({ ok: false, error: { kind: 'not_mocked' } });
    expect(await env.callTool('close_account', {})).toMatchObject({ ok: false, error: { kind: 'not_mocked' } });
    expect(env.toolCalls.map((c) => [c.answer, c.approved])).toEqual([
      ['fault', true],
      ['fault', true],
      ['answer', true],
      ['approval_missing', undefined],
      ['not_mocked', true],
      ['not_mocked', true],
    ]);
  });

  it('uses up an approval the agent reported with its call', () => {
    const env = environment();
    env.recordReported([
      { name: 'issue_refund', arguments: { amount: 5 }, approved: true, result: { ok: true } },
      { name: 'issue_refund', arguments: { amount: 5 }, result: { ok: true } },
    ]);
    expect(env.toolCalls.map((c) => c.answer)).toEqual(['answer', 'approval_missing']);
  });
});

describe('CaseEnvironment: calls per tool and what ran', () => {
  it('numbers calls per known tool for faults, an unknown tool counting for none', async () => {
    const env = environment({ kase: kase({ faults: [{ tool: 'login', call: 2, error: 'timeout' }] }) });
    await env.callTool('login', {});
    await env.callTool('nope', {});
    await env.callTool('issue_refund', {});
    expect(await env.callTool('login', {})).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect((await env.callTool('login', {})).ok).toBe(true);
  });

  it('counts a call for require_prior when the tool answered a result, not its own domain error, nor when it was refused or failed', async () => {
    const refusedFirst = environment({ kase: kase({ faults: [{ tool: 'login', error: 'error' }] }) });
    await refusedFirst.callTool('login', {});
    expect(await refusedFirst.callTool('lookup_order', {})).toMatchObject({ ok: false, error: { kind: 'policy_denied' } });

    const answered = environment();
    await answered.callTool('login', {});
    expect(await answered.callTool('lookup_order', {})).toEqual({ ok: true, result: { status: 'shipped' } });

    // Before: a prerequisite that answered its own error (verify_identity: 'identity mismatch') let the guarded call through.
    const domainError = environment();
    expect(await domainError.callTool('find_parcel', {})).toEqual({ ok: false, error: { kind: 'not_found', message: 'not_found: no parcel' } });
    expect(await domainError.callTool('lookup_order', {})).toMatchObject({ ok: false, error: { kind: 'policy_denied', message: expect.stringContaining('none of login, find_parcel answered a result earlier') } });
  });

  it('counts a reported call for require_prior when it answered a result, for the policy of the calls after it', () => {
    const env = environment();
    env.recordReported([
      { name: 'login', error: { kind: 'timeout' } },
      { name: 'lookup_order', result: {} },
      { name: 'login', error: { kind: 'bad_password' } },
      { name: 'lookup_order', result: {} },
      { name: 'login', result: 'in' },
      { name: 'lookup_order', result: {} },
    ]);
    expect(env.toolCalls.map((c) => c.answer)).toEqual(['fault', 'policy_denied', 'error', 'policy_denied', 'answer', 'answer']);
  });
});

describe('CaseEnvironment: records', () => {
  it('times each call from the start of the case, and logs redacted decisions as they happen', async () => {
    const decisions: PolicyDecision[] = [];
    const env = environment({ onDecision: (d) => decisions.push(d) }, 5);
    await env.callTool('login', { user: 'ann' });
    await env.callTool('nope', {});
    expect(env.toolCalls).toStrictEqual([
      { seq: 0, name: 'login', arguments: { user: 'ann' }, answer: 'answer', result: 'in', at_ms: 5, latency_ms: 5 },
      { seq: 1, name: 'nope', arguments: {}, answer: 'tool_not_found', error: expect.objectContaining({ kind: 'tool_not_found' }) as object, at_ms: 15, latency_ms: 5 },
    ]);
    await env.requestApproval({ name: 'issue_refund', args: {}, reason: undefined });
    expect(env.approvals).toStrictEqual([{ name: 'issue_refund', arguments: {}, approved: true, at_ms: 25 }]);
    expect(decisions).toEqual([{ timestamp: 'T', trace_id: 'tr-9', rule_id: 'default', tool: 'LOGIN', input_summary: '{"USER":"ANN"}', outcome: 'allow' }]);
    expect(env.decisions).toEqual(decisions);
  });

  it('never gives a negative time when the clock steps back', async () => {
    const env = environment({}, -3);
    await env.callTool('login', {});
    expect(env.toolCalls[0]).toMatchObject({ at_ms: 0, latency_ms: 0 });
  });

  it('refuses calls, approvals and usage once closed', async () => {
    const env = environment();
    env.close();
    expect(await env.callTool('login', {})).toEqual({ ok: false, error: { kind: 'case_ended', message: 'case_ended: the case has already ended; stop: the case is over' } });
    expect(await env.requestApproval({ name: 'issue_refund', args: {}, reason: undefined })).toEqual({ approved: false });
    env.recordUsage({ model: 'small', input_tokens: 1, output_tokens: 1 });
    expect(env.toolCalls).toEqual([]);
    expect(env.usage).toEqual([]);
  });

  it('prices usage from the model\'s price by the name given, keeps a given cost, marks unpriced usage, and keeps the name redacted', () => {
    // This environment's redaction upper-cases: the names are the agent's word.
    const env = environment();
    env.recordUsage({ model: 'small', input_tokens: 2_000_000, output_tokens: 500_000 });
    env.recordUsage({ model: 'small', input_tokens: 1, output_tokens: 1, cost_usd: 0.5 });
    env.recordUsage({ model: 'unknown', input_tokens: 10, output_tokens: 10 });
    // A call the gateway measured replaces the reports; its model's name came in the agent's request.
    env.recordGatewayCall({ model: 'measured', input_tokens: 1, output_tokens: 1, cost_usd: 0, priced: false });
    expect(env.usage).toEqual([{ model: 'MEASURED', input_tokens: 1, output_tokens: 1, cost_usd: 0, priced: false }]);
    const reported = environment();
    reported.recordUsage({ model: 'small', input_tokens: 2_000_000, output_tokens: 500_000 });
    reported.recordUsage({ model: 'small', input_tokens: 1, output_tokens: 1, cost_usd: 0.5 });
    reported.recordUsage({ model: 'unknown', input_tokens: 10, output_tokens: 10 });
    expect(reported.usage).toEqual([
      { model: 'SMALL', input_tokens: 2_000_000, output_tokens: 500_000, cost_usd: 6, priced: true },
      { model: 'SMALL', input_tokens: 1, output_tokens: 1, cost_usd: 0.5, priced: true, reported_cost: true },
      { model: 'UNKNOWN', input_tokens: 10, output_tokens: 10, cost_usd: 0, priced: false },
    ]);
  });

  it('sums the cost so far for the cost cap', async () => {
    const env = environment({ caps: { max_cost_usd: 1 } });
    env.recordUsage({ model: 'x', input_tokens: 0, output_tokens: 0, cost_usd: 0.6 });
    expect((await env.callTool('login', {})).ok).toBe(true);
    env.recordUsage({ model: 'x', input_tokens: 0, output_tokens: 0, cost_usd: 0.6 });
    expect(await env.callTool('login', {})).toMatchObject({ ok: false, error: { kind: 'budget_exhausted' } });
  });

  it('records reported calls in order, timed by their latencies, with what they returned', () => {
    const env = environment();
    env.recordReported([
      { name: 'login', arguments: { user: 'ann' }, result: 'in', latency_ms: 30 },
      { name: 'lookup_order', result: null, approved: false },
      { name: 'find_parcel', error: { kind: 'not_found' }, latency_ms: 7 },
    ]);
    expect(env.toolCalls).toStrictEqual([
      { seq: 0, name: 'login', arguments: { user: 'ann' }, answer: 'answer', result: 'in', at_ms: 0, latency_ms: 30 },
      { seq: 1, name: 'lookup_order', arguments: {}, answer: 'answer', result: null, approved: false, at_ms: 30, latency_ms: 0 },
      { seq: 2, name: 'find_parcel', arguments: {}, answer: 'error', error: { kind: 'not_found', message: 'not_found' }, at_ms: 30, latency_ms: 7 },
    ]);
    expect(env.approvals).toEqual([{ name: 'lookup_order', arguments: {}, approved: false, at_ms: 30 }]);
    // The tool's name is redacted as its arguments are (the redaction here writes in capitals).
    expect(env.decisions.map((d) => [d.tool, d.rule_id, d.outcome])).toEqual([
      ['LOGIN', 'default', 'allow'],
      ['LOOKUP_ORDER', 'auth', 'allow'],
      ['FIND_PARCEL', 'default', 'allow'],
    ]);
  });

  it('places reported calls at their own times, and the approvals a trace lists among them at theirs (none made up from `approved`)', () => {
    const env = environment();
    env.recordReported(
      [
        { name: 'login', result: 'in', at_ms: 2.5, latency_ms: 1 },
        { name: 'issue_refund', arguments: { amount: 5 }, result: { ok: true }, approved: true, at_ms: 40, latency_ms: 2 },
        { name: 'issue_refund', arguments: { amount: 5 }, result: { ok: true }, latency_ms: 1 },
      ],
      [
        { name: 'issue_refund', arguments: { amount: 9 }, approved: false, at_ms: 90 },
        { name: 'issue_refund', arguments: { amount: 5 }, approved: true, reason: 'asked', at_ms: 40 },
      ],
    );
    // The second refund starts when the first ended (no time of its own), and finds its approval used up.
    expect(env.toolCalls.map((c) => [c.name, c.at_ms, c.answer])).toEqual([['login', 2.5, 'answer'], ['issue_refund', 40, 'answer'], ['issue_refund', 42, 'approval_missing']]);
    expect(env.approvals).toEqual([
      { name: 'issue_refund', arguments: { amount: 5 }, reason: 'asked', approved: true, at_ms: 40 },
      { name: 'issue_refund', arguments: { amount: 9 }, approved: false, at_ms: 90 },
    ]);
  });
});

describe('reported calls: answer kinds and violations', () => {
  it('reads a service failure by kind or status, and anything else as a domain error', () => {
    expect(reportedAnswer({ error: { kind: 'timeout' } })).toBe('fault');
    expect(reportedAnswer({ error: { kind: 'malformed' } })).toBe('fault');
    expect(reportedAnswer({ error: { kind: 'upstream', status: 500 } })).toBe('fault');
    expect(reportedAnswer({ error: { kind: 'upstream', status: 499 } })).toBe('error');
    expect(reportedAnswer({ error: { kind: 'upstream', status: 428 } })).toBe('error');
    expect(reportedAnswer({ error: { kind: 'answer' } })).toBe('error');
    expect(reportedAnswer({ error: { kind: 'policy_denied' } })).toBe('policy_denied');
  });

  it('words each violation, with the rule id only for a policy rule', () => {
    const state = (rules = [{ id: 'cap', tool: 'issue_refund', deny_if: { 'arguments.amount': { gt: 1 } } }]) => ({
      tools: new Map([refund, tool('draft', { tier: 'suggest' })].map((t) => [t.name, t])),
      rules,
      context: {},
      ran: [],
      approvals: [{ name: 'issue_refund', arguments: { amount: 5 }, approved: true, at_ms: 0 }],
      usedApprovals: new Set<number>(),
      redacted: false,
    });
    expect(judgeReportedCall(state(), { name: 'issue_refund', arguments: { amount: 5 }, result: {} })).toEqual({
      answer: 'policy_denied',
      ran: true,
      error: { kind: 'policy_denied', message: 'ran although policy rule cap denies it: deny_if holds: arguments.amount=5', rule_id: 'cap' },
      policy: { rule_id: 'cap', outcome: 'deny' },
    });
    expect(judgeReportedCall(state(), { name: 'draft', result: 'x' })).toEqual({
      answer: 'policy_denied',
      ran: true,
      error: { kind: 'policy_denied', message: 'draft is a suggest-tier tool but ran' },
      policy: { rule_id: 'authority:suggest', outcome: 'deny' },
    });
    // Without its approval and past the cap: both denials, authority's first.
    expect(judgeReportedCall(state(), { name: 'issue_refund', arguments: { amount: 6 }, result: {} })).toEqual({
      answer: 'approval_missing',
      ran: true,
      error: { kind: 'approval_missing', message: 'issue_refund ran without a granted approval; ran although policy rule cap denies it: deny_if holds: arguments.amount=6' },
      policy: { rule_id: 'authority:approval', outcome: 'approval_missing' },
      alsoDenied: [{ rule_id: 'cap', outcome: 'deny', reason: 'deny_if holds: arguments.amount=6' }],
    });
    expect(judgeReportedCall(state([]), { name: 'issue_refund', arguments: { amount: 6 }, result: {} })).toEqual({
      answer: 'approval_missing',
      ran: true,
      error: { kind: 'approval_missing', message: 'issue_refund ran without a granted approval' },
      policy: { rule_id: 'authority:approval', outcome: 'approval_missing' },
    });
    expect(judgeReportedCall(state([]), { name: 'issue_refund', arguments: { amount: 5 }, result: {} })).toEqual({
      answer: 'answer',
      ran: true,
      policy: { rule_id: 'default', outcome: 'allow' },
      consumeApproval: 0,
    });
  });
});
