/**
 * `agentready replay`: where a replayed attempt first parted from its recording — the user's
 * message (the case's input, or a conversation turn's: an edited case, or the user simulator
 * asked again under `--live`, says something else), a tool call with another name or arguments,
 * a call more or fewer, an approval request for another call, answered otherwise, or one more or
 * fewer (before the call after it), then the outcome and the output; in a conversation, an earlier
 * turn's answer too, each where it happened (a turn's message before its calls and requests, its
 * answer after). Pure.
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
  /**
   * Approval request `index` (0-based, in the order they were asked) differs in its tool, its
   * arguments or its answer: a side is absent when that attempt asked fewer. Placed before the
   * first call made after it on either side, and in a conversation after what was said before its turn.
   */
  | { kind: 'approval'; index: number; recorded?: ApprovalAsked; replayed?: ApprovalAsked }
  /** The user's message opening `turn` (1: the case's input) differs; a side is absent when that conversation had ended. */
  | { kind: 'user'; turn: number; recorded?: string; replayed?: string }
  /** A conversation's answer at `turn` (not its last) differs; a side is absent when that conversation had ended. */
  | { kind: 'turn'; turn: number; recorded?: TurnAnswer; replayed?: TurnAnswer }
  | { kind: 'outcome'; recorded: string; replayed: string }
  | { kind: 'output'; recorded: unknown; replayed: unknown };

export interface ApprovalAsked {
  name: string;
  arguments: unknown;
  approved: boolean;
}

export interface TurnAnswer {
  outcome: string;
  output: unknown;
}

type Attempt = Pick<Trace, 'input' | 'tool_calls' | 'outcome' | 'output' | 'turns'> & { approvals?: Trace['approvals'] };

// The answer of `turn`: a conversation's turn's, else (turn 1) the answer of a case that is no
// conversation (recorded with `input` before its case became one, or replayed so since).
function answerAt(attempt: Attempt, turn: number): TurnAnswer | undefined {
  if (attempt.turns === undefined || attempt.turns.length === 0) return turn === 1 ? { outcome: attempt.outcome, output: attempt.output } : undefined;
  const record = attempt.turns.find((t) => t.turn === turn);
  return record && { outcome: record.outcome, output: record.output };
}

// The user's message that opened `turn`: a conversation's turn's, else (turn 1) the case's input.
function userAt(attempt: Attempt, turn: number): string | undefined {
  if (attempt.turns !== undefined && attempt.turns.length > 0) return attempt.turns.find((t) => t.turn === turn)?.user;
  return turn === 1 ? attempt.input : undefined;
}

export function firstDivergence(recorded: Attempt, replayed: Attempt): Divergence {
  // What was said before the calls of a turn, in the order it was said: each turn's user message
  // (turn 1's, the input, also of a case that is no conversation), then, for every turn but the
  // last (whose answer is the outcome and output), the agent's answer; compared up to the turn of
  // the call about to be compared.
  const lastTurn = Math.max(recorded.turns?.length ?? 0, replayed.turns?.length ?? 0, 1);
  let said = 0;
  let answered = 0;
  const answersBefore = (turn: number): Divergence | undefined => {
    while (said < Math.min(turn, lastTurn)) {
      if (answered < said) {
        const before = answerAt(recorded, said);
        const now = answerAt(replayed, said);
        answered = said;
        if (before && now && before.outcome === now.outcome && isDeepStrictEqual(before.output, now.output)) continue;
        return { kind: 'turn', turn: said, ...(before ? { recorded: before } : {}), ...(now ? { replayed: now } : {}) };
      }
      said += 1;
      const before = userAt(recorded, said);
      const now = userAt(replayed, said);
      // A recording that holds no input (a production trace's may not) says nothing to compare with.
      if (before === now || (said === 1 && before === undefined)) continue;
      return { kind: 'user', turn: said, ...(before === undefined ? {} : { recorded: before }), ...(now === undefined ? {} : { replayed: now }) };
    }
    return undefined;
  };
  const calls = Math.max(recorded.tool_calls.length, replayed.tool_calls.length);
  const approvals = approvalsByCall(recorded, replayed);
  for (let index = 0; index < calls; index++) {
    const before = recorded.tool_calls[index];
    const now = replayed.tool_calls[index];
    const earlier = answersBefore(Math.min(before ? before.turn ?? 1 : Infinity, now ? now.turn ?? 1 : Infinity));
    if (earlier) return earlier;
    const asked = approvals.before(index, answersBefore);
    if (asked) return asked;
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
  const asked = approvals.before(Infinity, answersBefore);
  if (asked) return asked;
  const later = answersBefore(Infinity);
  if (later) return later;
  if (recorded.outcome !== replayed.outcome) return { kind: 'outcome', recorded: recorded.outcome, replayed: replayed.outcome };
  if (!isDeepStrictEqual(recorded.output, replayed.output)) return { kind: 'output', recorded: recorded.output, replayed: replayed.output };
  return { kind: 'none' };
}

/**
 * The approval requests of both attempts compared in the order they were asked, each at the call
 * it came before (the first call made at its time or later, on the side where that comes first):
 * `before(index, answersBefore)` returns the first that differs among those not yet compared that
 * come before call `index` (Infinity: all the rest), a conversation's request after what was said
 * before its turn (`answersBefore` of it: a request after every call may be of a later turn).
 */
function approvalsByCall(recorded: Attempt, replayed: Attempt): { before: (index: number, answersBefore: (turn: number) => Divergence | undefined) => Divergence | undefined } {
  const asked = (attempt: Attempt) => [...(attempt.approvals ?? [])].sort((a, b) => a.at_ms - b.at_ms).map((approval) => {
    const call = callAfter(attempt, approval.at_ms);
    // A recording made before approvals recorded their turn: the call's after it, else the last call's.
    return { approval, call, turn: approval.turn ?? (attempt.tool_calls[call] ?? attempt.tool_calls.at(-1))?.turn ?? 1 };
  });
  const was = asked(recorded);
  const now = asked(replayed);
  let compared = 0;
  return {
    before(index, answersBefore) {
      for (; compared < Math.max(was.length, now.length); compared++) {
        const a = was[compared];
        const b = now[compared];
        if (Math.min(a?.call ?? Infinity, b?.call ?? Infinity) > index) return undefined;
        const earlier = answersBefore(Math.min(a?.turn ?? Infinity, b?.turn ?? Infinity));
        if (earlier) return earlier;
        if (a && b && a.approval.name === b.approval.name && a.approval.approved === b.approval.approved && isDeepStrictEqual(a.approval.arguments ?? {}, b.approval.arguments ?? {})) continue;
        const side = (entry: typeof a) => entry && { name: entry.approval.name, arguments: entry.approval.arguments, approved: entry.approval.approved };
        const divergence: Divergence = { kind: 'approval', index: compared, ...(a ? { recorded: side(a)! } : {}), ...(b ? { replayed: side(b)! } : {}) };
        compared++;
        return divergence;
      }
      return undefined;
    },
  };
}

// The index of the first call made at `atMs` or later; the number of calls when none was.
function callAfter(attempt: Attempt, atMs: number): number {
  const index = attempt.tool_calls.findIndex((call) => call.at_ms >= atMs);
  return index === -1 ? attempt.tool_calls.length : index;
}
