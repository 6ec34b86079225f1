// sharedExpectation hands a case the object an earlier case with the same expectation holds, and
// the canonical JSON fingerprints hash: the look-up without text (the last expectation shared)
// must give exactly what the look-up by JSON text alone gave, object for object.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze, sharedExpectation, sharedExpectations, type SharedExpectation } from '../../../src/config/case-sharing.js';
import { canonicalJson } from '../../../src/config/fingerprint.js';
import type { Expectation } from '../../../src/config/schema/suite.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

/** sharedExpectation as it was before the look-up without text (session 27). */
function sharedBefore(shared: Map<string, Omit<SharedExpectation, 'flatKeys'>>, expect: Expectation): { expect: Expectation; expectJson: string } {
  const text = JSON.stringify(expect);
  if (text.length > 256 || text.includes('null')) return { expect, expectJson: canonicalJson(expect) };
  const known = shared.get(text);
  if (known !== undefined) return { expect: known.expect, expectJson: known.json };
  const json = canonicalJson(expect);
  shared.set(text, { expect: deepFreeze(expect), json });
  return { expect, expectJson: json };
}

// Values alike and not quite: -0 and 0, NaN and null (both JSON null), undefined members, strings holding "null".
const scalar = fc.constantFrom<unknown>('completed', 'refused', 'nullable', 0, -0, 1, Number.NaN, Infinity, null, undefined, true, false);
const member = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 2 }) }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('eq', 'gte'), scalar, { maxKeys: 2 }) });
const expectation = fc.dictionary(fc.constantFrom('outcome', 'max_turns', 'output_contains', 'state', 'z', '0'), member, { maxKeys: 3 });

/** For each result, the index of the input it is (the case's own object or an earlier case's), and its JSON. */
function shares(inputs: readonly Expectation[], share: (expect: Expectation) => { expect: Expectation; expectJson: string }): Array<[number, string]> {
  return inputs.map((input) => {
    const { expect: got, expectJson } = share(input);
    return [inputs.indexOf(got), expectJson];
  });
}

describe('sharedExpectation', () => {
  it('shares what the look-up by text shared, and gives each case its canonical JSON', () => {
    // Runs of one expectation (copies, as a parser makes them), others between, key orders both ways.
    const suite = fc.array(fc.tuple(expectation, fc.integer({ min: 1, max: 4 }), fc.boolean()), { maxLength: 8 }).map((runs) =>
      runs.flatMap(([written, times, reversed]) => Array.from({ length: times }, () => (reversed ? Object.fromEntries(Object.entries(written).reverse()) : { ...written }))));
    fc.assert(fc.property(suite, (written) => {
      const before = written.map((e) => structuredClone(e)) as Expectation[];
      const now = written.map((e) => structuredClone(e)) as Expectation[];
      const byText = new Map<string, Omit<SharedExpectation, 'flatKeys'>>();
      const shared = sharedExpectations();
      const expected = shares(before, (e) => sharedBefore(byText, e));
      expect(shares(now, (e) => sharedExpectation(shared, e))).toEqual(expected);
      for (const [index, json] of expected) expect(json).toBe(canonicalJson(written[index]));
    }), { seed: FUZZ_SEED, numRuns: 400 });
  });

  it('shares the last expectation only with one of its keys in its order and its very values', () => {
    const shared = sharedExpectations();
    const first = { outcome: 'completed', max_turns: 2 } as unknown as Expectation;
    expect(sharedExpectation(shared, first).expect).toBe(first);
    expect(sharedExpectation(shared, { outcome: 'completed', max_turns: 2 } as unknown as Expectation).expect).toBe(first);
    // Another order is another text: its own object (the canonical JSON is the same).
    const reordered = { max_turns: 2, outcome: 'completed' } as unknown as Expectation;
    expect(sharedExpectation(shared, reordered)).toEqual({ expect: reordered, expectJson: '{"max_turns":2,"outcome":"completed"}' });
    expect(sharedExpectation(shared, reordered).expect).toBe(reordered);
    // One more key, one fewer, another value: not the last one.
    const more = { outcome: 'completed', max_turns: 2, z: 1 } as unknown as Expectation;
    expect(sharedExpectation(shared, more).expect).toBe(more);
    const fewer = { outcome: 'completed' } as unknown as Expectation;
    expect(sharedExpectation(shared, fewer).expect).toBe(fewer);
    // Back to the first text: the first object, found by its text.
    expect(sharedExpectation(shared, { outcome: 'completed', max_turns: 2 } as unknown as Expectation).expect).toBe(first);
    // NaN is written null: never shared, however alike.
    const nan = { outcome: 'completed', max_turns: Number.NaN } as unknown as Expectation;
    expect(sharedExpectation(shared, nan).expect).toBe(nan);
    const nanAgain = { outcome: 'completed', max_turns: Number.NaN } as unknown as Expectation;
    expect(sharedExpectation(shared, nanAgain).expect).toBe(nanAgain);
  });
});
