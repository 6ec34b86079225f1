/**
 * Dollars to a number of significant digits: a spend set beside its cap, as the agent is told
 * when a cost cap refuses its tool call (environment/budgets.ts) or its model call
 * (environment/gateway/decide.ts), and as the budget check's reason says it (score/budget.ts);
 * and a dollar metric in the gate's explanations (gate/explain.ts); a cost cap as the config set
 * it (formatCapUsd, formatCapDollars); a spend as the budget check's `found` records it
 * (spendFigure). The run's figures write dollars with
 * report/format-figures.ts's formatUsd. Pure.
 */

/** Below this, an amount is written as less than it: no spend that small means anything. */
const SMALLEST_USD = 1e-12;

/**
 * `usd` to `digits` significant digits, as plain digits ("$0.0000001235", never JavaScript's
 * "1.235e-7", which it writes below a millionth); "<$0.000000000001" below that.
 */
export function significantUsd(usd: number, digits: number): string {
  const written = plainDigits(usd, digits);
  return written.startsWith('<') ? `<$${written.slice(1)}` : `$${written}`;
}

/**
 * Whether a spend has reached its cap (budgets.max_run_cost_usd; a case's max_cost_usd, at which the
 * model gateway refuses the next call), and by how much it went past it (overCap: the case's tool
 * calls are refused, and its budget check fails, past it): within a billionth of the cap (and
 * SMALLEST_USD) a sum of dollars is the cap. Floating-point
 * sums stray from the decimal sums they stand for: six cases of $0.005 sum to 0.030000000000000002,
 * which said "the run spent $0.03, <$0.000000000001 above budgets.max_run_cost_usd 0.03", and
 * 0.7 + 0.1 + 0.1 + 0.1 sums to 0.9999999999999999, short of a cap of 1, which started one more case.
 */
export function reachedCap(spent: number, cap: number): boolean {
  return spent >= cap - capNoise(cap);
}

/** How far `spent` went past `cap`, beyond the noise of the sum (reachedCap); 0 within it. */
export function overCap(spent: number, cap: number): number {
  const over = spent - cap;
  return over > capNoise(cap) ? over : 0;
}

function capNoise(cap: number): number {
  return Math.max(SMALLEST_USD, Math.abs(cap) * 1e-9);
}

/** Significant digits a cost cap is written to: every one a config can set. */
const CAP_DIGITS = 15;

/** A cost cap as the config set it, in plain digits ("0.0000001", not "1e-7"), to name it in a message. */
export function formatCapUsd(usd: number): string {
  return plainDigits(usd, CAP_DIGITS);
}

/**
 * A cost cap as the config set it, in dollars ("$0.0000001", "$2"): the readiness card's caps, in
 * its caps lines and its checklist alike (not formatUsd's cents, which reads a cap of 0.0000001 as "<$0.0001").
 */
export function formatCapDollars(usd: number): string {
  return significantUsd(usd, CAP_DIGITS);
}

function plainDigits(value: number, digits: number): string {
  const rounded = toDigits(value, digits);
  const size = Math.abs(rounded);
  if (size === 0 || size >= 1e-6) return `${rounded}`;
  if (size < SMALLEST_USD) return `<${SMALLEST_USD.toFixed(12)}`;
  const decimals = digits - 1 - Math.floor(Math.log10(size));
  return rounded.toFixed(Math.min(decimals, 100)).replace(/\.?0+$/, '');
}

/**
 * A spend beside the cap it passed, to four significant digits ("$0.0104" past a cap of 0.01):
 * rounded to cents it could read as the cap itself ("max_cost_usd 0.01 exceeded ($0.01 spent)").
 * Given the cap it `passed`, with as many more digits as it takes to read as past it ("$0.0100004").
 */
export function formatSpend(usd: number, passed?: number): string {
  return significantUsd(usd, spendDigits(usd, passed));
}

/**
 * The spend formatSpend writes, as a number: the budget check's `found` beside its reason
 * (0.0828, not the 0.08280000000000001 six calls of $0.0138 sum to).
 */
export function spendFigure(usd: number, passed?: number): number {
  return toDigits(usd, spendDigits(usd, passed));
}

/** Four, or more until the spend written is past the cap it `passed` (CAP_DIGITS at most: every digit a cap can have). */
function spendDigits(usd: number, passed: number | undefined): number {
  let digits = SPEND_DIGITS;
  if (passed !== undefined && usd > passed) while (digits < CAP_DIGITS && toDigits(usd, digits) <= passed) digits++;
  return digits;
}

/** Significant digits a spend beside its cap is written to. */
const SPEND_DIGITS = 4;

/** `value` rounded to `digits` significant digits, as a number. */
function toDigits(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}
