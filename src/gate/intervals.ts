/** Statistics for the gate: Wilson score intervals and the exact McNemar test (SPEC §6, §7). */

/** The normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.959964;

/**
 * Wilson score interval without continuity correction (Newcombe 1998, method 3), which
 * stays inside [0, 1] and is sensible at 0% and 100%, unlike the normal approximation.
 * Null when n = 0.
 */
export function wilson({ successes, n, z = Z_95 }: { successes: number; n: number; z?: number }): [number, number] | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At 0% and 100% a bound is exactly 0 or 1 (center ∓ half cancels only up to rounding: 0.9999999999999999 at 4 of 4).
  return [successes <= 0 ? 0 : Math.max(0, center - half), successes >= n ? 1 : Math.min(1, center + half)];
}

/**
 * Two-sided exact McNemar p-value: a binomial test of b against Binomial(b + c, 1/2) on the
 * discordant pairs. 1 when there are none. Summed in log space so large n does not underflow.
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  // Equivalent mutant: this condition as `false` (the loop then sums C(0, 0) · 1 = 1, doubled and capped at 1).
  if (n === 0) return 1;
  const k = Math.min(b, c);
  const logHalfPowN = -n * Math.LN2;
  let logChoose = 0; // log C(n, 0)
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    tail += Math.exp(logChoose + logHalfPowN);
    logChoose += Math.log(n - i) - Math.log(i + 1);
  }
  return Math.min(1, 2 * tail);
}
