/** Stable hashes of what users wrote: canonical JSON (sorted keys) → sha256, hex, first 16 chars. */
import { hash } from 'node:crypto';
import { ibanChecksumValid } from './iban-checksum.js';
import { isPlainObject } from './json-value.js';

/**
 * The hash of `value`'s canonical JSON. Members given in `canonical` (top-level keys of an object
 * `value`; undefined there: not given) are taken as their canonical JSON already, so a part shared
 * by many values (a suite's tools, in every case's fingerprint) is written once; the hash is the
 * one of the whole value.
 */
export function fingerprint(value: unknown, canonical?: Readonly<Record<string, string | undefined>>): string {
  return hashJson(canonical && isPlainObject(value) ? writeObject(value, canonical) : canonicalJson(value));
}

/** The fingerprint of a value whose canonical JSON is `json`, written already (case-fingerprint.ts writes a case's). */
export function hashJson(json: string): string {
  // Hex, Node's default: the one output encoding hash() takes without looking it up (~8% less CPU than 'binary' here).
  const digest = hash('sha256', json);
  // The first 16 hex digits as a string of their own: a slice would keep all 64 characters alive,
  // in every case of a loaded suite. Two halves (V8 copies a substring shorter than 13 characters)
  // joined: join writes one flat string, where + would keep both halves. A suite is fingerprinted
  // before any of this is compiled: three builtin calls, not sixteen charCodeAt and a fromCharCode,
  // and one regex for what unredacted could change, not its checks in JS for each (10,000 cases
  // cold: ~12 ms less CPU).
  const prefix = [digest.substring(0, 8), digest.substring(8, 16)].join('');
  return MAY_READ_AS_REDACTABLE.test(digest) ? unredacted(prefix) : prefix;
}

/** The digests whose first 16 digits unredacted may change: all digits, or be and two digits. */
const MAY_READ_AS_REDACTABLE = /^(?:\d{16}|be\d\d)/;

/**
 * The one owner of "a fingerprint is never changed by redaction" (run/ids.ts keeps run ids so; a
 * live run's records skip redacting their fingerprint on that ground, common/redact-deep.ts).
 * A hex fingerprint as every file and print can carry it: one of only digits (1 in 1,850) may be a
 * Luhn-valid card number, which redaction writes `[card]` (1 in 33,000: a case's in results.jsonl
 * and the baseline, a run's suites fingerprint in its header, which --resume and merge compare), so
 * its first digit becomes a letter; so does the b of one that reads as a Belgian IBAN. Any other is returned as
 * it is, as baselines committed it.
 * Every all-digit one, not only the card numbers: redaction also writes some `[phone]` (`0035247319045232`,
 * an international 00 prefix), and asking the redactor itself would load the phone library into `validate`.
 */
export function unredacted(hex: string): string {
  // Five in sixteen start with a hex letter other than b: neither pattern can match, none is run
  // (every case's fingerprint comes here as a suite resolves: 10,000 of them cold, ~4.9 -> 3.9 ms).
  const first = hex.charCodeAt(0);
  if (first > NINE && first !== LOWER_B) return hex;
  // Ten in sixteen start with a digit: a loop that stops at the first letter (the second or third
  // character, mostly), not a regex run on each (10,000 cases cold: ~0.5 ms less CPU).
  if (first <= NINE) return allDigits(hex) ? `${'abcdefabcd'[first - 48]!}${hex.slice(1)}` : hex;
  // Sixteen characters are a Belgian IBAN's length, and redaction reads one in lower case with digits only after be (1 fingerprint
  // in 60 million): `[iban]`. Its b becomes an f (no country is FE); so it did for one with a hex letter after be15 (1 in 64,000),
  // which redaction read so before, and does still: fingerprints committed in baselines stay as they were.
  if (/^be\d\d/.test(hex) && ibanChecksumValid(hex.toUpperCase())) return `f${hex.slice(1)}`;
  return hex;
}

/** True when every character of `text` is an ASCII digit (/^\d+$/ on a text that starts with one). */
function allDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

const ZERO = 0x30;
const NINE = 0x39;
const LOWER_B = 0x62;

/**
 * JSON with object keys sorted at every depth and undefined members dropped: the text
 * JSON.stringify gives for a copy with its keys assigned in sorted order, written in one pass
 * without the copy (loading a large suite fingerprints every case).
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** The canonical JSON of a member's value, or undefined where JSON.stringify leaves the member out. */
export function canonicalMember(value: unknown): string | undefined {
  return write(value);
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
  // A list of no objects (a suite's case fingerprints, tags, enums) is V8's own JSON: each item
  // as `write` gives it, `null` where it gives none.
  if (value.every(isNoObject)) return JSON.stringify(value);
  let json = '[';
  for (let index = 0; index < value.length; index++) json += `${index === 0 ? '' : ','}${write(value[index]) ?? 'null'}`;
  return `${json}]`;
}

// A value JSON.stringify writes as `write` does inside a list (a hole, undefined, a function: null):
// null or no object (a BigInt, which JSON.stringify throws on, neither).
const isNoObject = (item: unknown): boolean => item === null || (typeof item !== 'object' && typeof item !== 'bigint');

/** An object's canonical JSON, the members named in `canonical` taken as written already. */
function writeObject(value: Record<string, unknown>, canonical: Readonly<Record<string, string | undefined>> | undefined): string {
  let json = '{';
  for (const key of orderedKeys(value)) {
    // A sorted copy assigning `__proto__` sets its prototype instead: the key never reached the JSON.
    if (key === '__proto__' || value[key] === undefined) continue;
    const member = (canonical && Object.hasOwn(canonical, key) ? canonical[key] : undefined) ?? write(value[key]);
    if (member !== undefined) json += `${json.length === 1 ? '' : ','}${quotedKey(key)}:${member}`;
  }
  return `${json}}`;
}

// Keys sorted, then as an object would hold them: array indices first, in numeric order.
function orderedKeys(value: object): string[] {
  const keys = sortStrings(Object.keys(value));
  if (!keys.some(isArrayIndex)) return keys;
  const indices = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((key) => !isArrayIndex(key))];
}

// In place, in code-unit order as Array#sort's default: an insertion sort for the few keys an
// object usually has, which takes a fraction of the time of the generic sort.
function sortStrings(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

// The JSON of a key; the short keys every case repeats (input, expect, outcome…) are quoted once.
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 4096;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (key.length <= 32 && QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

const MAX_ARRAY_INDEX = 2 ** 32 - 2;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

function isArrayIndex(key: string): boolean {
  // Most keys start with a letter: no regex for them.
  const first = key.charCodeAt(0);
  if (!(first >= DIGIT_0 && first <= DIGIT_9)) return false;
  if (key === '0') return true;
  if (!/^[1-9][0-9]*$/.test(key)) return false;
  return Number(key) <= MAX_ARRAY_INDEX;
}
