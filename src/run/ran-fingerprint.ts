/** A run's fingerprint, apart from read-run.ts: eval's judges call it without loading the readers of earlier runs. */
import type { RunRecord } from './read-run.js';

/** The suites' fingerprint a run's results are of: its last session's (summary.json), else its first's (the header). */
export function ranFingerprint(run: Pick<RunRecord, 'header' | 'fingerprint'>): string {
  return run.fingerprint ?? run.header.fingerprint;
}
