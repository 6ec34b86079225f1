/**
 * `--reporter github`: GitHub Actions workflow commands (SPEC §11 GitHub). Each failing case
 * becomes an annotation on the line of its `- id:` in the suite file, so it shows on the pull
 * request's diff, at the level the gate gives it: `::error` for a failure the gate counts (new,
 * or any failure without a baseline) and for a harness error, `::warning` for a known failure
 * (it failed in the baseline too), `::notice` for a quarantined case (run and reported, counted
 * by no threshold). Each failed threshold becomes an `::error` of its own, printed before the
 * cases' annotations: GitHub shows only the first ten of each level a step prints, and the
 * verdict must be among them; past ten, a notice says so.
 * On by default under `GITHUB_ACTIONS=true` (see registry.ts).
 */
import type { CaseResult } from '../config/schema/index.js';
import type { QuarantinedCase } from '../gate/quarantine.js';
import type { RunEnd } from '../gate/run-end.js';
import type { Verdict } from '../gate/types.js';
import { UNDECIDABLE } from '../score/index.js';
import { attemptTally, failingCases, type AttemptStatus } from './failing-cases.js';
import { fileProperties, workflowCommand } from './github-commands.js';
import { headlineOf, headlineText } from './headline.js';
import { reason } from './failure-reason.js';
import type { CaseEnd, Reporter, RunSummary } from './reporter.js';

export interface GithubReporterOptions {
  /** Writes to stdout, where the runner reads workflow commands. */
  write: (text: string) => void;
  /** The folder eval runs in: a suite path that is not absolute is from it. */
  cwd: string;
  /** Suite paths are made relative to this folder: the repository root on a runner, where GitHub places annotations from; `cwd` when absent. */
  root?: string | undefined;
}

type Location = CaseEnd['location'];

export class GithubReporter implements Reporter {
  private readonly locations = new Map<string, Location>();

  constructor(private readonly options: GithubReporterOptions) {}

  printsToStdio(): boolean {
    return true;
  }

  // Only a failed or errored attempt is annotated (formatAnnotations reads the location of a
  // case's first such attempt): a passed or skipped one's is not kept, no key made for it.
  onCaseEnd({ result, location }: CaseEnd): void {
    if (result.status === 'failed' || result.status === 'error') this.locations.set(caseKey(result), location);
  }

  onRunEnd(summary: RunSummary, verdict: Verdict | undefined): void {
    const lines = formatAnnotations({ results: summary.results, statuses: summary.figures, verdict, end: summary.end, locations: this.locations, cwd: this.options.cwd, root: this.options.root });
    if (lines.length > 0) this.options.write(`${lines.join('\n')}\n`);
  }
}

/** The workflow-command lines for a finished run: failing cases, then failed thresholds. */
export function formatAnnotations(input: {
  results: Iterable<CaseResult>;
  /** Tells the failing cases without reading `results` (the run's figures). */
  statuses?: Iterable<AttemptStatus> | undefined;
  verdict: Verdict | undefined;
  /** How the run ended: an incomplete one (exit 3) says why on the run, first. */
  end?: RunEnd | undefined;
  locations: ReadonlyMap<string, Location>;
  cwd: string;
  /** Annotation paths are from this folder (the repository root on a runner); `cwd` when absent. */
  root?: string | undefined;
}): string[] {
  const newly = new Set(input.verdict?.diff.newly_failing.map((c) => c.key) ?? []);
  const known = new Set(input.verdict?.diff.known_failing.map((c) => c.key) ?? []);
  const quarantined = new Map(input.verdict?.quarantined.map((q) => [`${q.suite}/${q.case_id}`, q]) ?? []);
  const cases: Array<{ command: 'error' | 'warning' | 'notice'; line: string }> = [];
  for (const attempts of failingCases(input.results, input.statuses)) {
    const bad = attempts.filter((r) => r.status === 'failed' || r.status === 'error');
    const first = bad[0];
    if (first === undefined) continue;
    const name = `${first.suite}/${first.case_id}`;
    const counted = attemptTally(attempts);
    const tally = counted ? ` (${counted.text})` : '';
    const level = levelOf({ name, status: first.status, undecidable: first.error?.code === UNDECIDABLE, newly, known, quarantined });
    const location = input.locations.get(caseKey(first));
    cases.push({
      command: level.command,
      line: workflowCommand(level.command, { properties: {
        ...(location ? fileProperties(location, input) : {}),
        title: `agentready: ${name} ${level.what}${tally}`,
      }, message: `${level.why}${reason(first)}\ntrace ${first.trace_id}` }),
    });
  }
  // The verdict first: GitHub shows a step's first annotations of each level only. A run that
  // ended short (exit 3) says why before it: cases skipped at the run's cost cap have no annotation.
  const gate: string[] = [];
  const headline = input.end === undefined ? undefined : headlineOf({ end: input.end }, input.verdict);
  if (headline?.kind === 'incomplete') gate.push(workflowCommand('error', { properties: { title: 'agentready: run incomplete' }, message: headlineText(headline) }));
  const newlyFailing = input.verdict?.newly_failing;
  if (newlyFailing?.pass === false) gate.push(workflowCommand('error', { properties: { title: 'agentready gate: newly_failing' }, message: newlyFailing.explanation }));
  for (const check of input.verdict?.checks.filter((k) => !k.pass) ?? []) {
    gate.push(workflowCommand('error', { properties: { title: `agentready gate: ${check.metric} (${check.slice})` }, message: check.explanation }));
  }
  const overflow = overflowNotice({ errors: gate.length + cases.filter((c) => c.command === 'error').length, warnings: cases.filter((c) => c.command === 'warning').length });
  return [...gate, ...(overflow ? [overflow] : []), ...cases.map((c) => c.line)];
}

/** Annotations of one level GitHub shows for a step (actions/toolkit docs/problem-matchers.md); the rest are in the log only. */
const ANNOTATIONS_SHOWN_PER_LEVEL = 10;

/** A notice, before the cases' notices, when the errors or the warnings are more than GitHub shows: the log lists every failing case. */
function overflowNotice(counts: { errors: number; warnings: number }): string | undefined {
  const over = [
    ...(counts.errors > ANNOTATIONS_SHOWN_PER_LEVEL ? [`${counts.errors} errors`] : []),
    ...(counts.warnings > ANNOTATIONS_SHOWN_PER_LEVEL ? [`${counts.warnings} warnings`] : []),
  ];
  if (over.length === 0) return undefined;
  return workflowCommand('notice', { properties: { title: `agentready: ${over.join(' and ')}` }, message: `GitHub shows the first ${ANNOTATIONS_SHOWN_PER_LEVEL} annotations of each level of a step: the gate's first, then the failing cases in run order. The step's log lists every failing case; the job's summary, the first of them.` });
}

/**
 * How a failing case is annotated, matching what the gate made of it: a quarantined case and a
 * known failure do not fail the gate, and their message says why first.
 */
function levelOf(input: {
  name: string;
  status: CaseResult['status'];
  /** An error because a redacted trace could not decide a check (score): no harness error, as the headline says. */
  undecidable: boolean;
  newly: ReadonlySet<string>;
  known: ReadonlySet<string>;
  quarantined: ReadonlyMap<string, QuarantinedCase>;
}): { command: 'error' | 'warning' | 'notice'; what: string; why: string } {
  const quarantine = input.quarantined.get(input.name);
  const failed = input.status !== 'error' ? 'failed' : input.undecidable ? 'not decidable (redacted trace)' : 'harness error';
  if (quarantine) {
    return { command: 'notice', what: `${failed} (quarantined)`, why: `quarantined until ${quarantine.until} (${quarantine.reason}): reported, not counted by the gate\n` };
  }
  // The gate's fold (known failures are failed cases): an errored attempt beside a failed one does not make it new.
  if (input.known.has(input.name)) {
    return { command: 'warning', what: 'failed (known failure)', why: 'failed in the baseline too: a known failure, not a regression\n' };
  }
  if (input.status === 'error') return { command: 'error', what: failed, why: '' };
  return { command: 'error', what: input.newly.has(input.name) ? 'newly failing' : 'failed', why: '' };
}

// Returns the key locations are stored under.
function caseKey(result: Pick<CaseResult, 'suite' | 'case_id'>): string {
  return `${result.suite}\0${result.case_id}`;
}
