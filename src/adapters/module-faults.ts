/**
 * What a module agent does that would end agentready's process: an uncaught exception, an
 * unhandled rejection, a call to `process.exit()`. It runs in agentready's process, so each of
 * them is told apart from agentready's own by the async context it was raised in
 * (module-output.ts): raised in an agent context, it is that context's fault (its case errors;
 * outside a case, a run warning); raised in agentready's own code, it is agentready's bug.
 */
import { HarnessError } from '../errors.js';
import { AgentRunError } from './adapter.js';
import { currentAgentScope, outsideAgentScope, type AgentFault } from './module-output.js';
import { setStrayFaultClaimant, type FaultClaim } from './stray-faults.js';
import { whileUsed } from './while-used.js';

/**
 * Thrown by `process.exit()` called in agent code while a module agent is started, so that the
 * agent's code stops there as it would have: the call never returns. Once thrown it is ignored
 * (its context was told of the exit already).
 */
export class AgentExitRequest extends Error {
  constructor(readonly code: string) {
    super(exitText(code));
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
 * Makes `process.exit()` called in an agent context that context's fault instead of the end of
 * the process, until the returned function is called (once per call; the last one gives
 * process.exit back). agentready's own calls exit as ever.
 */
export const trapAgentExits: () => () => void = whileUsed(trapExit);

function trapExit(): () => void {
  const exit = process.exit;
  const trapped = function (this: unknown, code?: string | number | null): never {
    const scope = currentAgentScope();
    if (scope === undefined) return exit.call(process, code);
    scope.fault({ kind: 'exit', code: exitCodeText(code) });
    throw new AgentExitRequest(exitCodeText(code));
  } as typeof process.exit;
  process.exit = trapped;
  return () => {
    // Someone replaced it after us: theirs stays.
    if (process.exit === trapped) process.exit = exit;
  };
}

/** The code as Node would take it: `process.exit()` is 0 (or process.exitCode, which agentready sets). */
function exitCodeText(code: unknown): string {
  if (code === undefined || code === null) return '';
  const number = Number(code);
  return Number.isInteger(number) ? String(number) : typeof code === 'string' ? JSON.stringify(code.slice(0, 40)) : typeof code;
}

/** How a run that faulted ends, carried through the run's race to its catch. */
export class FaultError extends Error {
  constructor(readonly reason: AgentRunError | HarnessError) {
    super(reason.message);
  }
}

/** A fault in a case: `process.exit()` is AGENT_EXITED (the agent tried to end), the rest AGENT_ERROR. */
export function faultError(fault: AgentFault): FaultError {
  if (fault.kind === 'exit') return new FaultError(new HarnessError('AGENT_EXITED', exitText(fault.code)));
  return new FaultError(new AgentRunError(faultMessage(fault), { cause: fault.error }));
}

/** `the agent module called process.exit(<code>)`. */
export function exitText(code: string): string {
  return `the agent module called process.exit(${code})`;
}

/** `the agent module threw an uncaught exception<where>: <its message>`. */
export function faultMessage(fault: Exclude<AgentFault, { kind: 'exit' }>, where = ''): string {
  const what = fault.kind === 'uncaught' ? 'threw an uncaught exception' : 'left a promise rejection unhandled';
  return `the agent module ${what}${where}: ${describeThrown(fault.error)}`;
}

/** An error's message, or what was thrown as text; never throws itself (a getter, a toString that throws). */
export function describeThrown(thrown: unknown): string {
  try {
    return thrown instanceof Error ? thrown.message : String(thrown);
  } catch {
    return 'a value that cannot be shown';
  }
}
