/**
 * The cases a run's filters select, or the usage error (exit 2) that says why there are none:
 * a suite asked for that is none of the config's (a file that does not exist, a file not under
 * `suites:`, a name no suite has), or filters that leave no case.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/schema/index.js';
import { UsageError } from '../errors.js';
import { selectCases, unmatchedSuites, type Attempt, type CaseFilter, type RootedFilter } from './plan.js';
import { ignoringCase } from '../config/grep.js';
import { commandHint } from '../config/command-hint.js';
import { plural } from '../common/plural.js';

// A suite path written from the current folder: `.`, `..`, `./x`, `../x` (either separator).
const FROM_HERE = /^\.\.?(?:[\\/]|$)/;

/**
 * The cases `filter` selects, or the UsageError saying why none; `resumeOf` names the run
 * `--resume` goes on with, whose recorded selection the filter is (its error speaks of that run,
 * not of the user's flags).
 */
export function selectedCases(config: ResolvedConfig, { filter, resumeOf }: { filter: CaseFilter; resumeOf?: string }): Attempt[] {
  // A resumed run's tags are its header's, not flags typed now: nothing to put first.
  const swallowed = resumeOf === undefined ? suitesTakenForTags(config, filter.tags) : undefined;
  if (swallowed) throw swallowed;
  const rooted = rootedFilter(config, filter);
  // Named as typed: `../evals/x.suite.yaml`, not the path it was read as.
  const missing = new Set(unmatchedSuites(config.suites, rooted));
  const unmatched = (filter.suites ?? []).filter((_, i) => missing.has(rooted.suites![i]!));
  // A recorded filter (merge, --resume) was not typed in this folder: no path from here to suggest.
  if (unmatched.length > 0) throw unknownSuites(config, { unmatched, typedHere: filter.suites_from === undefined });
  const selected = selectCases(config.suites, rooted);
  if (selected.length > 0) return selected;
  // A shard may hold no case of a small suite: it still writes its (empty) run folder for merge.
  // Filters no shard has a case of are the error they are unsharded (each shard of the matrix
  // would pass empty, and their merge with them: a --grep typo in CI green).
  const { shard, ...unsharded } = rooted;
  if (shard && selectCases(config.suites, unsharded).length > 0) return selected;
  const known = config.suites.map((suite) => suite.name).join(', ') || 'none';
  // --last-failed names the cases: filters beside it, or an edit of the suites, may leave none.
  if (filter.cases) throw noListedCase({ cases: filter.cases, filtered: Boolean(filter.suites?.length || filter.grep !== undefined || filter.tags?.length), resumeOf });
  const tagged = unknownTags(config, filter.tags);
  if (tagged) throw tagged;
  throw combinedFilters(config, unsharded) ?? caselessGrep(config, unsharded) ?? new UsageError(`no case matches the filters${shard ? ' in any shard' : ''}`, `the suites are: ${known}; --grep matches a case's id or <suite>/<id>, --tag one of its tags`);
}

/**
 * The filter as matched: suites read within the project's folder, and a path written from the
 * current folder (`../evals/x.suite.yaml`, `./billing`, `.`, as the shell completes one) read from there:
 * from `suites_from` when the filter records it (a run's header, read by `merge` or `--resume`).
 */
export function rootedFilter(config: Pick<ResolvedConfig, 'rootDir'>, filter: CaseFilter): RootedFilter {
  const from = filter.suites_from === undefined ? process.cwd() : resolve(config.rootDir, filter.suites_from);
  const suites = filter.suites?.map((wanted) => (FROM_HERE.test(wanted) ? resolve(from, wanted) : wanted));
  return { ...filter, ...(suites ? { suites } : {}), rootDir: config.rootDir };
}

/**
 * The filter as a run records it: with `suites_from`, the current folder within the project, when a suite
 * path is written from there, so that `merge` and `--resume` run from another folder select what this run did.
 */
export function recordedFilter(config: Pick<ResolvedConfig, 'rootDir'>, filter: CaseFilter): CaseFilter {
  if (filter.suites_from !== undefined || !filter.suites?.some((wanted) => FROM_HERE.test(wanted))) return filter;
  return { ...filter, suites_from: relative(config.rootDir, process.cwd()).replaceAll('\\', '/') || '.' };
}

/**
 * The error for --suite, --grep and --tag that each select cases but none together (`--tag refund
 * --grep order`, read as "either" by someone used to a union): how many each selects alone, and
 * that a case must match them all. Undefined when fewer than two are given, or one selects nothing.
 */
function combinedFilters(config: ResolvedConfig, filter: RootedFilter): UsageError | undefined {
  const given: [string, RootedFilter][] = [];
  if (filter.suites?.length) given.push(['--suite', { suites: filter.suites, rootDir: filter.rootDir }]);
  if (filter.grep !== undefined) given.push(['--grep', { grep: filter.grep }]);
  if (filter.tags?.length) given.push(['--tag', { tags: filter.tags }]);
  const counts = given.map(([flag, alone]) => ({ flag, count: selectCases(config.suites, alone).length }));
  if (counts.length < 2 || counts.some(({ count }) => count === 0)) return undefined;
  return new UsageError(
    `no case matches ${counts.map(({ flag }) => flag).join(' and ')} together`,
    `alone, ${counts.map(({ flag, count }) => `${flag} selects ${plural(count, 'case')}`).join(', ')}; a case runs when it matches each of them (any one value of each)`,
  );
}

/**
 * The error for a --grep that matches cases ignoring case only (`--grep REFUND` for `refund-double`):
 * --grep is case-sensitive, as a regular expression is; `/pattern/i` is the way to ignore case.
 * Undefined when the patterns select nothing ignoring case either.
 */
function caselessGrep(config: ResolvedConfig, filter: RootedFilter): UsageError | undefined {
  if (filter.grep === undefined) return undefined;
  const patterns = [filter.grep].flat();
  const caseless = patterns.map(ignoringCase);
  if (caseless.every((pattern, i) => pattern === patterns[i])) return undefined;
  const count = selectCases(config.suites, { ...filter, grep: caseless }).length;
  if (count === 0) return undefined;
  return new UsageError(
    `no case matches the filters; ignoring case, ${plural(count, 'case')} ${count === 1 ? 'matches' : 'match'}`,
    `--grep is case-sensitive: did you mean ${caseless.map((pattern) => `--grep ${pattern}`).join(' ')}?`,
  );
}

// Returns the error for a list of cases (--last-failed's, or the one a resumed run recorded) of which the suites hold none.
function noListedCase({ cases, filtered, resumeOf }: { cases: readonly string[]; filtered: boolean; resumeOf: string | undefined }): UsageError {
  const listed = `${plural(cases.length, 'case')} ${resumeOf === undefined ? 'that failed last time' : `run ${resumeOf} selected`} (${cases.slice(0, 3).join(', ')}${cases.length > 3 ? ', …' : ''})`;
  if (resumeOf !== undefined) {
    // The run folder records its selection: there is no flag to drop beside --resume.
    return new UsageError(
      `none of the ${listed} is in the suites${filtered ? ' and matches its other filters' : ''}: the run cannot go on`,
      `they were renamed or removed from the suites since run ${resumeOf} started, or its results.jsonl header was edited: run \`${commandHint('eval')}\` for a new run`,
    );
  }
  return new UsageError(
    `none of the ${listed} is in the suites and matches the other filters`,
    filtered ? 'drop --suite, --grep or --tag to run them' : `they were renamed or removed from the suites since that run: run \`${commandHint('eval')}\` for all cases`,
  );
}

/** Tags shown in the hint at most; past them, how many more. */
const LISTED_TAGS = 20;

// Returns the error for --tag values no case has at all (a typo, most likely), listing the tags there are.
function unknownTags(config: ResolvedConfig, tags: readonly string[] | undefined): UsageError | undefined {
  if (!tags?.length) return undefined;
  const known = [...new Set(config.suites.flatMap((suite) => suite.cases.flatMap((kase) => kase.tags)))].sort();
  if (tags.some((tag) => known.includes(tag))) return undefined;
  const listed = known.slice(0, LISTED_TAGS).join(', ') + (known.length > LISTED_TAGS ? `, … (${known.length - LISTED_TAGS} more)` : '');
  // `--tag refund,lookup`, as some tools take a list: --tag takes separate words.
  const joined = tags.find((tag) => tag.includes(',') && tag.split(',').some((part) => known.includes(part.trim())));
  const words = joined?.split(',').map((part) => part.trim()).filter((part) => part !== '');
  return new UsageError(
    `no case has the tag${tags.length === 1 ? '' : 's'} ${tags.map((tag) => JSON.stringify(tag)).join(', ')}`,
    known.length === 0
      ? 'no case has any tag: a case gives them as tags: [refund, …]'
      : words ? `give several tags as separate words: --tag ${words.join(' ')} (the tags are: ${listed})` : `the tags are: ${listed}`,
  );
}

/**
 * The error for suites `--tag` took for tags: it is variadic, so `eval --tag refund evals/shop.suite.yaml`
 * reads the file as a second tag, which no case has, and would run the tagged cases of every suite.
 * A tag no case has that is a suite's name, a YAML file name or a file there is, is such a suite.
 */
function suitesTakenForTags(config: ResolvedConfig, tags: readonly string[] | undefined): UsageError | undefined {
  if (!tags?.length) return undefined;
  const known = new Set(config.suites.flatMap((suite) => suite.cases.flatMap((kase) => kase.tags)));
  const names = new Set(config.suites.map((suite) => suite.name));
  // A path is a suite's only as a YAML file name or a file there is: `team/payments` may be a tag with a typo.
  const suites = tags.filter((tag) => !known.has(tag) && (names.has(tag) || /\.ya?ml$/i.test(tag) || (looksLikeFile(tag) && existsSync(tag))));
  if (suites.length === 0) return undefined;
  const rest = tags.filter((tag) => !suites.includes(tag));
  return new UsageError(
    `--tag took ${suites.map((tag) => JSON.stringify(tag)).join(', ')} for ${suites.length === 1 ? 'a tag' : 'tags'}, which no case has: ${suites.length === 1 ? 'it names a suite' : 'they name suites'}`,
    `--tag takes every word after it: put the suites first, as \`${commandHint(`eval ${suites.join(' ')}${rest.length > 0 ? ` --tag ${rest.join(' ')}` : ''}`)}\``,
  );
}

// Returns the error naming the suites asked for that are none of the config's, and listing those there are.
function unknownSuites(config: ResolvedConfig, { unmatched, typedHere }: { unmatched: readonly string[]; typedHere: boolean }): UsageError {
  // Each suite asked for looked at once: a file's checks read the disk.
  const asked = unmatched.map((wanted) => ({ wanted, kind: unknownSuiteKind(config, { wanted, typedHere }) }));
  const why = asked.map(({ wanted, kind }) => {
    if (kind === 'name') return `no suite is named "${wanted}"`;
    if (kind === 'from_here') {
      return `${wanted} is read within the project's folder (${relative(process.cwd(), config.rootDir).replaceAll('\\', '/') || '.'}), where it names no suite: from the current folder, write ./${wanted}`;
    }
    return kind === 'not_listed' ? `${wanted} is not one of the config's suites` : `${wanted} does not exist`;
  });
  const known = config.suites.map((suite) => `${suite.name} (${relative(config.rootDir, suite.file)})`).join(', ') || 'none';
  const notListed = asked.some(({ kind }) => kind === 'not_listed');
  return new UsageError(why.join('; '), `the suites are: ${known}${notListed ? '; a suite file runs once `suites:` in the config lists it' : ''}${casesNamed(config, unmatched)}`);
}

// Returns what a suite asked for that is none of the config's is: a name, a path typed from the current folder that names suites there (namesSuitesFromHere), a file the config does not list, or no file.
function unknownSuiteKind(config: ResolvedConfig, { wanted, typedHere }: { wanted: string; typedHere: boolean }): 'name' | 'from_here' | 'not_listed' | 'missing' {
  if (!looksLikeFile(wanted)) return 'name';
  if (typedHere && namesSuitesFromHere(config, wanted)) return 'from_here';
  return existsSync(wanted) ? 'not_listed' : 'missing';
}

/**
 * `; to select cases, --grep refund (3 cases)` for a suite asked for by a name that is rather a
 * case's id or tag (`eval refund`, as vitest filters by a word): what selects them; '' otherwise.
 */
function casesNamed(config: ResolvedConfig, unmatched: readonly string[]): string {
  // A plain word only: one with a regular expression's characters would --grep as something else.
  const hints = unmatched.filter((wanted) => /^[\w-]+$/.test(wanted)).flatMap((wanted) => {
    // Counted as the flag selects: --grep tests `<suite>/<id>` too, so `refund` selects every case of a suite `refunds`.
    const tagged = selectCases(config.suites, { tags: [wanted] }).length;
    const named = selectCases(config.suites, { grep: wanted }).length;
    if (tagged > 0) return [`--tag ${wanted} (${plural(tagged, 'case')})`];
    return named > 0 ? [`--grep ${wanted} (${plural(named, 'case')})`] : [];
  });
  return hints.length === 0 ? '' : `; to select cases, ${hints.join(', ')}`;
}

/**
 * Whether a relative path without `./` names suites from the current folder, though not within
 * the project's (`fixtures/example/evals` run from a checkout's root, the project being
 * fixtures/example): written `./fixtures/example/evals`, it would select them.
 */
function namesSuitesFromHere(config: ResolvedConfig, wanted: string): boolean {
  if (FROM_HERE.test(wanted) || isAbsolute(wanted) || !existsSync(wanted)) return false;
  return unmatchedSuites(config.suites, rootedFilter(config, { suites: [`./${wanted}`] })).length === 0;
}

// Returns whether a suite asked for is written as a file (a path, or a YAML file name) rather than a name.
function looksLikeFile(wanted: string): boolean {
  return /[\\/]|\.ya?ml$/i.test(wanted);
}
