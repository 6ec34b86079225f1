/**
 * How an adversarial variant's id is written, `<base-id>~<category>-<n>`, and read back: the one
 * owner of the form, for the variants' making, `--shard` (a variant goes with its base case) and
 * the reports that gather a base case's variants. A written case id holds no `~` (the suite
 * schema's id pattern), so the first `~` starts the variant part. Pure.
 */

/** The id of the `n`th (1-based) variant of `category` made from the case `base`. */
export function variantId(input: { base: string; category: string; n: number }): string {
  return `${input.base}~${input.category}-${input.n}`;
}

/** The base case's id of a variant's id; a case id that is no variant's, as it is. */
export function baseCaseId(caseId: string): string {
  const tilde = caseId.indexOf('~');
  return tilde === -1 ? caseId : caseId.slice(0, tilde);
}
