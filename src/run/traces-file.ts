/**
 * What `agentready score <file>` scores: agentready's own traces.jsonl, a JSONL of recorded
 * traces, or OTLP/JSON (told apart by the first JSON value), each trace matched to its case. A
 * production trace (OTLP with no `agentready.case_id`) becomes a case of its own under
 * `--unlabeled`, and is left out, with a warning, without it. Pure.
 */
import { hasPlaceholder } from '../common/redact.js';
import { withoutBom } from '../config/bom.js';
import type { Suite } from '../config/schema/index.js';
import type { ConfigIssue } from '../errors.js';
import { looksLikeOtlp, parseOtlpTraces, type OtlpTraces } from './otlp/decode.js';
import { wrappedOtlpIssue } from './otlp/wrapped.js';
import { excerpt } from '../common/shorten.js';
import { redactions } from '../common/redact-deep.js';
import { plural } from '../common/plural.js';
import { matchProductionTraces, splitProductionLines, withUnlabeledLines } from './production-traces.js';
import { matchRecordedTraces, parseRecordedTraces, type MatchedTrace, type ParsedTraces, type ParseResult } from './recorded-traces.js';

export interface TracesToScore {
  traces: MatchedTrace[];
  /** Said at the end of the run. */
  warnings: string[];
  format: 'otlp' | 'jsonl';
}

/**
 * `redact` (default on; off under `--no-redact`): what a warning quotes of the traces (a span's name) is redacted as the traces are.
 * `counts`: for a run folder's own traces.jsonl, whether its results count the attempt a trace recorded (eval-verdicts.ts).
 */
export function readTracesToScore(input: { text: string; file: string; suites: readonly Suite[]; unlabeled: boolean; redact?: boolean; counts?: ((traceId: string) => boolean) | undefined }): ParseResult<TracesToScore> {
  const { file, suites } = input;
  const text = withoutBom(input.text);
  if (!looksLikeOtlp(text)) return readJsonlTraces({ ...input, text });
  const parsed = parseOtlpTraces(text, file);
  const matched = matchRecordedTraces(parsed.labeled, { suites, file });
  const issues: ConfigIssue[] = [...parsed.issues, ...(matched.ok ? [] : matched.issues)].sort((a, b) => a.line - b.line);
  const production = parsed.production.length;
  if (issues.length === 0 && matched.ok && matched.value.length === 0 && production > 0 && !input.unlabeled) {
    issues.push({
      file, line: parsed.production[0]!.line, column: 1, path: 'agentready.case_id', code: 'production_only',
      message: `every trace is a production trace (${production}, none names a case with agentready.case_id)`,
      expected: 'traces naming their case in agentready.case_id, or `--unlabeled` to score production traces by the checks that need no label',
      found: `${production} production trace${production === 1 ? '' : 's'} and no trace naming a case`,
    });
  }
  if (issues.length > 0 || !matched.ok) return { ok: false, issues };
  const warnings: string[] = hasPlaceholder(text)
    ? [`${file} holds redaction placeholders such as [email]: ${REDACTED_READING}`]
    : [];
  if (production > 0 && !input.unlabeled) warnings.push(`${production} production trace${production === 1 ? '' : 's'} in ${file} (no agentready.case_id) left out: \`--unlabeled\` scores them by the checks that need no label`);
  if (parsed.unreadable_arguments > 0) {
    const calls = parsed.unreadable_arguments === 1 ? '1 tool call' : `${parsed.unreadable_arguments} tool calls`;
    const carry = parsed.unreadable_arguments === 1 ? 'carries' : 'carry';
    warnings.push(`${calls} in ${file} ${carry} arguments that are no JSON object (gen_ai.tool.call.arguments as text that is not one, or OpenLLMetry's positional arguments, which have no names, or no traceloop.entity.input at all, content tracing off): read with no arguments ({}), which the checks of arguments then judge`);
  }
  if (parsed.unread_tools > 0) {
    const spans = parsed.unread_tools === 1 ? '1 span' : `${parsed.unread_tools} spans`;
    warnings.push(`${spans} in ${file} look${parsed.unread_tools === 1 ? 's' : ''} like a tool call (\`tool\` in a name or attribute) in no convention agentready reads (GenAI execute_tool, Vercel ai.toolCall, OpenLLMetry, OpenInference TOOL): left out of the tool calls, so the checks of tool calls did not see ${parsed.unread_tools === 1 ? 'it' : 'them'}`);
  }
  if (parsed.unspanned_tool_calls > 0) {
    const one = parsed.unspanned_tool_calls === 1;
    warnings.push(`${one ? '1 tool call' : `${parsed.unspanned_tool_calls} tool calls`} a model asked for in ${file} (a tool_call in gen_ai.output.messages or llm.output_messages) ${one ? 'is' : 'are'} in traces that record no tool span: left out of the tool calls, which are read from tool spans (a model's request is not a call made), so the checks of tool calls did not see ${one ? 'it' : 'them'}`);
  }
  warnings.push(...unreadableMessagesWarnings(parsed.unreadable_messages, { file, redactText: redactions(input.redact !== false).text }));
  if (parsed.cut_short !== undefined) warnings.push(`${file}:${parsed.cut_short}: the last line, with no newline after it, is no whole export request (the file still being written?): left out`);
  if (parsed.skipped.not_genai > 0) warnings.push(`${parsed.skipped.not_genai} trace${parsed.skipped.not_genai === 1 ? '' : 's'} in ${file} with no GenAI span (invoke_agent, chat, execute_tool) left out`);
  const productionCases = input.unlabeled ? matchProductionTraces(parsed.production, { suites, file }) : [];
  const traces = [...matched.value, ...productionCases];
  const unknown = traces.filter(({ trace }) => trace.outcome === 'unknown').length;
  if (unknown > 0) warnings.push(unknownOutcomeWarning({ unknown, total: traces.length, file }));
  return { ok: true, value: { traces, warnings, format: 'otlp' } };
}

/** Spans named one by one in the warnings of messages that are no JSON; the rest are counted. */
const UNREADABLE_NAMED = 3;

// One warning per span whose messages are no JSON text, naming it (the first few; the rest counted).
function unreadableMessagesWarnings(unreadable: OtlpTraces['unreadable_messages'], { file, redactText }: { file: string; redactText: (text: string) => string }): string[] {
  const named = unreadable.slice(0, UNREADABLE_NAMED).map(
    (u) => `${file}:${u.line}: span "${excerpt(redactText(u.span), 80)}" (span ${u.span_id} of trace ${u.trace_id}): ${u.attribute} is no JSON text (${u.found}): read as no messages, so the trace's ${u.direction} is not read from it`,
  );
  const more = unreadable.length - named.length;
  return more > 0 ? [...named, `${file}: ${more} more span${more === 1 ? '' : 's'} with gen_ai messages that are no JSON text, read as no messages`] : named;
}

// A JSONL file: recorded traces, or a run folder's own traces.jsonl, whose production traces (a shadow run's) are read as such.
function readJsonlTraces(input: { text: string; file: string; suites: readonly Suite[]; unlabeled: boolean; counts?: ((traceId: string) => boolean) | undefined }): ParseResult<TracesToScore> {
  const { text, file, suites } = input;
  const { parsed, superseded } = countedLines(input.unlabeled ? withUnlabeledLines(parseRecordedTraces(text, file), text) : parseRecordedTraces(text, file), input.counts);
  const split = splitProductionLines(parsed.lines, suites);
  let sources: string[] | undefined;
  const matched = matchRecordedTraces(split.labeled, { suites, file, sourceOf: (line) => (sources ??= text.split('\n'))[line - 1]?.replace(/\r$/, '') });
  const issues = [...parsed.issues, ...(matched.ok ? [] : matched.issues)].sort((a, b) => a.line - b.line);
  const production = split.production.length;
  if (issues.length === 0 && matched.ok && matched.value.length === 0 && production > 0 && !input.unlabeled) {
    issues.push({
      file, line: split.production[0]!.line, column: 1, path: 'suite', code: 'production_only',
      message: `every trace is a production trace (${production}, judged by \`score --unlabeled\`, no case of the suites)`,
      expected: 'traces of the suites\' cases, or `--unlabeled` to score production traces by the checks that need no label',
      found: `${production} production trace${production === 1 ? '' : 's'} and no trace of a case`,
    });
  }
  if (issues.length > 0 || !matched.ok) {
    // One JSON object wrapping OTLP (a trace backend's API answer) is no JSONL: one problem saying so, not one per line.
    const wrapped = wrappedOtlpIssue(text, file);
    return { ok: false, issues: wrapped === undefined ? issues.map((issue) => caseIdHint(issue, input.unlabeled)) : [wrapped] };
  }
  const warnings = parsed.redacted > 0 ? [redactedWarning(parsed.redacted, file)] : [];
  if (superseded > 0) warnings.push(`${plural(superseded, 'trace')} of attempts the run ran again (\`eval --resume\`) left out: its results.jsonl counts the later attempt, whose trace is scored`);
  if (parsed.repeated !== undefined) warnings.push(repeatedWarning(parsed.repeated, file));
  if (parsed.cut_short !== undefined) warnings.push(`${file}:${parsed.cut_short}: the last line, with no newline after it, is no whole trace (the file still being written, or a run killed while writing it): left out`);
  if (production > 0 && !input.unlabeled) warnings.push(`${production} production trace${production === 1 ? '' : 's'} in ${file} (judged by \`score --unlabeled\`, no case of the suites) left out: \`--unlabeled\` scores them by the checks that need no label`);
  const productionCases = input.unlabeled ? matchProductionTraces(split.production, { suites, file }) : [];
  return { ok: true, value: { traces: [...matched.value, ...productionCases], warnings, format: 'jsonl' } };
}

/**
 * The lines of a run folder's own traces.jsonl its results count: a resumed run's keeps the trace
 * of an attempt it ran again, whose later result (and trace) the run counts instead. Left out
 * here, before anything counts them (the lines written with redaction on). `superseded`: how many.
 */
function countedLines(parsed: ParsedTraces, counts: ((traceId: string) => boolean) | undefined): { parsed: ParsedTraces; superseded: number } {
  if (counts === undefined) return { parsed, superseded: 0 };
  const gone = new Set(parsed.lines.filter(({ trace, own }) => own !== undefined && trace.trace_id !== undefined && !counts(trace.trace_id)));
  if (gone.size === 0) return { parsed, superseded: 0 };
  const redacted = parsed.redacted - [...gone].filter(({ own }) => own?.redacted === true).length;
  return { parsed: { ...parsed, lines: parsed.lines.filter((line) => !gone.has(line)), redacted }, superseded: gone.size };
}

/**
 * The problems of a traces file as printed: what the agent recorded is redacted by `deep` (as its
 * traces are), the file's path is not (the user's). A placeholder is not as long as what it hides, so a code frame whose line changed
 * before or under its carets gets them placed in the redacted line (`caret`; the file's own line
 * and column stay in the location); when the line's start does not redact alike on its own (a
 * value cut in two there), the frame is left out, and `found` quotes the value.
 */
export function redactedTraceIssues(issues: readonly ConfigIssue[], deep: <T>(value: T) => T): ConfigIssue[] {
  return issues.map((issue) => {
    // The file is the path the user typed, not what the agent recorded: printed as written, as "Scoring … from" and the hint print it.
    const redacted = { ...deep(issue), file: issue.file, ...(issue.fixIn === undefined ? {} : { fixIn: issue.fixIn }) };
    const { sourceLine: source } = issue;
    const shown = redacted.sourceLine;
    if (source === undefined || shown === undefined || shown === source) return redacted;
    const before = deep(source.slice(0, issue.column - 1));
    if (!shown.startsWith(before)) {
      const { sourceLine: _line, endColumn: _end, ...withoutFrame } = redacted;
      return withoutFrame;
    }
    const through = issue.endColumn === undefined ? undefined : deep(source.slice(0, issue.endColumn - 1));
    const end = through !== undefined && through.length > before.length && shown.startsWith(through) ? { endColumn: through.length + 1 } : {};
    return { ...redacted, caret: { column: before.length + 1, ...end } };
  });
}

/**
 * The problems of a traces file for a printout that shows the first `shown` in full and only counts
 * the rest (format-issues.ts: by file, with the line numbers' width for its gutter): the first are
 * redacted as redactedTraceIssues does; the rest keep their file (as typed), place, code and
 * severity, and leave out what the agent recorded (the line, the value found) instead of redacting
 * it: 20,000 unknown case ids spent ~0.8 s of CPU redacting lines never printed.
 */
export function printedTraceIssues(issues: readonly ConfigIssue[], { deep, shown }: { deep: <T>(value: T) => T; shown: number }): ConfigIssue[] {
  const counted = issues.slice(shown).map(({ file, line, column, code, severity, fixIn }): ConfigIssue => ({
    file,
    line,
    column,
    path: '',
    code,
    message: 'not printed (past the problems shown)',
    ...(severity === undefined ? {} : { severity }),
    ...(fixIn === undefined ? {} : { fixIn }),
  }));
  return [...redactedTraceIssues(issues.slice(0, shown), deep), ...counted];
}

/** A JSONL line without its case: under --unlabeled, a line with neither case_id nor suite is a production trace (withUnlabeledLines), and the problem says so. */
function caseIdHint(issue: ConfigIssue, unlabeled: boolean): ConfigIssue {
  if (issue.path !== 'case_id' || issue.expected === undefined) return issue;
  const hint = unlabeled ? 'under --unlabeled a line with neither case_id nor suite is a production trace' : 'or `--unlabeled` to score a line with neither case_id nor suite as a production trace';
  return { ...issue, expected: `${issue.expected} (${hint})` };
}

function unknownOutcomeWarning({ unknown, total, file }: { unknown: number; total: number; file: string }): string {
  const which = unknown === total ? `none of the ${total} traces in ${file} say` : `${unknown} of the ${total} traces in ${file} do not say`;
  return `${which} how the run ended (no agentready.outcome, no error status): their outcome is unknown, not completed, and the escalation rate counts only the traces that say`;
}

/** How `score` reads a trace written with redaction on (score/redacted.ts), said once per run; what it could not judge is said after (score-traces.ts). */
const REDACTED_READING = 'an expected value is compared by its redacted form there ([email] matches any address the case expects)';

// Lines that repeat an earlier one, trace id and all: the first named, the rest counted.
function repeatedWarning(repeated: readonly { line: number; of: number }[], file: string): string {
  const [first] = repeated;
  const more = repeated.length > 1 ? ` (and ${repeated.length - 1} more line${repeated.length === 2 ? '' : 's'})` : '';
  return `${file}:${first!.line}: repeats line ${first!.of} exactly, trace id and all${more}: one trace delivered twice, scored once`;
}

function redactedWarning(count: number, file: string): string {
  return `${count} of the traces in ${file} were written with redaction on: ${REDACTED_READING}`;
}
