import { describe, expect, it } from 'vitest';
import type { CaseResult, Trace } from '../../../../src/config/schema/index.js';
import { encodeOtlpJson, otelTraceId, type OtlpCase } from '../../../../src/run/otlp/encode.js';
import { trace } from '../../score/trace-builder.js';
import { decodeWithOfficialSchema } from './official-decoder.js';

const RUN = { run_id: '20260301-101500-000-ab12', agent: { name: 'support-bot', version: '2.3.0' }, version: '0.1.0' };
const ENDED = Date.UTC(2026, 2, 1, 10, 15, 30);
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A refund case: two model calls, a lookup, a refund refused for a missing approval, a policy decision. */
function refundTrace(): Trace {
  const built = trace()
    .usage(0.0021, { model: 'gpt-4o-mini', input_tokens: 812, output_tokens: 64 })
    .usage(0, { model: 'local-model', input_tokens: 10, output_tokens: 2, priced: false })
    .call('lookup_order', { order_id: 'A-1001' }, { result: { status: 'delivered', total: 42.5 }, latency_ms: 12 })
    .call('issue_refund', { order_id: 'A-1001', amount: 42.5 }, {
      answer: 'approval_missing',
      error: { kind: 'approval_missing', message: 'issue_refund needs a granted approval/request for this call first' },
      latency_ms: 0,
    })
    .outcome('escalated')
    .output({ reply: 'I passed this to a colleague.', ticket: 7 })
    .duration(1500)
    .build();
  return {
    ...built,
    trace_id: TRACE_ID,
    case_id: 'refund-small',
    suite: 'refunds',
    approvals: [{ name: 'issue_refund', arguments: { order_id: 'A-1001' }, approved: false, reason: 'over the limit', at_ms: 30 }],
    policy_decisions: [
      { timestamp: '2026-03-01T10:15:29.000Z', trace_id: TRACE_ID, rule_id: 'authority:approval', tool: 'issue_refund', input_summary: '{"order_id":"A-1001","amount":42.5}', outcome: 'approval_missing' },
    ],
  };
}

function resultOf(t: Trace, overrides: Partial<CaseResult> = {}): CaseResult {
  return {
    suite: t.suite,
    case_id: t.case_id,
    attempt: t.attempt,
    trace_id: t.trace_id,
    fingerprint: 'fp',
    tags: [],
    status: 'failed',
    outcome: t.outcome,
    duration_ms: t.duration_ms,
    cost_usd: 0.0021,
    model_calls: 2,
    tool_calls: 2,
    tool_errors: 1,
    retries: 0,
    policy_violations: 1,
    checks: [
      { check: 'outcome', pass: true },
      { check: 'policy', pass: false, reason: 'issue_refund ran without a granted approval (call 2)', expected: 'no policy violation', found: [] },
    ],
    ...overrides,
  };
}

function encodeOne(t: Trace, result = resultOf(t)): ReturnType<typeof decodeWithOfficialSchema> {
  const cases: OtlpCase[] = [{ trace: t, result, endedAtMs: ENDED }];
  return decodeWithOfficialSchema(encodeOtlpJson(RUN, cases));
}

describe('encodeOtlpJson', () => {
  it('writes a valid ExportTraceServiceRequest by the official OTLP schema', () => {
    const decoded = encodeOne(refundTrace());
    expect(decoded.unknownFields).toEqual([]);
    expect(decoded.invalid).toBeNull();
    expect(decoded.resources).toEqual([{ 'service.name': 'support-bot', 'service.version': '2.3.0', 'agentready.run_id': RUN.run_id }]);
    expect(decoded.scopes).toMatchObject([{ name: 'agentready', version: '0.1.0' }]);
  });

  it('writes one invoke_agent span per case, a chat span per model call and an execute_tool span per tool call', () => {
    const { spans } = encodeOne(refundTrace());
    expect(spans.map((s) => s.name)).toEqual([
      'invoke_agent support-bot',
      'chat gpt-4o-mini',
      'chat local-model',
      'execute_tool lookup_order',
      'execute_tool issue_refund',
    ]);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([TRACE_ID]));
    const [agent, ...children] = spans;
    expect(agent!.parentSpanId).toBeUndefined();
    for (const child of children) expect(child.parentSpanId).toBe(agent!.spanId);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);
  });

  it('puts the case id, verdict, suite and outcome on the invoke_agent span, with its time and output', () => {
    const [agent] = encodeOne(refundTrace()).spans;
    expect(agent!.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support-bot',
      'agentready.case_id': 'refund-small',
      'agentready.suite': 'refunds',
      'agentready.verdict': 'failed',
      'agentready.outcome': 'escalated',
      'agentready.attempt': 1,
      'agentready.checks.failed': ['policy'],
      'agentready.output': '{"reply":"I passed this to a colleague.","ticket":7}',
    });
    expect(JSON.parse(agent!.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: '{"reply":"I passed this to a colleague.","ticket":7}' }] },
    ]);
    expect(agent!.attributes['agentready.trace_id']).toBeUndefined();
    expect(BigInt(agent!.endTimeUnixNano)).toBe(BigInt(ENDED) * 1_000_000n);
    expect(BigInt(agent!.endTimeUnixNano) - BigInt(agent!.startTimeUnixNano)).toBe(1_500_000_000n);
  });

  it('writes no assistant message for a run that answered nothing (a throw, a timeout), not the text "null"', () => {
    const [failed] = encodeOne({ ...refundTrace(), outcome: 'timeout', output: null, error: { code: 'TIMEOUT', message: 'the agent did not answer within timeout_ms 800' } }).spans;
    expect(JSON.parse(failed!.attributes['gen_ai.output.messages'] as string)).toEqual([]);
    expect(failed!.attributes['agentready.output']).toBe('null');
  });

  it('writes what the agent was asked as gen_ai.input.messages: the case input, or a conversation up to its last user message', () => {
    const [asked] = encodeOne({ ...refundTrace(), input: 'Refund order A-1001, please.' }).spans;
    expect(JSON.parse(asked!.attributes['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Refund order A-1001, please.' }] }]);

    const turn = (n: number, user: string, output: unknown) => ({ turn: n, user, outcome: 'completed' as const, output, duration_ms: 10 });
    const [talked] = encodeOne({ ...refundTrace(), turns: [turn(1, 'Hi', 'Hello, how can I help?'), turn(2, 'Refund A-1001', { done: true })] }).spans;
    expect(JSON.parse(talked!.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello, how can I help?' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Refund A-1001' }] },
    ]);

    // A trace read back from a file written before traces kept the input: no attribute, not an empty list.
    const [unknown] = encodeOne(refundTrace()).spans;
    expect(unknown!.attributes).not.toHaveProperty('gen_ai.input.messages');
  });

  it('gives chat spans the model and token usage', () => {
    const chat = encodeOne(refundTrace()).spans[1]!;
    expect(chat.kind).toBe(3); // SPAN_KIND_CLIENT
    expect(chat.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 812,
      'gen_ai.usage.output_tokens': 64,
      'agentready.usage.cost_usd': 0.0021,
      'agentready.usage.priced': true,
    });
  });

  it('names the provider whose API a gateway call spoke (gen_ai.provider.name, required by the conventions), and none for a reported call', () => {
    const built = trace()
      .usage(0, { model: 'gpt-x', via: 'gateway', answer: 'model', status: 200, api: 'chat_completions' })
      .usage(0, { model: 'gpt-x', via: 'gateway', answer: 'model', status: 200, api: 'responses' })
      .usage(0, { model: 'claude-x', via: 'gateway', answer: 'model', status: 200, api: 'messages' })
      .usage(0, { model: 'local' })
      .build();
    const chats = encodeOne({ ...built, trace_id: TRACE_ID }).spans.slice(1, 5);
    expect(chats.map((span) => span.attributes['gen_ai.provider.name'])).toEqual(['openai', 'openai', 'anthropic', undefined]);
  });

  it('gives a model call that ended in an error (the gateway\'s cap or fault, a provider\'s refusal) error.type and an error status', () => {
    const built = trace()
      .usage(0.0001, { model: 'gpt-x', via: 'gateway', answer: 'model', status: 200 })
      .usage(0, { model: 'gpt-x', input_tokens: 0, output_tokens: 0, via: 'gateway', answer: 'budget_exhausted', status: 429, message: 'max_model_calls 1 reached' })
      .usage(0, { model: 'gpt-x', input_tokens: 0, output_tokens: 0, via: 'gateway', answer: 'model', status: 401 })
      .build();
    const [, answered, capped, refused] = encodeOne({ ...built, trace_id: TRACE_ID }).spans;
    expect([answered!.attributes['error.type'], answered!.status?.code ?? 0]).toEqual([undefined, 0]);
    expect(capped!.attributes).toMatchObject({ 'error.type': 'budget_exhausted', 'agentready.usage.answer': 'budget_exhausted' });
    expect(capped!.status).toEqual({ code: 2, message: 'max_model_calls 1 reached' });
    expect([refused!.attributes['error.type'], refused!.status?.code]).toEqual(['401', 2]);
  });

  it('gives execute_tool spans the tool name, arguments and result, and error.type with an error status on a refused call', () => {
    const [, , , lookup, refund] = encodeOne(refundTrace()).spans;
    expect(lookup!.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_order',
      'gen_ai.tool.call.arguments': '{"order_id":"A-1001"}',
      'gen_ai.tool.call.result': '{"status":"delivered","total":42.5}',
      'agentready.tool.answer': 'answer',
    });
    expect(lookup!.attributes['error.type']).toBeUndefined();
    expect(lookup!.status?.code ?? 0).toBe(0);
    expect(BigInt(lookup!.endTimeUnixNano) - BigInt(lookup!.startTimeUnixNano)).toBe(12_000_000n);
    expect(refund!.attributes).toMatchObject({ 'gen_ai.tool.name': 'issue_refund', 'error.type': 'approval_missing', 'agentready.tool.answer': 'approval_missing' });
    expect(refund!.status).toEqual({ code: 2, message: 'issue_refund needs a granted approval/request for this call first' });
  });

  it('writes the policy decisions and approvals as events of the case span', () => {
    const [agent] = encodeOne(refundTrace()).spans;
    expect(agent!.events).toEqual([
      {
        name: 'agentready.policy.decision',
        attributes: {
          'gen_ai.tool.name': 'issue_refund',
          'agentready.policy.rule_id': 'authority:approval',
          'agentready.policy.outcome': 'approval_missing',
          'agentready.policy.input_summary': '{"order_id":"A-1001","amount":42.5}',
        },
      },
      {
        name: 'agentready.approval',
        attributes: { 'gen_ai.tool.name': 'issue_refund', 'gen_ai.tool.call.arguments': '{"order_id":"A-1001"}', 'agentready.approval.approved': false, 'agentready.approval.reason': 'over the limit' },
      },
    ]);
  });

  it('marks a run that failed with an error status and error.type', () => {
    const failed = trace().error('agent process exited unexpectedly (code=1)').build();
    const [agent] = encodeOne({ ...failed, trace_id: TRACE_ID }, resultOf({ ...failed, trace_id: TRACE_ID }, { status: 'error', checks: [] })).spans;
    expect(agent!.status).toEqual({ code: 2, message: 'agent process exited unexpectedly (code=1)' });
    expect(agent!.attributes).toMatchObject({ 'error.type': 'AGENT_EXITED', 'agentready.verdict': 'error', 'agentready.outcome': 'error' });
  });

  it('derives a 32-hex trace id from one that is not, and keeps the original in agentready.trace_id', () => {
    const t = { ...refundTrace(), trace_id: 'prod-7f3a' };
    const [agent] = encodeOne(t).spans;
    expect(agent!.traceId).toBe(otelTraceId('prod-7f3a'));
    expect(agent!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(agent!.attributes['agentready.trace_id']).toBe('prod-7f3a');
  });

  it('keeps a trace id that already is an OTel one, and is deterministic', () => {
    expect(otelTraceId(TRACE_ID)).toBe(TRACE_ID);
    expect(otelTraceId('4BF92F3577B34DA6A3CE929D0E0E4736')).not.toBe('4BF92F3577B34DA6A3CE929D0E0E4736');
    expect(otelTraceId('0'.repeat(32))).not.toBe('0'.repeat(32));
    const cases = [{ trace: refundTrace(), result: resultOf(refundTrace()), endedAtMs: ENDED }];
    expect(encodeOtlpJson(RUN, cases)).toBe(encodeOtlpJson(RUN, cases));
  });

  it('writes an empty request for a run with no cases', () => {
    expect(JSON.parse(encodeOtlpJson(RUN, []))).toEqual({ resourceSpans: [] });
  });
});
