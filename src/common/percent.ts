/** The one way a fraction is written as a percentage: at most `decimals` decimals, no trailing zeros. */

/** 0.925 → "92.5", 1 → "100", 0.3333 with 0 decimals → "33". */
export function percent(fraction: number, decimals = 1): string {
  return String(Number((fraction * 100).toFixed(decimals)));
}

/** `percent` with its sign: 0.925 → "92.5%". */
export function formatShare(fraction: number, decimals = 1): string {
  return `${percent(fraction, decimals)}%`;
}
