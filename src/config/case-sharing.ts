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

/** Expectations whose canonical JSON is longer are kept as written, not looked up. */
const MAX_SHARED_EXPECTATION_CHARS = 256;

/**
 * The case's expectation, as the object an earlier case of the suite that expects the same
 * holds (frozen, as no reader changes it), and its canonical JSON for the fingerprint.
 */
export function sharedExpectation(shared: Map<string, Expectation>, expect: Expectation): { expect: Expectation; expectJson: string } {
  const expectJson = canonicalJson(expect);
  if (expectJson.length > MAX_SHARED_EXPECTATION_CHARS) return { expect, expectJson };
  const known = shared.get(expectJson);
  if (known !== undefined) return { expect: known, expectJson };
  shared.set(expectJson, deepFreeze(expect));
  return { expect, expectJson };
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
