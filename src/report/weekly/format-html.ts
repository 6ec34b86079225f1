/** The weekly review as one self-contained HTML page: a line chart per gated metric, then the tables. Pure. */
import { FRACTION_METRICS, formatValue } from '../../gate/explain.js';
import { formatMs, formatUsd } from '../format-figures.js';
import { htmlPage } from '../html/assets.js';
import { h } from '../html/escape.js';
import { lineChart } from '../html/line-chart.js';
import { agentErrorRunsText, costTotalText, FLAKY_MEANING, FLAKY_SEQUENCE, flipsText, foldedVariantsText, filteredRunsText, noChangeText, thresholdText, windowText } from './words.js';
import type { MetricSeries, WeeklyReview } from './types.js';

export function formatWeeklyHtml(review: WeeklyReview): string {
  const { changes, cost } = review;
  const title = `agentready weekly review · ${windowText(review)}`;
  return htmlPage({
    title,
    main: `<h1>Weekly review</h1>
<p class="meta">${h(windowText(review))}</p>
<h2>What changed</h2>
${changes.previous ? `<p class="meta">${h(`${changes.latest} against ${changes.previous}`)}</p>` : ''}
${list([
  ...changes.new_failures.map((m) => `<span class="status failed">new failure</span> <code>${h(m.key)}</code>${m.before ? '' : ' (new case)'}${m.why ? ` — ${h(m.why)}` : ''} <span class="muted">trace <code>${h(m.trace_id)}</code></span>`),
  ...changes.fixed.map((m) => `<span class="status passed">fixed</span> <code>${h(m.key)}</code>`),
], noChangeText(review))}
<h2>Gated metrics over time</h2>
<div class="charts">
${review.metrics.map(chart).join('\n') || '<p class="muted">No gated metric.</p>'}
</div>${[filteredRunsText(review)].filter((note) => note !== undefined).map((note) => `\n<p class="muted">${h(note)}</p>`).join('')}
<h2>Top failure reasons</h2>
${table({ head: ['count', 'check', 'reason', 'cases', 'examples'], rows: review.failure_reasons.map((r) => [num(r.count), h(r.check), h(r.reason), num(r.cases), examples(r.examples)]), empty: 'No failure.' })}
<h2>Policy blocks</h2>
${table({ head: ['count', 'rule', 'tool', 'outcome', 'examples'], rows: review.policy_blocks.map((b) => [num(b.count), `<code>${h(b.rule_id)}</code>`, `<code>${h(b.tool)}</code>`, h(b.outcome), examples(b.examples)]), empty: 'No call was denied.' })}
<h2>Cost hotspots <span class="muted">(${h(costTotalText(cost))})</span></h2>
<h3>By case</h3>
${table({ head: ['case', 'cost', 'attempts', 'per attempt'], rows: cost.by_case.map((r) => [`<code>${h(r.key)}</code>${h(foldedVariantsText(r))}`, h(formatUsd(r.cost_usd)), num(r.attempts), h(formatUsd(r.mean_usd))]), empty: 'Nothing was spent.' })}
<h3>By model</h3>
${table({ head: ['model', 'cost', 'calls', 'tokens in / out'], rows: cost.by_model.map((r) => [`<code>${h(r.model)}</code>`, h(formatUsd(r.cost_usd)), num(r.calls), h(`${r.input_tokens} / ${r.output_tokens}`)]), empty: 'No model call was recorded.' })}
<h3>By tool</h3>
${table({ head: ['tool', 'calls', 'not answered', 'time'], rows: cost.by_tool.map((r) => [`<code>${h(r.tool)}</code>`, num(r.calls), num(r.errors), h(formatMs(r.latency_ms))]), empty: 'No tool was called.' })}
<h2>Flaky cases <span class="muted">(${h(FLAKY_MEANING)})</span></h2>
${table({ head: ['case', 'flip rate', FLAKY_SEQUENCE, 'flips'], rows: review.flaky.map((f) => [`<code>${h(f.key)}</code>`, h(formatValue('success_rate', f.flip_rate)), `<code>${h(f.sequence)}</code>`, h(flipsText(f))]), empty: 'No case flipped.' })}${[agentErrorRunsText(review)].filter((note) => note !== undefined).map((note) => `\n<p class="muted">${h(note)}</p>`).join('')}
${review.quarantined.length > 0 ? `<h2>Quarantined <span class="muted">(run and reported, not gated)</span></h2>\n${table({ head: ['case', 'until', 'reason'], rows: review.quarantined.map((q) => [`<code>${h(`${q.suite}/${q.case_id}`)}</code>`, h(q.until), h(q.reason)]), empty: '' })}` : ''}`,
  });
}

// Returns one metric's figure: its line over the runs, with an absolute threshold drawn.
function chart(series: MetricSeries, index: number): string {
  const absolute = series.threshold.min ?? series.threshold.max;
  const rule = series.threshold.min !== undefined ? 'min' : 'max';
  const caption = `${series.metric} (${series.slice})`;
  return `<figure><figcaption>${h(caption)} <span class="muted">${h(thresholdText(series))}</span></figcaption>${lineChart({
    id: `metric-${index}`,
    label: `${caption} per run`,
    points: series.points.map((p) => ({ label: `${p.started_at.slice(0, 10)} ${p.run_id}`, value: p.value })),
    format: (value) => formatValue(series.metric, value),
    fraction: FRACTION_METRICS.has(series.metric),
    ...(absolute === undefined ? {} : { marker: { label: `${rule} ${formatValue(series.metric, absolute)}`, value: absolute } }),
  })}</figure>`;
}

// Returns a table of already-escaped cells, or the empty note.
function table({ head, rows, empty }: { head: string[]; rows: string[][]; empty: string }): string {
  if (rows.length === 0) return `<p class="muted">${h(empty)}</p>`;
  return `<table><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

// Returns a list of already-escaped items, or the empty note.
function list(items: string[], empty: string): string {
  return items.length === 0 ? `<p class="muted">${h(empty)}</p>` : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}

function num(value: number): string {
  return String(value);
}

function examples(list: readonly { key: string }[]): string {
  return list.map((e) => `<code>${h(e.key)}</code>`).join(', ');
}
