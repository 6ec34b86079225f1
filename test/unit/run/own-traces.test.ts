// A run folder's own trace read back for `agentready score`: model calls the gateway answered
// itself (refused, faulted) were no model call, so they do not come back as usage.
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../src/config/schema/index.js';
import { recordedFromTrace } from '../../../src/run/own-traces.js';

const trace: Trace = {
  trace_id: 't', suite: 's', case_id: 'c', attempt: 1, mode: 'normal', outcome: 'escalated', output: 'stopped', duration_ms: 10,
  tool_calls: [], approvals: [], policy_decisions: [],
  usage: [
    { model: 'm-1', input_tokens: 10, output_tokens: 5, cost_usd: 0.01, priced: true, via: 'gateway', answer: 'model', status: 200 },
    { model: 'm', input_tokens: 0, output_tokens: 0, cost_usd: 0, priced: true, via: 'gateway', answer: 'budget_exhausted', status: 429, message: 'budget_exhausted: …' },
    { model: 'other', input_tokens: 3, output_tokens: 1, cost_usd: 0, priced: false },
  ],
};

describe('recordedFromTrace', () => {
  it('keeps the calls a model answered, with their cost when they had one, and drops the gateway\'s refusals', () => {
    expect(recordedFromTrace(trace).usage).toEqual([
      { model: 'm-1', input_tokens: 10, output_tokens: 5, cost_usd: 0.01 },
      { model: 'other', input_tokens: 3, output_tokens: 1 },
    ]);
  });
});
