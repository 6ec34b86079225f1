/** The only file-system user of config/: reading files, testing for them, globbing suites. */
import { isUtf8 } from 'node:buffer';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import type { ConfigIssue } from '../errors.js';
import { withoutBom } from './bom.js';
import { editDistance } from './edit-distance.js';

/** `at`: where in the file the reason is (a byte that is no UTF-8), for the issue's place. */
export type ReadResult = { ok: true; text: string } | { ok: false; reason: string; at?: { line: number; column: number } };

/** The issue of a file read as `expected` that could not be read, at its byte that is no UTF-8 if that was why (else 1:1). */
export function unreadableIssue(failed: Extract<ReadResult, { ok: false }> & { file: string }, expected: string): ConfigIssue {
  const { file, reason, at } = failed;
  return { file, line: at?.line ?? 1, column: at?.column ?? 1, path: '', code: 'unreadable', message: reason, expected, found: reason };
}

/**
 * The most UTF-8 bytes read as one text: V8's longest string (2^29 - 24 UTF-16 units; a UTF-8 file
 * decodes to at most as many units as it has bytes). Past it, `toString` threw "Cannot create a
 * string longer than 0x1fffffe8 characters" after reading the whole file into memory.
 */
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

/** The file's text, or why it could not be read (in words, for an issue's `found`). */
export function readText(absPath: string): ReadResult {
  const kind = notRegularFile(absPath);
  if (kind) return { ok: false, reason: kind };
  const size = fileSize(absPath);
  if (size !== undefined && size > MAX_TEXT_BYTES) {
    return { ok: false, reason: `a file of ${mebibytes(size)}, more than the 512 MiB read as one text: split it into smaller files` };
  }
  try {
    return decodeUtf8(readFileSync(absPath));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'no such file' };
    if (code === 'EISDIR') return { ok: false, reason: 'a folder, not a file' };
    if (code === 'EACCES') return { ok: false, reason: 'a file that cannot be read (permission denied)' };
    return { ok: false, reason: (error as Error).message };
  }
}

// The size of a regular file in bytes (a FIFO's is 0: it is read to its end), or undefined when it cannot be told.
function fileSize(absPath: string): number | undefined {
  try {
    return statSync(absPath).size;
  } catch {
    return undefined;
  }
}

// Bytes in MiB (2^20), as `ls -lh` shows them: `573 MiB`.
function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}

/**
 * UTF-8 bytes as text, or why they are not: no replacement characters standing in for a file's
 * bytes. A byte order mark is left out (`toString` keeps it as U+FEFF): counted, it put every
 * place on line 1 one column right of where editors show it.
 */
function decodeUtf8(bytes: Buffer): ReadResult {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { ok: true, text: withoutBom(text) };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { ok: false, reason: 'UTF-16 text, not UTF-8: save it as UTF-8' };
  // An OpenTelemetry Collector's file exporter with compression, or a file gzipped for storage: their magic bytes, not a stray byte at 1:2.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { ok: false, reason: 'a gzip-compressed file, not text: decompress it first (gunzip -k)' };
  if (bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd) return { ok: false, reason: 'a zstd-compressed file, not text: decompress it first (zstd -d)' };
  // The first replacement character that stands for bytes, not for its own encoding EF BF BD.
  for (let at = text.indexOf('\ufffd'); at !== -1; at = text.indexOf('\ufffd', at + 1)) {
    const offset = Buffer.byteLength(text.slice(0, at));
    if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) continue;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return { ok: false, reason: `not UTF-8 text (a byte that is no UTF-8 at line ${line}, column ${column}): save it as UTF-8`, at: { line, column } };
  }
  return { ok: false, reason: 'not UTF-8 text: save it as UTF-8' };
}

/**
 * Why what `absPath` names is no file to read, in words: a folder, a socket or a device (/dev/zero
 * never ends); undefined for a regular file, a FIFO (process substitution, `--traces <(…)`: the
 * user's own pipe, which git cannot carry into a project) or nothing at all.
 */
export function notRegularFile(absPath: string): string | undefined {
  let stats;
  try {
    stats = statSync(absPath);
  } catch {
    return undefined;
  }
  if (stats.isFile() || stats.isFIFO()) return undefined;
  return stats.isDirectory() ? 'a folder, not a file' : 'not a regular file (a socket or a device: reading it could block or never end)';
}

/**
 * Why a module file (an agent module, a custom scorer, a tool handler) cannot be imported, in
 * words: it is missing (`missing`), or it is a folder, a socket or a device (/dev/zero is read
 * until memory runs out).
 */
export function moduleFileProblem(absPath: string, missing: string): { missing: boolean; why: string } | undefined {
  if (!existsSync(absPath)) return { missing: true, why: `${missing}${nearFile(absPath)}` };
  const kind = notRegularFile(absPath);
  return kind ? { missing: false, why: kind } : undefined;
}

/** `; tone.mjs is there` for the one file beside a missing one whose name is a typo of its name (`ton.mjs`), else ''. */
function nearFile(absPath: string): string {
  const name = path.basename(absPath);
  let names: string[];
  try {
    names = readdirSync(path.dirname(absPath));
  } catch {
    return '';
  }
  const near = names.filter((other) => other !== name && editDistance(other, name) <= Math.min(2, Math.floor(name.length / 4)));
  return near.length === 1 ? `; ${near[0]!} is there` : '';
}

/** True when `absPath` is an existing regular file. */
export function isFile(absPath: string): boolean {
  try {
    return statSync(absPath).isFile();
  } catch {
    return false;
  }
}

/** True when `absPath` is an existing folder. */
export function isFolder(absPath: string): boolean {
  try {
    return statSync(absPath).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Why a suites glob would walk folders that are not the project's, in words: one with `**` whose
 * fixed start (the folders before its first wildcard) is absolute or outside `rootDir` (`/**`
 * walks the whole file system, `../**` every project beside this one). Undefined for a glob
 * that stays inside, for one without `**`, and for a plain file path (absolute ones included),
 * which reads one file. Like vitest's and Playwright's include globs, suite globs are relative
 * to the project folder.
 */
export function globLeavesProject(pattern: string, rootDir: string): string | undefined {
  if (!isDynamicPattern(pattern)) return undefined;
  const segments = pattern.split('/');
  const wild = segments.findIndex((segment) => isDynamicPattern(segment));
  if (!segments.slice(wild).includes('**')) return undefined;
  const start = segments.slice(0, wild).join('/') || (path.isAbsolute(pattern) ? '/' : '.');
  if (path.isAbsolute(start)) return `an absolute glob with ** (it would walk every folder under ${start})`;
  const inside = path.relative(rootDir, path.resolve(rootDir, start));
  if (inside === '..' || inside.startsWith(`..${path.sep}`)) return `a glob with ** that starts outside the project folder, at ${start} (it would walk every folder under it)`;
  return undefined;
}

/** Absolute paths of the files one glob matches under `rootDir`, sorted so runs are deterministic. */
export function globFiles(pattern: string, rootDir: string): string[] {
  const files = globSync(pattern, {
    cwd: rootDir,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
    ignore: ['**/node_modules/**'],
  });
  return files.sort();
}

/**
 * For a suites glob of `*.suite.yaml` that matched nothing: the files it would match without
 * `.suite` (`evals/refunds.yaml`, a promptfoo user's name for one) whose text has a top-level
 * `cases:` or `suite:`, as paths relative to `rootDir`, but `others` (the config, its policy).
 */
export function suitesWithoutSuffix(pattern: string, { rootDir, others }: { rootDir: string; others: readonly string[] }): string[] {
  if (!/\.suite\.ya?ml$/.test(pattern)) return [];
  return globFiles(pattern.replace(/\.suite(\.ya?ml)$/, '$1'), rootDir)
    .filter((file) => !others.includes(file) && looksLikeSuite(file))
    .map((file) => path.relative(rootDir, file).split(path.sep).join('/'));
}

/** Whether a YAML file's text has a top-level `cases:` or `suite:`, as a suite's has (a policy, a compose file has neither). */
export function looksLikeSuite(file: string): boolean {
  try {
    return /^(?:cases|suite):/m.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The files a glob would match with the other YAML extension (`.yml` for `.yaml`, and back), as
 * paths relative to `rootDir`; none when it names neither.
 */
export function matchesWithOtherExtension(pattern: string, rootDir: string): string[] {
  const other = /\.yaml$/.test(pattern) ? pattern.replace(/\.yaml$/, '.yml') : /\.yml$/.test(pattern) ? pattern.replace(/\.yml$/, '.yaml') : undefined;
  if (other === undefined) return [];
  return globFiles(other, rootDir).map((file) => path.relative(rootDir, file).split(path.sep).join('/'));
}
