/**
 * `--shard i/n`: which machine of a CI matrix runs a case. A case goes to the shard its stable
 * hash (SHA-256 of its suite and base case id) falls in, so adding or removing a case moves no
 * other case between shards, and an adversarial variant (`<case-id>~<category>-<n>`) goes with
 * its base case. Pure. node:crypto is loaded at the first hash, not with this module: the
 * command parser imports `parseShard`, and `--help` need not load it.
 */
import type { Shard } from '../config/schema/index.js';
import { baseCaseId } from '../config/adversarial/variant-id.js';
import { MAX_SHARDS } from '../config/defaults.js';

/** The 1-based shard of `n` that runs this case. */
export function shardOfCase(input: { suite: string; caseId: string; total: number }): number {
  const base = baseCaseId(input.caseId);
  const digest = process.getBuiltinModule('node:crypto').createHash('sha256').update(`${input.suite}\0${base}`).digest();
  return (digest.readUInt32BE(0) % input.total) + 1;
}

export function inShard(shard: Shard, { suite, caseId }: { suite: string; caseId: string }): boolean {
  return shardOfCase({ suite, caseId, total: shard.total }) === shard.index;
}

/** `i/n` as written on the command line; undefined when it is not 1 ≤ i ≤ n ≤ MAX_SHARDS. */
export function parseShard(raw: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (index < 1 || total < 1 || index > total || total > MAX_SHARDS) return undefined;
  return { index, total };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}
