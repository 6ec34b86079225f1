// Fingerprints are committed in baselines: caseFingerprint writes a case's canonical JSON member by
// member, in a key order of its own, and must hash exactly what fingerprinting the parts with the
// generic writer gives (the sorted copy of `{...parts, tools}`), with or without members given as
// canonical JSON already.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseFingerprint, plainCaseFingerprint, plainCaseJson, type FingerprintedCase, type WrittenMembers } from '../../../src/config/case-fingerprint.js';
import { canonicalJson, fingerprint } from '../../../src/config/fingerprint.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

const json = fc.jsonValue({ maxDepth: 2 });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const object = fc.dictionary(fc.string(), json, { maxKeys: 3 });

// Any JSON in each member, not only what a suite allows there (a mock without `tool`, an expect
// with any keys): the fingerprint hashes the JSON whatever its shape, so the parts go through unknown.
const parts: fc.Arbitrary<FingerprintedCase> = fc.record({
  input: fc.string(),
  context: object,
  mocks: fc.array(object, { maxLength: 2 }),
  faults: fc.array(object, { maxLength: 2 }),
  approvals: fc.record({ default: fc.constantFrom('grant', 'deny'), tools: fc.dictionary(fc.string(), fc.constantFrom('grant', 'deny'), { maxKeys: 2 }) }),
  expect: object,
  turns: maybe(fc.array(fc.record({ user: fc.string() }), { maxLength: 2 })),
  state: maybe(object),
  adversarial: maybe(fc.record({ category: fc.string(), payload: fc.string() })),
}, { requiredKeys: ['input', 'context', 'mocks', 'faults', 'approvals', 'expect', 'turns', 'state'] }) as unknown as fc.Arbitrary<FingerprintedCase>;

describe('caseFingerprint', () => {
  it('hashes the canonical JSON of the parts and the tools, whichever members come written already', () => {
    fc.assert(fc.property(parts, fc.array(object, { maxLength: 2 }), fc.boolean(), (kase, tools, given) => {
      const toolsJson = canonicalJson(tools);
      const whole = fingerprint({ ...kase, tools });
      expect(caseFingerprint({ parts: kase, toolsJson })).toBe(whole);
      const written: WrittenMembers = given
        ? { approvals: canonicalJson(kase.approvals), context: canonicalJson(kase.context), mocks: canonicalJson(kase.mocks), faults: canonicalJson(kase.faults) }
        : { approvals: undefined, context: undefined, mocks: undefined, faults: undefined };
      expect(caseFingerprint({ parts: kase, toolsJson, expectJson: canonicalJson(kase.expect), written })).toBe(whole);
    }), { seed: FUZZ_SEED, numRuns: 300 });
  });

  it('is what plainCaseFingerprint gives a plain case (its approvals the suite\'s, no context, mocks, faults, turns or variant), states shared or not', () => {
    const approvals = fc.record({ default: fc.constantFrom('grant', 'deny'), tools: fc.dictionary(fc.string(), fc.constantFrom('grant', 'deny'), { maxKeys: 2 }) });
    fc.assert(fc.property(fc.string(), object, approvals, maybe(object), fc.array(object, { maxLength: 2 }), (input, expectation, suiteApprovals, state, tools) => {
      const toolsJson = canonicalJson(tools);
      const kase: FingerprintedCase = { input, context: {}, mocks: [], faults: [], approvals: suiteApprovals, expect: expectation, turns: undefined, state };
      const plain = plainCaseJson({ approvalsJson: canonicalJson(suiteApprovals), toolsJson });
      const expectJson = canonicalJson(expectation);
      expect(plainCaseFingerprint(plain, { input, expectJson, state })).toBe(caseFingerprint({ parts: kase, toolsJson }));
      // A state seen before (its JSON kept by identity) gives the same.
      expect(plainCaseFingerprint(plain, { input, expectJson, state })).toBe(fingerprint({ ...kase, tools }));
    }), { seed: FUZZ_SEED, numRuns: 300 });
  });

  it('is the fingerprint earlier builds gave a plain case (baselines hold it: computed by the build before this writer)', () => {
    const kase: FingerprintedCase = {
      input: 'question 1', context: {}, mocks: [], faults: [], approvals: { default: 'grant', tools: {} }, expect: { outcome: 'completed' }, turns: undefined, state: undefined,
    };
    expect(caseFingerprint({ parts: kase, toolsJson: '[]' })).toBe(fingerprint({ ...kase, tools: true }, { tools: '[]' }));
    expect(caseFingerprint({ parts: kase, toolsJson: '[]' })).toBe('4c413b9f4929d342');
    expect(plainCaseFingerprint(plainCaseJson({ approvalsJson: canonicalJson(kase.approvals), toolsJson: '[]' }), { input: 'question 1', expectJson: canonicalJson(kase.expect), state: undefined })).toBe('4c413b9f4929d342');
  });
});
