/**
 * OTLP/JSON traces read for `agentready score` (SPEC §14): one export request per file, or one
 * per line. Spans are grouped by trace id across the whole file (exporters batch spans of one
 * trace into several requests); each trace with GenAI spans becomes a recorded trace. A trace
 * whose agent span carries `agentready.case_id` is judged as that case; any other is a
 * production trace. Pure: every problem becomes a located ConfigIssue, all of them at once.
 *
 * The GenAI conventions read: `invoke_agent` (the case; else the trace's root span), `chat`,
 * `generate_content` and `text_completion` (model calls: model and token usage), `execute_tool`
 * (tool calls: name, arguments, result, `error.type` or an error status), the output from
 * `gen_ai.output.messages` and the input from `gen_ai.input.messages`. agentready's own
 * attributes (`AR` in config/schema/otlp.ts) make a trace it wrote read back exactly.
 */
import { z } from 'zod';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@opentelemetry/semantic-conventions/incubating';
import { RecordedTraceSchema, RESULT_OUTCOMES, type RecordedTrace, type ReportedToolCall, type ResultOutcome } from '../../config/schema/index.js';
import { AR, OTLP_STATUS_ERROR, OtlpTraceRequestSchema, type OtlpSpan } from '../../config/schema/otlp.js';
import type { ConfigIssue } from '../../errors.js';
import type { RecordedLine } from '../recorded-traces.js';
import { isLegacyNotRunTrace } from '../own-traces.js';
import { attributeMap, camelKeys, durationMs, type AttributeMap } from './values.js';

/** A trace with no case id: production traffic, judged only by the checks that need no label. */
export interface ProductionTrace {
  /** 1-based line of the request holding its agent span. */
  line: number;
  /** What the user asked, from `gen_ai.input.messages`, when the trace says. */
  input?: string;
  trace: Omit<RecordedTrace, 'case_id'> & { trace_id: string };
}

export interface OtlpTraces {
  labeled: RecordedLine[];
  production: ProductionTrace[];
  issues: ConfigIssue[];
  /** Traces left out: cases that never ran, and traces with no GenAI span (an HTTP server's, say). */
  skipped: { not_run: number; not_genai: number };
}

/** True when the text is OTLP/JSON (its first JSON value has `resourceSpans`) rather than agentready's JSONL. */
export function looksLikeOtlp(text: string): boolean {
  const first = tryJson(text.trim()) ?? tryJson(text.split('\n').find((line) => line.trim() !== '') ?? '');
  return typeof first === 'object' && first !== null && ('resourceSpans' in first || 'resource_spans' in first);
}

export function parseOtlpTraces(text: string, file: string): OtlpTraces {
  const issues: ConfigIssue[] = [];
  const spans: LocatedSpan[] = [];
  for (const { line, source } of requests(text)) {
    const at = { file, line, column: 1, sourceLine: source.slice(0, 200) };
    const raw = tryJson(source);
    if (raw === undefined) {
      issues.push({ ...at, path: '', code: 'invalid_json', message: 'not a JSON object', expected: 'an OTLP/JSON export request ({"resourceSpans": [...]}) per file or per line' });
      continue;
    }
    const parsed = OtlpTraceRequestSchema.safeParse(camelKeys(raw));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ ...at, path: z.core.toDotPath(issue.path), code: issue.code, message: issue.message });
      continue;
    }
    for (const resource of parsed.data.resourceSpans) {
      for (const scope of resource.scopeSpans ?? []) for (const span of scope.spans ?? []) spans.push({ line, span, attributes: attributeMap(span.attributes) });
    }
  }
  const result: OtlpTraces = { labeled: [], production: [], issues, skipped: { not_run: 0, not_genai: 0 } };
  if (issues.length > 0) return result;
  for (const trace of groupByTrace(spans)) readTrace(trace, file, result);
  if (result.issues.length === 0 && result.labeled.length === 0 && result.production.length === 0) {
    result.issues.push({ file, line: 1, column: 1, path: '', code: 'empty', message: 'the file holds no trace with GenAI spans (invoke_agent, chat, execute_tool)', expected: 'OTLP/JSON traces in the OpenTelemetry GenAI semantic conventions' });
  }
  return result;
}

interface LocatedSpan {
  line: number;
  span: OtlpSpan;
  attributes: AttributeMap;
}

// Returns the requests of the file: the whole text when it is one JSON document (or is not JSONL), else each non-blank line.
function* requests(text: string): Generator<{ line: number; source: string }> {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) return;
  if (tryJson(text.trim()) !== undefined || tryJson(lines[first]!) === undefined) {
    yield { line: first + 1, source: text.trim() };
    return;
  }
  for (let i = first; i < lines.length; i++) if (lines[i]!.trim() !== '') yield { line: i + 1, source: lines[i]! };
}

// Returns the spans of each trace id, in file order.
function groupByTrace(spans: readonly LocatedSpan[]): LocatedSpan[][] {
  const byTrace = new Map<string, LocatedSpan[]>();
  for (const located of spans) {
    const id = located.span.traceId.toLowerCase();
    const list = byTrace.get(id) ?? [];
    list.push(located);
    byTrace.set(id, list);
  }
  return [...byTrace.values()];
}

/** One model call of a recorded trace. */
type RecordedUsage = Extract<NonNullable<RecordedTrace['usage']>, unknown[]>[number];

const MODEL_OPERATIONS = new Set(['chat', 'generate_content', 'text_completion']);

// Adds one trace to the result: a labeled case, a production trace, a skip or an issue.
function readTrace(spans: LocatedSpan[], file: string, into: OtlpTraces): void {
  const agent = agentSpan(spans);
  const chats = spans.filter((s) => s !== agent && isModelCall(s));
  const tools = spans.filter((s) => s !== agent && operation(s) === 'execute_tool');
  if (!agent || (operation(agent) !== 'invoke_agent' && chats.length === 0 && tools.length === 0)) {
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
  const usage = (chats.length > 0 ? chats : usageOnAgent(agent)).map(usageOf);
  const toolCalls = [...tools].sort(bySeqThenStart).map(toolCallOf);
  const output = outputOf(attrs);
  const trace = {
    trace_id: str(attrs.get(AR.traceId)) ?? agent.span.traceId.toLowerCase(),
    ...(str(attrs.get(AR.suite)) ? { suite: str(attrs.get(AR.suite)) } : {}),
    outcome: outcomeOf(attrs, failed),
    ...(output === undefined ? {} : { output }),
    duration_ms: durationMs(agent.span),
    usage,
    tool_calls: toolCalls,
    ...(error === undefined ? {} : { error }),
  };
  const caseId = str(attrs.get(AR.caseId));
  if (caseId === undefined) {
    const input = inputOf(attrs);
    into.production.push({ line: agent.line, ...(input === undefined ? {} : { input }), trace });
    return;
  }
  const parsed = RecordedTraceSchema.safeParse({ ...trace, case_id: caseId });
  if (parsed.success) into.labeled.push({ line: agent.line, trace: parsed.data });
  else for (const issue of parsed.error.issues) into.issues.push({ ...at, path: z.core.toDotPath(issue.path), code: issue.code, message: issue.message });
}

// Returns the span that stands for the agent run: the outermost invoke_agent, else the root span.
function agentSpan(spans: readonly LocatedSpan[]): LocatedSpan | undefined {
  const ids = new Set(spans.map((s) => s.span.spanId.toLowerCase()));
  const isRoot = (s: LocatedSpan) => !s.span.parentSpanId || !ids.has(s.span.parentSpanId.toLowerCase());
  const agents = spans.filter((s) => operation(s) === 'invoke_agent');
  const candidates = agents.length > 0 ? agents : spans.filter(isRoot);
  return [...candidates].sort((a, b) => Number(isRoot(b)) - Number(isRoot(a)) || compareNanos(a.span.startTimeUnixNano, b.span.startTimeUnixNano))[0];
}

/** The GenAI operation of a span: its `gen_ai.operation.name`, else the first word of its name. */
function operation(span: LocatedSpan): string | undefined {
  return str(span.attributes.get(ATTR_GEN_AI_OPERATION_NAME)) ?? span.span.name.split(' ')[0];
}

/** A model call: a chat-like operation, or (for exporters that set no operation) a span naming the requested model. */
function isModelCall(span: LocatedSpan): boolean {
  const op = str(span.attributes.get(ATTR_GEN_AI_OPERATION_NAME));
  if (op !== undefined) return MODEL_OPERATIONS.has(op);
  return MODEL_OPERATIONS.has(span.span.name.split(' ')[0] ?? '') || span.attributes.has(ATTR_GEN_AI_REQUEST_MODEL);
}

/** The agent span itself as the one model call when it reports usage and no chat span does. */
function usageOnAgent(agent: LocatedSpan): LocatedSpan[] {
  return agent.attributes.has(ATTR_GEN_AI_USAGE_INPUT_TOKENS) || agent.attributes.has(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS) ? [agent] : [];
}

// Returns a model call's usage; its cost only when agentready priced it.
function usageOf({ attributes }: LocatedSpan): RecordedUsage {
  const cost = num(attributes.get(AR.costUsd));
  return {
    model: str(attributes.get(ATTR_GEN_AI_REQUEST_MODEL)) ?? str(attributes.get(ATTR_GEN_AI_RESPONSE_MODEL)) ?? 'unknown',
    input_tokens: Math.max(0, Math.round(num(attributes.get(ATTR_GEN_AI_USAGE_INPUT_TOKENS)) ?? num(attributes.get('gen_ai.usage.prompt_tokens')) ?? 0)),
    output_tokens: Math.max(0, Math.round(num(attributes.get(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS)) ?? num(attributes.get('gen_ai.usage.completion_tokens')) ?? 0)),
    ...(cost !== undefined && attributes.get(AR.priced) !== false ? { cost_usd: cost } : {}),
  };
}

function bySeqThenStart(a: LocatedSpan, b: LocatedSpan): number {
  const seqA = num(a.attributes.get(AR.toolSeq));
  const seqB = num(b.attributes.get(AR.toolSeq));
  if (seqA !== undefined && seqB !== undefined) return seqA - seqB;
  return compareNanos(a.span.startTimeUnixNano, b.span.startTimeUnixNano);
}

// Returns one execute_tool span as the tool call the agent made.
function toolCallOf({ span, attributes }: LocatedSpan): ReportedToolCall {
  const args = jsonValue(attributes.get(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS));
  const errorType = str(attributes.get(ATTR_ERROR_TYPE));
  const failed = span.status?.code === OTLP_STATUS_ERROR;
  const message = str(attributes.get(AR.toolErrorMessage)) ?? span.status?.message;
  const status = num(attributes.get(AR.toolErrorStatus));
  const retryAfter = num(attributes.get(AR.toolRetryAfterMs));
  const ruleId = str(attributes.get(AR.toolRuleId));
  const approved = attributes.get(AR.toolApproved);
  return {
    name: str(attributes.get(ATTR_GEN_AI_TOOL_NAME)) ?? (span.name.split(' ').slice(1).join(' ') || span.name),
    arguments: isRecord(args) ? args : {},
    ...(attributes.has(ATTR_GEN_AI_TOOL_CALL_RESULT) ? { result: jsonValue(attributes.get(ATTR_GEN_AI_TOOL_CALL_RESULT)) } : {}),
    ...(errorType !== undefined || failed
      ? {
          error: {
            kind: errorType ?? 'error',
            ...(message ? { message } : {}),
            ...(status === undefined ? {} : { status }),
            ...(retryAfter === undefined ? {} : { retry_after_ms: retryAfter }),
            ...(ruleId === undefined ? {} : { rule_id: ruleId }),
          },
        }
      : {}),
    ...(typeof approved === 'boolean' ? { approved } : {}),
    latency_ms: durationMs(span),
  };
}

/** agentready's outcome when it wrote one; else an error status is the agent's failure, anything else completed. */
function outcomeOf(attrs: AttributeMap, failed: boolean): ResultOutcome {
  const written = str(attrs.get(AR.outcome));
  if (written !== undefined && (RESULT_OUTCOMES as readonly string[]).includes(written)) return written as ResultOutcome;
  return failed ? 'agent_error' : 'completed';
}

/** agentready's exact output, else the text of the last assistant message. */
function outputOf(attrs: AttributeMap): unknown {
  if (attrs.has(AR.output)) return jsonValue(attrs.get(AR.output));
  return messageText(attrs.get(ATTR_GEN_AI_OUTPUT_MESSAGES), 'assistant', 'last');
}

/** The first user message's text. */
function inputOf(attrs: AttributeMap): string | undefined {
  return messageText(attrs.get(ATTR_GEN_AI_INPUT_MESSAGES), 'user', 'first');
}

/** The text parts of one message of a `gen_ai.*.messages` value (JSON text or a structured attribute). */
function messageText(raw: unknown, role: string, which: 'first' | 'last'): string | undefined {
  const messages = jsonValue(raw);
  if (!Array.isArray(messages)) return undefined;
  const ofRole = messages.filter((m): m is Record<string, unknown> => isRecord(m) && m['role'] === role);
  const message = which === 'first' ? ofRole[0] : ofRole.at(-1);
  if (!message) return undefined;
  if (typeof message['content'] === 'string') return message['content'];
  const parts = Array.isArray(message['parts']) ? message['parts'] : [];
  const texts = parts.filter((p): p is Record<string, unknown> => isRecord(p) && p['type'] === 'text' && typeof p['content'] === 'string').map((p) => p['content'] as string);
  return texts.length > 0 ? texts.join('') : undefined;
}

/** A JSON-text attribute parsed; text that is not JSON stays text. */
function jsonValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return tryJson(value) ?? value;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function compareNanos(a: string | number, b: string | number): number {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
