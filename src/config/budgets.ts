/** Budget caps as they apply to one case: the stricter of the config's and the case's `expect.budgets`, key by key. */
import type { Budgets } from './schema/index.js';

/** Every cap a budget can set, in the order caps are written. */
export const BUDGET_KEYS = ['max_tool_calls', 'max_model_calls', 'max_cost_usd'] as const;

/** The lower of the two caps for each key either sets; a key neither sets is absent. (Runs per case: no array per key.) */
export function stricterCaps(a: Budgets, b: Budgets | undefined): Budgets {
  const caps: Budgets = {};
  for (const key of BUDGET_KEYS) {
    const first = a[key];
    const second = b?.[key];
    const cap = first === undefined ? second : second === undefined ? first : Math.min(first, second);
    if (cap !== undefined) caps[key] = cap;
  }
  return caps;
}
