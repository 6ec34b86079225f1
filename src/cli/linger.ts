/**
 * After a command has ended (its action returned its exit code, or its error was reported: main.ts),
 * Node exits by itself once nothing is left to run. Code of the user's
 * that runs inside agentready (a module agent, a tool handler, a custom scorer) may leave
 * something that keeps it alive: a timer, an open socket or server, a case stuck past Ctrl-C.
 * Then agentready exits anyway, with the command's exit code, once its output is flushed.
 *
 * When nothing is left, it exits at once too. Left to itself, Node's last step before its exit
 * waits for V8's background tasks (concurrent marking, optimizing compiles) to finish: the main
 * thread idled 2–40 ms after summary.json was written, at the end of a 10,000-case eval on 2
 * busy cores (median ~16 ms; npm run bench's workload), where `process.exit` takes under 1 ms.
 */
import { fstatSync } from 'node:fs';
import { flushThenExit } from './own-exit.js';
import { writeError } from './print.js';

/** How long a finished command waits for the process to empty before exiting anyway. */
const LINGER_MS = 2000;

/** Arms the exit: at once if nothing is left to run, else after an unref'd timer, so it never holds the process itself. */
export function exitIfKeptAlive(): void {
  setTimeout(() => {
    writeError(
      'agentready: warning: the command has ended, but something the agent module, a tool handler or a custom scorer started (a timer, an open socket or server, a call still running) keeps Node alive; exiting. Close it when your code is done.\n',
    );
    flushThenExit();
  }, LINGER_MS).unref();
  // Two turns of the loop: handles closed in this one (an agent's process that has exited, its
  // pipes) are gone from the list only after the turn's close phase.
  setImmediate(() => setImmediate(exitIfNothingLeft));
}

/** Exits (once the output is flushed) when nothing but this check keeps the loop alive; otherwise Node or the timer above ends the process. */
function exitIfNothingLeft(): void {
  const own = ownStdioHandles();
  for (const resource of process.getActiveResourcesInfo()) {
    if (resource === 'Immediate') continue;
    // agentready's own stdout or stderr (a pipe, a terminal) is listed once its stream exists, though it holds nothing up.
    const index = own.indexOf(resource);
    if (index === -1) return;
    own.splice(index, 1);
  }
  flushThenExit();
}

/**
 * The handle types stdout and stderr are listed as when they are pipes, sockets or terminals (none
 * for a file). Their streams are made here if they were not yet, so each such handle is listed:
 * a pipe of the user's code is never taken for one of them.
 */
function ownStdioHandles(): string[] {
  return [process.stdout, process.stderr].flatMap(({ fd }) => {
    try {
      const stat = fstatSync(fd);
      if (stat.isFIFO() || stat.isSocket()) return ['PipeWrap'];
      return stat.isCharacterDevice() ? ['TTYWrap'] : [];
    } catch {
      return [];
    }
  });
}
