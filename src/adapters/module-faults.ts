/**
 * What a module agent does that would end agentready's process: an uncaught exception, an
 * unhandled rejection, a call to `process.exit()`, `process.abort()` or `process.kill()` of
 * agentready's own process (or its group). It runs in agentready's process, so each of
 * them is told apart from agentready's own by the async context it was raised in
 * (module-output.ts): raised in an agent context, it is that context's fault (its case errors;
 * outside a case, a run warning); raised in agentready's own code, it is agentready's bug.
 */
import { cutIndex } from '../common/shorten.js';
import { describeThrown } from '../common/thrown.js';
import { HarnessError } from '../errors.js';
import { AgentRunError } from './adapter.js';
import { currentAgentScope, outsideAgentScope, type AgentFault } from './module-output.js';
import { setStrayFaultClaimant, type FaultClaim } from './stray-faults.js';
import { whileUsed } from './while-used.js';

/**
 * Thrown by `process.exit()` (or `abort()`, or a `kill()` of agentready) called in agent code while
 * a module agent is started, so that the agent's code stops there as it would have: the call never
 * returns. Once thrown it is ignored (its context was told of the exit already).
 */
export class AgentExitRequest extends Error {
  constructor(readonly call: string) {
    super(exitText(call));
    this.name = 'AgentExitRequest';
  }
}

/** Whose an uncaught exception or unhandled rejection is, by the async context it was raised in (FaultClaim). */
export function claimAgentFault(kind: 'uncaught' | 'unhandled', error: unknown): FaultClaim {
  const scope = currentAgentScope();
  if (scope === undefined) return 'own';
  if (error instanceof AgentExitRequest) return 'recorded';
  return scope.fault({ kind, error }) ? 'recorded' : 'unrecorded';
}

// Loaded with the module adapter: from here on the cli's handlers ask this file (stray-faults.ts).
setStrayFaultClaimant({ claim: claimAgentFault, outside: outsideAgentScope });

/**
 * Makes `process.exit()`, `process.abort()` and `process.kill()` of agentready's own process (its
 * pid, 0 — its group — or minus its pid) called in an agent context that context's fault instead
 * of the end of the process, until the returned function is called (once per call; the last one
 * gives them back). agentready's own calls, and an agent's kill of any other process, go through
 * as ever. What no wrapper sees stays out of reach: a child process or a native addon that ends
 * agentready, or a kill from a worker thread (docs/transports.md).
 */
export const trapAgentExits: () => () => void = whileUsed(trapExits);

/** Signals to itself that end no process, or that an agent may send itself for its own handlers: not trapped. */
const HARMLESS_SIGNALS = new Set<string | number>([0, 'SIGWINCH', 'SIGCONT', 'SIGCHLD', 'SIGURG']);

function trapExits(): () => void {
  const { exit, abort, kill } = process;
  /** The agent's call as its fault, and the throw that stops its code there. */
  const fault = (call: string): never => {
    currentAgentScope()!.fault({ kind: 'exit', call });
    throw new AgentExitRequest(call);
  };
  const trappedExit = function (this: unknown, code?: string | number | null): never {
    if (currentAgentScope() === undefined) return exit.call(process, code);
    return fault(`process.exit(${exitCodeText(code)})`);
  } as typeof process.exit;
  const trappedAbort = function (this: unknown): never {
    if (currentAgentScope() === undefined) return abort.call(process);
    return fault('process.abort()');
  } as typeof process.abort;
  // eslint-disable-next-line @typescript-eslint/max-params -- process.kill's own (pid, signal), with its `this`
  const trappedKill = function (this: unknown, pid: number, signal?: string | number): true {
    const own = pid === process.pid || pid === 0 || pid === -process.pid;
    if (!own || currentAgentScope() === undefined || HARMLESS_SIGNALS.has(signal ?? 'SIGTERM')) return kill.call(process, pid, signal);
    const target = pid === process.pid ? 'process.pid' : String(pid);
    return fault(`process.kill(${target}${signal === undefined ? '' : `, ${typeof signal === 'string' ? JSON.stringify(signal.slice(0, cutIndex(signal, 20))) : String(signal)}`})`);
  } as typeof process.kill;
  process.exit = trappedExit;
  process.abort = trappedAbort;
  process.kill = trappedKill;
  return () => {
    // Someone replaced one after us: theirs stays.
    if (process.exit === trappedExit) process.exit = exit;
    if (process.abort === trappedAbort) process.abort = abort;
    if (process.kill === trappedKill) process.kill = kill;
  };
}

/** The code as Node would take it: `process.exit()` is 0 (or process.exitCode, which agentready sets). */
function exitCodeText(code: unknown): string {
  if (code === undefined || code === null) return '';
  const number = Number(code);
  return Number.isInteger(number) ? String(number) : typeof code === 'string' ? JSON.stringify(code.slice(0, cutIndex(code, 40))) : typeof code;
}

/** How a run that faulted ends, carried through the run's race to its catch. */
export class FaultError extends Error {
  constructor(readonly reason: AgentRunError | HarnessError) {
    super(reason.message);
  }
}

/** A fault in a case: `process.exit()`, `abort()` or a `kill()` of agentready is AGENT_EXITED (the agent tried to end), the rest AGENT_ERROR. */
export function faultError(fault: AgentFault): FaultError {
  if (fault.kind === 'exit') return new FaultError(new HarnessError('AGENT_EXITED', exitText(fault.call)));
  return new FaultError(new AgentRunError(faultMessage(fault), { cause: fault.error }));
}

/** `the agent module called process.exit(<code>)` (or `process.abort()`, `process.kill(process.pid, "SIGKILL")`). */
export function exitText(call: string): string {
  return `the agent module called ${call}`;
}

/** `the agent module threw an uncaught exception<where>: <its message>`. */
export function faultMessage(fault: Exclude<AgentFault, { kind: 'exit' }>, where = ''): string {
  const what = fault.kind === 'uncaught' ? 'threw an uncaught exception' : 'left a promise rejection unhandled';
  return `the agent module ${what}${where}: ${describeThrown(fault.error)}`;
}

