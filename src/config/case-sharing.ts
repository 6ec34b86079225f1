/**
 * What a suite's cases share by identity, and the fingerprinting that sharing saves: the frozen
 * empty defaults, one expectation object per expectation written alike, the canonical JSON of the
 * shared members written once per suite (caseFingerprint takes it), and the fingerprints a later
 * resolve of the same suite takes as they are (suite-cache.ts). resolve.ts builds cases with them.
 */
import { canonicalJson } from './fingerprint.js';
import type { WrittenMembers } from './case-fingerprint.js';
import type { Case, Suite } from './schema/resolved.js';
import type { Expectation } from './schema/suite.js';

/**
 * What a case without mocks, faults, tags or context holds: one frozen empty value shared by all
 * of them (a large suite is mostly such cases), which no reader changes.
 */
export const NONE: never[] = Object.freeze([]) as unknown as never[];
export const NO_CONTEXT: Record<string, unknown> = Object.freeze({});
const NONE_JSON = canonicalJson(NONE);
const NO_CONTEXT_JSON = canonicalJson(NO_CONTEXT);

/**
 * The canonical JSON of the members a case shares by identity with the suite's plain cases, written
 * once: writing them again for each case was a large share of fingerprinting a large suite.
 */
export function sharedMembersJson(
  parts: { approvals: Case['approvals']; context: unknown; mocks: unknown; faults: unknown },
  suite: { suiteApprovals: Case['approvals']; approvalsJson: string },
): WrittenMembers {
  return {
    approvals: parts.approvals === suite.suiteApprovals ? suite.approvalsJson : undefined,
    context: parts.context === NO_CONTEXT ? NO_CONTEXT_JSON : undefined,
    mocks: parts.mocks === NONE ? NONE_JSON : undefined,
    faults: parts.faults === NONE ? NONE_JSON : undefined,
  };
}

/** Expectations whose JSON is longer are kept as written, not looked up. */
const MAX_SHARED_EXPECTATION_CHARS = 256;

/** An expectation a suite's cases share, and its canonical JSON, written once. */
export interface SharedExpectation {
  expect: Expectation;
  json: string;
}

/**
 * The case's expectation, as the object an earlier case of the suite that expects the same
 * holds (frozen, as no reader changes it), and its canonical JSON for the fingerprint. Looked up
 * by its JSON.stringify text, V8's own, not by the canonical JSON, which is written in JS: an
 * expectation written alike (the schema gives its keys in one order) has the same text, and one
 * text has one canonical JSON, so a suite writes each of its expectations' canonical JSON once
 * (10,000 cases of `outcome: completed`: ~25 ms less CPU loading it cold). A text holding
 * `null` is never looked up: JSON writes NaN and the infinities so too, and `eq: null` must not
 * be judged as an earlier case's `eq: .nan`.
 */
export function sharedExpectation(shared: Map<string, SharedExpectation>, expect: Expectation): { expect: Expectation; expectJson: string } {
  const text = JSON.stringify(expect);
  if (text.length > MAX_SHARED_EXPECTATION_CHARS || text.includes('null')) return { expect, expectJson: canonicalJson(expect) };
  const known = shared.get(text);
  if (known !== undefined) return { expect: known.expect, expectJson: known.json };
  const json = canonicalJson(expect);
  shared.set(text, { expect: deepFreeze(expect), json });
  return { expect, expectJson: json };
}

export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const member of Object.values(value)) deepFreeze(member);
  return Object.freeze(value);
}

/** What resolveSuite computed that a later resolve of the same suite and world may take as it is. */
export interface KnownFingerprints {
  /** Each case's fingerprint, in order. */
  cases: readonly string[];
  /** The suite's. */
  suite: string;
  /** For each case, the index of the first case whose expectation object it shares (its own when none). */
  expectOf: readonly number[];
}

/** A resolved suite's KnownFingerprints (one resolved with fingerprints). */
export function knownFingerprints(suite: Suite): KnownFingerprints {
  const firstWith = new Map<Expectation, number>();
  const expectOf = suite.cases.map((c, i) => {
    const first = firstWith.get(c.expect);
    if (first !== undefined) return first;
    firstWith.set(c.expect, i);
    return i;
  });
  return { cases: suite.cases.map((c) => c.fingerprint), suite: suite.fingerprint, expectOf };
}
