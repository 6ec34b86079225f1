/**
 * Ctrl-C, SIGTERM and SIGHUP: the first one aborts the run (its reason a `StopRequest` naming the
 * signal) so it can finish writing, cancel and shut the agent down, and exit 130, 143 or 129; a second one,
 * later than npm's duplicate, exits at once with its own code.
 */
import { setMaxListeners } from 'node:events';
import { STOP_SIGNAL_EXIT, StopRequest, type StopSignal } from '../errors.js';
import { exitOwn } from './own-exit.js';

/** npm forwards a SIGINT it also received itself; one within this window is the same press. */
const DUPLICATE_SIGNAL_WINDOW_MS = 1000;

export interface InterruptWatcher {
  signal: AbortSignal;
  /**
   * Resolves once every signal sent so far has reached `signal`. Node hears a signal in its event
   * loop's poll phase: one sent while code ran synchronously (a file read that blocked, the CLI
   * script's bundled imports, which take no turn of the loop) is heard a turn later.
   */
  delivered(): Promise<void>;
  dispose(): void;
}

/** One turn of the event loop: the poll phase (where pending signals are heard) runs before it ends. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function watchInterrupts(onFirst?: () => void): InterruptWatcher {
  const controller = new AbortController();
  // Every run in flight listens to this signal (its time limit does): as many as the concurrency.
  setMaxListeners(0, controller.signal);
  let firstAt: number | undefined;
  const handler = (name: StopSignal) => {
    const now = Date.now();
    if (firstAt === undefined) {
      firstAt = now;
      onFirst?.();
      controller.abort(new StopRequest(name));
      return;
    }
    if (now - firstAt > DUPLICATE_SIGNAL_WINDOW_MS) exitOwn(STOP_SIGNAL_EXIT[name]);
  };
  const signals = Object.keys(STOP_SIGNAL_EXIT) as StopSignal[];
  for (const name of signals) process.on(name, handler);
  return {
    signal: controller.signal,
    async delivered() {
      // This turn's check phase may come before the poll that hears the signal: wait for the next too.
      await nextTurn();
      await nextTurn();
    },
    dispose() {
      for (const name of signals) process.off(name, handler);
    },
  };
}
