/**
 * The predicates of the matcher operators (SPEC §11 Tool matching) on plain values: match.ts applies
 * them, and reads a value that holds a redaction placeholder its own way.
 */
import { deepEqual, isPlainObject } from '../config/json-value.js';
import type { OperatorMatcher } from '../config/schema/matcher.js';
import { regexTimedOut, testUserRegex } from '../config/user-regex.js';
import { hostIn, inDomains } from './domains.js';

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

/**
 * One predicate per operator of MATCHER_OPERATORS; numeric operators accept numbers only, never
 * numeric strings. A value of a type an operator cannot read (`"5000"` for `gt`, a list for
 * `regex` or `domain_in`) answers false, and is noted as undecided: a tool that reads `"5000"` as
 * 5000 would otherwise pass a `deny_if: {gt: 100}`.
 */
export const OPERATORS: Record<keyof OperatorMatcher, Operator> = {
  eq: (operand, actual) => deepEqual(operand, actual),
  ne: (operand, actual) => !deepEqual(operand, actual),
  lt: (operand, actual) => comparable('lt', actual) && isNumber(operand) && actual < operand,
  lte: (operand, actual) => comparable('lte', actual) && isNumber(operand) && actual <= operand,
  gt: (operand, actual) => comparable('gt', actual) && isNumber(operand) && actual > operand,
  gte: (operand, actual) => comparable('gte', actual) && isNumber(operand) && actual >= operand,
  in: (operand, actual) => Array.isArray(operand) && operand.some((item) => deepEqual(item, actual)),
  regex: (operand, actual) => typeof operand === 'string' && readable({ op: 'regex', actual, reads: 'a string', can: typeof actual === 'string' }) && testRegex(operand, actual as string),
  contains: (operand, actual) => {
    if (typeof actual === 'string') return typeof operand === 'string' && actual.includes(operand);
    if (Array.isArray(actual)) return actual.some((item) => deepEqual(operand, item));
    return readable({ op: 'contains', actual, reads: 'a string or a list', can: false });
  },
  // `any` still requires the key to be present: an absent argument is undefined.
  any: (_operand, actual) => actual !== undefined,
  type: (operand, actual) => jsonTypeOf(actual).includes(operand as string),
  domain_in: (operand, actual) =>
    Array.isArray(operand) && readable({ op: 'domain_in', actual, reads: 'one email address, URL or host name', can: hostIn(actual) !== undefined }) && inDomains(actual, operand),
};

/** Whether a numeric operator can compare `actual` (a finite number); noted as undecided when it is there and cannot. */
function comparable(op: string, actual: unknown): actual is number {
  return readable({ op, actual, reads: 'a number', can: isNumber(actual) });
}

/** `can`, noting as undecided a value that is there and that `op`, which reads only `reads`, cannot read. */
function readable({ op, actual, reads, can }: { op: string; actual: unknown; reads: string; can: boolean }): boolean {
  if (!can && actual !== undefined) undecided?.push(`${describeValue(actual)} that ${op} cannot read (it reads ${reads})`);
  return can;
}

/** "a string", "a list", "null": what kind of JSON value it is. */
function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : String(value);
  const [kind = typeof value] = jsonTypeOf(value);
  return kind === 'null' ? 'null' : kind === 'array' ? 'a list' : kind === 'object' ? 'an object' : `a ${kind}`;
}

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
