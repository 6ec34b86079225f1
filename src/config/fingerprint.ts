/** Stable hashes of what users wrote: canonical JSON (sorted keys) → sha256, hex, first 16 chars. */
import { createHash } from 'node:crypto';

/** Hex characters kept: 64 bits is plenty to tell two versions of one case apart. */
const FINGERPRINT_CHARS = 16;

/**
 * The hash of `value`'s canonical JSON. Members given in `canonical` (top-level keys of an object
 * `value`) are taken as their canonical JSON already, so a part shared by many values (a suite's
 * tools, in every case's fingerprint) is written once; the hash is the one of the whole value.
 */
export function fingerprint(value: unknown, canonical?: Readonly<Record<string, string>>): string {
  const json = canonical ? canonicalObject(value as Record<string, unknown>, canonical) : canonicalJson(value);
  return createHash('sha256').update(json).digest('hex').slice(0, FINGERPRINT_CHARS);
}

/** JSON with object keys sorted at every depth and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}

/**
 * canonicalJson of an object, the members named in `canonical` taken as written already: the
 * same text, with the members in the order JSON.stringify would write the sorted copy's keys.
 */
function canonicalObject(value: Record<string, unknown>, canonical: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  for (const key of orderedKeys(value)) {
    // A sorted copy assigning `__proto__` sets its prototype instead: the key never reached the JSON.
    if (key === '__proto__' || value[key] === undefined) continue;
    const member = Object.hasOwn(canonical, key) ? canonical[key] : JSON.stringify(sortKeys(value[key]));
    if (member !== undefined) parts.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${parts.join(',')}}`;
}

// Keys sorted, then as an object would hold them: array indices first, in numeric order.
function orderedKeys(value: object): string[] {
  const keys = Object.keys(value).sort();
  if (!keys.some(isArrayIndex)) return keys;
  const indices = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((key) => !isArrayIndex(key))];
}

const MAX_ARRAY_INDEX = 2 ** 32 - 2;

function isArrayIndex(key: string): boolean {
  if (key === '0') return true;
  if (!/^[1-9][0-9]*$/.test(key)) return false;
  return Number(key) <= MAX_ARRAY_INDEX;
}
