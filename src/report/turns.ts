/**
 * A conversation as text, for the reports that show a failing case (terminal, JUnit, markdown):
 * one line per message, the agent's answer with its outcome. Agent text is untrusted: each line
 * is neutralized here; callers escape for their format.
 */
import type { CaseResult, ResultOutcome, TurnSummary } from '../config/schema/index.js';
import { jsonText, neutralizeLine } from '../common/sanitize.js';

/** Outcomes in which the agent gave no answer. */
const NO_ANSWER: ReadonlySet<ResultOutcome> = new Set(['timeout', 'agent_error', 'error']);

/**
 * Whether the turn has an answer to show: not one the agent never gave (it timed out or failed),
 * whose output is null in the trace and in results.jsonl's summary. An older results.jsonl held the
 * text `null` (or '') for it, which such an outcome still reads as none.
 */
export function answered(turn: Pick<TurnSummary, 'outcome'> & { output: unknown }): boolean {
  if (turn.output === null || turn.output === undefined) return false;
  return !(NO_ANSWER.has(turn.outcome) && (turn.output === 'null' || turn.output === ''));
}

/**
 * `turn 1  user: "I'd like to cancel my order."` then `        agent (clarified): "Which order?"`
 * for each turn; [] for a case that was not a conversation.
 */
export function conversationLines(result: Pick<CaseResult, 'turns'>): string[] {
  return (result.turns ?? []).flatMap((turn) => {
    const label = `turn ${turn.turn}`;
    return [
      `${label}  user: ${neutralizeLine(jsonText(turn.user))}`,
      `${' '.repeat(label.length)}  agent (${turn.outcome}): ${answered(turn) ? neutralizeLine(jsonText(turn.output)) : 'no answer'}`,
    ];
  });
}
