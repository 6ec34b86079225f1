// A failed cost, latency or tool score names the cases behind its move, so a reviewer of the pull
// request knows where to look, as newly_failing names the cases behind a drop of the success rate.
import { describe, expect, it } from 'vitest';
import type { GateConfig } from '../../../src/config/schema/gate.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { baselineOf } from './fixtures.js';
import { result } from './results-builder.js';

const tools = (f1: number) => ({ checks: [{ check: 'tools' as const, pass: true as const, score: { f1, precision: f1, recall: 1 } }] });

/** Five cases; `change` overrides some. */
function run(change: Record<string, Partial<CaseResult>> = {}): CaseResult[] {
  return ['a', 'b', 'c', 'd', 'e'].map((id) => result({ case_id: id, duration_ms: 100, cost_usd: 0.01, ...tools(1), ...change[id] }));
}

function checkOf(now: CaseResult[], gate: GateConfig) {
  const verdict = decideVerdict({ metrics: computeMetrics(now), gate, results: now, baselinePath: 'agentready.baseline.json', baseline: baselineOf(run()) });
  return verdict.checks[0]!;
}

describe('the cases behind a failed figure', () => {
  it('names the case that costs more a task, with its cost before and now', () => {
    const check = checkOf(run({ c: { cost_usd: 0.05 } }), { cost_per_task: { max_rise_pct: 10 } });
    expect(check.pass).toBe(false);
    expect(check.explanation).toBe('cost_per_task (overall): $0.01 → $0.018 (+80.0%), past max_rise_pct 10; 1 case cost more a task than in the baseline: support/c $0.01 → $0.05');
  });

  it('names the cases whose tool score fell, the largest fall first', () => {
    const check = checkOf(run({ b: tools(2 / 3), d: tools(0.5) }), { tool_correctness: { max_drop_pp: 0 } });
    expect(check.explanation).toContain('; 2 cases scored lower than in the baseline: support/d 1.000 → 0.500, support/b 1.000 → 0.667');
  });

  it('names the three slowest moves and counts the rest', () => {
    const slower = Object.fromEntries(['a', 'b', 'c', 'd'].map((id, i) => [id, { duration_ms: 200 + i * 100 }]));
    const check = checkOf(run(slower), { p50_latency_ms: { max_rise_pct: 10 } });
    expect(check.explanation).toContain('; 4 cases ran slower (mean duration) than in the baseline, most: support/d 100 ms → 500 ms, support/c 100 ms → 400 ms, support/b 100 ms → 300 ms and 1 more');
  });

  it('adds nothing to a threshold that passed, or failed on an absolute rule', () => {
    expect(checkOf(run({ c: { cost_usd: 0.0101 } }), { cost_per_task: { max_rise_pct: 10 } }).explanation).not.toContain('than in the baseline');
    const absolute = checkOf(run({ c: { cost_usd: 0.05 } }), { cost_per_task: { max: 0.01 } });
    expect(absolute.pass).toBe(false);
    expect(absolute.explanation).not.toContain('than in the baseline');
  });
});
