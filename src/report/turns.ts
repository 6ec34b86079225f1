/**
 * A conversation as text, for the reports that show a failing case (terminal, JUnit, markdown):
 * one line per message, the agent's answer with its outcome. Agent text is untrusted: each line
 * is neutralized here; callers escape for their format.
 */
import type { CaseResult } from '../config/schema/index.js';
import { neutralizeLine } from '../common/sanitize.js';

/**
 * `turn 1  user: "I'd like to cancel my order."` then `        agent (clarified): "Which order?"`
 * for each turn; [] for a case that was not a conversation.
 */
export function conversationLines(result: Pick<CaseResult, 'turns'>): string[] {
  return (result.turns ?? []).flatMap((turn) => {
    const label = `turn ${turn.turn}`;
    return [
      `${label}  user: ${neutralizeLine(JSON.stringify(turn.user))}`,
      `${' '.repeat(label.length)}  agent (${turn.outcome}): ${neutralizeLine(JSON.stringify(turn.output))}`,
    ];
  });
}
