/** Budget caps as they apply to one case: the stricter of the config's and the case's `expect.budgets`, key by key. */
import type { Budgets } from './schema/index.js';

/** The lower of the two caps for each key either sets; a key neither sets is absent. */
export function stricterCaps(a: Budgets, b: Budgets | undefined): Budgets {
  const caps: Budgets = {};
  for (const key of ['max_tool_calls', 'max_model_calls', 'max_cost_usd'] as const) {
    const values = [a[key], b?.[key]].filter((value): value is number => value !== undefined);
    if (values.length > 0) caps[key] = Math.min(...values);
  }
  return caps;
}
