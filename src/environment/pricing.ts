/**
 * What a model call cost, from the config's `pricing` (prices per million tokens), priced by the
 * key `config/price-keys.ts` `priceKeyOf` finds for its model id (its own, else the one of which it
 * is a dated or versioned snapshot; a model whose name only begins alike is unpriced, and the run
 * names it). Pure.
 */
import type { Price, UsageRecord } from '../config/schema/index.js';
import { MODEL_ID_CHARS, shorten } from '../common/shorten.js';
import { priceKeyOf } from '../config/price-keys.js';

/** A model id as a usage record keeps it: cut at MODEL_ID_CHARS. */
export function recordedModel(model: string): string {
  return shorten(model, MODEL_ID_CHARS);
}

export interface ModelUsage {
  model: string;
  input_tokens: number;
  output_tokens: number;
  /** What the agent said the call cost; wins over pricing. */
  cost_usd?: number | undefined;
}

/** The price of `model`: its own key, else the longest key of which it is a snapshot (`config/price-keys.ts`). */
export function priceOf(pricing: Readonly<Record<string, Price>>, model: string): Price | undefined {
  const key = priceKeyOf(pricing, model);
  return key === undefined ? undefined : pricing[key];
}

/** The usage record of one call: the reported cost, else the priced one, else $0 and `priced: false`. */
export function pricedUsage(pricing: Readonly<Record<string, Price>>, usage: ModelUsage): UsageRecord {
  const price = priceOf(pricing, usage.model);
  const computed = price === undefined
    ? undefined
    : (usage.input_tokens * price.input_per_mtok + usage.output_tokens * price.output_per_mtok) / 1_000_000;
  const cost = usage.cost_usd ?? computed;
  return {
    model: recordedModel(usage.model),
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cost_usd: cost ?? 0,
    priced: cost !== undefined,
    ...(usage.cost_usd === undefined ? {} : { reported_cost: true as const }),
  };
}
