/** How a stdio agent's failures read: its exit, and an error answer to `run`. */
import { HarnessError } from '../errors.js';
import { AgentRunError } from './adapter.js';
import { JsonRpcError, OversizedMessageError } from './jsonrpc.js';

export type ExitResult = { exitCode?: number; signal?: string; failed: boolean; originalMessage?: string };

/** `(code=…, signal=…)` of an exit. */
export function describeExit(result: ExitResult): string {
  return `(code=${result.exitCode ?? null}, signal=${result.signal ?? null})`;
}

/**
 * What a run that failed at the protocol level fails with: the agent's own error answer is an
 * agent failure (judged); an answer too long to read is a harness error; anything else as is.
 */
export function runAnswerError(error: unknown): unknown {
  if (error instanceof JsonRpcError) {
    return new AgentRunError(`agent answered run with an error (code ${error.code}): ${error.message}`, { cause: error });
  }
  if (error instanceof OversizedMessageError) {
    return new HarnessError('AGENT_PROTOCOL', `agent answered run on a line longer than ${error.limitBytes} bytes (the limit of one message), so the answer was dropped: "${error.excerpt}"`, { cause: error });
  }
  return error;
}
