/**
 * The predicates of the matcher operators (SPEC §11 Tool matching) on plain values: match.ts applies
 * them, and reads a value that holds a redaction placeholder its own way.
 */
import { deepEqual, isPlainObject } from '../config/json-value.js';
import type { OperatorMatcher } from '../config/schema/matcher.js';
import { regexTimedOut, testUserRegex } from '../config/user-regex.js';
import { inDomains } from './domains.js';

type Operator = (operand: unknown, actual: unknown) => boolean;

/**
 * Why an operator could not decide, noted while `decidingOnly` runs: a regex whose test timed out.
 * The operator still answers false (a mock's `when`, a tools check read that as no match); the
 * policy, which must not let a call through because a test could not finish, denies instead.
 */
let undecided: string[] | undefined;

/** What `judge` (synchronous: the operators it runs) answered, and why an operator could not decide, if one could not. */
export function decidingOnly<T>(judge: () => T): { answer: T; undecided: string | undefined } {
  const outer = undecided;
  const notes: string[] = [];
  undecided = notes;
  try {
    return { answer: judge(), undecided: notes[0] };
  } finally {
    undecided = outer;
  }
}

/** One predicate per operator of MATCHER_OPERATORS; numeric operators accept numbers only, never numeric strings. */
export const OPERATORS: Record<keyof OperatorMatcher, Operator> = {
  eq: (operand, actual) => deepEqual(operand, actual),
  ne: (operand, actual) => !deepEqual(operand, actual),
  lt: (operand, actual) => isNumber(actual) && isNumber(operand) && actual < operand,
  lte: (operand, actual) => isNumber(actual) && isNumber(operand) && actual <= operand,
  gt: (operand, actual) => isNumber(actual) && isNumber(operand) && actual > operand,
  gte: (operand, actual) => isNumber(actual) && isNumber(operand) && actual >= operand,
  in: (operand, actual) => Array.isArray(operand) && operand.some((item) => deepEqual(item, actual)),
  regex: (operand, actual) => typeof operand === 'string' && typeof actual === 'string' && testRegex(operand, actual),
  contains: (operand, actual) => {
    if (typeof actual === 'string') return typeof operand === 'string' && actual.includes(operand);
    return Array.isArray(actual) && actual.some((item) => deepEqual(operand, item));
  },
  // `any` still requires the key to be present: an absent argument is undefined.
  any: (_operand, actual) => actual !== undefined,
  type: (operand, actual) => jsonTypeOf(actual).includes(operand as string),
  domain_in: (operand, actual) => Array.isArray(operand) && inDomains(actual, operand),
};

/**
 * Tests a user's pattern; an invalid pattern matches nothing (validation reports it earlier), nor
 * does one whose test timed out, which is noted as undecided (`decidingOnly`).
 */
function testRegex(pattern: string, value: string): boolean {
  let answer;
  try {
    answer = testUserRegex(pattern, value);
  } catch {
    return false;
  }
  if (answer === 'timed out') undecided?.push(regexTimedOut(pattern));
  return answer === 'match';
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
