/** The output check (SPEC §6): contains, not_contains, regex, equals and json_schema assertions. */
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { newAjv, schemaErrors } from '../config/ajv-lib.js';
import { regexTimedOut, testUserRegex, type RegexAnswer } from '../config/user-regex.js';
import { holdsPlaceholder, type RedactedReading } from '../common/match.js';
import { deepEqual } from '../config/json-value.js';
import { placeholdersIn, redact } from '../common/redact.js';
import { redactUnder } from '../common/redact-deep.js';
import type { CheckResult } from '../config/schema/results.js';
import type { OutputExpectation } from '../config/schema/suite.js';
import type { Trace } from '../config/schema/trace.js';
import { cutIndex } from '../common/shorten.js';
import { farDifference } from '../common/text-difference.js';
import { escapeRegExp } from '../common/escape-regexp.js';

/** Longest excerpt of a value quoted in a reason, in characters. */
const MAX_QUOTE_CHARS = 80;

/**
 * How a check's reason will be printed: `redacted` (the default), where a note says when two values
 * differ only in what redaction replaces, or `as written` (`--no-redact`), where no note may say so.
 */
export type Printed = 'redacted' | 'as written';

/** Passes when every assertion given holds for the trace's output; `reading`: the trace was written with redaction on (common/match.ts); `printed`: how its reason will be. */
export function scoreOutput({ trace, expect, reading, printed }: { trace: Trace; expect: OutputExpectation; reading?: RedactedReading | undefined; printed?: Printed }): CheckResult {
  const problems = outputProblems({ output: trace.output, expect, reading, printed });
  if (problems.length === 0) return { check: 'output', pass: true };
  return { check: 'output', pass: false, reason: problems.join('; '), expected: expect, found: trace.output };
}

/**
 * What fails of the assertions for an output (an agent's answer); [] when every one holds, each
 * worded without its subject, since every report prints it after the check's name (`output: does
 * not contain "refund"`). An
 * output written with redaction on that holds a placeholder (`reading`): `contains` and `equals`
 * compare the expected text's redacted form too; what the placeholder leaves open (a `regex`, a
 * `json_schema` the output fails, a `not_contains` whose text is redacted where the output holds
 * its placeholder) holds as the reading's `unknownAs`.
 */
export function outputProblems({ output, expect, reading, printed = 'redacted' }: { output: unknown; expect: OutputExpectation; reading?: RedactedReading | undefined; printed?: Printed }): string[] {
  const text = outputText(output);
  const redacted = holdsPlaceholder(text, reading) ? reading : undefined;
  const contains = (part: string) => text.includes(part) || (redacted !== undefined && text.includes(redact(part)));
  // Only the redacted form in the output: the placeholder may stand for another value.
  const notContains = (part: string) => !text.includes(part) && (!contains(part) || redacted!.unknownAs);
  return [
    ...list(expect.contains).filter((part) => !contains(part)).map((part) => `does not contain ${quote(part)}${otherCase(part, text)}${printed === 'redacted' ? readsPresent(part, text) : ''}`),
    ...list(expect.not_contains).filter((part) => !notContains(part)).map((part) => `contains ${quote(part)}`),
    ...list(expect.regex).flatMap((pattern) => regexProblems({ pattern, text, redacted })),
    ...('equals' in expect && expect.equals !== undefined ? checkEquals({ output, expected: expect.equals, redacted }) : []),
    ...(expect.json_schema && !redacted?.unknownAs ? checkSchema(output, expect.json_schema) : []),
  ];
}

/**
 * The placeholders `a` prints with when it differs from `b` only in what redaction replaces
 * (carol@example.com and alice@example.com both print `[email]`), so that a failure about them
 * would read as none; [] otherwise.
 */
export function printedAlike(a: string, b: string): string[] {
  if (a === b) return [];
  const printed = redact(a);
  return printed !== a && printed === redact(b) ? placeholdersIn(printed) : [];
}

/**
 * Said of an expected text the output holds in another case (`Refund` for `refund`): `contains` is
 * case-sensitive; or in another Unicode form (`é` as e and a combining accent), which prints alike.
 */
function otherCase(part: string, text: string): string {
  const found = new RegExp(escapeRegExp(part), 'iu').exec(text)?.[0];
  if (found !== undefined) return ` (it holds ${quote(found)}: contains is case-sensitive)`;
  if (!text.normalize('NFC').includes(part.normalize('NFC'))) return '';
  return ' (it holds the same text in another Unicode form, which prints alike: contains compares code points; normalize the answer, e.g. with String.prototype.normalize())';
}

/** Said of an expected text the output lacks but seems to hold once both are printed redacted. */
function readsPresent(part: string, text: string): string {
  const printed = redact(part);
  if (printed === part || !redact(text).includes(printed)) return '';
  return ` (it holds another value that redaction prints alike, as ${placeholdersIn(printed).join(', ')}: \`--no-redact\` shows it)`;
}

/** The text that text assertions read: a string as is, anything else as JSON, nothing as ''. */
export function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  // Equivalent mutant: this condition as `false` (JSON.stringify(undefined) ?? '' is '' too).
  if (output === undefined) return '';
  return JSON.stringify(output) ?? '';
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** What fails of a `regex` assertion: an invalid pattern fails it rather than the run, and one whose test timed out fails it saying so. */
function regexProblems({ pattern, text, redacted }: { pattern: string; text: string; redacted: RedactedReading | undefined }): string[] {
  const answer = redacted ? (redacted.unknownAs ? 'match' : 'no match') : testPattern(pattern, text);
  if (answer === 'match') return [];
  return [answer === 'timed out' ? regexTimedOut(pattern) : `does not match /${pattern}/`];
}

function testPattern(pattern: string, text: string): RegexAnswer {
  try {
    return testUserRegex(pattern, text);
  } catch {
    return 'no match';
  }
}

/** `equals` compares deeply (by the expected value's redacted form too, when `redacted`); a string output is parsed as JSON when a non-string is expected. */
function checkEquals({ output, expected, redacted }: { output: unknown; expected: unknown; redacted: RedactedReading | undefined }): string[] {
  const equal = (value: unknown) => deepEqual(value, expected) || (redacted !== undefined && deepEqual(value, redactUnder(expected)));
  if (equal(output)) return [];
  if (typeof output === 'string' && typeof expected !== 'string') {
    const parsed = parseJson(output);
    if (parsed.ok && equal(parsed.value)) return [];
  }
  // A value is shown as its JSON, not as a quoted string of it ("{\"a\":1}" read as the text expected).
  return [`is not equal to ${typeof expected === 'string' ? quote(expected) : cutJson(JSON.stringify(expected))}${typeof expected === 'string' && typeof output === 'string' ? farDifferenceOf(expected, output) : ''}`];
}

/** Where two texts differ past what `quote` shows of them (a long answer wrong near its end, which the reason and the `found` beside it print as two equal starts); '' when the quote reaches it. */
function farDifferenceOf(expected: string, output: string): string {
  const far = farDifference({ expected, found: output, shown: MAX_QUOTE_CHARS });
  return far === undefined ? '' : ` (they differ ${far})`;
}

/**
 * Validates the output (parsed from JSON when it is a string) against a JSON Schema. A string
 * output is also valid as the text itself (a schema of `type: string` on a plain answer, or on
 * "12345", which parses as a number); the reason is the parsed value's, or "is not JSON".
 */
function checkSchema(output: unknown, schema: Record<string, unknown>): string[] {
  const validate = compile(schema);
  if (typeof validate === 'string') return [`json_schema is invalid: ${validate}`];
  if (typeof output !== 'string') return mismatch(schemaErrors(validate, output));
  const parsed = parseJson(output);
  if (parsed.ok) {
    const parsedErrors = schemaErrors(validate, parsed.value);
    return parsedErrors === undefined || schemaErrors(validate, output) === undefined ? [] : mismatch(parsedErrors);
  }
  const textErrors = schemaErrors(validate, output);
  // Not JSON: the text's own errors, unless the schema only wanted another type than a string.
  if (textErrors === undefined || textErrors.some((error) => error.keyword !== 'type')) return mismatch(textErrors);
  return [`is not JSON (${parsed.message})`];
}

function mismatch(errors: ErrorObject[] | undefined): string[] {
  return errors === undefined ? [] : [`does not match json_schema: ${ajvInstance().errorsText(errors, { dataVar: 'output' })}`];
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

let ajv: Ajv2020 | undefined;

function ajvInstance(): Ajv2020 {
  return (ajv ??= newAjv({ options: { allErrors: true, strict: false }, formats: true }));
}
const compiled = new WeakMap<object, ValidateFunction | string>();

/** The validator for a schema, compiled once per schema object, or the compile error's message. */
function compile(schema: Record<string, unknown>): ValidateFunction | string {
  let entry = compiled.get(schema);
  // Equivalent mutant: this condition as `true` (Ajv caches by schema object and throws the same error again).
  if (entry === undefined) {
    try {
      entry = ajvInstance().compile(schema);
    } catch (error) {
      entry = error instanceof Error ? error.message : String(error);
    }
    compiled.set(schema, entry);
  }
  return entry;
}

/** A value's JSON as a reason shows it, cut as `quote` cuts a text. */
function cutJson(json: string): string {
  return json.length > MAX_QUOTE_CHARS ? `${json.slice(0, cutIndex(json, MAX_QUOTE_CHARS - 1))}…` : json;
}

function quote(text: string): string {
  const json = JSON.stringify(text);
  return json.length > MAX_QUOTE_CHARS ? `${json.slice(0, cutIndex(json, MAX_QUOTE_CHARS - 2))}…"` : json;
}
