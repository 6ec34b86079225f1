/**
 * "1 case" / "2 cases". A module of its own: the messages of config errors and `validate` use it
 * without loading the run summary's tables.
 */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
