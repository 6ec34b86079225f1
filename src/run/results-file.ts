/**
 * Reading a run folder's results.jsonl (SPEC §8): a header line, then one CaseResult per attempt.
 * A newer format is refused, a corrupt line is a ConfigError at its line, and a last line cut
 * short by a killed run is dropped: every line before it was written whole. `read-run.ts` finds
 * the run folder and reads the rest of it.
 */
import { withoutBom } from '../config/bom.js';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { CaseResultSchema, ResultsHeaderSchema, type CaseResult, type ResultsHeader, type RunSummaryFile } from '../config/schema/index.js';
import { ConfigError, EmptyRunError, type ConfigIssue } from '../errors.js';
import { FOUND_MAX_CHARS } from '../config/expected-words.js';
import { jsonLineIssues } from '../config/json-line-issues.js';
import { syntaxErrorPosition, withoutExcerpt } from '../config/json-error.js';
import { attemptKey } from './plan.js';
import { RESULTS_FILE } from './run-folder.js';
import { quoteFound, shorten } from '../common/shorten.js';
import { isJson } from '../common/is-json.js';
import { redactDeep } from '../common/redact-deep.js';
import { newerVersionMessage } from '../config/newer-version.js';
import { commandHint } from '../config/command-hint.js';

/** The results format this version reads and writes. */
const RESULTS_VERSION = 1;
/** Bytes read at a time while looking for the end of results.jsonl's header line. */
const HEADER_CHUNK = 64 * 1024;

/**
 * The header line of a run folder's results.jsonl, read alone (not the attempts below it), for a
 * reader passing over many runs (the card); undefined when there is none or it is not a header.
 */
export function readResultsHeader(dir: string): ResultsHeader | undefined {
  let fd: number;
  try {
    fd = openSync(join(dir, RESULTS_FILE), 'r');
  } catch {
    return undefined;
  }
  try {
    const parts: Buffer[] = [];
    for (let position = 0; ; position += HEADER_CHUNK) {
      const chunk = Buffer.alloc(HEADER_CHUNK);
      const read = readSync(fd, chunk, 0, HEADER_CHUNK, position);
      const end = chunk.subarray(0, read).indexOf(0x0a);
      parts.push(chunk.subarray(0, end === -1 ? read : end));
      if (end !== -1 || read < HEADER_CHUNK) break;
    }
    const parsed = ResultsHeaderSchema.safeParse(JSON.parse(withoutBom(Buffer.concat(parts).toString('utf8'))));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Parses results.jsonl text: the header, then every whole result line. */
export function parseResults(text: string, file: string): { header: ResultsHeader; results: CaseResult[] } {
  if (recordedNothing(text)) {
    throw new EmptyRunError(`${file} records no case: the run was stopped before it wrote its first line`, `name another run, or make a new one with \`${commandHint('eval')}\``);
  }
  const whole = wholeLines(text);
  const header = parseHeader(whole[0] ?? '', file);
  const { results, issues } = resultLines(whole, file);
  if (issues.length > 0) throw corrupt(issues, { message: `${file} is corrupt (${issues.length} problem${issues.length === 1 ? '' : 's'})` });
  return { header, results };
}

/**
 * The results a run folder's results.jsonl holds, read as `parseResults` reads them (one per
 * attempt, its last line) but for a reader that speaks of whatever it can (the readiness card):
 * a missing file, a header it does not check and a line that does not parse are left out instead
 * of refusing the run.
 */
export function readResultsLeniently(dir: string): CaseResult[] {
  const path = join(dir, RESULTS_FILE);
  if (!existsSync(path)) return [];
  return resultLines(wholeLines(readFileSync(path, 'utf8')), path).results;
}

/** An attempt a run left out (summary.json's `left_out`), as results.jsonl writes its case. */
export type LeftOut = NonNullable<RunSummaryFile['left_out']>[number];

/**
 * The results less the attempts the run left out (summary.json's `left_out`: a `--resume --force`
 * after their cases were removed from the suites): the one place every reader of a run drops them,
 * so the summary, compare, merge, `baseline update --from`, the card and the weekly review count alike.
 * Matched as results.jsonl writes them (the summary lists them so, redacted or not).
 */
export function withoutLeftOut<R extends { suite: string; case_id: string; attempt: number }>(results: R[], leftOut: readonly LeftOut[] | undefined): R[] {
  if (leftOut === undefined || leftOut.length === 0) return results;
  const dropped = new Set(leftOut.map(attemptKey));
  return results.filter((result) => !dropped.has(attemptKey(result)));
}

/**
 * The 1-based line of results.jsonl that holds each of `keys` (`attemptKey`), as `parseResults`
 * reads it (the last line of an attempt stands): for a reader that speaks of some attempts at
 * their lines (`baseline update --from` leaving out what no session of the run wrote).
 */
export function attemptLines(dir: string, keys: ReadonlySet<string>): Map<string, number> {
  const lines = new Map<string, number>();
  wholeLines(readFileSync(join(dir, RESULTS_FILE), 'utf8')).forEach((line, index) => {
    if (index === 0 || line.trim() === '') return;
    const parsed = parseLine(line, { file: RESULTS_FILE, line: index + 1 });
    const key = parsed.ok ? attemptKey(parsed.result) : undefined;
    if (key !== undefined && keys.has(key)) lines.set(key, index + 1);
  });
  return lines;
}

// Whether results.jsonl holds no line at all, or only the start of its header (no newline yet, not JSON): a run stopped, or refused by the disk, as it began.
function recordedNothing(raw: string): boolean {
  const text = withoutBom(raw);
  return text.trim() === '' || (!text.includes('\n') && !isJson(text));
}

// Returns the text's lines, less a last line cut short: a run killed mid-write leaves it without its newline, and it is dropped if it does not parse.
function wholeLines(raw: string): string[] {
  // A results.jsonl an editor saved again may start with a byte order mark.
  const text = withoutBom(raw);
  const lines = text.split('\n');
  const cutShort = !text.endsWith('\n') && lines.length > 1 && !isJson(lines[lines.length - 1]!);
  return cutShort ? lines.slice(0, -1) : lines;
}

// Returns the result lines after the header parsed, one per attempt (a later line replaces an earlier one), and the problems of the others.
function resultLines(whole: readonly string[], file: string): { results: CaseResult[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const byAttempt = new Map<string, CaseResult>();
  whole.forEach((line, index) => {
    if (index === 0 || line.trim() === '') return;
    const parsed = parseLine(line, { file, line: index + 1 });
    if (!parsed.ok) issues.push(...parsed.issues);
    else byAttempt.set(attemptKey(parsed.result), parsed.result);
  });
  return { results: [...byAttempt.values()], issues };
}

// Returns the header line parsed; refuses another format and a newer version.
function parseHeader(line: string, file: string): ResultsHeader {
  const at = { file, line: 1, column: 1, path: '' };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw corrupt([{ ...at, code: 'invalid_json', message: 'the header line is not JSON', expected: '{"format": "agentready-results", ...}', found: shorten(line, FOUND_MAX_CHARS) }]);
  }
  const record = (raw ?? {}) as { format?: unknown; version?: unknown };
  if (record.format !== 'agentready-results') {
    throw corrupt([{ ...at, path: 'format', code: 'not_results', message: 'not an agentready results file', expected: '"agentready-results"', found: quoteFound(record.format) }]);
  }
  if (typeof record.version === 'number' && record.version > RESULTS_VERSION) {
    const message = newerVersionMessage({ kind: 'results', version: record.version, reads: RESULTS_VERSION });
    throw corrupt([{ ...at, path: 'version', code: 'newer_version', message, found: String(record.version) }], { message: `${file} was ${message}`, hint: 'Upgrade agentready to read this run.' });
  }
  const parsed = ResultsHeaderSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw corrupt(jsonLineIssues({ issues: parsed.error.issues, raw, source: line, at: { ...at, sourceLine: line }, schema: ResultsHeaderSchema, quote: quoteFound }));
}

type LineResult = { ok: true; result: CaseResult } | { ok: false; issues: ConfigIssue[] };

// Returns one result line parsed, or its problems located at that line.
function parseLine(line: string, at: { file: string; line: number }): LineResult {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    const message = (error as Error).message;
    return { ok: false, issues: [{ ...at, column: syntaxErrorPosition(message, line).column, path: '', code: 'invalid_json', message: `not valid JSON: ${withoutExcerpt(message)}`, found: shorten(line, FOUND_MAX_CHARS) }] };
  }
  const parsed = CaseResultSchema.safeParse(raw);
  if (parsed.success) return { ok: true, result: parsed.data };
  return { ok: false, issues: jsonLineIssues({ issues: parsed.error.issues, raw, source: line, at: { ...at, column: 1, sourceLine: line }, schema: CaseResultSchema, quote: quoteFound }) };
}

/** A damaged run folder: the problems where they are, and what to do instead of `agentready validate` (which reads no run folder). */
export function corrupt(issues: ConfigIssue[], { message, hint = `The run folder is damaged: name another run, or make a new one with \`${commandHint('eval')}\`.` }: { message?: string; hint?: string } = {}): ConfigError {
  // What a problem quotes of a run folder (a line, a value, JSON.parse's excerpt) is the agent's text, maybe written with --no-redact, or a copied folder's.
  return new ConfigError(redactDeep(issues), { message, hint });
}
