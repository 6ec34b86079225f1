/**
 * `--reporter name[:path]` → reporters (Playwright `runner/reporters.ts`): a const map of the
 * built-in ones, made from the values specs.ts reads (output paths resolved against cwd there),
 * and a terminal reporter first unless the user asked for one.
 */
import { resolve } from 'node:path';
import { GithubReporter } from './github.js';
import { annotationRoot } from './github-commands.js';
import { HtmlReporter } from './html/index.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import { MarkdownReporter } from './markdown.js';
import type { Reporter, ReporterLabel } from './reporter.js';
import { createScreen } from './screen.js';
import { inCi } from './color-level.js';
import { TerminalReporter } from './terminal.js';
import type { ReporterName } from './names.js';
import { readReporterSpec, REPORTER_KINDS, type ReporterOutput } from './specs.js';
import { stepSummaryOf } from './destinations.js';

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

/** How a built-in reporter is made (what kind it is, `specs.ts`'s): one that prints, from the streams; one that writes a file, from its absolute path. */
const MAKERS = {
  terminal: (context) => createTerminalReporter(context),
  json: (file) => new JsonReporter(file),
  junit: (file) => new JunitReporter(file),
  markdown: (file) => new MarkdownReporter({ path: file }),
  github: (context) => new GithubReporter({ cwd: context.cwd, root: annotationRoot(context.env), write: (text) => void context.stdout.write(text) }),
  html: (file) => new HtmlReporter(file),
} satisfies { [name in ReporterName]: (typeof REPORTER_KINDS)[name]['kind'] extends 'prints' ? (context: ReporterContext) => Reporter : (file: string) => Reporter };

/**
 * The reporters for `--reporter` specs, in order, with a terminal reporter first unless one was
 * given. Under `GITHUB_ACTIONS=true` (SPEC §11 GitHub) the github reporter is added unless named,
 * and the markdown summary is appended to `$GITHUB_STEP_SUMMARY` when that is set — except for a
 * shard, whose cases the merge job annotates and summarizes once for all shards. Touches no file:
 * `checkReporterOutputs` (destinations.ts) is what looks at the disk before a run.
 */
export function createReporters(specs: readonly string[], context: ReporterContext): Reporter[] {
  const outputs = specs.map((spec) => readReporterSpec(spec, context.cwd));
  const reporters = outputs.map((output) => labelled(createOutput(output, context), output.label));
  if (!outputs.some(({ name }) => name === 'terminal')) reporters.unshift(labelled(MAKERS.terminal(context), { name: 'terminal' }));
  if (context.env['GITHUB_ACTIONS'] === 'true' && context.shard !== true) {
    if (!outputs.some(({ name }) => name === 'github')) reporters.push(labelled(MAKERS.github(context), { name: 'github' }));
    const stepSummary = stepSummaryOf({ env: context.env, shard: false });
    const summaryPath = stepSummary === undefined ? undefined : resolve(context.cwd, stepSummary);
    const named = reporters.some((r) => r instanceof MarkdownReporter && r.path === summaryPath);
    if (summaryPath && !named) reporters.push(labelled(new MarkdownReporter({ path: summaryPath, append: true }), { name: 'markdown', path: '$GITHUB_STEP_SUMMARY' }));
  }
  return reporters;
}

// Returns the reporter one read `--reporter` value asks for.
function createOutput(output: ReporterOutput, context: ReporterContext): Reporter {
  if (output.kind === 'prints') return (MAKERS[output.name] as (context: ReporterContext) => Reporter)(context);
  return (MAKERS[output.name] as (file: string) => Reporter)(output.file);
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
    ci: inCi(env),
  });
}
