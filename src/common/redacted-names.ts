/**
 * Suite names, case ids and tags that redaction would change. Every file a run writes and every
 * line it prints is redacted (SPEC §9), and a run's results, the baseline, `--resume`,
 * `--last-failed`, `merge` and the history match cases by suite and id as written: a case id
 * `4111-1111-1111-1111` is written `[card]`, so two such cases became one "flaky" case in the
 * baseline, and a case of them that newly failed was taken for the other's known failure. Such a
 * name is a problem of the suite file, found before any case runs (exit 2), by eval and validate
 * alike: the loader runs this check as `LoadOptions.names` (config/names-check.ts), so it is
 * reported with the suites' other problems, in the same run.
 */
import { readFileSync } from 'node:fs';
import type { ConfigIssue } from '../errors.js';
import type { SourceLocation } from '../config/schema/resolved.js';
import type { NamedSuite, NamesCheck } from '../config/names-check.js';
import { mayRedact, redact } from './redact.js';

export type { NamedSuite };

/** One error for each suite name, case id and tag that redaction would write otherwise; [] when there is none. Cases' locations are shown already; `display` shows a suite's file. */
export const namesRedactionChanges: NamesCheck = (suites, display) => {
  // Most suites have no such name: all of them tested at once (10k case ids: one scan, not 10k redactions).
  if (!mayRedact(joinedNames(suites))) return [];
  const issues: ConfigIssue[] = [];
  for (const suite of suites) {
    const suiteName = redact(suite.name);
    if (suiteName !== suite.name) issues.push(problem({ at: suiteLocation(suite, display), what: 'suite name', path: 'suite', written: suiteName }));
    const tagsSeen = new Set<string>();
    for (const kase of suite.cases) {
      const at = kase.location;
      // A variant's id is its base case's with `~<category>-<n>`: the base case's problem, said once.
      const id = redact(kase.id);
      if (id !== kase.id && (kase.adversarial === undefined || redact(baseOf(kase.id)) === baseOf(kase.id))) {
        issues.push(problem({ at, what: 'case id', path: 'cases[].id', written: id }));
      }
      for (const tag of kase.tags) {
        if (tagsSeen.has(tag)) continue;
        tagsSeen.add(tag);
        const written = redact(tag);
        // At the tag itself where the case knows it (as written in the suite file), else at the case.
        if (written !== tag) issues.push(problem({ at: kase.tagLocation?.(tag) ?? at, what: 'tag', path: 'cases[].tags', written }));
      }
    }
  }
  return issues;
};

// Every suite name, case id and tag, one a line: a line break is no word, figure nor dash, as a hint sees a text's ends (`mayRedact`).
function joinedNames(suites: readonly NamedSuite[]): string {
  const names: string[] = [];
  for (const suite of suites) {
    names.push(suite.name);
    for (const kase of suite.cases) {
      names.push(kase.id);
      // A spread only where there are tags: most cases have none (10,000 such, cold: this check ~10 ms of CPU with a spread each, ~6 without).
      if (kase.tags.length > 0) names.push(...kase.tags);
    }
  }
  return names.join('\n');
}

function baseOf(variantId: string): string {
  const at = variantId.lastIndexOf('~');
  return at === -1 ? variantId : variantId.slice(0, at);
}

// The issue, its message printed as it is (no `expected`), without the name itself: it reads as PII or a secret, and messages are redacted as files are.
function problem({ at, what, path, written }: { at: SourceLocation; what: string; path: string; written: string }): ConfigIssue {
  return {
    file: at.file,
    line: at.line,
    column: at.column,
    path,
    code: 'redacted_name',
    message: `this ${what} reads as PII or a secret, so every file and report would write it as ${JSON.stringify(written)}; runs, the baseline, --resume and merge match cases by what is written, so rename it`,
  };
}

// Where the suite's `suite:` key is (its first line that starts so), else the file's start.
function suiteLocation(suite: NamedSuite, display: (absPath: string) => string): SourceLocation {
  let line = 1;
  try {
    const index = readFileSync(suite.file, 'utf8').split('\n').findIndex((text) => /^suite\s*:/.test(text));
    if (index !== -1) line = index + 1;
  } catch {
    // The file went away since it was loaded: its start.
  }
  return { file: display(suite.file), line, column: 1 };
}
