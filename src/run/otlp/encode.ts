/**
 * A run's traces as OTLP/JSON with the OpenTelemetry GenAI semantic conventions (SPEC §9, §14):
 * per case one `invoke_agent` span, a `chat` span per model call and an `execute_tool` span per
 * tool call, the policy decisions and approvals as events of the case's span. The spans are
 * built as the SDK's ReadableSpan objects and serialised by the official OTLP JSON serializer
 * (`@opentelemetry/otlp-transformer`), so the wire format is OpenTelemetry's, not ours.
 *
 * Pure apart from the serializer: times come in as `endedAtMs`, span ids are derived from the
 * trace id, so the same run always gives the same file. Whatever the traces hold is written as
 * is: they arrive redacted (or not, under --no-redact) like every other file of the run.
 */
import { createHash } from 'node:crypto';
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type SpanContext, type SpanStatus } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '@opentelemetry/semantic-conventions/incubating';
import type { CaseResult, Trace } from '../../config/schema/index.js';
import { AR } from '../../config/schema/otlp.js';
import { reportedFromRecord } from '../own-traces.js';
import { chatAttributes, chatStatus } from './chat-span.js';
import { safeJsonText } from '../../common/sanitize.js';
import type { AgentName } from '../../config/schema/agent.js';

export interface OtlpRun {
  run_id: string;
  /** The agent as it named itself in `initialize` (the recorded adapter's name for `score`). */
  agent: AgentName;
  /** agentready's own version, for the instrumentation scope. */
  version: string;
}

export interface OtlpCase {
  trace: Trace;
  result: CaseResult;
  /** When the attempt finished, in epoch milliseconds; its start is this minus the trace's duration. */
  endedAtMs: number;
}

/** An OTLP trace id is 32 lowercase hex characters, not all zero. */
const OTEL_TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;

/** The run as one OTLP/JSON ExportTraceServiceRequest (one line, no trailing newline). */
export function encodeOtlpJson(run: OtlpRun, cases: readonly OtlpCase[]): string {
  return safeJsonText(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(otlpSpans(run, cases))));
}

/**
 * One case as the three parts of an export request: the text before the span list, the case's
 * spans (JSON values joined by commas) and the text after. Every case of a run gives the same
 * head and tail, so head + each case's spans joined by commas + tail is the request
 * encodeOtlpJson writes for all of them (one resource, one scope): a writer can stream the run.
 */
export function encodeOtlpParts(run: OtlpRun, kase: OtlpCase): { head: string; spans: string; tail: string } {
  const request = JSON.parse(encodeOtlpJson(run, [kase])) as { resourceSpans: [{ scopeSpans: [{ spans: unknown }] }] };
  const scope = request.resourceSpans[0].scopeSpans[0];
  const spans = (scope.spans as unknown[]).map((span) => safeJsonText(JSON.stringify(span))).join(',');
  scope.spans = SPANS_MARK;
  const [head = '', tail = ''] = safeJsonText(JSON.stringify(request)).split(JSON.stringify(SPANS_MARK));
  return { head: `${head}[`, spans, tail: `]${tail}` };
}

/** Stands for the span list while the rest of a request is written, then cut out. */
const SPANS_MARK = '\u0000spans\u0000';

/** Every span of the run, case after case: the invoke_agent span first, then its children. */
export function otlpSpans(run: OtlpRun, cases: readonly OtlpCase[]): ReadableSpan[] {
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: run.agent.name,
    ...(run.agent.version === undefined ? {} : { [ATTR_SERVICE_VERSION]: run.agent.version }),
    [AR.runId]: run.run_id,
  });
  const scope = { name: 'agentready', version: run.version };
  return cases.flatMap((kase) => caseSpans(kase, { run, finish: (fields) => ({ ...fields, resource, instrumentationScope: scope }) }));
}

/** The OTel trace id for an agentready trace id: itself when it already is one, else 32 hex characters of its sha256. */
export function otelTraceId(traceId: string): string {
  return OTEL_TRACE_ID.test(traceId) ? traceId : sha256(traceId).slice(0, 32);
}

type SpanFields = Omit<ReadableSpan, 'resource' | 'instrumentationScope'>;

// Returns the spans of one attempt: invoke_agent, then chat spans, then execute_tool spans.
function caseSpans({ trace, result, endedAtMs }: OtlpCase, { run, finish }: { run: OtlpRun; finish: (fields: SpanFields) => ReadableSpan }): ReadableSpan[] {
  const traceId = otelTraceId(trace.trace_id);
  const startMs = endedAtMs - trace.duration_ms;
  const root = spanContext(traceId, 0);
  const agentSpan = finish({
    ...timing(startMs, endedAtMs),
    name: `${GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT} ${run.agent.name}`,
    kind: SpanKind.INTERNAL,
    spanContext: () => root,
    status: caseStatus(trace),
    attributes: caseAttributes({ trace, result }, run),
    events: [...policyEvents(trace, startMs), ...approvalEvents(trace, startMs)],
    ...NOTHING_DROPPED,
  });
  const chats = trace.usage.map((usage, index) =>
    finish({
      // A call the gateway measured at its time; a reported one carries no timing: it is shown at the start of the case.
      ...(usage.at_ms === undefined ? timing(startMs, startMs) : timing(startMs + usage.at_ms, startMs + usage.at_ms + (usage.latency_ms ?? 0))),
      name: `${GEN_AI_OPERATION_NAME_VALUE_CHAT} ${usage.model}`,
      kind: SpanKind.CLIENT,
      spanContext: () => spanContext(traceId, 1 + index),
      parentSpanContext: root,
      status: chatStatus(usage),
      attributes: chatAttributes(usage),
      events: [],
      ...NOTHING_DROPPED,
    }),
  );
  const tools = trace.tool_calls.map((call) => {
    const reported = reportedFromRecord(call);
    const start = startMs + call.at_ms;
    return finish({
      ...timing(start, start + call.latency_ms),
      name: `${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL} ${call.name}`,
      kind: SpanKind.INTERNAL,
      spanContext: () => spanContext(traceId, 1 + trace.usage.length + call.seq),
      parentSpanContext: root,
      status: reported.error ? { code: SpanStatusCode.ERROR, ...(reported.error.message ? { message: reported.error.message } : {}) } : { code: SpanStatusCode.UNSET },
      attributes: compact({
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
        [ATTR_GEN_AI_TOOL_NAME]: call.name,
        [ATTR_GEN_AI_TOOL_CALL_ID]: `call_${call.seq}`,
        [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify(reported.arguments ?? {}),
        [ATTR_GEN_AI_TOOL_CALL_RESULT]: 'result' in reported ? jsonText(reported.result) : undefined,
        [ATTR_ERROR_TYPE]: reported.error?.kind,
        [AR.toolSeq]: call.seq,
        [AR.toolAnswer]: call.answer,
        [AR.toolApproved]: reported.approved,
        [AR.toolErrorMessage]: reported.error?.message,
        [AR.toolErrorStatus]: reported.error?.status,
        [AR.toolRetryAfterMs]: reported.error?.retry_after_ms,
        [AR.toolRuleId]: reported.error?.rule_id,
        [AR.toolTurn]: call.turn,
        [AR.toolBeforeStopSeen]: call.before_stop_seen,
        [AR.toolRan]: call.ran,
        [AR.toolStateChange]: call.state_change === undefined ? undefined : JSON.stringify(call.state_change),
      }),
      events: [],
      ...NOTHING_DROPPED,
    });
  });
  return [agentSpan, ...chats, ...tools];
}

const NOTHING_DROPPED: Pick<ReadableSpan, 'links' | 'droppedAttributesCount' | 'droppedEventsCount' | 'droppedLinksCount'> = { links: [], droppedAttributesCount: 0, droppedEventsCount: 0, droppedLinksCount: 0 };

// Returns the start, end and duration of a span from epoch milliseconds.
function timing(startMs: number, endMs: number): Pick<ReadableSpan, 'startTime' | 'endTime' | 'duration' | 'ended'> {
  return { startTime: millisToHrTime(startMs), endTime: millisToHrTime(endMs), duration: millisToHrTime(Math.max(0, endMs - startMs)), ended: true };
}

// Returns the span context of the index-th span of a trace: a span id derived from both.
function spanContext(traceId: string, index: number): SpanContext {
  return { traceId, spanId: sha256(`${traceId}:${index}`).slice(0, 16), traceFlags: TraceFlags.SAMPLED };
}

// Returns the attributes of the case's invoke_agent span.
function caseAttributes({ trace, result }: { trace: Trace; result: CaseResult }, run: OtlpRun): Attributes {
  const failed = result.checks.filter((check) => !check.pass).map((check) => (check.name ? `${check.check}:${check.name}` : check.check));
  return compact({
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: run.agent.name,
    [ATTR_GEN_AI_AGENT_VERSION]: run.agent.version,
    [ATTR_GEN_AI_INPUT_MESSAGES]: inputMessages(trace),
    // A run that answered nothing (a throw, a timeout) has no assistant message, rather than the text "null".
    [ATTR_GEN_AI_OUTPUT_MESSAGES]: trace.output === undefined ? undefined : JSON.stringify(trace.output === null ? [] : [textMessage('assistant', textOf(trace.output))]),
    [AR.caseId]: trace.case_id,
    [AR.suite]: trace.suite,
    [AR.attempt]: trace.attempt,
    [AR.verdict]: result.status,
    [AR.outcome]: trace.outcome,
    [AR.mode]: trace.mode,
    [AR.traceId]: otelTraceId(trace.trace_id) === trace.trace_id ? undefined : trace.trace_id,
    [AR.output]: trace.output === undefined ? undefined : JSON.stringify(trace.output),
    [AR.failedChecks]: failed.length > 0 ? failed : undefined,
    [ATTR_ERROR_TYPE]: trace.error?.code,
    [AR.errorCode]: trace.error?.code,
    [AR.errorMessage]: trace.error?.message,
    [AR.turns]: trace.turns === undefined ? undefined : JSON.stringify(trace.turns),
  });
}

/**
 * What the agent was asked, as `gen_ai.input.messages`: the case's input, or a conversation's
 * messages up to its last user message (its last answer is the output); undefined for a trace
 * that recorded neither (one read back from a file written before traces kept the input).
 */
function inputMessages(trace: Trace): string | undefined {
  if (trace.turns && trace.turns.length > 0) {
    const last = trace.turns.length - 1;
    return JSON.stringify(trace.turns.flatMap((turn, i) => [textMessage('user', turn.user), ...(i < last ? [textMessage('assistant', textOf(turn.output))] : [])]));
  }
  return trace.input === undefined ? undefined : JSON.stringify([textMessage('user', trace.input)]);
}

/** One GenAI chat message holding one text part. */
function textMessage(role: 'user' | 'assistant', content: string): { role: string; parts: { type: 'text'; content: string }[] } {
  return { role, parts: [{ type: 'text', content }] };
}

// Returns the span status of a case: an error when the run itself failed (not when a check did).
function caseStatus(trace: Trace): SpanStatus {
  if (trace.outcome !== 'error' && trace.outcome !== 'agent_error' && trace.outcome !== 'timeout') return { code: SpanStatusCode.UNSET };
  return { code: SpanStatusCode.ERROR, message: trace.error?.message ?? trace.outcome };
}

// Returns each policy decision as an event at its own time.
function policyEvents(trace: Trace, startMs: number): TimedEvent[] {
  return trace.policy_decisions.map((decision) => {
    const at = Date.parse(decision.timestamp);
    return {
      name: AR.policyEvent,
      time: millisToHrTime(Number.isNaN(at) ? startMs : at),
      attributes: {
        [ATTR_GEN_AI_TOOL_NAME]: decision.tool,
        [AR.policyRuleId]: decision.rule_id,
        [AR.policyOutcome]: decision.outcome,
        [AR.policyInput]: decision.input_summary,
      },
    };
  });
}

// Returns each approval request and its answer as an event.
function approvalEvents(trace: Trace, startMs: number): TimedEvent[] {
  return trace.approvals.map((approval) => ({
    name: AR.approvalEvent,
    time: millisToHrTime(startMs + approval.at_ms),
    attributes: compact({
      [ATTR_GEN_AI_TOOL_NAME]: approval.name,
      [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify(approval.arguments ?? {}),
      [AR.approvalApproved]: approval.approved,
      [AR.approvalReason]: approval.reason,
    }),
  }));
}

/** The attributes whose value is set (OTel attributes have no undefined). */
function compact(attributes: Record<string, Attributes[string]>): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}

/** A value as attribute text: JSON, so a string result and a structured one both read back exactly. */
function jsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** The output as a chat message's text. */
function textOf(output: unknown): string {
  return typeof output === 'string' ? output : JSON.stringify(output);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
