/**
 * Which of a run's dollars the cassettes answered (`--models replay`) when the run is made of
 * parts run apart: a `--resume`'s earlier sessions and its own, the shards `merge` joins. Every
 * part replayed: `replayed`; none: neither field; some: `replayed_usd`, the replayed part's
 * dollars, so no report calls the whole total replayed, or the whole of it spent. Pure.
 */

/** What one part says of its dollars: its attempts that ran, their cost, and how much of it was replayed. */
export interface CostPart {
  attempts: number;
  usd: number;
  /** Every attempt of the part answered its model calls from cassettes. */
  replayed: boolean;
  /** Else the dollars of it that were (a part itself mixed); absent: none. */
  replayedUsd?: number | undefined;
}

/** The summary's fields for the parts; parts with no attempt say nothing, and with none at all `whenEmpty` decides. */
export function replayedShare(parts: readonly CostPart[], whenEmpty: boolean): { replayed?: true; replayed_usd?: number } {
  const ran = parts.filter((part) => part.attempts > 0);
  if (ran.length === 0) return whenEmpty ? { replayed: true } : {};
  if (ran.every((part) => part.replayed)) return { replayed: true };
  if (ran.every((part) => !part.replayed && part.replayedUsd === undefined)) return {};
  return { replayed_usd: ran.reduce((sum, part) => sum + (part.replayed ? part.usd : Math.min(part.replayedUsd ?? 0, part.usd)), 0) };
}
