/**
 * `--reporter markdown`: the run as GitHub-flavoured markdown for `$GITHUB_STEP_SUMMARY` and a
 * pull-request comment. The verdict comes first, then what a reviewer acts on: failed thresholds,
 * newly failing cases, the failing cases, slices and cost.
 */
import { fsPromises } from '../common/fs-promises.js';
import { makeFolderFor } from '../common/make-folder.js';
import type { CaseResult, CheckResult, MetricsBySlice } from '../config/schema/index.js';
import type { Verdict } from '../gate/types.js';
import { isDefaultGateWithoutBaselineNote, isNoBaselineNote } from '../gate/notes.js';
import { failedExplanations, unappliedExplanations } from '../gate/explain.js';
import { neutralizeLine } from '../common/sanitize.js';
import { formatCounts, formatRepeats, formatValue, gatedMetrics, quarantinedNote, unauthenticatedNote, WITH_QUARANTINED_ROW } from './format-summary.js';
import { movesToList } from './format-verdict.js';
import { formatMs, formatRate, formatRunCost, formatUsd } from './format-figures.js';
import { attemptTally, changedAddedRemoved, descriptionLine, failingCases as failingGroups, repeatedCaseTally, repeatsCases, uncountedFailure, type AttemptStatus } from './failing-cases.js';
import { headlineOf, headlineText, isWarnedPass, stoppedNote, type Headline } from './headline.js';
import type { Reporter, RunPlan, RunSummary } from './reporter.js';
import { conversationLines } from './turns.js';
import { plural } from '../common/plural.js';
import { formatShare } from '../common/percent.js';
import { modelRows } from './format-models.js';
import { readinessFailures, readinessLine } from './kill-switch.js';
import { agentLabel } from '../config/agent-label.js';
import { commandHint } from '../config/command-hint.js';
import { loosenedText } from './format-loosened.js';

/** Most failing cases listed; the rest are counted, so a comment stays under GitHub's size limit. */
const MAX_CASES_LISTED = 50;
/**
 * Most characters of one case's reason as written (escaped) in a table cell or a list item; the
 * rest is cut, with an ellipsis. Escaping may make agent text many times longer (`@` is 13
 * characters), and 50 cases of a crash's whole message made a summary of 570 kB.
 */
const MAX_REASON_CHARS = 400;
/**
 * The most characters of the whole summary: GitHub refuses a comment past 65,536 characters
 * (`gh pr comment --body-file`), and the action's comment adds its marker and a link. Past it, the
 * last lines are left out, counted in a note.
 */
const MAX_SUMMARY_CHARS = 65_000;
const MAX_WARNINGS_LISTED = 10;
/** Most slice rows in the slices table. */
const MAX_SLICES_LISTED = 40;
/** Most (slice, model) rows in the models table. */
const MAX_MODEL_ROWS = 60;

const HEADLINE_ICONS: Record<Headline['kind'], string> = { interrupted: '⚠️', incomplete: '⚠️', ungated: 'ℹ️', passed: '✅', failed: '❌', ready: '✅', not_ready: '❌' };

export interface MarkdownReporterOptions {
  /** Absolute path, resolved by the registry. */
  path: string;
  /** Append instead of overwrite: `$GITHUB_STEP_SUMMARY` collects every step's summary. */
  append?: boolean;
}

export class MarkdownReporter implements Reporter {
  /** Attempts the run planned: an interrupted run's summary says how many of them finished. */
  private planned: number | undefined;

  constructor(readonly options: MarkdownReporterOptions) {}

  onRunStart(plan: RunPlan): void {
    this.planned = plan.total;
  }

  get path(): string {
    return this.options.path;
  }

  async onRunEnd(summary: RunSummary, verdict: Verdict | undefined): Promise<void> {
    const text = formatMarkdown(this.planned === undefined ? summary : { ...summary, planned: this.planned }, verdict);
    makeFolderFor(this.options.path);
    const { appendFile, writeFile } = fsPromises();
    if (this.options.append) await appendFile(this.options.path, `${text}\n`);
    else await writeFile(this.options.path, text);
  }
}

/**
 * The whole report. Results arrive redacted; agent text is escaped here for markdown. `planned`:
 * the attempts the run planned (RunPlan's `total`), which an interrupted run's headline counts against.
 */
export function formatMarkdown(summary: RunSummary & { planned?: number }, verdict: Verdict | undefined): string {
  const sections = [
    headline(summary, verdict),
    loosenedSection(verdict),
    killSwitch(summary),
    failedThresholds(verdict),
    newlyFailing(verdict),
    failingCases({ results: summary.results, statuses: summary.figures, verdict }),
    slicesTable({ summary, verdict }),
    costSection(summary.metrics, summary),
    modelsSection(summary),
    notes(summary, verdict),
  ];
  return withinCommentSize(`${sections.filter((s) => s !== '').join('\n\n')}\n`);
}

// Returns `text`, or its lines that fit in MAX_SUMMARY_CHARS (a table row is never split) and a note counting those left out.
function withinCommentSize(text: string): string {
  if (text.length <= MAX_SUMMARY_CHARS) return text;
  const room = MAX_SUMMARY_CHARS - 200;
  const end = text.lastIndexOf('\n', room);
  const cut = end > 0 ? end : room;
  const left = text.slice(cut).split('\n').filter((line) => line.trim() !== '').length;
  return `${text.slice(0, cut).trimEnd()}\n\n_… ${plural(left, 'more line')} left out to stay within a GitHub comment's size: the JSON report and the run folder hold the whole run._\n`;
}

/**
 * `raw` as `render` escapes it, at most MAX_REASON_CHARS characters: whole when it fits, else the
 * longest beginning of `raw` whose rendering fits with an ellipsis after it (the rendering of a
 * beginning, so an escape is never split; nor is a surrogate pair).
 */
function fitted(raw: string, render: (text: string) => string): string {
  const max = MAX_REASON_CHARS;
  const whole = render(raw);
  if (whole.length <= max) return whole;
  let fits = 0;
  let tooLong = raw.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (render(raw.slice(0, middle)).length < max) fits = middle;
    else tooLong = middle;
  }
  const end = fits > 0 && /[\uD800-\uDBFF]/.test(raw[fits - 1]!) ? fits - 1 : fits;
  return `${render(raw.slice(0, end))}…`;
}

/** Lines of text as one table cell: each escaped, `<br>` between them (the only line break a cell holds). */
function cellLines(text: string): string {
  return text.split('\n').map(md).join('<br>');
}

// Returns the title line with the verdict, then counts and provenance, and what an interrupted run did not reach.
function headline(summary: RunSummary & { planned?: number }, verdict: Verdict | undefined): string {
  const decided = headlineOf(summary, verdict);
  // A pass against a baseline the change loosened is no plain pass: the title says so, the section under it what.
  const text = headlineText(decided);
  const icon = isWarnedPass(decided) ? '⚠️' : HEADLINE_ICONS[decided.kind];
  const title = `${icon} agentready: ${md(text.charAt(0).toLowerCase() + text.slice(1))}`;
  const agent = md(agentLabel(summary.agent));
  const baseline = verdict === undefined ? '' : verdict.has_baseline ? ` · baseline \`${code(verdict.baseline_path)}\`` : ' · no baseline';
  const repeats = formatRepeats(summary.metrics.overall, summary.repeat);
  const stopped = stoppedNote(summary);
  return [
    `## ${title}`,
    '',
    `**${agent}** (${md(summary.adapter)}) · ${md(formatCounts(summary.metrics.overall, repeatedCaseTally(summary)))} · ${formatMs(summary.duration_ms)}${baseline} · run \`${code(summary.run_id)}\``,
    ...(repeats ? ['', md(repeats)] : []),
    ...(stopped ? ['', `${md(stopped.text)}; \`${code(stopped.resume)}\` runs them in the same run folder.`] : []),
  ].join('\n');
}

// Returns what the committed baseline loosens against the base branch's (--base-baseline); empty when nothing.
function loosenedSection(verdict: Verdict | undefined): string {
  if (verdict?.baseline_loosened === undefined) return '';
  const text = loosenedText(verdict.baseline_loosened, verdict.baseline_path);
  const lines: string[] = [];
  if (text.accepted) {
    const { lead, keys, more } = text.accepted;
    lines.push(`- ${md(lead)}: ${keys.map(({ key, error }) => `\`${code(key)}\`${error ? ' (harness error)' : ''}`).join(', ')}${more > 0 ? ` … and ${more} more` : ''}`);
  }
  for (const figure of text.figures) lines.push(`- ${md(figure)}`);
  return ['### Baseline loosened', '', md(text.heading), ...(lines.length > 0 ? ['', ...lines] : [])].join('\n');
}

// Returns the kill switch's readiness result with its figures and the failing attempts; empty for a normal run.
function killSwitch(summary: RunSummary): string {
  if (summary.readiness === undefined) return '';
  const { listed, more } = readinessFailures(summary.readiness.tally, { repeated: repeatsCases(summary) });
  const lines = listed.map((f) => `- ❌ \`${code(f.key)}\`${md(f.attempt)} — ${fitted(f.reason, md)}`);
  if (more > 0) lines.push(`- … and ${more} more`);
  return ['### Kill switch', '', md(readinessLine(summary.readiness.tally)), ...(lines.length > 0 ? ['', ...lines] : [])].join('\n');
}

// Returns the thresholds that failed, each in the gate's own wording, then rates that moved without failing one.
function failedThresholds(verdict: Verdict | undefined): string {
  const failed = verdict?.checks.filter((k) => !k.pass) ?? [];
  const shown = new Set(failed.map((k) => `${k.slice}\0${k.metric}`));
  const moves = movesToList(verdict, shown);
  const lines: string[] = [];
  const explanations = verdict ? failedExplanations(verdict) : [];
  if (explanations.length > 0) lines.push('### Failed thresholds', '', ...explanations.map((text) => `- ❌ ${md(text)}`));
  if (moves.length > 0) lines.push(...(lines.length > 0 ? [''] : []), '### Moved (no threshold failed)', '', ...moves.map((m) => `- ${md(m.explanation)}`));
  const unapplied = verdict ? unappliedExplanations(verdict) : [];
  if (unapplied.length > 0) lines.push(...(lines.length > 0 ? [''] : []), `### Not applied (${unapplied.length})`, '', ...unapplied.map((text) => `- ⚠️ ${md(text)}`));
  return lines.join('\n');
}

// Returns the list of cases that passed in the baseline and fail now.
function newlyFailing(verdict: Verdict | undefined): string {
  const cases = verdict?.diff.newly_failing ?? [];
  if (cases.length === 0) return '';
  const lines = cases.slice(0, MAX_CASES_LISTED).map((c) => `- \`${code(c.key)}\`${c.first_failure ? ` — ${fitted(c.first_failure, md)}` : ''}`);
  if (cases.length > MAX_CASES_LISTED) lines.push(`- … and ${cases.length - MAX_CASES_LISTED} more`);
  return [`### Newly failing (${cases.length})`, '', ...lines].join('\n');
}

// Returns every failing or error case with its first reason and trace id, in a table.
function failingCases(input: { results: Iterable<CaseResult>; statuses: Iterable<AttemptStatus> | undefined; verdict: Verdict | undefined }): string {
  const bad = failingGroups(input.results, input.statuses);
  const uncounted = uncountedFailure(input.verdict);
  if (bad.length === 0) return '';
  const rows = bad.slice(0, MAX_CASES_LISTED).map((attempts) => {
    const first = attempts.find((r) => r.status === 'failed' || r.status === 'error')!;
    const counted = attemptTally(attempts);
    const tally = counted ? ` (${counted.text})` : '';
    // A crash's stderr lines and a conversation's turns follow the reason in the cell, one per line.
    const why = fitted([reason(first, { statusShown: true }), ...conversationLines(first)].join('\n'), cellLines);
    const standing = uncounted(`${first.suite}/${first.case_id}`);
    const about = first.description === undefined ? '' : `<br>${md(descriptionLine(first.description))}`;
    return `| \`${code(`${first.suite}/${first.case_id}`)}\`${about} | ${first.status}${tally}${standing ? ` (${standing})` : ''} | ${why} | \`${code(first.trace_id)}\` |`;
  });
  if (bad.length > MAX_CASES_LISTED) rows.push(`| … and ${bad.length - MAX_CASES_LISTED} more | | | |`);
  return [`### Failing cases (${bad.length})`, '', '| case | status | why | trace |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/**
 * Why one attempt failed, in one line: the harness error, or the first failing check with what was
 * expected and found. `statusShown`: the status stands beside it (a table's column), so a harness
 * error is its code and message, not "error" again.
 */
export function reason(result: CaseResult, options: { statusShown?: boolean } = {}): string {
  if (result.status === 'error') return `${options.statusShown === true ? '' : 'error '}${result.error?.code ?? ''}: ${result.error?.message ?? 'harness error'}`;
  const check = result.checks.find((k): k is Extract<CheckResult, { pass: false }> => !k.pass);
  const timeout = result.outcome === 'timeout' ? 'timed out' : '';
  if (check === undefined) return timeout || 'failed';
  const label = check.name ?? check.check;
  const text = `${label}: ${check.reason} (expected ${formatValue(check.expected)}, found ${formatValue(check.found)})`;
  return timeout ? `${timeout} · ${text}` : text;
}

// Returns the per-slice table: overall first, then every slice, marking metrics past a threshold.
function slicesTable({ summary, verdict }: { summary: RunSummary; verdict: Verdict | undefined }): string {
  const { metrics, withQuarantined } = gatedMetrics({ metrics: summary.metrics, verdict, results: summary.results, planned: summary.repeat });
  const failed = new Set((verdict?.checks ?? []).filter((k) => !k.pass).map((k) => `${k.slice}\0${k.metric}`));
  const mark = ({ slice, metric, text }: { slice: string; metric: string; text: string }) => (failed.has(`${slice}\0${metric}`) ? `**${text}** ❌` : text);
  const keys = Object.keys(metrics.slices).sort();
  const all = withQuarantined ? [[WITH_QUARANTINED_ROW, withQuarantined] as const] : [];
  const rows = [['overall', metrics.overall] as const, ...all, ...keys.slice(0, MAX_SLICES_LISTED).map((k) => [k, metrics.slices[k]!] as const)].map(
    ([slice, m]) =>
      `| ${md(slice)} | ${m.cases} | ${mark({ slice, metric: 'success_rate', text: formatRate(m.success_rate, true) })} | ${mark({ slice, metric: 'escalation_rate', text: formatRate(m.escalation_rate, false) })} | ${mark({ slice, metric: 'policy_compliance', text: formatRate(m.policy_compliance, false) })} | ${formatMs(m.p50_latency_ms)} / ${formatMs(m.p95_latency_ms)} | ${mark({ slice, metric: 'cost_per_task', text: formatUsd(m.cost_per_task) })} |`,
  );
  if (keys.length > MAX_SLICES_LISTED) rows.push(`| … and ${keys.length - MAX_SLICES_LISTED} more slices | | | | | | |`);
  return [
    '### Slices',
    '',
    '| slice | cases | success (95% CI) | escalation | policy | p50 / p95 | $/task |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    ...(withQuarantined ? ['', `_${quarantinedNote(verdict?.quarantined.length ?? 0)}_`] : []),
  ].join('\n');
}

// Returns the cost lines of the run.
function costSection(metrics: MetricsBySlice, { replayed, replayed_usd }: Pick<RunSummary, 'replayed' | 'replayed_usd'>): string {
  const m = metrics.overall;
  return [
    '### Cost',
    '',
    `- total **${formatRunCost(m.cost_total, { replayed, replayed_usd })}** · per task ${formatUsd(m.cost_per_task)} (mean)`,
    `- latency p50 ${formatMs(m.p50_latency_ms)} · p95 ${formatMs(m.p95_latency_ms)}`,
    `- ${m.retries} ${m.retries === 1 ? 'retry' : 'retries'} · ${plural(m.tool_errors, 'tool error')} · ${plural(m.policy_denials, 'policy violation')}`,
  ].join('\n');
}

// Returns calls, tokens and cost per model, overall then per slice; empty for a run without model calls.
function modelsSection(summary: RunSummary): string {
  const rows = modelRows(summary.models);
  if (rows.length === 0) return '';
  const shown = rows.slice(0, MAX_MODEL_ROWS);
  const more = rows.length - shown.length;
  return [
    '### Models',
    '',
    '| slice | model | calls | share of calls | tokens in | tokens out | cost | share of cost |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...shown.map((r) => `| ${md(r.slice)} | ${md(r.model)} | ${r.calls} | ${formatShare(r.call_share)} | ${r.input_tokens} | ${r.output_tokens} | ${formatUsd(r.cost_usd)} | ${r.cost_share === null ? '–' : formatShare(r.cost_share)} |`),
    ...(more > 0 ? ['', `${more} more rows in the JSON report.`] : []),
  ].join('\n');
}

// Returns the verdict's notes and run warnings as a list; empty when there are none.
function notes(summary: RunSummary, verdict: Verdict | undefined): string {
  const lines: string[] = [];
  if (verdict && !verdict.has_baseline && !verdict.notes.some(isDefaultGateWithoutBaselineNote)) {
    lines.push(`- No baseline at \`${code(verdict.baseline_path)}\`: only absolute thresholds applied. Create one with \`${commandHint('baseline update')}\` and commit it.`);
  }
  // The gate's own wording: its `commands` stay code spans, the rest (case ids, reasons) is escaped.
  for (const note of verdict?.notes ?? []) if (!isNoBaselineNote(note)) lines.push(`- ${mdWithCode(note)}`);
  if (verdict?.has_baseline) {
    const d = verdict.diff;
    lines.push(`- ${d.newly_passing.length} newly passing · ${d.added.length} added · ${d.removed.length} removed · ${d.changed.length} changed`);
    for (const { heading, listed, more } of changedAddedRemoved(d, MAX_CASES_LISTED)) {
      const names = listed.map((c) => `\`${code(c.key)}\`${c.status ? ` (${c.status})` : ''}`);
      lines.push(`- ${heading}: ${names.join(', ')}${more > 0 ? ` … and ${more} more` : ''}`);
    }
  }
  if (summary.unauthenticated_requests > 0) lines.push(`- ${unauthenticatedNote(summary.unauthenticated_requests)}`);
  // As the terminal says them (`agentready: warning: …`): they may quote the agent, so escaped whole.
  const warnings = summary.warnings.slice(0, MAX_WARNINGS_LISTED);
  for (const warning of warnings) lines.push(`- Warning: ${md(warning)}`);
  const moreWarnings = summary.warnings.length - warnings.length;
  if (moreWarnings > 0) lines.push(`- … and ${plural(moreWarnings, 'more warning')} in the run folder's summary.json`);
  return lines.length === 0 ? '' : ['### Notes', '', ...lines].join('\n');
}

/**
 * `text` safe as inline markdown on one line (a table cell or list item): control characters
 * and newlines made visible, HTML and emphasis/link/table syntax escaped, and `@` kept from
 * mentioning anyone, so agent text can't format, link, ping or inject HTML into a PR comment.
 * A bare address can't become a link either (GitHub's autolinks, cmark-gfm's extension): the
 * `:` of `://` and the `.` of `www.` are written as entities, which read the same but are not
 * the characters its URL and www autolinks start from, and an empty HTML comment follows every
 * `@`, so the text the email autolink reads (`mailto:` and `xmpp:` ones too) ends there, and so
 * does a mention's (`@alice`, `@org/team`: GitHub reads them in the rendered text, one text node
 * at a time). An issue reference (`#12`, `org/repo#12`, `GH-12`) is split the same way, an empty
 * comment between the `#` or `GH-` and its number: the reader sees the text as written.
 */
export function md(text: string): string {
  return neutralizeLine(text).replace(/:(?=\/\/)|(?<=www)\.|#(?=\d)|(?<=\bgh)-(?=\d)|[\\`*_[\]<>|~&@]/gi, (c) => MD_ESCAPES[c] ?? `\\${c}`);
}

const MD_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '|': '\\|', '@': '&#64;<!-- -->', ':': '&#58;', '.': '&#46;', '#': '#<!-- -->', '-': '-<!-- -->' };

/**
 * Our own wording with `code spans` in it (the card's advice): the spans stay code, the rest is
 * escaped like any text, since names from the user's files are embedded in it.
 */
export function mdWithCode(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? `\`${code(part.slice(1, -1))}\`` : md(part)))
    .join('');
}

/** `text` safe inside a single-backtick code span in a table: backticks and pipes can't end it. */
export function code(text: string): string {
  return neutralizeLine(text).replace(/`/g, "'").replace(/\|/g, '\\|');
}

/**
 * `text` safe inside a single-backtick code span outside a table (a list item): a backtick can't
 * end it. A `|` is left as it is: GitHub reads a backslash in a code span as itself, so `code`'s
 * `\|` (which a table's cell needs) would show there.
 */
export function listCode(text: string): string {
  return neutralizeLine(text).replace(/`/g, "'");
}
