/**
 * Which payloads a case gets: a pure function of (seed, case id, category), so two machines,
 * two runs and a baseline agree on what `<case-id>~<category>-<n>` means.
 */
import { createHash } from 'node:crypto';

export interface PickKey {
  seed: number;
  caseId: string;
  category: string;
}

/**
 * At most `limit` of `items`, chosen by a PRNG seeded from the key, returned in their
 * original order (so variant numbers follow the packs). All of them when they fit.
 */
export function pickSubset<T>(items: readonly T[], limit: number | undefined, key: PickKey): T[] {
  if (limit === undefined || items.length <= limit) return [...items];
  const next = mulberry32(seedOf(key));
  const indexes = items.map((_, i) => i);
  // Fisher–Yates: each of the first `limit` slots draws from what is left.
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(next() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes.slice(0, limit).sort((a, b) => a - b).map((i) => items[i]!);
}

/** 32 bits of sha256 over the key's parts. */
function seedOf(key: PickKey): number {
  return createHash('sha256').update(`${key.seed}\0${key.caseId}\0${key.category}`).digest().readUInt32LE(0);
}

/** A small, well-known 32-bit PRNG: deterministic across platforms and Node versions. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
