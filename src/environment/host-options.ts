/** What a case's environment (host.ts's CaseEnvironment) is made with. Types only. */
import type { Budgets, Case, InFlightAttempt, PolicyDecision, PolicyRule, Price, Tool } from '../config/schema/index.js';
import type { RecordedAnswers } from './recording.js';
import type { Handlers, World } from './world.js';
import type { RunMode } from '../config/schema/run-modes.js';

export interface CaseEnvironmentOptions {
  traceId: string;
  kase: Case;
  tools: readonly Tool[];
  rules: readonly PolicyRule[];
  mode: RunMode;
  caps: Budgets;
  pricing: Readonly<Record<string, Price>>;
  /** Milliseconds on a monotonic clock. */
  now: () => number;
  /** Wall-clock ISO time for the decision log. */
  timestamp: () => string;
  /** Makes the agent's text safe to write (redaction): the logged input summary, model names; identity under --no-redact. */
  redactText: (text: string) => string;
  /** Called as each policy decision is made, so the log streams to disk. */
  onDecision?: (decision: PolicyDecision) => void;
  /** The attempt's world, when a tool has a handler: its state carries across the case's turns. */
  world?: World;
  /** The run's loaded handlers, by `file#export`. */
  handlers?: Handlers;
  /** The case's time limit, for a handler that blocks the event loop (adapters/user-code-watchdog.ts `guardUserCode`); the default `timeout_ms` when left out. */
  handlerTimeoutMs?: number;
  /** The attempt, for the user code's watchdog to name in blocked.json should a handler block the process (HANDLER_BLOCKED). */
  attempt?: InFlightAttempt;
  /** `replay`: a call that reaches the tools is answered from this recording instead of the mocks, faults and handlers. */
  recording?: RecordedAnswers;
  /** `agentready score` of a trace written with redaction on: its calls' arguments hold placeholders. */
  redactedRecording?: boolean;
}
