/**
 * The HTML report as one self-contained page: the verdict, the metric table with intervals,
 * the gate's thresholds, three inline-SVG charts and the filterable case list. Pure: data in,
 * one string out. No external asset, and a Content-Security-Policy that forbids any fetch.
 */
import type { CaseResult, Rate, RunMetrics, Trace } from '../../config/schema/index.js';
import type { Verdict } from '../../gate/types.js';
import { formatCounts, gatedMetrics, quarantinedNote, WITH_QUARANTINED_ROW } from '../format-summary.js';
import { formatMs, formatRate, formatRunCost, formatUsd, formatWholeMs } from '../format-figures.js';
import { formatSpend } from '../../common/usd.js';
import { headlineOf, headlineText, isPlainPass, stoppedNote } from '../headline.js';
import type { RunSummary } from '../reporter.js';
import { htmlPage } from './assets.js';
import { caseList } from './cases.js';
import { changedAddedRemoved, repeatedCaseTally, repeatsCases } from '../failing-cases.js';
import { histogramChart, successBySliceChart } from './charts.js';
import { h } from './escape.js';
import { formatShare, percent as pct } from '../../common/percent.js';
import { modelRows } from '../format-models.js';
import { readinessFailures, readinessLine } from '../kill-switch.js';
import { agentLabel } from '../../config/agent-label.js';
import { loosenedText } from '../format-loosened.js';
import type { BaselineLoosening } from '../../gate/index.js';

/** Most added (or removed) cases named in the gate section; the rest are counted. */
const MAX_CASES_LISTED = 50;

/** Most slices drawn in the success chart; the overall bar is always first. */
const MAX_CHART_SLICES = 30;

export interface HtmlReportData {
  summary: RunSummary;
  verdict: Verdict | undefined;
  /** Traces by trace id, as they arrived with each case. */
  traces: ReadonlyMap<string, Trace>;
  /** Attempts the run planned (RunPlan's `total`): an interrupted run's header says how many of them finished. */
  planned?: number;
}

/** The whole page. */
export function formatHtml({ summary, verdict, traces, planned }: HtmlReportData): string {
  const title = `agentready · ${agentLabel(summary.agent)} · ${headlineText(headlineOf(summary, verdict))}`;
  return htmlPage({
    title,
    script: true,
    main: `${header({ ...summary, planned }, verdict)}
${thresholdTable(verdict)}
<h2>Metrics</h2>
${metricTable(summary, verdict)}
${modelTable(summary)}
<h2>Charts</h2>
<div class="charts">
<figure><figcaption>Success by slice (95% interval)</figcaption>${successChart(summary, verdict)}</figure>
<figure><figcaption>Latency per attempt</figcaption>${latencyChart(summary)}</figure>
<figure><figcaption>Cost per task</figcaption>${costChart(summary)}</figure>
</div>
<h2>Cases</h2>
${caseList({ results: [...summary.results], traces, verdict })}`,
  });
}

// Returns the verdict banner and the run's provenance line (and what an interrupted run did not reach).
function header(summary: RunSummary & { planned?: number | undefined }, verdict: Verdict | undefined): string {
  const decided = headlineOf(summary, verdict);
  const loosening = verdict?.baseline_loosened;
  // A pass against a baseline the change loosened is not green (isPlainPass), as in markdown and the terminal.
  const kind = isPlainPass(decided) ? 'pass' : decided.kind === 'failed' || decided.kind === 'not_ready' ? 'fail' : 'none';
  const baseline = summary.readiness?.judged ? 'judged by the kill switch' : verdict === undefined ? 'gate not applied' : verdict.has_baseline ? `baseline ${verdict.baseline_path}` : 'no baseline: only absolute thresholds applied';
  const meta = [
    `${agentLabel(summary.agent)} (${summary.adapter})`,
    formatCounts(summary.metrics.overall, repeatedCaseTally(summary)),
    formatMs(summary.duration_ms),
    baseline,
    `run ${summary.run_id}`,
    summary.started_at,
  ];
  return [
    '<h1>agentready report</h1>',
    `<div id="verdict" class="verdict ${kind}">${h(headlineText(decided))}</div>`,
    `<p class="meta">${meta.map(h).join(' · ')}</p>`,
    ...stopped(summary),
    ...(loosening && verdict ? [loosenedList(loosening, verdict.baseline_path)] : []),
    ...killSwitch(summary),
    ...warnings(summary),
  ].join('\n');
}

// Returns the line under an interrupted run's provenance: how many planned attempts finished, and how to run the rest.
function stopped(summary: RunSummary & { planned?: number | undefined }): string[] {
  const note = stoppedNote(summary);
  return note === undefined ? [] : [`<p id="stopped">${h(note.text)}; <code>${h(note.resume)}</code> runs them in the same run folder.</p>`];
}

// Returns what the committed baseline loosens against the base branch's (--base-baseline), as markdown's section says it.
function loosenedList(loosening: BaselineLoosening, baselinePath: string): string {
  const text = loosenedText(loosening, baselinePath);
  const items = text.accepted ? [`${h(text.accepted.lead)}: ${text.accepted.keys.map(({ key, error }) => `<code>${h(key)}</code>${error ? ' (harness error)' : ''}`).join(', ')}${text.accepted.more > 0 ? ` … and ${text.accepted.more} more` : ''}`] : [];
  items.push(...text.figures.map(h));
  for (const { lead, cases, more } of text.lowered) items.push(`${h(lead)}: ${cases.map(({ key, scores }) => `<code>${h(key)}</code> ${h(scores)}`).join(', ')}${more > 0 ? ` … and ${more} more` : ''}`);
  return `<div id="baseline-loosened"><p>${h(text.heading)}</p>${items.length > 0 ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : ''}</div>`;
}

// Returns the run's warnings, as the terminal says them (`agentready: warning: …`) and the json and markdown reports list them; nothing without one.
// They may quote the agent (a line it wrote, a model id it reported): escaped like the rest.
function warnings(summary: RunSummary): string[] {
  if (summary.warnings.length === 0) return [];
  return [`<ul id="warnings">${summary.warnings.map((warning) => `<li>Warning: ${h(warning)}</li>`).join('')}</ul>`];
}

// Returns the kill switch's readiness result with its figures and the failing attempts; nothing for a normal run.
function killSwitch(summary: RunSummary): string[] {
  if (summary.readiness === undefined) return [];
  const { listed, more } = readinessFailures(summary.readiness.tally, { repeated: repeatsCases(summary) });
  const items = listed.map((f) => `<li><code>${h(f.key)}</code>${h(f.attempt)} — ${h(f.reason)}</li>`);
  if (more > 0) items.push(`<li>… and ${more} more</li>`);
  return [`<p id="kill-switch">${h(readinessLine(summary.readiness.tally))}</p>`, ...(items.length > 0 ? [`<ul class="kill-switch-failing">${items.join('')}</ul>`] : [])];
}

// Returns the overall metric table: each metric with its value, 95% interval and count. Its rates are the gate's
// (quarantined cases left out), as the terminal's overall row; when a quarantined case ran, every case's beside them.
function metricTable(summary: RunSummary, verdict: Verdict | undefined): string {
  const { metrics, withQuarantined } = gatedMetrics({ metrics: summary.metrics, verdict, results: summary.results, planned: summary.repeat });
  // The replayed part of the total is the whole run's: said on the column that counts every case.
  const columns = withQuarantined ? [metricColumn(metrics.overall, { replayed: summary.replayed }), metricColumn(withQuarantined, summary)] : [metricColumn(metrics.overall, summary)];
  const rows = columns[0]!.map(({ label }, i) => `<tr><td>${h(label)}</td>${columns.map((column) => cells(column[i]!)).join('')}</tr>`);
  const numbers = (label: string) => `<th class="num">${h(label)}</th><th class="num">95% CI</th><th class="num">n</th>`;
  const head = `<th>metric</th>${numbers('value')}${withQuarantined ? numbers(WITH_QUARANTINED_ROW) : ''}`;
  const note = withQuarantined ? `\n<p class="muted">${h(quarantinedNote(verdict?.quarantined.length ?? 0))}</p>` : '';
  return `<table id="metrics"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>${note}`;
}

// Returns one column of the metric table: each metric's value, interval and count.
function metricColumn(m: RunMetrics, { replayed, replayed_usd }: Pick<RunSummary, 'replayed' | 'replayed_usd'>): MetricCell[] {
  const rate = (label: string, r: Rate): MetricCell => ({ label, value: formatRate(r, false), ci: interval(r), n: `${r.successes}/${r.n}` });
  return [
    rate('success rate', m.success_rate),
    rate('escalation rate', m.escalation_rate),
    rate('policy compliance', m.policy_compliance),
    rate('budget compliance', m.budget_compliance),
    rate('error rate', m.error_rate),
    { label: 'tool correctness (F1)', value: m.tool_correctness === null ? '–' : m.tool_correctness.toFixed(3), ci: '', n: '' },
    { label: 'cost per task (mean)', value: formatUsd(m.cost_per_task), ci: '', n: '' },
    { label: 'cost total', value: formatRunCost(m.cost_total, { replayed, replayed_usd }), ci: '', n: '' },
    { label: 'latency p50 / p95', value: `${formatMs(m.p50_latency_ms)} / ${formatMs(m.p95_latency_ms)}`, ci: '', n: '' },
    { label: 'retries · tool errors · policy denials', value: `${m.retries} · ${m.tool_errors} · ${m.policy_denials}`, ci: '', n: '' },
  ];
}

interface MetricCell {
  label: string;
  value: string;
  ci: string;
  n: string;
}

// Returns one metric's value, interval and count cells.
function cells({ value, ci, n }: MetricCell): string {
  return `<td class="num">${h(value)}</td><td class="num">${h(ci)}</td><td class="num">${h(n)}</td>`;
}

// Returns a rate's interval as "83.1–98.6%", or "–".
function interval(r: Rate): string {
  return r.low === null || r.high === null ? '–' : `${pct(r.low)}–${pct(r.high)}%`;
}

// Returns calls, tokens and cost per model, overall then per slice; '' for a run without model calls.
function modelTable(summary: RunSummary): string {
  const rows = modelRows(summary.models).map((r) => {
    const cells = [r.calls, formatShare(r.call_share), r.input_tokens, r.output_tokens, formatUsd(r.cost_usd), r.cost_share === null ? '–' : formatShare(r.cost_share)];
    return `<tr><td>${h(r.slice)}</td><td>${h(r.model)}</td>${cells.map((cell) => `<td class="num">${h(String(cell))}</td>`).join('')}</tr>`;
  });
  if (rows.length === 0) return '';
  const head = ['slice', 'model', 'calls', 'share of calls', 'tokens in', 'tokens out', 'cost', 'share of cost'].map((label, i) => `<th${i > 1 ? ' class="num"' : ''}>${label}</th>`).join('');
  return `<h2>Models</h2>\n<table id="models"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// Returns the gate's thresholds, failed first, each with the gate's own explanation.
function thresholdTable(verdict: Verdict | undefined): string {
  const moved = verdict ? changedAddedRemoved(verdict.diff, MAX_CASES_LISTED) : [];
  if (verdict === undefined || (verdict.checks.length === 0 && verdict.newly_failing === undefined && moved.length === 0)) return '';
  const cases = verdict.newly_failing ? [verdict.newly_failing] : [];
  const checks = [...cases, ...verdict.checks].sort((a, b) => Number(a.pass) - Number(b.pass));
  const rows = checks.map((k) => `<tr class="${k.pass ? '' : 'failed'}"><td>${k.pass ? '✔' : '✘'}</td><td>${h(k.explanation)}</td></tr>`);
  const newly = verdict.diff.newly_failing.map((c) => `<li><code>${h(c.key)}</code>${c.first_failure ? ` — ${h(c.first_failure)}` : ''}</li>`);
  const lists = moved.map(({ label, heading, listed, more }) => {
    const items = listed.map((c) => `<li><code>${h(c.key)}</code>${c.status ? ` (${h(c.status)})` : ''}</li>`);
    if (more > 0) items.push(`<li>… and ${more} more</li>`);
    return `<h3>${heading} (${listed.length + more})</h3><ul id="${label}">${items.join('')}</ul>`;
  });
  return [
    '<h2>Gate</h2>',
    rows.length > 0 ? `<table id="thresholds"><thead><tr><th></th><th>threshold (the gate's explanation)</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : '',
    newly.length > 0 ? `<h3>Newly failing (${newly.length})</h3><ul id="newly-failing">${newly.join('')}</ul>` : '',
    ...lists,
    ...verdict.notes.map((note) => `<p class="muted">${h(note)}</p>`),
  ].join('\n');
}

// Returns the success-by-slice chart: overall, then every slice, red where a threshold failed; the
// gate's rates (quarantined cases left out), with every case's overall beside them when one ran.
function successChart(summary: RunSummary, verdict: Verdict | undefined): string {
  const failed = new Set((verdict?.checks ?? []).filter((k) => !k.pass).map((k) => k.slice));
  const { metrics, withQuarantined } = gatedMetrics({ metrics: summary.metrics, verdict, results: summary.results, planned: summary.repeat });
  const slices = Object.keys(metrics.slices).sort().slice(0, MAX_CHART_SLICES);
  return successBySliceChart([
    { label: 'overall', rate: metrics.overall.success_rate, failed: failed.has('overall') },
    ...(withQuarantined ? [{ label: WITH_QUARANTINED_ROW, rate: withQuarantined.success_rate, failed: false }] : []),
    ...slices.map((key) => ({ label: key, rate: metrics.slices[key]!.success_rate, failed: failed.has(key) })),
  ]);
}

// Returns the latency histogram over attempts the agent ran, with p50 and p95 marked.
function latencyChart(summary: RunSummary): string {
  const m = summary.metrics.overall;
  return histogramChart({
    id: 'latency-chart',
    label: 'Latency distribution',
    values: ran(summary.results).map((r) => r.duration_ms),
    format: formatMs,
    fine: formatWholeMs,
    markers: [
      { label: 'p50', value: m.p50_latency_ms },
      { label: 'p95', value: m.p95_latency_ms },
    ],
    empty: 'No attempt ran.',
  });
}

// Returns the histogram of cost per attempt, with the mean marked.
function costChart(summary: RunSummary): string {
  const costs = ran(summary.results).map((r) => r.cost_usd);
  return histogramChart({
    id: 'cost-chart',
    label: 'Cost per task distribution',
    values: costs,
    format: formatUsd,
    fine: formatSpend,
    markers: [{ label: 'mean', value: summary.metrics.overall.cost_per_task }],
    empty: 'No attempt ran.',
  });
}

// Returns the attempts the agent was judged on (not harness errors or skipped ones).
function ran(results: Iterable<CaseResult>): CaseResult[] {
  const judged: CaseResult[] = [];
  for (const result of results) if (result.status === 'passed' || result.status === 'failed') judged.push(result);
  return judged;
}

