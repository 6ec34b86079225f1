/**
 * A line of agentready's own traces.jsonl (a run folder's), read by `agentready score` as the
 * recorded trace it amounts to (SPEC §9): its calls are judged again under the current suites
 * and policy. A call agentready refused stays refused (its answer kind is kept), so re-judging
 * never turns it into a call that ran; one that ran although denied (exec) reads back as it ran. Pure.
 */
import type { z } from 'zod';
import { hasPlaceholder } from '../common/redact.js';
import { isPlainObject } from '../config/json-value.js';
import { TraceSchema, type RecordedTrace, type RecordedUsage, type ReportedToolCall, type ToolCallRecord, type Trace, type UsageRecord } from '../config/schema/index.js';

export type OwnTraceLine =
  | { kind: 'trace'; trace: RecordedTrace; redacted: boolean; input?: string }
  /** A trace an older version wrote for a case the run never started: nothing to score. */
  | { kind: 'not_run' }
  /** Written by `eval --kill-switch`: judged by the readiness check, which `score` does not do. */
  | { kind: 'kill_switch' }
  /** zod's problems with the line, for the reader to locate and word as any trace line's (recorded-traces.ts). */
  | { kind: 'invalid'; issues: readonly z.core.$ZodIssue[] };

/**
 * Runs written before a skipped attempt had no trace wrote one anyway, with this error code, for
 * an attempt the run never started. Readers of traces.jsonl and of OTLP take such a trace for
 * what it was: nothing ran. The one place that knows the old shape.
 */
export function isLegacyNotRunTrace(errorCode: unknown): boolean {
  return errorCode === 'SKIPPED';
}

/** Only agentready's own traces carry `policy_decisions`. */
export function isOwnTrace(raw: unknown): boolean {
  return isPlainObject(raw) && 'policy_decisions' in raw;
}

/** `raw` parsed as a Trace and turned into a RecordedTrace; `source` is its line, to spot redaction. */
export function readOwnTrace(raw: unknown, source: string): OwnTraceLine {
  const parsed = TraceSchema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'invalid', issues: parsed.error.issues };
  }
  const trace = parsed.data;
  if (isLegacyNotRunTrace(trace.error?.code)) return { kind: 'not_run' };
  if (trace.mode === 'read_only') return { kind: 'kill_switch' };
  return { kind: 'trace', trace: recordedFromTrace(trace), redacted: hasPlaceholder(source), ...(trace.input === undefined ? {} : { input: trace.input }) };
}

export function recordedFromTrace(trace: Trace): RecordedTrace {
  return {
    case_id: trace.case_id,
    suite: trace.suite,
    trace_id: trace.trace_id,
    outcome: trace.outcome,
    output: trace.output,
    duration_ms: trace.duration_ms,
    // What the model gateway measured stays whole (its refused and faulted calls, their times: the
    // hard stop is judged again). A reported call with a cost keeps it; an unpriced one is priced
    // from the config's pricing.
    usage: trace.usage.map((usage) => (usage.via === 'gateway' ? { ...usage, via: usage.via } : reportedUsage(usage))),
    tool_calls: trace.tool_calls.map(asItRan),
    // Every approval/request, answered as it was, at its time: a refused one no call followed
    // still stands for the call it asked about, and a call finds the approval it used.
    approvals: trace.approvals.map(({ name, arguments: args, reason, approved, at_ms }) => ({ name, arguments: objectOf(args), ...(reason === undefined ? {} : { reason }), approved, at_ms })),
    ...(trace.error ? { error: trace.error.message } : {}),
    ...(trace.turns ? { turns: trace.turns } : {}),
  };
}

function reportedUsage({ model, input_tokens, output_tokens, cost_usd, priced }: UsageRecord): RecordedUsage {
  return { model, input_tokens, output_tokens, ...(priced ? { cost_usd } : {}) };
}

/** Answer kinds where the tool itself answered; any other kind is agentready's refusal. */
const TOOL_ANSWERED = new Set<ToolCallRecord['answer']>(['answer', 'error', 'fault']);

export function reportedFromRecord(call: ToolCallRecord): ReportedToolCall {
  const args = objectOf(call.arguments);
  const refused = !TOOL_ANSWERED.has(call.answer);
  return {
    name: call.name,
    arguments: args,
    ...('result' in call ? { result: call.result } : {}),
    ...errorOf(call, refused),
    ...(call.approved === undefined ? {} : { approved: call.approved }),
    at_ms: call.at_ms,
    latency_ms: call.latency_ms,
    ...(call.turn === undefined ? {} : { turn: call.turn }),
    ...(call.before_stop_seen === true ? { before_stop_seen: true } : {}),
    ...(call.state_change === undefined ? {} : { state_change: call.state_change }),
  };
}

/**
 * A call as judged again. One an exec agent reported that ran although a rule denies it (`ran`,
 * answered as its denial) was refused by no one: it reads back as the call that ran, its result
 * without the denial, which is judged again; read as its denial, it would be a refusal that ran
 * nothing, and no longer meet an `approved: true` it met in the run (score/tools.ts `reachedTool`).
 * The tool's own error, if it gave one, was not kept: the call reads as answered.
 */
function asItRan(call: ToolCallRecord): ReportedToolCall {
  const reported = reportedFromRecord(call);
  if (call.ran !== true) return reported;
  const { error: _denial, ...ran } = reported;
  return ran;
}

/** Recorded arguments as an object: anything else (never written by agentready) reads as {}. */
function objectOf(args: unknown): Record<string, unknown> {
  return isPlainObject(args) ? args : {};
}

/** The reported error that reads back as the same answer kind. */
function errorOf(call: ToolCallRecord, refused: boolean): Pick<ReportedToolCall, 'error'> {
  if (call.error) return { error: { ...call.error, kind: refused ? call.answer : call.error.kind } };
  if (refused) return { error: { kind: call.answer } };
  // A `malformed` fault answers garbage as its result, with no error.
  if (call.answer === 'fault') return { error: { kind: 'malformed', message: 'the tool answered a malformed result' } };
  return {};
}
