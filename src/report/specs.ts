/**
 * `--reporter name[:path]` values read and checked for their spelling: which reporters print and
 * which write a file (and where by default). Apart from registry.ts, which makes the reporters:
 * checking the values before a run loads none of the reporters' code.
 */
import { resolve } from 'node:path';
import { keyMeant } from '../config/allowed-keys.js';
import { UsageError } from '../errors.js';
import { commandHint } from '../config/command-hint.js';
import type { ReporterLabel } from './reporter.js';
import { REPORTER_NAMES, type ReporterName } from './names.js';

/** What kind each built-in reporter is: one that prints (and why it takes no path), one that writes a file (and its default path). */
export const REPORTER_KINDS = {
  terminal: { kind: 'prints', why: 'it prints' },
  json: { kind: 'file', defaultPath: 'agentready-report.json' },
  junit: { kind: 'file', defaultPath: 'agentready-junit.xml' },
  markdown: { kind: 'file', defaultPath: 'agentready-summary.md' },
  github: { kind: 'prints', why: 'it prints workflow commands' },
  html: { kind: 'file', defaultPath: 'agentready-report.html' },
} as const satisfies Record<ReporterName, Kind>;

type Kind = { kind: 'prints'; why: string } | { kind: 'file'; defaultPath: string };

/**
 * One `--reporter` value, read: the reporter and, for one that writes a file, the path as the
 * user gave it (or the reporter's default) and resolved against cwd.
 */
export type ReporterOutput = { name: ReporterName; label: ReporterLabel } & ({ kind: 'prints' } | { kind: 'file'; path: string; file: string });

/** A `--reporter` value read and checked for its spelling (not against the disk): an unknown name, a path where none goes, an empty one are usage errors. */
export function readReporterSpec(spec: string, cwd: string): ReporterOutput {
  const { name, path } = parseSpec(spec);
  const entry: Kind = REPORTER_KINDS[name];
  if (entry.kind === 'prints') return { name, kind: 'prints', label: { name } };
  const given = path ?? entry.defaultPath;
  return { name, kind: 'file', path: given, file: resolve(cwd, given), label: { name, path: given } };
}

/** Where a reporter that writes a file writes when given no path (relative to cwd); undefined for one that prints. */
export function defaultPathOf(name: ReporterName): string | undefined {
  const entry: Kind = REPORTER_KINDS[name];
  return entry.kind === 'file' ? entry.defaultPath : undefined;
}

/** Splits a `name[:path]` option value ("junit:out/junit.xml") at its first colon. */
export function splitSpec(spec: string): { name: string; path: string | undefined } {
  const colon = spec.indexOf(':');
  return colon === -1 ? { name: spec, path: undefined } : { name: spec.slice(0, colon), path: spec.slice(colon + 1) };
}

const TERMINAL_WHY = "vitest's and Playwright's console reporters are terminal here, which prints the summary table, every failing case and the verdict on every run, asked or not";
/** Other runners' reporter names (vitest's, Playwright's), each with the reporter that does its job here. */
const OTHER_RUNNERS: Readonly<Record<string, { meant: ReporterName; why: string }>> = {
  'github-actions': { meant: 'github', why: "vitest's github-actions reporter is github here: failing cases annotated on the diff, on by itself when GITHUB_ACTIONS=true" },
  default: { meant: 'terminal', why: TERMINAL_WHY },
  verbose: { meant: 'terminal', why: TERMINAL_WHY },
  dot: { meant: 'terminal', why: TERMINAL_WHY },
  list: { meant: 'terminal', why: TERMINAL_WHY },
  line: { meant: 'terminal', why: TERMINAL_WHY },
};

/** A `--reporter` value as a reporter and its path; an unknown name, or a path for one that prints, is a usage error. */
export function parseSpec(spec: string): { name: ReporterName; path: string | undefined } {
  const { name, path } = splitSpec(spec);
  // Playwright's comma list (`--reporter=dot,junit`, `junit:out.xml,html`): here a reporter a flag.
  const listed = spec.split(',');
  if (listed.length > 1 && listed.every((part) => isReporterName(splitSpec(part).name))) {
    throw new UsageError(`--reporter takes one reporter, not the list "${spec}"`, `one reporter per --reporter: ${listed.map((part) => `--reporter ${part}`).join(' ')}`);
  }
  if (!isReporterName(name)) {
    // `junit=out/x.xml` (as vitest's --outputFile.junit=… is spelled) reads as one unknown name.
    const equals = name.indexOf('=');
    if (equals > 0 && isReporterName(name.slice(0, equals))) {
      throw new UsageError(`unknown reporter "${name}"`, `a reporter's path follows a colon: --reporter ${spec.slice(0, equals)}:${spec.slice(equals + 1)}`);
    }
    // vitest's and Playwright's shard output, for merge-reports: a shard's run folder is that here.
    if (name === 'blob') throw new UsageError('unknown reporter "blob"', `a shard's run folder is what \`${commandHint('merge <run>...')}\` joins: no reporter is needed for it (known reporters: ${REPORTER_NAMES.join(', ')})`);
    const habit = Object.hasOwn(OTHER_RUNNERS, name) ? OTHER_RUNNERS[name] : undefined;
    if (habit !== undefined) throw new UsageError(`unknown reporter "${name}" (did you mean ${habit.meant}?)`, `${habit.why} (known reporters: ${REPORTER_NAMES.join(', ')})`);
    const meant = keyMeant(name, REPORTER_NAMES);
    throw new UsageError(`unknown reporter "${name}"${meant === undefined ? '' : ` (did you mean ${meant}?)`}`, `known reporters: ${REPORTER_NAMES.join(', ')}`);
  }
  const entry: Kind = REPORTER_KINDS[name];
  if (path !== undefined && entry.kind === 'prints') throw new UsageError(`reporter "${name}" takes no path (got "${spec}"); ${entry.why}`);
  if (path === '' && entry.kind === 'file') {
    throw new UsageError(`reporter "${name}" needs a path after the colon, as in ${name}:out/${entry.defaultPath}`, `or give --reporter ${name} alone: it writes ${entry.defaultPath} in the current folder`);
  }
  return { name, path };
}

// Returns whether a string names a built-in reporter.
function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTER_KINDS, name);
}
