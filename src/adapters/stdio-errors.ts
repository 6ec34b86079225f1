/** How a stdio agent's failures read: its start-up, its exit, an error answer to `run`, and the protocol problems no case was charged for. */
import { HarnessError } from '../errors.js';
import { AgentRunError } from './adapter.js';
import { JsonRpcError, OversizedMessageError } from './jsonrpc-errors.js';
import type { ProtocolProblem } from './jsonrpc.js';
import { plural } from '../common/plural.js';
import { throwSite } from '../common/throw-site.js';
import { CappedWarnings } from './capped-warnings.js';
import { notStarted, withTypeScriptHint } from './not-started.js';
import type { ExitResult } from './child-spawn.js';
import { commandLine } from '../config/shell-words.js';

/** What to do about a line on stdout that is not the protocol: said wherever one is reported. */
export const STDOUT_IS_THE_PROTOCOL = "stdout carries only the protocol's messages: log to stderr";

/**
 * What to do about a silent start with nothing amiss on stdout: the likeliest cause is an answer
 * that never left the agent (no newline, or a pipe's buffer: Python, Ruby and C buffer a piped stdout).
 */
const UNFLUSHED_HINT =
  '; nothing on stdout answered it: a line written without its newline, or kept in the buffer of a stdout that is a pipe (Python, Ruby and C keep it there until flushed), never reaches agentready. End each message with a newline and flush it (in Python: sys.stdout.flush(), or print(..., flush=True)), or raise run.start_timeout_ms if the agent needs longer to start';

/** What came first while waiting for the answer to `initialize`. */
export type StartOutcome = { kind: 'answer' } | { kind: 'error'; error: unknown } | { kind: 'exit' } | { kind: 'timeout' } | { kind: 'aborted' };

/** The start error for a race outcome (AGENT_START, with the last stderr lines), or undefined when the agent answered. */
export async function startError(input: {
  first: StartOutcome;
  timeoutMs: number;
  signal: AbortSignal;
  command: readonly string[];
  /** The folder the command ran from, named when it could not be started. */
  cwd: string;
  withTail: (message: string) => string;
  exit: () => Promise<ExitResult>;
  /** Read after the exit: the unfinished line stdout ended with, if any. */
  partialLine: () => string | undefined;
  /** What the agent wrote on stdout before it answered that was not the protocol (UnattributedProblems.beforeStart). */
  stdoutNote: () => string;
}): Promise<unknown> {
  const { first } = input;
  // The likeliest cause of a silent start is a print on stdout, where the protocol's answer was awaited.
  const withTail = (message: string) => input.withTail(`${message}${input.stdoutNote()}`);
  if (first.kind === 'answer') return undefined;
  if (first.kind === 'timeout') {
    const note = input.stdoutNote();
    return new HarnessError('AGENT_START', input.withTail(`agent did not answer initialize within ${input.timeoutMs} ms${note === '' ? UNFLUSHED_HINT : note}`));
  }
  if (first.kind === 'aborted') return input.signal.reason;
  if (first.kind === 'error' && first.error instanceof JsonRpcError) {
    return new HarnessError('AGENT_START', withTail(`agent answered initialize with an error: ${first.error.message}`), { cause: first.error });
  }
  if (first.kind === 'error' && first.error instanceof OversizedMessageError) {
    return new HarnessError('AGENT_START', withTail(`agent answered initialize on a line longer than ${first.error.limitBytes} bytes: "${first.error.excerpt}"`), { cause: first.error });
  }
  const result = await input.exit();
  if (result.exitCode === undefined && result.signal === undefined) {
    return new HarnessError('AGENT_START', withTail(`the agent (${commandLine(input.command)}) ${notStarted(result, input.cwd)}`), { cause: result });
  }
  const why = `agent ${howExited(result)} during start-up${midLine(input.partialLine())}`;
  return new HarnessError('AGENT_START', withTypeScriptHint({ message: withTail(why), command: input.command, cwd: input.cwd }), { cause: result });
}

/**
 * `(code=…, signal=…)` of an exit, and `, in the middle of writing a line to stdout: "…"` when
 * stdout ended with an unfinished line (escaped).
 */
export function describeExit(result: ExitResult, partialLine?: string): string {
  return `(code=${result.exitCode ?? null}, signal=${result.signal ?? null})${midLine(partialLine)}`;
}

/** How a process ended, in words: `exited with code 7`, `was killed by SIGTERM`. */
export function howExited(exit: { exitCode?: number | null | undefined; signal?: string | null | undefined }): string {
  if (exit.signal !== undefined && exit.signal !== null) return `was killed by ${exit.signal}`;
  return exit.exitCode === undefined || exit.exitCode === null ? 'exited' : `exited with code ${exit.exitCode}`;
}

// `, in the middle of writing a line to stdout: "…"` when stdout ended with an unfinished line.
function midLine(partialLine: string | undefined): string {
  return partialLine === undefined ? '' : `, in the middle of writing a line to stdout: "${partialLine}"`;
}

/**
 * What a run that failed at the protocol level fails with: the agent's own error answer is an
 * agent failure (judged), its message followed by where the agent's code threw when it sent its
 * `stack` (the first frame in a file of the user's, shown from agentready's folder as a module
 * agent's is, not from the agent's own); an answer too long to read is a harness error; anything else as is.
 */
export function runAnswerError(error: unknown, stack: readonly string[] = []): unknown {
  if (error instanceof JsonRpcError) {
    const site = throwSite({ stack, cwd: process.cwd() });
    return new AgentRunError(`agent answered run with an error (code ${error.code}): ${error.message}${site === undefined ? '' : ` (at ${site})`}`, { cause: error });
  }
  if (error instanceof OversizedMessageError) {
    return new HarnessError('AGENT_PROTOCOL', `agent answered run on a line longer than ${error.limitBytes} bytes (the limit of one message), so the answer was dropped: "${error.excerpt}"`, { cause: error });
  }
  return error;
}

/**
 * The protocol problems of one agent process that no single case could be blamed for (a bad
 * line on stdout while several ran), worded for the end-of-run warning; the first 20 are kept, the rest counted.
 */
export class UnattributedProblems {
  private readonly warnings = new CappedWarnings({
    max: 20,
    more: (count) => `and ${plural(count, 'more invalid message')} on stdout, not shown here (those written while cases ran are in their agent_log, in traces.jsonl)`,
  });
  /** The first problem, and how many there were, for a start that failed (beforeStart). */
  private firstProblem: ProtocolProblem | undefined;
  private count = 0;

  add({ pid, inFlight, problem }: { pid: number | undefined; inFlight: number; problem: ProtocolProblem }): void {
    this.firstProblem ??= problem;
    this.count++;
    // A second answer is read with the first, before the first lands: its run would count as in flight, and it is no stray output.
    if (problem.kind === 'answered_id') this.warnings.add(`the agent (pid ${pid ?? '?'}) answered a request twice (${problem.message}): "${problem.excerpt}" (the second answer was ignored: answer each run once)`);
    else this.warnings.add(`the agent (pid ${pid ?? '?'}) wrote an invalid message on stdout while ${plural(inFlight, 'case')} ${inFlight === 1 ? 'was' : 'were'} in flight (${problem.message}): "${problem.excerpt}" (${STDOUT_IS_THE_PROTOCOL})`);
  }

  /**
   * For a start-up that failed: `; it wrote on stdout what is not the protocol (…): "…"` and what to
   * do, or '' when it wrote nothing amiss. Said there, as no run follows whose end would warn of it.
   */
  beforeStart(): string {
    const first = this.firstProblem;
    if (first === undefined) return '';
    const others = this.count > 1 ? ` (and ${plural(this.count - 1, 'more line')})` : '';
    return `; it wrote on stdout what is not the protocol (${first.message}): "${first.excerpt}"${others}. ${STDOUT_IS_THE_PROTOCOL}`;
  }

  list(): string[] {
    return this.warnings.list();
  }
}
