/** The names of the terminal summary table's slices, fitted to its first column (format-summary.ts). */

/**
 * The slices' names as the table's first column shows them, `width` characters at most: cut at
 * the end (`suite:billing-es…`), as the table would, unless two would then read alike
 * (`billing-refunds-v1` and `-v2`): those are cut in the middle, their kind and end kept
 * (`suite:billi…ds-v1`).
 */
export function sliceLabels(names: readonly string[], width: number): string[] {
  const endCut = (name: string) => ([...name].length <= width ? name : `${[...name].slice(0, width - 1).join('')}…`);
  const cut = names.map(endCut);
  const seen = new Map<string, number>();
  for (const label of cut) seen.set(label, (seen.get(label) ?? 0) + 1);
  return names.map((name, i) => ((seen.get(cut[i]!) ?? 0) > 1 ? middleCut(name, width) : cut[i]!));
}

// `name` cut in its middle to `width` characters, its kind (`suite:`, `tag:`) whole and as much of its end as of its start.
function middleCut(name: string, width: number): string {
  const kind = /^[a-z_]+:/.exec(name)?.[0] ?? '';
  const rest = [...name.slice(kind.length)];
  const room = width - 1 - kind.length;
  if (room < 2) return `${[...name].slice(0, width - 1).join('')}…`;
  const tail = Math.floor(room / 2);
  return `${kind}${rest.slice(0, room - tail).join('')}…${rest.slice(rest.length - tail).join('')}`;
}
