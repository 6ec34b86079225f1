// `agentready compare`'s table: each figure and its change read in the figure's own unit.
import { describe, expect, it } from 'vitest';
import { COMPARED_METRICS, compareRuns, comparedUnit } from '../../../src/gate/compare.js';
import { GATE_METRIC_UNITS } from '../../../src/config/schema/gate.js';
import { formatComparison } from '../../../src/report/format-compare.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { many } from '../gate/results-builder.js';

/** The table row of one metric, its cells split on runs of two or more spaces. */
function row(text: string, metric: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`${metric} `));
  if (line === undefined) throw new Error(`no row ${metric} in:\n${text}`);
  return line.split(/\s{2,}/);
}

describe('formatComparison', () => {
  // A: no denial, no retry, no tool error; B: one denial, two retries, three tool errors, slower.
  const a = many(4, 0, { duration_ms: 1000 });
  const b = many(4, 0, { duration_ms: 1500 }).map((r, i) => (i === 0 ? { ...r, policy_violations: 1, retries: 2, tool_errors: 3, approval_missing: 1 } : r));
  const text = formatComparison(PLAIN_SCREEN, { a: { label: 'A' }, b: { label: 'B' }, comparison: compareRuns({ before: { results: a, fingerprint: 'f' }, after: b, gate: {}, label: 'A' }) });

  it('counts change by a count, never in ms', () => {
    expect(row(text, 'policy_denials')).toEqual(['policy_denials', '0', '1', '+1']);
    expect(row(text, 'retries')).toEqual(['retries', '0', '2', '+2']);
    expect(row(text, 'tool_errors')).toEqual(['tool_errors', '0', '3', '+3']);
    expect(row(text, 'approval_missing')).toEqual(['approval_missing', '0', '1', '+1']);
  });

  it('shows every gate metric (gate.md: "every metric overall"), so a threshold compare judges is in its table', () => {
    expect([...COMPARED_METRICS].sort()).toEqual(Object.keys(GATE_METRIC_UNITS).sort());
    // pass^k and pass@k beside the success rate they qualify.
    expect(COMPARED_METRICS.slice(0, 3)).toEqual(['success_rate', 'pass_hat_k', 'pass_at_k']);
  });

  it('latencies as durations, costs in dollars', () => {
    expect(row(text, 'p50_latency_ms').slice(1, 3)).toEqual(['1.0s', '1.5s']);
    expect(row(text, 'p50_latency_ms')[3]).toBe('+50.0%');
    expect(row(text, 'cost_total')[1]).toMatch(/^\$/);
  });

  it('takes each gate metric\'s unit from the registry, and gives every compared figure one', () => {
    for (const metric of COMPARED_METRICS) expect(comparedUnit(metric)).toBe(GATE_METRIC_UNITS[metric]);
  });

  it('prints two costs that differ with the digits that tell them apart, so the figures agree with the change beside them', () => {
    const compared = (x: number, y: number) =>
      formatComparison(PLAIN_SCREEN, { a: { label: 'A' }, b: { label: 'B' }, comparison: compareRuns({ before: { results: many(4, 0, { cost_usd: x }), fingerprint: 'f' }, after: many(4, 0, { cost_usd: y }), gate: {}, label: 'A' }) });
    // Both round to $0.0004 at four decimals: a 20% move read "$0.0004 $0.0004 −20.0%".
    expect(row(compared(0.00044, 0.00036), 'cost_per_task')).toEqual(['cost_per_task', '$0.00044', '$0.00036', '−18.2%']);
    expect(row(compared(0.0005, 0.0004), 'cost_per_task')).toEqual(['cost_per_task', '$0.0005', '$0.0004', '−20.0%']);
    // Equal costs stay as the summary table prints them, with `=`.
    expect(row(compared(0.0005, 0.0005), 'cost_per_task')).toEqual(['cost_per_task', '$0.0005', '$0.0005', '=']);
  });

  it('counts each list of cases as a count of cases, as the gate\'s exit line does ("1 case newly failing"), not "(1)" after the words', () => {
    const comparison = compareRuns({ before: { results: many(4, 1), fingerprint: 'f' }, after: many(4, 0), gate: {}, label: 'A' });
    const text = formatComparison(PLAIN_SCREEN, { a: { label: 'A' }, b: { label: 'B' }, comparison });
    expect(text).toMatch(/^1 case newly passing in B:$/m);
    expect(text).not.toMatch(/\(\d+\):$/m);
  });

  it('says which run answered its model calls from cassettes, so equal dollars do not read as the same spend', () => {
    const comparison = compareRuns({ before: { results: many(2, 0, { cost_usd: 0.001 }), fingerprint: 'f' }, after: many(2, 0, { cost_usd: 0.001 }), gate: {}, label: 'A' });
    const text = formatComparison(PLAIN_SCREEN, { a: { label: 'A' }, b: { label: 'B', replayed: true }, comparison });
    expect(text).toMatch(/^ {2}A: agent unknown · 2 cases · 2 passed · 0 failed · 0 errors · 0 skipped$/m);
    expect(text).toMatch(/^ {2}B: agent unknown · 2 cases · 2 passed · 0 failed · 0 errors · 0 skipped · \$ replayed, not spent \(--models replay: model calls answered from cassettes\)$/m);
  });

  it('says of a run only part of which replayed (a --resume or merge) its total and that part, as the run\'s own summary line does', () => {
    const comparison = compareRuns({ before: { results: many(2, 0, { cost_usd: 0.001 }), fingerprint: 'f' }, after: many(2, 0, { cost_usd: 0.025 }), gate: {}, label: 'A' });
    const text = formatComparison(PLAIN_SCREEN, { a: { label: 'A' }, b: { label: 'B', replayedUsd: 0.02 }, comparison });
    // It read "· $ $0.02 of it replayed, not spent (--models replay in some sessions: …)": "of it" of no total shown, and no shards.
    expect(text).toMatch(/^ {2}B: agent unknown · 2 cases · 2 passed · 0 failed · 0 errors · 0 skipped · \$ total \$0\.05 \(\$0\.02 of it replayed, not spent\): model calls answered from cassettes in the sessions or shards run with --models replay, the rest spent$/m);
  });
});
