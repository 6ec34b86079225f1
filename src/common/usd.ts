/**
 * A spend set beside its cap, as the agent is told when a cost cap refuses its tool call
 * (environment/budgets.ts) or its model call (environment/gateway/decide.ts), and as the budget
 * check's reason says it (score/budget.ts). The run's
 * figures write dollars with report/format-figures.ts's formatUsd. Pure.
 */

/**
 * A spend beside the cap it passed, to four significant digits ("$0.0104" past a cap of 0.01):
 * rounded to cents it could read as the cap itself ("max_cost_usd 0.01 exceeded ($0.01 spent)").
 */
export function formatSpend(usd: number): string {
  return `$${Number(usd.toPrecision(4))}`;
}
