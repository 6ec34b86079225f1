/**
 * Which key of the config's `pricing:` prices a model id (SPEC §17 Pricing keys): its own, else the
 * longest key of which it is a snapshot — a date, a build number, a version tag (`gpt-x-2026-01-01`,
 * `-20241022`, `-0613`, `-001`, `@20250929`, `-v1:0`, `-latest`) — not another model whose name only
 * begins alike (`gpt-x-mini`). The gateway and the usage reports price calls by it
 * (`environment/pricing.ts`); a baseline records the entries it found (`pricesUsed`). Pure.
 */
import { setOwn } from './own-key.js';
import type { Price } from './schema/price.js';

/** What may follow a key in a snapshot of its model: dates, build numbers, version tags, `latest`. */
const SNAPSHOT_SUFFIX = /^(?:[-@]\d{4}-\d{2}-\d{2}|[-@]\d{3,}|-v\d+(?::\d+)?|[-@]latest)+$/;

/** The key of `pricing` that prices `model`: its own, else the longest of which it is a snapshot; undefined for none. */
export function priceKeyOf(pricing: Readonly<Record<string, Price>>, model: string): string | undefined {
  if (Object.hasOwn(pricing, model)) return model;
  let best: string | undefined;
  for (const key of Object.keys(pricing)) {
    if (key.length > 0 && model.startsWith(key) && SNAPSHOT_SUFFIX.test(model.slice(key.length)) && (best === undefined || key.length > best.length)) best = key;
  }
  return best;
}

/**
 * The entries of `pricing` that price any of `models` (the model ids of a run's calls that pricing
 * priced, `lifecycle/price-changes.ts` `modelsPriced`: not those whose agent reported its own
 * cost_usd), by key: what a baseline records it was measured at.
 */
export function pricesUsed(pricing: Readonly<Record<string, Price>>, models: Iterable<string>): Record<string, Price> {
  const used: Record<string, Price> = {};
  for (const model of models) {
    const key = priceKeyOf(pricing, model);
    if (key !== undefined) setOwn(used, key, pricing[key]);
  }
  return used;
}

/** A price two records hold under one key that differs between them (as a baseline keeps prices: to 4 decimals). */
export interface PriceChange {
  key: string;
  before: Price;
  after: Price;
}

/** The keys both `before` and `after` hold whose prices differ, sorted. */
export function changedPrices(before: Readonly<Record<string, Price>>, after: Readonly<Record<string, Price>>): PriceChange[] {
  return Object.keys(after)
    .filter((key) => Object.hasOwn(before, key) && !samePrice(before[key]!, after[key]!))
    .sort()
    .map((key) => ({ key, before: before[key]!, after: after[key]! }));
}

// Whether two prices are the same as a baseline file keeps them.
function samePrice(a: Price, b: Price): boolean {
  return samePerMtok(a.input_per_mtok, b.input_per_mtok) && samePerMtok(a.output_per_mtok, b.output_per_mtok);
}

/**
 * Whether two prices per million tokens are one as a baseline file keeps them: each rounded to 4 decimals as
 * `gate/serialize.ts` rounds them (toFixed). A distance under half a unit said 0.00035 and the 0.0003 the file
 * keeps of it differ (in floating point a hair over), and every eval then noted a price change none made.
 */
export function samePerMtok(a: number, b: number): boolean {
  return a.toFixed(PRICE_DECIMALS) === b.toFixed(PRICE_DECIMALS);
}

/** The decimals a baseline keeps of a price (gate/serialize.ts's RATE_DECIMALS: the key is no cost's). */
const PRICE_DECIMALS = 4;
