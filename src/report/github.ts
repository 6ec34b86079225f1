/**
 * `--reporter github`: GitHub Actions workflow commands (SPEC §11 GitHub). Each failing case
 * becomes an `::error` annotation on the line of its `- id:` in the suite file, so the failure
 * shows on the pull request's diff; each failed threshold becomes an `::error` of its own.
 * On by default under `GITHUB_ACTIONS=true` (see registry.ts).
 */
import { isAbsolute, relative } from 'node:path';
import type { CaseResult } from '../config/schema/index.js';
import type { Verdict } from '../gate/types.js';
import { neutralize } from '../common/sanitize.js';
import { failingCases, type AttemptStatus } from './failing-cases.js';
import { reason } from './markdown.js';
import type { CaseEnd, Reporter, RunSummary } from './reporter.js';

export interface GithubReporterOptions {
  /** Writes to stdout, where the runner reads workflow commands. */
  write: (text: string) => void;
  /** Suite paths are made relative to this folder (the repository root in CI). */
  cwd: string;
}

type Location = CaseEnd['location'];

export class GithubReporter implements Reporter {
  private readonly locations = new Map<string, Location>();

  constructor(private readonly options: GithubReporterOptions) {}

  printsToStdio(): boolean {
    return true;
  }

  onCaseEnd({ result, location }: CaseEnd): void {
    this.locations.set(caseKey(result), location);
  }

  onRunEnd(summary: RunSummary, verdict: Verdict | undefined): void {
    const lines = formatAnnotations({ results: summary.results, statuses: summary.figures, verdict, locations: this.locations, cwd: this.options.cwd });
    if (lines.length > 0) this.options.write(`${lines.join('\n')}\n`);
  }
}

/** The workflow-command lines for a finished run: failing cases, then failed thresholds. */
export function formatAnnotations(input: {
  results: Iterable<CaseResult>;
  /** Tells the failing cases without reading `results` (the run's figures). */
  statuses?: Iterable<AttemptStatus> | undefined;
  verdict: Verdict | undefined;
  locations: ReadonlyMap<string, Location>;
  cwd: string;
}): string[] {
  const newly = new Set(input.verdict?.diff.newly_failing.map((c) => c.key) ?? []);
  const lines: string[] = [];
  for (const attempts of failingCases(input.results, input.statuses)) {
    const bad = attempts.filter((r) => r.status === 'failed' || r.status === 'error');
    const first = bad[0];
    if (first === undefined) continue;
    const name = `${first.suite}/${first.case_id}`;
    const ran = attempts.filter((r) => r.status !== 'skipped').length;
    const what = first.status === 'error' ? 'harness error' : newly.has(name) ? 'newly failing' : 'failed';
    const tally = ran > 1 ? ` (${bad.length}/${ran} attempts)` : '';
    const location = input.locations.get(caseKey(first));
    lines.push(
      workflowCommand('error', {
        ...(location ? fileProperties(location, input.cwd) : {}),
        title: `agentready: ${name} ${what}${tally}`,
      }, `${reason(first)}\ntrace ${first.trace_id}`),
    );
  }
  for (const check of input.verdict?.checks.filter((k) => !k.pass) ?? []) {
    lines.push(workflowCommand('error', { title: `agentready gate: ${check.metric} (${check.slice})` }, check.explanation));
  }
  return lines;
}

// Returns the file, line and col properties, the file relative to cwd with forward slashes.
function fileProperties(location: Location, cwd: string): Record<string, string> {
  const file = isAbsolute(location.file) ? relative(cwd, location.file) : location.file;
  return { file: file.split('\\').join('/'), line: String(location.line), col: String(location.column) };
}

/**
 * `::command key=value,…::message` with GitHub's escaping (actions/toolkit `command.ts`):
 * `%`, CR and LF in the message; those plus `:` and `,` in property values. Terminal control
 * characters are made visible first, so agent text can neither start a new command nor act
 * on the log viewer.
 */
export function workflowCommand(command: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** A message body escaped for a workflow command. */
export function escapeData(text: string): string {
  return neutralize(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value escaped for a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// Returns the key locations are stored under.
function caseKey(result: Pick<CaseResult, 'suite' | 'case_id'>): string {
  return `${result.suite}\0${result.case_id}`;
}
