/**
 * agentready's own `process.exit`, marked as its own. The cli's `exit` listener (main.ts) names a
 * tool handler's late `process.exit()` by the async context the exit runs in; agentready's exit
 * may run in such a context too: a write's callback runs in the context of the write whose
 * completion flushed it, so when a handler printed (a stdio agent's handler prints in
 * agentready's process) to a stdout pipe its reader had not emptied, the exit after the final
 * flush ran in the handler's context and was taken for the handler's (exit 3 after a passing run).
 */

let own = false;

/** Whether the process is ending by agentready's own exit (one of the two below). */
export function isOwnExit(): boolean {
  return own;
}

/** Ends the process now, with `code` (or process.exitCode: Node 20 takes exit(undefined) for exit 0). */
export function exitOwn(code?: number): never {
  own = true;
  return code === undefined ? process.exit() : process.exit(code);
}

/** Ends the process once what was written to stdout and stderr is flushed: each write's callback runs after the ones before it. */
export function flushThenExit(code?: number): void {
  process.stdout.write('', () => process.stderr.write('', () => exitOwn(code)));
}
