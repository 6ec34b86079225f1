/**
 * The one interface every transport implements. The adapter folder owns `ToolHost`;
 * environment/ implements it, so adapters never import environment.
 */
import type { ToolErrorPayload } from '../config/schema/trace.js';
import type { ReportedToolCall } from '../config/schema/reported-call.js';
import type { InFlightAttempt } from '../config/schema/blocked.js';
import type { AgentInfo, RunParams, RunResult, UsageParams } from './protocol.js';
import { HarnessError } from '../errors.js';
import type { Quote } from '../common/shorten.js';

/**
 * What `run` resolves with: the agent's result, plus, from an adapter whose agent uses its own
 * tools (exec), the trace it reported: mocks and faults did not apply.
 */
export interface RunReply extends RunResult {
  /** The agent's own tool calls, in order; recorded as the case's calls and judged by the policy. */
  tool_calls?: ReportedToolCall[];
  /** How long the agent took, when the adapter knows better than the wall clock. */
  duration_ms?: number;
}

/** The answer to a tool call: the tool's result, or an error the agent must handle. */
export type ToolAnswer = { ok: true; result: unknown } | { ok: false; error: ToolErrorPayload };

/** An agent's request for approval of a call to `name` with `args`, and its stated reason. */
export interface ApprovalRequest {
  name: string;
  args: Record<string, unknown>;
  reason: string | undefined;
}

/** What a run is given besides its params: the host answering the agent's calls, and the signal that cancels it. */
export interface RunContext {
  host: ToolHost;
  signal: AbortSignal;
  /** The attempt this run is part of, for an agent in agentready's process to name should it block it (`recordBlocks`). */
  attempt?: InFlightAttempt;
}

/** What the agent can ask of agentready while a case runs. */
export interface ToolHost {
  callTool(name: string, args: Record<string, unknown>): Promise<ToolAnswer>;
  requestApproval(request: ApprovalRequest): Promise<{ approved: boolean }>;
  recordUsage(usage: Omit<UsageParams, 'trace_id'>): void;
  /**
   * Told by the adapter the moment it hands a run to the agent, after any wait for a free agent
   * slot: the case's time (its `duration_ms`, what is left of `timeout_ms`) counts from there.
   */
  handedOff?(): void;
  /**
   * Whether anything of the run has reached agentready: a tool call (over any way in, MCP's
   * included), an approval request, a usage report, a model call through the gateway, or any
   * request to its mcp_url (a `tools/list` too). A stdio
   * run its process never showed a sign of having read is sent again only while this is false.
   */
  touched?(): boolean;
}

/** Why an agent process ended; `unexpectedly` unless agentready asked it to stop. */
export interface AgentExit {
  unexpectedly: boolean;
  code: number | null;
  signal: string | null;
}

export interface Adapter {
  /**
   * False when the agent calls its own tools and reports them (exec): the run then offers no
   * `mcp_url`, since calls made there would be hosted and reported twice. Default true.
   */
  readonly hostsTools?: boolean;
  /**
   * Begins what `start` finishes, where that takes time and needs no word with the agent yet:
   * spawning its processes, so they boot while agentready loads the suites; settles once they are
   * spawned (what spawning needs loads first: `child-spawn.ts`'s `loadSpawner`, execa's `loadExeca`). `stop` ends them should the
   * run not start.
   */
  prepare?(): Promise<void>;
  /**
   * Once the suites are loaded, before the run's code loads (`eval`): begins what `start` would
   * begin first, where it runs beside that loading and must not run during the suites' (the
   * module adapter's watchdog thread). `stop` ends it should the run not start.
   */
  beforeStart?(): void;
  /**
   * Starts the agent (or checks it can be reached) and returns what it says of itself; `suite`
   * is the run's first suite, which a stdio agent is told in `initialize` (default '').
   */
  start(signal: AbortSignal, opening?: { suite: string }): Promise<AgentInfo>;
  /**
   * Runs one case. Resolves with the agent's reply once parsed by protocol.ts; rejects with
   * HarnessError when the transport fails, with RunTimeoutError when the agent has not
   * answered `params.timeout_ms` after the run was handed to it (time spent waiting for a
   * free agent slot does not count), or with the signal's reason when aborted. On a timeout
   * or an abort the adapter tells the agent to cancel. It calls `host.handedOff` when the run
   * reaches the agent, where its time limit starts.
   */
  run(params: RunParams, { host, signal }: RunContext): Promise<RunReply>;
  /** Asks the agent to shut down, then stops every process the adapter started. */
  stop(): Promise<void>;
  /**
   * An agent in agentready's own process (module) can block it past saving: should it, the
   * attempts in flight (their `RunContext.attempt`) are written to this file (`BlockedFileSchema`)
   * as the process ends, for `eval --resume` to record as errors.
   */
  recordBlocks?(file: string): void;
  /** Lines the agent wrote to its log (stderr) while the given trace was in flight. */
  logFor?(traceId: string): string[];
  onExit?(listener: (exit: AgentExit) => void): void;
  /** Requests to the endpoints this adapter opened that were refused for a missing or wrong token. */
  unauthenticatedRequests?(): number;
  /**
   * Protocol problems that could not be blamed on one case (a stray stdout line while several ran).
   * `redactText`: the run's redaction (none under --no-redact), for what a warning quotes of the agent
   * to be redacted before it is escaped for printing: escaped first, an escape's letters join what
   * redaction reads (`\u001bbob@example.com` read `\[email]`). The lifecycle redacts the warnings after, too.
   */
  warnings?(redactText?: (text: string) => string): string[];
}

export interface AdapterContext {
  /** Folder relative paths in the target resolve against. */
  rootDir: string;
  /** Runs in flight across all workers, as decided by run/. */
  concurrency: number;
  workers: number;
  /** Time an agent gets to answer `initialize` and `shutdown`. */
  startTimeoutMs: number;
  /**
   * How a message quotes what the agent wrote (a stderr line, a line on stdout that is no message, a trace_id): cut,
   * redacted by the run's redaction, then escaped (common/shorten.ts `quoting`). Unset: escaped only (`excerpt`).
   */
  quote?: Quote;
}

/**
 * The agent failed the run itself: it answered `run` with an error, or its module threw. An
 * agent failure, judged like any other (the harness did its job), not a harness error.
 */
export class AgentRunError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AgentRunError';
  }
}

/** The agent did not answer a run within its time limit: an agent failure, not a harness error. */
export class RunTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the agent did not answer within timeout_ms ${timeoutMs}`);
    this.name = 'RunTimeoutError';
  }
}

/**
 * The agent process died (a crash, an unexpected exit) while this run and others were in flight
 * on it, so nothing proves this run was the cause: run/ may run the case again. A caller that
 * does not knows it as the AGENT_EXITED error it also is. `inFlight` counts the runs the process
 * held when it died, this one included (always more than one).
 */
export class CollateralCrashError extends HarnessError {
  readonly inFlight: number;
  constructor(message: string, { inFlight, cause }: { inFlight: number; cause?: unknown }) {
    super('AGENT_EXITED', message, cause === undefined ? undefined : { cause });
    this.name = 'CollateralCrashError';
    this.inFlight = inFlight;
  }
}

/**
 * The line filed in the log of a case whose agent (a stdio process, the server of target.start) exited by itself, with
 * code 0, after answering `answered` and showing no sign of reading this one: it is not charged with the exit (`exit`,
 * its first line quoted) but sent again, `to` another process or the server started again.
 */
export function sentAgainNote({ exit, answered, to }: { exit: HarnessError; answered: 'a run' | 'a case'; to: string }): string {
  return `[agentready] ${exit.message.split('\n')[0]}: it had answered ${answered} before this one and showed no sign of reading this one, so the case was not charged with the exit but sent again to ${to}`;
}

/** The agent's own account of a run (exec, a recorded trace): its model calls, tool calls and duration. */
export type PartialRun = Pick<RunReply, 'usage' | 'tool_calls' | 'duration_ms'>;
