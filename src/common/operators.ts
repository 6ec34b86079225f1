/**
 * The predicates of the matcher operators (SPEC §11 Tool matching) on plain values: match.ts applies
 * them, and reads a value that holds a redaction placeholder its own way.
 */
import { deepEqual, isPlainObject } from '../config/json-value.js';
import type { OperatorMatcher } from '../config/schema/matcher.js';
import { regexTimedOut, testUserRegex } from '../config/user-regex.js';
import { hostIn, inDomains } from './domains.js';
import { shorten } from './shorten.js';

/**
 * What a matcher answers for a value: it holds, it fails, or it could not be decided (`why`: a
 * regex whose test timed out, a value of a type an operator cannot read). The policy, which must
 * not let a call through because a test could not finish, denies an undecided condition; every
 * other reader (a mock's `when`, a tools check, expected-call matching) reads it as no match (`held`).
 */
export type MatchAnswer = { kind: 'holds' } | { kind: 'fails' } | { kind: 'undecided'; why: string };

/** Shared by every answer of their kind, so frozen: no reader can change what the next one reads. */
export const HOLDS: MatchAnswer = Object.freeze({ kind: 'holds' });
export const FAILS: MatchAnswer = Object.freeze({ kind: 'fails' });

/** A yes/no test as an answer. */
export function answerOf(holds: boolean): MatchAnswer {
  return holds ? HOLDS : FAILS;
}

/** The one reading of an answer as a yes/no match: undecided is no match. */
export function held(answer: MatchAnswer): boolean {
  return answer.kind === 'holds';
}

/** Every answer in turn until one does not hold (fails or undecided), which is the whole answer; holds when all hold. */
export function allHold<T>(items: readonly T[], judge: (item: T, index: number) => MatchAnswer): MatchAnswer {
  for (const [index, item] of items.entries()) {
    const answer = judge(item, index);
    if (answer.kind !== 'holds') return answer;
  }
  return HOLDS;
}

/**
 * The answers for separate values (the keys of a literal object, the items of a list): one that
 * fails decides the whole, whatever the others; else the first undecided; else holds. The policy
 * denies undecided: a near spelling of one value (`"kp"` for `"KP"`) must not deny a call whose
 * other value fails the condition, nor deny it in one key order and not in the other.
 */
export function allHoldApart<T>(items: readonly T[], judge: (item: T, index: number) => MatchAnswer): MatchAnswer {
  let undecided: MatchAnswer | undefined;
  for (const [index, item] of items.entries()) {
    const answer = judge(item, index);
    if (answer.kind === 'fails') return answer;
    if (answer.kind === 'undecided') undecided ??= answer;
  }
  return undecided ?? HOLDS;
}

type Operator = (operand: unknown, actual: unknown) => MatchAnswer;

/**
 * One predicate per operator of MATCHER_OPERATORS; numeric operators accept numbers only, never
 * numeric strings. A value of a type an operator cannot read (`"5000"` for `gt`, a list for
 * `regex` or `domain_in`) is undecided: a tool that reads `"5000"` as 5000 would otherwise pass a
 * `deny_if: {gt: 100}`.
 */
export const OPERATORS: Record<keyof OperatorMatcher, Operator> = {
  eq: (operand, actual) => judgeEqual(operand, actual),
  // An absent value is no value unequal to the operand: it fails, as every operator on an absent value does (and a policy condition on a missing one).
  ne: (operand, actual) => answerOf(actual !== undefined && !deepEqual(operand, actual)),
  lt: (operand, actual) => compare({ op: 'lt', actual }, (value) => isNumber(operand) && value < operand),
  lte: (operand, actual) => compare({ op: 'lte', actual }, (value) => isNumber(operand) && value <= operand),
  gt: (operand, actual) => compare({ op: 'gt', actual }, (value) => isNumber(operand) && value > operand),
  gte: (operand, actual) => compare({ op: 'gte', actual }, (value) => isNumber(operand) && value >= operand),
  in: (operand, actual) => {
    if (!Array.isArray(operand)) return FAILS;
    if (operand.some((item) => deepEqual(item, actual))) return HOLDS;
    const near = operand.find((item) => nearlyEqual(item, actual));
    return near === undefined ? FAILS : judgeEqual(near, actual);
  },
  regex: (operand, actual) => {
    if (typeof operand !== 'string') return FAILS;
    if (typeof actual !== 'string') return unreadable({ op: 'regex', actual, reads: 'a string' });
    return testRegex(operand, actual);
  },
  contains: (operand, actual) => {
    if (typeof actual === 'string') return answerOf(typeof operand === 'string' && actual.includes(operand));
    if (Array.isArray(actual)) return answerOf(actual.some((item) => deepEqual(operand, item)));
    return unreadable({ op: 'contains', actual, reads: 'a string or a list' });
  },
  // `any` still requires the key to be present: an absent argument is undefined.
  any: (_operand, actual) => answerOf(actual !== undefined),
  type: (operand, actual) => answerOf(jsonTypeOf(actual).includes(operand as string)),
  domain_in: (operand, actual) => {
    if (!Array.isArray(operand)) return FAILS;
    if (hostIn(actual) === undefined) return unreadable({ op: 'domain_in', actual, reads: 'one email address, URL or host name' });
    return answerOf(inDomains(actual, operand));
  },
};

/**
 * Equality as JSON (`eq`, an item of `in`, a literal): holds when equal; undecided when both are
 * texts that differ only in letter case, white space and format characters (zero-width space,
 * BOM, soft hyphen) or compatibility forms (NFKC: `ＫＰ`), which a tool may read as one (`"kp "`
 * and `"KP"`); else fails. The policy denies undecided, so a `deny_if` that lists `KP` is not
 * passed by `kp `; every other reader takes it as no match, as it took a text not equal. `ne`
 * stays exact: its undecided would deny what an `allow_only` of it should let through.
 */
export function judgeEqual(expected: unknown, actual: unknown): MatchAnswer {
  if (deepEqual(expected, actual)) return HOLDS;
  if (!nearlyEqual(expected, actual)) return FAILS;
  return { kind: 'undecided', why: `${JSON.stringify(shorten(actual as string, QUOTED_CHARS))} is ${JSON.stringify(shorten(expected as string, QUOTED_CHARS))} but for letter case, spacing or character forms, which a tool may read as the same` };
}

/** How much of each text `judgeEqual`'s reason quotes. */
const QUOTED_CHARS = 40;

/** Two texts alike once letter case, white space, format characters and compatibility forms are set aside. */
function nearlyEqual(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && looseForm(a) === looseForm(b);
}

function looseForm(text: string): string {
  return text.normalize('NFKC').replace(/[\p{White_Space}\p{Cf}]/gu, '').toLowerCase();
}

/** A numeric operator's `test` on `actual` when it is a finite number; undecided when it is there and is not. */
function compare({ op, actual }: { op: string; actual: unknown }, test: (value: number) => boolean): MatchAnswer {
  return isNumber(actual) ? answerOf(test(actual)) : unreadable({ op, actual, reads: 'a number' });
}

/** A value that `op`, which reads only `reads`, cannot read: undecided when it is there, fails when it is absent. */
function unreadable({ op, actual, reads }: { op: string; actual: unknown; reads: string }): MatchAnswer {
  if (actual === undefined) return FAILS;
  return { kind: 'undecided', why: `${describeValue(actual)} that ${op} cannot read (it reads ${reads})` };
}

/** "a string", "a list", "null": what kind of JSON value it is. */
function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : String(value);
  const [kind = typeof value] = jsonTypeOf(value);
  return kind === 'null' ? 'null' : kind === 'array' ? 'a list' : kind === 'object' ? 'an object' : `a ${kind}`;
}

/**
 * Tests a user's pattern; an invalid pattern matches nothing (validation reports it earlier); one
 * whose test timed out is undecided.
 */
function testRegex(pattern: string, value: string): MatchAnswer {
  let answer;
  try {
    answer = testUserRegex(pattern, value);
  } catch {
    return FAILS;
  }
  if (answer === 'timed out') return { kind: 'undecided', why: regexTimedOut(pattern) };
  return answerOf(answer === 'match');
}

/** The JSON types a value belongs to (an integer is also a number). */
function jsonTypeOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['number', 'integer'] : ['number'];
  if (typeof value === 'string' || typeof value === 'boolean') return [typeof value];
  if (isPlainObject(value)) return ['object'];
  // Stryker disable next-line ArrayDeclaration: no type operand is "Stryker was here"
  return [];
}

function isNumber(value: unknown): value is number {
  // Equivalent mutant: the typeof test as `true` (Number.isFinite is false for anything not a number).
  return typeof value === 'number' && Number.isFinite(value);
}
