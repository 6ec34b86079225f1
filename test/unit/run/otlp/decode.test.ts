import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseResult, Trace } from '../../../../src/config/schema/index.js';
import { looksLikeOtlp, parseOtlpTraces } from '../../../../src/run/otlp/decode.js';
import { encodeOtlpJson, otelTraceId } from '../../../../src/run/otlp/encode.js';
import { recordedFromTrace } from '../../../../src/run/own-traces.js';
import { readTracesToScore } from '../../../../src/run/traces-file.js';
import { trace } from '../../score/trace-builder.js';

const FIXTURE = new URL('../../../fixtures/otlp/support-bot.otlp.json', import.meta.url);
const RUN = { run_id: 'r1', agent: { name: 'support-bot', version: '2.3.0' }, version: '0.1.0' };

function resultOf(t: Trace): CaseResult {
  return {
    suite: t.suite, case_id: t.case_id, attempt: t.attempt, trace_id: t.trace_id, fingerprint: 'fp', tags: [], status: 'passed',
    outcome: t.outcome, duration_ms: t.duration_ms, cost_usd: 0, model_calls: t.usage.length, tool_calls: t.tool_calls.length,
    tool_errors: 0, retries: 0, policy_violations: 0, checks: [],
  };
}

function encode(...traces: Trace[]): string {
  return encodeOtlpJson(RUN, traces.map((t, i) => ({ trace: t, result: resultOf(t), endedAtMs: Date.UTC(2026, 2, 1) + i * 5000 })));
}

// One attribute, and a span of a hand-written trace (span 1 the root, the others its children) `at` ms in, lasting 10 ms.
const kv = (key: string, value: string | number) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });
const spanIn = (traceId: string) => (id: number, name: string, at: number, attributes: ReturnType<typeof kv>[]) => ({
  traceId, spanId: id.toString(16).padStart(16, '0'), ...(id === 1 ? {} : { parentSpanId: '0000000000000001' }),
  name, startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(at) * 1_000_000n), endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(at + 10) * 1_000_000n), attributes,
});

describe('parseOtlpTraces: a file another tool exported in the GenAI conventions', () => {
  const parsed = parseOtlpTraces(readFileSync(FIXTURE, 'utf8'), 'prod.otlp.json');

  it('reads traces without agentready.case_id as production traces and skips traces with no GenAI span', () => {
    expect(parsed.issues).toEqual([]);
    expect(parsed.production.map((p) => p.trace.trace_id)).toEqual(['5b8efff798038103d269b633813fc60c', '0af7651916cd43dd8448eb211c80319c']);
    expect(parsed.skipped).toEqual({ not_run: 0, not_genai: 1 });
    // Its tool calls are all read: no span is left out as one that looks like a tool.
    expect(parsed.unread_tools).toBe(0);
  });

  it('takes the input, output, duration and model usage from the invoke_agent and chat spans', () => {
    const [first] = parsed.production;
    expect(first!.input).toBe('Where is my order A-1001?');
    expect(first!.line).toBe(1);
    expect(first!.trace).toMatchObject({
      // The span ended without an error, and says nothing more of how the run ended: not "completed".
      outcome: 'unknown',
      output: 'Your order A-1001 was delivered on Monday.',
      duration_ms: 2400,
      usage: [
        { model: 'gpt-4o-mini', input_tokens: 812, output_tokens: 41 },
        { model: 'gpt-4o-mini', input_tokens: 950, output_tokens: 30 },
      ],
      tool_calls: [{ name: 'lookup_order', arguments: { order_id: 'A-1001' }, result: { status: 'delivered', delivered_on: '2026-02-23' }, latency_ms: 50 }],
    });
    expect(first!.trace.usage).toEqual(expect.not.arrayContaining([expect.objectContaining({ cost_usd: expect.anything() })]));
  });

  it("counts 0 for a token count past 2^53, as the gateway does: 1e308 tokens of a priced model made the run's cost 1e302 dollars", () => {
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    const chat = doc.resourceSpans[0].scopeSpans[0].spans.find((span: { name: string }) => span.name.startsWith('chat '));
    chat.attributes = chat.attributes.map((a: { key: string }) =>
      a.key === 'gen_ai.usage.input_tokens' ? { key: a.key, value: { doubleValue: 1e308 } } : a.key === 'gen_ai.usage.output_tokens' ? { key: a.key, value: { intValue: '99999999999999999999999999' } } : a,
    );
    const [first] = parseOtlpTraces(JSON.stringify(doc), 'prod.otlp.json').production;
    expect(first!.trace.usage).toContainEqual({ model: 'gpt-4o-mini', input_tokens: 0, output_tokens: 0 });
  });

  it('joins the tool spans of a trace that came in another scope, in start order, with error.type as the error kind', () => {
    const second = parsed.production[1]!;
    expect(second.trace.tool_calls).toEqual([
      { name: 'lookup_order', arguments: { order_id: 'A-2002' }, error: { kind: 'timeout', message: 'upstream timed out after 30s' }, at_ms: 710, latency_ms: 90 },
      { name: 'issue_refund', arguments: { order_id: 'A-2002', amount: 500 }, result: { refund_id: 'R-88' }, at_ms: 810, latency_ms: 690 },
    ]);
  });

  it('reads a trace whose agent span carries agentready.case_id as that case', () => {
    expect(parsed.labeled).toHaveLength(1);
    expect(parsed.labeled[0]!.trace).toMatchObject({
      case_id: 'order-status',
      trace_id: 'b7ad6b7169203331c0ffee0000000003',
      outcome: 'completed',
      output: 'Your order A-1001 was delivered on Monday.',
      tool_calls: [{ name: 'lookup_order', arguments: { order_id: 'A-1001' } }],
    });
  });
});

describe('parseOtlpTraces: a failed model call of another tool', () => {
  const span = spanIn('1c0ffee0000000000000000000000abc');
  const failed = { code: 2, message: '429 Too Many Requests' };
  const chat = (id: number, at: number, tokens: number) => span(id, 'chat gpt-4o', at, [kv('gen_ai.operation.name', 'chat'), kv('gen_ai.request.model', 'gpt-4o'), ...(tokens > 0 ? [kv('gen_ai.usage.input_tokens', tokens), kv('gen_ai.usage.output_tokens', 1)] : [])]);

  it('is no model call when its span ended in an error and spent no tokens, as agentready marks a call no model answered; one that spent tokens counts', () => {
    const spans = [
      span(1, 'invoke_agent bot', 0, [kv('gen_ai.operation.name', 'invoke_agent')]),
      { ...chat(2, 1, 0), status: failed },
      { ...chat(3, 2, 0), attributes: [...chat(3, 2, 0).attributes, kv('error.type', 'timeout')] },
      { ...chat(4, 3, 40), status: failed },
      chat(5, 4, 50),
    ];
    const [read] = parseOtlpTraces(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }), 'prod.otlp.json').production;
    expect(read!.trace.usage).toEqual([{ model: 'gpt-4o', input_tokens: 40, output_tokens: 1 }, { model: 'gpt-4o', input_tokens: 50, output_tokens: 1 }]);
  });
});

describe('parseOtlpTraces: an agentready.case_id that is not a text', () => {
  it('is a located problem, not a production trace judged by no label', () => {
    const span = spanIn('0af7651916cd43dd8448eb211c80319d');
    const request = (id: ReturnType<typeof kv>) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span(1, 'invoke_agent support', 0, [kv('gen_ai.operation.name', 'invoke_agent'), id])] }] }] });
    const parsed = parseOtlpTraces(request(kv('agentready.case_id', 42)), 'f.json');
    expect(parsed.production).toEqual([]);
    expect(parsed.labeled).toEqual([]);
    expect(parsed.issues).toEqual([expect.objectContaining({ file: 'f.json', path: 'agentready.case_id', code: 'invalid_type', found: '42' })]);
    expect(parseOtlpTraces(request(kv('agentready.case_id', 'c-1')), 'f.json').labeled.map((l) => l.trace.case_id)).toEqual(['c-1']);
  });
});

describe('parseOtlpTraces: the Vercel AI SDK\'s own telemetry spans', () => {
  const span = spanIn('4bf92f3577b34da6a3ce929d0e0e4736');
  const spans = [
    span(1, 'ai.generateText', 0, [kv('operation.name', 'ai.generateText'), kv('ai.model.id', 'gpt-4o-mini')]),
    span(2, 'ai.generateText.doGenerate', 1, [kv('operation.name', 'ai.generateText.doGenerate'), kv('gen_ai.system', 'openai.chat'), kv('gen_ai.request.model', 'gpt-4o-mini'), kv('gen_ai.usage.input_tokens', 120), kv('gen_ai.usage.output_tokens', 9)]),
    span(3, 'ai.toolCall', 20, [kv('operation.name', 'ai.toolCall'), kv('ai.toolCall.name', 'lookup_order'), kv('ai.toolCall.id', 'call_1'), kv('ai.toolCall.args', '{"order_id":"A-1001"}'), kv('ai.toolCall.result', '{"status":"shipped"}')]),
  ];
  const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: 'ai' }, spans }] }] });

  it('orders the model calls by their start, as the run made them, though the exporter wrote them out of order', () => {
    const later = span(4, 'ai.generateText.doGenerate', 30, [kv('gen_ai.request.model', 'gpt-4o'), kv('gen_ai.usage.input_tokens', 7), kv('gen_ai.usage.output_tokens', 1)]);
    const reordered = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [spans[0], later] }] }, { scopeSpans: [{ spans: spans.slice(1) }] }] });
    expect(parseOtlpTraces(reordered, 'vercel.otlp.json').production[0]!.trace.usage).toMatchObject([{ model: 'gpt-4o-mini' }, { model: 'gpt-4o' }]);
  });

  it('reads an ai.toolCall span as the tool call it is: a production trace whose calls vanished passed every check of them', () => {
    const parsed = parseOtlpTraces(text, 'vercel.otlp.json');
    expect(parsed.issues).toEqual([]);
    expect(parsed.production.map((p) => p.trace.tool_calls)).toEqual([[{ name: 'lookup_order', arguments: { order_id: 'A-1001' }, result: { status: 'shipped' }, at_ms: 20, latency_ms: 10 }]]);
    expect(parsed.production[0]!.trace.usage).toEqual([{ model: 'gpt-4o-mini', input_tokens: 120, output_tokens: 9 }]);
  });
});

describe('parseOtlpTraces: OpenLLMetry\'s (Traceloop\'s) own tool spans', () => {
  const span = spanIn('5c0ffee0000000000000000000000abc');
  const tool = (id: number, name: string, input: string, output: string) =>
    span(id, `${name}.tool`, id * 20, [kv('traceloop.span.kind', 'tool'), kv('traceloop.entity.name', name), kv('traceloop.entity.input', input), kv('traceloop.entity.output', output)]);
  const spans = [
    span(1, 'support.workflow', 0, [kv('traceloop.span.kind', 'workflow'), kv('traceloop.entity.name', 'support')]),
    span(2, 'openai.chat', 1, [kv('llm.request.type', 'chat'), kv('gen_ai.request.model', 'gpt-4o-mini'), kv('gen_ai.usage.input_tokens', 50), kv('gen_ai.usage.output_tokens', 5)]),
    // The Python decorator's shape: keyword arguments named, the return value as JSON.
    tool(3, 'issue_refund', '{"args": [], "kwargs": {"order_id": "A-1", "amount": 900}}', '{"refund_id": "R-1"}'),
    // LangChain's callbacks': the tool's input in `inputs`, the callback's own kwargs beside it, the output wrapped.
    tool(4, 'lookup_order', '{"input_str": "{\'order_id\': \'A-1\'}", "tags": [], "metadata": {}, "inputs": {"order_id": "A-1"}, "kwargs": {"color": "green"}}', '{"output": "shipped", "kwargs": {"name": "lookup_order"}}'),
    // Positional arguments have no names: no check can read them.
    tool(5, 'delete_account', '{"args": ["u-7"], "kwargs": {}}', '{"deleted": true}'),
  ];
  const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: 'traceloop.tracer' }, spans }] }] });

  it('reads traceloop.span.kind: tool spans as the tool calls they are: the calls vanished, and the trace passed the known-tools, arguments and policy checks', () => {
    const parsed = parseOtlpTraces(text, 'openllmetry.otlp.json');
    expect(parsed.issues).toEqual([]);
    expect(parsed.production.map((p) => p.trace.tool_calls)).toEqual([[
      { name: 'issue_refund', arguments: { order_id: 'A-1', amount: 900 }, result: { refund_id: 'R-1' }, at_ms: 60, latency_ms: 10 },
      { name: 'lookup_order', arguments: { order_id: 'A-1' }, result: 'shipped', at_ms: 80, latency_ms: 10 },
      { name: 'delete_account', arguments: {}, result: { deleted: true }, at_ms: 100, latency_ms: 10 },
    ]]);
    expect(parsed.unreadable_arguments).toBe(1);
  });
  it('counts a tool span with no traceloop.entity.input (content tracing off) in the warning of calls read with no arguments', () => {
    const bare = span(3, 'issue_refund.tool', 60, [kv('traceloop.span.kind', 'tool'), kv('traceloop.entity.name', 'issue_refund')]);
    const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: 'traceloop.tracer' }, spans: [spans[0], bare] }] }] });
    const parsed = parseOtlpTraces(text, 'openllmetry.otlp.json');
    expect(parsed.production[0]!.trace.tool_calls?.map((call) => [call.name, call.arguments])).toEqual([['issue_refund', {}]]);
    expect(parsed.unreadable_arguments).toBe(1);
    const read = readTracesToScore({ text, file: 'openllmetry.otlp.json', suites: [], unlabeled: true });
    expect(read.ok && read.value.warnings).toContainEqual(expect.stringMatching(/^1 tool call in openllmetry\.otlp\.json .*OpenLLMetry.*no traceloop\.entity\.input.*read with no arguments/));
  });

  it('reads a tool\'s result once: a returned string that is JSON text too ("42", \'{"ok": true}\') stays the string it was', () => {
    const strings = [
      tool(3, 'count_orders', '{"args": [], "kwargs": {}}', '"42"'),
      tool(4, 'lookup_order', '{"inputs": {"order_id": "A-1"}}', '{"output": "{\\"ok\\": true}"}'),
    ];
    const parsed = parseOtlpTraces(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: 'traceloop.tracer' }, spans: [spans[0], ...strings] }] }] }), 'openllmetry.otlp.json');
    expect(parsed.production.map((p) => (p.trace.tool_calls ?? []).map((call) => call.result))).toEqual([['42', '{"ok": true}']]);
  });
});

describe('parseOtlpTraces: OpenInference\'s (Arize Phoenix\'s) spans', () => {
  const request = (spans: object[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: 'openinference.instrumentation.langchain' }, spans }] }] });
  const kind = (value: string) => kv('openinference.span.kind', value);
  const tool = (span: ReturnType<typeof spanIn>) => (id: number, name: string, input: string, output: string) =>
    span(id, name, id * 20, [kind('TOOL'), kv('tool.name', name), kv('tool.parameters', '{"type":"object","properties":{"order_id":{"type":"string"}}}'), kv('input.value', input), kv('input.mime_type', 'application/json'), kv('output.value', output)]);

  it('reads a trace with no gen_ai.* attribute: TOOL spans as tool calls, LLM spans as model calls, the AGENT span\'s input and output (it was skipped whole, as a trace with no GenAI span)', () => {
    const span = spanIn('8c0ffee0000000000000000000000abc');
    const spans = [
      span(1, 'support_agent', 0, [kind('AGENT'), kv('input.value', 'Refund order A-1'), kv('input.mime_type', 'text/plain'), kv('output.value', '"Refunded: R-1"'), kv('output.mime_type', 'application/json')]),
      span(2, 'ChatOpenAI', 1, [kind('LLM'), kv('llm.model_name', 'gpt-4o-mini'), kv('llm.token_count.prompt', 50), kv('llm.token_count.completion', 5), kv('llm.input_messages.0.message.role', 'system'), kv('llm.input_messages.0.message.content', 'Be brief.'), kv('llm.input_messages.1.message.role', 'user'), kv('llm.input_messages.1.message.content', 'Refund order A-1')]),
      tool(span)(3, 'issue_refund', '{"order_id": "A-1", "amount": 900}', '{"refund_id": "R-1"}'),
      // A LangChain tool given one string: no JSON object, no names to check.
      { ...tool(span)(4, 'delete_account', 'u-7', 'deleted'), status: { code: 2, message: 'not allowed' } },
    ];
    const parsed = parseOtlpTraces(request(spans), 'phoenix.otlp.json');
    expect(parsed.issues).toEqual([]);
    expect(parsed.skipped.not_genai).toBe(0);
    expect(parsed.production.map((p) => [p.input, p.trace.output, p.trace.usage, p.trace.tool_calls])).toEqual([[
      'Refund order A-1', 'Refunded: R-1', [{ model: 'gpt-4o-mini', input_tokens: 50, output_tokens: 5 }],
      [
        { name: 'issue_refund', arguments: { order_id: 'A-1', amount: 900 }, result: { refund_id: 'R-1' }, at_ms: 60, latency_ms: 10 },
        { name: 'delete_account', arguments: {}, result: 'deleted', error: { kind: 'error', message: 'not allowed' }, at_ms: 80, latency_ms: 10 },
      ],
    ]]);
    expect([parsed.unreadable_arguments, parsed.unread_tools]).toEqual([1, 0]);
  });

  it('keeps a TOOL span\'s output.value as text when output.mime_type says text, though it reads as JSON', () => {
    const span = spanIn('8d0ffee0000000000000000000000abc');
    const asText = (called: ReturnType<typeof span>) => ({ ...called, attributes: [...called.attributes, kv('output.mime_type', 'text/plain')] });
    const spans = [
      span(1, 'support_agent', 0, [kind('AGENT')]),
      asText(tool(span)(3, 'lookup_order', '{"order_id": "A-1"}', '{"status": "shipped"}')),
      tool(span)(4, 'count_orders', '{}', '42'),
      asText(tool(span)(5, 'order_total', '{}', '42')),
    ];
    const calls = parseOtlpTraces(request(spans), 'phoenix.otlp.json').production[0]!.trace.tool_calls;
    // A text answer that happens to read as JSON is the text the tool returned; with no mime type, JSON text is read as its value.
    expect(calls?.map((call) => call.result)).toEqual(['{"status": "shipped"}', 42, '42']);
  });

  it('counts the tool calls a model asked for in a trace that records no tool span (llm.output_messages\' tool_calls, gen_ai.output.messages\' tool_call parts), and warns', () => {
    const span = spanIn('8e0ffee0000000000000000000000abc');
    const asked = (m: number, name: string) => [kv(`llm.output_messages.0.message.tool_calls.${m}.tool_call.function.name`, name), kv(`llm.output_messages.0.message.tool_calls.${m}.tool_call.function.arguments`, '{"account_id": "u-7"}')];
    const spans = [
      span(1, 'support_agent', 0, [kind('AGENT')]),
      span(2, 'ChatOpenAI', 1, [kind('LLM'), kv('llm.model_name', 'gpt-4o-mini'), kv('llm.output_messages.0.message.role', 'assistant'), ...asked(0, 'delete_account'), ...asked(1, 'send_email')]),
      span(3, 'chat gpt-4o', 30, [kv('gen_ai.operation.name', 'chat'), kv('gen_ai.request.model', 'gpt-4o'), kv('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'wire_money', arguments: { to: 'X-9' } }] }]))]),
    ];
    const text = request(spans);
    const parsed = parseOtlpTraces(text, 'phoenix.otlp.json');
    expect(parsed.production[0]!.trace.tool_calls).toEqual([]);
    expect(parsed.unspanned_tool_calls).toBe(3);
    const read = readTracesToScore({ text, file: 'phoenix.otlp.json', suites: [], unlabeled: true });
    expect(read.ok && read.value.warnings).toContainEqual(expect.stringMatching(/^3 tool calls a model asked for in phoenix\.otlp\.json .*no tool span.*: left out of the tool calls/));
    // A trace with tool spans has its calls read from them: what the model asked for is not counted again.
    expect(parseOtlpTraces(request([...spans, tool(span)(4, 'delete_account', '{"account_id": "u-7"}', 'ok')]), 'phoenix.otlp.json').unspanned_tool_calls).toBe(0);
  });

  it('reads an OpenInference TOOL span of a trace that has GenAI spans too: the call vanished with no warning, and the trace passed the known-tools and policy checks', () => {
    const span = spanIn('9c0ffee0000000000000000000000abc');
    const spans = [
      span(1, 'invoke_agent support', 0, [kv('gen_ai.operation.name', 'invoke_agent')]),
      span(2, 'chat gpt-4o', 1, [kv('gen_ai.operation.name', 'chat'), kv('gen_ai.request.model', 'gpt-4o')]),
      tool(span)(3, 'wire_money', '{"to": "X-9"}', 'ok'),
    ];
    expect(parseOtlpTraces(request(spans), 'mixed.otlp.json').production[0]!.trace.tool_calls?.map((c) => [c.name, c.arguments])).toEqual([['wire_money', { to: 'X-9' }]]);
  });

  it('counts a span that looks like a tool call in no convention it reads, and warns; a span over calls it read (LangGraph\'s tools node) is no call', () => {
    const span = spanIn('ac0ffee0000000000000000000000abc');
    const spans = [
      span(1, 'invoke_agent support', 0, [kv('gen_ai.operation.name', 'invoke_agent')]),
      span(2, 'tools', 1, [kind('CHAIN')]),
      { ...tool(span)(3, 'lookup_order', '{"order_id": "A-1"}', 'shipped'), parentSpanId: '0000000000000002' },
      span(4, 'tool_call wire_money', 70, [kv('langfuse.observation.type', 'tool')]),
      span(5, 'format_answer', 90, [kv('observation.type', 'TOOL')]),
      span(6, 'render', 95, []),
      // Spans that say what else they are: a sub-agent listing its tools, OpenInference's and OpenLLMetry's kinds.
      span(7, 'invoke_agent billing', 96, [kv('gen_ai.operation.name', 'invoke_agent'), kv('gen_ai.tool.definitions', '[{"name":"refund"}]')]),
      span(8, 'tool_router', 97, [kind('CHAIN')]),
      span(9, 'tool_selection.task', 98, [kv('traceloop.span.kind', 'task')]),
    ];
    const text = request(spans);
    const parsed = parseOtlpTraces(text, 'mixed.otlp.json');
    expect(parsed.production[0]!.trace.tool_calls?.map((c) => c.name)).toEqual(['lookup_order']);
    expect(parsed.unread_tools).toBe(2);
    const read = readTracesToScore({ text, file: 'mixed.otlp.json', suites: [], unlabeled: true });
    expect(read.ok && read.value.warnings).toContainEqual(expect.stringMatching(/^2 spans in mixed\.otlp\.json look like a tool call .* left out of the tool calls/));
  });
});

describe('parseOtlpTraces: messages recorded as span events, the older GenAI conventions', () => {
  const event = (name: string, attributes: ReturnType<typeof kv>[]) => ({ timeUnixNano: '1700000000001000000', name, attributes });
  const request = (spans: object[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

  it('reads gen_ai.content.prompt and gen_ai.content.completion events of the model calls when the root span records no message (OpenLLMetry)', () => {
    const span = spanIn('6c0ffee0000000000000000000000abc');
    const chat = (id: number, at: number, question: string, answer: string) => ({
      ...span(id, 'openai.chat', at, [kv('gen_ai.request.model', 'gpt-4o-mini')]),
      events: [
        event('gen_ai.content.prompt', [kv('gen_ai.prompt', JSON.stringify([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: question }]))]),
        event('gen_ai.content.completion', [kv('gen_ai.completion', JSON.stringify([{ role: 'assistant', content: answer }]))]),
      ],
    });
    const text = request([span(1, 'support.workflow', 0, [kv('traceloop.span.kind', 'workflow')]), chat(2, 1, 'Where is my order A-1?', 'Let me look.'), chat(3, 30, 'Where is my order A-1?', 'It shipped on Monday.')]);
    const [read] = parseOtlpTraces(text, 'events.otlp.json').production;
    expect([read!.input, read!.trace.output]).toEqual(['Where is my order A-1?', 'It shipped on Monday.']);
  });

  it('reads one event a message, gen_ai.user.message and gen_ai.choice, with the body in gen_ai.event.content or as attributes', () => {
    const span = spanIn('7c0ffee0000000000000000000000abc');
    const agent = {
      ...span(1, 'invoke_agent support', 0, [kv('gen_ai.operation.name', 'invoke_agent')]),
      events: [
        event('gen_ai.system.message', [kv('gen_ai.event.content', '{"content":"Be brief."}')]),
        event('gen_ai.user.message', [kv('gen_ai.event.content', '{"role":"user","content":"Cancel my plan"}')]),
        event('gen_ai.choice', [kv('gen_ai.event.content', '{"index":0,"finish_reason":"stop","message":{"content":"Your plan is cancelled."}}')]),
      ],
    };
    const [read] = parseOtlpTraces(request([agent]), 'events.otlp.json').production;
    expect([read!.input, read!.trace.output]).toEqual(['Cancel my plan', 'Your plan is cancelled.']);
    const asAttributes = { ...agent, events: [event('gen_ai.user.message', [kv('content', 'Cancel my plan')]), event('gen_ai.assistant.message', [kv('content', 'Done.')])] };
    const [plain] = parseOtlpTraces(request([asAttributes]), 'events.otlp.json').production;
    expect([plain!.input, plain!.trace.output]).toEqual(['Cancel my plan', 'Done.']);
  });

  it('takes no model call\'s answer for a run whose agent span says it answered nothing', () => {
    const span = spanIn('8c0ffee0000000000000000000000abc');
    const chat = { ...span(2, 'chat m', 1, [kv('gen_ai.request.model', 'm')]), events: [event('gen_ai.content.completion', [kv('gen_ai.completion', 'Let me look.')])] };
    const text = request([span(1, 'invoke_agent a', 0, [kv('gen_ai.operation.name', 'invoke_agent'), kv('gen_ai.output.messages', '[]')]), chat]);
    expect(parseOtlpTraces(text, 'events.otlp.json').production[0]!.trace.output).toBeUndefined();
  });
});

describe('parseOtlpTraces: what agentready wrote reads back as the recorded trace it amounts to', () => {
  it('gives the same recorded trace as agentready\'s own traces.jsonl would', () => {
    const t: Trace = {
      ...trace()
        .usage(0.0021, { model: 'gpt-4o-mini', input_tokens: 812, output_tokens: 64 })
        .usage(0, { model: 'unpriced', priced: false })
        .call('lookup_order', { order_id: 'A-1001' }, { result: 'delivered', latency_ms: 12 })
        .call('lookup_order', { order_id: 'A-1001' }, { answer: 'fault', error: { kind: 'rate_limit', message: 'slow down', status: 429, retry_after_ms: 200 }, at_ms: 26.917, latency_ms: 3 })
        // Called again 200 ms later, as the rate_limit asked: the retry check needs the calls' own times.
        .call('lookup_order', { order_id: 'A-1001' }, { answer: 'fault', result: '{"trunc', at_ms: 226.917, latency_ms: 1 })
        .call('issue_refund', { order_id: 'A-1001' }, { answer: 'policy_denied', error: { kind: 'policy_denied', message: 'denied by policy rule max-refund', rule_id: 'max-refund' }, at_ms: 230, latency_ms: 0 })
        // Refused, and no call followed: it stands for the call it asked about (SPEC §17).
        .approval('issue_refund', { order_id: 'A-2002' }, false)
        .call('close_ticket', {}, { answer: 'error', error: { kind: 'not_found', message: 'no ticket' }, approved: true, at_ms: 240, latency_ms: 4 })
        .outcome('partial')
        .output({ answer: 'half done', items: [1, 2] })
        .duration(1500)
        .build(),
      trace_id: 'tr-not-hex',
      case_id: 'refund-small',
      suite: 'refunds',
    };
    const parsed = parseOtlpTraces(encode(t), 'run.otlp.json');
    expect([parsed.issues, parsed.unread_tools]).toEqual([[], 0]);
    expect(parsed.labeled.map((l) => l.trace)).toEqual([recordedFromTrace(t)]);
    expect(parsed.labeled[0]!.trace.approvals).toEqual([{ name: 'issue_refund', arguments: { order_id: 'A-2002' }, approved: false, at_ms: 40 }]);
    expect(parsed.labeled[0]!.trace.tool_calls?.map((call) => call.at_ms)).toEqual([0, 26.917, 226.917, 230, 240]);
  });

  it('reads the model gateway\'s calls back whole: the API, whether streamed, why the gateway answered one itself (the budget check names the cap from it), a call made at once with the hard stop, a client\'s retry of a refused request and an answer without usage', () => {
    const gateway = { via: 'gateway' as const, api: 'chat_completions' as const, stream: true };
    const t: Trace = {
      ...trace()
        .usage(0.0021, { ...gateway, model: 'gpt-4o-mini', answer: 'model', status: 200, at_ms: 5, latency_ms: 20 })
        // A priced model's answer that carried no usage.
        .usage(0, { ...gateway, model: 'gpt-4o-mini', input_tokens: 0, output_tokens: 0, answer: 'model', status: 200, at_ms: 26, latency_ms: 2, unmeasured: true })
        .usage(0, { ...gateway, api: 'messages', stream: false, model: 'claude', input_tokens: 0, output_tokens: 0, answer: 'budget_exhausted', status: 429, message: 'max_model_calls 1 reached: stop calling the model and escalate or return a partial result', at_ms: 30, latency_ms: 1 })
        // Read after that refusal was answered, made at once with it.
        .usage(0, { ...gateway, model: 'claude', input_tokens: 0, output_tokens: 0, answer: 'budget_exhausted', status: 429, at_ms: 32, latency_ms: 1, before_stop_seen: true })
        // The client's retry of the refused request, as it was.
        .usage(0, { ...gateway, model: 'claude', input_tokens: 0, output_tokens: 0, answer: 'budget_exhausted', status: 429, at_ms: 2040, latency_ms: 1, retry_of_refused: true })
        // Tool calls likewise: the second and third refused for max_tool_calls 1, the third made at once with the second.
        .call('lookup_order', { order_id: '1' }, { result: 'shipped' })
        .call('lookup_order', { order_id: '2' }, { answer: 'budget_exhausted', error: { kind: 'budget_exhausted', message: 'max_tool_calls 1 reached' } })
        .call('lookup_order', { order_id: '3' }, { answer: 'budget_exhausted', error: { kind: 'budget_exhausted', message: 'max_tool_calls 1 reached' }, before_stop_seen: true })
        .build(),
      case_id: 'budget-stop',
    };
    const parsed = parseOtlpTraces(encode(t), 'run.otlp.json');
    expect(parsed.issues).toEqual([]);
    expect(parsed.labeled.map((l) => l.trace)).toEqual([recordedFromTrace(t)]);
    expect(parsed.labeled[0]!.trace.tool_calls?.map((call) => call.before_stop_seen)).toEqual([undefined, undefined, true]);
    expect([parsed.labeled[0]!.trace.usage ?? []].flat().map((usage) => 'retry_of_refused' in usage && usage.retry_of_refused)).toEqual([false, false, false, false, true]);
    expect([parsed.labeled[0]!.trace.usage ?? []].flat().map((usage) => 'unmeasured' in usage && usage.unmeasured)).toEqual([false, true, false, false, false]);
  });

  it('reads a call an exec agent reported that ran although a rule denies it back as the call that ran, as traces.jsonl does', () => {
    const t: Trace = {
      ...trace()
        .call('issue_refund', { amount: 500 }, { answer: 'policy_denied', result: { refunded: true }, error: { kind: 'policy_denied', message: 'ran although policy rule big-refunds denies it: over 100', rule_id: 'big-refunds' }, ran: true, approved: true })
        .build(),
      trace_id: otelTraceId('ran'),
    };
    const [line] = parseOtlpTraces(encode(t), 'run.otlp.json').labeled;
    expect(line!.trace).toEqual(recordedFromTrace(t));
    expect(line!.trace.tool_calls?.[0]).toEqual(expect.not.objectContaining({ error: expect.anything() }));
  });

  it('keeps a conversation\'s turns and each call\'s turn and state change, so a world judged by its state scores the same', () => {
    const t: Trace = {
      ...trace()
        .turn("I'd like to cancel my order.", 'clarified', 'Which order?')
        .call('cancel_order', { order_id: '5678' }, { turn: 2, result: { ok: true }, state_change: [{ op: 'replace', path: '/orders/5678/status', value: 'cancelled' }] })
        .turn('It is order 5678.', 'completed', 'Order 5678 is cancelled.')
        .build(),
      trace_id: otelTraceId('conversation'),
    };
    const [line] = parseOtlpTraces(encode(t), 'run.otlp.json').labeled;
    expect(line!.trace).toEqual(recordedFromTrace(t));
    expect(line!.trace.tool_calls?.[0]).toMatchObject({ turn: 2, state_change: [{ op: 'replace', path: '/orders/5678/status', value: 'cancelled' }] });
    expect(line!.trace.turns?.map((turn) => turn.user)).toEqual(["I'd like to cancel my order.", 'It is order 5678.']);
  });

  it('reads a failed run back with its outcome and error', () => {
    const failed = { ...trace().error('agent process exited unexpectedly (code=1)').build(), trace_id: otelTraceId('x') };
    const [line] = parseOtlpTraces(encode(failed), 'f').labeled;
    expect(line!.trace).toEqual(recordedFromTrace(failed));
  });

  it('skips a case the run never started and refuses a kill-switch trace', () => {
    const skipped = { ...trace().build(), trace_id: otelTraceId('a'), outcome: 'error' as const, error: { code: 'SKIPPED', message: 'run cost cap' } };
    const killSwitch = { ...trace().build(), trace_id: otelTraceId('b'), case_id: 'other', mode: 'read_only' as const };
    const onlySkipped = parseOtlpTraces(encode(skipped), 'f');
    expect(onlySkipped.skipped.not_run).toBe(1);
    expect(onlySkipped.issues.map((i) => [i.code, i.found])).toEqual([['empty', '1 trace of cases the run never started']]);
    expect(parseOtlpTraces(encode(killSwitch), 'f').issues.map((i) => i.code)).toEqual(['kill_switch_trace']);
  });

  it('reads one export request per line, joining a trace split across lines', () => {
    const a = { ...trace().call('lookup_order', { id: 1 }).build(), trace_id: otelTraceId('a'), case_id: 'a' };
    const b = { ...trace().build(), trace_id: otelTraceId('b'), case_id: 'b' };
    const whole = JSON.parse(encode(a, b)) as { resourceSpans: [{ scopeSpans: [{ spans: unknown[] }] }] };
    const spans = whole.resourceSpans[0].scopeSpans[0].spans;
    // a's tool span alone on the last line, after b.
    const line = (list: unknown[]) => JSON.stringify({ resourceSpans: [{ ...whole.resourceSpans[0], scopeSpans: [{ ...whole.resourceSpans[0].scopeSpans[0], spans: list }] }] });
    const text = `${line(spans.slice(0, 1))}\n\n${line(spans.slice(2))}\n${line(spans.slice(1, 2))}\n`;
    const parsed = parseOtlpTraces(text, 'f');
    expect(parsed.issues).toEqual([]);
    expect(parsed.labeled.map((l) => [l.line, l.trace.case_id, l.trace.tool_calls?.length])).toEqual([[1, 'a', 1], [3, 'b', 0]]);
  });

  it('reads times written as JSON numbers, as the protobuf JSON mapping allows: a nanosecond time of today is past 2^53', () => {
    const text = encode({ ...trace().call('lookup_order', {}, { at_ms: 120, latency_ms: 40 }).build(), trace_id: otelTraceId('n'), duration_ms: 1500 });
    const numbers = text.replace(/"((?:start|end)?[tT]imeUnixNano)":"(\d+)"/g, '"$1":$2');
    expect(numbers).toMatch(/"startTimeUnixNano":\d{19}/);
    const parsed = parseOtlpTraces(numbers, 'f');
    expect(parsed.issues).toEqual([]);
    expect(parsed.labeled.map((l) => [l.trace.duration_ms, l.trace.tool_calls?.[0]?.latency_ms])).toEqual(parseOtlpTraces(text, 'f').labeled.map((l) => [l.trace.duration_ms, l.trace.tool_calls?.[0]?.latency_ms]));
  });

  it('reads token counts written as strings, as an exporter that writes every attribute as one does: they read as no tokens, the call as free', () => {
    const attr = (key: string, value: string) => `{"key": "${key}", "value": {"stringValue": "${value}"}}`;
    const span = (id: string, name: string, attributes: string[], parent = '') => `{"traceId": "${'e'.repeat(32)}", "spanId": "${id.repeat(16)}", ${parent ? `"parentSpanId": "${parent.repeat(16)}", ` : ''}"name": "${name}", "startTimeUnixNano": "1", "endTimeUnixNano": "2", "attributes": [${attributes.join(', ')}]}`;
    const text = `{"resourceSpans": [{"scopeSpans": [{"spans": [${[
      span('1', 'invoke_agent x', [attr('gen_ai.operation.name', 'invoke_agent')]),
      span('2', 'chat m', [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.request.model', 'm'), attr('gen_ai.usage.input_tokens', '500'), attr('gen_ai.usage.output_tokens', '80')], '1'),
      span('3', 'llm', [attr('openinference.span.kind', 'LLM'), attr('llm.model_name', 'm'), attr('llm.token_count.prompt', '7'), attr('llm.token_count.completion', 'many')], '1'),
    ].join(', ')}]}]}]}\n`;
    const parsed = parseOtlpTraces(text, 'prod.jsonl');
    expect(parsed.issues).toEqual([]);
    // A string that is no number is still no count.
    expect((parsed.production[0]!.trace.usage as { input_tokens: number; output_tokens: number }[]).map((u) => [u.input_tokens, u.output_tokens])).toEqual([[500, 80], [7, 0]]);
  });

  it('reads enum fields written by name, as the protobuf JSON mapping writes them (SPAN_KIND_SERVER, STATUS_CODE_ERROR): they were problems, exit 2', () => {
    const span = spanIn('7'.repeat(32));
    const root = { ...span(1, 'invoke_agent support', 0, [kv('gen_ai.operation.name', 'invoke_agent')]), kind: 'SPAN_KIND_SERVER', status: { code: 'STATUS_CODE_ERROR', message: 'the model timed out' } };
    const tool = { ...span(2, 'execute_tool lookup_order', 5, [kv('gen_ai.tool.name', 'lookup_order')]), kind: 'SPAN_KIND_INTERNAL', status: { code: 'STATUS_CODE_OK' } };
    const parsed = parseOtlpTraces(`${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [root, tool] }] }] })}\n`, 'prod.otlp.json');
    expect(parsed.issues).toEqual([]);
    expect(parsed.production[0]!.trace).toMatchObject({ outcome: 'agent_error', error: 'the model timed out', tool_calls: [{ name: 'lookup_order' }] });
    // A name no enum has is still a problem at its value.
    const unknown = parseOtlpTraces(`${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...root, kind: 'SERVER' }] }] }] })}\n`, 'prod.otlp.json');
    expect(unknown.issues.map((i) => i.path)).toEqual(['resourceSpans[0].scopeSpans[0].spans[0].kind']);
  });

  it('reads ids written in base64, as the protobuf JSON mapping writes bytes, as the same ids in hex: they were problems, exit 2', () => {
    const hex = encode({ ...trace().call('lookup_order').build(), trace_id: otelTraceId('b64') });
    const base64 = hex.replace(/"(traceId|spanId|parentSpanId)":"([0-9a-f]+)"/g, (_m, key: string, id: string) => `"${key}":"${Buffer.from(id, 'hex').toString('base64')}"`);
    expect(base64).not.toBe(hex);
    const read = parseOtlpTraces(base64, 'f');
    expect(read.issues).toEqual([]);
    expect(read.labeled.map((l) => [l.trace.trace_id, l.trace.tool_calls?.length])).toEqual(parseOtlpTraces(hex, 'f').labeled.map((l) => [l.trace.trace_id, l.trace.tool_calls?.length]));
    // Base64 of another length is no id: still the problem at its value.
    const short = base64.replace(/"traceId":"[^"]+"/, '"traceId":"CvdlGRbNQ92ESOsh"');
    expect(parseOtlpTraces(short, 'f').issues.map((i) => i.expected)).toContain('32 hex characters');
  });

  it('accepts the protobuf field names in snake_case', () => {
    const text = encode({ ...trace().call('lookup_order').build(), trace_id: otelTraceId('s') });
    const snake = text.replace(/"([a-z]+[A-Z][A-Za-z]*)":/g, (_m, key: string) => `"${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}":`);
    expect(snake).toContain('"resource_spans"');
    expect(looksLikeOtlp(snake)).toBe(true);
    expect(parseOtlpTraces(snake, 'f').labeled.map((l) => l.trace.tool_calls?.[0]?.name)).toEqual(['lookup_order']);
  });
});

describe('parseOtlpTraces: problems', () => {
  it('says where a request is not JSON or not OTLP', () => {
    const good = encode({ ...trace().build(), trace_id: otelTraceId('g') });
    const parsed = parseOtlpTraces(`${good}\n{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz"}]}]}]}\n{not json\n`, 'prod.jsonl');
    expect(parsed.issues.map((i) => [i.line, i.path, i.code])).toEqual([
      [2, 'resourceSpans[0].scopeSpans[0].spans[0].traceId', 'invalid_format'],
      [2, 'resourceSpans[0].scopeSpans[0].spans[0].spanId', 'invalid_type'],
      [2, 'resourceSpans[0].scopeSpans[0].spans[0].name', 'invalid_type'],
      [2, 'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano', 'invalid_union'],
      [2, 'resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano', 'invalid_union'],
      [3, '', 'invalid_json'],
    ]);
  });

  it('words a schema error as every other file\'s is, what was expected and what was found, not zod\'s "Invalid input"', () => {
    const bad = '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz", "name": 7, "startTimeUnixNano": true, "endTimeUnixNano": "2"}]}]}]}';
    const parsed = parseOtlpTraces(`${bad}\n`, 'prod.jsonl');
    expect(parsed.issues.map((i) => [i.path.replace('resourceSpans[0].scopeSpans[0].spans[0].', ''), i.expected, i.found])).toEqual([
      ['traceId', '32 hex characters', '"xyz"'],
      ['spanId', 'key "spanId" with a string', 'no "spanId" key'],
      ['name', 'a string', '7'],
      ['startTimeUnixNano', 'a string or a number', 'true'],
    ]);
  });

  it('refuses a time past 64 bits at its value, string or number: its span lasted past 2^53 ms, a run folder score could not read back', () => {
    const span = (end: string) => `{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "${'c'.repeat(32)}", "spanId": "${'1'.repeat(16)}", "name": "invoke_agent x", "startTimeUnixNano": "0", "endTimeUnixNano": ${end}}]}]}]}\n`;
    for (const end of ['"99999999999999999999999"', '"18446744073709551616"', '1e23']) {
      expect(parseOtlpTraces(span(end), 'prod.jsonl').issues.map((i) => [i.path.replace('resourceSpans[0].scopeSpans[0].spans[0].', ''), i.expected])).toEqual([
        ['endTimeUnixNano', 'a time in nanoseconds that fits 64 bits (at most 18446744073709551615)'],
      ]);
    }
    // The largest time there is, and one written with leading zeros, are times.
    expect(parseOtlpTraces(span('"18446744073709551615"'), 'prod.jsonl').issues).toEqual([]);
    expect(parseOtlpTraces(span('"0000000000000000000000001"'), 'prod.jsonl').issues).toEqual([]);
  });

  it('places a case the suites lack at its agentready.case_id value, not at 1:1 of a request that holds every trace', () => {
    const root = (traceId: string, caseId: string) => spanIn(traceId)(1, 'invoke_agent support', 0, [kv('gen_ai.operation.name', 'invoke_agent'), kv('agentready.case_id', caseId)]);
    const text = `${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [root('1'.repeat(32), 'gone-1'), root('2'.repeat(32), 'gone-2')] }] }] }, null, 2)}\n`;
    const read = readTracesToScore({ text, file: 'prod.otlp.json', suites: [], unlabeled: false });
    const lines = text.split('\n');
    const placeOf = (id: string) => {
      const line = lines.findIndex((l) => l.includes(`"stringValue": "${id}"`));
      return [line + 1, lines[line]!.indexOf(`"${id}"`) + 1];
    };
    expect(read.ok ? [] : read.issues.map((i) => [i.line, i.column, i.found])).toEqual([
      [...placeOf('gone-1'), '"gone-1"'],
      [...placeOf('gone-2'), '"gone-2"'],
    ]);
  });

  it('places a schema error at the bad value as written, snake_case names and all, not at column 1 of its request', () => {
    const good = encode({ ...trace().build(), trace_id: otelTraceId('g') });
    const bad = '{"resource_spans": [{"scope_spans": [{"spans": [{"trace_id": "xyz", "span_id": "0000000000000001", "name": "chat m", "start_time_unix_nano": "1", "end_time_unix_nano": "2"}]}]}]}';
    const parsed = parseOtlpTraces(`${good}\n${bad}\n`, 'prod.jsonl');
    expect(parsed.issues.map((i) => [i.line, i.column, i.path])).toEqual([[2, bad.indexOf('"xyz"') + 1, 'resourceSpans[0].scopeSpans[0].spans[0].traceId']]);
    // A missing field is placed at the object that lacks it; a request over many lines at the value's own line.
    const pretty = '{"resourceSpans": [\n  {"scopeSpans": [{"spans": [\n    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "0000000000000001",\n     "name": 7, "startTimeUnixNano": "1", "endTimeUnixNano": "2"},\n    {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "name": "x", "startTimeUnixNano": "1", "endTimeUnixNano": "2"}\n  ]}]}\n]}\n';
    expect(parseOtlpTraces(pretty, 'prod.json').issues.map((i) => [i.line, i.column, i.path, i.sourceLine?.slice(0, 24)])).toEqual([
      [4, 14, 'resourceSpans[0].scopeSpans[0].spans[0].name', '     "name": 7, "startTi'],
      [5, 5, 'resourceSpans[0].scopeSpans[0].spans[1].spanId', '    {"traceId": "4bf92f3'],
    ]);
  });

  it('says where an attribute nests too deep, at its line and column, rather than running out of stack (exit 3 "a bug in agentready")', () => {
    const good = encode({ ...trace().build(), trace_id: otelTraceId('g') });
    const deep = `${'{"arrayValue":{"values":['.repeat(20_000)}{"stringValue":"x"}${']}}'.repeat(20_000)}`;
    const span = `{"traceId":"${'0'.repeat(31)}1","spanId":"${'0'.repeat(15)}1","name":"chat m","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"deep","value":${deep}}]}`;
    const request = `{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`;
    const parsed = parseOtlpTraces(`${good}\n${request}\n`, 'prod.jsonl');
    // Level 101: the 31st arrayValue's inner brace, 9 levels before the attribute's value, 3 a nesting.
    expect(parsed.issues.map((i) => [i.line, i.column, i.code])).toEqual([[2, request.indexOf('{"arrayValue"') + 30 * '{"arrayValue":{"values":['.length + '{"arrayValue":'.length + 1, 'too_deep']]);
    // A request written over many lines is placed at its own line.
    const pretty = `\n${request.replace('{"scopeSpans"', '\n  {"scopeSpans"')}\n`;
    expect(parseOtlpTraces(pretty, 'prod.json').issues.map((i) => [i.line, i.code])).toEqual([[3, 'too_deep']]);
  });

  it('places a JSON syntax error at its column, and in a request written over many lines at its own line', () => {
    const good = encode({ ...trace().build(), trace_id: otelTraceId('g') });
    const parsed = parseOtlpTraces(`${good}\n{"resourceSpans": [{"scopeSpans": [], }]}\n`, 'prod.jsonl');
    expect(parsed.issues.map((i) => [i.line, i.column, i.code])).toEqual([[2, 39, 'invalid_json']]);
    const pretty = '{\n  "resourceSpans": [\n    {"scopeSpans": [],\n     }\n  ]\n}\n';
    expect(parseOtlpTraces(pretty, 'prod.json').issues.map((i) => [i.line, i.column, i.sourceLine])).toEqual([[4, 6, '     }']]);
  });

  it('places a first line cut short in a file of one request per line at that line: read as one document, it was placed at the next line\'s start', () => {
    const a = encode({ ...trace().build(), trace_id: otelTraceId('a'), case_id: 'a' });
    const b = encode({ ...trace().build(), trace_id: otelTraceId('b'), case_id: 'b' });
    const parsed = parseOtlpTraces(`${a.slice(0, 100)}\n${b}\n`, 'prod.jsonl');
    expect(parsed.issues.map((i) => [i.line, i.column, i.code, i.found])).toEqual([[1, 101, 'invalid_json', 'the end of the request (unterminated string)']]);
    // The first line broken elsewhere than at its end: placed where it broke, on line 1.
    const comma = parseOtlpTraces(`${a.replace('"scopeSpans"', ',"scopeSpans"')}\n\n${b}\n`, 'prod.jsonl');
    expect(comma.issues.map((i) => [i.line, i.code])).toEqual([[1, 'invalid_json']]);
  });

  it('leaves out a last line cut short (a file read while the Collector appends to it) and says so, but refuses one that has its newline', () => {
    const a = encode({ ...trace().call('lookup_order').build(), trace_id: otelTraceId('a'), case_id: 'a' });
    const b = encode({ ...trace().build(), trace_id: otelTraceId('b'), case_id: 'b' });
    const appending = `${a}\n${b.slice(0, 100)}`;
    const parsed = parseOtlpTraces(appending, 'prod.jsonl');
    expect([parsed.issues, parsed.cut_short, parsed.labeled.map((l) => l.trace.case_id)]).toEqual([[], 2, ['a']]);
    const suites = [{ name: 'support', tools: [{ name: 'lookup_order' }], cases: [{ id: 'a', fingerprint: 'fp', expect: {} }] }] as never;
    const read = readTracesToScore({ text: appending, file: 'prod.jsonl', suites, unlabeled: false });
    expect(read.ok && read.value.warnings).toContainEqual(expect.stringMatching(/^prod\.jsonl:2: the last line, with no newline after it, is no whole export request/));
    expect(parseOtlpTraces(`${appending}\n`, 'prod.jsonl').issues.map((i) => [i.line, i.code])).toEqual([[2, 'invalid_json']]);
  });

  it('says a line that is no export request at all (a JSONL trace pasted in) is one, naming its keys, not zod\'s "expected array, received undefined"', () => {
    const good = encode({ ...trace().build(), trace_id: otelTraceId('g') });
    const parsed = parseOtlpTraces(`${good}\n{"trace_id":"t1","case_id":"c1","outcome":"completed"}\n`, 'prod.jsonl');
    expect(parsed.issues.map((i) => [i.line, i.column, i.path, i.code, i.expected, i.found])).toEqual([
      [2, 1, '', 'not_otlp', 'an OTLP/JSON export request ({"resourceSpans": [...]}) per file or per line', 'a JSON object without resourceSpans (keys: trace_id, case_id, outcome)'],
    ]);
  });

  it('places a request with no resourceSpans at its object, quoting that line alone: a pretty file\'s whole text was its source line', () => {
    const good = encode({ ...trace().build(), trace_id: otelTraceId('g') });
    expect(parseOtlpTraces(`${good}\n   {"trace_id":"t1"}\n`, 'prod.jsonl').issues.map((i) => [i.line, i.column, i.sourceLine])).toEqual([[2, 4, '   {"trace_id":"t1"}']]);
    const pretty = '\n  {\n    "trace_id": "t1",\n    "case_id": "c1"\n  }\n';
    expect(parseOtlpTraces(pretty, 'prod.json').issues.map((i) => [i.line, i.column, i.code, i.sourceLine])).toEqual([[2, 3, 'not_otlp', '  {']]);
  });

  it('reads a span exported twice (a retried batch) once, and says where one span id stands for two spans', () => {
    const one = { ...trace().call('lookup_order', { order_id: '1' }).build(), trace_id: otelTraceId('g') };
    const good = encode(one);
    const once = parseOtlpTraces(good, 'prod.jsonl');
    const twice = parseOtlpTraces(`${good}\n${good}\n`, 'prod.jsonl');
    expect(twice.issues).toEqual([]);
    expect(twice.labeled.map((l) => l.trace)).toEqual(once.labeled.map((l) => l.trace));
    expect(twice.labeled[0]!.trace.tool_calls).toHaveLength(1);
    const request = JSON.parse(good) as { resourceSpans: { scopeSpans: { spans: { name: string; endTimeUnixNano: string }[] }[] }[] };
    const tool = request.resourceSpans[0]!.scopeSpans[0]!.spans.find((span) => span.name.startsWith('execute_tool'))!;
    tool.endTimeUnixNano = String(BigInt(tool.endTimeUnixNano) + 1000n);
    const second = JSON.stringify(request);
    const clash = parseOtlpTraces(`${good}\n${second}\n`, 'prod.jsonl');
    // At the span itself, not at column 1 of a line that holds every span of the batch.
    const column = second.indexOf(JSON.stringify(tool)) + 1;
    expect(column).toBeGreaterThan(1);
    expect(clash.issues.map((i) => [i.line, i.column, i.code])).toEqual([[2, column, 'duplicate_span']]);
    expect(clash.issues[0]!.found).toContain('with other content than at line 1');
  });

  it('places each clashing span of a file that is one pretty document at its own line', () => {
    const good = JSON.parse(encode({ ...trace().call('lookup_order', { order_id: '1' }).build(), trace_id: otelTraceId('g') })) as { resourceSpans: { scopeSpans: { spans: { name: string; spanId: string; endTimeUnixNano: string }[] }[] }[] };
    const changed = (nanos: bigint) => {
      const copy = structuredClone(good);
      const tool = copy.resourceSpans[0]!.scopeSpans[0]!.spans.find((span) => span.name.startsWith('execute_tool'))!;
      tool.endTimeUnixNano = String(BigInt(tool.endTimeUnixNano) + nanos);
      return copy.resourceSpans;
    };
    const text = `${JSON.stringify({ resourceSpans: [...good.resourceSpans, ...changed(1000n), ...changed(2000n)] }, null, 2)}\n`;
    const issues = parseOtlpTraces(text, 'prod.json').issues;
    const lines = text.split('\n');
    const toolId = good.resourceSpans[0]!.scopeSpans[0]!.spans.find((span) => span.name.startsWith('execute_tool'))!.spanId;
    const toolLines = lines.flatMap((line, i) => (line.includes(`"spanId": "${toolId}"`) ? [i] : []));
    // Each at the opening brace of its span, the line before its traceId and spanId.
    expect(issues.map((i) => [i.code, i.line, i.sourceLine])).toEqual(toolLines.slice(1).map((i) => ['duplicate_span', i - 1, lines[i - 2]]));
  });

  it('says when a file holds no GenAI trace, and what it holds instead: an export of the wrong service, or with GenAI instrumentation off', () => {
    expect(parseOtlpTraces('{"resourceSpans": []}', 'empty.json').issues.map((i) => [i.line, i.code, i.found])).toEqual([[1, 'empty', 'no span at all (export requests with no spans)']]);
    const health = (id: string) => `{"traceId": "${id.repeat(32)}", "spanId": "${'1'.repeat(16)}", "name": "GET /health", "startTimeUnixNano": "1", "endTimeUnixNano": "2"}`;
    expect(parseOtlpTraces(`{"resourceSpans": [{"scopeSpans": [{"spans": [${health('a')}, ${health('b')}]}]}]}`, 'http.json').issues.map((i) => i.found)).toEqual(['2 traces with no GenAI span, such as "GET /health" (2 spans in all)']);
    expect(parseOtlpTraces('', 'empty.json').issues.map((i) => i.code)).toEqual(['empty']);
  });

  it('tells OTLP from agentready\'s own JSONL', () => {
    expect(looksLikeOtlp(readFileSync(FIXTURE, 'utf8'))).toBe(true);
    expect(looksLikeOtlp('{"case_id": "a", "outcome": "completed"}\n')).toBe(false);
    expect(looksLikeOtlp('not json')).toBe(false);
  });

  it('reads a pretty-printed document with a syntax error as one broken OTLP document, not as lines', () => {
    // Exported pretty-printed, then a comma lost in an edit (or the file cut short): neither the
    // whole text nor its first line (`{`) parses, yet it opens with resourceSpans.
    const pretty = JSON.stringify(JSON.parse(readFileSync(FIXTURE, 'utf8')), null, 2).split('\n');
    const at = pretty.findIndex((line) => line.trim() === '},');
    const broken = [...pretty.slice(0, at), pretty[at]!.replace('},', '}'), ...pretty.slice(at + 1)].join('\n');
    expect(looksLikeOtlp(broken)).toBe(true);
    expect(parseOtlpTraces(broken, 'f.json').issues.map((i) => [i.code, i.line])).toEqual([['invalid_json', at + 2]]);
    expect(looksLikeOtlp(pretty.slice(0, 40).join('\n'))).toBe(true);
    expect(looksLikeOtlp('{\n  "case_id": "a",\n')).toBe(false);
  });
});

describe('parseOtlpTraces: JSON text in an attribute nested past 100 levels', () => {
  const span = spanIn('9c0ffee0000000000000000000000abc');
  const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
  const deepArray = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  const spans = [
    span(1, 'invoke_agent support', 0, [kv('gen_ai.operation.name', 'invoke_agent')]),
    span(2, 'execute_tool lookup_order', 5, [kv('gen_ai.operation.name', 'execute_tool'), kv('gen_ai.tool.name', 'lookup_order'), kv('gen_ai.tool.call.arguments', deepObject), kv('gen_ai.tool.call.result', deepArray)]),
  ];
  const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: 'x' }, spans }] }] });

  it('is read as text, not parsed: the parsed value made `score` exit 3 (JSON.stringify ran out of stack), and arguments that are no object count as unreadable', () => {
    const parsed = parseOtlpTraces(text, 'deep.otlp.json');
    expect(parsed.issues).toEqual([]);
    const [call] = parsed.production[0]!.trace.tool_calls ?? [];
    expect(call).toMatchObject({ name: 'lookup_order', arguments: {}, result: deepArray });
    expect(parsed.unreadable_arguments).toBe(1);
    expect(() => JSON.stringify(parsed.production[0]!.trace)).not.toThrow();
  });
});
