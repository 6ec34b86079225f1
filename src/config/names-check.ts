/**
 * The names a run writes (suite names, case ids, tags), handed to the check of those redaction
 * would change. The check asks redaction, so it lives in common/redacted-names.ts (config/ may not
 * import common/); the loader's caller hands it in as `LoadOptions.names`, a required option, so
 * no load goes without it, and the loader runs it with its own checks: a schema error in one suite
 * and such a case id in another are reported by one run.
 */
import type { ConfigIssue } from '../errors.js';
import type { Display } from './load.js';
import { caseLocation } from './locate.js';
import type { CheckedFile } from './validate.js';
import type { SourceLocation, Suite } from './schema/resolved.js';
import type { WrittenSuite } from './schema/suite.js';

/** What the check reads of a suite: its name and file, and its cases' ids, tags and places (a generated variant's with `adversarial`). */
export interface NamedSuite {
  name: string;
  file: string;
  cases: ReadonlyArray<{ id: string; tags: readonly string[]; location: SourceLocation; adversarial?: unknown }>;
}

/** One error for each name redaction would change; [] when there is none. `display` shows a suite's file. */
export type NamesCheck = (suites: readonly NamedSuite[], display: Display) => ConfigIssue[];

/**
 * The names as written, from what of each suite passed its schema, so they are checked beside
 * the schema errors. A case's place is found only when asked for (most suites have no such name).
 */
export function writtenNames(suites: ReadonlyArray<{ absPath: string; checked: CheckedFile<WrittenSuite> }>): NamedSuite[] {
  return suites.flatMap(({ absPath, checked }) => {
    const { salvaged, yaml } = checked;
    if (!salvaged) return [];
    const cases: Array<NamedSuite['cases'][number]> = [];
    salvaged.cases?.forEach((kase, i) => {
      if (typeof kase?.id !== 'string') return;
      const tags = (kase.tags ?? []).filter((tag): tag is string => typeof tag === 'string');
      cases.push({ id: kase.id, tags, get location() { return caseLocation(yaml, i); } });
    });
    return [{ name: typeof salvaged.suite === 'string' ? salvaged.suite : '', file: absPath, cases }];
  });
}

/**
 * The generated adversarial variants' names, checked once they exist: generating them needs
 * suites without errors, so a variant's id is refused in a later run than a schema error.
 */
export function variantNames(suites: readonly Suite[]): NamedSuite[] {
  return suites.flatMap((suite) => {
    const variants = suite.cases.filter((kase) => kase.adversarial !== undefined);
    return variants.length === 0 ? [] : [{ name: suite.name, file: suite.file, cases: variants }];
  });
}
