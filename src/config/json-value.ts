/**
 * What a JSON value is, for code that reads parsed data it did not type: whether it is a plain
 * object, whether two values are equal as JSON, and what is at a path in it. The one owner of
 * these (matchers, the authority rules, the readers of files and spans, config issues ask here).
 */

/** An object holding keys: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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

/** A key's value in data: an own key's, else undefined (not what the prototype has, as for `__proto__` or `constructor`). */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether parsed data (an object or an array) has `key` as an own key. */
export function hasKey(data: unknown, key: string): boolean {
  return data !== null && typeof data === 'object' && Object.hasOwn(data, key);
}

/** The keys whose value is not undefined. */
export function definedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}

/** Whether two key lists hold the same keys (each list without repeats). */
export function sameKeySet(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((key) => set.has(key));
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A field written as one value or a list of them (an outcome, a usage report), as a list; none when absent. */
export function oneOrMany<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as T];
}
