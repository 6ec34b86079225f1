/**
 * Which payloads a case gets: a pure function of (seed, case id, category), so two machines,
 * two runs and a baseline agree on what `<case-id>~<category>-<n>` means.
 */
import { seededRandom } from '../random.js';

export interface PickKey {
  seed: number;
  caseId: string;
  category: string;
}

/**
 * At most `limit` of `items`, chosen by a PRNG seeded from the key, returned in their
 * original order (so variant numbers follow the packs). All of them when they fit.
 */
export function pickSubset<T>(items: readonly T[], { limit, key }: { limit: number | undefined; key: PickKey }): T[] {
  if (limit === undefined || items.length <= limit) return [...items];
  const next = seededRandom(`${key.seed}\0${key.caseId}\0${key.category}`);
  const indexes = items.map((_, i) => i);
  // Fisher–Yates: each of the first `limit` slots draws from what is left.
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(next() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes.slice(0, limit).sort((a, b) => a - b).map((i) => items[i]!);
}
