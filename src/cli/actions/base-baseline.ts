/** `--base-baseline <file>` of eval and merge: the base branch's baseline, read before any case runs (a corrupt one is exit 2 first). */
import { resolve } from 'node:path';
import type { Baseline } from '../../config/schema/baseline.js';
import { notRegularFile } from '../../config/read.js';
import { UsageError } from '../../errors.js';

/** Undefined without the flag; `{ baseline: undefined }` for a file that is not there (the base has no baseline). */
export async function readBaseBaseline(file: string | undefined): Promise<{ baseline: Baseline | undefined } | undefined> {
  if (file === undefined) return undefined;
  // A folder would be a crash named as agentready's bug, /dev/zero a read that never ends; a pipe (`<(git show …)`) is read.
  const kind = notRegularFile(resolve(file));
  if (kind !== undefined) throw new UsageError(`--base-baseline ${file} is ${kind}`, "give the base branch's baseline file (git show <base>:agentready.baseline.json > base.json), or a path where none is when the base has none");
  const { readBaseline } = await import('../../gate/baseline.js');
  return { baseline: await readBaseline(resolve(file)) };
}
