/**
 * "1 case" / "2 cases", for every message that counts (config errors, `validate`, the reports, the
 * adapters' warnings). A module of its own: they use it without loading the run summary's tables.
 */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
