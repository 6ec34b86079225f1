/**
 * The cost thresholds a run is held to, named as the config names them: the budgets' dollar caps
 * (the config's and any case's) and, when the run is gated, the gate's cost metrics overall and by
 * slice. A run in which no case reported any usage cost $0 and can trip none of them: the
 * lifecycle warns of it (report/format-models.ts `noUsageWarning`).
 */
import type { ResolvedConfig } from '../config/index.js';
import { costCapNames } from '../report/format-models.js';

const COST_METRICS = ['cost_per_task', 'cost_total'] as const;

export function costThresholdsOf({ config, gated }: { config: Pick<ResolvedConfig, 'budgets' | 'gate' | 'suites'>; gated: boolean }): string[] {
  const caseCap = config.suites.some((suite) => suite.cases.some((kase) => kase.expect.budgets?.max_cost_usd !== undefined));
  const named = costCapNames({ perCase: config.budgets.max_cost_usd !== undefined || caseCap, perRun: config.budgets.max_run_cost_usd !== undefined });
  if (!gated) return named;
  const gates = [config.gate, ...Object.values(config.gate.slices ?? {})];
  for (const metric of COST_METRICS) if (gates.some((gate) => gate[metric] !== undefined)) named.push(`gate ${metric}`);
  return named;
}
