/**
 * What a module agent does that would end agentready's process: an uncaught exception, an
 * unhandled rejection, a call to `process.exit()`, `process.abort()` or `process.kill()` of
 * agentready's own process (or its group). It runs in agentready's process, so each of
 * them is told apart from agentready's own by the async context it was raised in
 * (module-output.ts): raised in an agent context, it is that context's fault (its case errors;
 * outside a case, a run warning); raised in agentready's own code, it is agentready's bug.
 */
import { describeThrown, isInstance } from '../common/thrown.js';
import { HarnessError } from '../errors.js';
import { trapOwnExits } from './exit-calls.js';
import { AgentRunError } from './adapter.js';
import { currentAgentScope, type AgentFault } from './module-output.js';
import { lateUserCode, setStrayFaultClaimant, type FaultClaim } from './stray-faults.js';
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
  // A timer a tool handler left, in the context of the agent's tool call that ran it: the handler's, which the cli names.
  if (scope === undefined || lateUserCode() !== undefined) return 'own';
  // Asked safely: the agent may throw a Proxy whose traps throw (common/thrown.ts isInstance).
  if (isInstance(error, AgentExitRequest)) return 'recorded';
  return scope.fault({ kind, error }) ? 'recorded' : 'unrecorded';
}

// Loaded with the module adapter: from here on the cli's handlers ask this file (stray-faults.ts).
setStrayFaultClaimant({ claim: claimAgentFault });

/**
 * Makes `process.exit()`, `process.abort()` and `process.kill()` of agentready's own process (its
 * pid, 0 — its group — or minus its pid) called in an agent context that context's fault instead
 * of the end of the process, until the returned function is called (once per call; the last one
 * gives them back). agentready's own calls, and an agent's kill of any other process, go through
 * as ever. What no wrapper sees stays out of reach: a child process or a native addon that ends
 * agentready, or a kill from a worker thread (docs/transports.md).
 */
export const trapAgentExits: () => () => void = whileUsed(trapExits);

// The agent's call as its context's fault, and the throw that stops its code there; agentready's own calls go through.
function trapExits(): () => void {
  return trapOwnExits((call) => {
    const scope = currentAgentScope();
    // A tool handler's late exit, from a timer it left in the agent's tool call: not the agent's, the cli's exit listener names it.
    if (scope === undefined || lateUserCode() !== undefined) return undefined;
    scope.fault({ kind: 'exit', call });
    return new AgentExitRequest(call);
  });
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

