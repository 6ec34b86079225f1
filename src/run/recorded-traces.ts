/**
 * A traces file for `agentready score` (JSONL) parsed and matched to the suites' cases. A line is
 * a RecordedTrace, or a line of agentready's own traces.jsonl (SPEC §9), read as the recorded
 * trace it amounts to. Pure: every problem becomes a located ConfigIssue, all of them at once.
 */
import { z } from 'zod';
import {
  RecordedTraceSchema,
  TraceSchema,
  type Case,
  type RecordedTrace,
  type ReportedToolCall,
  type Suite,
  type ToolCallRecord,
  type Trace,
} from '../config/schema/index.js';
import type { ConfigIssue } from '../errors.js';
import { excerpt } from '../adapters/jsonrpc.js';

export interface RecordedLine {
  /** 1-based line in the file. */
  line: number;
  trace: RecordedTrace;
}

export interface MatchedTrace extends RecordedLine {
  suite: Suite;
  kase: Case;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ConfigIssue[] };

/** Every non-blank line that is a RecordedTrace, and a problem for each line that is not. */
export function parseRecordedTraces(text: string, file: string): { lines: RecordedLine[]; issues: ConfigIssue[] } {
  const lines: RecordedLine[] = [];
  const issues: ConfigIssue[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const source = rawLine.replace(/\r$/, '');
    if (source.trim() === '') return;
    const at = { file, line: index + 1, column: 1, sourceLine: source.slice(0, 200) };
    let raw: unknown;
    try {
      raw = JSON.parse(source);
    } catch {
      issues.push({ ...at, path: '', code: 'invalid_json', message: 'not a JSON object', expected: 'one JSON object per line', found: `"${excerpt(source, 80)}"` });
      return;
    }
    if (isOwnTrace(raw)) {
      const own = TraceSchema.safeParse(raw);
      if (own.success) lines.push({ line: index + 1, trace: recordedFromTrace(own.data) });
      else for (const issue of own.error.issues) issues.push({ ...at, path: z.core.toDotPath(issue.path), code: issue.code, message: issue.message });
      return;
    }
    const parsed = RecordedTraceSchema.safeParse(raw);
    if (parsed.success) lines.push({ line: index + 1, trace: parsed.data });
    else for (const issue of parsed.error.issues) issues.push({ ...at, path: z.core.toDotPath(issue.path), code: issue.code, message: issue.message });
  });
  if (issues.length === 0 && lines.length === 0) {
    issues.push({ file, line: 1, column: 1, path: '', code: 'empty', message: 'the traces file holds no trace', expected: 'one JSON object per line' });
  }
  return { lines, issues };
}

/** Each trace with the case it answers (by `suite` and `case_id`), or a problem per unmatched line. */
export function matchRecordedTraces(lines: readonly RecordedLine[], suites: readonly Suite[], file: string): ParseResult<MatchedTrace[]> {
  const matched: MatchedTrace[] = [];
  const issues: ConfigIssue[] = [];
  for (const recorded of lines) {
    const { case_id: caseId, suite: suiteName } = recorded.trace;
    const candidates = suites
      .filter((suite) => suiteName === undefined || suite.name === suiteName)
      .flatMap((suite) => suite.cases.filter((kase) => kase.id === caseId).map((kase) => ({ suite, kase })));
    const at = { file, line: recorded.line, column: 1, path: 'case_id' };
    const only = candidates[0];
    if (candidates.length === 1 && only) matched.push({ ...recorded, ...only });
    else if (candidates.length === 0) {
      const where = suiteName === undefined ? 'any suite' : `suite "${suiteName}"`;
      issues.push({ ...at, code: 'unknown_case', message: `no case "${caseId}" in ${where}`, expected: 'the id of a case in the suites of the config', found: JSON.stringify(caseId) });
    } else {
      const names = candidates.map((c) => c.suite.name).join(', ');
      issues.push({ ...at, path: 'suite', code: 'ambiguous_case', message: `case "${caseId}" is in several suites (${names}); say which with "suite"`, expected: `one of ${names}`, found: 'no suite' });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: matched };
}

/** A line of a run folder's traces.jsonl: only agentready's own traces carry policy_decisions. */
function isOwnTrace(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'policy_decisions' in raw;
}

/**
 * What an agentready trace says the agent did, as a recorded trace: its calls are judged again
 * under the current suites and policy. A call agentready refused stays refused (its answer kind
 * is kept), so re-judging does not turn it into a call that ran.
 */
export function recordedFromTrace(trace: Trace): RecordedTrace {
  return {
    case_id: trace.case_id,
    suite: trace.suite,
    trace_id: trace.trace_id,
    outcome: trace.outcome,
    output: trace.output,
    duration_ms: trace.duration_ms,
    // An unpriced call's cost is priced again from the config's pricing.
    usage: trace.usage.map(({ model, input_tokens, output_tokens, cost_usd, priced }) => ({ model, input_tokens, output_tokens, ...(priced ? { cost_usd } : {}) })),
    tool_calls: trace.tool_calls.map(reportedFromRecord),
    ...(trace.error ? { error: trace.error.message } : {}),
  };
}

/** Answer kinds where the tool itself answered; any other kind is agentready's refusal. */
const TOOL_ANSWERED = new Set<ToolCallRecord['answer']>(['answer', 'error', 'fault']);

function reportedFromRecord(call: ToolCallRecord): ReportedToolCall {
  const args = typeof call.arguments === 'object' && call.arguments !== null && !Array.isArray(call.arguments) ? (call.arguments as Record<string, unknown>) : {};
  const refused = !TOOL_ANSWERED.has(call.answer);
  const error = call.error
    ? { ...call.error, kind: refused ? call.answer : call.error.kind }
    : refused ? { kind: call.answer } : undefined;
  return {
    name: call.name,
    arguments: args,
    ...('result' in call ? { result: call.result } : {}),
    ...(error ? { error } : {}),
    ...(call.approved === undefined ? {} : { approved: call.approved }),
    latency_ms: call.latency_ms,
  };
}
