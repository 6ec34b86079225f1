import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * A file's path as messages show it: relative to the current folder (`from`), as every path agentready prints
 * (the path as given when that is the folder itself). A file that shares no folder with `from` but the
 * filesystem's root is shown absolute: `/nope`, not `../../nope`.
 */
export function shownPath(file: string, from = process.cwd()): string {
  const shown = relative(from, file);
  if (shown === '') return file;
  if (isAbsolute(shown)) return shown; // another drive (Windows)
  const climbs = shown.split(sep).findIndex((part) => part !== '..');
  const depth = resolve(from).split(sep).filter(Boolean).length;
  return climbs >= depth && depth > 0 ? resolve(from, file) : shown;
}

/** A folder as messages show it: as {@link shownPath}, but the current folder itself is `.` (`run folder .`, `no run under .`). */
export function shownFolder(dir: string, from = process.cwd()): string {
  return relative(from, dir) === '' ? '.' : shownPath(dir, from);
}
