/**
 * A stdio agent's start: `initialize` sent, then the first of its answer, an error answer, the
 * process's exit, the start's time limit and the run's signal. What the agent said of itself, or
 * why it did not start (worded by stdio-errors.ts `startError`).
 */
import { HarnessError } from '../errors.js';
import type { JsonRpcPeer } from './jsonrpc.js';
import { agentInfo } from './agent-info.js';
import { InitializeResultSchema, METHODS, PROTOCOL_VERSION, type AgentInfo } from './protocol.js';
import { describeFoundIssues } from './result-issues.js';
import { startError } from './stdio-errors.js';
import type { Quote } from '../common/shorten.js';

/** The agent answered `initialize` with a valid result, or did not start (`error`: what to throw). */
export type Started = { kind: 'started'; info: AgentInfo } | { kind: 'failed'; error: unknown };

/** What `startError` needs beyond what came first: how the failure reads. */
export type StartFailure = Omit<Parameters<typeof startError>[0], 'first' | 'timeoutMs' | 'signal'>;

/** Sends `initialize` and waits for the first thing that settles the start. */
export async function initializeAgent(input: {
  peer: JsonRpcPeer;
  suite: string;
  timeoutMs: number;
  /** How what the agent answered is quoted (adapter.ts `AdapterContext.quote`). */
  quote: Quote;
  signal: AbortSignal;
  /** Settles when the process is gone. */
  exited: Promise<unknown>;
  failure: StartFailure;
}): Promise<Started> {
  const { timeoutMs, signal } = input;
  const { response } = input.peer.request(METHODS.initialize, { protocol: PROTOCOL_VERSION, suite: input.suite });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const first = await Promise.race([
    response.then((raw) => ({ kind: 'answer' as const, raw }), (error: unknown) => ({ kind: 'error' as const, error })),
    input.exited.then(() => ({ kind: 'exit' as const })),
    new Promise<{ kind: 'timeout' }>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs))),
    new Promise<{ kind: 'aborted' }>((resolve) => {
      onAbort = () => resolve({ kind: 'aborted' });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }),
  ]);
  clearTimeout(timer);
  if (onAbort) signal.removeEventListener('abort', onAbort);
  const failure = await startError({ first, timeoutMs, signal, ...input.failure });
  if (failure !== undefined || first.kind !== 'answer') return { kind: 'failed', error: failure };
  const parsed = InitializeResultSchema.safeParse(first.raw);
  if (!parsed.success) return { kind: 'failed', error: new HarnessError('AGENT_START', `agent answered initialize with an invalid result: ${describeFoundIssues(parsed.error, { raw: first.raw, quote: input.quote })}`) };
  return { kind: 'started', info: agentInfo({ name: parsed.data.name, version: parsed.data.version, concurrency: parsed.data.concurrency ?? 1 }) };
}
