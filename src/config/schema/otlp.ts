/**
 * OTLP/JSON traces (SPEC §9, §14): the attribute names agentready writes beside the OpenTelemetry
 * GenAI semantic conventions, and the zod shape of an export request as `agentready score` reads
 * it. The wire format is the OTLP protobuf's JSON mapping: lowerCamelCase field names, trace and
 * span ids as hex, 64-bit integers as decimal strings or numbers, enums as integers. Unknown
 * fields are ignored, as the OTLP specification asks of a receiver.
 */
import { z } from 'zod';

/** agentready's own attributes: what the GenAI conventions have no name for. */
export const AR = Object.freeze({
  // Resource.
  runId: 'agentready.run_id',
  // The invoke_agent span of a case.
  caseId: 'agentready.case_id',
  suite: 'agentready.suite',
  attempt: 'agentready.attempt',
  verdict: 'agentready.verdict',
  outcome: 'agentready.outcome',
  mode: 'agentready.mode',
  /** The case's trace id when it is not 32 hex characters (the OTel trace id is then derived from it). */
  traceId: 'agentready.trace_id',
  /** The agent's output as JSON text, so a structured output reads back exactly. */
  output: 'agentready.output',
  failedChecks: 'agentready.checks.failed',
  errorCode: 'agentready.error.code',
  errorMessage: 'agentready.error.message',
  /** A conversation's turns as JSON text (the trace's `turns`), so its turn checks judge again. */
  turns: 'agentready.turns',
  // A chat span.
  costUsd: 'agentready.usage.cost_usd',
  priced: 'agentready.usage.priced',
  /** `gateway` on a call the model gateway measured (the span then has the call's own timing). */
  usageVia: 'agentready.usage.via',
  /** Who answered a gateway call: the model, or the gateway itself (budget_exhausted, a fault). */
  usageAnswer: 'agentready.usage.answer',
  usageStatus: 'agentready.usage.status',
  /** The provider API a gateway call used (`chat_completions`, `responses`, `messages`). */
  usageApi: 'agentready.usage.api',
  usageStream: 'agentready.usage.stream',
  /** Why the gateway answered a call itself, or left it unfinished (the refusal names the cap). */
  usageMessage: 'agentready.usage.message',
  /** A gateway call made at once with the case's first budget refusal, though read after it. */
  usageBeforeStopSeen: 'agentready.usage.before_stop_seen',
  /** A gateway call a priced model answered without usage: counted $0, its cost unknown. */
  usageUnmeasured: 'agentready.usage.unmeasured',
  /** A gateway call refused for budget that repeats a request refused before (a client's automatic retry). */
  usageRetryOfRefused: 'agentready.usage.retry_of_refused',
  // An execute_tool span.
  toolSeq: 'agentready.tool.seq',
  toolAnswer: 'agentready.tool.answer',
  toolApproved: 'agentready.tool.approved',
  toolErrorMessage: 'agentready.tool.error.message',
  toolErrorStatus: 'agentready.tool.error.status',
  toolRetryAfterMs: 'agentready.tool.error.retry_after_ms',
  toolRuleId: 'agentready.tool.error.rule_id',
  /** The turn of the conversation the call was made in. */
  toolTurn: 'agentready.tool.turn',
  /** Made at once with the case's first call answered budget_exhausted. */
  toolBeforeStopSeen: 'agentready.tool.before_stop_seen',
  /** How the call changed the tool world's state: JSON Patch as JSON text. */
  toolStateChange: 'agentready.tool.state_change',
  /** A call answered as its denial that ran all the same (exec): read back as the call that ran, its error the denial's. */
  toolRan: 'agentready.tool.ran',
  // Events on the invoke_agent span.
  policyEvent: 'agentready.policy.decision',
  policyRuleId: 'agentready.policy.rule_id',
  policyOutcome: 'agentready.policy.outcome',
  policyInput: 'agentready.policy.input_summary',
  approvalEvent: 'agentready.approval',
  approvalApproved: 'agentready.approval.approved',
  approvalReason: 'agentready.approval.reason',
});

/** An OTLP AnyValue; exactly one field is set (none for an empty value). */
export type OtlpAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
};
export type OtlpKeyValue = { key: string; value?: OtlpAnyValue };

// A JSON number past 2^53 (every nanosecond time since April 1970) is no safe integer, yet it is an
// integer the protobuf JSON mapping accepts: read to the double's precision (256 ns today).
// A time is a fixed64 (OTLP's proto): past 2^64 - 1 ns it is no time an exporter wrote, and a span
// lasting that long was written as a latency past 2^53 ms, a run folder no command reads back.
const FIXED64_MAX = '18446744073709551615';
const FITS_64_BITS = `a time in nanoseconds that fits 64 bits (at most ${FIXED64_MAX})`;
const int64 = z.union([
  z.string().regex(/^\d+$/, 'a decimal integer').refine(fits64Bits, FITS_64_BITS),
  z.number().nonnegative().refine(Number.isInteger, 'an integer').refine((nanos) => nanos < 2 ** 64, FITS_64_BITS),
]);

// Whether decimal digits stand for at most 2^64 - 1, compared as text (equal lengths compare as numbers), leading zeros aside.
function fits64Bits(digits: string): boolean {
  const value = digits.replace(/^0+(?=\d)/, '');
  return value.length < FIXED64_MAX.length || (value.length === FIXED64_MAX.length && value <= FIXED64_MAX);
}

export const OtlpAnyValueSchema: z.ZodType<OtlpAnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string().regex(/^-?\d+$/), z.number().int()]).optional(),
    doubleValue: z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).transform(Number).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.object({ values: z.array(OtlpAnyValueSchema).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(OtlpKeyValueSchema).optional() }).optional(),
  }),
);
export const OtlpKeyValueSchema: z.ZodType<OtlpKeyValue> = z.lazy(() => z.object({ key: z.string(), value: OtlpAnyValueSchema.optional() }));

const attributes = z.array(OtlpKeyValueSchema).optional();
// An id is hex in OTLP/JSON; the protobuf JSON mapping (Go's protojson, Python's MessageToJson) writes bytes as base64,
// `"traceId": "CvdlGRbNQ92ESOshHIAxnA=="`: an id of exactly its bytes in base64 is read as the same id in hex.
const hexId = (bytes: number) =>
  z.preprocess((raw) => base64IdAsHex(raw, bytes), z.string().regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `${bytes * 2} hex characters`));

// Returns `raw` as hex when it is the base64 of exactly `bytes` bytes (padding and all), else `raw` as it is.
function base64IdAsHex(raw: unknown, bytes: number): unknown {
  const length = Math.ceil(bytes / 3) * 4;
  if (typeof raw !== 'string' || raw.length !== length || !/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return raw;
  const decoded = Buffer.from(raw, 'base64');
  return decoded.length === bytes && decoded.toString('base64') === raw ? decoded.toString('hex') : raw;
}

/**
 * An enum field as OTLP/JSON writes it, an integer, or by its name as the protobuf JSON mapping
 * writes one (Go's protojson, Python's MessageToJson, a trace backend's JSON API:
 * `"kind": "SPAN_KIND_SERVER"`, `"code": "STATUS_CODE_ERROR"`), which OTLP receivers read too: read as its number.
 */
const otlpEnum = (names: readonly [string, ...string[]]) => z.union([z.number().int(), z.enum(names).transform((name) => names.indexOf(name))]);
const SPAN_KIND_NAMES = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'] as const;
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

export const OtlpSpanSchema = z.object({
  traceId: hexId(16),
  spanId: hexId(8),
  parentSpanId: z.union([hexId(8), z.literal('')]).optional(),
  name: z.string(),
  kind: otlpEnum(SPAN_KIND_NAMES).optional(),
  startTimeUnixNano: int64,
  endTimeUnixNano: int64,
  attributes,
  events: z.array(z.object({ timeUnixNano: int64.optional(), name: z.string(), attributes })).optional(),
  status: z.object({ code: otlpEnum(STATUS_CODE_NAMES).optional(), message: z.string().optional() }).optional(),
});
export type OtlpSpan = z.infer<typeof OtlpSpanSchema>;

/** One ExportTraceServiceRequest. */
export const OtlpTraceRequestSchema = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z.object({ attributes }).optional(),
      scopeSpans: z.array(z.object({ scope: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(), spans: z.array(OtlpSpanSchema).optional() })).optional(),
    }),
  ),
});
export type OtlpTraceRequest = z.infer<typeof OtlpTraceRequestSchema>;

/** Span status codes (opentelemetry.proto.trace.v1.Status.StatusCode). */
export const OTLP_STATUS_ERROR = 2;
