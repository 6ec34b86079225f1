/**
 * `agentready replay`: where a replayed attempt first parted from its recording — a tool call
 * with another name or arguments, a call more or fewer, then the outcome and the output; in a
 * conversation, an earlier turn's answer too, where it happened (after its turn's calls). Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Trace } from '../config/schema/index.js';

export type Divergence =
  | { kind: 'none' }
  /**
   * Call `index` (0-based) differs: `recorded` or `replayed` is absent when one side made fewer
   * calls; `not_recorded` when the call is the recorded one's like but the recording could not answer it.
   */
  | { kind: 'call'; index: number; recorded?: { name: string; arguments: unknown }; replayed?: { name: string; arguments: unknown }; not_recorded?: true }
  /** A conversation's answer at `turn` (not its last) differs; a side is absent when that conversation had ended. */
  | { kind: 'turn'; turn: number; recorded?: TurnAnswer; replayed?: TurnAnswer }
  | { kind: 'outcome'; recorded: string; replayed: string }
  | { kind: 'output'; recorded: unknown; replayed: unknown };

export interface TurnAnswer {
  outcome: string;
  output: unknown;
}

type Attempt = Pick<Trace, 'tool_calls' | 'outcome' | 'output' | 'turns'>;

function answerAt(attempt: Attempt, turn: number): TurnAnswer | undefined {
  const record = attempt.turns?.find((t) => t.turn === turn);
  return record && { outcome: record.outcome, output: record.output };
}

export function firstDivergence(recorded: Attempt, replayed: Attempt): Divergence {
  // The answers of a conversation's turns but its last (which is the outcome and output), compared
  // in order up to the turn of the call about to be compared.
  const lastTurn = Math.max(recorded.turns?.length ?? 0, replayed.turns?.length ?? 0);
  let compared = 0;
  const answersBefore = (turn: number): Divergence | undefined => {
    for (; compared + 1 < turn && compared + 1 < lastTurn; compared++) {
      const before = answerAt(recorded, compared + 1);
      const now = answerAt(replayed, compared + 1);
      if (before && now && before.outcome === now.outcome && isDeepStrictEqual(before.output, now.output)) continue;
      return { kind: 'turn', turn: compared + 1, ...(before ? { recorded: before } : {}), ...(now ? { replayed: now } : {}) };
    }
    return undefined;
  };
  const calls = Math.max(recorded.tool_calls.length, replayed.tool_calls.length);
  for (let index = 0; index < calls; index++) {
    const before = recorded.tool_calls[index];
    const now = replayed.tool_calls[index];
    const earlier = answersBefore(Math.min(before ? before.turn ?? 1 : Infinity, now ? now.turn ?? 1 : Infinity));
    if (earlier) return earlier;
    const alike = before !== undefined && now !== undefined && before.name === now.name && isDeepStrictEqual(before.arguments ?? {}, now.arguments ?? {});
    if (alike && now.answer !== 'not_recorded') continue;
    return {
      kind: 'call',
      index,
      ...(before ? { recorded: { name: before.name, arguments: before.arguments } } : {}),
      ...(now ? { replayed: { name: now.name, arguments: now.arguments } } : {}),
      ...(alike ? { not_recorded: true as const } : {}),
    };
  }
  const later = answersBefore(Infinity);
  if (later) return later;
  if (recorded.outcome !== replayed.outcome) return { kind: 'outcome', recorded: recorded.outcome, replayed: replayed.outcome };
  if (!isDeepStrictEqual(recorded.output, replayed.output)) return { kind: 'output', recorded: recorded.output, replayed: replayed.output };
  return { kind: 'none' };
}
