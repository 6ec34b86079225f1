/** Which cases failed, and their attempts grouped per case: what every reporter listing failures starts from. */
import type { CaseResult } from '../config/schema/index.js';
import type { CaseChange, Verdict } from '../gate/types.js';
import { foldStatus } from '../gate/diff.js';
import { cutCounted } from '../common/shorten.js';
import type { RunSummary } from './reporter.js';

/**
 * The attempts of every case with a failed or error attempt, grouped as groupByCase does: the
 * failing cases are told by `statuses` (default: the results themselves; the run's figures spare
 * a read of the run folder when nothing failed), then one pass over `results` keeps their
 * attempts, so that only those cases' attempts are ever held (results may be read
 * from the run folder on each pass).
 */
export function failingCases(results: Iterable<CaseResult>, statuses: Iterable<AttemptStatus> = results): CaseResult[][] {
  const key = (result: AttemptStatus) => `${result.suite}\0${result.case_id}`;
  const bad = new Set<string>();
  for (const result of statuses) if (result.status === 'failed' || result.status === 'error') bad.add(key(result));
  if (bad.size === 0) return [];
  const kept: CaseResult[] = [];
  for (const result of results) if (bad.has(key(result))) kept.push(result);
  return groupByCase(kept);
}

/** Attempts grouped by suite/case, in order of first appearance. */
export function groupByCase(results: Iterable<CaseResult>): CaseResult[][] {
  const groups = new Map<string, CaseResult[]>();
  for (const result of results) {
    const key = `${result.suite}\0${result.case_id}`;
    const group = groups.get(key);
    if (group) group.push(result);
    else groups.set(key, [result]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.attempt - b.attempt));
}

/** How a repeated failing case's attempts went (`kind`), in words (`text`). */
export interface AttemptTally {
  /** flaky: some attempts passed and some failed; failed: some failed and none passed; harness_error: none failed, some could not run. */
  kind: 'flaky' | 'failed' | 'harness_error';
  text: string;
}

/**
 * How a failing case's attempts went, as every reporter says it: "flaky: 3/5 attempts passed" when
 * some passed and some failed, "harness error in 2/5 attempts" when none failed, else "failed 2/5
 * attempts" (harness errors counted with the failures); undefined for a case that ran once.
 */
export function attemptTally(attempts: readonly CaseResult[]): AttemptTally | undefined {
  const ran = attempts.filter((r) => r.status !== 'skipped').length;
  if (ran <= 1) return undefined;
  const passes = attempts.filter((r) => r.status === 'passed').length;
  const bad = attempts.filter((r) => r.status === 'failed' || r.status === 'error');
  const failed = bad.some((r) => r.status === 'failed');
  if (passes > 0 && failed) return { kind: 'flaky', text: passedTally(passes, ran) };
  return failed ? { kind: 'failed', text: `failed ${bad.length}/${ran} attempts` } : { kind: 'harness_error', text: `harness error in ${bad.length}/${ran} attempts` };
}

/** A repeated case's passed attempts as every output counts them: "flaky: 3/5 attempts passed" when some passed and some did not, else "0/5 attempts passed". */
export function passedTally(passes: number, attempts: number): string {
  return `${passes > 0 && passes < attempts ? 'flaky: ' : ''}${passes}/${attempts} attempts passed`;
}

/**
 * A failing attempt's number, as every line naming one attempt writes it: " (attempt 2)" when the
 * run repeats its cases (attempt 1 too, so the first failure reads like the later ones, and not
 * like the whole case), "" when each case ran once. `repeatsCases` tells from a run's summary.
 */
export function attemptLabel({ attempt, repeated }: { attempt: number; repeated: boolean }): string {
  return repeated ? ` (attempt ${attempt})` : '';
}

/** Whether the run made more attempts than it has cases (`repeats`): its lines name each attempt, `attemptLabel`. */
export function repeatsCases(summary: Pick<RunSummary, 'metrics'>): boolean {
  const { cases, attempts } = summary.metrics.overall;
  return attempts !== cases;
}

/** Characters of a case's `description:` the terminal, markdown and review show; the HTML report shows it whole. */
export const DESCRIPTION_CHARS = 200;

/**
 * A case's `description:` (user-written, redacted with its result) as the outputs that show it on
 * one line have it: its lines joined by a space (a YAML block ends in a newline), cut at
 * DESCRIPTION_CHARS saying how much more there is; each output escapes it its own way.
 */
export function descriptionLine(description: string): string {
  return cutCounted(description.trim().replace(/\s*\n\s*/g, ' '), DESCRIPTION_CHARS);
}

/** An attempt's status, enough to tell the failing cases: the run's figures, held in memory, have it. */
export type AttemptStatus = Pick<CaseResult, 'suite' | 'case_id' | 'status'>;

/**
 * The cases added or removed since the baseline, as every reporter names them: the first `limit`,
 * then how many more; those that fail or error now first, as they count against `newly_failing`
 * (67 added variants, 31 failing, list the failing ones, not the first ten alphabetically).
 */
export function addedAndRemoved(diff: { added: readonly CaseChange[]; removed: readonly CaseChange[] }, limit: number): { label: 'added' | 'removed'; listed: CaseChange[]; more: number }[] {
  return (['added', 'removed'] as const)
    .filter((label) => diff[label].length > 0)
    .map((label) => ({ label, listed: failingFirst(diff[label]).slice(0, limit), more: Math.max(0, diff[label].length - limit) }));
}

/**
 * `changes` with those that fail now first (what `newly_failing` counts), then those that error (a
 * harness error, which it does not), then the others, each group in its order.
 */
function failingFirst(changes: readonly CaseChange[]): CaseChange[] {
  const rank = (change: CaseChange) => (change.status === 'failed' ? 0 : change.status === 'error' ? 1 : 2);
  // A stable sort: each group keeps its order.
  return [...changes].sort((a, b) => rank(a) - rank(b));
}

/** A list of cases the diff names, headed as the markdown and HTML reports head it. */
export type ListedCases = { label: 'changed' | 'added' | 'removed'; heading: string; listed: CaseChange[]; more: number };

/**
 * The cases changed (input or expectation edited, so not compared), added or removed since the
 * baseline, for the reports that list them apart from the terminal's verdict (markdown, HTML):
 * an edited case escapes the comparison, so a reviewer must see which one it is, not a count.
 */
export function changedAddedRemoved(diff: { changed: readonly CaseChange[]; added: readonly CaseChange[]; removed: readonly CaseChange[] }, limit: number): ListedCases[] {
  const changed = diff.changed.length === 0 ? [] : [{ label: 'changed' as const, listed: failingFirst(diff.changed).slice(0, limit), more: Math.max(0, diff.changed.length - limit) }];
  const headings = { changed: 'Changed since the baseline, not compared', added: 'Added since the baseline', removed: 'Removed since the baseline' };
  return [...changed, ...addedAndRemoved(diff, limit)].map((list) => ({ ...list, heading: headings[list.label] }));
}

/** How many cases ended each way, each case's attempts folded as the gate folds them (a flaky case failed). */
export interface CaseTally {
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
}

/**
 * The case tally of a run whose cases ran several attempts (--repeat), so the reports can count
 * cases as JUnit does next to the attempts the metrics count; undefined when each case ran once,
 * where the metrics' counts are the cases'.
 */
export function repeatedCaseTally(summary: Pick<RunSummary, 'metrics' | 'figures' | 'results' | 'repeat'>): CaseTally | undefined {
  if (!repeatsCases(summary)) return undefined;
  // The statuses each case's attempts ended in, and how many attempts: one that ran fewer than the run planned (interrupted) and failed none is skipped.
  const perCase = new Map<string, { seen: AttemptStatus['status'][]; attempts: number }>();
  // The figures, in memory, tell every status without reading the run folder.
  const statuses: Iterable<AttemptStatus> = summary.figures ?? summary.results;
  for (const result of statuses) {
    const key = `${result.suite}\0${result.case_id}`;
    const tally = perCase.get(key);
    if (tally === undefined) perCase.set(key, { seen: [result.status], attempts: 1 });
    else {
      tally.attempts++;
      if (!tally.seen.includes(result.status)) tally.seen.push(result.status);
    }
  }
  const tally: CaseTally = { passed: 0, failed: 0, errors: 0, skipped: 0 };
  const field = { passed: 'passed', failed: 'failed', error: 'errors', skipped: 'skipped' } as const;
  for (const { seen, attempts } of perCase.values()) tally[field[foldStatus(attempts < (summary.repeat ?? 0) ? [...seen, 'skipped'] : seen)]] += 1;
  return tally;
}

/** Why the gate did not count a failing case. */
export type UncountedFailure = 'known failure' | 'quarantined';

/** A failing case's mark, in words, where the gate did not count it (the terminal's failure list, the HTML report's case list). */
export const UNCOUNTED_WORDS: Record<UncountedFailure, string> = {
  quarantined: 'quarantined: not counted by the gate',
  'known failure': 'known failure: failed in the baseline too',
};

/**
 * What the gate made of a failing case that it did not count: a known failure (it failed in
 * the baseline too) or a quarantined case; null for one it counts, or with no verdict. Every
 * reporter that lists failing cases says so, as the github reporter's level does.
 */
export function uncountedFailure(verdict: Verdict | undefined): (key: string) => UncountedFailure | null {
  const known = new Set(verdict?.diff.known_failing.map((c) => c.key) ?? []);
  const quarantined = new Set(verdict?.quarantined.map((q) => `${q.suite}/${q.case_id}`) ?? []);
  return (key) => (quarantined.has(key) ? 'quarantined' : known.has(key) ? 'known failure' : null);
}
