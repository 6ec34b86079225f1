/**
 * `--reporter junit`: JUnit XML for CI test views (SPEC §11 JUnit, Repeats). One testcase per
 * case: the attempts of a repeated case collapse into one, which passes only when all pass (the
 * gate's fold), so tests/failures/errors/skipped count cases, as the terminal's and markdown's
 * case tally does; with repeats the document says so and each testsuite's properties carry the
 * attempts, the way test runners keep retries inside one testcase.
 */
import { fsPromises } from '../common/fs-promises.js';
import { makeFolderFor } from '../common/make-folder.js';
import type { CaseResult, CheckResult } from '../config/schema/index.js';
import type { Verdict } from '../gate/types.js';
import { neutralize, neutralizeLine } from '../common/sanitize.js';
import { checkLabel, firstLine, formatCustomCheck, formatValue } from './format-summary.js';
import { attemptTally, groupByCase, UNCOUNTED_WORDS, uncountedFailure, type UncountedFailure } from './failing-cases.js';
import { foldAttempts } from '../gate/diff.js';
import { plural } from '../common/plural.js';
import type { Reporter, RunPlan, RunSummary } from './reporter.js';
import { conversationLines } from './turns.js';
import { commandHint } from '../config/command-hint.js';
import { stoppedText } from './headline.js';

export class JunitReporter implements Reporter {
  /** Attempts the run planned. */
  private planned = 0;

  /** `path` is absolute, resolved by the registry. */
  constructor(readonly path: string) {}

  onRunStart(plan: RunPlan): void {
    this.planned = plan.total;
  }

  async onRunEnd(summary: RunSummary, verdict: Verdict | undefined): Promise<void> {
    makeFolderFor(this.path);
    // An interrupted run's file must not read as a clean one: the attempts that did not finish are an error of their own.
    const interrupted = summary.end.kind === 'interrupted' ? { signal: summary.end.signal, planned: this.planned, ...(summary.repeat === undefined ? {} : { repeat: summary.repeat }) } : undefined;
    const { writeFile } = fsPromises();
    await writeFile(
      this.path,
      formatJunit(summary.results, { timestamp: summary.suite_started_at ?? summary.started_at, durationMs: summary.duration_ms, uncounted: uncountedFailure(verdict), ...(interrupted ? { interrupted } : {}) }),
    );
  }
}

/** How one collapsed testcase ended, with its XML child element. */
type CaseOutcome =
  | { kind: 'passed' }
  | { kind: 'skipped'; message: string }
  | { kind: 'failure' | 'error'; message: string; body: string };

interface TestCase {
  name: string;
  seconds: number;
  result: CaseOutcome;
  attempts: CaseResult[];
}

/**
 * The JUnit XML document for a run's results. `interrupted`: the run was stopped with `planned`
 * attempts planned; those that did not finish are one error testcase, `agentready/run interrupted`.
 * `uncounted`: which failing cases the gate did not count (a known failure, a quarantined case),
 * said in the failure's message as every other reporter says it. `timestamp`: when the run started,
 * every testsuite's; or, for a merged run, each suite's own start by name, and none for a suite absent.
 * `durationMs`: how long the run took (its wall time, every session of it), `<testsuites time>`, as
 * Playwright's junit reporter writes there: cases run side by side, so the sum of their times (each
 * `<testsuite time>`, as there) overstates it; without it, that sum.
 */
export function formatJunit(
  results: Iterable<CaseResult>,
  options: { timestamp?: string | ReadonlyMap<string, string>; durationMs?: number; interrupted?: { signal: string; planned: number; repeat?: number }; uncounted?: (key: string) => UncountedFailure | null } = {},
): string {
  const suites = new Map<string, TestCase[]>();
  let ran = 0;
  for (const attempts of groupByCase(results)) {
    const first = attempts[0]!;
    const cases = suites.get(first.suite) ?? [];
    const mark = options.uncounted?.(`${first.suite}/${first.case_id}`) ?? null;
    cases.push({ name: first.case_id, seconds: sumSeconds(attempts), result: marked(judge(attempts, options.interrupted?.repeat), mark), attempts });
    suites.set(first.suite, cases);
    ran += attempts.length;
  }
  if (options.interrupted) {
    const { signal, planned } = options.interrupted;
    const message = `the run was ${stoppedText({ signal, ran, planned })}`;
    const body = `${message}\n\`${commandHint('eval --resume')}\` goes on with them in the same run folder`;
    suites.set('agentready', [...(suites.get('agentready') ?? []), { name: 'run interrupted', seconds: 0, result: { kind: 'error', message, body }, attempts: [] }]);
  }
  const all = [...suites.values()].flat();
  const time = (cases: TestCase[]) => cases.reduce((sum, c) => sum + c.seconds, 0).toFixed(3);
  // One time for every testsuite, or (a merged run) each suite's own: none for a suite whose start is not known.
  const stamp = (suite: string) => {
    const at = typeof options.timestamp === 'string' ? options.timestamp : options.timestamp?.get(suite);
    return at === undefined ? '' : ` timestamp=${attr(at)}`;
  };
  const repeat = Math.max(0, ...all.map((c) => c.attempts.length));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    ...(repeat > 1 ? [`<!-- ${unitNote(all, repeat)} -->`] : []),
    `<testsuites name="agentready" ${counts(all)} time="${options.durationMs === undefined ? time(all) : (options.durationMs / 1000).toFixed(3)}">`,
  ];
  for (const [suite, cases] of suites) {
    lines.push(`  <testsuite name=${attr(suite)} ${counts(cases)} time="${time(cases)}"${stamp(suite)}>`);
    if (repeat > 1) lines.push(...attemptProperties(cases));
    for (const testCase of cases) lines.push(...formatTestCase(suite, testCase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

// Returns the <testcase> element's lines.
function formatTestCase(suite: string, testCase: TestCase): string[] {
  const open = `    <testcase name=${attr(testCase.name)} classname=${attr(suite)} time="${testCase.seconds.toFixed(3)}"`;
  const { result } = testCase;
  // Custom scorers' results (pass, score, reason) as the testcase's output, whatever its outcome.
  const custom = testCase.attempts.flatMap((r) => r.checks.filter((c) => c.check === 'custom').map(formatCustomCheck));
  const out = custom.length === 0 ? [] : [`      <system-out>${text(custom.join('\n'))}</system-out>`];
  switch (result.kind) {
    case 'passed':
      return out.length === 0 ? [`${open}/>`] : [`${open}>`, ...out, '    </testcase>'];
    case 'skipped':
      return [`${open}>`, `      <skipped message=${attr(result.message)}/>`, '    </testcase>'];
    case 'failure':
    case 'error':
      return [
        `${open}>`,
        `      <${result.kind} message=${attr(firstLine(result.message))}>${text(result.body)}</${result.kind}>`,
        ...out,
        '    </testcase>',
      ];
  }
}

// Returns how a case's attempts end as one testcase, folded as the gate folds them: failed when any
// attempt failed (flaky or not), else error when any could not run, skipped when any was skipped, else passed.
// `repeat`: the attempts per case an interrupted run planned; a case that ran fewer and failed none is skipped (not judged).
function judge(attempts: CaseResult[], repeat: number | undefined): CaseOutcome {
  const passed = attempts.filter((r) => r.status === 'passed').length;
  switch (foldAttempts(attempts.map((r) => r.status), repeat)) {
    case 'failed': {
      const failed = attempts.filter((r) => r.status === 'failed');
      const ran = failed.length + passed;
      const body = failed.map((r) => describeAttempt(r, ran > 1)).join('\n\n');
      // A flaky case's message is every reporter's ("flaky: 2/3 attempts passed"); under --repeat another
      // failing case's carries the tally after its first failure ("… (failed 2/3 attempts)"), as the terminal's.
      const tally = attemptTally(attempts);
      const message = tally === undefined ? headline(failed[0]!) : tally.kind === 'flaky' ? tally.text : `${headline(failed[0]!)} (${tally.text})`;
      return { kind: 'failure', message, body };
    }
    case 'error': {
      const errored = attempts.find((r) => r.status === 'error')!;
      const message = errored.error ? `${errored.error.code}: ${errored.error.message}` : 'harness error';
      // Under --repeat, every reporter's tally after the first line ("harness error in 2/5 attempts").
      const tally = attemptTally(attempts);
      return {
        kind: 'error',
        message: tally === undefined ? message : `${firstLine(message)} (${tally.text})`,
        body: [message, ...conversationLines(errored), `trace ${errored.trace_id}`].join('\n'),
      };
    }
    case 'skipped': {
      // Why, when the run said (the run-wide cost cap: `skipped: the run reached max_run_cost_usd 1`), for the CI test view.
      const reason = attempts.find((r) => r.error !== undefined)?.error?.message;
      // Some attempts ran, all passed, the rest skipped: not judged, and said so ("1/2 attempts ran").
      const ran = attempts.length - attempts.filter((r) => r.status === 'skipped').length;
      const partly = ran > 0 ? ` (${ran}/${Math.max(attempts.length, repeat ?? 0)} attempts ran: not judged)` : '';
      return { kind: 'skipped', message: `${reason === undefined ? 'skipped' : `skipped: ${firstLine(reason)}`}${partly}` };
    }
    case 'passed':
      return { kind: 'passed' };
  }
}

// Returns a failure the gate did not count with its mark after the message: "… (known failure: failed in the baseline too)".
function marked(outcome: CaseOutcome, mark: UncountedFailure | null): CaseOutcome {
  return outcome.kind === 'failure' && mark !== null ? { ...outcome, message: `${firstLine(outcome.message)} (${UNCOUNTED_WORDS[mark]})` } : outcome;
}

// Returns the document's note on its unit under --repeat: what the counts count, and the attempts.
function unitNote(cases: TestCase[], repeat: number): string {
  const t = attemptCounts(cases);
  return `tests, failures, errors and skipped count cases: each case ran up to ${repeat} attempts (--repeat) and is one testcase, a failure when any attempt failed ("flaky: i/k attempts passed" when others passed); attempts: ${t.attempts}, ${t.passed} passed, ${t.failed} failed, ${plural(t.errors, 'error')}, ${t.skipped} skipped`;
}

// Returns a testsuite's <properties>: its attempts and how they ended.
function attemptProperties(cases: TestCase[]): string[] {
  const t = attemptCounts(cases);
  const property = (name: string, value: number) => `      <property name="agentready.${name}" value="${value}"/>`;
  return [
    '    <properties>',
    property('attempts', t.attempts),
    property('attempts_passed', t.passed),
    property('attempts_failed', t.failed),
    property('attempts_errors', t.errors),
    property('attempts_skipped', t.skipped),
    '    </properties>',
  ];
}

// Returns the attempts of some testcases, counted by status.
function attemptCounts(cases: TestCase[]): { attempts: number; passed: number; failed: number; errors: number; skipped: number } {
  const attempts = cases.flatMap((c) => c.attempts);
  const n = (status: CaseResult['status']) => attempts.filter((r) => r.status === status).length;
  return { attempts: attempts.length, passed: n('passed'), failed: n('failed'), errors: n('error'), skipped: n('skipped') };
}

// Returns why an attempt failed in one line: "timed out", then its first failing check as "check: reason".
function headline(result: CaseResult): string {
  const check = failingChecks(result)[0];
  const parts = result.outcome === 'timeout' ? ['timed out'] : [];
  if (check) parts.push(`${checkLabel(check)}: ${check.reason}`);
  return parts.length > 0 ? parts.join(' · ') : 'failed';
}

// Returns every failing check of one attempt with expected and found, plus its trace id.
function describeAttempt(result: CaseResult, withAttempt: boolean): string {
  const lines = withAttempt ? [`attempt ${result.attempt}:`] : [];
  const checks = failingChecks(result);
  if (checks.length === 0 || result.outcome === 'timeout') lines.push(headline(result));
  for (const check of checks) {
    lines.push(`${checkLabel(check)}: ${check.reason}`, `  expected  ${formatValue(check.expected)}`, `  found     ${formatValue(check.found)}`);
  }
  lines.push(...conversationLines(result), `trace ${result.trace_id}`);
  return lines.join('\n');
}

// Returns an attempt's failing checks.
function failingChecks(result: CaseResult): Extract<CheckResult, { pass: false }>[] {
  return result.checks.filter((k): k is Extract<CheckResult, { pass: false }> => !k.pass);
}

// Returns the count attributes every <testsuite(s)> carries.
function counts(cases: TestCase[]): string {
  const n = (kind: CaseOutcome['kind']) => cases.filter((c) => c.result.kind === kind).length;
  return `tests="${cases.length}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}"`;
}

// Returns the attempts' total duration in seconds.
function sumSeconds(attempts: CaseResult[]): number {
  return attempts.reduce((sum, r) => sum + r.duration_ms, 0) / 1000;
}

/** Characters XML 1.0 cannot hold at all, even escaped (lone surrogates included). */
const ILLEGAL_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `value` as a quoted XML attribute, on one line: control characters (newlines too) made visible, illegal ones dropped. */
export function attr(value: string): string {
  const escaped = escapeXml(neutralizeLine(value).replace(ILLEGAL_XML, ''));
  return `"${escaped}"`;
}

/** `value` as XML element text; control characters made visible, illegal ones dropped. */
export function text(value: string): string {
  return escapeXml(neutralize(value).replace(ILLEGAL_XML, ''));
}

// Returns text with the five XML special characters escaped.
function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
