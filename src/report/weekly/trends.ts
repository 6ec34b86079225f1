/** Each gated metric over the runs, what the latest run changed, and flaky cases from the history. Pure. */
import type { CaseResult, CaseStatus, GateConfig, HistoryEntry } from '../../config/schema/index.js';
import { caseKey, foldStatus } from '../../gate/diff.js';
import { computeMetrics } from '../../gate/metrics.js';
import { gatedMetrics } from '../../gate/verdict.js';
import { pick, valueOf } from '../../gate/metric-values.js';
import { firstFailure } from '../../gate/first-failure.js';
import type { CaseMove, FlakyCase, MetricSeries, ReviewedRun } from './types.js';
import { compareCaseKeys } from '../../common/case-keys.js';

/** A case's flip rate is taken over at most its last this many judged attempts. */
export const FLIP_WINDOW = 20;

/** Each gated (metric, slice), one point per run, oldest first. `runs` are in time order. */
export function metricSeries(runs: readonly ReviewedRun[], gate: GateConfig): MetricSeries[] {
  const metrics = runs.map((run) => ({ run, metrics: computeMetrics(run.results) }));
  return gatedMetrics(gate).map(({ metric, slice }) => {
    const thresholds = slice === 'overall' ? gate : gate.slices?.[slice];
    return {
      metric,
      slice,
      threshold: thresholds?.[metric] ?? {},
      points: metrics.map(({ run, metrics: m }) => ({ run_id: run.run_id, started_at: run.started_at, value: valueOf(pick(m, slice), metric) })),
    };
  });
}

/**
 * Cases failing in the latest run that did not in the run before (or were not in it), and cases it
 * fixed. A case the run before did not hold because it ran some cases only (or did not finish) is
 * compared with the last earlier run that held it; one that no run back to a whole one held was not
 * there, as with a whole run just before; with no whole run in the window, nothing is known of it.
 */
export function caseChanges(runs: readonly ReviewedRun[]): { latest: string | null; previous: string | null; new_failures: CaseMove[]; fixed: CaseMove[] } {
  const latest = runs.at(-1);
  const previous = runs.at(-2);
  if (!latest) return { latest: null, previous: null, new_failures: [], fixed: [] };
  const now = statusByCase(latest.results);
  const moves = { latest: latest.run_id, previous: previous?.run_id ?? null, new_failures: [] as CaseMove[], fixed: [] as CaseMove[] };
  if (!previous) return moves;
  const before = lastStatusByCase(runs.slice(0, -1));
  for (const [key, current] of now) {
    const earlier = before.statuses.get(key);
    // Runs of some cases only, or that did not finish, say nothing of the cases they did not run: with no whole run before them, a case none held is no new failure.
    if (earlier === undefined && !before.whole) continue;
    const failing = current.status === 'failed' || current.status === 'error';
    const wasFailing = earlier?.status === 'failed' || earlier?.status === 'error';
    if (failing && !wasFailing) {
      const why = firstFailure(current.result, 'name');
      moves.new_failures.push({ key, now: current.status, ...(earlier ? { before: earlier.status } : {}), ...(why ? { why } : {}), trace_id: current.result.trace_id });
    } else if (!failing && wasFailing && current.status === 'passed') {
      moves.fixed.push({ key, now: current.status, before: earlier!.status, trace_id: current.result.trace_id });
    }
  }
  return moves;
}

/** Whether a run holds only some of the suites' cases: it ran some only (--grep and the like), or did not finish (interrupted, killed). */
export function isPartial(run: Pick<ReviewedRun, 'filtered' | 'unfinished'>): boolean {
  return run.filtered === true || run.unfinished === true;
}

interface Folded {
  status: CaseStatus;
  /** The attempt that decided the status (the first failing one, else the first). */
  result: CaseResult;
}

// Returns each case's status in the newest run that held it: the run just before the latest, then, for
// the cases a partial run did not hold, the runs before it. A whole run's missing case was not there
// (removed, or not yet added), so nothing older is looked at past a whole run; `whole` says whether one
// was reached. `runs` are in time order.
function lastStatusByCase(runs: readonly ReviewedRun[]): { statuses: Map<string, Folded>; whole: boolean } {
  const statuses = new Map<string, Folded>();
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!;
    for (const [key, folded] of statusByCase(run.results)) if (!statuses.has(key)) statuses.set(key, folded);
    if (!isPartial(run)) return { statuses, whole: true };
  }
  return { statuses, whole: false };
}

// Returns each case's status in one run as the gate folds it (foldStatus), with the attempt that decided it; a case it folds
// `skipped` (none ran, or some skipped at the run's cost cap and none failed: not judged) is left out, as one the run did not hold.
function statusByCase(results: readonly CaseResult[]): Map<string, Folded> {
  const attempts = new Map<string, CaseResult[]>();
  for (const result of results) {
    const key = caseKey(result);
    const seen = attempts.get(key);
    if (seen) seen.push(result);
    else attempts.set(key, [result]);
  }
  const folded = new Map<string, Folded>();
  for (const [key, group] of attempts) {
    const status = foldStatus(group.map((result) => result.status));
    if (status !== 'skipped') folded.set(key, { status, result: group.find((result) => result.status === status)! });
  }
  return folded;
}

/**
 * Whether two judged attempts ran the same agent code, as far as the history can tell: the same
 * run (a case's repeats, the purest evidence), or runs of one git commit with no uncommitted
 * change in either. A verdict that moved with the code (a bug made, then fixed) is no flakiness;
 * without a commit (no git) or with uncommitted changes, nothing says the code stayed the same.
 */
export function sameCode(a: Pick<HistoryEntry, 'run_id' | 'commit' | 'uncommitted'>, b: Pick<HistoryEntry, 'run_id' | 'commit' | 'uncommitted'>): boolean {
  if (a.run_id === b.run_id) return true;
  return a.commit !== undefined && a.commit === b.commit && a.uncommitted !== true && b.uncommitted !== true;
}

/**
 * Cases that passed and failed on the same code (`sameCode`) over their last FLIP_WINDOW judged
 * attempts in the history, most flips first: only consecutive attempts on the same code are
 * compared, and the sequence marks each change of code with `|`. Only attempts of the case's
 * latest fingerprint count: a changed case starts over. Harness errors are not the agent's
 * verdict and are left out, as are the attempts of runs where every attempt was the same
 * agent_error (the agent could not run at all): `leftOut`, found in their run folders, and those
 * whose lines say so (`same_agent_error`, their folders maybe gone).
 */
export function flakyCases(history: readonly HistoryEntry[], leftOut: ReadonlySet<string> = new Set()): FlakyCase[] {
  const byCase = new Map<string, HistoryEntry[]>();
  for (const entry of history) {
    if ((entry.status !== 'passed' && entry.status !== 'failed') || entry.same_agent_error === true || leftOut.has(entry.run_id)) continue;
    const key = caseKey(entry);
    // Pushed, not copied: a copy a line made the grouping quadratic (200,000 lines of 100 cases: ~10 s of GC).
    const entries = byCase.get(key);
    if (entries === undefined) byCase.set(key, [entry]);
    else entries.push(entry);
  }
  const flaky: FlakyCase[] = [];
  for (const [key, entries] of byCase) {
    const fingerprint = entries.at(-1)!.fingerprint;
    const recent = entries.filter((e) => e.fingerprint === fingerprint).slice(-FLIP_WINDOW);
    let sequence = '';
    let flips = 0;
    let compared = 0;
    recent.forEach((entry, i) => {
      const before = recent[i - 1];
      if (before !== undefined && !sameCode(before, entry)) sequence += '|';
      else if (before !== undefined) {
        compared++;
        if (before.status !== entry.status) flips++;
      }
      sequence += entry.status === 'passed' ? 'P' : 'F';
    });
    if (flips > 0) flaky.push({ key, attempts: recent.length, compared, flips, flip_rate: flips / compared, sequence });
  }
  return flaky.sort((a, b) => b.flip_rate - a.flip_rate || b.flips - a.flips || compareCaseKeys(a.key, b.key));
}
