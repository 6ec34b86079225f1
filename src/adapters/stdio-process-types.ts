/**
 * The shapes of one stdio agent process's life (stdio-process.ts): what it is made with, where it
 * is in its life, and a run in flight on it. Types only.
 */
import type { AgentExit, RunContext } from './adapter.js';
import type { RunParams, RunResult } from './protocol.js';
import type { AgentProcess } from './stdio-process.js';
import type { RoutedRun } from './stdio-host.js';
import type { UnknownResultKeys } from './unknown-result-keys.js';
import type { Quote } from '../common/shorten.js';

export interface AgentProcessOptions {
  command: readonly string[];
  cwd: string;
  env: Record<string, string> | undefined;
  /** How long a cancelled run may stay unanswered before the process is restarted. */
  cancelGraceMs: number;
  /** Called once, when the process is gone. */
  onExit: (process: AgentProcess, exit: AgentExit) => void;
  /** Called when a run slot frees up. */
  onSlotFree: () => void;
  /** Hands a run this process exited without reading to another process (`Flight.resendable`), as a run sent again. */
  runAgain: (params: RunParams, context: RunContext) => Promise<RunResult>;
  /** The run results' keys agentready does not read, noted for the run's warnings (shared by the adapter's processes). */
  unknownKeys: UnknownResultKeys;
  /** How what the process writes is quoted in a message (adapter.ts `AdapterContext.quote`). */
  quote: Quote;
}

/**
 * Where the process is in its life: taking runs; ending because agentready ended it (`reason`
 * names why in the error its runs in flight get; `blame`, who its runs in flight are blamed as:
 * `hang` when it is restarted because a cancelled run never answered, so the other runs in flight
 * are not to blame; `crash` when it is stopped for a fault of its own no one run shows the cause
 * of, closing its stdout, and is blamed as a crash is; `none` otherwise); or gone. An exit while
 * live is unexpected: a crash.
 */
export type ProcessState = { kind: 'live' } | ({ kind: 'ending' } & Ending) | { kind: 'gone' };
export interface Ending {
  reason: string;
  blame: 'none' | 'hang' | 'crash';
}

/** A run in flight: routed by trace id until the agent answers it or the process exits. */
export interface Flight extends RoutedRun {
  traceId: string;
  /** Its case's id, named should the agent answer its run twice. */
  caseId: string;
  fail(error: unknown): void;
  graceTimer?: NodeJS.Timeout;
  /** The agent's valid answer arrived (it settles a turn of the event loop later). */
  answered?: boolean;
  /** The id of its `run` request: once the peer has read the answer to it, the run is no longer in flight for the lines read after. */
  requestId?: number;
  /** The agent sent a message naming the run (a call, an approval request, a usage report): it read it. */
  heard: boolean;
  /**
   * True for a conversation's first run handed to a process that had answered a run before it: should the process exit
   * with no sign of having read it, `fail(new SendAgain(exit))` sends it to a fresh process (stdio-flights.ts `unreadOnExit`).
   */
  resendable: boolean;
}
