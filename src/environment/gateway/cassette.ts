/**
 * Cassettes on disk and matching in replay. One file per case,
 * `<cassettes>/<suite>/<case id>.json`; a replayed call takes the first unused recorded call
 * whose provider, path and request body equal its own (key order free), so calls are answered
 * in recorded order and concurrent calls may arrive in any order. A miss names the first field
 * where the request differs from the next recorded call.
 */
import { fsPromises } from '../../common/fs-promises.js';
import { makeFolderFor } from '../../common/make-folder.js';
import path from 'node:path';
import { z } from 'zod';
import { CASSETTE_FORMAT, CassetteSchema, type Cassette, type CassetteCall } from '../../config/schema/index.js';
import { MAX_NESTING_DEPTH } from '../../config/defaults.js';
import { jsonNestedPast, valueNestedPast } from '../../config/json-depth.js';
import { lineColumn, syntaxErrorPosition, withoutExcerpt } from '../../config/json-error.js';
import { jsonPathOffset } from '../../config/json-path-offset.js';
import { jsonDuplicateKey } from '../../config/json-duplicate-key.js';
import { withoutBom } from '../../config/bom.js';
import { shorten } from '../../common/shorten.js';
import { BEFORE_DIFFERENCE_CHARS, WINDOW_CHARS, firstDifferingIndex, quoteFrom, quoteStart } from '../../common/text-difference.js';
import { isPlainObject } from '../../config/json-value.js';
import { jsonText } from '../../common/sanitize.js';
import { shownPath } from '../../config/shown-path.js';


/** The levels a cassette file wraps a recorded body in: the file, `calls`, a call, its `response`. */
const CASSETTE_ENVELOPE_DEPTH = 4;

export type CassetteRead =
  | { kind: 'found'; cassette: Cassette }
  | { kind: 'absent' }
  | { kind: 'invalid'; message: string };

/** Where a case's cassette lives; names are URI-encoded so any case id is one safe file name. */
export function cassettePath(folder: string, { suite, caseId }: { suite: string; caseId: string }): string {
  return path.join(folder, encodeURIComponent(suite), `${encodeURIComponent(caseId)}.json`);
}

/** The cassette at `file`, read and checked. */
export async function readCassette(file: string): Promise<CassetteRead> {
  let text: string;
  try {
    // A BOM (an editor's, on a hand-fixed cassette) is no JSON: left out, as the baseline's reader does.
    text = withoutBom(await fsPromises().readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'invalid', message: `cannot read ${shownPath(file)}: ${(error as Error).message}` };
  }
  // Nothing recorded nests deeper than MAX_NESTING_DEPTH (answerNestedPast, and the gateway refuses such a request): a deeper file was edited, and matching or serving it would run out of stack.
  const deep = jsonNestedPast(text, MAX_NESTING_DEPTH + CASSETTE_ENVELOPE_DEPTH);
  if (deep !== undefined) {
    const at = lineColumn(text, deep);
    return { kind: 'invalid', message: `${shownPath(file)}:${at.line}:${at.column} nests more than ${MAX_NESTING_DEPTH} levels deep in a recorded call` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = syntaxErrorPosition(message, text);
    return { kind: 'invalid', message: `${shownPath(file)}:${at.line}:${at.column} is not JSON: ${withoutExcerpt(message)}` };
  }
  // JSON.parse keeps the last of a repeated key: a cassette merged by hand with both sides of a conflict kept would replay one side's calls, silently.
  const repeated = jsonDuplicateKey(text);
  if (repeated !== undefined) {
    const at = lineColumn(text, repeated.at);
    return { kind: 'invalid', message: `${shownPath(file)}:${at.line}:${at.column} is not a cassette (${CASSETTE_FORMAT}): "${repeated.key}" a second time in one object (a merge conflict resolved by keeping both sides repeats keys: record the case again with --models record)` };
  }
  const parsed = CassetteSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // At the line and column of the value, as every other file's problem is placed.
    const at = lineColumn(text, jsonPathOffset(text, { path: issue?.path ?? [] }));
    return { kind: 'invalid', message: `${shownPath(file)}:${at.line}:${at.column} is not a cassette (${CASSETTE_FORMAT}): ${issue ? `${z.core.toDotPath(issue.path) || 'the file'}: ${issue.message}` : 'invalid'}` };
  }
  return { kind: 'found', cassette: parsed.data };
}

/** Writes the cassette whole (a temporary file renamed over), so a reader never sees half of one. */
export async function writeCassette(file: string, cassette: Cassette): Promise<void> {
  makeFolderFor(file);
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const { rename, writeFile } = fsPromises();
  await writeFile(temporary, `${jsonText(cassette, 2)}\n`);
  await rename(temporary, file);
}

export type CassetteMatch = { kind: 'hit'; index: number } | { kind: 'miss'; message: string };

/** The recorded call that answers `call`: the first unused one equal to it. */
export function matchCall(input: {
  calls: readonly CassetteCall[];
  used: ReadonlySet<number>;
  call: Pick<CassetteCall, 'provider' | 'path' | 'request'>;
  file: string;
}): CassetteMatch {
  const { calls, used, call } = input;
  const unused = calls.map((_, index) => index).filter((index) => !used.has(index));
  const hit = unused.find((index) => {
    const recorded = calls[index]!;
    return recorded.provider === call.provider && recorded.path === call.path && firstDifference(recorded.request, call.request) === undefined;
  });
  if (hit !== undefined) return { kind: 'hit', index: hit };
  const next = unused[0];
  const where = `${call.provider} POST ${call.path}`;
  if (next === undefined) {
    return { kind: 'miss', message: `${shownPath(input.file)} has ${calls.length} recorded call${calls.length === 1 ? '' : 's'}, all used; the agent made one more (${where}): record the case again with --models record` };
  }
  const recorded = calls[next]!;
  const difference = recorded.provider !== call.provider || recorded.path !== call.path
    ? { path: 'endpoint', expected: `${recorded.provider} POST ${recorded.path}`, found: where }
    : firstDifference(recorded.request, call.request) ?? { path: '(request)', expected: '', found: '' };
  return {
    kind: 'miss',
    message: `the request differs from recorded call ${next + 1} of ${shownPath(input.file)} at ${difference.path}: recorded ${difference.expected}, sent ${difference.found}; record the case again with --models record`,
  };
}

export interface Difference {
  /** Where, as `messages[1].content`. */
  path: string;
  expected: string;
  found: string;
}

/** The first place two JSON values differ (objects compared key by key, order free), or undefined when equal. */
export function firstDifference(expected: unknown, found: unknown): Difference | undefined {
  return differenceAt({ expected, found, at: '' });
}

/** firstDifference of values found at `at` (`messages[0].content`) in both requests. */
function differenceAt({ expected, found, at }: { expected: unknown; found: unknown; at: string }): Difference | undefined {
  if (Object.is(expected, found)) return undefined;
  const differ = (): Difference => ({ path: at || '(body)', expected: brief(expected), found: brief(found) });
  if (typeof expected === 'string' && typeof found === 'string') return stringDifference({ expected, found, at: at || '(body)' });
  if (Array.isArray(expected) || Array.isArray(found)) {
    if (!Array.isArray(expected) || !Array.isArray(found)) return differ();
    for (let i = 0; i < Math.max(expected.length, found.length); i++) {
      if (i >= expected.length || i >= found.length) return { path: `${at}[${i}]`, expected: i < expected.length ? brief(expected[i]) : '(nothing)', found: i < found.length ? brief(found[i]) : '(nothing)' };
      const inner = differenceAt({ expected: expected[i], found: found[i], at: `${at}[${i}]` });
      if (inner) return inner;
    }
    return undefined;
  }
  if (isPlainObject(expected) && isPlainObject(found)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(found)])];
    for (const key of keys) {
      const child = at === '' ? key : `${at}.${key}`;
      if (!(key in expected)) return { path: child, expected: '(absent)', found: brief(found[key]) };
      if (!(key in found)) return { path: child, expected: brief(expected[key]), found: '(absent)' };
      const inner = differenceAt({ expected: expected[key], found: found[key], at: child });
      if (inner) return inner;
    }
    return undefined;
  }
  return differ();
}

const BRIEF_CHARS = 60;
/**
 * Two differing strings (a prompt and its edit), each quoted from a little before the first
 * character where they differ when a brief of their starts would not reach it, a prompt's usual
 * place for it; the path names the character, so a difference that redaction prints alike (two
 * addresses) is still placed.
 */
function stringDifference({ expected, found, at }: { expected: string; found: string; at: string }): Difference {
  const first = firstDifferingIndex(expected, found) ?? 0;
  const path = `${at} (character ${first + 1})`;
  if (JSON.stringify(expected.slice(0, first)).length < BRIEF_CHARS - BEFORE_DIFFERENCE_CHARS) return { path, expected: brief(expected), found: brief(found) };
  const start = quoteStart({ texts: [expected, found], index: first });
  return { path, expected: quoteFrom({ text: expected, start, max: WINDOW_CHARS }), found: quoteFrom({ text: found, start, max: WINDOW_CHARS }) };
}

/** A value as JSON, cut to a readable length. */
function brief(value: unknown): string {
  return shorten(JSON.stringify(value) ?? String(value), BRIEF_CHARS);
}


/** Whether a provider's answer nests deeper than MAX_NESTING_DEPTH (its JSON body, or a streamed event's data): too deep to redact, so to record. */
export function answerNestedPast(answer: CassetteCall['response']): boolean {
  if (answer.type === 'json') return valueNestedPast(answer.body, MAX_NESTING_DEPTH);
  return answer.type === 'sse' && answer.events.some((event) => jsonNestedPast(event.data, MAX_NESTING_DEPTH) !== undefined);
}
