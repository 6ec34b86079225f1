/**
 * Seeded randomness for everything `run.seed` or `--seed` decides (adversarial variants, review
 * samples): the same seed gives the same choice on every machine and Node version.
 */
import { createHash } from 'node:crypto';

/** A PRNG in [0, 1) seeded from text: 32 bits of its sha256 feed mulberry32. */
export function seededRandom(key: string): () => number {
  return mulberry32(createHash('sha256').update(key).digest().readUInt32LE(0));
}

/** A small, well-known 32-bit PRNG: deterministic across platforms and Node versions. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
