/**
 * `--reporter markdown`: the run as GitHub-flavoured markdown for `$GITHUB_STEP_SUMMARY` and a
 * pull-request comment. The verdict comes first, then what a reviewer acts on: failed thresholds,
 * newly failing cases, the failing cases, slices and cost.
 */
import { fsPromises } from '../common/fs-promises.js';
import { makeFolderFor } from '../common/make-folder.js';
import type { MetricsBySlice } from '../config/schema/index.js';
import type { Verdict } from '../gate/types.js';
import { isDefaultGateWithoutBaselineNote, isNoBaselineNote } from '../gate/notes.js';
import { failedExplanations, unappliedExplanations } from '../gate/explain.js';
import { formatCounts, formatRepeats, gatedMetrics, quarantinedNote, unauthenticatedNote, WITH_QUARANTINED_ROW } from './format-summary.js';
import { movesToList } from './format-verdict.js';
import { formatMs, formatRate, formatRunCost, formatUsd } from './format-figures.js';
import { changedAddedRemoved, repeatedCaseTally } from './failing-cases.js';
import { headlineOf, headlineText, isWarnedPass, stoppedNote, type Headline } from './headline.js';
import type { Reporter, RunPlan, RunSummary } from './reporter.js';
import { plural } from '../common/plural.js';
import { formatShare } from '../common/percent.js';
import { modelRows } from './format-models.js';
import { agentLabel } from '../config/agent-label.js';
import { commandHint } from '../config/command-hint.js';
import { loosenedText } from './format-loosened.js';
import { MAX_CASES_LISTED, withinCommentSize } from './comment-budget.js';
import { failingCases, killSwitch, newlyFailing } from './markdown-failures.js';
import { code, md, mdWithCode } from './markdown-escape.js';

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
 * The whole report. Results arrive redacted; agent text is escaped for markdown as it is written. `planned`:
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
  for (const { lead, cases, more } of text.lowered) {
    lines.push(`- ${md(lead)}: ${cases.map(({ key, scores }) => `\`${code(key)}\` ${md(scores)}`).join(', ')}${more > 0 ? ` … and ${more} more` : ''}`);
  }
  return ['### Baseline loosened', '', md(text.heading), ...(lines.length > 0 ? ['', ...lines] : [])].join('\n');
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

