/**
 * Percentiles by linear interpolation between closest ranks: numpy's default
 * (`method='linear'`, Hyndman & Fan type 7), so figures match a notebook.
 */

/** The p-th percentile (0–100) of the values, or null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const below = sorted[lower]!;
  const above = sorted[Math.min(lower + 1, sorted.length - 1)]!;
  return below + (rank - lower) * (above - below);
}
