/** The weekly review for the terminal. Pure: a Screen and the model in, text out. */
import { plural } from '../../common/plural.js';
import { neutralizeLine } from '../../common/sanitize.js';
import { formatValue } from '../../gate/explain.js';
import { formatMs, formatUsd } from '../format-figures.js';
import type { Screen } from '../screen.js';
import { agentErrorRunsText, FLAKY_MEANING, flipsText, foldedVariantsText, costTotalText, filteredRunsText, noChangeText, seriesText, thresholdText, windowText } from './words.js';
import type { WeeklyReview } from './types.js';

export function formatWeeklyText(screen: Screen, review: WeeklyReview): string {
  const c = screen.colors;
  const t = (text: string) => neutralizeLine(text);
  const lines: string[] = [c.bold(`Weekly review · ${t(windowText(review))}`), ''];
  const section = ({ title, body, empty }: { title: string; body: string[]; empty: string }) => {
    lines.push(c.bold(title), ...(body.length > 0 ? body : [c.dim(`  ${empty}`)]), '');
  };

  const { changes } = review;
  // The run ids are the run folders' headers' words, which a copied or edited folder may fill with escapes.
  section({ title: changes.previous ? `What changed (${t(changes.latest ?? '')} against ${t(changes.previous)})` : 'What changed', body: [
      ...changes.new_failures.map((m) => `  ${c.red('✗ new failure')}  ${t(m.key)}${m.before ? '' : ' (new case)'}${m.why ? `  ${t(m.why)}` : ''}  ${c.dim(`trace ${t(m.trace_id)}`)}`),
      ...changes.fixed.map((m) => `  ${c.green('✓ fixed')}        ${t(m.key)}`),
    ], empty: noChangeText(review).replace(/^./, (first) => first.toLowerCase()).replace(/\.$/, '') });
  const leftOut = filteredRunsText(review);
  section({ title: 'Gated metrics over time', body: [...review.metrics.map((s) => `  ${s.metric} (${t(s.slice)})  ${seriesText(s)}  ${c.dim(thresholdText(s))}`), ...(leftOut ? [c.dim(`  ${t(leftOut)}`)] : [])], empty: 'no gated metric' });
  section({ title: 'Top failure reasons', body: review.failure_reasons.map((r) => `  ${String(r.count).padStart(4)}× ${c.bold(t(r.check))}: ${t(r.reason)}  ${c.dim(`${r.cases} case${r.cases === 1 ? '' : 's'}, e.g. ${t(r.examples.map((e) => e.key).join(', '))}`)}`), empty: 'no failure' });
  section({ title: 'Policy blocks', body: review.policy_blocks.map((b) => `  ${String(b.count).padStart(4)}× ${t(b.rule_id)} · ${t(b.tool)} · ${b.outcome}  ${c.dim(`e.g. ${t(b.examples.map((e) => e.key).join(', '))}`)}`), empty: 'no call was denied' });
  const { cost } = review;
  section({ title: `Cost hotspots (${costTotalText(cost)})`, body: [
      ...cost.by_case.map((r) => `  case   ${t(r.key)}${foldedVariantsText(r)}  ${formatUsd(r.cost_usd)} over ${r.attempts} attempt${r.attempts === 1 ? '' : 's'} (${formatUsd(r.mean_usd)} each)`),
      ...cost.by_model.map((r) => `  model  ${t(r.model)}  ${formatUsd(r.cost_usd)} · ${plural(r.calls, 'call')} · ${r.input_tokens} in / ${r.output_tokens} out tokens`),
      ...cost.by_tool.map((r) => `  tool   ${t(r.tool)}  ${plural(r.calls, 'call')} · ${r.errors} not answered · ${formatMs(r.latency_ms)} in total`),
    ], empty: 'nothing was spent' });
  const notFlips = agentErrorRunsText(review);
  const flaky = review.flaky.map((f) => `  ${t(f.key)}  ${formatValue('success_rate', f.flip_rate)}  ${t(f.sequence)}  ${c.dim(flipsText(f))}`);
  section({ title: `Flaky cases (${FLAKY_MEANING})`, body: notFlips ? [...(flaky.length > 0 ? flaky : ['  no case flipped']), c.dim(`  ${t(notFlips)}`)] : flaky, empty: 'no case flipped' });
  if (review.quarantined.length > 0) {
    section({ title: 'Quarantined (run and reported, not gated)', body: review.quarantined.map((q) => `  ${t(`${q.suite}/${q.case_id}`)} until ${q.until}: ${t(q.reason)}`), empty: '' });
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
