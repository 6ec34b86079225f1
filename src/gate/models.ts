/**
 * Calls, tokens and cost per model, over the run and per slice (SPEC §16): the seed's routing
 * ("small model for intent, larger model only for hard cases") shows as each model's share.
 * Every attempt counts, as in `cost_total`. Pure.
 */
import type { ModelShare, ModelUsageBySlice } from '../config/schema/index.js';
import type { CaseFigures } from '../score/figures.js';
import { groupBySlice } from './metrics.js';

export function computeModelUsage(results: readonly CaseFigures[]): ModelUsageBySlice {
  const slices = groupBySlice(results, (result) => result.models !== undefined);
  const overall = modelShares(results);
  // A slice holding every attempt (the one suite of a run) has the overall shares: not a second pass.
  return { overall, slices: Object.fromEntries([...slices].map(([key, members]) => [key, members === results ? overall : modelShares(members)])) };
}

/** Each model's figures over `results`, most calls first (then by name). */
export function modelShares(results: readonly CaseFigures[]): ModelShare[] {
  const tally = new ModelTally();
  for (const result of results) tally.add(result.models);
  return tally.shares();
}

/** modelShares an attempt at a time (run-figures.ts folds a run's attempts in as they end, in modelShares's order). */
export class ModelTally {
  private readonly totals = new Map<string, Omit<ModelShare, 'call_share' | 'cost_share'>>();

  add(models: CaseFigures['models']): void {
    if (models === undefined) return;
    for (const model in models) {
      const figures = models[model]!;
      let total = this.totals.get(model);
      if (total === undefined) this.totals.set(model, (total = { model, calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 }));
      total.calls += figures.calls;
      total.input_tokens += figures.input_tokens;
      total.output_tokens += figures.output_tokens;
      total.cost_usd += figures.cost_usd;
    }
  }

  /** Totals that go on from these, apart from them. */
  copy(): ModelTally {
    const copy = new ModelTally();
    for (const [model, total] of this.totals) copy.totals.set(model, { ...total });
    return copy;
  }

  shares(): ModelShare[] {
    const totals = [...this.totals.values()];
    const calls = totals.reduce((sum, t) => sum + t.calls, 0);
    const cost = totals.reduce((sum, t) => sum + t.cost_usd, 0);
    return totals
      .sort((a, b) => b.calls - a.calls || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0))
      .map((total) => ({ ...total, call_share: calls === 0 ? 0 : total.calls / calls, cost_share: cost === 0 ? null : total.cost_usd / cost }));
  }
}
