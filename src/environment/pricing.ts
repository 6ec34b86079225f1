/**
 * What a model call cost, from the config's `pricing` (prices per million tokens). A model id
 * matches its key exactly, else the longest key it starts with whose rest is a snapshot's suffix
 * (a date, a build number, a version tag: `gpt-x-2026-01-01`, `-20241022`, `-0613`, `-001`,
 * `@20250929`, `-v1:0`, `-latest`), so a dated id, as providers answer, is priced as `gpt-x`,
 * while another model whose name only begins alike (`gpt-x-mini`, `gpt-x.1`, `gpt-x-turbo`) is not
 * priced by it: unpriced, the run names it, where a prefix alone charged it another model's price. Pure.
 */
import type { Price, UsageRecord } from '../config/schema/index.js';
import { MODEL_ID_CHARS, shorten } from '../common/shorten.js';

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

/** What may follow a key in a snapshot of its model: dates, build numbers, version tags, `latest`. */
const SNAPSHOT_SUFFIX = /^(?:[-@]\d{4}-\d{2}-\d{2}|[-@]\d{3,}|-v\d+(?::\d+)?|[-@]latest)+$/;

/** The price of `model`: its own key, else the longest key of which it is a snapshot. */
export function priceOf(pricing: Readonly<Record<string, Price>>, model: string): Price | undefined {
  const exact = pricing[model];
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const key of Object.keys(pricing)) {
    if (key.length > 0 && model.startsWith(key) && SNAPSHOT_SUFFIX.test(model.slice(key.length)) && (best === undefined || key.length > best.length)) best = key;
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
    model: recordedModel(usage.model),
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cost_usd: cost ?? 0,
    priced: cost !== undefined,
  };
}
