// The plainest cases skip zod (config/plain-case.ts): whatever isPlainCase accepts, CaseSchema must
// accept and return unchanged (same values, same key order), or the two have drifted apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainCase } from '../../../src/config/plain-case.js';
import { CaseSchema } from '../../../src/config/schema/suite.js';
import { OUTCOMES } from '../../../src/config/schema/trace.js';
import { checkSuiteSource, isError } from '../../../src/config/validate.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

/** An object with these entries in this order, a `__proto__` key an own key (as parsed YAML has it). */
function objectFrom(entries: [string, unknown][]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [key, member] of entries) Object.defineProperty(value, key, { value: member, enumerable: true, configurable: true, writable: true });
  return value;
}

/** Values that are wrong almost anywhere, and some that are right somewhere. */
const junk = fc.oneof(
  fc.constantFrom(undefined, null, 0, 1.5, -1, true, false, '', 'x', 'case 1', 'ordered', 'comply', 'low', 'grant', ...OUTCOMES),
  fc.string({ maxLength: 6 }),
  fc.array(fc.constantFrom('', 'a', 1, null, 'completed'), { maxLength: 3 }),
  fc.constant({}),
  fc.constant(Object.create(null) as object),
  fc.constant(new Date(0)),
);

/** Mostly null, now and then a value of `arbitrary`. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/**
 * An object of `required`'s keys (now and then one left out) and some of `members`' others, now
 * and then with a stray key (one of `others`, keys of the schema isPlainCase leaves to zod, or an
 * unknown one), mostly in the schema's order, now and then shuffled; each value mostly its own
 * (mostly right), now and then junk.
 */
function objectOf(
  members: Record<string, fc.Arbitrary<unknown>>,
  { required = [], others = {} }: { required?: readonly string[]; others?: Record<string, fc.Arbitrary<unknown>> } = {},
): fc.Arbitrary<Record<string, unknown>> {
  const all = { ...members, ...others };
  const optional = Object.keys(members).filter((key) => !required.includes(key));
  const valueOf = (key: string) => (Object.hasOwn(all, key) ? fc.oneof({ weight: 12, arbitrary: all[key]! }, { weight: 1, arbitrary: junk }) : junk);
  return fc
    .tuple(fc.subarray(optional), rarely(fc.constantFrom('', ...required)), rarely(fc.constantFrom(...Object.keys(others), 'extra', '__proto__', 'constructor')), fc.nat(5))
    .chain(([chosen, missing, stray, die]) => {
      const keys = Object.keys(all).filter((key) => chosen.includes(key) || (required.includes(key) && key !== missing));
      if (stray !== null) keys.push(stray);
      return die === 0 ? fc.shuffledSubarray(keys, { minLength: keys.length }) : fc.constant(keys);
    })
    .chain((keys) => fc.tuple(...keys.map((key) => valueOf(key).map((value): [string, unknown] => [key, value]))))
    .map(objectFrom);
}

const outcome = fc.constantFrom(...OUTCOMES);
const strings = fc.oneof(fc.string({ maxLength: 4 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }));
const nonEmpty = fc.string({ minLength: 1, maxLength: 4 });
const output = objectOf({ contains: strings, not_contains: strings, regex: strings, equals: fc.jsonValue({ maxDepth: 2 }) }, { others: { json_schema: fc.constant({ type: 'string' }) } });
const call = objectOf({ name: nonEmpty, exact: fc.boolean(), approved: fc.boolean() }, { required: ['name'], others: { args: fc.constant({ id: 1 }) } });
const expectation = objectOf({
  outcome: fc.oneof(outcome, fc.array(outcome, { maxLength: 3 })),
  tools: fc.array(call, { maxLength: 2 }),
  order: fc.constantFrom('ordered', 'unordered'),
  forbid: fc.array(fc.oneof(nonEmpty, fc.constant({ name: 'x' })), { maxLength: 2 }),
  output,
  state_exact: fc.boolean(),
  respect_retry_after: fc.boolean(),
  policy: fc.constant('comply'),
  custom: fc.array(nonEmpty, { maxLength: 2 }),
}, { others: { state: fc.constant({ a: 1 }), budgets: fc.constant({ max_tool_calls: 3 }) } });
const rawCase = objectOf({
  id: fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,6}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }),
  description: fc.string({ maxLength: 4 }),
  input: fc.string({ maxLength: 4 }),
  tags: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  risk: fc.constantFrom('low', 'medium', 'high', 'none'),
  expect: expectation,
}, { required: ['id', 'expect'], others: { context: fc.constant({ user: 'a' }), quarantine: fc.constant({ until: '2030-01-01', reason: 'flaky' }) } });

describe('isPlainCase', () => {
  it('accepts only what CaseSchema accepts and returns as it is', () => {
    let plain = 0;
    fc.assert(
      fc.property(rawCase, (raw) => {
        if (!isPlainCase(raw)) return;
        plain++;
        const parsed = CaseSchema.safeParse(raw);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toStrictEqual(raw);
        // Key order too (toStrictEqual ignores it): zod's copy writes the schema's order.
        expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(raw));
      }),
      { seed: FUZZ_SEED, numRuns: 3000 },
    );
    // Not vacuous: a good share of the generated cases took the plain path.
    expect(plain).toBeGreaterThan(100);
  });

  it('takes the shapes a large suite is written in', () => {
    const cases = [
      { id: 'case-1', input: 'question 1', expect: { outcome: 'completed' } },
      { id: 'refund.2', description: 'd', input: 'q', tags: ['smoke'], risk: 'high', expect: { outcome: ['completed', 'partial'], tools: [{ name: 'refund', exact: true }], order: 'ordered', forbid: ['delete'], output: { contains: ['ok'], regex: 'a+' } } },
    ];
    for (const raw of cases) {
      expect(isPlainCase(raw)).toBe(true);
      expect(CaseSchema.safeParse(raw).success).toBe(true);
    }
  });

  it('leaves a list with a hole to zod, which reads the hole as undefined and refuses it', () => {
    // Array.prototype.every skips holes: a check by it would pass [, 'smoke'] that zod refuses.
    const holes = [{ id: 'a', tags: [, 'smoke'], expect: {} }, { id: 'a', expect: { outcome: [, 'completed'] } }, { id: 'a', expect: { tools: [, { name: 't' }] } }];
    for (const raw of holes) {
      expect(CaseSchema.safeParse(raw).success).toBe(false);
      expect(isPlainCase(raw)).toBe(false);
    }
  });

  it('leaves to zod what it does not check, right or wrong', () => {
    // Right, but not in the schema's key order: zod's copy would reorder the keys.
    expect(isPlainCase({ input: 'q', id: 'a', expect: { outcome: 'completed' } })).toBe(false);
    // Right, with argument matchers: zod checks those.
    expect(isPlainCase({ id: 'a', expect: { tools: [{ name: 't', args: { id: 1 } }] } })).toBe(false);
    // Wrong: an id with a space, an unknown key, no expect, an empty outcome list.
    // An empty name where the schema wants one (a tag, a tool's, a forbidden tool's, a custom scorer's), a policy other than comply, an unknown order or risk.
    const wrong = [
      { id: 'a b', expect: {} }, { id: 'a', expect: {}, extra: 1 }, { id: 'a' }, { id: 'a', expect: { outcome: [] } },
      { id: 'a', tags: [''], expect: {} }, { id: 'a', expect: { tools: [{ name: '' }] } }, { id: 'a', expect: { forbid: [''] } },
      { id: 'a', expect: { custom: [''] } }, { id: 'a', expect: { policy: 'ignore' } }, { id: 'a', expect: { order: 'any' } }, { id: 'a', risk: 'none', expect: {} },
    ];
    for (const raw of wrong) {
      expect(isPlainCase(raw)).toBe(false);
      expect(CaseSchema.safeParse(raw).success).toBe(false);
    }
  });
});

describe('a suite\'s plain cases as checked', () => {
  const suite = (cases: string) => `suite: s\ntools: []\ncases:\n${cases}`;
  const kase = (id: string, expect: string) => `  - id: ${id}\n    input: q\n    expect: ${expect}\n`;

  it('share one expectation object per outcome when it is the outcome alone, each case\'s value as written', () => {
    const text = suite([kase('a', '{ outcome: completed }'), kase('b', '{ outcome: completed }'), kase('c', '{ outcome: refused }'), kase('d', '{ outcome: completed, forbid: [x] }'), kase('e', '{ outcome: refused }'), kase('f', '{ outcome: [completed, refused] }'), kase('g', '{ outcome: [completed, refused] }')].join(''));
    const checked = checkSuiteSource(text, 's.suite.yaml');
    expect(checked.issues.filter(isError)).toEqual([]);
    const cases = checked.value!.cases;
    expect(cases.map((c) => c.expect)).toEqual([{ outcome: 'completed' }, { outcome: 'completed' }, { outcome: 'refused' }, { outcome: 'completed', forbid: ['x'] }, { outcome: 'refused' }, { outcome: ['completed', 'refused'] }, { outcome: ['completed', 'refused'] }]);
    expect(cases[1]!.expect).toBe(cases[0]!.expect);
    expect(cases[4]!.expect).toBe(cases[2]!.expect);
    expect(cases[2]!.expect).not.toBe(cases[0]!.expect);
    expect(cases[3]!.expect).not.toBe(cases[0]!.expect);
    expect(cases[6]!.expect).not.toBe(cases[5]!.expect);
    // The cases read are their checked value: the data as read shares it too.
    expect((checked.data as { cases: unknown[] }).cases[1]).toBe(cases[1]);
    expect(Object.keys(cases[1]!)).toEqual(['id', 'input', 'expect']);
  });
});
