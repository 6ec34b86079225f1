/**
 * `--reporter name[:path]` → reporters (Playwright `runner/reporters.ts`): a const map of the
 * built-in ones, output paths resolved against cwd, and a terminal reporter first unless the
 * user asked for one.
 */
import { resolve } from 'node:path';
import { keyMeant } from '../config/allowed-keys.js';
import { UsageError } from '../errors.js';
import { GithubReporter } from './github.js';
import { HtmlReporter } from './html/index.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import { MarkdownReporter } from './markdown.js';
import type { Reporter, ReporterLabel } from './reporter.js';
import { createScreen } from './screen.js';
import { TerminalReporter } from './terminal.js';
import { REPORTER_NAMES, type ReporterName } from './names.js';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ReporterContext {
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** The run is one shard of several (`eval --shard`): `merge` reports the whole to GitHub, so nothing is added on its own. */
  shard?: boolean;
}

/** How a built-in reporter is made: one that prints, from the streams; one that writes a file, from its absolute path. */
type Entry =
  | { kind: 'prints'; create: (context: ReporterContext) => Reporter; why: string }
  | { kind: 'file'; defaultPath: string; create: (file: string) => Reporter };

const REPORTERS = {
  terminal: { kind: 'prints', create: (context) => createTerminalReporter(context), why: 'it prints' },
  json: { kind: 'file', defaultPath: 'agentready-report.json', create: (file) => new JsonReporter(file) },
  junit: { kind: 'file', defaultPath: 'agentready-junit.xml', create: (file) => new JunitReporter(file) },
  markdown: { kind: 'file', defaultPath: 'agentready-summary.md', create: (file) => new MarkdownReporter({ path: file }) },
  github: { kind: 'prints', create: ({ cwd, stdout }) => new GithubReporter({ cwd, write: (text) => void stdout.write(text) }), why: 'it prints workflow commands' },
  html: { kind: 'file', defaultPath: 'agentready-report.html', create: (file) => new HtmlReporter(file) },
} satisfies Record<ReporterName, Entry>;

export { REPORTER_NAMES, type ReporterName };

/**
 * One `--reporter` value, read: the reporter and, for one that writes a file, the path as the
 * user gave it (or the reporter's default) and resolved against cwd.
 */
export type ReporterOutput = { name: ReporterName; label: ReporterLabel } & ({ kind: 'prints' } | { kind: 'file'; path: string; file: string });

/**
 * The reporters for `--reporter` specs, in order, with a terminal reporter first unless one was
 * given. Under `GITHUB_ACTIONS=true` (SPEC §11 GitHub) the github reporter is added unless named,
 * and the markdown summary is appended to `$GITHUB_STEP_SUMMARY` when that is set — except for a
 * shard, whose cases the merge job annotates and summarizes once for all shards. Touches no file:
 * `checkReporterOutputs` (outputs.ts) is what looks at the disk before a run.
 */
export function createReporters(specs: readonly string[], context: ReporterContext): Reporter[] {
  const outputs = specs.map((spec) => readReporterSpec(spec, context.cwd));
  const reporters = outputs.map((output) => labelled(createOutput(output, context), output.label));
  if (!outputs.some(({ name }) => name === 'terminal')) reporters.unshift(labelled(REPORTERS.terminal.create(context), { name: 'terminal' }));
  if (context.env['GITHUB_ACTIONS'] === 'true' && context.shard !== true) {
    if (!outputs.some(({ name }) => name === 'github')) reporters.push(labelled(REPORTERS.github.create(context), { name: 'github' }));
    const stepSummary = context.env['GITHUB_STEP_SUMMARY'];
    const summaryPath = stepSummary ? resolve(context.cwd, stepSummary) : undefined;
    const named = reporters.some((r) => r instanceof MarkdownReporter && r.path === summaryPath);
    if (stepSummary && summaryPath && !named) reporters.push(labelled(new MarkdownReporter({ path: summaryPath, append: true }), { name: 'markdown', path: '$GITHUB_STEP_SUMMARY' }));
  }
  return reporters;
}

/** A `--reporter` value read and checked for its spelling (not against the disk): an unknown name, a path where none goes, an empty one are usage errors. */
export function readReporterSpec(spec: string, cwd: string): ReporterOutput {
  const { name, path } = parseSpec(spec);
  const entry: Entry = REPORTERS[name];
  if (entry.kind === 'prints') return { name, kind: 'prints', label: { name } };
  const given = path ?? entry.defaultPath;
  return { name, kind: 'file', path: given, file: resolve(cwd, given), label: { name, path: given } };
}

/** Where a reporter that writes a file writes when given no path (relative to cwd); undefined for one that prints. */
export function defaultPathOf(name: ReporterName): string | undefined {
  const entry: Entry = REPORTERS[name];
  return entry.kind === 'file' ? entry.defaultPath : undefined;
}

/** Splits a `name[:path]` option value ("junit:out/junit.xml") at its first colon. */
export function splitSpec(spec: string): { name: string; path: string | undefined } {
  const colon = spec.indexOf(':');
  return colon === -1 ? { name: spec, path: undefined } : { name: spec.slice(0, colon), path: spec.slice(colon + 1) };
}

/** A `--reporter` value as a reporter and its path; an unknown name, or a path for one that prints, is a usage error. */
export function parseSpec(spec: string): { name: ReporterName; path: string | undefined } {
  const { name, path } = splitSpec(spec);
  if (!isReporterName(name)) {
    // `junit=out/x.xml` (as vitest's --outputFile.junit=… is spelled) reads as one unknown name.
    const equals = name.indexOf('=');
    if (equals > 0 && isReporterName(name.slice(0, equals))) {
      throw new UsageError(`unknown reporter "${name}"`, `a reporter's path follows a colon: --reporter ${spec.slice(0, equals)}:${spec.slice(equals + 1)}`);
    }
    const meant = keyMeant(name, REPORTER_NAMES);
    throw new UsageError(`unknown reporter "${name}"${meant === undefined ? '' : ` (did you mean ${meant}?)`}`, `known reporters: ${REPORTER_NAMES.join(', ')}`);
  }
  const entry: Entry = REPORTERS[name];
  if (path !== undefined && entry.kind === 'prints') throw new UsageError(`reporter "${name}" takes no path (got "${spec}"); ${entry.why}`);
  if (path === '') throw new UsageError(`reporter "${name}" needs a path after the colon, as in ${name}:out/report`);
  return { name, path };
}

// Returns the reporter one read `--reporter` value asks for.
function createOutput(output: ReporterOutput, context: ReporterContext): Reporter {
  const entry: Entry = REPORTERS[output.name];
  if (entry.kind === 'prints') return entry.create(context);
  return entry.create(output.kind === 'file' ? output.file : resolve(context.cwd, entry.defaultPath));
}

// Returns the reporter, marked with how the user named it (failures are reported under that name).
function labelled(reporter: Reporter, label: ReporterLabel): Reporter {
  return Object.assign(reporter, { label });
}

// Returns a terminal reporter writing to the context's streams: colour and width follow stdout,
// the live progress line follows stderr, where it is drawn.
function createTerminalReporter({ cwd, stdout, stderr, env }: ReporterContext): TerminalReporter {
  const screen = { ...createScreen({ env, stream: stdout }), live: createScreen({ env, stream: stderr }).live };
  return new TerminalReporter({
    screen,
    write: (text) => void stdout.write(text),
    writeErr: (text) => void stderr.write(text),
    cwd,
  });
}

// Returns whether a string names a built-in reporter.
function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}
