/**
 * The agent's calls back to agentready over stdio (`tools/call`, `approval/request`, `usage`),
 * routed by `trace_id` to the ToolHost of the case in flight. A call that names no live case is
 * answered with an error and logged as protocol noise, never a crash.
 */
import type { ToolHost } from './adapter.js';
import { CUT_LOOKAHEAD_CHARS, EXCERPT_CHARS, quoting, type Quote } from '../common/shorten.js';
import { plural } from '../common/plural.js';
import { JsonRpcError, JSONRPC_ERRORS } from './jsonrpc-errors.js';
import { CASE_ENDED, errorForAgent } from './tool-call-error.js';
import type { NotificationHandler, RequestHandler } from './jsonrpc.js';
import { ApprovalRequestParamsSchema, METHODS, ToolCallParamsReadSchema, describeIssues } from './protocol.js';
import { readReportedUsage } from './usage-problem.js';
import type { z } from 'zod';

/** The host of a run that has ended: its calls are refused as after the case ended, its usage dropped. */
export const ENDED_HOST: ToolHost = {
  callTool: async () => ({ ok: false, error: errorForAgent(CASE_ENDED) }),
  requestApproval: async () => ({ approved: false }),
  recordUsage: () => undefined,
};

/** A case in flight on one process, as the routing sees it. */
export interface RoutedRun {
  host: ToolHost;
  /** True once the case has ended for agentready (answered, cancelled or failed). */
  settled: boolean;
  /** What was wrong with the first invalid `usage` report for the case: its answer is then this protocol error (usage.ts). */
  invalidUsage?: string;
}

/** How many answered runs' trace ids a process keeps for late usage reports: far more than a process runs at once. */
export const LANDED_KEPT = 1024;

/** A run the agent has answered, as the routing sees it: settled, its calls refused as after the case ended. */
const LANDED_RUN: RoutedRun = { settled: true, host: ENDED_HOST };

/**
 * The trace ids of the runs a process answered last (oldest first, LANDED_KEPT at most), so a usage
 * report the agent sends after its answer is told late, not of an unknown run, as http keeps its runs.
 */
export class LandedRuns {
  readonly #ids = new Set<string>();
  /**
   * The ids kept, in the order they landed, as a ring: the slot of the next is the oldest's, let
   * go as it comes. The Set's own first entry was taken through an iterator, an object every case
   * once the first LANDED_KEPT had landed.
   */
  readonly #order: (string | undefined)[] = new Array<string | undefined>(LANDED_KEPT).fill(undefined);
  #next = 0;

  add(traceId: string): void {
    if (this.#ids.has(traceId)) return;
    const oldest = this.#order[this.#next];
    if (oldest !== undefined) this.#ids.delete(oldest);
    this.#order[this.#next] = traceId;
    this.#next = this.#next === LANDED_KEPT - 1 ? 0 : this.#next + 1;
    this.#ids.add(traceId);
  }

  /** The run of `traceId` when it is one answered and kept. */
  runFor(traceId: string): RoutedRun | undefined {
    return this.#ids.has(traceId) ? LANDED_RUN : undefined;
  }
}

export interface HostRoutingOptions {
  /** The run in flight with that trace id, if any. */
  runFor(traceId: string | undefined): RoutedRun | undefined;
  /**
   * True when the agent's answer to `run` has been read though the run lands a microtask later
   * (a call or usage report written after the answer, in the same chunk): its calls are refused,
   * and its usage dropped, as after it ended.
   * Over http the answer is a response of its own, so there is no such run.
   */
  answered?(run: RoutedRun): boolean;
  /** Records a message that could not be routed in the process's log. */
  noise(message: string): void;
  /** How what the agent sent is quoted in such a message (adapter.ts `AdapterContext.quote`). */
  quote: Quote;
  /** A usage report came for a run that had ended: not counted (`lateUsageWarning` says so at the run's end). */
  onLateUsage(): void;
  /** A usage report named no run (an unknown trace_id, or none): not counted (`StrayUsage` says so at the run's end). */
  onStrayUsage(traceId: string | undefined): void;
}

/**
 * The run's warning for usage reports that came after their case had ended (a `usage` sent
 * without waiting, after the answer): their cost is missing from every figure. Undefined for none.
 */
export function lateUsageWarning(count: number): string | undefined {
  if (count === 0) return undefined;
  const were = count === 1 ? 'was' : 'were';
  return `${plural(count, 'usage report')} came after ${count === 1 ? 'its' : 'their'} case had ended and ${were} not counted: costs and tokens are missing from the figures; send usage before answering the run (await it)`;
}

/** What quoting a text reads of it (common/shorten.ts `cutIndex`): the quote of this much of it is the quote of all of it. */
const QUOTE_READS = EXCERPT_CHARS + CUT_LOOKAHEAD_CHARS + 1;

/**
 * The usage reports that named no run, neither in flight nor ended (a trace_id of the agent's own, a case id, none with
 * several cases in flight): their cost is missing from every figure and no case's budget saw it, and a notification has
 * no answer to tell the agent, so the run's end says so, quoting the first.
 */
export class StrayUsage {
  #count = 0;
  /** The first one's trace_id as sent, as far as its quote reads it (QUOTE_READS), or none: quoted at the end, by the run's redaction. */
  #first: { kind: 'none' } | { kind: 'trace_id'; raw: string } | undefined;

  add(traceId: string | undefined): void {
    this.#count++;
    if (this.#first !== undefined) return;
    this.#first = traceId === undefined ? { kind: 'none' } : { kind: 'trace_id', raw: traceId.slice(0, QUOTE_READS) };
  }

  /** The run's warning, undefined for none; the first's trace_id quoted by `quoting(redactText)` (the run's redaction: redacted, then escaped). */
  warning(redactText: (text: string) => string = (text) => text): string | undefined {
    if (this.#count === 0) return undefined;
    const were = this.#count === 1 ? 'was' : 'were';
    const first = this.#first?.kind === 'trace_id' ? `trace_id "${quoting(redactText)(this.#first.raw)}"` : 'no trace_id';
    return `${plural(this.#count, 'usage report')} named no case in flight (the first: ${first}) and ${were} not counted: costs and tokens are missing from the figures and from the cases' budgets; send each with the trace_id of the run params of its case`;
  }
}

/** Request and notification handlers for a JsonRpcPeer. */
export function hostHandlers({ runFor, answered, noise, quote, onLateUsage, onStrayUsage }: HostRoutingOptions): {
  requests: Record<string, RequestHandler>;
  notifications: Record<string, NotificationHandler>;
} {
  /** The host of the live run a message names, or a JSON-RPC error for the agent. */
  const hostFor = (method: string, traceId: string): ToolHost => {
    const run = runFor(traceId);
    if (!run) {
      noise(`${method} for unknown trace_id "${quote(traceId)}"`);
      throw new JsonRpcError({ code: JSONRPC_ERRORS.INVALID_PARAMS, message: `unknown trace_id "${traceId}": no run with that id is in flight` });
    }
    if (run.settled || answered?.(run) === true) {
      throw new JsonRpcError({ code: JSONRPC_ERRORS.SERVER_ERROR, message: `the run for trace_id "${traceId}" has already ended`, data: { kind: 'cancelled' } });
    }
    return run.host;
  };

  return {
    requests: {
      [METHODS.toolsCall]: async (rawParams) => {
        const params = parseParams(rawParams, { method: METHODS.toolsCall, schema: ToolCallParamsReadSchema });
        // Arguments that are no object reach the host, which answers them invalid_arguments (null reads as none, as an absent key).
        const answer = await hostFor(METHODS.toolsCall, params.trace_id).callTool(params.name, (params.arguments ?? {}) as Record<string, unknown>);
        if (answer.ok) return answer.result;
        const { kind, status, retry_after_ms, rule_id, message } = answer.error;
        const data = { kind, ...defined({ status, retry_after_ms, rule_id }), message };
        throw new JsonRpcError({ code: JSONRPC_ERRORS.SERVER_ERROR, message: answer.error.message, data });
      },
      [METHODS.approvalRequest]: async (rawParams) => {
        const params = parseParams(rawParams, { method: METHODS.approvalRequest, schema: ApprovalRequestParamsSchema });
        const host = hostFor(METHODS.approvalRequest, params.trace_id);
        const { approved } = await host.requestApproval({ name: params.name, args: params.arguments ?? {}, reason: params.reason });
        return { approved };
      },
    },
    notifications: {
      [METHODS.usage]: (rawParams) => {
        const traceId = typeof rawParams === 'object' && rawParams !== null && 'trace_id' in rawParams && typeof rawParams.trace_id === 'string' ? rawParams.trace_id : undefined;
        // The report is read with its trace_id in it: the schema of a reported call has none, and
        // leaves it out (zod drops unknown keys), as a copy without it did (a rest copy, ~0.5 µs a case).
        const reading = readReportedUsage(rawParams, quote);
        const run = runFor(traceId);
        if (!run || run.settled || answered?.(run) === true) {
          // One without a trace_id names no case (runFor), and is said so, not quoted as an unknown trace_id "".
          const named = traceId === undefined ? 'without a trace_id' : `for ${run ? 'an ended' : 'an unknown'} trace_id "${quote(traceId)}"`;
          noise(`${reading.ok ? 'usage' : `invalid usage (${reading.problem})`} ${named} ignored`);
          if (run) onLateUsage();
          else onStrayUsage(traceId);
          return;
        }
        // An invalid report costs its case: the answer becomes a protocol error saying what was wrong.
        if (!reading.ok) run.invalidUsage ??= reading.problem;
        else run.host.recordUsage(reading.usage);
      },
    },
  };
}

/** Parsed params, or a JSON-RPC invalid-params error naming what is wrong. */
export function parseParams<T>(rawParams: unknown, { method, schema }: { method: string; schema: z.ZodType<T> }): T {
  const parsed = schema.safeParse(rawParams);
  if (!parsed.success) {
    throw new JsonRpcError({ code: JSONRPC_ERRORS.INVALID_PARAMS, message: `invalid ${method} params: ${describeIssues(parsed.error)}` });
  }
  return parsed.data;
}

/** The object without its undefined values. */
function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
