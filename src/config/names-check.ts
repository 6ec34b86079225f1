/**
 * The names a run writes (suite names, case ids, tags), handed to the check of those redaction
 * would change. The check asks redaction, so it lives in common/redacted-names.ts (config/ may not
 * import common/); the loader's caller hands it in as `LoadOptions.names`, a required option, so
 * no load goes without it, and the loader runs it with its own checks: a schema error in one suite
 * and such a case id in another are reported by one run. It is part of checking each suite file
 * alone (load-suites.ts), so a file the suite cache serves (stored only without an error) passed it.
 */
import type { ConfigIssue } from '../errors.js';
import type { Display } from './load.js';
import { caseLocation, caseTagLocation } from './locate.js';
import type { CheckedFile } from './validate.js';
import type { YamlFile } from './parse-yaml.js';
import type { SourceLocation, Suite } from './schema/resolved.js';
import type { WrittenSuite } from './schema/suite.js';

/** What the check reads of a suite: its name and file, and its cases' ids, tags and places (a generated variant's with `adversarial`). */
export interface NamedSuite {
  name: string;
  file: string;
  cases: ReadonlyArray<{ id: string; tags: readonly string[]; location: SourceLocation; adversarial?: unknown; tagLocation?(tag: string): SourceLocation }>;
}

/** One error for each name redaction would change; [] when there is none. `display` shows a suite's file. */
export type NamesCheck = (suites: readonly NamedSuite[], display: Display) => ConfigIssue[];

const NO_TAGS: readonly string[] = [];

/** The names as written, from what of each suite passed its schema, so they are checked beside the schema errors. */
export function writtenNames(suites: ReadonlyArray<{ absPath: string; checked: CheckedFile<WrittenSuite> }>): NamedSuite[] {
  return suites.flatMap(({ absPath, checked }) => {
    const { salvaged, yaml } = checked;
    if (!salvaged) return [];
    const cases: Array<NamedSuite['cases'][number]> = [];
    salvaged.cases?.forEach((kase, i) => {
      if (typeof kase?.id !== 'string') return;
      const tags = kase.tags === undefined ? NO_TAGS : kase.tags.filter((tag): tag is string => typeof tag === 'string');
      cases.push(new WrittenCase({ id: kase.id, tags, yaml, index: i, written: kase.tags }));
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

/**
 * A case as written, its place found only when asked for (most suites have no name to refuse):
 * a prototype's getter, since an object literal's own getter made each of 10,000 cases cost
 * several times a plain object.
 */
class WrittenCase {
  readonly id: string;
  readonly tags: readonly string[];
  readonly #yaml: YamlFile;
  readonly #index: number;
  /** The case's `tags` as written, non-strings included: where a tag sits is its index there. */
  readonly #written: readonly unknown[] | undefined;

  constructor({ id, tags, yaml, index, written }: { id: string; tags: readonly string[]; yaml: YamlFile; index: number; written: readonly unknown[] | undefined }) {
    this.id = id;
    this.tags = tags;
    this.#yaml = yaml;
    this.#index = index;
    this.#written = written;
  }

  get location(): SourceLocation {
    return caseLocation(this.#yaml, this.#index);
  }

  /** Where `tag` is written in this case's `tags`; the case's id when it is not there. */
  tagLocation(tag: string): SourceLocation {
    const at = this.#written?.indexOf(tag) ?? -1;
    return at === -1 ? this.location : caseTagLocation(this.#yaml, { index: this.#index, tag: at });
  }
}
