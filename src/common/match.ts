/**
 * Argument matchers (SPEC §6, §11 Tool matching): an operator object such as `{ lte: 20 }`,
 * or any other JSON value compared by deep equality with key order free. Used by the tools
 * scorer, case mocks' `when` and policy conditions, so all three agree on what "matches" means.
 *
 * A value of a trace written with redaction on (`RedactedReading`) holds `[email]` where the agent
 * wrote an address. Where it holds a placeholder, what equality compares (a literal, eq, ne, in,
 * contains) is compared by its redacted form, the expected value redacted as the trace was
 * (redact-deep.ts): a match that held on the written value holds on the trace too. What the
 * placeholder hides from the other operators (a regex, a number, a domain, a type) the trace
 * cannot say, nor whether the same placeholder stands for the same value where that would fail
 * the case (an `ne`; a forbidden call's or a deny_if's value, `negated`): such a comparison counts
 * as the reading's `unknownAs`. A value without a placeholder is compared as is.
 */
import { deepEqual, definedKeys, isPlainObject, own, sameKeySet } from '../config/json-value.js';
import { isOperatorObject, type OperatorMatcher } from '../config/schema/matcher.js';
import { hasPlaceholder, redact } from './redact.js';
import { redactUnder } from './redact-deep.js';
import { allHold, allHoldApart, answerOf, held, HOLDS, judgeEqual, OPERATORS, type MatchAnswer } from './operators.js';

/**
 * A trace written with redaction on; `unknownAs`: what a comparison its placeholders leave open
 * counts as. A scorer that reads it both ways and gets two verdicts cannot decide from this trace.
 */
export interface RedactedReading {
  readonly unknownAs: boolean;
  /** A condition that must not hold (forbid, deny_if): a value equal to the one it names only by its redacted form is open too. */
  readonly negated?: boolean;
}

/** The reading of a condition that must not hold (forbid, deny_if): an open comparison counts the other way. */
export function negated(reading: RedactedReading | undefined): RedactedReading | undefined {
  return reading === undefined ? undefined : { unknownAs: !reading.unknownAs, negated: reading.negated !== true };
}

/** What equality by redacted form alone counts as: a match, but open where a match fails the case (`negated`). */
function redactedMatch(reading: RedactedReading): boolean {
  return reading.negated === true ? reading.unknownAs : true;
}

/** Whether a value of a trace holds a redaction placeholder, under `reading` (never without one). */
export function holdsPlaceholder(value: unknown, reading: RedactedReading | undefined): reading is RedactedReading {
  if (reading === undefined || value === undefined) return false;
  return hasPlaceholder(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
}

export interface ArgMismatch {
  /** Dot path into the arguments (`customer.id`, `items[0]`); '' for the arguments themselves. */
  path: string;
  /** The matcher; undefined for a key that `exact` does not allow. */
  expected: unknown;
  /** The actual value; undefined when the key is absent. */
  found: unknown;
}

/** `exact`: no keys but the expected ones; `reading`: how to read a value recorded with redaction on. */
export interface MatchOptions {
  exact?: boolean | undefined;
  reading?: RedactedReading | undefined;
}

export interface ArgsMatch {
  pass: boolean;
  mismatches: ArgMismatch[];
}

/** Where a value is compared: the reading of a trace written with redaction on, and `key`, the key the value is held under (for how redaction wrote it). */
export interface MatchPlace {
  reading?: RedactedReading | undefined;
  key?: string | undefined;
}

/** A matcher and the value it is held against, read as its place says. */
export interface ValueMatch extends MatchPlace {
  matcher: unknown;
  actual: unknown;
}

/** An expected value and the actual one it is compared with, read as its place says. */
interface ValuePair extends MatchPlace {
  expected: unknown;
  actual: unknown;
}

/** Whether `actual` satisfies `matcher`, read as the place says: undecided (`judgeValue`) is no match. */
export function matchValue(input: ValueMatch): boolean {
  return held(judgeValue(input));
}

/**
 * Whether `actual` satisfies `matcher`, read as the place says, or could not be decided: of a
 * literal object's keys or a list's items, one that fails decides the whole, else the first
 * undecided (`allHoldApart`); of one value's operators, the first that does not hold (in the
 * matcher's order) answers for the whole.
 */
export function judgeValue(input: ValueMatch): MatchAnswer {
  const { matcher, actual, reading, key } = input;
  if (isOperatorObject(matcher)) return matchOperators(matcher, input);
  if (Array.isArray(matcher)) {
    if (!Array.isArray(actual) || actual.length !== matcher.length) return answerOf(false);
    return allHoldApart(matcher, (m, i) => judgeValue({ matcher: m, actual: actual[i], reading }));
  }
  if (isPlainObject(matcher)) {
    if (!isPlainObject(actual)) return answerOf(literalEqual({ expected: matcher, actual, reading, key }));
    const keys = definedKeys(matcher);
    if (!sameKeySet(keys, definedKeys(actual))) return answerOf(false);
    return allHoldApart(keys, (k) => judgeValue({ matcher: matcher[k], actual: own(actual, k), reading, key: k }));
  }
  // A text the literal is but for letter case, spacing or character forms: undecided, as `eq` (operators.ts judgeEqual).
  return literalEqual({ expected: matcher, actual, reading, key }) ? HOLDS : judgeEqual(matcher, actual);
}

/**
 * Whether a value recorded with redaction on (a replay's recorded call) is `expected` as written:
 * equal, or equal to its redacted form where the recording holds a placeholder.
 */
export function equalAsRecorded(expected: unknown, recorded: unknown): boolean {
  return literalEqual({ expected, actual: recorded, reading: { unknownAs: false } });
}

/** Deep equality of an expected JSON value with an actual one, by the expected value's redacted form where the actual holds a placeholder. */
function literalEqual({ expected, actual, reading, key }: ValuePair): boolean {
  if (deepEqual(expected, actual)) return true;
  return holdsPlaceholder(actual, reading) && deepEqual(redactUnder(expected, key), actual) && redactedMatch(reading);
}

/**
 * Matches expected arguments against actual ones: a subset of the actual keys, or exactly
 * the same keys with `exact`. Lists every mismatch, at the deepest path that explains it.
 */
export function matchArgs({ expected, actual, ...options }: { expected: Record<string, unknown>; actual: unknown } & MatchOptions): ArgsMatch {
  const mismatches: ArgMismatch[] = [];
  if (!isPlainObject(actual)) {
    mismatches.push({ path: '', expected, found: actual });
    return { pass: false, mismatches };
  }
  for (const key of definedKeys(expected)) collectMismatches({ matcher: expected[key], actual: own(actual, key), path: key, key, reading: options.reading }, mismatches);
  if (options.exact) {
    for (const key of definedKeys(actual)) {
      if (!Object.hasOwn(expected, key)) mismatches.push({ path: key, expected: undefined, found: actual[key] });
    }
  }
  return { pass: mismatches.length === 0, mismatches };
}

/**
 * Matches a tree of matchers against a value, recursively as a subset (a world's state): objects
 * by key (with `exact`, no other keys at any depth), arrays element by element and of equal
 * length, operator objects by their operators (`{eq: value}` compares a whole value literally).
 * Lists every mismatch at the deepest path that explains it.
 */
export function matchTree({ expected, actual, ...options }: { expected: unknown; actual: unknown } & MatchOptions): ArgsMatch {
  const mismatches: ArgMismatch[] = [];
  collectTree({ expected, actual, path: '', exact: options.exact === true, reading: options.reading }, mismatches);
  return { pass: mismatches.length === 0, mismatches };
}

/** Where in a tree `expected` is compared with `actual`: `key`, the key both are held under (for how redaction wrote it). */
interface TreeSpot {
  expected: unknown;
  actual: unknown;
  path: string;
  exact: boolean;
  reading: RedactedReading | undefined;
  key?: string;
}

function collectTree(spot: TreeSpot, out: ArgMismatch[]): void {
  const { expected, actual, path, exact, reading } = spot;
  if (isOperatorObject(expected)) {
    if (held(matchOperators(expected, spot))) return;
    // A literal value (`{eq: …}`, an expected-state file) that differs: name where, not only that.
    if (definedKeys(expected).length === 1 && 'eq' in expected) collectLiteral({ ...spot, expected: expected.eq }, out);
    else out.push({ path, expected, found: actual });
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push({ path, expected, found: actual });
      return;
    }
    expected.forEach((item, i) => collectTree({ expected: item, actual: actual[i], path: `${path}[${i}]`, exact, reading }, out));
    return;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) {
      out.push({ path, expected, found: actual });
      return;
    }
    const at = (key: string) => (path === '' ? key : `${path}.${key}`);
    for (const key of definedKeys(expected)) collectTree({ expected: expected[key], actual: own(actual, key), path: at(key), exact, reading, key }, out);
    if (exact) {
      for (const key of definedKeys(actual)) if (!Object.hasOwn(expected, key)) out.push({ path: at(key), expected: undefined, found: actual[key] });
    }
    return;
  }
  if (!literalEqual(spot)) out.push({ path, expected, found: actual });
}

/** Where two JSON values that are not deepEqual differ: keys on either side and values compared literally. */
function collectLiteral(spot: Omit<TreeSpot, 'exact'>, out: ArgMismatch[]): void {
  const { expected, actual, path, reading } = spot;
  const at = (key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((item, i) => collectLiteral({ expected: item, actual: actual[i], path: at(i), reading }, out));
  } else if (isPlainObject(expected) && isPlainObject(actual)) {
    for (const key of new Set([...definedKeys(expected), ...definedKeys(actual)])) collectLiteral({ expected: own(expected, key), actual: own(actual, key), path: at(key), reading, key }, out);
  } else if (!literalEqual(spot)) {
    out.push({ path, expected, found: actual });
  }
}

/** Whether every operator in the object holds for `actual` (held under `key`), or one could not decide. */
function matchOperators(matcher: OperatorMatcher, { actual, reading, key }: { actual: unknown } & MatchPlace): MatchAnswer {
  const ops = Object.keys(matcher) as (keyof OperatorMatcher)[];
  if (!holdsPlaceholder(actual, reading)) return allHold(ops, (op) => OPERATORS[op](matcher[op], actual));
  return answerOf(ops.every((op) => redactedOperator({ op, operand: matcher[op] }, { actual, reading, key })));
}

/**
 * One operator against a value that holds a placeholder: equality by the operand's redacted form
 * (under `key`), a value's presence as is, anything else the placeholder hides (`unknownAs`).
 */
function redactedOperator(
  { op, operand }: { op: keyof OperatorMatcher; operand: unknown },
  { actual, reading, key }: { actual: unknown; reading: RedactedReading; key: string | undefined },
): boolean {
  // Equal as written, equal by the redacted form only (the same placeholder may stand for another value), or not equal.
  const sameUnder = (value: unknown, held: { item: unknown; key: string | undefined }): 'written' | 'redacted' | false =>
    deepEqual(value, held.item) ? 'written' : deepEqual(redactUnder(value, held.key), held.item) ? 'redacted' : false;
  const sameAs = (value: unknown) => sameUnder(value, { item: actual, key });
  const holds = (same: 'written' | 'redacted' | false) => same === 'written' || (same === 'redacted' && redactedMatch(reading));
  switch (op) {
    case 'eq':
      return holds(sameAs(operand));
    case 'ne': {
      const same = sameAs(operand);
      return same === false ? true : same === 'redacted' ? reading.unknownAs : false;
    }
    case 'in':
      return Array.isArray(operand) && operand.some((item) => holds(sameAs(item)));
    case 'contains':
      if (typeof actual === 'string') return typeof operand === 'string' && (actual.includes(operand) || (actual.includes(redact(operand)) && redactedMatch(reading)));
      return Array.isArray(actual) && actual.some((item) => holds(sameUnder(operand, { item, key: undefined })));
    case 'any':
      return held(OPERATORS.any(operand, actual));
    default:
      return reading.unknownAs;
  }
}

/** Descends into literal objects and arrays so a mismatch names the deepest differing path. */
function collectMismatches(spot: { matcher: unknown; actual: unknown; path: string; key?: string; reading: RedactedReading | undefined }, out: ArgMismatch[]): void {
  const { matcher, actual, path, reading } = spot;
  if (matchValue(spot)) return;
  if (isPlainObject(matcher) && !isOperatorObject(matcher) && isPlainObject(actual)) {
    for (const key of definedKeys(matcher)) collectMismatches({ matcher: matcher[key], actual: own(actual, key), path: `${path}.${key}`, key, reading }, out);
    for (const key of definedKeys(actual)) {
      if (!Object.hasOwn(matcher, key)) out.push({ path: `${path}.${key}`, expected: undefined, found: actual[key] });
    }
    return;
  }
  if (Array.isArray(matcher) && Array.isArray(actual) && matcher.length === actual.length) {
    matcher.forEach((item, i) => collectMismatches({ matcher: item, actual: actual[i], path: `${path}[${i}]`, reading }, out));
    return;
  }
  out.push({ path, expected: matcher, found: actual });
}
