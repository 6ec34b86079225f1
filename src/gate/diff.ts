/**
 * Case-by-case comparison with the baseline (SPEC §7): newly failing, newly passing, added,
 * removed, and changed (fingerprint differs). Pure.
 */
import { compareCaseKeys, ListedKeys } from '../common/case-keys.js';
import { setOwn } from '../config/own-key.js';
import type { Baseline } from '../config/schema/baseline.js';
import type { CaseResult, CaseStatus } from '../config/schema/results.js';
import { firstFailure } from './first-failure.js';
import type { CaseChange, CaseDiff } from './types.js';

/** The attempts of one case, folded: a case passes only when all its attempts passed. */
export interface CaseVerdict {
  key: string;
  suite: string;
  case_id: string;
  /** `error` when no attempt failed but some ended in a harness error; `skipped` when none failed or errored and some (or all) were skipped. */
  status: CaseStatus;
  fingerprint: string;
  /** Attempts sorted by attempt number, skipped ones included. */
  attempts: CaseResult[];
}

/**
 * Compares the run's cases with the baseline's; each list is sorted by key. A case whose
 * fingerprint differs is listed as changed only: the baseline judged a different case, so it
 * is neither newly failing nor newly passing (SPEC §7, compared only where both have it).
 * `verdicts`: the run's results folded (foldCases, with the run's planned repeat).
 */
export function diffCases(verdicts: ReadonlyMap<string, CaseVerdict>, baseline: Baseline): CaseDiff {
  const diff: CaseDiff = { newly_failing: [], newly_passing: [], known_failing: [], added: [], removed: [], changed: [] };
  for (const verdict of verdicts.values()) {
    const before = baseline.cases[verdict.key];
    const change = describeChange(verdict);
    if (before === undefined) diff.added.push(change);
    else if (before.fingerprint !== verdict.fingerprint) diff.changed.push(change);
    else if (before.status === 'passed' && verdict.status === 'failed') diff.newly_failing.push(change);
    else if (before.status === 'failed' && verdict.status === 'passed') diff.newly_passing.push(change);
    else if (before.status === 'failed' && verdict.status === 'failed') diff.known_failing.push(change);
  }
  for (const key of Object.keys(baseline.cases)) {
    if (!verdicts.has(key)) diff.removed.push(splitKey(key));
  }
  for (const list of Object.values(diff) as CaseChange[][]) list.sort((a, b) => compareCaseKeys(a.key, b.key));
  return diff;
}

/** The keys of the cases both runs judged the same way written: same key, same fingerprint. */
export function sharedKeys(current: ReadonlyMap<string, CaseVerdict>, baseline: Baseline): Set<string> {
  const shared = new Set<string>();
  for (const [key, verdict] of current) {
    if (baseline.cases[key]?.fingerprint === verdict.fingerprint) shared.add(key);
  }
  return shared;
}

/** A case of the run as the diff lists it: its status, tallies with repeats, first failure. */
function describeChange(verdict: CaseVerdict): CaseChange {
  const ran = verdict.attempts.filter((a) => a.status === 'passed' || a.status === 'failed');
  // Equivalent mutant: the test as `true` (only a failed case has a failed attempt).
  const failed = verdict.status === 'failed' ? verdict.attempts.find((a) => a.status === 'failed') : undefined;
  const failure = failed === undefined ? undefined : firstFailure(failed, 'kind and name');
  return {
    key: verdict.key,
    suite: verdict.suite,
    case_id: verdict.case_id,
    status: verdict.status,
    ...(verdict.attempts.length > 1 ? { attempts: ran.length, passes: ran.filter((a) => a.status === 'passed').length } : {}),
    ...(failure === undefined ? {} : { first_failure: failure }),
  };
}

/**
 * The results grouped per `<suite>/<case id>` and folded into one verdict each. `planned`: the
 * attempts per case the run planned (its header's `selection.repeat`); a case with fewer (a run
 * interrupted before it ran them all) folds as one with skipped attempts (foldAttempts).
 */
export function foldCases(results: readonly CaseResult[], planned?: number): Map<string, CaseVerdict> {
  const groups = new Map<string, CaseResult[]>();
  for (const result of results) {
    const key = caseKey(result);
    const group = groups.get(key);
    if (group) group.push(result);
    else groups.set(key, [result]);
  }
  const verdicts = new Map<string, CaseVerdict>();
  for (const [key, group] of groups) {
    const attempts = [...group].sort((a, b) => a.attempt - b.attempt);
    const first = attempts[0]!;
    verdicts.set(key, {
      key,
      suite: first.suite,
      case_id: first.case_id,
      status: foldAttempts(attempts.map((a) => a.status), planned),
      fingerprint: first.fingerprint,
      attempts,
    });
  }
  return verdicts;
}

export function caseKey(result: Pick<CaseResult, 'suite' | 'case_id'>): string {
  return `${result.suite}/${result.case_id}`;
}

/**
 * `baseline` with its case records under the run's keys. A baseline is read redacted (gate/baseline.ts),
 * its keys too, while a run under --no-redact keeps its case ids as written: a case whose id holds
 * what redaction replaces (`4111111111111111`, `123-45-6789`) is `suite/[card]` in the one and
 * `suite/4111111111111111` in the other. Each run key is compared in the baseline's form, its
 * redacted one; a record the redacted keys of two run cases share is neither's (a redacted
 * baseline cannot tell them apart). A run written redacted has its keys in that form already.
 */
export function baselineInRunKeys(baseline: Baseline, results: readonly Pick<CaseResult, 'suite' | 'case_id'>[]): Baseline {
  const runKeys = new Map<string, string | null>();
  const listed = new ListedKeys(Object.keys(baseline.cases));
  for (const result of results) {
    const key = caseKey(result);
    const redacted = listed.formOf(key);
    if (redacted === undefined || redacted === key) continue;
    const earlier = runKeys.get(redacted);
    runKeys.set(redacted, earlier === undefined || earlier === key ? key : null);
  }
  if (runKeys.size === 0) return baseline;
  const cases: Baseline['cases'] = {};
  for (const [key, record] of Object.entries(baseline.cases)) setOwn(cases, runKeys.get(key) ?? key, record);
  return { ...baseline, cases };
}

/**
 * A case's status from its attempts' statuses: failed when any failed, else error when any ended in
 * a harness error, else skipped when any was skipped (none ran, or the run reached its cost cap
 * before the rest: a case passes only when all its attempts ran and passed, SPEC §11 Repeats),
 * else passed. Every report that counts cases folds so.
 */
export function foldStatus(statuses: Iterable<CaseStatus>): CaseStatus {
  return foldAttempts([...statuses], undefined);
}

/**
 * foldStatus of a case's attempts, of `planned` (the run's repeat; undefined: as many as it has).
 * Attempts that have no line (the run was interrupted before them) fold as skipped ones: the
 * case did not run all its attempts, so it is no pass (SPEC §11 Repeats). The one owner of a
 * case's status: the diff, the baseline, JUnit and pass^k / pass@k (repeats.ts) all fold so.
 */
export function foldAttempts(statuses: readonly CaseStatus[], planned: number | undefined): CaseStatus {
  const seen = new Set(statuses);
  if (planned !== undefined && statuses.length < planned) seen.add('skipped');
  if (seen.has('failed')) return 'failed';
  if (seen.has('error')) return 'error';
  return seen.size === 0 || seen.has('skipped') ? 'skipped' : 'passed';
}

/** A baseline key back into its parts; the suite name has no '/', the case id may. */
function splitKey(key: string): CaseChange {
  const slash = key.indexOf('/');
  return { key, suite: key.slice(0, slash), case_id: key.slice(slash + 1) };
}
