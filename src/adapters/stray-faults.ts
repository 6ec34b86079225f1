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
}

let claimant: StrayFaultClaimant | undefined;
/** module-output.ts's `outsideAgentScope`, once it is loaded (before, no output is routed). */
let outside: (<T>(fn: () => T) => T) | undefined;

export function claimStrayFault(kind: 'uncaught' | 'unhandled', error: unknown): FaultClaim {
  return claimant === undefined ? 'own' : claimant.claim(kind, error);
}

/**
 * `fn` run out of any agent or user code's context: what it prints reaches the terminal (no
 * output is routed before module-output.ts is loaded).
 */
export function outsideAgentCode<T>(fn: () => T): T {
  return outside === undefined ? fn() : outside(fn);
}

/** Called once, by module-output.ts as it loads. */
export function setOutputRouter(outsideRouted: <T>(fn: () => T) => T): void {
  outside = outsideRouted;
}

/** Called once, by module-faults.ts as it loads. */
export function setStrayFaultClaimant(loaded: StrayFaultClaimant): void {
  claimant = loaded;
}

/** Names the user code whose call had returned, in whose async context this runs; undefined when it is none. */
let lateCodeNamer: (() => string | undefined) | undefined;

/**
 * The user code agentready called whose call had returned, when what runs now is a timer or
 * callback it left (`the tool handler ./tools/x.js#f of f_tool`): for the cli, whose `exit`
 * listener names it when such code calls `process.exit()`, and whose uncaughtException handler
 * when it throws. Undefined otherwise, and until a handler ran (environment/handler-exits.ts
 * answers once loaded).
 */
export function lateUserCode(): string | undefined {
  return lateCodeNamer?.();
}

/** Called once, by environment/handler-exits.ts as it loads. */
export function setLateCodeNamer(namer: () => string | undefined): void {
  lateCodeNamer = namer;
}
