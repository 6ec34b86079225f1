/** The budget check: the case stayed within the stricter of the config's and the case's caps. */
import type { Budgets } from '../config/schema/config.js';
import type { CheckResult } from '../config/schema/results.js';
import type { Trace } from '../config/schema/trace.js';

type BudgetKey = keyof Budgets;

/** Float slack for summed costs, in USD: far below any price, above summation error. */
const COST_EPSILON_USD = 1e-9;

/** Passes when tool calls, model calls and cost are within every cap that applies. */
export function scoreBudget(trace: Trace, config: Budgets, kase: Budgets | undefined): CheckResult {
  const caps = stricterCaps(config, kase ?? {});
  const used = measure(trace);
  const over = (Object.keys(caps) as BudgetKey[]).filter((key) => {
    const cap = caps[key];
    const slack = key === 'max_cost_usd' ? COST_EPSILON_USD : 0;
    return cap !== undefined && used[key] > cap + slack;
  });
  if (over.length === 0) return { check: 'budget', pass: true };
  return {
    check: 'budget',
    pass: false,
    reason: over.map((key) => `${formatUsed(key, used[key])} > ${key} ${caps[key]}`).join('; '),
    expected: caps,
    found: used,
  };
}

/** The lower of the two caps for each key either sets. */
export function stricterCaps(a: Budgets, b: Budgets): Budgets {
  const caps: Budgets = {};
  for (const key of ['max_tool_calls', 'max_model_calls', 'max_cost_usd'] as const) {
    const values = [a[key], b[key]].filter((value): value is number => value !== undefined);
    if (values.length > 0) caps[key] = Math.min(...values);
  }
  return caps;
}

/** What the trace used, keyed like the caps. */
function measure(trace: Trace): Record<BudgetKey, number> {
  return {
    max_tool_calls: trace.tool_calls.length,
    max_model_calls: trace.usage.length,
    max_cost_usd: trace.usage.reduce((sum, entry) => sum + entry.cost_usd, 0),
  };
}

/** "5 tool calls", "$0.0612". */
function formatUsed(key: BudgetKey, value: number): string {
  if (key === 'max_cost_usd') return `$${Number(value.toPrecision(4))}`;
  return `${value} ${key === 'max_tool_calls' ? 'tool' : 'model'} call${value === 1 ? '' : 's'}`;
}
