/**
 * A traces file for `agentready score` (JSONL) parsed and matched to the suites' cases. A line is
 * a RecordedTrace, or a line of agentready's own traces.jsonl (SPEC §9), read as the recorded
 * trace it amounts to (own-traces.ts). Pure: every problem becomes a located ConfigIssue, all of
 * them at once.
 */
import { parserFound, syntaxErrorPosition } from '../config/json-error.js';
import { jsonNestedPast } from '../config/json-depth.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { MAX_REPORTED_TOOL_CALLS, RecordedTraceSchema, reportedCallsPastMax, TraceSchema, type Case, type RecordedTrace, type Suite } from '../config/schema/index.js';
import { jsonLineIssues, locatedLine } from '../config/json-line-issues.js';
import { issueAtPath } from '../config/locate.js';
import { isOwnTrace, readOwnTrace } from './own-traces.js';
import { isPlainObject } from '../config/json-value.js';
import { PRODUCTION_SUITE } from '../config/production-case.js';
import type { ConfigIssue } from '../errors.js';

/**
 * How deep a trace line may nest: a value a run records nests at most MAX_NESTING_DEPTH levels (an
 * argument, a handler's result and state, an output), and the trace holds it up to 5 levels in (a
 * state change's value: the trace, `tool_calls`, a call, `state_change`, an operation).
 */
const TRACE_LINE_DEPTH = MAX_NESTING_DEPTH + 5;
import { excerpt, frameLine, quoteFound } from '../common/shorten.js';
import { cutShortLine } from './otlp/requests.js';

export interface RecordedLine {
  /** 1-based line in the file. */
  line: number;
  trace: RecordedTrace;
  /** What the user asked, when the trace says (agentready's own line, an OTLP trace's messages): a production trace's case is made from it, a labeled trace's attempt writes it. */
  input?: string;
  /** A line of agentready's own traces.jsonl: whether it holds redaction placeholders. */
  own?: { redacted: boolean };
  /** Where the trace names its case, when that is not its line's start (an OTLP case span's `agentready.case_id`, in a request of many traces). */
  place?: () => Placed;
}

/** A place in a traces file, with the line shown under a problem. */
export interface Placed {
  line: number;
  column: number;
  sourceLine: string;
}

export interface MatchedTrace extends RecordedLine {
  suite: Suite;
  kase: Case;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ConfigIssue[] };

export interface ParsedTraces {
  lines: RecordedLine[];
  issues: ConfigIssue[];
  /** Lines of agentready's own traces written with redaction on: they hold placeholders such as [email]. */
  redacted: number;
  /** Lines that repeat an earlier line exactly, trace id and all (a trace delivered twice): read once, each with the line it repeats. */
  repeated?: { line: number; of: number }[];
  /** The last line, with no newline after it, that is no JSON: cut short (a file still being written, a run killed while writing it), left out. */
  cut_short?: number;
}

/** Every non-blank line that is a RecordedTrace, and a problem for each line that is not. */
export function parseRecordedTraces(text: string, file: string): ParsedTraces {
  const lines: RecordedLine[] = [];
  const issues: ConfigIssue[] = [];
  let redacted = 0;
  let skipped = 0;
  const killSwitch: number[] = [];
  // The text of each line that names its trace, by its first line: a line that repeats one is the same trace delivered twice.
  const named = new Map<string, number>();
  const repeated: { line: number; of: number }[] = [];
  // As an OTLP file's last request (otlp/requests.ts): what follows its last whole line is no trace yet.
  const cutShort = cutShortLine(text);
  text.split('\n').forEach((rawLine, index) => {
    const source = rawLine.replace(/\r$/, '');
    if (source.trim() === '' || index + 1 === cutShort) return;
    const at = { file, line: index + 1, column: 1, sourceLine: source };
    // Parsing copes with any depth; scoring and writing the value back would run out of stack.
    const deep = jsonNestedPast(source, TRACE_LINE_DEPTH);
    if (deep !== undefined) {
      issues.push({ ...at, column: deep + 1, sourceLine: frameLine(source, { line: 1, column: deep + 1 }), path: '', code: 'too_deep', message: `nested more than ${TRACE_LINE_DEPTH} levels deep`, expected: `a trace whose values (arguments, results, outputs, state changes) nest at most ${MAX_NESTING_DEPTH} levels deep, ${TRACE_LINE_DEPTH} with the trace around them`, found: `level ${TRACE_LINE_DEPTH + 1} here` });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(source);
    } catch (error) {
      // V8's own words locate it; without a message ("not json") the line is quoted.
      const message = error instanceof SyntaxError ? error.message : '';
      const { column } = syntaxErrorPosition(message, source);
      const found = /at position \d+|end of JSON input/.test(message) ? parserFound({ message, text: source, end: 'the end of the line' }) : `"${excerpt(source, 80)}"`;
      issues.push({ ...at, column, path: '', code: 'invalid_json', message: 'not a JSON object', expected: 'one JSON object per line', found });
      return;
    }
    // A log shipper that delivers at least once (or a file appended to twice) repeats a line: one
    // trace, read once, as an OTLP span exported twice is (otlp/decode.ts). Two lines that differ
    // but name one trace stay a problem (duplicateTraceIds): which one happened cannot be told.
    if (isPlainObject(raw) && typeof raw['trace_id'] === 'string') {
      const first = named.get(source);
      if (first !== undefined) {
        repeated.push({ line: index + 1, of: first });
        return;
      }
      named.set(source, index + 1);
    }
    if (isOwnTrace(raw)) {
      const own = readOwnTrace(raw, source);
      if (own.kind === 'trace') {
        lines.push({ line: index + 1, trace: own.trace, ...(own.input === undefined ? {} : { input: own.input }), own: { redacted: own.redacted } });
        if (own.redacted) redacted++;
      } else if (own.kind === 'not_run') skipped++;
      else if (own.kind === 'kill_switch') killSwitch.push(index + 1);
      else issues.push(...jsonLineIssues({ issues: own.issues, raw, source, at, schema: TraceSchema, quote: quoteFound }));
      return;
    }
    // As an exec result's, counted before the schema reads every call.
    const calls = reportedCallsPastMax(raw);
    if (calls !== undefined) {
      const column = source.search(/(?<!\\)"tool_calls"\s*:/) + 1 || 1;
      issues.push({ ...at, column, sourceLine: frameLine(source, { line: 1, column }), path: 'tool_calls', code: 'too_many_tool_calls', message: `${calls} tool calls in one trace, more than the ${MAX_REPORTED_TOOL_CALLS} one trace may report (as an exec result may)`, expected: `at most ${MAX_REPORTED_TOOL_CALLS} tool calls in one trace, as in an exec result`, found: `${calls} tool calls` });
      return;
    }
    const parsed = RecordedTraceSchema.safeParse(raw);
    if (parsed.success) lines.push({ line: index + 1, trace: parsed.data });
    else issues.push(...jsonLineIssues({ issues: parsed.error.issues, raw, source, at, schema: RecordedTraceSchema, quote: quoteFound }));
  });
  issues.push(...duplicateTraceIds(lines, file));
  if (killSwitch.length > 0) {
    const [first] = killSwitch;
    issues.push({
      file,
      line: first!,
      column: 1,
      path: 'mode',
      code: 'kill_switch_trace',
      message: 'a trace of an `eval --kill-switch` run: it is judged by the readiness check, not by expectations, and `score` cannot judge it',
      expected: 'traces of a normal `eval`: a `--kill-switch` run is judged by its readiness check, which `score` does not do',
      found: `"read_only" on ${killSwitch.length === 1 ? 'this line' : `${killSwitch.length} lines, from this one`}`,
    });
  }
  if (issues.length === 0 && lines.length === 0) {
    const why = skipped > 0 ? `the traces file holds only cases that never ran (${skipped} skipped)` : 'the traces file holds no trace';
    issues.push({ file, line: 1, column: 1, path: '', code: 'empty', message: why, expected: 'one JSON object per line', found: skipped > 0 ? `only cases that never ran (${skipped} skipped)` : 'an empty file (nothing but blank lines)' });
  }
  return { lines, issues, redacted, ...(repeated.length > 0 ? { repeated } : {}), ...(cutShort === undefined ? {} : { cut_short: cutShort }) };
}

// A trace id names one run of a case: a file holding it twice (two exports concatenated, a line pasted again) would score that run as two attempts, and give two results one trace id.
// Production cases are the exception: lines of a production feed that share a trace id are cases of their own
// (`t1`, `t1-line-2`: production-traces.ts withUnlabeledLines), and a shadow run's traces.jsonl keeps them so.
function duplicateTraceIds(lines: readonly RecordedLine[], file: string): ConfigIssue[] {
  const firstLine = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  for (const { line, trace } of lines) {
    if (trace.trace_id === undefined) continue;
    const key = trace.suite === PRODUCTION_SUITE ? `${trace.trace_id}\0${PRODUCTION_SUITE}/${trace.case_id}` : trace.trace_id;
    const first = firstLine.get(key);
    if (first === undefined) firstLine.set(key, line);
    else issues.push({ file, line, column: 1, path: 'trace_id', code: 'duplicate_trace', message: `trace ${trace.trace_id} is also on line ${first}: each trace is scored once` });
  }
  return issues;
}

/** The suites traces are matched against, and the file they came from (for where a problem is). */
export interface TraceSource {
  suites: readonly Suite[];
  file: string;
  /**
   * A JSONL file's line by number: a problem then stands at the value it names (the `case_id`,
   * or the whole line for a `suite` it lacks) with the line as its code frame; without it (OTLP,
   * whose spans are not lines) at the line's start.
   */
  sourceOf?: (line: number) => string | undefined;
}

/** The suites' cases by id, each id's in the order of the suites, then of their cases (as a scan of every suite would meet them). */
type CasesById = ReadonlyMap<string, readonly { suite: Suite; kase: Case }[]>;

// Built once per file: matching each trace by a scan of every case of every suite was O(traces × cases).
function casesById(suites: readonly Suite[]): CasesById {
  const byId = new Map<string, { suite: Suite; kase: Case }[]>();
  for (const suite of suites) {
    for (const kase of suite.cases) {
      const same = byId.get(kase.id);
      if (same) same.push({ suite, kase });
      else byId.set(kase.id, [{ suite, kase }]);
    }
  }
  return byId;
}

/** Each trace with the case it answers (by `suite` and `case_id`), or a problem per unmatched line. */
export function matchRecordedTraces(lines: readonly RecordedLine[], { suites, file, sourceOf }: TraceSource): ParseResult<MatchedTrace[]> {
  const matched: MatchedTrace[] = [];
  const issues: ConfigIssue[] = [];
  const byId = casesById(suites);
  for (const recorded of lines) {
    const { case_id: caseId, suite: suiteName } = recorded.trace;
    const withId = byId.get(caseId) ?? [];
    const candidates = suiteName === undefined ? withId : withId.filter(({ suite }) => suite.name === suiteName);
    const at = { file, line: recorded.line, column: 1, path: 'case_id' };
    // Placed where the trace names its case when it says where (computed for a problem only).
    const placed = () => (recorded.place === undefined ? at : { ...at, ...recorded.place() });
    const only = candidates[0];
    if (candidates.length === 1 && only) matched.push({ ...recorded, ...only });
    else if (candidates.length === 0) issues.push(unmatched({ at: placed(), caseId, suiteName, suites, byId }));
    else {
      const names = candidates.map((c) => c.suite.name).join(', ');
      issues.push({ ...placed(), path: 'suite', code: 'ambiguous_case', message: `case "${caseId}" is in several suites (${names}); say which with "suite"`, expected: `one of ${names}`, found: 'no suite' });
    }
  }
  if (issues.length === 0) return { ok: true, value: matched };
  return { ok: false, issues: sourceOf ? issues.map((issue) => atValueOfLine(issue, sourceOf(issue.line))) : issues };
}

/**
 * Why a trace matched no case: a `suite` the config has none of (at `suite`, naming the suites), else a
 * `case_id` no suite (or not the one named) has, with the suite that has it when another does.
 */
function unmatched({ at, caseId, suiteName, suites, byId }: { at: Omit<ConfigIssue, 'code' | 'message'>; caseId: string; suiteName: string | undefined; suites: readonly Suite[]; byId: CasesById }): ConfigIssue {
  if (suiteName !== undefined && !suites.some((suite) => suite.name === suiteName)) {
    const names = suites.map((suite) => suite.name);
    const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')}, … (${names.length})` : names.join(', ');
    return { ...at, path: 'suite', code: 'unknown_suite', message: `no suite "${suiteName}" in the config`, expected: `the name of a suite of the config: ${shown}`, found: JSON.stringify(suiteName) };
  }
  const elsewhere = suiteName === undefined ? [] : [...new Set((byId.get(caseId) ?? []).map(({ suite }) => suite.name))];
  const expected =
    elsewhere.length > 0
      ? `a case of suite "${suiteName}" (case "${caseId}" is in suite ${elsewhere.join(', ')}: "suite": ${JSON.stringify(elsewhere[0])})`
      : (suiteSlashId(caseId, byId) ?? 'the id of a case in the suites of the config');
  const where = suiteName === undefined ? 'any suite' : `suite "${suiteName}"`;
  return { ...at, code: 'unknown_case', message: `no case "${caseId}" in ${where}`, expected, found: JSON.stringify(caseId) };
}

/** A problem of one JSONL line placed at the value of its key on that line (the line is JSON, which YAML reads with positions). */
function atValueOfLine(issue: ConfigIssue, source: string | undefined): ConfigIssue {
  if (source === undefined) return issue;
  const yaml = locatedLine(source, issue.file);
  if (yaml === undefined) return issue;
  const { file: _file, line: _line, column: _column, ...fields } = issue;
  return { ...issueAtPath({ yaml, path: [issue.path] }, fields), line: issue.line, sourceLine: source };
}

/**
 * For a case_id written `<suite>/<id>`, as the terminal and the reports name a case, when that
 * suite has that case: how to write it (its own id, the suite apart). Undefined otherwise.
 */
function suiteSlashId(caseId: string, byId: CasesById): string | undefined {
  const slash = caseId.indexOf('/');
  if (slash <= 0) return undefined;
  const suiteName = caseId.slice(0, slash);
  const id = caseId.slice(slash + 1);
  if (!(byId.get(id) ?? []).some(({ suite }) => suite.name === suiteName)) return undefined;
  return `the case's own id, ${JSON.stringify(id)}, with its suite apart: "suite": ${JSON.stringify(suiteName)}`;
}
