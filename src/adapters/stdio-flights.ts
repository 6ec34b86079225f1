/**
 * What becomes of a stdio agent process's runs in flight (stdio-process.ts) when something no
 * answer of theirs says happens: a bad line on stdout (`blameProblem`: the one run it can be
 * attributed to fails) and the process gone (`failOnExit`: which runs are charged, which collateral).
 */
import { HarnessError } from '../errors.js';
import { CollateralCrashError, type AgentExit } from './adapter.js';
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
 * the cause: they fail now as collateral, which run/ may run again; one alone in flight is charged (with the error).
 */
export function failOnExit(input: { flights: readonly Flight[]; ending: Ending | undefined; result: ExitResult; withTail: (message: string) => string; partialLine: string | undefined; stdinError: unknown }): { exit: AgentExit; error: HarnessError } {
  const { ending, result } = input;
  const exit: AgentExit = { unexpectedly: ending === undefined, code: result.exitCode ?? null, signal: result.signal ?? null };
  const what = ending?.reason ?? 'agent process exited unexpectedly';
  const error = new HarnessError('AGENT_EXITED', input.withTail(`${what} ${describeExit(result, input.partialLine)}`), { cause: input.stdinError ?? result });
  const unanswered = input.flights.filter((flight) => !flight.answered);
  // A run waiting past its time limit (stdio-overdue.ts) never ends alone unanswered: it waits only
  // beside an unsettled run, which stays in flight until the process writes (and the wait ends) or goes.
  const collateral = ending?.blame === 'hang' || ((exit.unexpectedly || ending?.blame === 'crash') && unanswered.length > 1);
  for (const flight of input.flights) clearTimeout(flight.graceTimer);
  if (collateral) for (const flight of unanswered) flight.fail(new CollateralCrashError(error.message, { inFlight: unanswered.length, cause: error }));
  return { exit, error };
}
