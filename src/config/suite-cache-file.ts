/**
 * The file of one suite cache entry (suite-cache.ts): a header naming the format, the key and the
 * payload's length, then the payload in parts, each serialized with node:v8 and written apart.
 * Reading checks the header, the parts and their shape: a file that does not hold together is
 * no entry.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { ConfigIssue } from '../errors.js';
import type { KnownFingerprints } from './case-sharing.js';
import { isPlainObject } from './json-value.js';

/** Bumped when what an entry holds changes shape. */
export const FORMAT = 'agentready-suite-cache 2';

/**
 * Cases per part of an entry. Each part is serialized and written apart, so storing a
 * large suite holds a part's serialized bytes at a time, not the whole entry's (V8's serializer
 * grows its buffer by doubling).
 */
const CASES_PER_PART = 2000;

/** What checking one suite file alone gave, as stored. */
export interface CachedSuite {
  /** The file's data as read (its cases as checked), for the questions asked of the file later. */
  data: unknown;
  /** The checked value. */
  value: unknown;
  /** Offset of each case's id in the text, as the fast reader found them. */
  caseIdOffsets: number[];
  /** The offset each line of the text starts at (LineIndex.of), so the text is not scanned again. */
  lineStarts: Uint32Array;
  /** The file's own findings, every one a warning, located. */
  issues: ConfigIssue[];
}

/** A suite's fingerprints, as resolveSuite computed them (KnownFingerprints). */
export type CachedFingerprints = KnownFingerprints;

/** What a cache file holds: the key it is valid for, and its parts (or what makes them). */
export interface CacheParts<P> {
  key: string;
  parts: P;
}

/** Writes `parts` to a new file at `file`, under `key`, a part at a time. */
export function writeParts(file: string, { key, parts }: CacheParts<Iterable<unknown>>): void {
  const fd = openSync(file, 'w');
  try {
    // The header's length is written last, over a placeholder of the same width.
    const start = Buffer.byteLength(headerOf(key, 0));
    let length = 0;
    for (const part of parts) {
      const bytes = serialize(part);
      const size = Buffer.alloc(4);
      size.writeUInt32LE(bytes.length);
      writeSync(fd, size, 0, 4, start + length);
      writeSync(fd, bytes, 0, bytes.length, start + length + 4);
      length += 4 + bytes.length;
    }
    writeSync(fd, headerOf(key, length), 0, 'latin1');
  } finally {
    closeSync(fd);
  }
}

// A file is `<FORMAT> <key> <payload length>\n`, the length as 12 digits, then the payload: its
// parts, each a 4-byte length (little-endian) and v8.serialize of the part.
function headerOf(key: string, length: number): string {
  return `${FORMAT} ${key} ${String(length).padStart(12, '0')}\n`;
}

/**
 * A suite's entry as the parts it is written in: first the entry with its two case lists
 * emptied (and their lengths), then the cases, CASES_PER_PART of each list a part.
 */
export function* entryParts(entry: CachedSuite): Generator<unknown> {
  const dataCases = casesOf(entry.data);
  const valueCases = casesOf(entry.value);
  // The `cases` keys stay where they are (an empty list), so the objects read back keep their key order.
  const emptied = (holder: unknown, cases: unknown[] | undefined) => (cases === undefined ? holder : { ...(holder as object), cases: [] });
  yield { entry: { ...entry, data: emptied(entry.data, dataCases), value: emptied(entry.value, valueCases) }, dataCases: dataCases?.length ?? -1, valueCases: valueCases?.length ?? -1 };
  const parts = Math.ceil(Math.max(dataCases?.length ?? 0, valueCases?.length ?? 0) / CASES_PER_PART);
  for (let part = 0; part < parts; part++) {
    const from = part * CASES_PER_PART;
    yield [dataCases?.slice(from, from + CASES_PER_PART) ?? [], valueCases?.slice(from, from + CASES_PER_PART) ?? []];
  }
}

/** The entry the parts read hold, when they hold together as entryParts wrote them; undefined otherwise. */
export function entryOf(parts: unknown[]): CachedSuite | undefined {
  const [head, ...rest] = parts;
  if (!isPlainObject(head) || !isPlainObject(head.entry) || !Number.isInteger(head.dataCases) || !Number.isInteger(head.valueCases)) return undefined;
  const dataCases: unknown[] = [];
  const valueCases: unknown[] = [];
  for (const part of rest) {
    if (!Array.isArray(part) || part.length !== 2 || !Array.isArray(part[0]) || !Array.isArray(part[1])) return undefined;
    for (const kase of part[0]) dataCases.push(kase);
    for (const kase of part[1]) valueCases.push(kase);
  }
  const entry = head.entry;
  if (!refill(entry.data, { cases: dataCases, count: head.dataCases as number }) || !refill(entry.value, { cases: valueCases, count: head.valueCases as number })) return undefined;
  return isEntry(entry) ? entry : undefined;
}

/** Puts the cases read back in `holder.cases` (-1: it had none); false when their count is not the one written. */
function refill(holder: unknown, { cases, count }: { cases: unknown[]; count: number }): boolean {
  if (count === -1) return cases.length === 0;
  if (!isPlainObject(holder) || !Array.isArray(holder.cases) || holder.cases.length !== 0 || cases.length !== count) return false;
  holder.cases = cases;
  return true;
}

function casesOf(holder: unknown): unknown[] | undefined {
  return isPlainObject(holder) && Array.isArray(holder.cases) ? holder.cases : undefined;
}

/** The suite entry in `bytes` when its header names `key` and the parts are whole and shaped as one. */
export function decodeEntry(bytes: Buffer, key: string): CachedSuite | undefined {
  const parts = decodeParts(bytes, key);
  return parts && entryOf(parts);
}

/** The parts `bytes` hold when its header names `key` and the payload is whole; undefined otherwise. */
export function decodeParts(bytes: Buffer, key: string): unknown[] | undefined {
  const prefix = `${FORMAT} ${key} `; // headerOf up to the length
  if (bytes.length <= prefix.length || bytes.toString('latin1', 0, prefix.length) !== prefix) return undefined;
  const newline = bytes.indexOf(0x0a, prefix.length);
  if (newline - prefix.length !== 12) return undefined;
  const length = bytes.toString('latin1', prefix.length, newline);
  if (!/^[0-9]+$/.test(length) || bytes.length - newline - 1 !== Number(length)) return undefined;
  const parts: unknown[] = [];
  try {
    for (let at = newline + 1; at < bytes.length; ) {
      if (at + 4 > bytes.length) return undefined;
      const size = bytes.readUInt32LE(at);
      if (at + 4 + size > bytes.length) return undefined;
      parts.push(deserialize(bytes.subarray(at + 4, at + 4 + size)));
      at += 4 + size;
    }
  } catch {
    return undefined;
  }
  return parts;
}

export function isFingerprints(value: unknown): value is CachedFingerprints {
  if (!isPlainObject(value) || typeof value.suite !== 'string' || !Array.isArray(value.cases) || !Array.isArray(value.expectOf)) return false;
  const { cases, expectOf } = value;
  return cases.every((print) => typeof print === 'string') && expectOf.length === cases.length
    && expectOf.every((first, i) => Number.isInteger(first) && first >= 0 && first <= i);
}

function isEntry(value: unknown): value is CachedSuite {
  if (!isPlainObject(value) || !isPlainObject(value.value) || !isPlainObject(value.data)) return false;
  const { caseIdOffsets, issues } = value;
  if (!Array.isArray(caseIdOffsets) || !caseIdOffsets.every((offset) => Number.isInteger(offset) && offset >= 0)) return false;
  if (!Array.isArray(value.value.cases) || caseIdOffsets.length !== value.value.cases.length) return false;
  if (!isLineStarts(value.lineStarts)) return false;
  return Array.isArray(issues) && issues.every((issue) =>
    isPlainObject(issue) && issue.severity === 'warning' && typeof issue.file === 'string' && typeof issue.message === 'string'
    && Number.isInteger(issue.line) && Number.isInteger(issue.column));
}

// Starting at 0 and rising, as LineIndex.of counts them.
function isLineStarts(value: unknown): value is Uint32Array {
  if (!(value instanceof Uint32Array) || value.length === 0 || value[0] !== 0) return false;
  for (let line = 1; line < value.length; line++) if (value[line]! <= value[line - 1]!) return false;
  return true;
}
