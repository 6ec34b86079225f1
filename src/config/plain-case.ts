/**
 * A suite's case in its plainest shape, recognised without zod: the check a large suite's cases
 * take one by one (validate.ts `caseChecker`). `isPlainCase` accepts only what CaseSchema accepts
 * and returns unchanged (no unknown key, every key in the schema's own order, plain objects), so
 * the case as read is its checked value; anything else (an unusual key, a value it does not
 * check, any problem) goes to zod, which words the problems as ever. CaseSchema stays the one
 * definition: test/unit/config/plain-case.test.ts checks the two agree on generated cases.
 * On a 10,000-case suite zod's check took ~30–50 ms (its compiled fast path, an object copied at
 * every level); this takes a few, and copies nothing.
 */
import { OUTCOMES } from './schema/trace.js';
import { CASE_ID_PATTERN, CaseSchema, ExpectationSchema, ExpectedCallSchema, OutputExpectationSchema, RISKS, type WrittenCase } from './schema/suite.js';

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isNonEmptyString: Check = (value) => typeof value === 'string' && value.length > 0;
const isBoolean: Check = (value) => typeof value === 'boolean';
const oneOf = (choices: readonly string[]): Check => (value) => typeof value === 'string' && choices.includes(value);
/** Each item of a list passes `check`, a hole too (zod reads it as undefined): Array's `every` would skip it. */
const eachItem = (list: readonly unknown[], check: Check): boolean => {
  for (let i = 0; i < list.length; i++) if (!check(list[i])) return false;
  return true;
};
const listOf = (check: Check): Check => (value) => Array.isArray(value) && eachItem(value, check);
const either = (a: Check, b: Check): Check => (value) => a(value) || b(value);

/**
 * A strictObject of `shape` whose keys are among `checks` (the rest of its keys send the object
 * to zod), each passing its check, `required` all present, in the order of `shape`: the order
 * zod's copy would have.
 */
function objectOf(shape: Record<string, unknown>, { checks, required = [] }: { checks: Record<string, Check>; required?: readonly string[] }): Check {
  const keys = Object.keys(shape);
  const byKey = new Map(Object.entries(checks).map(([key, check]) => [key, { check, index: keys.indexOf(key) }]));
  for (const [key, { index }] of byKey) if (index < 0) throw new Error(`plain-case: "${key}" is not a key of the schema`);
  return (value) => {
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
    let last = -1;
    let present = 0;
    // for-in: own keys in Object.keys' order (the prototype is Object.prototype: none of its own are enumerable).
    for (const key in value) {
      const known = byKey.get(key);
      const member = (value as Record<string, unknown>)[key];
      if (known === undefined || known.index < last || member === undefined || !known.check(member)) return false;
      last = known.index;
      if (required.includes(key)) present++;
    }
    return present === required.length;
  };
}

const isOutcome = oneOf(OUTCOMES);
const outcomeOrList: Check = (value) => isOutcome(value) || (Array.isArray(value) && value.length > 0 && eachItem(value, isOutcome));
const stringOrList = either(isString, listOf(isString));

const isOutput = objectOf(OutputExpectationSchema.shape, {
  // `equals` is z.unknown(): zod keeps any value as it is.
  checks: { contains: stringOrList, not_contains: stringOrList, regex: stringOrList, equals: () => true },
});

/** An expected call without argument matchers. */
const isExpectedCall = objectOf(ExpectedCallSchema.shape, { checks: { name: isNonEmptyString, exact: isBoolean, approved: isBoolean }, required: ['name'] });

const isExpectation = objectOf(ExpectationSchema.shape, {
  checks: {
    outcome: outcomeOrList,
    tools: listOf(isExpectedCall),
    order: oneOf(ExpectationSchema.shape.order.unwrap().options),
    // Forbidden tools by name (with argument matchers: zod).
    forbid: listOf(isNonEmptyString),
    output: isOutput,
    state_exact: isBoolean,
    respect_retry_after: isBoolean,
    policy: (value) => value === 'comply',
    custom: listOf(isNonEmptyString),
  },
});

const isCase = objectOf(CaseSchema.shape, {
  checks: {
    id: (value) => typeof value === 'string' && CASE_ID_PATTERN.test(value),
    description: isString,
    input: isString,
    tags: listOf(isNonEmptyString),
    risk: oneOf(RISKS),
    expect: isExpectation,
  },
  required: ['id', 'expect'],
});

/** Whether `raw` is a case CaseSchema accepts and returns as it is (a deep-equal copy, keys in the same order). */
export function isPlainCase(raw: unknown): raw is WrittenCase {
  return isCase(raw);
}

/**
 * A plain case (isPlainCase) as read, its `expect` the file's first equal one when it is an
 * outcome alone (`outcomes`: the file's so far, by outcome), as most cases of a large suite have
 * (`outcome: completed`): one object for them all, not one per case. The suite cache's entry then
 * holds it once per part (node:v8 writes an object met again as a reference), and reading it back
 * makes one object where it made 10,000 (a 10,000-case entry deserializes in ~8.5 ms instead of
 * ~13, in a fresh process). resolveSuite shares equal expectations anyway (case-sharing.ts).
 * The case is the parser's own, fresh object: its `expect` is set in place, the keys' order kept.
 */
export function withSharedOutcome(kase: WrittenCase, outcomes: Map<string, WrittenCase['expect']>): WrittenCase {
  const { expect } = kase;
  for (const key in expect) if (key !== 'outcome') return kase;
  const { outcome } = expect;
  if (typeof outcome !== 'string') return kase;
  const first = outcomes.get(outcome);
  if (first === undefined) outcomes.set(outcome, expect);
  else kase.expect = first;
  return kase;
}
