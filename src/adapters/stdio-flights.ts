/**
 * What becomes of a stdio agent process's runs in flight (stdio-process.ts) when something no
 * answer of theirs says happens: a bad line on stdout (`blameProblem`: the one run it can be
 * attributed to fails) and the process gone (`failOnExit`: which runs are charged, which collateral).
 */
import { HarnessError } from '../errors.js';
import { CollateralCrashError, sentAgainNote, type AgentExit } from './adapter.js';
import type { AgentLog } from './agent-log.js';
import type { ExitResult } from './child-spawn.js';
import type { ProtocolProblem } from './jsonrpc.js';
import { describeExit, STDOUT_IS_THE_PROTOCOL } from './stdio-errors.js';
import type { Ending, Flight } from './stdio-process-types.js';

/**
 * The run a bad line on stdout fails: the one in flight, its answer not yet read (not a second answer: that request
 * was another's), with its error; undefined when several are, or the problem is no run's (the run still says so at its end).
 */
export function blameProblem({ problem, active }: { problem: ProtocolProblem; active: readonly Flight[] }): { flight: Flight; error: HarnessError } | undefined {
  const only = active.length === 1 ? active[0] : undefined;
  if (only === undefined || problem.kind === 'unknown_notification' || problem.kind === 'oversized_request' || problem.kind === 'answered_id') return undefined;
  return { flight: only, error: new HarnessError('AGENT_PROTOCOL', `agent wrote an invalid message on stdout (${problem.message}): "${problem.excerpt}" (${STDOUT_IS_THE_PROTOCOL})`) };
}

/**
 * The process is gone (`ending`: agentready ended it, undefined: it exited by itself): the exit, and the error every
 * run still in flight gets. Runs that died beside others (or beside the hung run the restart was for) are not proven
 * the cause: they fail now as collateral, which run/ may run again; one alone in flight is charged (with the error),
 * unless the process never read it (`unreadOnExit`): that one is sent again, its log saying why.
 */
export function failOnExit(input: { flights: readonly Flight[]; ending: Ending | undefined; result: ExitResult; log: Pick<AgentLog, 'withTail' | 'fileFor'>; partialLine: string | undefined; stdinError: unknown }): { exit: AgentExit; error: HarnessError } {
  const { ending, result } = input;
  const exit: AgentExit = { unexpectedly: ending === undefined, code: result.exitCode ?? null, signal: result.signal ?? null };
  const what = ending?.reason ?? 'agent process exited unexpectedly';
  const error = new HarnessError('AGENT_EXITED', input.log.withTail(`${what} ${describeExit(result, input.partialLine)}`), { cause: input.stdinError ?? result });
  const unanswered = input.flights.filter((flight) => !flight.answered);
  // A run waiting past its time limit (stdio-overdue.ts) never ends alone unanswered: it waits only
  // beside an unsettled run, which stays in flight until the process writes (and the wait ends) or goes.
  const collateral = ending?.blame === 'hang' || ((exit.unexpectedly || ending?.blame === 'crash') && unanswered.length > 1);
  for (const flight of input.flights) clearTimeout(flight.graceTimer);
  if (collateral) for (const flight of unanswered) flight.fail(new CollateralCrashError(error.message, { inFlight: unanswered.length, cause: error }));
  const unread = exit.unexpectedly && exit.code === 0 && exit.signal === null && !collateral ? unreadOnExit({ unanswered, partialLine: input.partialLine }) : undefined;
  if (unread !== undefined) {
    input.log.fileFor(unread.traceId, [sentAgainNote({ exit: error, answered: 'a run', to: 'a fresh process' })]);
    unread.fail(new SendAgain(error));
  }
  return { exit, error };
}

/**
 * The run alone in flight when its process exited by itself, with code 0 (failOnExit asks no more of a
 * crash: a code, a signal), that the process never showed a sign of having read: handed to it after it
 * had answered another run (an agent that exits once it has answered, a one-shot script, had its exit
 * under way), with no message of the agent naming it, nothing of it reaching agentready (no request
 * to its mcp_url, no model call) and no unfinished line on stdout (the answer it was writing, perhaps).
 * Nothing shows it caused the exit, and nothing of it was recorded, so it is sent again, once, to a
 * fresh process (`SendAgain`), where an exit it does cause is charged to it (it is that process's
 * first run). Undefined when there is no such run.
 */
export function unreadOnExit({ unanswered, partialLine }: { unanswered: readonly Flight[]; partialLine: string | undefined }): Flight | undefined {
  const only = unanswered.length === 1 ? unanswered[0] : undefined;
  if (only === undefined || partialLine !== undefined || !only.resendable) return undefined;
  if (only.settled || only.heard || only.graceTimer !== undefined || only.host.touched?.() === true) return undefined;
  return only;
}

/** What a resendable flight (`Flight.resendable`) fails with to be sent to a fresh process instead; `exit`, the error of its process's exit, stays its error should none start. */
export class SendAgain {
  constructor(readonly exit: HarnessError) {}
}
