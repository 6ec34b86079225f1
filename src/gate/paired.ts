/**
 * The paired test beside a rate's move (SPEC §7 Noise versus regression): exact McNemar over
 * the per-case yes/no verdicts the run shares with the baseline. Pure.
 *
 * Attempts are not paired across runs (attempt 2 of one run has no counterpart in the other),
 * so the unit is the case. With repeats a case's verdict folds its attempts: for
 * success_rate and pass^k it passed when every attempt passed (a flaky case counts as
 * failed), for pass@k when any passed, it escalated when any judged attempt escalated, it
 * complied when the check held in every attempt. Only cases both have with the same
 * fingerprint are paired; a case whose folded status is error (a harness error and no
 * failure) on either side is left out.
 */
import type { Baseline, BaselineCase } from '../config/schema/baseline.js';
import { isPaired, type GateMetric, type PairedMetric } from '../config/schema/gate.js';
import type { CaseVerdict } from './diff.js';
import { mcnemarExact } from './intervals.js';
import { slicesOf } from './metrics.js';

export interface PairedTest {
  /** Exact two-sided McNemar p-value. */
  p: number;
  /** Cases both runs judged, in the slice. */
  n: number;
  /** Cases whose yes turned no (a pass that now fails, say). */
  down: number;
  /** Cases whose no turned yes. */
  up: number;
}

/** The paired test of a metric in a slice; undefined for metrics with no per-case verdict or no shared case. */
export function pairedTest(args: {
  metric: GateMetric;
  slice: string;
  current: ReadonlyMap<string, CaseVerdict>;
  baseline: Baseline;
  shared: ReadonlySet<string>;
}): PairedTest | undefined {
  if (!isPaired(args.metric)) return undefined;
  const verdictOf = PAIRED[args.metric];
  let n = 0;
  let down = 0;
  let up = 0;
  for (const key of args.shared) {
    const now = args.current.get(key);
    const before = args.baseline.cases[key];
    if (now === undefined || before === undefined) continue;
    if (args.slice !== 'overall' && !slicesOf(now.attempts[0]!).includes(args.slice)) continue;
    const was = verdictOf.before(before);
    const is = verdictOf.now(now);
    if (was === undefined || is === undefined) continue;
    n++;
    if (was && !is) down++;
    if (!was && is) up++;
  }
  return n === 0 ? undefined : { p: mcnemarExact(down, up), n, down, up };
}

/** Which way a figure moved from the baseline: `down` when it fell, `up` when it rose, undefined when it did not move. */
export type Way = 'down' | 'up' | undefined;

/**
 * Whether the paired test is significant at `level` for a move the way the figure went: more cases
 * down than up for a fall, more up than down for a rise. The exact test is two-sided, and under
 * --repeat a rate counts attempts while the test counts cases: the rate may fall while the cases
 * that moved went up (flaky cases now passing every attempt, known failures passing fewer), and a
 * test significant that way says nothing of a fall.
 */
export function significantFor(test: PairedTest, { level, way }: { level: number; way: Way }): boolean {
  if (test.p >= level) return false;
  return way === undefined || (way === 'down' ? test.down > test.up : test.up > test.down);
}

/** The way the figure moved, from the baseline to the run. */
export function wayOf({ baseline, current }: { baseline: number | null; current: number | null }): Way {
  if (baseline === null || current === null || current === baseline) return undefined;
  return current < baseline ? 'down' : 'up';
}

/**
 * The fewest cases that must all move one way (none the other) for the exact McNemar test to
 * reach p < level: 2 · 0.5^k < level. 6 at 0.05, 8 at 0.01.
 */
export function minDiscordantFor(level: number): number {
  let k = 1;
  while (mcnemarExact(k, 0) >= level && k < 64) k++;
  return k;
}

type Paired = { before: (c: BaselineCase) => boolean | undefined; now: (c: CaseVerdict) => boolean | undefined };

const bySuccess: Paired = {
  before: (c) => (c.status === 'error' ? undefined : c.status === 'passed'),
  now: (c) => (c.status === 'passed' ? true : c.status === 'failed' ? false : undefined),
};

/** Per-case yes/no for the metrics that can be paired; undefined means "not judged". */
const PAIRED: Record<PairedMetric, Paired> = {
  success_rate: bySuccess,
  pass_hat_k: bySuccess,
  pass_at_k: {
    before: (c) => (c.status === 'error' ? undefined : c.passes > 0),
    // A case whose status folds to neither passed nor failed (a harness error, attempts skipped or missing, none failed) is not judged, as repeatCounts leaves it out of pass@k.
    now: (c) => (c.status === 'passed' || c.status === 'failed' ? c.attempts.some((a) => a.status === 'passed') : undefined),
  },
  // An attempt whose trace does not say how the run ended (outcome unknown) says nothing of escalation.
  escalation_rate: {
    before: (c) => (c.status === 'error' || (c.escalations === undefined && c.outcome === 'unknown') ? undefined : (c.escalations ?? (c.outcome === 'escalated' ? 1 : 0)) > 0),
    now: (c) => {
      const ran = judged(c).filter((a) => a.outcome !== 'unknown');
      return ran.length === 0 ? undefined : ran.some((a) => a.outcome === 'escalated');
    },
  },
  policy_compliance: checkPairing('policy'),
  budget_compliance: checkPairing('budget'),
};

/** A case complies when the named check passed in every attempt that ran. */
function checkPairing(check: 'policy' | 'budget'): Paired {
  return {
    // Stryker disable next-line ArrayDeclaration: ["Stryker was here"] never includes 'policy' or 'budget'
    before: (c) => (c.status === 'error' ? undefined : !(c.failed_checks ?? []).includes(check)),
    now: (c) => {
      const ran = judged(c);
      if (ran.length === 0) return undefined;
      return ran.every((a) => a.checks.every((k) => k.check !== check || k.pass));
    },
  };
}

/**
 * The attempts the agent was judged on; none for a case whose folded status is error (no
 * attempt failed but one could not run), as the baseline records such a case.
 */
function judged(c: CaseVerdict): CaseVerdict['attempts'] {
  if (c.status === 'error') return [];
  return c.attempts.filter((a) => a.status === 'passed' || a.status === 'failed');
}
