/**
 * Dollars as every output writes them: the run's figures (report/format-figures.ts), and a spend
 * set beside its cap (what the agent is told when a cost cap refuses its call, environment/budgets.ts,
 * and the budget check's reason, score/budget.ts). Pure.
 */

/** Dollars with four decimals below one cent ("$0.0012"; "<$0.0001" below that), else two; "–" for null. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '–';
  // A priced spend too small for 4 decimals is not shown as $0.0000, which reads as unpriced.
  if (usd > 0 && usd < 0.00005) return '<$0.0001';
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/**
 * A spend beside the cap it passed, to four significant digits ("$0.0104" past a cap of 0.01):
 * rounded to cents it could read as the cap itself ("max_cost_usd 0.01 exceeded ($0.01 spent)").
 */
export function formatSpend(usd: number): string {
  return `$${Number(usd.toPrecision(4))}`;
}
