/** `--base-baseline <file>` of eval and merge, read: the base branch's baseline, before any case runs (a corrupt one is exit 2 first). */
import { resolve } from 'node:path';
import type { Baseline } from '../config/schema/baseline.js';
import { notRegularFile } from '../config/read.js';
import { ConfigError, UsageError } from '../errors.js';

/** Undefined without the flag; `{ baseline: undefined }` for a file that is not there (the base has no baseline). */
export async function readBaseBaseline(file: string | undefined): Promise<{ baseline: Baseline | undefined } | undefined> {
  if (file === undefined) return undefined;
  // A folder would be a crash named as agentready's bug, /dev/zero a read that never ends; a pipe (`<(git show …)`) is read.
  const kind = notRegularFile(resolve(file));
  if (kind !== undefined) throw new UsageError(`--base-baseline ${file} is ${kind}`, "give the base branch's baseline file (git show <base>:agentready.baseline.json > base.json), or a path where none is when the base has none");
  const { readBaseline } = await import('../gate/baseline.js');
  try {
    return { baseline: await readBaseline(resolve(file)) };
  } catch (error) {
    // The committed baseline's hints (write it again with baseline update, `git checkout HEAD -- <file>`) fit no copy of the base branch's: this change writes none.
    if (!(error instanceof ConfigError)) throw error;
    const hint = error.issues.some((issue) => issue.code === 'newer_version')
      ? `--base-baseline ${file} is the base branch's baseline, written by a newer agentready than this change runs: upgrade agentready on this branch (as the base branch did) to compare with it`
      : `--base-baseline ${file} is the base branch's baseline, which this change does not write: fix it on that branch, or give the file \`git show <base>:agentready.baseline.json\` prints`;
    throw new ConfigError(error.issues, { message: error.message, hint });
  }
}
