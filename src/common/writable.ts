/**
 * Whether a file could be written (its missing folders made) as the disk stands now, asked before
 * a run so an output that cannot be written fails before the first case is paid for, not after
 * the last. Creates nothing: a run that never starts leaves no folder behind.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { kernelFilesystem } from '../config/kernel-filesystem.js';

/** Why a file cannot be written; every path is absolute. */
export type Unwritable =
  /** The path is a folder. */
  | { kind: 'folder' }
  /** `at`, the file or the nearest folder above it that exists, may not be written by this process. */
  | { kind: 'no_permission'; at: string }
  /** `at`, above the file, exists and is not a folder, so the folders below it cannot be made. */
  | { kind: 'not_a_folder'; at: string }
  /**
   * `at`, the nearest folder above that exists, is on the kernel's `proc` or `sys` filesystem, where
   * no file or folder can be made (a mkdir there answers ENOENT, and Node 20's recursive mkdir then spins forever).
   */
  | { kind: 'kernel_folder'; at: string; filesystem: 'proc' | 'sys' }
  /** The disk answered `code` (ELOOP, EACCES on a folder above…) when `at` was looked at. */
  | { kind: 'error'; at: string; code: string };

/** Why the absolute path `file` cannot be written, or undefined when it can (as far as can be told without writing). */
export function whyUnwritable(file: string): Unwritable | undefined {
  for (let at = file; ; at = dirname(at)) {
    const seen = look(at);
    // Missing, or under something that is not a folder: the folder above tells.
    if (seen.kind === 'missing' && dirname(at) !== at) continue;
    if (seen.kind !== 'exists') return { kind: 'error', at, code: seen.kind === 'missing' ? 'ENOENT' : seen.code };
    if (at === file) {
      if (seen.stats.isDirectory()) return { kind: 'folder' };
      return mayWrite(at, constants.W_OK) ? undefined : { kind: 'no_permission', at };
    }
    if (!seen.stats.isDirectory()) return { kind: 'not_a_folder', at };
    const filesystem = kernelFilesystem(at);
    if (filesystem !== undefined) return { kind: 'kernel_folder', at, filesystem };
    // Making a folder or a file in it needs write and search permission there.
    return mayWrite(at, constants.W_OK | constants.X_OK) ? undefined : { kind: 'no_permission', at };
  }
}

/** Why, in words, with each path as `shown` shows it (relative to the current folder, where it is inside it). */
export function describeUnwritable(problem: Unwritable, shown: (path: string) => string): string {
  switch (problem.kind) {
    case 'folder':
      return 'it is a folder';
    case 'not_a_folder':
      return `${shown(problem.at)} is a file, so no folder can be made there`;
    case 'no_permission':
      return `no permission to write ${shown(problem.at)}`;
    case 'kernel_folder':
      return `${shown(problem.at)} is on the kernel's ${problem.filesystem} filesystem, where no file can be made`;
    case 'error':
      return `${problem.code} at ${shown(problem.at)}`;
  }
}

// Returns what is at `path`: its stats, nothing (ENOENT, or ENOTDIR: a file above it), or the disk's error code.
function look(path: string): { kind: 'exists'; stats: Stats } | { kind: 'missing' } | { kind: 'failed'; code: string } {
  try {
    return { kind: 'exists', stats: statSync(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'failed', code };
  }
}

// Returns whether this process has `mode` access to `path`.
function mayWrite(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}
