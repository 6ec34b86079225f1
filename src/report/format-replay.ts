/**
 * `agentready replay`: the exchange of the replayed attempt next to its recording — the input (a
 * conversation turn by turn), every tool call with the answer it got, where the agent first
 * diverged, the output — then the verdict (the first failing check; the run's summary above details them all).
 */
import type { CaseResult, Trace } from '../config/schema/index.js';
import { neutralizeLine } from '../common/sanitize.js';
import { placeholdersIn } from '../common/redact.js';
import { redactDeep } from '../common/redact-deep.js';
import { firstDivergence, type Divergence } from '../score/divergence.js';
import { formatValue } from './format-summary.js';
import { callAnswer } from './call-lines.js';
import { caseLine } from './terminal.js';
import type { CaseEnd, Reporter } from './reporter.js';
import type { Screen } from './screen.js';

/**
 * Where a replay's tool calls got their answers: the recording; the current mocks, faults and
 * handlers (`--live`); or the agent's own tools (an exec agent, which agentready hosts none for).
 */
export type ReplayAnswers = 'recording' | 'live' | 'own_tools';

const ANSWERED: Record<ReplayAnswers, string> = {
  recording: 'tool calls answered from the recording',
  live: 'tool calls answered by the current mocks (--live)',
  own_tools: 'tool calls made with the agent\'s own tools (exec): none is answered from the recording',
};

/**
 * `recordingRedacted`: the placeholders in the recorded calls; `usersRedacted`: those in the recorded user messages the
 * replay said again (a simulator's, not --live): both reach the agent.
 */
export function formatReplay(
  screen: Screen,
  input: { answers: ReplayAnswers; input: string; recorded: Trace; replayed: Trace; result: CaseResult; divergence: Divergence; recordingRedacted?: string[]; usersRedacted?: string[] },
): string {
  const c = screen.colors;
  const { recorded, replayed, divergence } = input;
  const placeholders = input.answers === 'recording' ? (input.recordingRedacted ?? []) : [];
  const users = input.usersRedacted ?? [];
  const lines = [
    `Replaying ${neutralizeLine(`${recorded.suite}/${recorded.case_id}`)} (recorded trace ${recorded.trace_id}); ${ANSWERED[input.answers]}`,
    '',
  ];
  const callLines = (calls: readonly Step[]) => calls.flatMap((step) => {
    if (step.kind === 'approval') return approvalLines(step.approval, divergence.kind === 'approval' && divergence.index === step.index ? c.yellow('≠') : ' ');
    const { call, index } = step;
    const marker = divergence.kind === 'call' && divergence.index === index ? c.yellow('≠') : ' ';
    const answer = callAnswer(call);
    return [`${marker} call ${index + 1}    ${neutralizeLine(call.name)} ${formatValue(call.arguments)}`, `            ⇐ ${call.answer === 'not_recorded' ? c.yellow(answer) : answer}`];
  });
  const calls = stepsOf(replayed);
  const turns = replayed.turns ?? [];
  // A conversation that now ends at turn 1 is still shown as one (its turn, then the answer it ended with), as its recording is.
  const conversation = turns.length > 1 || (turns.length === 1 && (recorded.turns?.length ?? 0) > 1);
  if (conversation) {
    // A conversation: each user message, the calls of its turn, then the agent's answer (the last one is the outcome below).
    // A call goes under the turn it was made in (one of a turn not recorded, under the one before), so none is left out.
    turns.forEach((turn, i) => {
      const next = turns[i + 1]?.turn ?? Infinity;
      const own = calls.filter((step) => (i === 0 || step.turn >= turn.turn) && step.turn < next);
      lines.push(`  ${`turn ${turn.turn}`.padEnd(10)}user: ${formatValue(turn.user)}`, ...callLines(own));
      if (i < turns.length - 1) lines.push(`            agent (${turn.outcome}): ${formatValue(turn.output)}`);
    });
  } else {
    lines.push(`  input     ${formatValue(input.input)}`, ...callLines(calls));
  }
  lines.push(`  outcome   ${replayed.outcome}`, `  output    ${formatValue(replayed.output)}`, '', describeDivergence(screen, { divergence, conversation, approvals: recorded.approvals.length + replayed.approvals.length > 0 }), '');
  // Only placeholders in the recorded calls (as the answers it is given) and the user messages said again reach the agent.
  if (placeholders.length > 0 || users.length > 0) lines.push(c.yellow(redactedRecordingNote({ calls: placeholders, users })), '');
  // A failing case's checks are detailed in the run's summary above: here, the first one.
  lines.push(input.result.status === 'passed' ? c.green(`✓ ${neutralizeLine(`${input.result.suite}/${input.result.case_id}`)} passed`) : c.red(`✗ ${caseLine(input.result, input.result.attempt > 1)}`));
  return `${lines.join('\n')}\n`;
}

/** A call of the exchange, or an approval request and its answer (`approval/request`, `ctx.requestApproval`), with the turn it was made in. */
type Step = { kind: 'call'; call: Trace['tool_calls'][number]; index: number; turn: number } | { kind: 'approval'; approval: Trace['approvals'][number]; index: number; turn: number };

/**
 * The calls and approval requests in the order they were made: a request goes before the first
 * call made at its time or later (the call it asks for comes after it), one after every call
 * last, in the turn it recorded (a trace written before requests recorded theirs: that call's
 * turn, else the last call's).
 */
function stepsOf(trace: Pick<Trace, 'tool_calls' | 'approvals'>): Step[] {
  const steps: Step[] = [];
  let next = 0;
  const calls = trace.tool_calls;
  [...trace.approvals].sort((a, b) => a.at_ms - b.at_ms).forEach((approval, index) => {
    for (; next < calls.length && calls[next]!.at_ms < approval.at_ms; next++) steps.push(callStep(calls[next]!, next));
    steps.push({ kind: 'approval', approval, index, turn: approval.turn ?? (calls[next] ?? calls.at(-1))?.turn ?? 1 });
  });
  for (; next < calls.length; next++) steps.push(callStep(calls[next]!, next));
  return steps;
}

function callStep(call: Trace['tool_calls'][number], index: number): Step {
  return { kind: 'call', call, index, turn: call.turn ?? 1 };
}

/** `approval  issue_refund {…}, reason "…"`, then its answer: granted or refused. */
function approvalLines(approval: Trace['approvals'][number], marker: string): string[] {
  const reason = approval.reason === undefined ? '' : `, reason ${formatValue(approval.reason)}`;
  return [`${marker} approval  ${neutralizeLine(approval.name)} ${formatValue(approval.arguments)}${reason}`, `            ⇐ ${answered(approval.approved)}`];
}

function answered(approved: boolean): string {
  return approved ? 'granted' : 'refused';
}

function describeDivergence(screen: Screen, input: { divergence: Divergence; conversation: boolean; approvals: boolean }): string {
  const c = screen.colors;
  const { divergence } = input;
  switch (divergence.kind) {
    case 'none':
      // A conversation's user messages and earlier answers are compared too (firstDivergence's 'user' and 'turn'): "same" names them.
      return c.green(`Same as the recording: ${input.conversation ? "each user message, every call, each turn's answer, " : 'every call, '}${input.approvals ? 'every approval request and its answer, ' : ''}the outcome and the output.`);
    case 'call': {
      const call = (side: { name: string; arguments: unknown } | undefined) => (side ? `${neutralizeLine(side.name)} ${formatValue(side.arguments)}` : 'no call');
      if (divergence.not_recorded) return c.yellow(`First divergence at call ${divergence.index + 1}: ${call(divergence.replayed)} is not in the recording (answered not_recorded)`);
      return c.yellow(`First divergence at call ${divergence.index + 1}: recorded ${call(divergence.recorded)}, now ${call(divergence.replayed)}`);
    }
    case 'approval': {
      const asked = (side: { name: string; arguments: unknown; approved: boolean } | undefined) => (side ? `${neutralizeLine(side.name)} ${formatValue(side.arguments)} (${answered(side.approved)})` : 'no request');
      return c.yellow(`First divergence at approval request ${divergence.index + 1}: recorded ${asked(divergence.recorded)}, now ${asked(divergence.replayed)}`);
    }
    case 'user': {
      // Not the agent's doing: the case was edited since, or the simulator (asked again under --live) said something else.
      const message = (side: string | undefined) => (side === undefined ? 'no message (the conversation had ended)' : formatValue(side));
      const where = input.conversation || divergence.turn > 1 ? ` at turn ${divergence.turn}: the user's message` : ': the input';
      return c.yellow(`First divergence${where}, recorded ${message(divergence.recorded)}, now ${message(divergence.replayed)}`);
    }
    case 'turn': {
      const answer = (side: { outcome: string; output: unknown } | undefined) => (side ? `${side.outcome} ${formatValue(side.output)}` : 'no answer (the conversation had ended)');
      return c.yellow(`First divergence at turn ${divergence.turn}: the agent's answer, recorded ${answer(divergence.recorded)}, now ${answer(divergence.replayed)}`);
    }
    case 'outcome':
      return c.yellow(`First divergence: the outcome, recorded ${divergence.recorded}, now ${divergence.replayed}`);
    case 'output':
      return c.yellow(`First divergence: the output, recorded ${formatValue(divergence.recorded)}, now ${formatValue(divergence.replayed)}`);
  }
}

/** Why a replay of a redacted recording is not exact (its calls' placeholders, its user messages' said again), and what to do. */
function redactedRecordingNote(held: { calls: readonly string[]; users: readonly string[] }): string {
  const placeholders = [...new Set([...held.calls, ...held.users])];
  const how = [
    ...(held.calls.length > 0 ? ['calls were matched by their arguments as redacted, and answered with its redacted results'] : []),
    ...(held.users.length > 0 ? ["the user's messages were said again as recorded"] : []),
  ].join(', and ');
  return `The recording was written with redaction on (it holds ${placeholders.join(', ')}): ${how}, so the agent saw the placeholders. For an exact replay, replay a run made with \`eval --no-redact\`.`;
}

/**
 * Prints the replay's exchange once the run ends, before the exit line. The recording and the
 * replay are compared alike: both redacted when either is (the replay redacts what it writes and
 * prints unless `--no-redact`; the recording was redacted unless its run was `--no-redact`), so a
 * value redaction changed is no divergence, and a recording's PII is not printed by a redacting replay.
 */
export function createReplayReporter(input: {
  screen: Screen;
  write: (text: string) => void;
  answers: ReplayAnswers;
  caseInput: string;
  recorded: Trace;
  redact: boolean;
  /** The replay says the recorded user messages again (a simulator played them; not --live, not a scripted case). */
  usersSaidAgain: boolean;
}): Reporter {
  let replayed: Extract<CaseEnd, { kind: 'ran' }> | undefined;
  const placeholders = placeholdersIn(JSON.stringify(input.recorded));
  const alike = input.redact || placeholders.length > 0 ? <T>(value: T): T => redactDeep(value) : <T>(value: T): T => value;
  return {
    onCaseEnd(event) {
      if (event.kind === 'ran') replayed = event;
    },
    onRunEnd() {
      if (!replayed) return;
      const recorded = input.redact ? redactDeep(input.recorded) : input.recorded;
      const divergence = firstDivergence(alike(input.recorded), alike(replayed.trace));
      const caseInput = input.redact ? redactDeep(input.caseInput) : input.caseInput;
      // The opening message is the case's input now; those after it, the recording's.
      const usersRedacted = input.usersSaidAgain ? placeholdersIn(JSON.stringify((input.recorded.turns ?? []).slice(1).map((turn) => turn.user))) : [];
      input.write(`\n${formatReplay(input.screen, { answers: input.answers, input: caseInput, recorded, replayed: replayed.trace, result: replayed.result, divergence, recordingRedacted: placeholdersIn(JSON.stringify(input.recorded.tool_calls)), usersRedacted })}`);
    },
    printsToStdio: () => true,
  };
}
