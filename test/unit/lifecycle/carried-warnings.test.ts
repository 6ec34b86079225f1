// What a resumed run keeps of its earlier session's warnings: what still holds of the whole run, not
// the warnings the lifecycle makes again from the whole run's figures at its end.
import { describe, expect, it } from 'vitest';
import { carriedWarnings } from '../../../src/lifecycle/run-summary.js';
import { isModelUsageWarning, noUsageWarning, unpricedWarnings } from '../../../src/report/format-models.js';
import { describeCapOvershoot } from '../../../src/report/headline.js';

const stray = 'the agent (pid 4242) wrote an invalid message on stdout while 1 case was in flight (unknown notification "made/up"): "{}" (stdout carries only the protocol\'s messages: log to stderr)';

describe('carriedWarnings', () => {
  it('keeps what the earlier session saw (stray stdout, a late print) and leaves out the figures\' warnings, which the whole run says again', () => {
    const unpriced = unpricedWarnings(new Set(Array.from({ length: 12 }, (_, i) => `model-${i}`)));
    const overshoot = describeCapOvershoot({ max_usd: 0.5, spent_usd: 1.62, over_usd: 1.12 }, { concurrency: 4 })!;
    const noUsage = noUsageWarning(['budgets max_cost_usd']);
    const late = 'tool handler lookup printed after its case ended: "done"';
    expect(carriedWarnings([stray, ...unpriced, noUsage, late, overshoot])).toEqual([stray, late]);
    expect(carriedWarnings(undefined)).toEqual([]);
  });

  it('tells a model\'s no-price warning by its words, whatever the id (redacted or not)', () => {
    const [one] = unpricedWarnings(new Set(['[REDACTED:email]']));
    expect(isModelUsageWarning(one!)).toBe(true);
    // A stray line that quotes such words is still the agent's.
    expect(isModelUsageWarning(`the agent wrote "model "x" has no price" on stdout`)).toBe(false);
  });
});
