/** The weekly review as markdown, for an issue or a pull-request comment. Pure. */
import { formatValue } from '../../gate/explain.js';
import { formatMs, formatUsd } from '../format-figures.js';
import { code, md } from '../markdown-escape.js';
import { agentErrorRunsText, costTotalText, FLAKY_MEANING, FLAKY_SEQUENCE, flipsText, foldedVariantsText, filteredRunsText, noChangeText, seriesText, thresholdText, windowText } from './words.js';
import type { WeeklyReview } from './types.js';

export function formatWeeklyMarkdown(review: WeeklyReview): string {
  const parts = [`## agentready weekly review`, windowText(review)];
  const { changes, cost } = review;
  parts.push(
    section({ title: changes.previous ? `What changed (\`${code(changes.latest ?? '')}\` against \`${code(changes.previous)}\`)` : 'What changed', items: [
      ...changes.new_failures.map((m) => `- ❌ new failure \`${code(m.key)}\`${m.before ? '' : ' (new case)'}${m.why ? ` — ${md(m.why)}` : ''} (trace \`${code(m.trace_id)}\`)`),
      ...changes.fixed.map((m) => `- ✅ fixed \`${code(m.key)}\``),
    ], empty: noChangeText(review) }),
    table({ title: 'Gated metrics over time', head: ['metric', 'slice', 'runs, oldest first', 'threshold'], rows: review.metrics.map((s) => [s.metric, code(s.slice), seriesText(s), md(thresholdText(s))]), empty: 'No gated metric.' }),
    ...[filteredRunsText(review)].filter((note) => note !== undefined).map((note) => `_${md(note)}_`),
    table({ title: 'Top failure reasons', head: ['count', 'check', 'reason', 'cases', 'examples'], rows: review.failure_reasons.map((r) => [String(r.count), md(r.check), md(r.reason), String(r.cases), examples(r.examples)]), empty: 'No failure.' }),
    table({ title: 'Policy blocks', head: ['count', 'rule', 'tool', 'outcome', 'examples'], rows: review.policy_blocks.map((b) => [String(b.count), `\`${code(b.rule_id)}\``, `\`${code(b.tool)}\``, b.outcome, examples(b.examples)]), empty: 'No call was denied.' }),
    `### Cost hotspots (${md(costTotalText(cost))})`,
    table({ title: '', head: ['case', 'cost', 'attempts', 'per attempt'], rows: cost.by_case.map((r) => [`\`${code(r.key)}\`${foldedVariantsText(r)}`, formatUsd(r.cost_usd), String(r.attempts), formatUsd(r.mean_usd)]), empty: 'Nothing was spent.' }),
    table({ title: '', head: ['model', 'cost', 'calls', 'tokens in / out'], rows: cost.by_model.map((r) => [`\`${code(r.model)}\``, formatUsd(r.cost_usd), String(r.calls), `${r.input_tokens} / ${r.output_tokens}`]), empty: 'No model call was recorded.' }),
    table({ title: '', head: ['tool', 'calls', 'not answered', 'time'], rows: cost.by_tool.map((r) => [`\`${code(r.tool)}\``, String(r.calls), String(r.errors), formatMs(r.latency_ms)]), empty: 'No tool was called.' }),
    table({ title: 'Flaky cases', head: ['case', 'flip rate', md(FLAKY_SEQUENCE), 'flips'], rows: review.flaky.map((f) => [`\`${code(f.key)}\``, formatValue('success_rate', f.flip_rate), `\`${code(f.sequence)}\``, flipsText(f)]), empty: 'No case flipped.' }),
    `_Flaky: ${md(FLAKY_MEANING)}._`,
    ...[agentErrorRunsText(review)].filter((note) => note !== undefined).map((note) => `_${md(note)}_`),
  );
  if (review.quarantined.length > 0) {
    parts.push(table({ title: 'Quarantined (run and reported, not gated)', head: ['case', 'until', 'reason'], rows: review.quarantined.map((q) => [`\`${code(`${q.suite}/${q.case_id}`)}\``, q.until, md(q.reason)]), empty: '' }));
  }
  return `${parts.join('\n\n').trimEnd()}\n`;
}

// Returns a titled bullet list, or the title and the empty note.
function section({ title, items, empty }: { title: string; items: string[]; empty: string }): string {
  return [`### ${title}`, '', ...(items.length > 0 ? items : [`_${empty}_`])].join('\n');
}

// Returns a titled table (no title when ''), or the empty note.
function table({ title, head, rows, empty }: { title: string; head: string[]; rows: string[][]; empty: string }): string {
  const heading = title ? [`### ${title}`, ''] : [];
  if (rows.length === 0) return [...heading, `_${empty}_`].join('\n');
  return [...heading, `| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

// Returns example cases as code spans.
function examples(list: readonly { key: string }[]): string {
  return list.map((e) => `\`${code(e.key)}\``).join(', ');
}
