/**
 * The `ctx` a module agent's run gets (SPEC §4, §11): the ToolHost's methods shaped as the agent
 * libraries shape them, each call's arguments copied once as the wire would carry them, and
 * `ctx.signal` made only when the agent reads it. module.ts runs the agent with it.
 */
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { copyJson, wireCopy } from '../config/own-key.js';
import { describeThrown } from '../common/thrown.js';
import type { ToolHost } from './adapter.js';
import { JSONRPC_ERRORS, JsonRpcError } from './jsonrpc-errors.js';
import { ApprovalRequestParamsSchema, ToolCallParamsSchema, type ModelUrls } from './protocol.js';
import { parseParams } from './stdio-host.js';
import type { TimeLimit } from './time-limit.js';
import { CASE_ENDED, errorForAgent, toolCallError } from './tool-call-error.js';
import { readReportedUsage } from './usage-problem.js';
import type { Quote } from '../common/shorten.js';
import { MAX_LINE_BYTES, messageBytes } from './line-splitter.js';

/** What the module's default export receives besides the task. */
export interface ModuleContext {
  /** Resolves with the tool's result; rejects with a ToolCallError (`kind`, `status`, `retry_after_ms`, `data`). */
  callTool<T = unknown>(name: string, args?: Record<string, unknown>): Promise<T>;
  requestApproval(name: string, args?: Record<string, unknown>, reason?: string): Promise<{ approved: boolean }>;
  recordUsage(usage: { model: string; input_tokens: number; output_tokens: number; cost_usd?: number }): void;
  signal: AbortSignal;
  /** The case's model gateway base URLs (as `task.models`): every run has them. */
  models: ModelUrls;
}
/** What became of one run's `ctx.recordUsage` reports beside the ones it recorded. */
export interface UsageReports {
  /** What was wrong with the first invalid report during the run. */
  invalid?: string;
  /** Set once the run has answered (or thrown): a later report is late. */
  answered?: boolean;
  /** Counts a report that came once the run had answered. */
  late(): void;
}

/**
 * The `ctx` one run's agent gets: the ToolHost's methods, shaped as the agent libraries shape them.
 * An invalid `recordUsage` report is noted in `usage.invalid` (the case's answer becomes a protocol
 * error, as over every transport), not thrown at the agent, which could catch it and go on.
 */
export function contextFor({ host, limit, models, usage: reports, quote }: { host: ToolHost; limit: TimeLimit; models: ModelUrls; usage: UsageReports; quote: Quote }): ModuleContext {
  // The run is over for agentready once its limit ended, or once its deadline passed while the
  // agent held the thread (a synchronous loop, before the timer could fire): what it asks then is
  // refused as the case's closed environment refuses it, and reaches neither the trace nor the tools.
  const ended = (): boolean => limit.aborted || limit.pastDeadline;
  let calls = 0;
  const ctx = {
    [LIMIT]: limit,
    models: { ...models },
    async callTool<T>(name: string, args: Record<string, unknown> = {}): Promise<T> {
      parseParams({ name }, { method: 'ctx.callTool', schema: CALL_NAME });
      // null reads as no arguments, as over stdio and http (stdio-host.ts).
      const sent = argumentsAsSent(args ?? {}, 'ctx.callTool');
      const over = ended();
      const answer = over ? { ok: false as const, error: errorForAgent(CASE_ENDED) } : await host.callTool(name, sent);
      // A loop polling a tool whose answer never changes gets results alone: one turn every CALLS_PER_TURN calls.
      if (answer.ok && ++calls % CALLS_PER_TURN === 0) await turnOfLoop(false);
      // A copy: the result is the mock's own (or the trace's record), which the agent may change.
      if (answer.ok) return copyJson(answer.result) as T;
      // Refused as past its case (its limit, or its answer: a loop left running) idles and holds no process.
      await turnOfLoop(over || answer.error.kind === CASE_ENDED.kind);
      throw toolCallError(answer.error);
    },
      // eslint-disable-next-line @typescript-eslint/max-params -- the agent's public ctx.requestApproval(name, args?, reason?) (SPEC §4, §11)
    async requestApproval(name, args = {}, reason) {
      // Typed for TypeScript only: a name or reason that is no string (a deep object's walk ran the trace's writer out of stack) is refused as over stdio.
      parseParams({ name, reason }, { method: 'ctx.requestApproval', schema: APPROVAL_NAME_REASON });
      const sent = argumentsAsSent(args, 'ctx.requestApproval');
      if (ended()) {
        await turnOfLoop(true);
        return { approved: false };
      }
      const { approved } = await host.requestApproval({ name, args: sent, reason });
      if (!approved) await turnOfLoop(false);
      return { approved };
    },
    recordUsage(usage) {
      if (ended()) return;
      // After its answer (a ctx kept for later): not counted, and the run says so, as over stdio and http.
      if (reports.answered === true) return reports.late();
      const reading = readReportedUsage(usage, quote);
      if (reading.ok) host.recordUsage(reading.usage);
      else reports.invalid ??= reading.problem;
    },
  } satisfies Omit<ModuleContext, 'signal'> & { [LIMIT]: TimeLimit };
  return Object.defineProperty(ctx, 'signal', SIGNAL) as typeof ctx & ModuleContext;
}

/**
 * Lets the event loop turn before a refusal reaches the agent. agentready answers a module's calls
 * in promise jobs alone, so an agent that asks again at once whatever it is told (a tool faulted on
 * every call retried forever, a loop past budget_exhausted, an approval asked again until granted)
 * would never let a timer run: not its own time limit, nor any other case's, until the watchdog
 * ended the whole run (exit 3) for a block the agent never made, as each call was awaited. Over
 * stdio, http and MCP each answer is I/O and the loop turns anyway. A timer, not an immediate: such
 * a loop then asks ~1,000 times a second, not ~25,000 (a trace of 50,000 calls in a 2 s time limit),
 * and once its case has ended an unref'd one 10 ms long, so an abandoned loop idles, costs the cases
 * still running no CPU and keeps no process alive. A result (the path nearly every call takes)
 * waits for nothing.
 */
function turnOfLoop(ended: boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ended) setTimeout(resolve, ABANDONED_LOOP_MS).unref();
    else setTimeout(resolve, 0);
  });
}

/**
 * The results in a row a case's calls get before one waits for a turn of the loop: a loop polling a
 * tool until an answer that never comes (`status: pending`) held every other case in flight until
 * its own time limit, and cut them at theirs. No agent that makes a few calls a case ever waits.
 */
const CALLS_PER_TURN = 100;

/** How long a call made after its case ended waits for its refusal: an abandoned retry loop asks ~100 times a second at most. */
const ABANDONED_LOOP_MS = 10;

/**
 * A ctx call's arguments as they would be on the wire (`wireCopy`): the agent holds its own object,
 * and what it changes after the call (or a getter's next answer) must not change what the policy
 * judged, the tool ran or the trace records. What JSON cannot send is refused as over stdio.
 */
function argumentsAsSent(rawArgs: unknown, method: string): Record<string, unknown> {
  let sent: Record<string, unknown>;
  try {
    sent = wireCopy(rawArgs, MAX_NESTING_DEPTH) as Record<string, unknown>;
  } catch (error) {
    throw new JsonRpcError({ code: JSONRPC_ERRORS.INVALID_PARAMS, message: `invalid ${method} params: arguments: ${describeThrown(error)}` });
  }
  // One message's bound holds over every transport: the arguments stdio, http or MCP would refuse, in bytes as JSON.
  const bytes = messageBytes(JSON.stringify(sent));
  if (bytes > MAX_LINE_BYTES) throw new JsonRpcError({ code: JSONRPC_ERRORS.INVALID_PARAMS, message: `invalid ${method} params: arguments of ${bytes} bytes as JSON, larger than ${MAX_LINE_BYTES} bytes (the limit of one message)` });
  return sent;
}

/** What a ctx call's name and reason must be, as the stdio and http transports' messages say. */
const CALL_NAME = ToolCallParamsSchema.pick({ name: true });
const APPROVAL_NAME_REASON = ApprovalRequestParamsSchema.pick({ name: true, reason: true });

/** Where a ctx keeps its run's time limit, for SIGNAL's getter. */
const LIMIT = Symbol('agentready.timeLimit');
/**
 * `ctx.signal`, made when the agent first reads it: Node 20's AbortSignal outlives V8's young
 * generation (promoted, ~0.6 KB a case) even when nothing listens, and most agents never read it.
 * One getter for every ctx, defined after the literal: a getter written in the literal is a
 * closure a case, and V8 then gives every ctx a hidden class of its own (3x the promoted bytes).
 */
const SIGNAL = {
  enumerable: true,
  configurable: true,
  get(this: { [LIMIT]: TimeLimit }): AbortSignal {
    return this[LIMIT].signal;
  },
  // An agent may replace it (`ctx.signal = AbortSignal.any([...])`), as it could the plain property it was: the value is then its own.
  set(this: object, value: unknown): void {
    Object.defineProperty(this, 'signal', { value, writable: true, enumerable: true, configurable: true });
  },
} satisfies PropertyDescriptor;
