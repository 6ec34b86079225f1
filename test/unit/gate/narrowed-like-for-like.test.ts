// A case set that differs from the baseline's (a case added in the pull request, say) narrows the
// relative thresholds to the cases both have: the baseline's side is rebuilt from its case
// records, which keep a case's mean duration and cost and the checks any attempt failed. Under
// --repeat the run's side must be folded the same way, or an unchanged agent moves.
import { describe, expect, it } from 'vitest';
import type { GateConfig } from '../../../src/config/schema/gate.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { narrowBaseline } from '../../../src/gate/narrow.js';
import { parseBaseline, serializeBaseline } from '../../../src/gate/baseline.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { baselineOf } from './fixtures.js';
import { failing, result } from './results-builder.js';

/** Ten cases × 3 attempts; `attempt(id, n)` overrides an attempt. */
function run(attempt: (id: string, n: number) => Partial<CaseResult> = () => ({})): CaseResult[] {
  return Array.from({ length: 10 }, (_, i) => `c${i + 1}`).flatMap((id) => [1, 2, 3].map((n) => result({ case_id: id, attempt: n, ...attempt(id, n) })));
}

function checkOf(input: { before: CaseResult[]; now: CaseResult[]; gate: GateConfig }) {
  const now = [...input.now, result({ case_id: 'added' }), result({ case_id: 'added', attempt: 2 }), result({ case_id: 'added', attempt: 3 })];
  const verdict = decideVerdict({ metrics: computeMetrics(now, 3), gate: input.gate, results: now, baselinePath: 'agentready.baseline.json', baseline: baselineOf(input.before), planned: 3 });
  expect(verdict.diff.added.map((change) => change.key)).toEqual(['support/added']);
  return verdict.checks[0]!;
}

describe('relative thresholds over the cases a run shares with an older baseline, under --repeat', () => {
  it('compare a latency percentile of case means with one of case means: the same attempts are no move', () => {
    // Every case: 100, 100 and 1000 ms. The p95 of attempts is 1000 ms, of case means 400 ms.
    const same = run((_, n) => ({ duration_ms: n === 3 ? 1000 : 100 }));
    const check = checkOf({ before: same, now: same, gate: { p95_latency_ms: { max_rise_pct: 10 } } });
    expect(check).toMatchObject({ metric: 'p95_latency_ms', baseline: 400, current: 400, pass: true });
  });

  it('weigh a policy violation in one attempt of k alike on both sides, so a second case breaking policy fails the gate', () => {
    const violated = { status: 'failed' as const, policy_violations: 1, checks: [failing('policy', 'denied by refund-cap')] };
    const before = run((id, n) => (id === 'c1' && n === 1 ? violated : {}));
    const now = run((id, n) => ((id === 'c1' || id === 'c2') && n === 1 ? violated : {}));
    const check = checkOf({ before, now, gate: { policy_compliance: { max_drop_pp: 0 } } });
    // As records: 9 of 10 cases held in every attempt before, 8 now (the run's attempts, 28 of 30, read as a rise from 27 of 30).
    expect(check).toMatchObject({ metric: 'policy_compliance', baseline: 0.9, current: 0.8, pass: false });
  });

  it("compare tool correctness from the records' mean tool scores: a case calling an extra tool is a drop, as it is when no case was added", () => {
    const scored = (f1: number) => ({ checks: [{ check: 'tools' as const, pass: true as const, score: { f1, precision: f1, recall: 1 } }] });
    const before = run(() => scored(1));
    // c1 and c2 make one extra call in every attempt: still passing (calls match as a subset), precision 0.5, F1 2/3.
    const now = run((id) => scored(id === 'c1' || id === 'c2' ? 2 / 3 : 1));
    const check = checkOf({ before, now, gate: { tool_correctness: { max_drop_pp: 5 } } });
    expect(check).toMatchObject({ metric: 'tool_correctness', baseline: 1, pass: false });
    expect(check.current).toBeCloseTo(0.9333, 4);
    const same = checkOf({ before, now: before, gate: { tool_precision: { max_drop_pp: 0 } } });
    expect(same).toMatchObject({ metric: 'tool_precision', baseline: 1, current: 1, pass: true });
  });

  it('compare tool scores of an unchanged agent as equal against the baseline file, which keeps each case\'s mean to 4 decimals', () => {
    // Precision 1/3, 1/7 and 1/7: the file keeps 0.3333, 0.1429 and 0.1429 (mean 0.2064); unrounded case means give 0.2063.
    const scored = (precision: number) => ({ checks: [{ check: 'tools' as const, pass: true as const, score: { f1: (2 * precision) / (precision + 1), precision, recall: 1 } }] });
    const same = run((id) => scored(id === 'c1' ? 1 / 3 : id === 'c2' || id === 'c3' ? 1 / 7 : 1)).filter((r) => ['c1', 'c2', 'c3'].includes(r.case_id));
    const file = parseBaseline(serializeBaseline(baselineOf(same)), 'agentready.baseline.json');
    const now = [...same, result({ case_id: 'added' })];
    const verdict = decideVerdict({ metrics: computeMetrics(now, 3), gate: { tool_precision: { max_drop_pp: 0 } }, results: now, baselinePath: 'agentready.baseline.json', baseline: file, planned: 3 });
    expect(verdict.checks[0]).toMatchObject({ metric: 'tool_precision', pass: true });
    expect(verdict.checks[0]!.current).toBe(verdict.checks[0]!.baseline);
  });

  it('compare the cost and latency of an unchanged agent as equal against the baseline file, which keeps a case\'s mean cost to 6 decimals and duration to the millisecond', () => {
    const same = [100.4, 100.4, 101.6, 150.6].map((duration_ms, i) => result({ case_id: `c${i}`, duration_ms, cost_usd: [0.00031745, 0.00031745, 0.0003217][i % 3]! }));
    const file = parseBaseline(serializeBaseline(baselineOf(same)), 'agentready.baseline.json');
    const now = [...same, result({ case_id: 'added' })];
    const gate = { cost_per_task: { max_rise_pct: 0 }, p95_latency_ms: { max_rise_pct: 0 } };
    const verdict = decideVerdict({ metrics: computeMetrics(now), gate, results: now, baselinePath: 'agentready.baseline.json', baseline: file });
    // Unrounded case means read $0.000318 → $0.000319 (+0.3%) and 144 ms → 143 ms.
    for (const check of verdict.checks) expect(check.current, check.explanation).toBe(check.baseline);
    expect(verdict.pass).toBe(true);
  });

  it('leave tool correctness unapplied against a baseline written before records kept tool scores, and say how to get them', () => {
    const scored = { checks: [{ check: 'tools' as const, pass: true as const, score: { f1: 0.5, precision: 0.5, recall: 0.5 } }] };
    const older = baselineOf(run(() => scored));
    for (const record of Object.values(older.cases)) {
      delete record.tool_correctness;
      delete record.tool_precision;
      delete record.tool_recall;
    }
    const now = [...run(() => scored), result({ case_id: 'added', ...scored })];
    const verdict = decideVerdict({ metrics: computeMetrics(now, 3), gate: { tool_correctness: { max_drop_pp: 5 } }, results: now, baselinePath: 'agentready.baseline.json', baseline: older, planned: 3 });
    expect(verdict.checks[0]).toMatchObject({ metric: 'tool_correctness', baseline: null, current: 0.5, not_applied: true });
    expect(verdict.checks[0]!.explanation).toContain('not applied (no baseline value)');
    expect(verdict.notes.join('\n')).toContain('the records keep no tool scores (a baseline written before agentready kept them: `baseline update` writes them)');
  });
});

describe('a quarantined case, set aside by every threshold', () => {
  it('leaves tool correctness judged over the other cases: a tool-call regression still fails the gate', () => {
    const scored = (f1: number) => ({ checks: [{ check: 'tools' as const, pass: true as const, score: { f1, precision: f1, recall: 1 } }] });
    const before = run(() => scored(1));
    const now = run((id) => scored(id === 'c2' || id === 'c3' ? 0.5 : 1));
    const verdict = decideVerdict({
      metrics: computeMetrics(now, 3),
      gate: { tool_correctness: { max_drop_pp: 0 } },
      results: now,
      baselinePath: 'agentready.baseline.json',
      baseline: baselineOf(before),
      planned: 3,
      quarantined: [{ suite: 'support', case_id: 'c1', until: '2099-01-01', reason: 'flaky upstream' }],
    });
    // 9 cases judged: 7 at 1, 2 at 0.5.
    expect(verdict.checks[0]).toMatchObject({ metric: 'tool_correctness', baseline: 1, pass: false });
    expect(verdict.checks[0]!.current).toBeCloseTo(8 / 9, 4);
    expect(verdict.pass).toBe(false);
    expect(verdict.notes.join('\n')).toContain('the records keep no retries, tool_errors or approval_missing counts, so those are not compared');
  });
});

describe('a filtered run under --repeat (--grep), compared with the baseline narrowed to its cases', () => {
  it('compares its latency percentiles as case means too', () => {
    const same = run((_, n) => ({ duration_ms: n === 3 ? 1000 : 100 }));
    const selected = same.filter((r) => r.case_id !== 'c10');
    const baseline = narrowBaseline({ baseline: baselineOf(same), keys: new Set(selected.map((r) => `support/${r.case_id}`)), labels: selected });
    const verdict = decideVerdict({ metrics: computeMetrics(selected, 3), gate: { p95_latency_ms: { max_rise_pct: 10 } }, results: selected, baselinePath: 'agentready.baseline.json', baseline, planned: 3 });
    expect(verdict.checks[0]).toMatchObject({ baseline: 400, current: 400, pass: true });
  });
});

describe('a baseline the run shares no case with (every case renamed, or another suite)', () => {
  it("says the shared cases have no value, not that the run has no data, and shows the run's figure", () => {
    const before = run();
    const now = run().map((attempt) => ({ ...attempt, case_id: `renamed-${attempt.case_id}`, fingerprint: `fp-renamed-${attempt.case_id}` }));
    const verdict = decideVerdict({ metrics: computeMetrics(now, 3), gate: { success_rate: { max_drop_pp: 0 } }, results: now, baselinePath: 'agentready.baseline.json', baseline: baselineOf(before), planned: 3 });
    expect(verdict.checks[0]).toMatchObject({ metric: 'success_rate', not_applied: true, current: 1 });
    expect(verdict.checks[0]!.explanation).toBe('success_rate (overall): 1.000, max_drop_pp 0 not applied (no value over the cases this run shares with the baseline)');
  });
});
