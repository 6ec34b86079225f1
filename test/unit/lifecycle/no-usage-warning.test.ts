// A run in which no case reported any model usage cost $0: a cost threshold (a budget's dollar cap,
// the gate's cost_per_task or cost_total) could not trip, and the run says so in one warning.
import { describe, expect, it } from 'vitest';
import type { CaseResult, Suite } from '../../../src/config/schema/index.js';
import { costThresholdsOf, runLifecycle, type CaseSource } from '../../../src/lifecycle/index.js';
import type { Trace } from '../../../src/config/schema/trace.js';
import type { CaseFigures } from '../../../src/score/figures.js';
import { kase } from '../environment/fixtures.js';
import { TraceBuilder } from '../score/trace-builder.js';
import { endedSession } from './ended-session.js';

const suite = { name: 's', file: 's.suite.yaml', tools: [] } as unknown as Suite;

function source({ traces, earlier = [] }: { traces: Trace[]; earlier?: CaseFigures[] }): CaseSource {
  return {
    writesRunFolder: false,
    redact: true,
    run: async (hooks) => {
      for (const trace of traces) await hooks.onCaseEnd({ kind: 'ran', result: {} as CaseResult, trace, attempt: { suite, kase: kase(), attempt: 1 } });
      return endedSession({ figures: earlier });
    },
  };
}

const run = (traces: Trace[], costThresholds?: readonly string[], earlier?: CaseFigures[]) =>
  runLifecycle({ source: source({ traces, ...(earlier ? { earlier } : {}) }), reporters: [], judge: () => ({ kind: 'ungated' }), signal: new AbortController().signal, maxErrorRate: 0, killSwitch: false, cwd: '/nowhere', ...(costThresholds ? { costThresholds } : {}) });

/** A case a resumed run finished in its earlier session, which reported usage. */
const earlierWithUsage = {
  suite: 's', case_id: 'a', attempt: 1, fingerprint: 'f', tags: [], status: 'pass', outcome: 'completed', duration_ms: 5, cost_usd: 0.01,
  models: { m: { calls: 1, input_tokens: 10, output_tokens: 5, cost_usd: 0.01 } }, retries: 0, tool_errors: 0, policy_violations: 0, checks: [],
} as unknown as CaseFigures;

const NO_USAGE = /^no case reported any model usage, so the run cost \$0 and budgets max_cost_usd, gate cost_total could not trip/;

describe('a run in which no case reported usage', () => {
  it('is warned of once when cost thresholds are set', async () => {
    const outcome = await run([new TraceBuilder().build(), new TraceBuilder().build()], ['budgets max_cost_usd', 'gate cost_total']);
    expect(outcome.warnings.filter((w) => NO_USAGE.test(w))).toHaveLength(1);
  });

  it('is not warned of when a case reported usage, when no cost threshold is set, or when no case ran', async () => {
    expect((await run([new TraceBuilder().build(), new TraceBuilder().usage(0.01).build()], ['budgets max_cost_usd'])).warnings).toEqual([]);
    expect((await run([new TraceBuilder().build()], [])).warnings).toEqual([]);
    expect((await run([new TraceBuilder().build()])).warnings).toEqual([]);
    expect((await run([], ['budgets max_cost_usd'])).warnings).toEqual([]);
  });

  it("is not warned of when a resumed run's earlier cases reported usage, though this session's did not", async () => {
    expect((await run([new TraceBuilder().build()], ['budgets max_cost_usd'], [earlierWithUsage])).warnings).toEqual([]);
  });
});

describe('costThresholdsOf', () => {
  const config = (over: { budgets?: object; gate?: object; caseBudgets?: object }) =>
    ({
      budgets: over.budgets ?? {},
      gate: over.gate ?? {},
      suites: [{ cases: [kase(over.caseBudgets ? { expect: { outcome: 'completed', budgets: over.caseBudgets } } : {})] }],
    }) as unknown as Parameters<typeof costThresholdsOf>[0]['config'];

  it("names the budgets' dollar caps (the config's or a case's) and, gated, the gate's cost metrics overall or by slice", () => {
    expect(costThresholdsOf({ config: config({ budgets: { max_cost_usd: 1, max_tool_calls: 3 } }), gated: true })).toEqual(['budgets max_cost_usd']);
    expect(costThresholdsOf({ config: config({ caseBudgets: { max_cost_usd: 1 }, budgets: { max_run_cost_usd: 5 } }), gated: true })).toEqual(['budgets max_cost_usd', 'budgets max_run_cost_usd']);
    expect(costThresholdsOf({ config: config({ gate: { cost_per_task: { max: 1 }, slices: { 'tag:x': { cost_total: { max_rise_pct: 5 } } } } }), gated: true })).toEqual(['gate cost_per_task', 'gate cost_total']);
    expect(costThresholdsOf({ config: config({ gate: { cost_per_task: { max: 1 }, success_rate: { min: 0.9 } } }), gated: false })).toEqual([]);
  });
});
