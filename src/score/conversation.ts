/**
 * Scripted conversations, pure: which reply the scripted user says to the agent's answer, and
 * the checks of each turn's own `expect` (judged on that turn's answer; a failure fails the case).
 */
import type { Case, Turn } from '../config/schema/resolved.js';
import type { CheckResult } from '../config/schema/results.js';
import type { ReplyCondition, TurnExpectation } from '../config/schema/suite.js';
import type { Outcome, ResultOutcome, Trace, TurnRecord } from '../config/schema/trace.js';
import { plural } from '../common/plural.js';
import { scoreOutcome } from './outcome.js';
import { outputProblems, type Printed } from './output.js';
import type { RedactedReading } from '../common/match.js';

/** What the scripted user does next: say something, or fall silent (the conversation ends). */
export type ReplyChoice =
  | { kind: 'say'; text: string; /** Which entry of a reply list was chosen; absent for plain text. */ reply?: number }
  | { kind: 'silent' };

/** The agent's answer a reply is chosen by. */
export interface AgentAnswer {
  outcome: ResultOutcome;
  output: unknown;
}

/**
 * The user's message of a turn: its text, or the first reply whose `when` holds for the agent's
 * last answer (every check of it: outcome and output), else the default (a reply without
 * `when`); with neither, the user falls silent.
 */
export function chooseReply(user: Turn['user'], answer: AgentAnswer): ReplyChoice {
  if (typeof user === 'string') return { kind: 'say', text: user };
  const index = user.findIndex((reply) => reply.when === undefined || whenHolds(reply.when, answer));
  const chosen = user[index];
  return chosen === undefined ? { kind: 'silent' } : { kind: 'say', text: chosen.say, reply: index };
}

/** Whether every check of a `when` holds for the answer. */
function whenHolds(when: ReplyCondition, answer: AgentAnswer): boolean {
  if (when.outcome !== undefined) {
    const allowed: readonly Outcome[] = Array.isArray(when.outcome) ? when.outcome : [when.outcome];
    if (!(allowed as readonly string[]).includes(answer.outcome)) return false;
  }
  return when.output === undefined || outputProblems({ output: answer.output, expect: when.output }).length === 0;
}

/** The checks of every turn that has an `expect`, in turn order; a turn that never came fails its checks. */
export function scoreTurns({ trace, kase, reading, printed }: { trace: Pick<Trace, 'turns'>; kase: Pick<Case, 'turns'>; reading?: RedactedReading | undefined; printed?: Printed }): CheckResult[] {
  const checks: CheckResult[] = [];
  kase.turns?.forEach((turn, i) => {
    if (!turn.expect) return;
    const number = i + 1;
    const record = trace.turns?.find((t) => t.turn === number);
    checks.push(...(record ? turnChecks({ record, expect: turn.expect, reading, printed }) : missingTurn({ number, expect: turn.expect, held: trace.turns ?? [], script: kase.turns! })));
  });
  return checks;
}

/** One turn's outcome and output checks, named after the turn. */
function turnChecks({ record, expect, reading, printed }: { record: TurnRecord; expect: TurnExpectation; reading: RedactedReading | undefined; printed: Printed | undefined }): CheckResult[] {
  const name = (check: string) => `turn ${record.turn}: ${check}`;
  const checks: CheckResult[] = [];
  if (expect.outcome !== undefined) checks.push({ ...scoreOutcome(record, expect.outcome), name: name('outcome') });
  if (expect.output !== undefined) {
    const problems = outputProblems({ output: record.output, expect: expect.output, reading, printed });
    checks.push(problems.length === 0
      ? { check: 'output', name: name('output'), pass: true }
      : { check: 'output', name: name('output'), pass: false, reason: problems.join('; '), expected: expect.output, found: record.output });
  }
  return checks;
}

/** The checks of a turn the conversation ended before, saying why it ended. */
function missingTurn({ number, expect, held, script }: { number: number; expect: TurnExpectation; held: readonly TurnRecord[]; script: readonly Turn[] }): CheckResult[] {
  const turnsHeld = held.length;
  const last = held[turnsHeld - 1];
  const reason = `turn ${number} never came: the conversation ended after turn ${turnsHeld}${last ? endedBecause(last, script) : ''}`;
  const kinds: Array<'outcome' | 'output'> = [...(expect.outcome !== undefined ? ['outcome' as const] : []), ...(expect.output !== undefined ? ['output' as const] : [])];
  return kinds.map((check) => ({ check, name: `turn ${number}: ${check}`, pass: false, reason, expected: expect[check], found: plural(turnsHeld, 'turn') }));
}

/** Why a scripted conversation ended after its last turn held, `last`: how the agent answered it, or the user fell silent. */
function endedBecause(last: TurnRecord, script: readonly Turn[]): string {
  switch (last.outcome) {
    case 'escalated':
    case 'refused':
      return `, as the agent answered ${last.outcome}`;
    case 'timeout':
      return ', as it timed out';
    case 'agent_error':
      return ', as the agent failed it';
    case 'error':
      return ', as it ended in a harness error';
    default:
      return Array.isArray(script[last.turn]?.user)
        ? `, as the user fell silent: no reply of turn ${last.turn + 1} matched the agent's answer (${last.outcome})`
        : '';
  }
}
