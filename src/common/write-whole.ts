/**
 * The one owner of "write a file whole or not at all": the text goes to a temporary file beside it,
 * renamed over it once written. A file written in place and cut short (a full disk, a kill between
 * its open and its write) is left torn for every reader after; this way it is the old file or the new.
 */
import { realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** Writes `text` to `path` whole; a symbolic link there is written through (its target replaced), as a plain write would. */
export function writeWholeFile(path: string, text: string): void {
  const target = linkTarget(path);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

// Returns the file a symbolic link at `path` leads to, or `path` itself (no link, nothing there yet, a dangling link).
function linkTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
