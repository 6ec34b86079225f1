/**
 * `agentready replay`: where a replayed attempt first parted from its recording — a tool call
 * with another name or arguments, a call more or fewer, then the outcome and the output. Pure.
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
  | { kind: 'outcome'; recorded: string; replayed: string }
  | { kind: 'output'; recorded: unknown; replayed: unknown };

export function firstDivergence(recorded: Pick<Trace, 'tool_calls' | 'outcome' | 'output'>, replayed: Pick<Trace, 'tool_calls' | 'outcome' | 'output'>): Divergence {
  const calls = Math.max(recorded.tool_calls.length, replayed.tool_calls.length);
  for (let index = 0; index < calls; index++) {
    const before = recorded.tool_calls[index];
    const now = replayed.tool_calls[index];
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
  if (recorded.outcome !== replayed.outcome) return { kind: 'outcome', recorded: recorded.outcome, replayed: replayed.outcome };
  if (!isDeepStrictEqual(recorded.output, replayed.output)) return { kind: 'output', recorded: recorded.output, replayed: replayed.output };
  return { kind: 'none' };
}
