/**
 * Which `pricing:` entry prices a model: its exact key, else the longest key that is a prefix
 * of the model id, so a dated id (`gpt-x-2026-01-01`) is priced as `gpt-x`.
 */
import type { Price } from './schema/config.js';

export function priceFor(pricing: Readonly<Record<string, Price>>, model: string): Price | undefined {
  if (Object.hasOwn(pricing, model)) return pricing[model];
  let best: string | undefined;
  for (const key of Object.keys(pricing)) {
    if (key !== '' && model.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : pricing[best];
}
