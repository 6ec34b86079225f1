/**
 * Percentiles by linear interpolation between closest ranks: numpy's default
 * (`method='linear'`, Hyndman & Fan type 7), so figures match a notebook.
 */

/** The p-th percentile (0–100) of the values, or null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  return percentiles(values, [p])[0] ?? null;
}

/** Each p-th percentile (0–100) of the values, sorting them once; nulls when there are none. */
export function percentiles(values: readonly number[] | Float64Array, ps: readonly number[]): (number | null)[] {
  if (values.length === 0) return ps.map(() => null);
  // A typed array sorts numerically, natively: a run's end sorts every slice's durations.
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => {
    const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
    const lower = Math.floor(rank);
    const below = sorted[lower]!;
    const above = sorted[Math.min(lower + 1, sorted.length - 1)]!;
    return below + (rank - lower) * (above - below);
  });
}
