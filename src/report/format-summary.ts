/**
 * Pure renderers of a finished run for the terminal: the metrics table and the failing cases (the
 * gate's verdict is format-verdict.ts's). Each takes a Screen and data, returns text, and prints nothing.
 */
import { plainTable } from './plain-table.js';
import type { CaseResult, CheckResult, MetricsBySlice, RunMetrics } from '../config/schema/index.js';
import type { Verdict } from '../gate/types.js';
import { caseKey } from '../gate/diff.js';
import { withoutQuarantined } from '../gate/quarantine.js';
import { compareCaseKeys } from '../common/case-keys.js';
import { jsonText, neutralizeLine } from '../common/sanitize.js';
import { sliceLabels } from './slice-labels.js';
import { conversationLines } from './turns.js';
import { groupVariantFailures } from './failure-groups.js';
import { attemptTally, descriptionLine, failingCases, UNCOUNTED_WORDS, uncountedFailure, type AttemptStatus, type CaseTally } from './failing-cases.js';
import type { Screen } from './screen.js';
import { formatMs, formatRate, formatUsd } from './format-figures.js';
import { plural } from '../common/plural.js';
import { shortenJson } from '../common/shorten.js';


/** Longest JSON shown for a check's expected/found value, in characters. */
const VALUE_WIDTH = 80;

const HEAD = ['slice', 'success (95% CI)', 'escal.', 'policy', 'p50/p95', '$/task', '$ total'];
/**
 * Width of every column but the first (the slice name takes what is left, up to 30), one
 * space apart: each fits its longest value plus a `*` marking a failed threshold.
 */
const VALUE_COLUMNS = [16, 6, 6, 12, 8, 8];
const MAX_SLICE_WIDTH = 30;
/** Flaky cases named on the repeats line; the failure list shows every one. */
const MAX_FLAKY_LISTED = 5;

/** A table cell's figure as shown, `*` included when it is past a failed threshold (`past`: shown red). */
interface Figure {
  text: string;
  past: boolean;
}

/**
 * One counts line, then a table: overall first, then each suite when there are several, then
 * any slice a failed threshold names. Metrics that failed a threshold are marked `*`.
 */
export function formatSummaryTable(
  screen: Screen,
  { metrics: all, verdict, cases, results, asked }: { metrics: MetricsBySlice; verdict?: Verdict | undefined; cases?: CaseTally | undefined; results?: Iterable<CaseResult> | undefined; asked?: number | undefined },
): string {
  const c = screen.colors;
  const { metrics, withQuarantined } = gatedMetrics({ metrics: all, verdict, results, planned: asked });
  const failed = new Set((verdict?.checks ?? []).filter((k) => !k.pass).map((k) => `${k.slice}\0${k.metric}`));
  /** A figure, with `*` when a threshold on it (any of `metrics`) failed in this slice. */
  const figure = ({ slice, metrics: names, text }: { slice: string; metrics: readonly string[]; text: string }): Figure =>
    names.some((metric) => failed.has(`${slice}\0${metric}`)) ? { text: `${text}*`, past: true } : { text, past: false };
  const rows = [...tableRows({ metrics, failed, withQuarantined })].map(([slice, m]) => ({
    slice,
    figures: [
      figure({ slice, metrics: ['success_rate'], text: formatRate(m.success_rate, true) }),
      figure({ slice, metrics: ['escalation_rate'], text: formatRate(m.escalation_rate, false) }),
      figure({ slice, metrics: ['policy_compliance'], text: formatRate(m.policy_compliance, false) }),
      figure({ slice, metrics: ['p50_latency_ms', 'p95_latency_ms'], text: `${formatMs(m.p50_latency_ms)}/${formatMs(m.p95_latency_ms)}` }),
      figure({ slice, metrics: ['cost_per_task'], text: formatUsd(m.cost_per_task) }),
      figure({ slice, metrics: ['cost_total'], text: formatUsd(m.cost_total) }),
    ],
  }));
  const marked = rows.some((row) => row.figures.some((f) => f.past));
  // A figure longer than its column widens it (a run's $1234.56 total, a 10-minute p95): the
  // table would cut it, losing a digit and its `*` ("$1234.5…").
  const widths = VALUE_COLUMNS.map((width, i) => Math.max(width, ...rows.map((row) => [...row.figures[i]!.text].length)));

  const fixed = widths.reduce((a, b) => a + b, 0) + widths.length;
  const sliceWidth = Math.max(12, Math.min(MAX_SLICE_WIDTH, screen.columns - 1 - fixed));
  const table = plainTable({ head: HEAD.map((h) => c.bold(h)), colWidths: [sliceWidth, ...widths], colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'], gap: 1 });
  // A slice's name may be any text (a tag): neutralized as every other printed name is.
  const labels = sliceLabels(rows.map((row) => neutralizeLine(row.slice)), sliceWidth);
  rows.forEach(({ figures }, i) => table.push([labels[i]!, ...figures.map((f) => (f.past ? c.red(f.text) : f.text))]));
  const [head = '', ...body] = table.toString().split('\n').map((line) => line.trimEnd());
  const rule = c.dim('─'.repeat(Math.min(screen.columns - 1, sliceWidth + fixed)));
  const footnote = [...(marked ? [c.dim('* past a gate threshold')] : []), ...(withQuarantined ? [c.dim(quarantinedNote(verdict?.quarantined.length ?? 0))] : [])];
  const repeats = formatRepeats(all.overall, asked);
  return [formatCounts(all.overall, cases), ...(repeats ? [repeats] : []), '', head, rule, ...body, ...footnote].join('\n');
}

/** The row that counts every case, quarantined ones too, under the gate's `overall`. */
export const WITH_QUARANTINED_ROW = 'with quarantined';

/** The line under a table whose rates are the gate's (the terminal's, markdown's, HTML's): which cases they leave out, and which row or column has them. */
export function quarantinedNote(count: number): string {
  return `rates leave out ${plural(count, 'quarantined case')}, as the gate does; "${WITH_QUARANTINED_ROW}" counts every case`;
}

/**
 * The metrics a table shows: the gate's (quarantined cases set aside, SPEC §14), so the rate a
 * threshold marks is the one the gate judged, and the run's overall with them as `withQuarantined`,
 * when any quarantined case ran (else the run's own, and no such row). `planned`: the run's repeat
 * (RunSummary.repeat), which the run's own metrics were computed with.
 */
export function gatedMetrics({ metrics, verdict, results, planned }: { metrics: MetricsBySlice; verdict?: Verdict | undefined; results?: Iterable<CaseResult> | undefined; planned?: number | undefined }): {
  metrics: MetricsBySlice;
  withQuarantined?: RunMetrics;
} {
  if (!verdict || verdict.quarantined.length === 0 || !results) return { metrics };
  const gated = withoutQuarantined({ results: [...results], metrics, quarantined: verdict.quarantined, planned });
  return gated.ran.length === 0 ? { metrics } : { metrics: gated.metrics, withQuarantined: metrics.overall };
}

/**
 * "12 cases · 11 passed · 1 failed · 0 errors · 0 skipped"; with repeats, cases and attempts each
 * named as such, "12 cases: 10 passed · 2 failed · 0 errors · 0 skipped · 1 flaky (36 attempts:
 * 33 passed · 3 failed · 0 errors · 0 skipped)", the case tally when the caller has one.
 */
export function formatCounts(m: RunMetrics, cases?: CaseTally): string {
  const flaky = m.flaky_cases?.length ?? 0;
  const tally = (t: CaseTally) => [`${t.passed} passed`, `${t.failed} failed`, plural(t.errors, 'error'), `${t.skipped} skipped`];
  const attempts = tally({ passed: m.passed, failed: m.failed, errors: m.errors, skipped: m.skipped });
  if (m.attempts === m.cases) return [plural(m.cases, 'case'), ...attempts, ...(flaky > 0 ? [`${flaky} flaky`] : [])].join(' · ');
  const attemptPart = `${plural(m.attempts, 'attempt')}: ${attempts.join(' · ')}`;
  if (cases === undefined) return [plural(m.cases, 'case'), ...(flaky > 0 ? [plural(flaky, 'flaky case')] : []), attemptPart].join(' · ');
  return `${plural(m.cases, 'case')}: ${[...tally(cases), ...(flaky > 0 ? [`${flaky} flaky`] : [])].join(' · ')} (${attemptPart})`;
}

/**
 * The requests refused for want of the run's token (tools_url, mcp_url, the model gateway), with
 * what the agent must send: one wording for the terminal and the markdown summary. The gateway's
 * token is in its base URLs' path, since the SDK's Authorization header carries the provider key.
 */
export function unauthenticatedNote(count: number): string {
  return `${plural(count, 'request')} without the run's token ${count === 1 ? 'was' : 'were'} refused (HTTP 401): send \`Authorization: Bearer <token>\`, the run params' token, to tools_url and mcp_url, and call the model gateway at the run params' \`models\` base URLs as they are (the token is in their path).`;
}

/**
 * With repeats (k > 1): "repeat 3 · pass^3 80% (55–93) · pass@3 95% (76–99) · flaky: suite/a, suite/b";
 * '' without repeats. `asked`: the run's --repeat, when it is known (RunSummary.repeat): a run
 * interrupted before any case ran all its attempts says both, "repeat 3 asked · at most 2 attempts
 * of a case finished · pass^2 …", not "repeat 2" as if 2 had been asked.
 */
export function formatRepeats(m: RunMetrics, asked?: number): string {
  const k = m.repeat ?? 1;
  const short = asked !== undefined && asked > k && asked > 1;
  const finished = short ? [`repeat ${asked} asked`, `at most ${plural(k, 'attempt')} of a case finished`] : [`repeat ${k}`];
  if (k <= 1 || !m.pass_hat_k || !m.pass_at_k) return short ? finished.join(' · ') : '';
  const parts = [...finished, `pass^${k} ${formatRate(m.pass_hat_k, true)}`, `pass@${k} ${formatRate(m.pass_at_k, true)}`];
  // The baseline records them as text sorts (c10 before c2); shown in case-number order.
  const flaky = [...(m.flaky_cases ?? [])].sort(compareCaseKeys);
  if (flaky.length > 0) {
    const shown = flaky.slice(0, MAX_FLAKY_LISTED).map(neutralizeLine).join(', ');
    parts.push(`flaky: ${shown}${flaky.length > MAX_FLAKY_LISTED ? ` (+${flaky.length - MAX_FLAKY_LISTED} more)` : ''}`);
  }
  return parts.join(' · ');
}

// Returns [slice key, metrics] in display order.
function tableRows({ metrics, failed, withQuarantined }: { metrics: MetricsBySlice; failed: Set<string>; withQuarantined?: RunMetrics | undefined }): [string, RunMetrics][] {
  const keys = Object.keys(metrics.slices).sort();
  const suites = keys.filter((k) => k.startsWith('suite:'));
  const failing = new Set([...failed].map((k) => k.split('\0')[0]));
  const shown = keys.filter((k) => (suites.length > 1 && k.startsWith('suite:')) || failing.has(k));
  const all: [string, RunMetrics][] = withQuarantined ? [[WITH_QUARANTINED_ROW, withQuarantined]] : [];
  return [['overall', metrics.overall], ...all, ...shown.map((k): [string, RunMetrics] => [k, metrics.slices[k]!])];
}

/**
 * Failure blocks printed in full; past them each further failing case (or group of variants) gets
 * one line. Every case's checks in full are in the run folder and the other reporters.
 */
export const FULL_FAILURES = 20;
/** Cases named on a group's "also failed the same way" line; the rest are counted. */
const ALIKE_LISTED = 20;

/**
 * One block per failing or error case (attempts of a repeated case grouped):
 * `✗ suite/case_id  check: reason`, then its other failing checks, each with expected/found, its
 * tool calls with their answers when `calls` (keyed by trace id) has them, its trace id and, when
 * `locations` (keyed by caseKey) has it, `defined at file:line:column` of the case.
 * A base case's adversarial variants that failed the same way (`groupVariantFailures`) are one
 * block and a line naming the others; past FULL_FAILURES blocks, each further case is one line.
 */
export function formatFailures(
  screen: Screen,
  input: { results: Iterable<CaseResult>; statuses?: Iterable<AttemptStatus> | undefined; verdict?: Verdict | undefined; locations?: ReadonlyMap<string, string> | undefined; calls?: ReadonlyMap<string, readonly string[]> | undefined },
): string {
  const c = screen.colors;
  const uncounted = uncountedFailure(input.verdict);
  const headline = (attempts: readonly CaseResult[]) => {
    const first = attempts.find((r) => r.status === 'failed' || r.status === 'error')!;
    const counted = attemptTally(attempts);
    const tally = counted === undefined ? '' : counted.kind === 'flaky' ? c.yellow(` (${counted.text})`) : c.dim(` (${counted.text})`);
    const standing = uncounted(`${first.suite}/${first.case_id}`);
    return { first, tail: `${tally}${standing === null ? '' : c.dim(` (${UNCOUNTED_WORDS[standing]})`)}` };
  };
  const groups = groupVariantFailures(failingCases(input.results, input.statuses), (attempts) => headline(attempts).tail);
  const blocks: string[] = [];
  const oneLiners: string[] = [];
  let moreCases = 0;
  for (const { shown, alike } of groups) {
    const { first, tail } = headline(shown);
    const title = c.red(`✗ ${neutralizeLine(`${first.suite}/${first.case_id}`)}`);
    const lines = [...describeFailure(screen, first)];
    lines[0] = `${title}  ${lines[0] ?? ''}${tail}`;
    const also = alike.length === 0 ? [] : [c.dim(`    also failed the same way: ${listAlike(alike)}`)];
    if (blocks.length >= FULL_FAILURES) {
      oneLiners.push(lines[0], ...also);
      moreCases += 1 + alike.length;
      continue;
    }
    lines.push(...conversationLines(first).map((line) => c.dim(`    ${line}`)));
    // What the tools answered the agent, as the terminal reporter held it from the attempt's trace: what the agent saw.
    lines.push(...(input.calls?.get(first.trace_id) ?? []).map((line) => c.dim(`    ${line}`)));
    if (first.description !== undefined) lines.push(c.dim(`    description ${neutralizeLine(descriptionLine(first.description))}`));
    lines.push(c.dim(`    trace ${first.trace_id}`));
    // Where the case is written, as vitest and Playwright point at a failing test.
    const at = input.locations?.get(caseKey(first));
    if (at !== undefined) lines.push(c.dim(`    defined at ${neutralizeLine(at)}`));
    blocks.push([...lines, ...also].join('\n'));
  }
  if (oneLiners.length > 0) {
    blocks.push([c.dim(`${plural(moreCases, 'more failing case')}, one line each: every check, expected and found is in the run folder's results.jsonl and the html, junit and json reporters`), ...oneLiners].join('\n'));
  }
  return blocks.join('\n\n');
}

// "a~prompt_injection-2, a~prompt_injection-3" (neutralized), the first ALIKE_LISTED, then how many more.
function listAlike(ids: readonly string[]): string {
  const listed = ids.slice(0, ALIKE_LISTED).map(neutralizeLine).join(', ');
  return ids.length > ALIKE_LISTED ? `${listed} (+${ids.length - ALIKE_LISTED} more)` : listed;
}

// Returns the lines describing why one attempt failed; the first is the headline.
function describeFailure(screen: Screen, result: CaseResult): string[] {
  if (result.status === 'error') {
    const error = result.error ?? { code: 'ERROR', message: 'harness error' };
    // A crash's message goes on with the process's last stderr lines: each on its own line.
    const [headline = '', ...more] = error.message.split('\n');
    return [`error ${error.code}: ${neutralizeLine(headline)}`, ...more.map((line) => `    ${neutralizeLine(line)}`)];
  }
  const failing = result.checks.filter((k): k is Extract<CheckResult, { pass: false }> => !k.pass);
  if (failing.length === 0) return [result.outcome === 'timeout' ? 'timed out' : 'failed'];
  const lines: string[] = [];
  failing.forEach((check, i) => {
    // A reason that goes on over several lines has each on its own line, as an error's.
    const [reason = '', ...more] = check.reason.split('\n');
    const headline = `${checkLabel(check)}: ${neutralizeLine(reason)}`;
    lines.push(i === 0 ? headline : `  ${headline}`, ...more.map((line) => `    ${neutralizeLine(line)}`));
    lines.push(`    ${screen.colors.green('expected')}  ${formatValue(check.expected)}`);
    lines.push(`    ${screen.colors.red('found')}     ${formatValue(check.found)}`);
  });
  return lines;
}

/**
 * What a message that goes on over several lines (an error with the process's last stderr lines, a
 * reason quoting a parser's multi-line message) shows where one line is wanted: its first line, and
 * " …" when more follows. The terminal's case line and JUnit's message attribute; the lines in full
 * are in the failure list and the JUnit body.
 */
export function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline === -1 ? message : `${message.slice(0, newline).trimEnd()} …`;
}

/** A check's display name: a custom scorer's own name, else the check kind. */
export function checkLabel(check: CheckResult): string {
  const name = check.name === undefined ? check.check : neutralizeLine(check.name);
  return check.value === undefined ? name : `${name} (score ${check.value})`;
}

/** A custom scorer's result in one line: "./scorers/tone.js (score 1): pass: polite". */
export function formatCustomCheck(check: CheckResult): string {
  const reason = check.reason === undefined ? '' : `: ${neutralizeLine(check.reason)}`;
  return `${checkLabel(check)}: ${check.pass ? 'pass' : 'FAIL'}${reason}`;
}

/** A value as one line of JSON, neutralized and cut at 80 characters. */
export function formatValue(value: unknown): string {
  // jsonText: a C1 control inside a string as its JSON escape (`\u009b`), as every other control is.
  const json = value === undefined ? 'undefined' : (jsonText(value) ?? String(value));
  return shortenJson(neutralizeLine(json), VALUE_WIDTH);
}
