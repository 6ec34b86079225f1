/** Which attempts a run makes: the suites' cases after filters, each repeated. Pure. */
import type { Case, ResultsHeader, Shard, Suite } from '../config/schema/index.js';
import { ListedKeys } from '../common/case-keys.js';
import { inShard } from './shard.js';

export interface CaseFilter {
  /** Suite names or suite file paths (matched against the end of the path). */
  suites?: string[];
  /** Regular expressions tested against case ids (and `<suite>/<id>`): a case matching any of them. */
  grep?: string | string[];
  tags?: string[];
  /** Only these cases, as `<suite>/<case-id>` (--last-failed). */
  cases?: string[];
  /** Only the cases of this shard (--shard i/n). */
  shard?: Shard;
}

export interface Attempt {
  suite: Suite;
  kase: Case;
  /** 1-based. */
  attempt: number;
}

/** The cases the filter selects, each as its first attempt (which planAttempts keeps as it is). */
export function selectCases(suites: readonly Suite[], filter: CaseFilter): Attempt[] {
  const grep = filter.grep === undefined ? undefined : [filter.grep].flat().map((pattern) => new RegExp(pattern));
  // A run written redacted lists a case whose id holds PII as redaction wrote it (`suite/[card]`): each case is matched in that form too.
  const only = filter.cases === undefined ? undefined : new ListedKeys(filter.cases);
  const selected: Attempt[] = [];
  for (const suite of suites) {
    if (filter.suites?.length && !filter.suites.some((s) => suiteMatches(suite, s))) continue;
    for (const kase of suite.cases) {
      // By id, or by the name every report prints, `<suite>/<id>`.
      if (grep && !grep.some((pattern) => pattern.test(kase.id) || pattern.test(`${suite.name}/${kase.id}`))) continue;
      if (filter.tags?.length && !filter.tags.some((tag) => kase.tags.includes(tag))) continue;
      if (only && only.formOf(`${suite.name}/${kase.id}`) === undefined) continue;
      if (filter.shard && !inShard(filter.shard, { suite: suite.name, caseId: kase.id })) continue;
      selected.push({ suite, kase, attempt: 1 });
    }
  }
  return selected;
}

/**
 * Attempts in a stable order: every case's first attempt, then the second round, ... The first
 * round is `selected` itself (the list, without repeats): no second object per case.
 */
export function planAttempts(selected: readonly Attempt[], repeat: number): readonly Attempt[] {
  if (repeat === 1) return selected;
  const attempts: Attempt[] = [];
  for (let attempt = 1; attempt <= repeat; attempt++) {
    for (const first of selected) attempts.push(attempt === 1 ? first : { suite: first.suite, kase: first.kase, attempt });
  }
  return attempts;
}

/** The suites asked for (`--suite`, `eval <suite>`) that name no suite and match no suite's file. */
export function unmatchedSuites(suites: readonly Suite[], wanted: readonly string[] = []): string[] {
  return wanted.filter((name) => !suites.some((suite) => suiteMatches(suite, name)));
}

/**
 * Whether `wanted` (--suite, or a suite argument) names the suite: its name, the end of its file's
 * path in whole segments (`s.suite.yaml` is not `evals/bs.suite.yaml`), or a folder it is under
 * (`evals/`, `evals/billing`).
 */
function suiteMatches(suite: Suite, wanted: string): boolean {
  if (suite.name === wanted) return true;
  const tail = wanted.replaceAll('\\', '/').replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  if (tail === '' || tail === '.') return false;
  const file = suite.file.replaceAll('\\', '/');
  const bounded = tail.startsWith('/') ? tail : `/${tail}`;
  return file.endsWith(bounded) || file.includes(`${bounded}/`);
}

/** The key of an attempt across runs: suite, case id and attempt number. */
export function attemptKey(result: { suite: string; case_id: string; attempt: number }): string {
  return `${result.suite}\0${result.case_id}\0${result.attempt}`;
}

/** True when the filter leaves out some cases, so the run is compared with the baseline's records of its cases only. */
export function isFiltered(filter: CaseFilter): boolean {
  return Boolean(filter.suites?.length || filter.grep || filter.tags?.length || filter.cases || filter.shard);
}

/**
 * The attempts per case a run planned (its --repeat, as its header records it): what a run read
 * back is judged with, as eval judged it live (session.repeat), so a case an interrupted run
 * finished fewer attempts of is no pass in pass^k / pass@k whichever command reads it. Undefined
 * for a header without a selection (a `score` run): each case's attempts are then all it has.
 * Here, not in read-run.ts: eval's judges (lifecycle/judges.ts) read it, and read-run.ts builds
 * the schemas of summary.json, results.jsonl and the baseline as it loads, which eval never reads.
 */
export function plannedRepeat(run: { header: Pick<ResultsHeader, 'selection'> }): number | undefined {
  return run.header.selection?.repeat;
}
