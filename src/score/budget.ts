/**
 * The budget check: the case stayed within the stricter of the config's and the case's caps,
 * and stopped at the hard stop.
 *
 * How refused calls count: a call answered `budget_exhausted` never ran, so it is not a
 * tool call spent. The first one is how the agent learns it has hit a cap and costs nothing;
 * the agent must then stop calling tools (and escalate or return a partial result). Any tool
 * call after a `budget_exhausted` answer fails the check: the agent ignored the hard stop.
 */
import type { Budgets } from '../config/schema/config.js';
import type { CheckResult } from '../config/schema/results.js';
import type { Trace } from '../config/schema/trace.js';
import { stricterCaps } from '../config/budgets.js';

export { stricterCaps };

type BudgetKey = keyof Budgets;

/** Float slack for summed costs, in USD: far below any price, above summation error. */
const COST_EPSILON_USD = 1e-9;

/** Passes when tool calls, model calls and cost are within every cap that applies, and nothing followed the hard stop. */
export function scoreBudget(trace: Trace, config: Budgets, kase: Budgets | undefined): CheckResult {
  const caps = stricterCaps(config, kase ?? {});
  const used = measure(trace);
  const over = (Object.keys(caps) as BudgetKey[]).filter((key) => {
    const cap = caps[key];
    // Equivalent mutants (named, not disabled: other mutants on these lines are not): the slack
    // given to every key (`true`), since counts and their caps are integers; and `cap !== undefined`
    // as `true`, since stricterCaps sets only the keys that have a cap.
    const slack = key === 'max_cost_usd' ? COST_EPSILON_USD : 0;
    return cap !== undefined && used[key] > cap + slack;
  });
  const ignored = callsAfterHardStop(trace);
  if (over.length === 0 && ignored === 0) return { check: 'budget', pass: true };
  const reasons = over.map((key) => `${formatUsed(key, used[key])} > ${key} ${caps[key]}`);
  if (ignored > 0) reasons.push(`${ignored} tool call${ignored === 1 ? '' : 's'} after budget_exhausted (the agent did not stop)`);
  return {
    check: 'budget',
    pass: false,
    reason: reasons.join('; '),
    expected: { ...caps, calls_after_budget_exhausted: 0 },
    found: { ...used, calls_after_budget_exhausted: ignored },
  };
}

/** What the trace spent, keyed like the caps: calls refused `budget_exhausted` never ran and are not counted. */
function measure(trace: Trace): Record<BudgetKey, number> {
  return {
    max_tool_calls: trace.tool_calls.filter((call) => call.answer !== 'budget_exhausted').length,
    max_model_calls: trace.usage.length,
    max_cost_usd: trace.usage.reduce((sum, entry) => sum + entry.cost_usd, 0),
  };
}

/** Tool calls made after the first call answered budget_exhausted. */
function callsAfterHardStop(trace: Trace): number {
  const first = trace.tool_calls.findIndex((call) => call.answer === 'budget_exhausted');
  return first === -1 ? 0 : trace.tool_calls.length - first - 1;
}

/** "5 tool calls", "$0.0612". */
function formatUsed(key: BudgetKey, value: number): string {
  if (key === 'max_cost_usd') return `$${Number(value.toPrecision(4))}`;
  return `${value} ${key === 'max_tool_calls' ? 'tool' : 'model'} call${value === 1 ? '' : 's'}`;
}
