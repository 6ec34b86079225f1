/**
 * The disk's refusals of a write (full, over a quota or a file size limit, read-only, no
 * permission, failing), in words: the user's to fix, never a bug of agentready's.
 */

const REFUSALS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full (ENOSPC)',
  EDQUOT: 'the disk quota is used up (EDQUOT)',
  EFBIG: 'the file would pass the largest size this process may write (EFBIG: see ulimit -f)',
  EROFS: 'the file system is read-only (EROFS)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'the operation is not permitted (EPERM)',
  EIO: 'the disk answered with an input/output error (EIO)',
};

/** Why the disk refused, in words, when `error` is one of its refusals; otherwise undefined. */
export function diskRefusal(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code !== undefined && Object.hasOwn(REFUSALS, code) ? REFUSALS[code] : undefined;
}
