/**
 * A run folder's traces read back (SPEC §8): every trace by its id, for reporters and replay; one
 * line as a trace, a line cut short by a killed run read as none; and the problems of a line that
 * names a trace but no longer reads as one, told at their places.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withoutBom } from '../config/bom.js';
import { quoteFound } from '../common/shorten.js';
import { TraceSchema, type Trace } from '../config/schema/index.js';
import { syntaxErrorPosition, withoutExcerpt } from '../config/json-error.js';
import { jsonLineIssues } from '../config/json-line-issues.js';
import { shownPath } from '../config/shown-path.js';
import type { ConfigError } from '../errors.js';
import { TRACES_FILE } from './run-folder.js';
import { corrupt } from './results-file.js';

/**
 * The run's traces by trace id, for replaying a run through reporters; a line that does not
 * parse is skipped (traces are evidence for reports, not inputs to the verdict).
 */
export function readTraces(dir: string): Map<string, Trace> {
  const path = join(dir, TRACES_FILE);
  const traces = new Map<string, Trace>();
  if (!existsSync(path)) return traces;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const trace = parseTraceLine(line);
    if (trace !== undefined) traces.set(trace.trace_id, trace);
  }
  return traces;
}

/** One line of traces.jsonl as a trace; undefined for a blank line, one cut short by a killed run, or one that is no trace. */
export function parseTraceLine(line: string): Trace | undefined {
  if (line.trim() === '') return undefined;
  try {
    // The first line of a file an editor saved again may start with a byte order mark.
    const parsed = TraceSchema.safeParse(JSON.parse(withoutBom(line)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // a line cut short by a killed run
    return undefined;
  }
}

/**
 * The problems of the traces.jsonl line that names `traceId` but reads as no trace (edited by
 * hand, or damaged), at their places: what a reader that looked the trace up and found none tells
 * instead of "lost". Undefined when no such line names it.
 */
export function damagedTraceLine(dir: string, { traceId, cwd }: { traceId: string; cwd: string }): ConfigError | undefined {
  const path = join(dir, TRACES_FILE);
  if (!existsSync(path)) return undefined;
  const file = shownPath(path, cwd);
  const named = `"trace_id":${JSON.stringify(traceId)}`;
  const lines = withoutBom(readFileSync(path, 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.includes(named) && parseTraceLine(line) === undefined);
  if (index === -1) return undefined;
  const source = lines[index]!.replace(/\r$/, '');
  const at = { file, line: index + 1, column: 1, sourceLine: source };
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (error) {
    const message = (error as Error).message;
    return corrupt([{ ...at, column: syntaxErrorPosition(message, source).column, path: '', code: 'invalid_json', message: `not valid JSON: ${withoutExcerpt(message)}` }]);
  }
  const parsed = TraceSchema.safeParse(raw);
  return parsed.success ? undefined : corrupt(jsonLineIssues({ issues: parsed.error.issues, raw, source, at, schema: TraceSchema, quote: quoteFound }));
}
