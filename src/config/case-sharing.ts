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
  /** Its keys in order when no member is an object (`outcome: completed`), for the look-up without text; undefined otherwise. */
  flatKeys: readonly string[] | undefined;
}

/** A suite's expectations so far, by their JSON text, and the one the last case shared. */
export interface SharedExpectations {
  byText: Map<string, SharedExpectation>;
  last: SharedExpectation | undefined;
}

export function sharedExpectations(): SharedExpectations {
  return { byText: new Map(), last: undefined };
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
 * One with the keys, in order, and the very values (no object among them) of the expectation the
 * last case shared has that one's text, and is that one without writing the text: a large suite's
 * cases mostly expect what the case before expected (10,000 cases cold: ~6 ms less CPU).
 */
export function sharedExpectation(shared: SharedExpectations, expect: Expectation): { expect: Expectation; expectJson: string } {
  const { last } = shared;
  if (last !== undefined && sameFlatMembers(expect, last)) return { expect: last.expect, expectJson: last.json };
  const text = JSON.stringify(expect);
  if (text.length > MAX_SHARED_EXPECTATION_CHARS || text.includes('null')) return { expect, expectJson: canonicalJson(expect) };
  const known = shared.byText.get(text);
  if (known !== undefined) {
    shared.last = known;
    return { expect: known.expect, expectJson: known.json };
  }
  const json = canonicalJson(expect);
  const entry: SharedExpectation = { expect: deepFreeze(expect), json, flatKeys: flatKeys(expect) };
  shared.byText.set(text, entry);
  shared.last = entry;
  return { expect, expectJson: json };
}

/**
 * True when `expect` has `shared`'s keys in its order, each with the same value, none an object:
 * JSON.stringify writes both alike (for...in sees what it writes, in its order, and more only
 * when a prototype adds enumerable keys: then they differ, and the text decides). NaN is never
 * the same value: the text decides, as for any other `null` in it.
 */
function sameFlatMembers(expect: Expectation, shared: SharedExpectation): boolean {
  const keys = shared.flatKeys;
  if (keys === undefined) return false;
  const values = expect as Record<string, unknown>;
  const sharedValues = shared.expect as Record<string, unknown>;
  let index = 0;
  for (const key in values) {
    if (key !== keys[index]) return false;
    // The shared one holds no object: an object here is never the same value.
    if (values[key] !== sharedValues[key]) return false;
    index++;
  }
  return index === keys.length;
}

/** The keys of an expectation none of whose members is an object, in for...in order; undefined for any other. */
function flatKeys(expect: Expectation): string[] | undefined {
  const keys: string[] = [];
  const values = expect as Record<string, unknown>;
  for (const key in values) {
    if (typeof values[key] === 'object') return undefined;
    keys.push(key);
  }
  return keys;
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
