/**
 * Argument matchers (SPEC §6, §11 Tool matching): an operator object such as `{ lte: 20 }`,
 * or any other JSON value compared by deep equality with key order free. Used by the tools
 * scorer, case mocks' `when` and policy conditions, so all three agree on what "matches" means.
 */
import { isOperatorObject, type OperatorMatcher } from '../config/schema/matcher.js';
import { userRegex } from '../config/user-regex.js';

export interface ArgMismatch {
  /** Dot path into the arguments (`customer.id`, `items[0]`); '' for the arguments themselves. */
  path: string;
  /** The matcher; undefined for a key that `exact` does not allow. */
  expected: unknown;
  /** The actual value; undefined when the key is absent. */
  found: unknown;
}

export interface ArgsMatch {
  pass: boolean;
  mismatches: ArgMismatch[];
}

/** Whether `actual` satisfies `matcher`. */
export function matchValue(matcher: unknown, actual: unknown): boolean {
  if (isOperatorObject(matcher)) return matchOperators(matcher, actual);
  if (Array.isArray(matcher)) {
    return Array.isArray(actual) && actual.length === matcher.length && matcher.every((m, i) => matchValue(m, actual[i]));
  }
  if (isPlainObject(matcher)) {
    if (!isPlainObject(actual)) return false;
    const keys = definedKeys(matcher);
    if (!sameKeySet(keys, definedKeys(actual))) return false;
    return keys.every((key) => matchValue(matcher[key], own(actual, key)));
  }
  return matcher === actual;
}

/**
 * Matches expected arguments against actual ones: a subset of the actual keys, or exactly
 * the same keys with `exact`. Lists every mismatch, at the deepest path that explains it.
 */
export function matchArgs(
  expected: Record<string, unknown>,
  actual: unknown,
  options: { exact?: boolean } = {},
): ArgsMatch {
  const mismatches: ArgMismatch[] = [];
  if (!isPlainObject(actual)) {
    mismatches.push({ path: '', expected, found: actual });
    return { pass: false, mismatches };
  }
  for (const key of definedKeys(expected)) collectMismatches(expected[key], own(actual, key), key, mismatches);
  if (options.exact) {
    for (const key of definedKeys(actual)) {
      if (!Object.hasOwn(expected, key)) mismatches.push({ path: key, expected: undefined, found: actual[key] });
    }
  }
  return { pass: mismatches.length === 0, mismatches };
}

/**
 * Matches a tree of matchers against a value, recursively as a subset (a world's state): objects
 * by key (with `exact`, no other keys at any depth), arrays element by element and of equal
 * length, operator objects by their operators (`{eq: value}` compares a whole value literally).
 * Lists every mismatch at the deepest path that explains it.
 */
export function matchTree(expected: unknown, actual: unknown, options: { exact?: boolean } = {}): ArgsMatch {
  const mismatches: ArgMismatch[] = [];
  collectTree(expected, actual, '', options.exact === true, mismatches);
  return { pass: mismatches.length === 0, mismatches };
}

function collectTree(expected: unknown, actual: unknown, path: string, exact: boolean, out: ArgMismatch[]): void {
  if (isOperatorObject(expected)) {
    if (matchOperators(expected, actual)) return;
    // A literal value (`{eq: …}`, an expected-state file) that differs: name where, not only that.
    if (definedKeys(expected).length === 1 && 'eq' in expected) collectLiteral(expected.eq, actual, path, out);
    else out.push({ path, expected, found: actual });
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push({ path, expected, found: actual });
      return;
    }
    expected.forEach((item, i) => collectTree(item, actual[i], `${path}[${i}]`, exact, out));
    return;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) {
      out.push({ path, expected, found: actual });
      return;
    }
    const at = (key: string) => (path === '' ? key : `${path}.${key}`);
    for (const key of definedKeys(expected)) collectTree(expected[key], own(actual, key), at(key), exact, out);
    if (exact) {
      for (const key of definedKeys(actual)) if (!Object.hasOwn(expected, key)) out.push({ path: at(key), expected: undefined, found: actual[key] });
    }
    return;
  }
  if (expected !== actual) out.push({ path, expected, found: actual });
}

/** Where two JSON values that are not deepEqual differ: keys on either side and values compared literally. */
function collectLiteral(expected: unknown, actual: unknown, path: string, out: ArgMismatch[]): void {
  const at = (key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((item, i) => collectLiteral(item, actual[i], at(i), out));
  } else if (isPlainObject(expected) && isPlainObject(actual)) {
    for (const key of new Set([...definedKeys(expected), ...definedKeys(actual)])) collectLiteral(own(expected, key), own(actual, key), at(key), out);
  } else if (!deepEqual(expected, actual)) {
    out.push({ path, expected, found: actual });
  }
}

/** Deep equality of JSON values; object key order is free and undefined-valued keys are ignored. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = definedKeys(a);
    return sameKeySet(keys, definedKeys(b)) && keys.every((key) => deepEqual(a[key], own(b, key)));
  }
  return false;
}

/** Whether every operator in the object holds for `actual`. */
function matchOperators(matcher: OperatorMatcher, actual: unknown): boolean {
  return (Object.keys(matcher) as (keyof OperatorMatcher)[]).every((op) => OPERATORS[op](matcher[op], actual));
}

type Operator = (operand: unknown, actual: unknown) => boolean;

/** One predicate per operator of MATCHER_OPERATORS; numeric operators accept numbers only, never numeric strings. */
const OPERATORS: Record<keyof OperatorMatcher, Operator> = {
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

/** Descends into literal objects and arrays so a mismatch names the deepest differing path. */
function collectMismatches(matcher: unknown, actual: unknown, path: string, out: ArgMismatch[]): void {
  if (matchValue(matcher, actual)) return;
  if (isPlainObject(matcher) && !isOperatorObject(matcher) && isPlainObject(actual)) {
    for (const key of definedKeys(matcher)) collectMismatches(matcher[key], own(actual, key), `${path}.${key}`, out);
    for (const key of definedKeys(actual)) {
      if (!Object.hasOwn(matcher, key)) out.push({ path: `${path}.${key}`, expected: undefined, found: actual[key] });
    }
    return;
  }
  if (Array.isArray(matcher) && Array.isArray(actual) && matcher.length === actual.length) {
    matcher.forEach((item, i) => collectMismatches(item, actual[i], `${path}[${i}]`, out));
    return;
  }
  out.push({ path, expected: matcher, found: actual });
}

const regexCache = new Map<string, RegExp | null>();

/** Tests a user's pattern; an invalid pattern matches nothing (validation reports it earlier). */
function testRegex(pattern: string, value: string): boolean {
  let regex = regexCache.get(pattern);
  // Equivalent mutant: this test as `true` (a pattern compiled again matches the same).
  if (regex === undefined) {
    try {
      regex = userRegex(pattern);
    } catch {
      regex = null;
    }
    regexCache.set(pattern, regex);
  }
  return regex !== null && regex.test(value);
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

/** Whether an email address's or URL's host is one of `domains` or a subdomain of one. */
function inDomains(value: unknown, domains: unknown[]): boolean {
  const host = typeof value === 'string' ? hostOf(value) : undefined;
  if (host === undefined) return false;
  return domains.some((domain) => {
    if (typeof domain !== 'string') return false;
    const wanted = normalizeHost(domain.replace(/^[@.]/, ''));
    // Equivalent mutants: the empty test as `true` or comparing with another string (a valid host is
    // never '' and never ends with '.').
    return wanted !== '' && (host === wanted || host.endsWith(`.${wanted}`));
  });
}

/** The host of an email address, a URL or a bare host name; undefined for anything else. */
function hostOf(value: string): string | undefined {
  const text = value.trim();
  const at = text.lastIndexOf('@');
  if (at > 0 && !text.includes('://')) return validHost(text.slice(at + 1));
  // Equivalent mutants: the scheme test without `^` (a text it then lets through fails URL() or
  // validHost alike), and an empty catch (the text then reaches validHost, which refuses any "://").
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      return validHost(new URL(text).hostname);
    } catch {
      return undefined;
    }
  }
  return validHost(text);
}

/** A lower-cased host name without a trailing dot, or undefined when it is not one. */
function validHost(host: string): string | undefined {
  const normalized = normalizeHost(host.replace(/>$/, ''));
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(normalized) ? normalized : undefined;
}

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

function isNumber(value: unknown): value is number {
  // Equivalent mutant: the typeof test as `true` (Number.isFinite is false for anything not a number).
  return typeof value === 'number' && Number.isFinite(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A key's value in data: an own key's, else undefined (not what the prototype has, as for `__proto__` or `constructor`). */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function definedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}

function sameKeySet(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((key) => set.has(key));
}
