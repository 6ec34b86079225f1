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
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ConfigIssue } from '../errors.js';
import { LF } from './char-codes.js';
import { canonicalJson } from './fingerprint.js';
import { lazilyLocated } from './parse-yaml.js';
import type { Salvaged } from './salvage.js';
import type { WrittenSuite } from './schema/suite.js';
import { decodeParts, entryOf, entryParts, FORMAT, isFingerprints, writeParts, type CacheParts, type CachedFingerprints, type CachedSuite } from './suite-cache-file.js';
import { checkSuiteSource, isError, type CheckedFile } from './validate.js';
import { isSymbolicLink } from './symlink.js';
import type { SuiteWorld } from './world-files.js';

/**
 * The largest suite file stored, in characters. Storing one serializes all of its cases while the
 * load is at its peak, and the serialized bytes outlive it until V8 collects them: a 100,000-case
 * suite (8 MB) peaked 12 MiB higher on its first run (past 200 MB) than with no cache. Larger
 * files are checked every time, as with `--no-cache`.
 */
const MAX_CACHED_CHARS = 2_000_000;

export type { CachedFingerprints, CachedSuite } from './suite-cache-file.js';

export interface SuiteCache {
  /** The entry for the file when its key matches and it holds together; undefined otherwise. */
  read(input: { absPath: string; key: string }): CachedSuite | undefined;
  /** Stores the entry in place of the file's earlier one; false when it could not (silently), true when handed to `later`. */
  write(input: { absPath: string; key: string; entry: CachedSuite }): boolean;
  /** The file's fingerprints under `key` (fingerprintsKey), as read. */
  readFingerprints(input: { absPath: string; key: string }): CachedFingerprints | undefined;
  /** `fingerprints` is asked for when the file is written (knownFingerprints of the resolved suite). */
  writeFingerprints(input: { absPath: string; key: string; fingerprints: () => CachedFingerprints }): boolean;
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

/**
 * A warning when the cache's folder (`dir`, `<project>/.agentready/cache`, or its `suites/`) is a
 * symbolic link, under which the cache is not used: its entries would be written, and a prune
 * would delete every other file, in the folder the link points at. A link in place of an entry
 * file is harmless (an entry is written beside it and renamed over the link; a read checks the key).
 */
export function linkedCacheIssue(dir: string, display: (absPath: string) => string): ConfigIssue | undefined {
  const linked = [dir, path.join(dir, 'suites')].find(isSymbolicLink);
  if (linked === undefined) return undefined;
  return {
    file: display(linked),
    line: 1,
    column: 1,
    path: '',
    code: 'cache_link',
    severity: 'warning',
    message: 'is a symbolic link: the suite cache is not used (agentready writes its entries there and deletes what else is in it, which through a link would be files of yours elsewhere); remove the link, or pass --no-cache',
  };
}

/**
 * The cache under `dir` (`<project>/.agentready/cache`); nothing is created until an entry is
 * written. With `later`, every write (entries, fingerprints, pruning) is handed to it, in order,
 * instead of being made now; a write handed on counts as made (each is silent about failing, and a
 * fingerprints file is only read under its entry's key: one whose entry was never written is unused).
 */
export function openSuiteCache(dir: string, later?: (job: () => void) => void): SuiteCache {
  const folder = path.join(dir, 'suites');
  const nameOf = (absPath: string) => hash('sha256', absPath).slice(0, 32);
  const read = (file: string, key: string): unknown[] | undefined => {
    try {
      return decodeParts(readFileSync(path.join(folder, file)), key);
    } catch {
      return undefined;
    }
  };
  const write = (file: string, { key, parts }: CacheParts<Iterable<unknown>>): boolean => {
    const target = path.join(folder, file);
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(folder, { recursive: true });
      writeParts(temporary, { key, parts });
      renameSync(temporary, target);
      return true;
    } catch {
      removeQuietly(temporary);
      return false;
    }
  };
  const writeNowOrLater = (file: string, { key, parts }: CacheParts<() => Iterable<unknown>>): boolean => {
    if (!later) return write(file, { key, parts: parts() });
    later(() => write(file, { key, parts: parts() }));
    return true;
  };
  const prune = (keep: readonly string[]): void => {
    try {
      // Anything else goes too: a temporary file a killed command left behind.
      const kept = new Set(keep.flatMap((absPath) => [`${nameOf(absPath)}.bin`, `${nameOf(absPath)}.fingerprints.bin`]));
      for (const name of readdirSync(folder)) {
        if (!kept.has(name)) removeQuietly(path.join(folder, name));
      }
    } catch {
      // A folder that cannot be listed or changed keeps its entries: they are only unused.
    }
  };
  return {
    read: ({ absPath, key }) => {
      const parts = read(`${nameOf(absPath)}.bin`, key);
      return parts && entryOf(parts);
    },
    write: ({ absPath, key, entry }) => writeNowOrLater(`${nameOf(absPath)}.bin`, { key, parts: () => entryParts(entry) }),
    readFingerprints: ({ absPath, key }) => {
      const parts = read(`${nameOf(absPath)}.fingerprints.bin`, key);
      return parts?.length === 1 && isFingerprints(parts[0]) ? parts[0] : undefined;
    },
    writeFingerprints: ({ absPath, key, fingerprints }) => writeNowOrLater(`${nameOf(absPath)}.fingerprints.bin`, { key, parts: () => [fingerprints()] }),
    prune: (keep) => (later ? later(() => prune(keep)) : prune(keep)),
  };
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Not there, or in a folder that cannot be changed: nothing to undo.
  }
}

/**
 * A suite file checked alone (`check`, checkSuiteSource by default), from its cache entry when the
 * key matches. Only a file read the fast way with no error is stored: an error is always found
 * again, and located; so an entry read back passed every check `check` makes of the file alone.
 */
export function checkSuiteCached(input: {
  absPath: string; text: string; file: string; cache: SuiteCache; buildId: string;
  /** What checking the file alone is; it depends on nothing but the text, the file's shown path and the build (the key). */
  check?: (text: string, file: string) => CheckedFile<WrittenSuite>;
}):
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
  const checked = (input.check ?? checkSuiteSource)(text, file);
  const { fast, lineCounter } = checked.yaml;
  if (text.length > MAX_CACHED_CHARS || !fast || !(lineCounter.lineStarts instanceof Uint32Array) || checked.value === undefined || checked.issues.some(isError)) return { checked, wrote: false };
  const entry: CachedSuite = { data: checked.data, value: checked.value, caseIdOffsets: fast.caseIdOffsets, lineStarts: lineCounter.lineStarts, issues: checked.issues };
  const wrote = cache.write({ absPath, key, entry });
  return wrote ? { checked, wrote, key } : { checked, wrote };
}
