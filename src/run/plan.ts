/** Which attempts a run makes: the suites' cases after filters, each repeated. Pure. */
import type { Case, Suite } from '../config/schema/index.js';

export interface CaseFilter {
  /** Suite names or suite file paths (matched against the end of the path). */
  suites?: string[];
  /** A regular expression tested against case ids. */
  grep?: string;
  tags?: string[];
}

export interface Attempt {
  suite: Suite;
  kase: Case;
  /** 1-based. */
  attempt: number;
}

export function selectCases(suites: readonly Suite[], filter: CaseFilter): { suite: Suite; kase: Case }[] {
  const grep = filter.grep === undefined ? undefined : new RegExp(filter.grep);
  const selected: { suite: Suite; kase: Case }[] = [];
  for (const suite of suites) {
    if (filter.suites?.length && !filter.suites.some((s) => suiteMatches(suite, s))) continue;
    for (const kase of suite.cases) {
      if (grep && !grep.test(kase.id)) continue;
      if (filter.tags?.length && !filter.tags.some((tag) => kase.tags.includes(tag))) continue;
      selected.push({ suite, kase });
    }
  }
  return selected;
}

/** Attempts in a stable order: every case's first attempt, then the second round, ... */
export function planAttempts(selected: readonly { suite: Suite; kase: Case }[], repeat: number): Attempt[] {
  const attempts: Attempt[] = [];
  for (let attempt = 1; attempt <= repeat; attempt++) {
    for (const { suite, kase } of selected) attempts.push({ suite, kase, attempt });
  }
  return attempts;
}

function suiteMatches(suite: Suite, wanted: string): boolean {
  const normalized = wanted.replaceAll('\\', '/');
  return suite.name === wanted || suite.file.replaceAll('\\', '/').endsWith(normalized.replace(/^\.\//, ''));
}
