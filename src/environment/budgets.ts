/** Budget caps enforced on every tool call: the stricter of the config's and the case's. */
import type { Budgets } from '../config/schema/index.js';
import { formatCapUsd, formatSpend, overCap } from '../common/usd.js';

export interface Spend {
  toolCalls: number;
  modelCalls: number;
  costUsd: number;
}

export { stricterCaps } from '../config/budgets.js';

/** The cap the next tool call would pass, with why, or undefined when it may run. */
export function exhaustedCap(caps: Budgets, spent: Spend): { cap: keyof Budgets; message: string } | undefined {
  // Equivalent mutants: each `!== undefined` test as `true` (a comparison with undefined is false).
  if (caps.max_tool_calls !== undefined && spent.toolCalls >= caps.max_tool_calls) {
    return { cap: 'max_tool_calls', message: `max_tool_calls ${caps.max_tool_calls} reached` };
  }
  if (caps.max_model_calls !== undefined && spent.modelCalls > caps.max_model_calls) {
    return { cap: 'max_model_calls', message: `max_model_calls ${caps.max_model_calls} exceeded (${spent.modelCalls})` };
  }
  // Past it beyond a float sum's noise: $0.1 + $0.2 (0.30000000000000004) is a cap of 0.3 spent, not passed.
  if (caps.max_cost_usd !== undefined && overCap(spent.costUsd, caps.max_cost_usd) > 0) {
    return { cap: 'max_cost_usd', message: `max_cost_usd ${formatCapUsd(caps.max_cost_usd)} exceeded (${formatSpend(spent.costUsd, caps.max_cost_usd)} spent)` };
  }
  return undefined;
}
