/** Pieces of `agentready validate`'s summary of a loaded project. */
import type { VariantTally } from '../config/index.js';
import { plural } from '../common/plural.js';

/**
 * ` + 12 adversarial variants (prompt_injection 8, missing_context 0, rate_limit 4)`: every
 * family the suite asks for, with what it made (0 included); '' for a suite that asks for none.
 */
export function formatVariantTally(tally: readonly VariantTally[] | undefined): string {
  if (!tally || tally.length === 0) return '';
  const total = tally.reduce((sum, { count }) => sum + count, 0);
  return ` + ${plural(total, 'adversarial variant')} (${tally.map(({ category, count }) => `${category} ${count}`).join(', ')})`;
}
