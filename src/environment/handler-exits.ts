/**
 * A tool handler runs in agentready's process (so does a custom scorer, run/custom-scorers.ts,
 * trapped the same way): its `process.exit()` (or `abort()`, or a kill of
 * agentready) would end the run there, with no summary and the cases in flight lost, or, called
 * while a module agent's tool call runs it, be taken for the agent's own exit (AGENT_EXITED).
 * While a handler call runs, such a call made in its async context throws HandlerExitRequest
 * instead: the handler's code stops there, its call ends as a crash naming it (the case's
 * HANDLER_ERROR), and the run goes on. A `process.exit()` it makes later, from a timer or
 * callback it left in that context, is not trapped (no wrapper stays on process.exit for the rest
 * of the process), but it is named: `lateUserCode` (stray-faults.ts, which the cli's `exit`
 * listener asks) says whose it is, from the async context the call ran in, so the process ends
 * with exit 3 saying so rather than with the code the handler gave (0 after a failed gate); an
 * error such a timer throws is named the same way, not as agentready's bug. No async hook costs
 * anything per case.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { trapOwnExits } from '../adapters/exit-calls.js';
import { setLateCodeNamer } from '../adapters/stray-faults.js';
import { whileUsed } from '../adapters/while-used.js';

/** The handler call running in this async context: what names it (`the tool handler …`), the exit it attempted while it ran, and whether it has returned. */
interface HandlerScope {
  who: string;
  exit?: string;
  returned: boolean;
}

const handlerScope = new AsyncLocalStorage<HandlerScope>();

// Loaded with the first tool handler's call: from here on the cli asks this file whose a late exit or throw is.
setLateCodeNamer(() => {
  const scope = handlerScope.getStore();
  return scope?.returned === true ? scope.who : undefined;
});

/** Thrown by `process.exit()` (or the like) called in a handler: its code stops there, as it would have. */
export class HandlerExitRequest extends Error {
  constructor(readonly call: string) {
    super(`called ${call}`);
    this.name = 'HandlerExitRequest';
  }
}

// Installed while a handler call runs (the last to end gives them back); outside a running handler's context the calls go through.
const trapHandlerExits = whileUsed(() =>
  trapOwnExits((call) => {
    const scope = handlerScope.getStore();
    if (scope === undefined || scope.returned) return undefined;
    scope.exit ??= call;
    return new HandlerExitRequest(call);
  }),
);

/** Runs one handler call (`who` names it: `the tool handler ./tools.js#refund of cancel_order`) with its exits trapped: how it settled, and the exit it attempted (also when it caught the throw). */
export async function runTrappingExits<T>(args: { run: () => Promise<T>; who: string }): Promise<{ settled: PromiseSettledResult<T>; exit: string | undefined }> {
  const release = trapHandlerExits();
  const scope: HandlerScope = { who: args.who, returned: false };
  try {
    const value = await handlerScope.run(scope, args.run);
    return { settled: { status: 'fulfilled', value }, exit: scope.exit };
  } catch (reason) {
    return { settled: { status: 'rejected', reason }, exit: scope.exit };
  } finally {
    scope.returned = true;
    release();
  }
}
