/**
 * Dollars as every output writes them, the run's figures (report/format-figures.ts) and what the
 * agent is told when a cost cap refuses its call (environment/budgets.ts). Pure.
 */

/** Dollars with four decimals below one cent ("$0.0012"; "<$0.0001" below that), else two; "–" for null. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '–';
  // A priced spend too small for 4 decimals is not shown as $0.0000, which reads as unpriced.
  if (usd > 0 && usd < 0.00005) return '<$0.0001';
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
