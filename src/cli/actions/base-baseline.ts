/** `--base-baseline <file>` of eval and merge: the base branch's baseline, read before any case runs (a corrupt one is exit 2 first). */
import { resolve } from 'node:path';
import type { Baseline } from '../../config/schema/baseline.js';

/** Undefined without the flag; `{ baseline: undefined }` for a file that is not there (the base has no baseline). */
export async function readBaseBaseline(file: string | undefined): Promise<{ baseline: Baseline | undefined } | undefined> {
  if (file === undefined) return undefined;
  const { readBaseline } = await import('../../gate/baseline.js');
  return { baseline: await readBaseline(resolve(file)) };
}
