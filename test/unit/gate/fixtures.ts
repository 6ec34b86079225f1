/** Baselines for gate tests, built the way `baseline update` builds them. */
import type { Baseline } from '../../../src/config/schema/baseline.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { buildBaseline } from '../../../src/gate/baseline.js';
import { computeMetrics } from '../../../src/gate/metrics.js';

export function baselineOf(results: CaseResult[]): Baseline {
  return buildBaseline({
    results,
    metrics: computeMetrics(results),
    agent: { name: 'support-agent', version: '1.2.0' },
    adapter: 'stdio',
    fingerprint: 'suites-fp',
  });
}
