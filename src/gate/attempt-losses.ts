/**
 * Known failures that passed fewer of their attempts than in the baseline: with repeats the
 * success rate counts attempts, so such a case (a flaky one, say) lowers it while no case changes
 * its verdict. The verdict's notes name them. Pure.
 */
import type { Baseline } from '../config/schema/baseline.js';
import type { CaseVerdict } from './diff.js';
import { slicesOf } from './metrics.js';
import type { CaseChange } from './types.js';

/** A case failing in the baseline and now, with how many of its judged attempts passed on each side. */
export interface AttemptLoss {
  key: string;
  passes: number;
  attempts: number;
  before: { passes: number; attempts: number };
}

/** The known failures of a slice ('overall' or a slice key) that passed a smaller share of their judged attempts than in the baseline. */
export function fewerPassed(args: {
  slice: string;
  known: readonly CaseChange[];
  current: ReadonlyMap<string, CaseVerdict>;
  baseline: Baseline;
}): AttemptLoss[] {
  const losses: AttemptLoss[] = [];
  for (const { key } of args.known) {
    const record = args.baseline.cases[key];
    const judged = (args.current.get(key)?.attempts ?? []).filter((a) => a.status === 'passed' || a.status === 'failed');
    const first = judged[0];
    if (!record || !first || record.attempts === 0 || (args.slice !== 'overall' && !slicesOf(first).includes(args.slice))) continue;
    const passes = judged.filter((a) => a.status === 'passed').length;
    if (passes / judged.length < record.passes / record.attempts) {
      losses.push({ key, passes, attempts: judged.length, before: { passes: record.passes, attempts: record.attempts } });
    }
  }
  return losses;
}
