// Small hand-made run data for the report tests: finished metrics, results and verdicts.
import type { CaseResult, MetricsBySlice, Rate, RunMetrics } from '../../../src/config/schema/index.js';
import type { ThresholdCheck, Verdict } from '../../../src/gate/types.js';
import type { RunSummary } from '../../../src/report/reporter.js';

export function rate(successes: number, n: number, low: number | null = null, high: number | null = null): Rate {
  return { value: n === 0 ? null : successes / n, successes, n, low, high };
}

export function runMetrics(overrides: Partial<RunMetrics> = {}): RunMetrics {
  return {
    cases: 40,
    attempts: 40,
    passed: 37,
    failed: 2,
    errors: 1,
    skipped: 0,
    success_rate: rate(37, 39, 0.831, 0.986),
    escalation_rate: rate(3, 39),
    policy_compliance: rate(39, 39),
    budget_compliance: rate(39, 39),
    error_rate: rate(1, 40),
    tool_correctness: 0.97,
    tool_precision: 0.98,
    tool_recall: 0.96,
    cost_per_task: 0.0042,
    cost_total: 0.168,
    p50_latency_ms: 850,
    p95_latency_ms: 3240,
    retries: 2,
    tool_errors: 3,
    policy_denials: 0,
    ...overrides,
  };
}

export function metricsBySlice(slices: Record<string, RunMetrics> = {}): MetricsBySlice {
  return { overall: runMetrics(), slices };
}

export function caseResult(overrides: Partial<CaseResult> = {}): CaseResult {
  return {
    suite: 'tier1-support',
    case_id: 'refund-double-charge',
    attempt: 1,
    trace_id: 'tr-0001',
    fingerprint: 'fp1',
    tags: ['refund'],
    status: 'passed',
    outcome: 'completed',
    duration_ms: 1234,
    cost_usd: 0.004,
    model_calls: 2,
    tool_calls: 2,
    tool_errors: 0,
    retries: 0,
    policy_violations: 0,
    checks: [{ check: 'outcome', pass: true }],
    ...overrides,
  };
}

export function failedResult(overrides: Partial<CaseResult> = {}): CaseResult {
  return caseResult({
    status: 'failed',
    checks: [
      { check: 'outcome', pass: true },
      {
        check: 'tools',
        pass: false,
        reason: 'expected call issue_refund was not made',
        expected: { name: 'issue_refund', args: { amount: { lte: 20 } } },
        found: [{ name: 'lookup_order', arguments: { order_id: '1234' } }],
      },
      {
        check: 'output',
        pass: false,
        reason: 'does not contain "refund"',
        expected: { contains: ['refund'] },
        found: 'Sorry\x1b[31m, I cannot help with that.',
      },
    ],
    ...overrides,
  });
}

export function thresholdCheck(overrides: Partial<ThresholdCheck> = {}): ThresholdCheck {
  return {
    metric: 'success_rate',
    slice: 'overall',
    baseline: 0.95,
    current: 0.9,
    delta: -0.05,
    threshold: { max_drop_pp: 2 },
    rule: 'max_drop_pp',
    interval: [0.831, 0.986],
    p_value: 0.0313,
    significant: true,
    pass: false,
    explanation: '0.95 → 0.90 (−5.0 pp) > max_drop_pp 2',
    ...overrides,
  };
}

export function verdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    pass: true,
    has_baseline: true,
    baseline_path: 'agentready.baseline.json',
    checks: [],
    moves: [],
    diff: { newly_failing: [], newly_passing: [], known_failing: [], added: [], removed: [], changed: [] },
    quarantined: [],
    notes: [],
    ...overrides,
  };
}

export function runSummary(results: CaseResult[], overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    run_id: '2026-01-02T03-04-05-abc',
    run_dir: '/repo/.agentready/runs/2026-01-02T03-04-05-abc',
    agent: { name: 'support-bot', version: '1.2.0' },
    adapter: 'stdio',
    started_at: '2026-01-02T03:04:05.000Z',
    finished_at: '2026-01-02T03:04:15.500Z',
    duration_ms: 10_500,
    interrupted: false,
    end: { kind: 'completed' },
    results,
    metrics: metricsBySlice(),
    models: { overall: [], slices: {} },
    unauthenticated_requests: 0,
    warnings: [],
    ...overrides,
  };
}
