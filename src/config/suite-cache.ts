/**
 * The cache of checked suite files, `<project>/.agentready/cache/suites/`: a suite file whose text
 * is unchanged since an earlier command loaded it is not parsed, schema-checked and rule-checked
 * again. One entry per suite file (named by a hash of its absolute path, so a changed file replaces
 * its entry), holding what checking the file alone gave: its data as read, its value, where its
 * cases' ids are, where its lines start, and its own warnings, located. A file with an error is
 * never stored. After a run resolved the suite, its fingerprints go in a second file beside the
 * entry, keyed by the entry's key and what the suite's world files held (fingerprintsKey).
 *
 * An entry is used only when its key matches: the hash of the file's text, the path messages name
 * it by, the agentready build and V8's serialization version (see suiteCacheKey). What reads other
 * files (world files, custom scorers) and the project-wide rules run on every load.
 *
 * An entry is untrusted: a header is checked first (format, key, length), then the payload is
 * deserialized and its shape checked; anything off and the file is checked as if there were no
 * entry. Writing is atomic (a temporary file renamed) and any failure (a read-only folder) is
 * silent: the cache can make loading faster, never make it fail.
 */
import { hash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ConfigIssue } from '../errors.js';
import { LF } from './char-codes.js';
import { canonicalJson } from './fingerprint.js';
import { lazilyLocated } from './parse-yaml.js';
import type { KnownFingerprints } from './resolve.js';
import type { Salvaged } from './salvage.js';
import type { WrittenSuite } from './schema/suite.js';
import { checkSuiteSource, isError, type CheckedFile } from './validate.js';
import type { SuiteWorld } from './world-files.js';

/** Bumped when what an entry holds changes shape. */
const FORMAT = 'agentready-suite-cache 2';

/**
 * The largest suite file stored, in characters. Storing one serializes all of its cases while the
 * load is at its peak, and the serialized bytes outlive it until V8 collects them: a 100,000-case
 * suite (8 MB) peaked 12 MiB higher on its first run (past 200 MB) than with no cache. Larger
 * files are checked every time, as with `--no-cache`.
 */
const MAX_CACHED_CHARS = 2_000_000;

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

export interface SuiteCache {
  /** The entry for the file when its key matches and it holds together; undefined otherwise. */
  read(input: { absPath: string; key: string }): CachedSuite | undefined;
  /** Stores the entry in place of the file's earlier one; false when it could not (silently). */
  write(input: { absPath: string; key: string; entry: CachedSuite }): boolean;
  /** The file's fingerprints under `key` (fingerprintsKey), as read. */
  readFingerprints(input: { absPath: string; key: string }): CachedFingerprints | undefined;
  writeFingerprints(input: { absPath: string; key: string; fingerprints: CachedFingerprints }): boolean;
  /** Removes the entries of files not in `keep` (deleted or renamed suites); errors ignored. */
  prune(keep: readonly string[]): void;
}

/**
 * The key of a suite file's entry: everything checking the file alone depends on. `buildId` names
 * the agentready build (schemas, parser and rules); suites are not interpolated, so no
 * environment value enters.
 */
export function suiteCacheKey(input: { buildId: string; display: string; text: string }): string {
  const parts = [FORMAT, input.buildId, process.versions.v8, input.display, hash('sha256', input.text)];
  return hash('sha256', parts.join('\0'));
}

/**
 * The key of a suite's fingerprints: its entry's key (its text, the build) and what else a case's
 * fingerprint holds that its text does not: its world's state and expected-state files' content
 * and which tools have handlers (resolve.ts resolveCase).
 */
export function fingerprintsKey(suiteKey: string, world: SuiteWorld): string {
  const read = {
    state: world.state ?? null,
    expected: [...world.expectedStates].map(([index, { value }]) => [index, value]),
    handlers: [...world.handlers].map(([index, handler]) => [index, handler.spec]),
  };
  return hash('sha256', `${suiteKey}\0${canonicalJson(read)}`);
}

/** The cache under `dir` (`<project>/.agentready/cache`); nothing is created until an entry is written. */
export function openSuiteCache(dir: string): SuiteCache {
  const folder = path.join(dir, 'suites');
  const nameOf = (absPath: string) => hash('sha256', absPath).slice(0, 32);
  const read = (file: string, key: string): unknown[] | undefined => {
    try {
      return decodeParts(readFileSync(path.join(folder, file)), key);
    } catch {
      return undefined;
    }
  };
  const write = (file: string, key: string, parts: Iterable<unknown>): boolean => {
    const target = path.join(folder, file);
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(folder, { recursive: true });
      const fd = openSync(temporary, 'w');
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
      renameSync(temporary, target);
      return true;
    } catch {
      removeQuietly(temporary);
      return false;
    }
  };
  return {
    read: ({ absPath, key }) => {
      const parts = read(`${nameOf(absPath)}.bin`, key);
      return parts && entryOf(parts);
    },
    write: ({ absPath, key, entry }) => write(`${nameOf(absPath)}.bin`, key, entryParts(entry)),
    readFingerprints: ({ absPath, key }) => {
      const parts = read(`${nameOf(absPath)}.fingerprints.bin`, key);
      return parts?.length === 1 && isFingerprints(parts[0]) ? parts[0] : undefined;
    },
    writeFingerprints: ({ absPath, key, fingerprints }) => write(`${nameOf(absPath)}.fingerprints.bin`, key, [fingerprints]),
    prune: (keep) => {
      try {
        // Anything else goes too: a temporary file a killed command left behind.
        const kept = new Set(keep.flatMap((absPath) => [`${nameOf(absPath)}.bin`, `${nameOf(absPath)}.fingerprints.bin`]));
        for (const name of readdirSync(folder)) {
          if (!kept.has(name)) removeQuietly(path.join(folder, name));
        }
      } catch {
        // A folder that cannot be listed or changed keeps its entries: they are only unused.
      }
    },
  };
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Not there, or in a folder that cannot be changed: nothing to undo.
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
function* entryParts(entry: CachedSuite): Generator<unknown> {
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
function entryOf(parts: unknown[]): CachedSuite | undefined {
  const [head, ...rest] = parts;
  if (!isRecord(head) || !isRecord(head.entry) || !Number.isInteger(head.dataCases) || !Number.isInteger(head.valueCases)) return undefined;
  const dataCases: unknown[] = [];
  const valueCases: unknown[] = [];
  for (const part of rest) {
    if (!Array.isArray(part) || part.length !== 2 || !Array.isArray(part[0]) || !Array.isArray(part[1])) return undefined;
    for (const kase of part[0]) dataCases.push(kase);
    for (const kase of part[1]) valueCases.push(kase);
  }
  const entry = head.entry;
  if (!refill(entry.data, dataCases, head.dataCases as number) || !refill(entry.value, valueCases, head.valueCases as number)) return undefined;
  return isEntry(entry) ? entry : undefined;
}

/** Puts the cases read back in `holder.cases` (-1: it had none); false when their count is not the one written. */
function refill(holder: unknown, cases: unknown[], count: number): boolean {
  if (count === -1) return cases.length === 0;
  if (!isRecord(holder) || !Array.isArray(holder.cases) || holder.cases.length !== 0 || cases.length !== count) return false;
  holder.cases = cases;
  return true;
}

function casesOf(holder: unknown): unknown[] | undefined {
  return isRecord(holder) && Array.isArray(holder.cases) ? holder.cases : undefined;
}

/** The suite entry in `bytes` when its header names `key` and the parts are whole and shaped as one. */
export function decodeEntry(bytes: Buffer, key: string): CachedSuite | undefined {
  const parts = decodeParts(bytes, key);
  return parts && entryOf(parts);
}

/** The parts `bytes` hold when its header names `key` and the payload is whole; undefined otherwise. */
function decodeParts(bytes: Buffer, key: string): unknown[] | undefined {
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

function isFingerprints(value: unknown): value is CachedFingerprints {
  if (!isRecord(value) || typeof value.suite !== 'string' || !Array.isArray(value.cases) || !Array.isArray(value.expectOf)) return false;
  const { cases, expectOf } = value;
  return cases.every((print) => typeof print === 'string') && expectOf.length === cases.length
    && expectOf.every((first, i) => Number.isInteger(first) && first >= 0 && first <= i);
}

function isEntry(value: unknown): value is CachedSuite {
  if (!isRecord(value) || !isRecord(value.value) || !isRecord(value.data)) return false;
  const { caseIdOffsets, issues } = value;
  if (!Array.isArray(caseIdOffsets) || !caseIdOffsets.every((offset) => Number.isInteger(offset) && offset >= 0)) return false;
  if (!Array.isArray(value.value.cases) || caseIdOffsets.length !== value.value.cases.length) return false;
  if (!isLineStarts(value.lineStarts)) return false;
  return Array.isArray(issues) && issues.every((issue) =>
    isRecord(issue) && issue.severity === 'warning' && typeof issue.file === 'string' && typeof issue.message === 'string'
    && Number.isInteger(issue.line) && Number.isInteger(issue.column));
}

// Starting at 0 and rising, as LineIndex.of counts them.
function isLineStarts(value: unknown): value is Uint32Array {
  if (!(value instanceof Uint32Array) || value.length === 0 || value[0] !== 0) return false;
  for (let line = 1; line < value.length; line++) if (value[line]! <= value[line - 1]!) return false;
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A suite file checked alone (checkSuiteSource), from its cache entry when the key matches. Only a
 * file read the fast way with no error is stored: an error is always found again, and located.
 */
export function checkSuiteCached(input: { absPath: string; text: string; file: string; cache: SuiteCache; buildId: string }):
  { checked: CheckedFile<WrittenSuite>; wrote: boolean; /** Set when the result is (now) the entry under this key. */ key?: string; /** Read from the entry. */ hit?: true } {
  const { absPath, text, file, cache } = input;
  const key = suiteCacheKey({ buildId: input.buildId, display: file, text });
  const hit = cache.read({ absPath, key });
  // The key holds the text's hash; the line starts are checked against the text where it is cheap.
  const lastLine = hit?.lineStarts.at(-1) ?? 0;
  if (hit && (lastLine === 0 || text.charCodeAt(lastLine - 1) === LF)) {
    // A copy: v8.deserialize makes a typed array a view into the bytes read, which would keep them all.
    const lineStarts = new Uint32Array(hit.lineStarts);
    const yaml = lazilyLocated({ file, source: text, fast: { value: hit.data, caseIdOffsets: hit.caseIdOffsets }, lineStarts });
    const value = hit.value as WrittenSuite;
    return { checked: { yaml, data: hit.data, value, salvaged: value as Salvaged<WrittenSuite>, issues: hit.issues }, wrote: false, key, hit: true };
  }
  const checked = checkSuiteSource(text, file);
  const { fast, lineCounter } = checked.yaml;
  if (text.length > MAX_CACHED_CHARS || !fast || !(lineCounter.lineStarts instanceof Uint32Array) || checked.value === undefined || checked.issues.some(isError)) return { checked, wrote: false };
  const entry: CachedSuite = { data: checked.data, value: checked.value, caseIdOffsets: fast.caseIdOffsets, lineStarts: lineCounter.lineStarts, issues: checked.issues };
  const wrote = cache.write({ absPath, key, entry });
  return wrote ? { checked, wrote, key } : { checked, wrote };
}
