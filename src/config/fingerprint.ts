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
  const json = canonical && isObject(value) ? writeObject(value, canonical) : canonicalJson(value);
  return createHash('sha256').update(json).digest('hex').slice(0, FINGERPRINT_CHARS);
}

/**
 * JSON with object keys sorted at every depth and undefined members dropped: the text
 * JSON.stringify gives for a copy with its keys assigned in sorted order, written in one pass
 * without the copy (loading a large suite fingerprints every case).
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

// The canonical JSON of a value, or undefined where JSON.stringify leaves a member out.
function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (!Array.isArray(value)) return writeObject(value as Record<string, unknown>, undefined);
  let json = '[';
  for (let index = 0; index < value.length; index++) json += `${index === 0 ? '' : ','}${write(value[index]) ?? 'null'}`;
  return `${json}]`;
}

/** An object's canonical JSON, the members named in `canonical` taken as written already. */
function writeObject(value: Record<string, unknown>, canonical: Readonly<Record<string, string>> | undefined): string {
  let json = '{';
  for (const key of orderedKeys(value)) {
    // A sorted copy assigning `__proto__` sets its prototype instead: the key never reached the JSON.
    if (key === '__proto__' || value[key] === undefined) continue;
    const member = canonical && Object.hasOwn(canonical, key) ? canonical[key] : write(value[key]);
    if (member !== undefined) json += `${json.length === 1 ? '' : ','}${JSON.stringify(key)}:${member}`;
  }
  return `${json}}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
