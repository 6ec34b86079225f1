/**
 * A tool world's initial state, pure: the suite's state with a case's deep-merged over it, and
 * what an `expect.state` or `state_unchanged` path can reach in it (for validation).
 */
import { setOwn } from './own-key.js';
import { isOperatorObject } from './schema/matcher.js';
import { isPlainObject } from './json-value.js';

/**
 * `over` deep-merged onto `base`: objects merge key by key, anything else (arrays included)
 * replaces. Hand-written: the usual libraries concatenate arrays by default, and a case that
 * lists a customer's orders means those orders, not the suite's plus those.
 */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = Object.hasOwn(merged, key) ? merged[key] : undefined;
    setOwn(merged, key, isPlainObject(below) && isPlainObject(value) ? deepMerge(below, value) : value);
  }
  return merged;
}

/**
 * The case's initial state: the suite's and the case's merged; undefined when neither gives one.
 * Read only, by everyone (each attempt's World copies it): a case without a state of its own
 * shares the suite's, and a merged one shares what it does not override, so a large state (a
 * τ²-bench domain's database) is held once, not once per case.
 */
export function initialState(suite: Record<string, unknown> | undefined, own: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (own === undefined) return suite;
  return deepMerge(suite ?? {}, own);
}

/** A path the initial state cannot have, or may not have: where it stops and why. */
export interface StatePathProblem {
  /** Keys from the top of the state down to the first one it cannot (or does not) have. */
  path: string[];
  /** `scalar`: the path goes through a value that has no keys (an error); `absent`: a top-level key the state lacks (a warning). */
  kind: 'scalar' | 'absent';
  /** For `scalar`: the value without keys that the path's last key would be under. */
  found?: unknown;
}

/**
 * Problems of the paths an `expect.state` matcher descends, against the initial state. A
 * matcher's literal object is a subset to match, so each of its keys is a path; operator
 * objects (`{eq: …}`, `{gt: 1}`) stop the walk. Arrays are matched element by element.
 */
export function matcherPathProblems(matcher: Record<string, unknown>, state: Record<string, unknown>): StatePathProblem[] {
  const problems: StatePathProblem[] = [];
  walk({ expected: matcher, actual: state, at: [] });
  return problems;

  function walk({ expected, actual, at }: { expected: unknown; actual: unknown; at: string[] }): void {
    if (isOperatorObject(expected)) return;
    if (Array.isArray(expected)) {
      if (Array.isArray(actual)) expected.forEach((item, i) => walk({ expected: item, actual: actual[i], at: [...at, String(i)] }));
      return;
    }
    if (!isPlainObject(expected)) return;
    const first = Object.keys(expected)[0];
    if (at.length > 0 && first !== undefined && actual !== undefined && !isPlainObject(actual) && !Array.isArray(actual)) {
      problems.push({ path: [...at, first], kind: 'scalar', found: actual });
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      const below = isPlainObject(actual) ? actual[key] : undefined;
      if (at.length === 0 && below === undefined) {
        problems.push({ path: [key], kind: 'absent' });
        continue;
      }
      walk({ expected: value, actual: below, at: [...at, key] });
    }
  }
}

/** Problems of one dot path (`orders.*.status`; `*` is one key) of `state_unchanged.except`. */
export function dotPathProblem(dotPath: string, state: Record<string, unknown>): StatePathProblem | undefined {
  const keys = dotPath.split('.');
  let level: unknown[] = [state];
  for (let depth = 0; depth < keys.length; depth++) {
    const key = keys[depth]!;
    const scalars = level.filter((value) => value !== undefined && value !== null && typeof value !== 'object');
    if (depth > 0 && scalars.length > 0 && scalars.length === level.length && !namesDottedKey(state, keys)) {
      return { path: keys.slice(0, depth + 1), kind: 'scalar', found: scalars[0] };
    }
    const next = level.flatMap((value) => childrenOf(value, key));
    if (depth === 0 && key !== '*' && next.length === 0 && !namesDottedKey(state, keys)) return { path: [key], kind: 'absent' };
    // A key absent below the top may be made by a handler; nothing more can be said from here.
    if (next.length === 0) return undefined;
    level = next;
  }
  return undefined;
}

/**
 * Whether the dot path may name a key that holds dots, anywhere along it (`sku.1` of `sku.1.qty`,
 * `sku.large` of `prices.sku.large`, where `prices.sku` may be a number): the scorer takes the path
 * so (score/state.ts `covers`), so it is neither absent nor impossible.
 */
function namesDottedKey(state: Record<string, unknown>, keys: readonly string[]): boolean {
  let level: unknown[] = [state];
  for (let depth = 0; depth < keys.length - 1 && level.length > 0; depth++) {
    for (let count = 2; depth + count <= keys.length; count++) {
      const segments = keys.slice(depth, depth + count);
      const named = segments.includes('*')
        ? (value: object) => Object.keys(value).some((key) => dottedKeyNamedBy(key, segments))
        : (value: object) => Object.hasOwn(value, segments.join('.'));
      if (level.some((value) => value !== null && typeof value === 'object' && named(value))) return true;
    }
    level = level.flatMap((value) => childrenOf(value, keys[depth]!));
  }
  return false;
}

/**
 * Whether `key`, a key that holds dots, is what these segments of a dot path name, part for part, a
 * `*` standing for any one part: `sku.large` by `sku.large` and by `sku.*` (a `*` alone stands for
 * the whole key). The one reading of a dotted key, for validate here and the scorer's `covers`.
 */
export function dottedKeyNamedBy(key: string, segments: readonly string[]): boolean {
  const parts = key.split('.');
  return parts.length >= 2 && parts.length === segments.length && parts.every((part, i) => segments[i] === '*' || segments[i] === part);
}

/** The values under `key` (every child for `*`) of an object or array. */
function childrenOf(value: unknown, key: string): unknown[] {
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (key === '*') return Object.values(record);
  return Object.hasOwn(record, key) ? [record[key]] : [];
}
