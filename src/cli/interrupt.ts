/**
 * Ctrl-C: the first SIGINT/SIGTERM aborts the run so it can finish writing, cancel and shut
 * the agent down; a second one, later than npm's duplicate, exits at once.
 */
import { setMaxListeners } from 'node:events';
import { EXIT } from '../errors.js';

/** npm forwards a SIGINT it also received itself; one within this window is the same press. */
const DUPLICATE_SIGNAL_WINDOW_MS = 1000;

export interface InterruptWatcher {
  signal: AbortSignal;
  dispose(): void;
}

export function watchInterrupts(onFirst?: () => void): InterruptWatcher {
  const controller = new AbortController();
  // Every run in flight listens to this signal (its time limit does): as many as the concurrency.
  setMaxListeners(0, controller.signal);
  let firstAt = 0;
  const handler = (name: NodeJS.Signals) => {
    const now = Date.now();
    if (!controller.signal.aborted) {
      firstAt = now;
      onFirst?.();
      controller.abort(new Error(`interrupted by ${name}`));
      return;
    }
    if (now - firstAt > DUPLICATE_SIGNAL_WINDOW_MS) process.exit(EXIT.INTERRUPTED);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
