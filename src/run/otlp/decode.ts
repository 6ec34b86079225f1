/**
 * OTLP/JSON traces read for `agentready score` (SPEC §14): one export request per file, or one
 * per line. Spans are grouped by trace id across the whole file (exporters batch spans of one
 * trace into several requests); each trace with GenAI spans becomes a recorded trace. A trace
 * whose agent span carries `agentready.case_id` is judged as that case; any other is a
 * production trace. Pure: every problem becomes a located ConfigIssue, all of them at once.
 *
 * The GenAI conventions read: `invoke_agent` (the case; else the trace's root span), `chat`,
 * `generate_content` and `text_completion` (model calls: model and token usage), `execute_tool`
 * (tool calls: name, arguments, result, `error.type` or an error status; also the Vercel AI SDK's
 * `ai.toolCall`, OpenLLMetry's `traceloop.span.kind: tool`, traceloop.ts, and OpenInference's
 * `TOOL`, `LLM` and `AGENT` spans, openinference.ts), the output from
 * `gen_ai.output.messages` and the input from `gen_ai.input.messages` or the older message events
 * (messages.ts). This file reads the requests (requests.ts frames them), groups the spans into traces and picks each
 * trace's agent span; genai-span.ts reads one span. agentready's own attributes (`AR` in config/schema/otlp.ts) make a trace it wrote
 * read back exactly.
 */
import { RecordedTraceSchema, type RecordedTrace } from '../../config/schema/index.js';
import { AR, OTLP_STATUS_ERROR, OtlpTraceRequestSchema } from '../../config/schema/otlp.js';
import type { ConfigIssue } from '../../errors.js';
import { isPlainObject } from '../../config/json-value.js';
import { quoteFound, shorten } from '../../common/shorten.js';
import { valueIssueFields, withoutSizeOfWrongType } from '../../config/issues.js';
import { expectedWords } from '../../config/expected-words.js';
import { jsonNestedPast } from '../../config/json-depth.js';
import { jsonPathOffset } from '../../config/json-path-offset.js';
import { lineColumn, parserFound, syntaxErrorPosition } from '../../config/json-error.js';
import { MAX_NESTING_DEPTH } from '../../config/defaults.js';
import type { RecordedLine } from '../recorded-traces.js';
import { isLegacyNotRunTrace } from '../own-traces.js';
import { attributeMap, camelKey, camelKeys, compareNanos, durationMs, jsonValue, str, tryJson } from './values.js';
import { approvalsOf, argumentsUnreadable, bySeqThenStart, countsAsModelCall, isModelCall, isToolCall, looksLikeTool, operation, outcomeOf, toolCallOf, usageOf, usageOnAgent, type LocatedSpan } from './genai-span.js';
import { inputOf, outputOf, requestedToolCalls, unreadableMessages, type UnreadableMessages } from './messages.js';
import { openInferenceKind } from './openinference.js';
import { cutShortLine, parsedJson, placeIn, requests } from './requests.js';
import { groupByTrace, spanPlacer, withoutRepeats, type FramedSpan, type SpanPlacer } from './span-traces.js';

/** A trace with no case id: production traffic, judged only by the checks that need no label. */
export interface ProductionTrace {
  /** 1-based line of the request holding its agent span. */
  line: number;
  /** What the user asked, from `gen_ai.input.messages` or a message event (messages.ts), when the trace says. */
  input?: string;
  /** The case's id when it is not the trace id's: a JSONL line's own `case_id` (withUnlabeledLines makes each line's its own). */
  caseId?: string;
  trace: Omit<RecordedTrace, 'case_id'> & { trace_id: string };
}

export interface OtlpTraces {
  labeled: RecordedLine[];
  production: ProductionTrace[];
  issues: ConfigIssue[];
  /** Traces left out: cases that never ran, and traces with no GenAI span (an HTTP server's, say). */
  skipped: { not_run: number; not_genai: number };
  /** Tool calls of the traces read whose `gen_ai.tool.call.arguments` is no JSON object, read as `{}`. */
  unreadable_arguments: number;
  /** Spans of the traces read that look like a tool call in no convention agentready reads: left out, so said. */
  unread_tools: number;
  /** Tool calls the model calls of a trace with no tool span asked for (messages.ts `requestedToolCalls`): not read as calls, so said. */
  unspanned_tool_calls: number;
  /** Messages attributes of the agent and model-call spans read that hold text that is no JSON, each with its span: read as no messages, so said. */
  unreadable_messages: (UnreadableMessages & { line: number; span: string; span_id: string; trace_id: string })[];
  /** The line of a last request cut short (no newline after it, no whole JSON): a file still being written, left out. */
  cut_short?: number;
}

/**
 * A text that opens an object with the resourceSpans key: an OTLP/JSON document however the rest
 * of it is broken (a pretty-printed export with a comma lost in an edit, or cut short), whose
 * first line (`{`) is no JSON value of its own either.
 */
const OPENS_AS_OTLP = /^\s*\{\s*"(?:resourceSpans|resource_spans)"\s*:/;

/**
 * True when the text is OTLP/JSON (its first JSON value has `resourceSpans`, or, when neither the
 * whole text nor its first line parses, it opens with that key) rather than agentready's JSONL.
 * Read as JSONL, a broken document would be one problem per line of it, none at the break.
 */
export function looksLikeOtlp(text: string): boolean {
  const first = tryJson(text.trim()) ?? tryJson(text.split('\n').find((line) => line.trim() !== '') ?? '');
  if (first === undefined) return OPENS_AS_OTLP.test(text);
  return typeof first === 'object' && first !== null && ('resourceSpans' in first || 'resource_spans' in first);
}

const EXPORT_REQUEST = 'an OTLP/JSON export request ({"resourceSpans": [...]}) per file or per line';
/** Keys named when a line is some other JSON object (a JSONL trace pasted into an OTLP file, say). */
const KEYS_NAMED = 5;

// "a JSON object without resourceSpans (keys: trace_id, case_id, …)", each key cut short.
function withoutResourceSpans(raw: Record<string, unknown>): string {
  const keys = Object.keys(raw);
  const named = keys.slice(0, KEYS_NAMED).map((key) => shorten(key, 40));
  const listed = keys.length === 0 ? 'no keys' : `keys: ${named.join(', ')}${keys.length > KEYS_NAMED ? ', …' : ''}`;
  return `a JSON object without resourceSpans (${listed})`;
}

/**
 * What a file with no GenAI trace holds instead, for its problem's `found`: no span at all, or how
 * many traces and spans, one named (`1 trace of 1 span, none a GenAI span, such as "GET /health"`),
 * so an export of the wrong service, or of an agent whose GenAI instrumentation is off, says so.
 */
function noGenAiFound(spans: readonly FramedSpan[], skipped: OtlpTraces['skipped']): string {
  const [first] = spans;
  if (first === undefined) return 'no span at all (export requests with no spans)';
  const traces = (count: number) => `${count} trace${count === 1 ? '' : 's'}`;
  const notRun = skipped.not_run > 0 ? `${traces(skipped.not_run)} of cases the run never started` : '';
  if (skipped.not_genai === 0) return notRun;
  const none = `${traces(skipped.not_genai)} with no GenAI span, such as ${quoteFound(first.span.name)} (${spans.length} span${spans.length === 1 ? '' : 's'} in all)`;
  return notRun === '' ? none : `${none}; ${notRun}`;
}

/** Every trace of an OTLP/JSON file, labeled or production, or every problem with it, located. */
export function parseOtlpTraces(text: string, file: string): OtlpTraces {
  const issues: ConfigIssue[] = [];
  const spans: FramedSpan[] = [];
  const cutShort = cutShortLine(text);
  for (const request of requests(text)) {
    const { line, source } = request;
    if (line === cutShort) continue;
    // Parsing copes with any depth; reading the spans and scoring them would run out of stack.
    const deep = jsonNestedPast(source, MAX_NESTING_DEPTH);
    if (deep !== undefined) {
      issues.push({ file, ...placeIn(request, lineColumn(source, deep)), path: '', code: 'too_deep', message: `nested more than ${MAX_NESTING_DEPTH} levels deep`, expected: `an export request nested at most ${MAX_NESTING_DEPTH} levels deep`, found: `level ${MAX_NESTING_DEPTH + 1} here` });
      continue;
    }
    // A file that is one document was parsed whole to tell it from JSONL: not parsed again.
    const raw = request.parsed === undefined ? parsedJson(source) : { ok: true as const, value: request.parsed };
    if (!raw.ok) {
      // V8's own words locate it; without them the request's start.
      const place = placeIn(request, syntaxErrorPosition(raw.message, source));
      const found = /at position \d+|end of JSON input/.test(raw.message) ? parserFound({ message: raw.message, text: source, end: 'the end of the request' }) : undefined;
      issues.push({ file, ...place, path: '', code: 'invalid_json', message: 'not a JSON object', expected: EXPORT_REQUEST, ...(found === undefined ? {} : { found }) });
      continue;
    }
    if (isPlainObject(raw.value) && !('resourceSpans' in raw.value) && !('resource_spans' in raw.value)) {
      // At the object that has no resourceSpans: its first line, not the whole request.
      issues.push({ file, ...placeIn(request, lineColumn(source, jsonPathOffset(source, { path: [] }))), path: '', code: 'not_otlp', message: 'not an OTLP/JSON export request', expected: EXPORT_REQUEST, found: withoutResourceSpans(raw.value) });
      continue;
    }
    const data = camelKeys(raw.value);
    const parsed = OtlpTraceRequestSchema.safeParse(data);
    if (!parsed.success) {
      for (const issue of withoutSizeOfWrongType(parsed.error.issues)) {
        // Worded as every file's problems are (expected, found: the exporter's value, redacted when printed);
        // the field names were renamed before validating: the issue is placed in the text as written.
        const fields = valueIssueFields({ issue, path: issue.path, data, expected: expectedWords(issue), quote: quoteFound });
        issues.push({ file, ...placeIn(request, lineColumn(source, jsonPathOffset(source, { path: issue.path, keyName: camelKey }))), ...fields });
      }
      continue;
    }
    for (const [r, resource] of parsed.data.resourceSpans.entries()) {
      for (const [s, scope] of (resource.scopeSpans ?? []).entries()) {
        for (const [k, span] of (scope.spans ?? []).entries()) spans.push({ line, span, attributes: attributeMap(span.attributes), path: ['resourceSpans', r, 'scopeSpans', s, 'spans', k] });
      }
    }
  }
  const result: OtlpTraces = { labeled: [], production: [], issues, skipped: { not_run: 0, not_genai: 0 }, unreadable_arguments: 0, unread_tools: 0, unspanned_tool_calls: 0, unreadable_messages: [], ...(cutShort === undefined ? {} : { cut_short: cutShort }) };
  if (issues.length > 0) return result;
  // A span's place in the file, framed when a problem needs it (a repeat with other content, a case the suites lack): not once per trace.
  const place = spanPlacer(text);
  for (const trace of groupByTrace(withoutRepeats(spans, { file, place, issues }))) readTrace(trace, { file, into: result, place });
  if (result.issues.length === 0 && result.labeled.length === 0 && result.production.length === 0) {
    result.issues.push({ file, line: 1, column: 1, path: '', code: 'empty', message: 'the file holds no trace with GenAI spans (invoke_agent, chat, execute_tool)', expected: 'OTLP/JSON traces in the OpenTelemetry GenAI semantic conventions (or OpenInference\'s, OpenLLMetry\'s, the Vercel AI SDK\'s spans)', found: noGenAiFound(spans, result.skipped) });
  }
  return result;
}

// Adds one trace to the result: a labeled case, a production trace, a skip or an issue.
function readTrace(spans: LocatedSpan[], { file, into, place }: { file: string; into: OtlpTraces; place: SpanPlacer }): void {
  const agent = agentSpan(spans);
  // In start order, as the run made them (an exporter batches spans as they end); calls at one time keep the file's order.
  const chats = spans.filter((s) => s !== agent && isModelCall(s)).sort((a, b) => compareNanos(a.span.startTimeUnixNano, b.span.startTimeUnixNano));
  const tools = spans.filter((s) => s !== agent && isToolCall(s));
  if (!agent || (operation(agent) !== 'invoke_agent' && openInferenceKind(agent.attributes) !== 'AGENT' && chats.length === 0 && tools.length === 0)) {
    into.skipped.not_genai++;
    return;
  }
  const attrs = agent.attributes;
  if (isLegacyNotRunTrace(attrs.get(AR.errorCode))) {
    into.skipped.not_run++;
    return;
  }
  const at = { file, line: agent.line, column: 1 };
  if (attrs.get(AR.mode) === 'read_only') {
    into.issues.push({ ...at, path: AR.mode, code: 'kill_switch_trace', message: 'a trace of an `eval --kill-switch` run: it is judged by the readiness check, not by expectations, and `score` cannot judge it', expected: 'traces of a normal `eval`', found: '"read_only"' });
    return;
  }
  const status = agent.span.status;
  const failed = status?.code === OTLP_STATUS_ERROR;
  const error = str(attrs.get(AR.errorMessage)) ?? (failed ? status?.message : undefined);
  const usage = (chats.length > 0 ? chats.filter(countsAsModelCall) : usageOnAgent(agent)).map((chat) => usageOf(chat, agent.span.startTimeUnixNano));
  const toolCalls = [...tools].sort(bySeqThenStart).map((tool) => toolCallOf(tool, agent.span.startTimeUnixNano));
  into.unreadable_arguments += tools.filter(argumentsUnreadable).length;
  into.unread_tools += unreadTools(spans, { agent, read: [...chats, ...tools] });
  if (tools.length === 0) for (const chat of chats) into.unspanned_tool_calls += requestedToolCalls(chat);
  for (const read of [agent, ...chats]) {
    for (const unreadable of unreadableMessages(read)) into.unreadable_messages.push({ ...unreadable, line: read.line, span: read.span.name, span_id: read.span.spanId, trace_id: read.span.traceId });
  }
  const approvals = approvalsOf(agent);
  const output = outputOf(agent, chats);
  const turns = jsonValue(attrs.get(AR.turns));
  const trace = {
    trace_id: str(attrs.get(AR.traceId)) ?? agent.span.traceId.toLowerCase(),
    ...(str(attrs.get(AR.suite)) ? { suite: str(attrs.get(AR.suite)) } : {}),
    outcome: outcomeOf(attrs, failed),
    ...(output === undefined ? {} : { output }),
    duration_ms: durationMs(agent.span),
    usage,
    tool_calls: toolCalls,
    ...(approvals === undefined ? {} : { approvals }),
    ...(error === undefined ? {} : { error }),
  };
  const rawCaseId = attrs.get(AR.caseId);
  // A case id sent as a number (an SDK's int attribute) or a bool names no case for sure: judged as a production trace, it would pass unlabeled.
  if (rawCaseId !== undefined && typeof rawCaseId !== 'string') {
    into.issues.push({ ...at, path: AR.caseId, code: 'invalid_type', message: 'agentready.case_id must be a string attribute (stringValue): the id of a case in the suites', expected: 'a string', found: JSON.stringify(rawCaseId) ?? String(rawCaseId) });
    return;
  }
  const caseId = str(rawCaseId);
  const input = inputOf(agent, chats);
  if (caseId === undefined) {
    // A production trace is judged by no label: no state, no turn checks, so what agentready's own attributes add there is left out unchecked.
    const calls = trace.tool_calls.map(({ state_change: _unjudged, ...call }) => call);
    into.production.push({ line: agent.line, ...(input === undefined ? {} : { input }), trace: { ...trace, tool_calls: calls } });
    return;
  }
  const read = { ...trace, case_id: caseId, ...(turns === undefined ? {} : { turns }) };
  const parsed = RecordedTraceSchema.safeParse(read);
  if (parsed.success) {
    const index = agent.span.attributes?.findIndex((attribute) => attribute.key === AR.caseId) ?? -1;
    const path = agent.path === undefined || index === -1 ? undefined : [...agent.path, 'attributes', index, 'value', 'stringValue'];
    into.labeled.push({ line: agent.line, trace: parsed.data, ...(input === undefined ? {} : { input }), ...(path === undefined ? {} : { place: () => place(agent.line, path) }) });
  }
  else for (const issue of withoutSizeOfWrongType(parsed.error.issues)) into.issues.push({ ...at, ...valueIssueFields({ issue, path: issue.path, data: read, expected: expectedWords(issue), quote: quoteFound }) });
}

// Returns the span that stands for the agent run: the outermost invoke_agent, else the root span.
function agentSpan(spans: readonly LocatedSpan[]): LocatedSpan | undefined {
  const ids = new Set(spans.map((s) => s.span.spanId.toLowerCase()));
  const isRoot = (s: LocatedSpan) => !s.span.parentSpanId || !ids.has(s.span.parentSpanId.toLowerCase());
  const agents = spans.filter((s) => operation(s) === 'invoke_agent');
  const candidates = agents.length > 0 ? agents : spans.filter(isRoot);
  return [...candidates].sort((a, b) => Number(isRoot(b)) - Number(isRoot(a)) || compareNanos(a.span.startTimeUnixNano, b.span.startTimeUnixNano))[0];
}

/**
 * The spans of a trace that look like a tool call (genai-span.ts `looksLikeTool`) but were read as
 * none: a span over calls that were read (LangGraph's `tools` node, a toolkit's wrapper) is no call.
 */
function unreadTools(spans: readonly LocatedSpan[], { agent, read }: { agent: LocatedSpan; read: readonly LocatedSpan[] }): number {
  const byId = new Map(spans.map((s) => [s.span.spanId.toLowerCase(), s]));
  const over = new Set<LocatedSpan>();
  for (const call of read) {
    for (let parent = byId.get(call.span.parentSpanId?.toLowerCase() ?? ''); parent !== undefined && !over.has(parent); parent = byId.get(parent.span.parentSpanId?.toLowerCase() ?? '')) over.add(parent);
  }
  return spans.filter((s) => s !== agent && !read.includes(s) && !over.has(s) && looksLikeTool(s)).length;
}
