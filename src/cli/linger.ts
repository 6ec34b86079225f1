/**
 * After a command has ended, Node exits by itself once nothing is left to run. Code of the user's
 * that runs inside agentready (a module agent, a tool handler, a custom scorer) may leave
 * something that keeps it alive: a timer, an open socket or server, a case stuck past Ctrl-C.
 * Then agentready exits anyway, with the command's exit code, once its output is flushed.
 */
import { writeError } from './print.js';

/** How long a finished command waits for the process to empty before exiting anyway. */
const LINGER_MS = 2000;

/** Arms the exit: an unref'd timer, so it never holds the process itself. */
export function exitIfKeptAlive(): void {
  setTimeout(() => {
    writeError(
      'agentready: warning: the command has ended, but something the agent module, a tool handler or a custom scorer started (a timer, an open socket or server, a call still running) keeps Node alive; exiting. Close it when your code is done.\n',
    );
    // Each write's callback runs once what was written before it is flushed.
    process.stdout.write('', () => process.stderr.write('', () => process.exit()));
  }, LINGER_MS).unref();
}
