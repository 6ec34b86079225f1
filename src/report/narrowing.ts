/** The flags that narrowed a run, as the readiness card and `eval --last-failed` name them. */
import type { RunSelection } from '../config/schema/index.js';

/** What narrowed a run, its flags ("--grep ^status$ · --shard 1/4") and an interruption, or null when it ran every case to the end. */
export function narrowing({ selection, interrupted }: { selection?: Partial<RunSelection> | undefined; interrupted: boolean }): string | null {
  const parts = [
    ...(selection?.suites?.length ? [`--suite ${selection.suites.join(' ')}`] : []),
    ...[selection?.grep ?? []].flat().map((pattern) => `--grep ${pattern}`),
    ...(selection?.tags?.length ? [`--tag ${selection.tags.join(' ')}`] : []),
    ...(selection?.cases ? [`--last-failed (${selection.cases.length} ${selection.cases.length === 1 ? 'case' : 'cases'})`] : []),
    ...(selection?.shard ? [`--shard ${selection.shard.index}/${selection.shard.total}`] : []),
    ...(interrupted ? ['interrupted'] : []),
  ];
  return parts.length === 0 ? null : parts.join(' · ');
}
