/**
 * Production traces in `agentready score --unlabeled` (SPEC §14, shadow mode): a trace that names
 * no case has no expectation, so each becomes a case of its own in a `production` suite that
 * holds every tool the suites declare. It runs through the same recorded-trace path as a labeled
 * trace (its calls judged by authority and policy as they are recorded), and is then judged by the
 * label-free checks instead of an expectation. Pure.
 */
import type { Budgets, CaseResult, Case, Suite, Tool, Trace } from '../config/schema/index.js';
import { recordedArgumentProblems } from '../environment/arguments.js';
import { caseStatus, scoreUnlabeled } from '../score/index.js';
import type { ProductionTrace } from './otlp/decode.js';
import type { MatchedTrace, ParsedTraces, RecordedLine, TraceSource } from './recorded-traces.js';
import { RecordedTraceSchema } from '../config/schema/recorded.js';
import { PRODUCTION_SUITE } from '../config/production-case.js';
import { withShortReasons } from './judge-attempt.js';
import { createHash } from 'node:crypto';
import { redact } from '../common/redact.js';

/** A production trace matched to the case made for it. */
export interface ProductionMatch extends MatchedTrace {
  production: true;
  /** The trace said what the user asked; without it the case's input is empty, and the trace written keeps none. */
  inputRecorded: boolean;
}

export function isProduction(trace: MatchedTrace): trace is ProductionMatch {
  return 'production' in trace && trace.production === true;
}

/**
 * The lines of a JSONL traces file (a shadow run's own traces.jsonl, scored again) that are
 * production traces: reported under the `production` suite, naming no case a suite of that name
 * declares. The others are labeled, matched to their cases.
 */
export function splitProductionLines(lines: readonly RecordedLine[], suites: readonly Suite[]): { labeled: RecordedLine[]; production: ProductionTrace[] } {
  const declared = new Set(suites.filter((suite) => suite.name === PRODUCTION_SUITE).flatMap((suite) => suite.cases.map((kase) => kase.id)));
  const labeled: RecordedLine[] = [];
  const production: ProductionTrace[] = [];
  for (const line of lines) {
    const { case_id: caseId, ...trace } = line.trace;
    if (trace.suite !== PRODUCTION_SUITE || declared.has(caseId)) labeled.push(line);
    else production.push({ line: line.line, ...(line.input === undefined ? {} : { input: line.input }), caseId, trace: { ...trace, trace_id: trace.trace_id ?? caseId } });
  }
  return { labeled, production };
}

/**
 * Under `--unlabeled`, the lines of a JSONL traces file that name no case (neither a `case_id` nor a
 * `suite` key) and are otherwise whole recorded traces: production traces, as an OTLP trace with no
 * `agentready.case_id` is (SPEC §9, §14: shadow mode on agentready's own trace format too). Each
 * is read as a line of the `production` suite whose case id is its `trace_id`, else `line-<n>`; the
 * problems of every other line stay. Returns the parse with those lines moved from the problems
 * to the lines, in file order.
 */
export function withUnlabeledLines(parsed: ParsedTraces, text: string): ParsedTraces {
  const sources = text.split('\n');
  const read = new Map<number, RecordedLine>();
  // Lines that name no case but are no whole trace (an unknown key, a wrong value): their own problems stay, and no
  // "case_id missing" beside them, which under --unlabeled such a line does not need.
  const unlabeledBad = new Set<number>();
  // Each line is a trace of its own, never an attempt of another's case: a trace_id an earlier line has (or a `line-<n>`
  // another's trace_id is), or a production line of the file has as its case id (a shadow run's traces.jsonl, scored
  // again), gets its line too, `t1-line-7`. The trace keeps its trace_id; one with none gets its text's digest (lineTraceId).
  const taken = new Set<string>(parsed.lines.filter(({ trace }) => trace.suite === PRODUCTION_SUITE).map(({ trace }) => trace.case_id));
  for (const line of [...new Set(parsed.issues.map((issue) => issue.line))].sort((a, b) => a - b)) {
    const raw = unlabeledLine(sources[line - 1] ?? '');
    if (raw === undefined) continue;
    const id = productionCaseId(typeof raw.trace_id === 'string' && raw.trace_id !== '' ? raw.trace_id : `line-${line}`);
    const caseId = taken.has(id) ? `${id}-line-${line}` : id;
    const trace = RecordedTraceSchema.safeParse({ ...raw, ...('trace_id' in raw ? {} : { trace_id: lineTraceId({ line, source: sources[line - 1]! }) }), case_id: caseId, suite: PRODUCTION_SUITE });
    if (!trace.success) {
      unlabeledBad.add(line);
      continue;
    }
    taken.add(caseId);
    read.set(line, { line, trace: trace.data });
  }
  const issues = parsed.issues.filter((issue) => !read.has(issue.line) && !(unlabeledBad.has(issue.line) && issue.path === 'case_id'));
  if (read.size === 0 && issues.length === parsed.issues.length) return parsed;
  return { ...parsed, lines: [...parsed.lines, ...read.values()].sort((a, b) => a.line - b.line), issues };
}

/**
 * The trace id of a line that has none: a digest of its number and text, so the same line scored
 * again (the file once more) is the same trace to the weekly review's judgedOnce, and line 3 of
 * another day's file is not (a `line-<n>` id was, and hid it); two equal lines of one file are two
 * traces (one id twice would make the run's traces.jsonl a duplicate_trace when scored again).
 */
function lineTraceId({ line, source }: { line: number; source: string }): string {
  return createHash('sha256').update(`${line}\0${source.replace(/\r$/, '')}`).digest('hex').slice(0, 32);
}

// Returns the JSON object of a line that names no case and no suite, else undefined.
function unlabeledLine(source: string): Record<string, unknown> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || 'case_id' in raw || 'suite' in raw) return undefined;
  return raw as Record<string, unknown>;
}

/** Each production trace as a case of the `production` suite, in file order. */
export function matchProductionTraces(traces: readonly ProductionTrace[], { suites, file }: TraceSource): ProductionMatch[] {
  const tools = productionTools(suites);
  const suite: Suite = { name: PRODUCTION_SUITE, file, tools, cases: [], fingerprint: PRODUCTION_SUITE };
  return traces.map((production) => {
    const kase = productionCase(production, file);
    suite.cases.push(kase);
    return { line: production.line, trace: { ...production.trace, case_id: kase.id, suite: PRODUCTION_SUITE }, suite, kase, production: true, inputRecorded: production.input !== undefined };
  });
}

/**
 * The trace a production trace's attempt writes: with no input when the recording had none, so
 * `review` and the OTLP file say it was not recorded rather than show an empty message.
 */
export function productionRecord(trace: Trace, match: ProductionMatch): Trace {
  if (match.inputRecorded) return trace;
  const { input: _unrecorded, ...rest } = trace;
  return rest;
}

/** The tools production traffic is judged against: every suite's, the first declaration of a name winning. */
export function productionTools(suites: readonly Suite[]): Tool[] {
  const byName = new Map<string, Tool>();
  for (const suite of suites) for (const tool of suite.tools) if (!byName.has(tool.name)) byName.set(tool.name, tool);
  return [...byName.values()];
}

/** A finished attempt of a production trace judged by the label-free checks instead of its (empty) expectation. */
export function judgeUnlabeled(input: { result: CaseResult; trace: Trace; tools: readonly Tool[]; budgets: Budgets }): CaseResult {
  const { result, trace } = input;
  if (trace.outcome === 'error') return result;
  const checks = withShortReasons(scoreUnlabeled({ trace, tools: new Map(input.tools.map((tool) => [tool.name, tool])), budgets: input.budgets, argumentProblems: recordedArgumentProblems }));
  return { ...result, checks, status: caseStatus(trace, checks) };
}

// Returns the case made for one production trace: its id from the trace id, no expectation.
function productionCase(production: ProductionTrace, file: string): Case {
  return {
    id: productionCaseId(production.caseId ?? production.trace.trace_id),
    suite: PRODUCTION_SUITE,
    // A Case always has an input; productionRecord leaves the empty stand-in out of the trace.
    input: production.input ?? '',
    context: {},
    tags: [PRODUCTION_SUITE],
    approvals: { default: 'grant', tools: {} },
    mocks: [],
    faults: [],
    expect: {},
    fingerprint: PRODUCTION_SUITE,
    location: { file, line: production.line, column: 1 },
  };
}

// Returns a trace id as a case id: each character a case id may not hold (CASE_ID_PATTERN) a dash. A trace id that reads
// as PII or a secret (a JSONL line's `"trace_id": "jane@example.com"`, a session id holding an email) is no case id:
// every file and report writes case ids, and `jane-example.com` no longer reads as the email redaction would catch, so
// such a trace's case is `trace-<digest>`, the same for the same trace id scored again.
function productionCaseId(traceId: string): string {
  const id = traceId.replace(/[^A-Za-z0-9_.:-]/g, '-');
  if (redact(traceId) === traceId && redact(id) === id) return id;
  return `trace-${createHash('sha256').update(traceId).digest('hex').slice(0, 16)}`;
}
