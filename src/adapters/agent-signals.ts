/**
 * The stop signals of agentready's process are agentready's own: on Ctrl-C (SIGINT), SIGTERM or
 * SIGHUP it cancels the cases in flight (each one's `ctx.signal`), writes what finished and exits
 * 130, 143 or 129 (cli/interrupt.ts). A module agent runs in that process, and a framework may
 * listen for those signals to end the process its own way: `@mastra/mcp`'s MCP client, through
 * `exit-hook`, closes its connections on SIGINT and SIGTERM and calls `process.exit(130)`, which cut
 * a Ctrl-C'd run short with no summary.json (exit 3). While a module adapter is in use, a listener
 * for one of them that agent code adds (in an agent context, module-output.ts) is not added, and
 * the log of the first case (or import) that adds one says so, once per signal (a framework may add
 * one per connection, so per case); every other listener, and agentready's own, is added as ever.
 */
import { STOP_SIGNAL_EXIT } from '../errors.js';
import { currentAgentScope } from './module-output.js';
import { whileUsed } from './while-used.js';

/** The ways to add a listener to `process`. */
const ADDERS = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;
type Adder = (typeof ADDERS)[number];
// eslint-disable-next-line @typescript-eslint/max-params -- process.on's own (event, listener), with its `this`
type AddListener = (this: unknown, event: string | symbol, listener: (...args: unknown[]) => void) => NodeJS.Process;

/** Keeps agent code from listening for SIGINT, SIGTERM and SIGHUP until the returned function is called (the last caller's call gives them back). */
export const keepStopSignals: () => () => void = whileUsed(install);

function install(): () => void {
  const process_ = process as unknown as Record<Adder, AddListener>;
  const undo: Array<() => void> = [];
  const noted = new Set<string>();
  for (const adder of ADDERS) {
    const own = Object.prototype.hasOwnProperty.call(process, adder);
    const original = process_[adder];
    const kept: AddListener = function (event, listener) {
      const scope = currentAgentScope();
      if (scope === undefined || typeof event !== 'string' || !Object.hasOwn(STOP_SIGNAL_EXIT, event)) return original.call(this, event, listener);
      if (noted.has(event)) return process;
      noted.add(event);
      scope.write('stderr', `agentready: the agent's process.${adder}("${event}") listener was not added: agentready stops the run on ${event} itself, and cancels each case in flight through ctx.signal\n`);
      return process;
    };
    process_[adder] = kept;
    undo.push(() => {
      // Someone replaced it after us: theirs stays.
      if (process_[adder] !== kept) return;
      if (own) process_[adder] = original;
      else delete (process_ as Partial<Record<Adder, AddListener>>)[adder];
    });
  }
  return () => {
    for (const step of undo) step();
  };
}
