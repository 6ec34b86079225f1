/** Which attempts a run makes: the suites' cases after filters, each repeated. Pure. */
import { relative } from 'node:path';
import type { Case, ResultsHeader, Shard, Suite } from '../config/schema/index.js';
import { ListedKeys } from '../common/case-keys.js';
import { grepRegExp } from '../config/grep.js';
import { inShard } from './shard.js';

export interface CaseFilter {
  /** Suite names, suite files or folders (a relative path is matched against the end of a file's path within the project, in whole segments). */
  suites?: string[];
  /** Regular expressions tested against case ids (and `<suite>/<id>`): a case matching any of them. */
  grep?: string | string[];
  tags?: string[];
  /** Only these cases, as `<suite>/<case-id>` (--last-failed). */
  cases?: string[];
  /** Only the cases of this shard (--shard i/n). */
  shard?: Shard;
  /** The folder, within the project (`.` its own), `suites` were written in when one is a path from there (`./billing`, `..`). */
  suites_from?: string;
}

export interface Attempt {
  suite: Suite;
  kase: Case;
  /** 1-based. */
  attempt: number;
}

/**
 * A filter as matched: `rootDir`, the project's folder (the config's), bounds a relative suite path, so that a
 * folder above it (`eval tmp` in /tmp/shop) names no suite. Not part of a run's recorded selection.
 */
export type RootedFilter = CaseFilter & { rootDir?: string };

/** The cases the filter selects, each as its first attempt (which planAttempts keeps as it is). */
export function selectCases(suites: readonly Suite[], filter: RootedFilter): Attempt[] {
  const grep = filter.grep === undefined ? undefined : [filter.grep].flat().map(grepRegExp);
  // A run written redacted lists a case whose id holds PII as redaction wrote it (`suite/[card]`): each case is matched in that form too.
  const only = filter.cases === undefined ? undefined : new ListedKeys(filter.cases);
  const named = new Set(suites.map((suite) => suite.name));
  const selected: Attempt[] = [];
  for (const suite of suites) {
    if (filter.suites?.length && !filter.suites.some((wanted) => suiteMatches(suite, { wanted, rootDir: filter.rootDir, named }))) continue;
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
export function unmatchedSuites(suites: readonly Suite[], { suites: wanted = [], rootDir }: RootedFilter): string[] {
  const named = new Set(suites.map((suite) => suite.name));
  return wanted.filter((name) => !suites.some((suite) => suiteMatches(suite, { wanted: name, rootDir, named })));
}

/**
 * Whether `wanted` (--suite, or a suite argument) names the suite: its name (a suite's name names no
 * other); an absolute path, the file or a folder above it; a relative one, the end of its file's
 * path within the project in whole segments (`s.suite.yaml` is not `evals/bs.suite.yaml`), or a
 * folder there it is under (`evals/`, `evals/billing`), not one above the project (`tmp` of /tmp/shop).
 */
function suiteMatches(suite: Suite, { wanted, rootDir, named }: { wanted: string; rootDir: string | undefined; named: ReadonlySet<string> }): boolean {
  // A suite's name names that suite alone, not also a folder of that name (`billing` and evals/billing/).
  if (named.has(wanted)) return suite.name === wanted;
  const path = slashed(wanted).replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  if (path === '' || path === '.') return false;
  const file = slashed(suite.file);
  // `C:/p/evals` is absolute too: it begins no file's path with a slash.
  if (/^(?:\/|[A-Za-z]:\/)/.test(path)) return file === path || file.startsWith(`${path}/`);
  const within = `/${rootDir === undefined ? file : slashed(relative(rootDir, suite.file))}`;
  return within.endsWith(`/${path}`) || within.includes(`/${path}/`);
}

// Returns a path with Windows' separators as slashes.
function slashed(path: string): string {
  return path.replaceAll('\\', '/');
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
