/**
 * A tool handler runs in agentready's process: its `process.exit()` (or `abort()`, or a kill of
 * agentready) would end the run there, with no summary and the cases in flight lost, or, called
 * while a module agent's tool call runs it, be taken for the agent's own exit (AGENT_EXITED).
 * While a handler call runs, such a call made in its async context throws HandlerExitRequest
 * instead: the handler's code stops there, its call ends as a crash naming it (the case's
 * HANDLER_ERROR), and the run goes on. A call it makes later (a timer it left) goes through.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { trapOwnExits } from '../adapters/exit-calls.js';
import { whileUsed } from '../adapters/while-used.js';

/** The handler call running in this async context: the exit it attempted, once it did. */
interface HandlerScope {
  exit?: string;
}

const handlerScope = new AsyncLocalStorage<HandlerScope>();

/** Thrown by `process.exit()` (or the like) called in a handler: its code stops there, as it would have. */
export class HandlerExitRequest extends Error {
  constructor(readonly call: string) {
    super(`called ${call}`);
    this.name = 'HandlerExitRequest';
  }
}

// Installed while a handler call runs (the last to end gives them back); outside a handler's context the calls go through.
const trapHandlerExits = whileUsed(() =>
  trapOwnExits((call) => {
    const scope = handlerScope.getStore();
    if (scope === undefined) return undefined;
    scope.exit ??= call;
    return new HandlerExitRequest(call);
  }),
);

/** Runs one handler call with its exits trapped: how it settled, and the exit it attempted (also when it caught the throw). */
export async function runTrappingExits<T>(run: () => Promise<T>): Promise<{ settled: PromiseSettledResult<T>; exit: string | undefined }> {
  const release = trapHandlerExits();
  const scope: HandlerScope = {};
  try {
    const value = await handlerScope.run(scope, run);
    return { settled: { status: 'fulfilled', value }, exit: scope.exit };
  } catch (reason) {
    return { settled: { status: 'rejected', reason }, exit: scope.exit };
  } finally {
    release();
  }
}
