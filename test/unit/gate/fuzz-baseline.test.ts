// Fuzzing the baseline reader: whatever agentready.baseline.json holds, reading it ends in a
// baseline or in located problems, and a baseline that reads is one the gate can decide on.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { gateFailure } from '../../../src/gate/explain.js';
import { keepSteadyFigures } from '../../../src/gate/steady.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { parseBaseline } from '../../../src/gate/baseline.js';
import { hostileText } from '../fuzz/mutate.js';
import { FUZZ_SEED, loadOutcome, Tally } from '../fuzz/outcome.js';
import { BASELINE_SEED } from '../fuzz/seeds.js';
import { result } from './results-builder.js';
import { baselineOf } from './fixtures.js';

const RESULTS = [result({ case_id: 'refund', suite: 'orders' }), result({ case_id: 'lookup', suite: 'orders', status: 'failed' })];
const METRICS = computeMetrics(RESULTS);
const GATE = { success_rate: { max_drop_pp: 0, significance: 0.05 }, cost_per_task: { max_rise_pct: 10 }, p95_latency_ms: { max: 5000 }, slices: { 'tag:refund': { success_rate: { min: 0.5 } } } };

describe('fuzzing the baseline reader', () => {
  it('any agentready.baseline.json ends in a gate verdict or in located problems, within seconds', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(hostileText([BASELINE_SEED], 'json'), async (text) => {
        tally.add('baseline', await loadOutcome(() => {
          const baseline = parseBaseline(text, 'agentready.baseline.json');
          const verdict = decideVerdict({ metrics: METRICS, baseline, gate: GATE, results: RESULTS, baselinePath: 'agentready.baseline.json' });
          if (!verdict.pass) gateFailure(verdict);
          keepSteadyFigures({ next: baselineOf(RESULTS), previous: baseline });
        }));
      }),
      { seed: FUZZ_SEED, numRuns: 1000 },
    );
    tally.print();
  });
});
