/**
 * What a model call cost, from the config's `pricing` (prices per million tokens). A model id
 * matches its key exactly, else the longest key that is a prefix of it, so a dated id
 * (`gpt-x-2026-01-01`, as providers answer) is priced as `gpt-x`. Pure.
 */
import type { Price, UsageRecord } from '../config/schema/index.js';

export interface ModelUsage {
  model: string;
  input_tokens: number;
  output_tokens: number;
  /** What the agent said the call cost; wins over pricing. */
  cost_usd?: number | undefined;
}

/** The price of `model`: its own key, else the longest key its id starts with. */
export function priceOf(pricing: Readonly<Record<string, Price>>, model: string): Price | undefined {
  const exact = pricing[model];
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const key of Object.keys(pricing)) {
    if (key.length > 0 && model.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : pricing[best];
}

/** The usage record of one call: the reported cost, else the priced one, else $0 and `priced: false`. */
export function pricedUsage(pricing: Readonly<Record<string, Price>>, usage: ModelUsage): UsageRecord {
  const price = priceOf(pricing, usage.model);
  const computed = price === undefined
    ? undefined
    : (usage.input_tokens * price.input_per_mtok + usage.output_tokens * price.output_per_mtok) / 1_000_000;
  const cost = usage.cost_usd ?? computed;
  return {
    model: usage.model,
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cost_usd: cost ?? 0,
    priced: cost !== undefined,
  };
}
