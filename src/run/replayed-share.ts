/**
 * Which of a run's dollars the cassettes answered (`--models replay`) when the run is made of
 * parts run apart: a `--resume`'s earlier sessions and its own, the shards `merge` joins. Every
 * part replayed: `replayed`; none: neither field; some: `replayed_usd`, the replayed part's
 * dollars, so no report calls the whole total replayed, or the whole of it spent. Pure.
 */
import type { ResumedRun } from './resumed.js';

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

/** The session's `replayed` (every attempt, earlier sessions' included, replayed) or `replayed_usd` (a part was). */
export function replayedOfSession(input: { now: boolean; kept: readonly { result: { cost_usd: number } }[]; figures: readonly { status: string; cost_usd: number }[]; resume: Pick<ResumedRun, 'replayed' | 'replayedUsd'> | undefined }): { replayed: boolean; replayed_usd?: number } {
  // No session of the run replayed a dollar (the usual run): replayedShare says nothing whatever the sums, so none is added up.
  if (!input.now && input.resume?.replayed !== true && input.resume?.replayedUsd === undefined) return { replayed: false };
  const ran = input.figures.filter((figure) => figure.status !== 'skipped');
  const keptUsd = input.kept.reduce((sum, { result }) => sum + result.cost_usd, 0);
  const allUsd = ran.reduce((sum, figure) => sum + figure.cost_usd, 0);
  const share = replayedShare(
    [
      { attempts: input.kept.length, usd: keptUsd, replayed: input.resume?.replayed === true, replayedUsd: input.resume?.replayedUsd },
      { attempts: ran.length - input.kept.length, usd: allUsd - keptUsd, replayed: input.now },
    ],
    input.now,
  );
  return { replayed: share.replayed === true, ...(share.replayed_usd === undefined ? {} : { replayed_usd: share.replayed_usd }) };
}
