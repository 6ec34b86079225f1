/**
 * A run's time limit: one signal that aborts when the caller's does or when `ms` pass.
 *
 * Cheaper than `AbortSignal.any([signal, AbortSignal.timeout(ms)])` per run, and it lets
 * go of its timer and listener the moment the run settles (`dispose`). The timer is not
 * unref'd on purpose: an in-process agent awaiting forever must still time out rather
 * than let Node exit with the run unsettled.
 */
import { listenForAbort } from '../common/abort-listeners.js';

export class TimeLimit {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private expired = false;
  private stopListening = (): void => undefined;

  constructor(
    private readonly outer: AbortSignal,
    ms: number,
  ) {
    this.signal = this.controller.signal;
    this.timer = setTimeout(() => {
      this.expired = true;
      this.dispose();
      this.controller.abort(new DOMException(`the run exceeded ${ms} ms`, 'TimeoutError'));
    }, ms);
    if (outer.aborted) this.onOuterAbort();
    else this.stopListening = listenForAbort(outer, this.onOuterAbort);
  }

  /** True when the limit ran out (not when the caller aborted). */
  get timedOut(): boolean {
    return this.expired;
  }

  /** Clears the timer and the listener on the caller's signal; call once the run settles. */
  dispose(): void {
    clearTimeout(this.timer);
    this.stopListening();
  }

  private readonly onOuterAbort = (): void => {
    this.dispose();
    this.controller.abort(this.outer.reason);
  };
}
