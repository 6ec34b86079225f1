/**
 * One span read by the OpenTelemetry GenAI semantic conventions, for `agentready score`: which
 * operation it is, and a model call's usage, a tool call, the agent's outcome.
 * agentready's own attributes (`AR` in config/schema/otlp.ts) make a span it wrote read back
 * exactly. Pure. decode.ts groups the spans into traces and asks these; messages.ts reads the input
 * and output.
 */
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@opentelemetry/semantic-conventions/incubating';
import { RESULT_OUTCOMES, type ModelAnswer, type ModelApi, type RecordedApproval, type RecordedTrace, type ReportedToolCall, type ResultOutcome } from '../../config/schema/index.js';
import { AR, OTLP_STATUS_ERROR, type OtlpSpan } from '../../config/schema/otlp.js';
import { attributeMap, compareNanos, count, durationMs, jsonValue, msBetween, num, str, type AttributeMap } from './values.js';
import { isPlainObject } from '../../config/json-value.js';
import { tokenCount } from '../../environment/gateway/usage.js';
import { isTraceloopTool, TRACELOOP, traceloopArguments, traceloopResult, traceloopToolName, type ToolArguments } from './traceloop.js';
import { isOpenInferenceModelCall, isOpenInferenceTool, openInferenceKind, openInferenceArguments, openInferenceResult, openInferenceToolName, openInferenceUsage } from './openinference.js';

/** A span with the 1-based line of the request that held it, and its attributes as plain values. */
export interface LocatedSpan {
  line: number;
  span: OtlpSpan;
  attributes: AttributeMap;
  /** Where the span is in its request (`resourceSpans[r].scopeSpans[s].spans[k]`), to place a problem of it there. */
  path?: (string | number)[];
}

/** One model call of a recorded trace. */
type RecordedUsage = Extract<NonNullable<RecordedTrace['usage']>, unknown[]>[number];

const MODEL_OPERATIONS = new Set(['chat', 'generate_content', 'text_completion']);

/** The GenAI operation of a span: its `gen_ai.operation.name`, else the first word of its name. */
export function operation(span: LocatedSpan): string | undefined {
  return str(span.attributes.get(ATTR_GEN_AI_OPERATION_NAME)) ?? span.span.name.split(' ')[0];
}

/** A model call: a chat-like operation, or (for exporters that set no operation) a span naming the requested model, or OpenInference's `LLM` span. */
export function isModelCall(span: LocatedSpan): boolean {
  const op = str(span.attributes.get(ATTR_GEN_AI_OPERATION_NAME));
  if (op !== undefined) return MODEL_OPERATIONS.has(op);
  return MODEL_OPERATIONS.has(span.span.name.split(' ')[0] ?? '') || span.attributes.has(ATTR_GEN_AI_REQUEST_MODEL) || isOpenInferenceModelCall(span.attributes);
}

/**
 * Whether a model call span counts as a model call made. A span of another tool that ended in an
 * error (`error.type` or an error status) and reports no tokens does not: agentready's own encoder
 * marks so a call that reached no model (the gateway answered it: a cap, a fault, an unreachable
 * upstream), and such a span says nothing was spent; read as reported usage it was a model call
 * answered with 0 tokens. One that reports tokens spent them and counts; agentready's own spans
 * (`agentready.usage.*`) are read by what they recorded.
 */
export function countsAsModelCall({ span, attributes }: LocatedSpan): boolean {
  if (attributes.has(AR.usageVia) || attributes.has(AR.costUsd)) return true;
  const failed = span.status?.code === OTLP_STATUS_ERROR || attributes.has(ATTR_ERROR_TYPE);
  if (!failed) return true;
  const { input_tokens, output_tokens } = usageOf({ span, attributes, line: 0 }, span.startTimeUnixNano);
  return input_tokens > 0 || output_tokens > 0;
}

/** The agent span itself as the one model call when it reports usage and no chat span does. */
export function usageOnAgent(agent: LocatedSpan): LocatedSpan[] {
  return agent.attributes.has(ATTR_GEN_AI_USAGE_INPUT_TOKENS) || agent.attributes.has(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS) ? [agent] : [];
}

/**
 * A model call's usage; its cost only when agentready priced it. A call agentready's model gateway
 * measured (`agentready.usage.via`) comes back as measured: who answered, its time since the agent
 * span started (`agentStart`) and its latency, so the budget check judges the hard stop again.
 */
export function usageOf({ span, attributes }: LocatedSpan, agentStart: string | number): RecordedUsage {
  const cost = num(attributes.get(AR.costUsd));
  const openInference = openInferenceUsage(attributes);
  const reported = {
    model: str(attributes.get(ATTR_GEN_AI_REQUEST_MODEL)) ?? str(attributes.get(ATTR_GEN_AI_RESPONSE_MODEL)) ?? openInference.model ?? 'unknown',
    // As the gateway reads a provider's answer: past 2^53 a count is a lie that priced the run at 1e302 dollars.
    input_tokens: tokenCount(count(attributes.get(ATTR_GEN_AI_USAGE_INPUT_TOKENS)) ?? count(attributes.get('gen_ai.usage.prompt_tokens')) ?? openInference.input),
    output_tokens: tokenCount(count(attributes.get(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS)) ?? count(attributes.get('gen_ai.usage.completion_tokens')) ?? openInference.output),
  };
  const priced = attributes.get(AR.priced) !== false;
  if (attributes.get(AR.usageVia) !== 'gateway') return { ...reported, ...(cost !== undefined && priced ? { cost_usd: cost } : {}) };
  const answer = str(attributes.get(AR.usageAnswer));
  const status = num(attributes.get(AR.usageStatus));
  const api = str(attributes.get(AR.usageApi));
  const stream = attributes.get(AR.usageStream);
  const message = str(attributes.get(AR.usageMessage));
  return {
    ...reported,
    cost_usd: cost ?? 0,
    priced,
    via: 'gateway',
    // Checked with the rest of the trace against the recorded-trace schema.
    ...(answer === undefined ? {} : { answer: answer as ModelAnswer }),
    ...(status === undefined ? {} : { status }),
    ...(api === undefined ? {} : { api: api as ModelApi }),
    ...(typeof stream === 'boolean' ? { stream } : {}),
    ...(message === undefined ? {} : { message }),
    ...(attributes.get(AR.usageBeforeStopSeen) === true ? { before_stop_seen: true as const } : {}),
    ...(attributes.get(AR.usageRetryOfRefused) === true ? { retry_of_refused: true as const } : {}),
    ...(attributes.get(AR.usageUnmeasured) === true ? { unmeasured: true as const } : {}),
    at_ms: msBetween(agentStart, span.startTimeUnixNano),
    latency_ms: durationMs(span),
  };
}

/** Tool calls in agentready's recorded order when both say it, else by start time. */
export function bySeqThenStart(a: LocatedSpan, b: LocatedSpan): number {
  const seqA = num(a.attributes.get(AR.toolSeq));
  const seqB = num(b.attributes.get(AR.toolSeq));
  if (seqA !== undefined && seqB !== undefined) return seqA - seqB;
  return compareNanos(a.span.startTimeUnixNano, b.span.startTimeUnixNano);
}

/**
 * The Vercel AI SDK's own telemetry (SPEC §17: an agent framework teams run) names a tool call
 * `ai.toolCall`, with its name, arguments and result under `ai.toolCall.*`, not the GenAI names.
 */
const VERCEL_TOOL_CALL = 'ai.toolCall';
const VERCEL_TOOL = Object.freeze({ name: 'ai.toolCall.name', args: 'ai.toolCall.args', result: 'ai.toolCall.result' });

/** A tool call: an `execute_tool` span, the Vercel AI SDK's `ai.toolCall`, OpenLLMetry's `traceloop.span.kind: tool` or OpenInference's `TOOL`. */
export function isToolCall(span: LocatedSpan): boolean {
  const op = operation(span);
  return op === 'execute_tool' || op === VERCEL_TOOL_CALL || span.attributes.has(VERCEL_TOOL.name) || isTraceloopTool(span.attributes) || isOpenInferenceTool(span.attributes);
}

const TOOL_WORD = /(^|[\s._:])tool([\s._:]|$)/i;

/**
 * Whether a span read as no call looks like a tool call all the same: a name or an attribute key
 * with the word `tool` in it, or a `…kind` / `…type` attribute saying `tool` (a convention agentready
 * does not read, or a known one written wrongly). A span that says what else it is does not: a
 * GenAI operation without the word (a sub-agent's `invoke_agent` listing its tools in
 * `gen_ai.tool.definitions`), an OpenInference or OpenLLMetry kind. decode.ts counts those a trace
 * leaves unread.
 */
export function looksLikeTool({ span, attributes }: LocatedSpan): boolean {
  const declared = str(attributes.get(ATTR_GEN_AI_OPERATION_NAME));
  if ((declared !== undefined && !TOOL_WORD.test(declared)) || openInferenceKind(attributes) !== undefined || attributes.has(TRACELOOP.kind)) return false;
  if (TOOL_WORD.test(span.name)) return true;
  for (const [key, value] of attributes) {
    if (TOOL_WORD.test(key)) return true;
    if (/(kind|type)$/i.test(key) && typeof value === 'string' && value.toLowerCase() === 'tool') return true;
  }
  return false;
}

// The tool call's attribute by its GenAI name, else the Vercel AI SDK's.
function toolAttribute(attributes: AttributeMap, names: { genai: string; vercel: string }): unknown {
  return attributes.get(names.genai) ?? attributes.get(names.vercel);
}

const ARGUMENTS = { genai: ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, vercel: VERCEL_TOOL.args };
const RESULT = { genai: ATTR_GEN_AI_TOOL_CALL_RESULT, vercel: VERCEL_TOOL.result };

// A tool call's arguments: the GenAI or Vercel attribute (JSON text or a structured value), else OpenInference's or OpenLLMetry's input.
function argumentsOf(attributes: AttributeMap): ToolArguments {
  const raw = toolAttribute(attributes, ARGUMENTS);
  if (raw === undefined) return isOpenInferenceTool(attributes) ? openInferenceArguments(attributes) : traceloopArguments(attributes);
  const args = jsonValue(raw);
  return isPlainObject(args) ? { state: 'read', value: args } : { state: 'unreadable' };
}

/**
 * Whether a tool span carries arguments no check can read (no JSON object: a dict's Python repr,
 * say; OpenLLMetry's positional arguments, which have no names): they are read as `{}`.
 */
export function argumentsUnreadable({ attributes }: LocatedSpan): boolean {
  return argumentsOf(attributes).state === 'unreadable';
}

// Returns one execute_tool span as the tool call the agent made, started `at_ms` after the agent span (which started at `agentStart`).
export function toolCallOf({ span, attributes }: LocatedSpan, agentStart: string | number): ReportedToolCall {
  const args = argumentsOf(attributes);
  // Each reader gives the result as its value, JSON text read once: read again, a returned string that is JSON text ("42") would not be the string it was.
  const raw = toolAttribute(attributes, RESULT);
  const result = raw === undefined ? (traceloopResult(attributes) ?? openInferenceResult(attributes)) : jsonValue(raw);
  const errorType = str(attributes.get(ATTR_ERROR_TYPE));
  const failed = span.status?.code === OTLP_STATUS_ERROR;
  const message = str(attributes.get(AR.toolErrorMessage)) ?? span.status?.message;
  const status = num(attributes.get(AR.toolErrorStatus));
  const retryAfter = num(attributes.get(AR.toolRetryAfterMs));
  const ruleId = str(attributes.get(AR.toolRuleId));
  const approved = attributes.get(AR.toolApproved);
  const turn = num(attributes.get(AR.toolTurn));
  const stateChange = jsonValue(attributes.get(AR.toolStateChange));
  // Answered as its denial, yet it ran (exec): the error is the denial, judged again; the call reads as it ran (own-traces.ts asItRan).
  const deniedButRan = attributes.get(AR.toolRan) === true;
  return {
    name: str(attributes.get(ATTR_GEN_AI_TOOL_NAME)) ?? str(attributes.get(VERCEL_TOOL.name)) ?? traceloopToolName({ attributes, spanName: span.name }) ?? openInferenceToolName(attributes) ?? (span.name.split(' ').slice(1).join(' ') || span.name),
    arguments: args.state === 'read' ? args.value : {},
    ...(result === undefined ? {} : { result }),
    ...((errorType !== undefined || failed) && !deniedButRan
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
    at_ms: msBetween(agentStart, span.startTimeUnixNano),
    latency_ms: durationMs(span),
    ...(turn === undefined ? {} : { turn }),
    ...(attributes.get(AR.toolBeforeStopSeen) === true ? { before_stop_seen: true as const } : {}),
    // Checked with the rest of the trace against the recorded-trace schema.
    ...(stateChange === undefined ? {} : { state_change: stateChange as ReportedToolCall['state_change'] }),
  };
}

/**
 * The approval requests agentready recorded as events of the agent span, at their times; undefined
 * for a span agentready did not write (no outcome of its own), whose calls' `approved` then stand
 * for their approvals.
 */
export function approvalsOf(agent: LocatedSpan): RecordedApproval[] | undefined {
  if (!agent.attributes.has(AR.outcome)) return undefined;
  return (agent.span.events ?? [])
    .filter((event) => event.name === AR.approvalEvent)
    .flatMap((event) => {
      const attrs = attributeMap(event.attributes);
      const name = str(attrs.get(ATTR_GEN_AI_TOOL_NAME));
      const approved = attrs.get(AR.approvalApproved);
      const args = jsonValue(attrs.get(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS));
      const reason = str(attrs.get(AR.approvalReason));
      if (name === undefined || typeof approved !== 'boolean') return [];
      return [{
        name,
        arguments: isPlainObject(args) ? args : {},
        ...(reason === undefined ? {} : { reason }),
        approved,
        at_ms: event.timeUnixNano === undefined ? 0 : msBetween(agent.span.startTimeUnixNano, event.timeUnixNano),
      }];
    });
}

/**
 * agentready's outcome when it wrote one; else an error status is the agent's failure, and
 * anything else `unknown`: a span that ended without an error says nothing of whether the agent
 * completed, escalated or refused.
 */
export function outcomeOf(attrs: AttributeMap, failed: boolean): ResultOutcome {
  const written = str(attrs.get(AR.outcome));
  if (written !== undefined && (RESULT_OUTCOMES as readonly string[]).includes(written)) return written as ResultOutcome;
  return failed ? 'agent_error' : 'unknown';
}
