/** Where the baseline file stands on disk and in git: CI compares with the committed one. */
import { existsSync } from 'node:fs';
import { gitTracking } from '../common/git.js';

/**
 * The baseline file: `missing`; `committed` (as git's HEAD has it); `changed` (committed, with
 * changes not committed); `not_committed` (in a git checkout that has never committed it, staged
 * or not); `present` (there, with no git checkout to ask).
 */
export type BaselineState = 'missing' | 'committed' | 'changed' | 'not_committed' | 'present';

/** Whether the baseline file at `path` is there and what git holds of it. */
export async function baselineState(path: string): Promise<BaselineState> {
  if (!existsSync(path)) return 'missing';
  const tracking = await gitTracking(path);
  if (tracking === 'unknown') return 'present';
  return tracking === 'staged' || tracking === 'untracked' ? 'not_committed' : tracking;
}
