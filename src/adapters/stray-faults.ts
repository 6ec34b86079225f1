/**
 * Whose an error nothing caught is, for the cli's `uncaughtException` and `unhandledRejection`
 * handlers: agentready's own, until the code that runs a module agent is loaded
 * (module-faults.ts), which answers from then on by the async context the error was raised in.
 * The handlers load only this, so a command that runs no module agent (`validate`, `report`,
 * `--help`) loads none of module-faults.ts, module-output.ts and what they import.
 */

/**
 * The agent's, `recorded` by its context (its case, or the run's warnings) or `unrecorded` (it
 * came after the run's warnings were read); or agentready's own (`own`: a bug, for the caller to report).
 */
export type FaultClaim = 'recorded' | 'unrecorded' | 'own';

/** What module-faults.ts answers with once loaded. */
export interface StrayFaultClaimant {
  claim(kind: 'uncaught' | 'unhandled', error: unknown): FaultClaim;
  /** Runs `fn` as agentready's own code, out of any agent context: what it prints reaches the terminal. */
  outside<T>(fn: () => T): T;
}

let claimant: StrayFaultClaimant | undefined;

export function claimStrayFault(kind: 'uncaught' | 'unhandled', error: unknown): FaultClaim {
  return claimant === undefined ? 'own' : claimant.claim(kind, error);
}

/** `fn` run out of any agent context (no agent context exists before module-faults.ts is loaded). */
export function outsideAgentCode<T>(fn: () => T): T {
  return claimant === undefined ? fn() : claimant.outside(fn);
}

/** Called once, by module-faults.ts as it loads. */
export function setStrayFaultClaimant(loaded: StrayFaultClaimant): void {
  claimant = loaded;
}

/** Names the user code whose call to process.exit() this is, made after the call that ran it had returned; undefined when it is none. */
let lateExitNamer: (() => string | undefined) | undefined;

/**
 * Whose `process.exit()` the process is ending by, when user code agentready called made it
 * after its call had returned (a timer a tool handler left: `the tool handler ./tools/x.js#f of
 * f_tool`), for the cli's `exit` listener, in the context of the call; undefined otherwise, and
 * until a handler ran (environment/handler-exits.ts answers once loaded).
 */
export function lateExitBy(): string | undefined {
  return lateExitNamer?.();
}

/** Called once, by environment/handler-exits.ts as it loads. */
export function setLateExitNamer(namer: () => string | undefined): void {
  lateExitNamer = namer;
}
