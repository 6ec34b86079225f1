/**
 * The suite files a config names: its `suites:` globs (the default's when it sets none) matched in
 * the project, each file read once and checked (through the suite cache when one is open), and the
 * problems of the globs themselves (one leaving the project folder, one matching no file).
 * Checking a file alone includes the check of the names it writes (`names`): a file the cache
 * serves had no error, so its names were checked when it was stored, under the same build.
 */
import path from 'node:path';
import type { ConfigIssue } from '../errors.js';
import { DEFAULT_SUITES } from './defaults.js';
import { hasKey } from './json-value.js';
import type { Display } from './load.js';
import { issueAtPath } from './locate.js';
import { isFolder, looksLikeSuite, matchesWithOtherExtension, readText, suitesWithoutSuffix, unreadableIssue } from './read.js';
import { matchProjectGlob, writtenGlobs, type GlobWords, type OtherFile } from './project-globs.js';
import type { WrittenConfig } from './schema/config.js';
import type { WrittenSuite } from './schema/suite.js';
import { checkSuiteCached, type SuiteCache } from './suite-cache.js';
import { checkSuiteSource, type CheckedFile } from './validate.js';
import { writtenNames, type NamesCheck } from './names-check.js';

/**
 * Every suite file the globs match that could be read (sorted, each once), checked, and how many
 * could not be read; problems go to `issues`. `notSuites` are the files the project reads as
 * something else (the config, its policy): a glob matching one (`suites: ['*.yaml']`) is an error
 * at the glob, and the file is not read as a suite (which told of a config "missing" `tools:`).
 */
export function loadSuites(input: { config: CheckedFile<WrittenConfig>; rootDir: string; display: Display; issues: ConfigIssue[]; cache: { store: SuiteCache; buildId: string } | undefined; names: NamesCheck; notSuites: readonly OtherFile[] }) {
  const { config, rootDir, display, issues } = input;
  const globs = suiteGlobs(config);
  const files = new Set<string>();
  const isDefault = config.value?.suites === undefined && !hasKey(config.data, 'suites');
  // Globs that matched suites, each with the index a warning about its other extension points at.
  const matching: Array<{ pattern: string; index: number }> = [];
  globs.forEach((pattern, i) => {
    const { files: matched, issue } = matchProjectGlob({ config, rootDir, display, others: input.notSuites }, { pattern, index: i, words: SUITE_GLOBS });
    matched.forEach((file) => files.add(file));
    if (issue) {
      issues.push(issue);
      return;
    }
    if (matched.length > 0) {
      matching.push({ pattern, index: i });
      return;
    }
    issues.push(issueAtPath({ yaml: config.yaml, path: isDefault ? [] : ['suites', i] }, {
      path: isDefault ? '' : `suites[${i}]`,
      code: 'no_suite_files',
      message: `no suite file matches ${pattern}`,
      expected: `a glob matching at least one suite file, relative to the config file's folder${isDefault ? ' (set `suites:`; the default is evals/**/*.suite.yaml)' : ''}`,
      found: `no file matches ${JSON.stringify(pattern)}${globMeant(pattern, rootDir) || otherExtension(matchesWithOtherExtension(pattern, rootDir)) || withoutSuffix(suitesWithoutSuffix(pattern, { rootDir, others: input.notSuites.map((other) => other.absPath) }))}`,
    }));
  });
  issues.push(...skippedByExtension({ config, rootDir, isDefault, matching, files, others: input.notSuites }));
  const cache = input.cache;
  const loaded: Array<{ absPath: string; checked: CheckedFile<WrittenSuite>; key?: string | undefined; hit?: true | undefined }> = [];
  let wrote = false;
  let unread = 0;
  for (const absPath of [...files].sort()) {
    const read = readText(absPath);
    if (!read.ok) {
      issues.push(unreadableIssue({ ...read, file: display(absPath) }, 'a readable suite file'));
      unread++;
      continue;
    }
    const file = display(absPath);
    // The names a suite writes depend on its text alone (and the build, which the cache's key holds).
    const check = (text: string, shown: string) => {
      const checked = checkSuiteSource(text, shown);
      checked.issues.push(...input.names(writtenNames([{ absPath, checked }]), display));
      return checked;
    };
    const result = cache
      ? checkSuiteCached({ absPath, text: read.text, file, cache: cache.store, buildId: cache.buildId, check })
      : { checked: check(read.text, file), wrote: false };
    wrote ||= result.wrote;
    issues.push(...result.checked.issues);
    loaded.push({ absPath, checked: result.checked, key: result.key, hit: result.hit });
  }
  // A suite file's entry is replaced when it changes; entries of files gone are dropped here.
  if (wrote) cache?.store.prune([...files]);
  return { loaded, unread };
}

const SUITE_GLOBS: GlobWords = { key: 'suites', noun: 'suites glob', files: 'suite files', example: 'evals/**/*.suite.yaml' };

/** The config's `suites:` globs; with an invalid config, whatever strings it holds there. */
function suiteGlobs(config: CheckedFile<WrittenConfig>): readonly string[] {
  if (config.value) return config.value.suites ?? DEFAULT_SUITES;
  // After a YAML error the file's intent is unknown; guessing the default would only add noise.
  if (config.data === undefined) return [];
  const raw = (config.data as Record<string, unknown> | undefined)?.suites;
  if (raw === undefined) return DEFAULT_SUITES;
  return writtenGlobs(raw);
}

/**
 * `(evals is a folder: …)` for a folder named where a glob goes (as `eval --suite evals` takes one,
 * or Playwright's testDir), `(a glob separates folders with /…)` for one written with Windows'
 * backslashes, which a glob reads as escapes; '' otherwise.
 */
function globMeant(pattern: string, rootDir: string): string {
  if (pattern.includes('\\')) return ` (a glob separates folders with /, on Windows too; \\ escapes the character after it: ${JSON.stringify(pattern.replaceAll('\\', '/'))})`;
  const folder = pattern.replace(/\/+$/, '');
  if (folder === '' || /[*?[\]{}!]/.test(folder) || !isFolder(path.resolve(rootDir, folder))) return '';
  return ` (${folder} is a folder: name the suite files in it, ${JSON.stringify(`${folder}/**/*.suite.yaml`)})`;
}

/**
 * A warning at each glob that matched suites while a file beside them that it misses by its
 * extension alone (`evals/refunds.suite.yml` beside `evals/support.suite.yaml`), and no other glob
 * matches, would not run: a file written with the extension the config's own name may take
 * (`agentready.config.yml`) would be left out of every run without a word.
 */
function skippedByExtension(input: { config: CheckedFile<WrittenConfig>; rootDir: string; isDefault: boolean; matching: readonly { pattern: string; index: number }[]; files: ReadonlySet<string>; others: readonly OtherFile[] }): ConfigIssue[] {
  const { config, rootDir, isDefault } = input;
  if (input.matching.length === 0) return [];
  // A file another glob read, the config or its policy, or one that is no suite (a compose file beside `evals/*.yaml`): not missed.
  const notMissed = new Set([...input.files, ...input.others.map((other) => other.absPath)]);
  return input.matching.flatMap(({ pattern, index }) => {
    // As matchesWithOtherExtension names them: relative to the config's folder, with /.
    const missed = matchesWithOtherExtension(pattern, rootDir).filter((file) => {
      const absPath = path.resolve(rootDir, file);
      return !notMissed.has(absPath) && looksLikeSuite(absPath);
    });
    if (missed.length === 0) return [];
    const ext = pattern.endsWith('.yaml') ? '.yaml' : '.yml';
    return [issueAtPath({ yaml: config.yaml, path: isDefault ? [] : ['suites', index] }, {
      path: isDefault ? '' : `suites[${index}]`,
      code: 'suite_other_extension',
      severity: 'warning',
      message: `the suites glob ${pattern} does not match ${listed(missed)}, which ${missed.length === 1 ? 'is' : 'are'} left out of every run`,
      expected: `every suite file matched by a glob of \`suites:\` (this one takes ${ext} only)`,
      found: `${JSON.stringify(pattern)}, which misses ${listed(missed)} by ${missed.length === 1 ? 'its' : 'their'} extension alone: rename ${missed.length === 1 ? 'it' : 'them'} to end in ${ext}, or change the glob (${JSON.stringify(pattern.replace(/\.ya?ml$/, '.{yaml,yml}'))})`,
    })];
  });
}

/** `(it would match evals/a.suite.yml: …)` for files the glob misses by their extension alone. */
function otherExtension(files: readonly string[]): string {
  if (files.length === 0) return '';
  return ` (with the other extension it would match ${listed(files)}: rename ${files.length === 1 ? 'it' : 'them'}, or change the glob)`;
}

/** `(without ".suite" it would match evals/refunds.yaml: …)` for suites named without the `.suite` the glob asks for. */
function withoutSuffix(files: readonly string[]): string {
  if (files.length === 0) return '';
  return ` (without ".suite" it would match ${listed(files)}: name ${files.length === 1 ? 'it' : 'them'} *.suite.yaml, or change the glob)`;
}

/** The first three files, and how many more. */
function listed(files: readonly string[]): string {
  return files.slice(0, 3).join(', ') + (files.length > 3 ? `, and ${files.length - 3} more` : '');
}
