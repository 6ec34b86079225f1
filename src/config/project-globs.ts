/**
 * The globs a config writes for files it reads (`suites:`, `adversarial_packs:`): what one
 * matches, or why it is refused at its place. Refused: a glob with `**` that leaves the project
 * folder (it would walk the whole disk, read.ts `globLeavesProject`), and one that matches a file
 * the project reads as something else (`suites: ['*.yaml']` matches the config itself), which,
 * read as a suite or a pack, told of keys "missing" from the config.
 */
import type { ConfigIssue } from '../errors.js';
import type { Display } from './load.js';
import { issueAtPath } from './locate.js';
import { globFiles, globLeavesProject } from './read.js';
import type { WrittenConfig } from './schema/config.js';
import type { CheckedFile } from './validate.js';

/** A file the project reads as something else: `what` names it in words ("the config file"). */
export type OtherFile = { absPath: string; what: string };

/** How a glob's issues speak of it: `noun` ("suites glob"), `files` ("suite files"), `example` a glob that fits. */
export type GlobWords = { key: 'suites' | 'adversarial_packs'; noun: string; files: string; example: string };

/** The files glob `index` of `words.key` matches (sorted, `others` left out), and the issue refusing it if any. */
export function matchProjectGlob(
  input: { config: CheckedFile<WrittenConfig>; rootDir: string; display: Display; others: readonly OtherFile[] },
  glob: { pattern: string; index: number; words: GlobWords },
): { files: string[]; issue?: ConfigIssue } {
  const { config, rootDir, display } = input;
  const { pattern, index, words } = glob;
  const at = { yaml: config.yaml, path: [words.key, index] };
  // globby's exclusion: matched alone, it matched nothing ("no file matches !evals/x.suite.yaml").
  if (pattern.startsWith('!')) {
    return {
      files: [],
      issue: issueAtPath(at, {
        path: `${words.key}[${index}]`,
        code: 'glob_negation',
        message: `the ${words.noun} ${pattern} is an exclusion, which ${words.key}: does not read`,
        expected: `a glob of the ${words.files} to read: name the ones to keep (${words.key === 'suites' ? 'evals/{a,b}.suite.yaml' : 'evals/adversarial/{a,b}.yaml'}), or move the others out of the folder`,
        found: `${JSON.stringify(pattern)}, an exclusion (a glob starting with !)`,
      }),
    };
  }
  const leaves = globLeavesProject(pattern, rootDir);
  if (leaves !== undefined) {
    return {
      files: [],
      issue: issueAtPath(at, {
        path: `${words.key}[${index}]`,
        code: words.key === 'suites' ? 'suite_glob_outside' : 'pack_glob_outside',
        message: `the ${words.noun} ${pattern} leaves the project folder`,
        expected: `a glob relative to the config file's folder that starts at the folder holding the ${words.files} (${words.example}); a folder outside the project named without ** (../shared/${words.example.replace('**/', '')}), or a file's own path`,
        found: `${JSON.stringify(pattern)}: ${leaves}`,
      }),
    };
  }
  const all = globFiles(pattern, rootDir);
  const others = input.others.filter((other) => all.includes(other.absPath));
  if (others.length === 0) return { files: all };
  return {
    files: all.filter((file) => !others.some((other) => other.absPath === file)),
    issue: issueAtPath(at, {
      path: `${words.key}[${index}]`,
      code: words.key === 'suites' ? 'suite_glob_not_suite' : 'pack_glob_not_pack',
      message: `the ${words.noun} ${pattern} matches ${[...new Set(others.map((other) => other.what))].join(' and ')}`,
      expected: `a glob matching ${words.files} only (${words.example})`,
      found: `${JSON.stringify(pattern)} matches ${shownOthers(others, display)}`,
    }),
  };
}

/** `the config file (agentready.config.yaml) and suite files (evals/a.suite.yaml, evals/b.suite.yaml, and 4 more)`: the files grouped by what they are. */
function shownOthers(others: readonly OtherFile[], display: Display): string {
  const groups = new Map<string, string[]>();
  for (const other of others) groups.set(other.what, [...(groups.get(other.what) ?? []), display(other.absPath)]);
  return [...groups].map(([what, shown]) => `${what} (${shown.slice(0, 3).join(', ')}${shown.length > 3 ? `, and ${shown.length - 3} more` : ''})`).join(' and ');
}

/** The globs a config that failed its schema still holds at a glob key (`raw`): its non-empty strings, none unless a list. */
export function writtenGlobs(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string' && item.length > 0) : [];
}
