/**
 * The gate's note when the prices the run's model calls were priced at differ from those the
 * committed baseline records it was measured at (its `pricing`, version 4): the cost figures then
 * move with the prices, not only with the agent, and a reviewer should not read a price change as
 * a regression or an improvement. The gate still judges the costs as measured (what the agent
 * costs now is what a cost threshold is for); the note says why they moved and how to re-measure
 * the baseline. Pure.
 */
import type { Baseline, CaseResult, Price } from '../config/schema/index.js';
import { commandHint } from '../config/command-hint.js';
import { changedPrices, pricesUsed, samePerMtok, type PriceChange } from '../config/price-keys.js';

/** The model ids of the results' calls that `pricing:` priced (their `models`, less calls whose agent reported their cost), each once. */
export function modelsPriced(results: readonly Pick<CaseResult, 'models'>[]): Set<string> {
  const models = new Set<string>();
  for (const result of results) {
    for (const model in result.models) {
      const figures = result.models[model]!;
      if (figures.calls > (figures.reported_calls ?? 0)) models.add(model);
    }
  }
  return models;
}

/** The note, or none: a baseline that records no prices (written before they were recorded, or of a run no price priced), or prices unchanged for every key both priced calls with. */
export function priceChangeNote(input: { baseline: Baseline; pricing: Readonly<Record<string, Price>>; results: readonly CaseResult[] }): string[] {
  const recorded = input.baseline.pricing;
  if (recorded === undefined) return [];
  const now = pricesUsed(input.pricing, modelsPriced(input.results));
  // A key only one side priced with is a model only one run called (or a price added or removed, which the unpriced-model warning names): no price moved under the same calls.
  const changed = pricesMovedWords(changedPrices(recorded, now));
  if (changed === undefined) return [];
  return [
    `Prices changed since the baseline was made (${changed}): its cost figures (cost_per_task, cost_total, each case's cost) were priced at the old prices, so part of the cost's move is the prices', not the agent's. \`${commandHint('baseline update')}\` records the run at the new prices.`,
  ];
}

/**
 * `baseline update`'s line when the prices it records moved from the committed baseline's: a reviewer
 * reads its costs' move as the prices' (and none of them was kept as committed: gate/steady.ts). Empty for none.
 */
export function pricesMovedLine(input: { previous: Baseline; next: Baseline }): string {
  const changed = pricesMovedWords(changedPrices(input.previous.pricing ?? {}, input.next.pricing ?? {}));
  return changed === undefined ? '' : `Prices changed since the previous baseline (${changed}): its costs are priced at the new prices, so part of their move is the prices'.\n`;
}

// '"gpt-x" input $2.5 → $3 per million tokens; …', undefined for no change.
function pricesMovedWords(changes: readonly PriceChange[]): string | undefined {
  return changes.length === 0 ? undefined : changes.map(priceChange).join('; ');
}

// '"gpt-x" input $2.5 → $3 per million tokens': the sides that moved.
function priceChange({ key, before, after }: PriceChange): string {
  const sides = (['input', 'output'] as const)
    .filter((side) => !samePerMtok(before[`${side}_per_mtok`], after[`${side}_per_mtok`]))
    .map((side) => `${side} $${before[`${side}_per_mtok`]} → $${after[`${side}_per_mtok`]}`);
  return `"${key}" ${sides.join(', ')} per million tokens`;
}
