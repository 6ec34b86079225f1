/**
 * `--reporter name[:path]` → reporters (Playwright `runner/reporters.ts`): a const map of the
 * built-in ones, output paths resolved against cwd, and a terminal reporter first unless the
 * user asked for one.
 */
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { GithubReporter } from './github.js';
import { HtmlReporter } from './html/index.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import { MarkdownReporter } from './markdown.js';
import type { Reporter } from './reporter.js';
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

type Factory = (path: string | undefined, context: ReporterContext) => Reporter;

const REPORTERS = {
  terminal: (path, context) => {
    if (path !== undefined) throw new UsageError(`reporter "terminal" takes no path (got "terminal:${path}")`);
    return createTerminalReporter(context);
  },
  json: (path, { cwd }) => new JsonReporter(resolve(cwd, path ?? 'agentready-report.json')),
  junit: (path, { cwd }) => new JunitReporter(resolve(cwd, path ?? 'agentready-junit.xml')),
  markdown: (path, { cwd }) => new MarkdownReporter({ path: resolve(cwd, path ?? 'agentready-summary.md') }),
  github: (path, { cwd, stdout }) => {
    if (path !== undefined) throw new UsageError(`reporter "github" takes no path (got "github:${path}"); it prints workflow commands`);
    return new GithubReporter({ cwd, write: (text) => void stdout.write(text) });
  },
  html: (path, { cwd }) => new HtmlReporter(resolve(cwd, path ?? 'agentready-report.html')),
} satisfies Record<ReporterName, Factory>;

export { REPORTER_NAMES, type ReporterName };

/**
 * The reporters for `--reporter` specs, in order, with a terminal reporter first unless one was
 * given. Under `GITHUB_ACTIONS=true` (SPEC §11 GitHub) the github reporter is added unless named,
 * and the markdown summary is appended to `$GITHUB_STEP_SUMMARY` when that is set — except for a
 * shard, whose cases the merge job annotates and summarizes once for all shards.
 */
export function createReporters(specs: string[], context: ReporterContext): Reporter[] {
  const parsed = specs.map(parseSpec);
  const reporters = parsed.map(({ name, path }) => REPORTERS[name](path, context));
  if (!parsed.some(({ name }) => name === 'terminal')) reporters.unshift(createTerminalReporter(context));
  if (context.env['GITHUB_ACTIONS'] === 'true' && context.shard !== true) {
    if (!parsed.some(({ name }) => name === 'github')) reporters.push(REPORTERS.github(undefined, context));
    const stepSummary = context.env['GITHUB_STEP_SUMMARY'];
    const summaryPath = stepSummary ? resolve(context.cwd, stepSummary) : undefined;
    const named = reporters.some((r) => r instanceof MarkdownReporter && r.path === summaryPath);
    if (summaryPath && !named) reporters.push(new MarkdownReporter({ path: summaryPath, append: true }));
  }
  return reporters;
}

/** Splits a `name[:path]` option value ("junit:out/junit.xml") at its first colon. */
export function splitSpec(spec: string): { name: string; path: string | undefined } {
  const colon = spec.indexOf(':');
  return colon === -1 ? { name: spec, path: undefined } : { name: spec.slice(0, colon), path: spec.slice(colon + 1) };
}

/** A `--reporter` value as a reporter and its path; an unknown name is a usage error. */
export function parseSpec(spec: string): { name: ReporterName; path: string | undefined } {
  const { name, path } = splitSpec(spec);
  if (!isReporterName(name)) {
    throw new UsageError(`unknown reporter "${name}"`, `known reporters: ${REPORTER_NAMES.join(', ')}`);
  }
  if (path === '') throw new UsageError(`reporter "${name}" needs a path after the colon, as in ${name}:out/report`);
  return { name, path };
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
