/** Typed errors. Only cli/main.ts catches them and turns them into a message and an exit code. */

export const EXIT = Object.freeze({
  PASSED: 0,
  GATE_FAILED: 1,
  USAGE: 2,
  HARNESS: 3,
  /** Ctrl-C (SIGINT): 128 + 2, as a shell reports a process the signal ended (SPEC §11). */
  INTERRUPTED: 130,
  /** SIGTERM (`kill`, a CI job cancelled or past its time limit): 128 + 15. */
  TERMINATED: 143,
  /**
   * SIGHUP (the terminal closed): 128 + 1. The agent's processes run in groups of their own
   * (adapters/process-group.ts), out of the terminal's reach: agentready stops them itself.
   */
  HUNG_UP: 129,
});

/** The signals that stop a run the way Ctrl-C does (finish what ended, stop the agent), each with the exit it takes. */
export const STOP_SIGNAL_EXIT = Object.freeze({ SIGINT: EXIT.INTERRUPTED, SIGTERM: EXIT.TERMINATED, SIGHUP: EXIT.HUNG_UP });
export type StopSignal = keyof typeof STOP_SIGNAL_EXIT;

/** The reason a run's AbortSignal carries when a signal stopped it: which one. */
export class StopRequest extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
    this.name = 'StopRequest';
  }
}

/** The signal an aborted run's signal was stopped by; an abort that names none counts as Ctrl-C. */
export function stopSignalOf(signal: AbortSignal): StopSignal {
  return signal.reason instanceof StopRequest ? signal.reason.signal : 'SIGINT';
}

/** One problem in a user's file, located 1-based as editors count. */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** zod dot path of the offending value (`cases[0].expect.outcome`), '' for the document. */
  path: string;
  code: string;
  message: string;
  expected?: string;
  found?: string;
  /** 1-based end column on the same line, for carets; absent when unknown. */
  endColumn?: number;
  /** The source line the issue points at, for the code frame. */
  sourceLine?: string;
  /** Where the carets stand in `sourceLine` when it is not the file's line as written (redacted: placeholders are not as long as what they hide); else `column`/`endColumn`. */
  caret?: { column: number; endColumn?: number };
  severity?: 'error' | 'warning';
  /** The file to fix when it is not `file` (absolute, or as shown): a module target's agent module that does not parse, reported at the config's `target.module`. */
  fixIn?: string;
}

export abstract class AgentreadyError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: number;
}

export class ConfigError extends AgentreadyError {
  readonly code = 'CONFIG';
  readonly exitCode = EXIT.USAGE;
  /** How to fix and re-check, when not the config's way (`agentready validate`). */
  readonly hint?: string;
  constructor(
    readonly issues: ConfigIssue[],
    { message = issues.length === 1 ? `${issues[0]!.file} has 1 problem` : `${issues.length} problems in the configuration`, hint }: { message?: string | undefined; hint?: string | undefined } = {},
  ) {
    super(message);
    this.name = 'ConfigError';
    if (hint !== undefined) this.hint = hint;
  }
}

export class UsageError extends AgentreadyError {
  readonly code = 'USAGE';
  readonly exitCode = EXIT.USAGE;
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A run folder whose results.jsonl holds no header line: the run was stopped (or the disk refused
 * its first write) before it wrote one, so it recorded no case. Commands that look over the runs
 * pass it over; one that names it says so (exit 2).
 */
export class EmptyRunError extends UsageError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'EmptyRunError';
  }
}

export type HarnessErrorCode =
  | 'AGENT_START'
  | 'AGENT_EXITED'
  | 'AGENT_PROTOCOL'
  | 'TRANSPORT'
  | 'RUN_INCOMPLETE'
  /** The user simulator crashed, or answered user/reply with an error or an invalid result. */
  | 'USER_SIMULATOR';

export class HarnessError extends AgentreadyError {
  readonly code: HarnessErrorCode;
  readonly exitCode = EXIT.HARNESS;
  // eslint-disable-next-line @typescript-eslint/max-params -- Error's own (message, options), after the code
  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'HarnessError';
  }
}

/** The disk refused a write agentready had to make (common/disk-refusal.ts): the run could not complete. */
export class DiskError extends AgentreadyError {
  readonly code = 'DISK';
  readonly exitCode = EXIT.HARNESS;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DiskError';
  }
}

export class InternalError extends AgentreadyError {
  readonly code = 'INTERNAL';
  readonly exitCode = EXIT.HARNESS;
  constructor(message: string, options?: { cause?: unknown }) {
    super(`${message} (this is a bug in agentready; please report it)`, options);
    this.name = 'InternalError';
  }
}
