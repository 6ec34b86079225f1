/**
 * A run's time limit: it ends when the caller's signal aborts or when `ms` pass, and tells its
 * `signal` and the one function given to `onAbort`.
 *
 * Cheaper than `AbortSignal.any([signal, AbortSignal.timeout(ms)])` per run, and it lets
 * go of its timer and listener the moment the run settles (`dispose`). Its AbortSignal is made
 * on first use (asked for after the limit ended, it comes aborted); code of agentready's that only
 * waits for the end takes `onAbort`, one call, instead of an event listener on the signal.
 * The timer is not unref'd on purpose: an in-process agent awaiting forever must still time out
 * rather than let Node exit with the run unsettled.
 */
import { listenForAbort } from '../common/abort-listeners.js';

/** Why the limit ended: the time ran out, or the caller aborted (with its reason). */
type Ending = { kind: 'expired'; reason: DOMException } | { kind: 'aborted'; reason: unknown };

export class TimeLimit {
  private controller: AbortController | undefined;
  private ending: Ending | undefined;
  private listener: ((reason: unknown) => void) | undefined;
  private readonly timer: NodeJS.Timeout;
  /** performance.now() at which the time runs out. */
  private readonly deadline: number;
  private stopListening = (): void => undefined;

  constructor(
    private readonly outer: AbortSignal,
    ms: number,
  ) {
    this.deadline = performance.now() + ms;
    this.timer = setTimeout(() => this.end({ kind: 'expired', reason: new DOMException(`the run exceeded ${ms} ms`, 'TimeoutError') }), ms);
    if (outer.aborted) this.onOuterAbort();
    else this.stopListening = listenForAbort(outer, this.onOuterAbort);
  }

  /** Aborts when the limit ends (made on first use; aborted already when it ended before). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.ending) this.controller.abort(this.ending.reason);
    }
    return this.controller.signal;
  }

  /** True once the limit ended, by the time or the caller (as `signal.aborted`). */
  get aborted(): boolean {
    return this.ending !== undefined;
  }

  /**
   * True once the time has run out, even if the timer has not fired yet: an in-process agent that
   * held the thread past the deadline (a synchronous loop) answers before the timer can run.
   */
  get pastDeadline(): boolean {
    return performance.now() >= this.deadline;
  }

  /** True when the limit ran out (not when the caller aborted). */
  get timedOut(): boolean {
    return this.ending?.kind === 'expired';
  }

  /** Calls `listener` once the limit ends, after `signal` aborted (at once when it has ended); one listener. */
  onAbort(listener: (reason: unknown) => void): void {
    if (this.ending) listener(this.ending.reason);
    else this.listener = listener;
  }

  /** Clears the timer and the listener on the caller's signal; call once the run settles. */
  dispose(): void {
    clearTimeout(this.timer);
    this.stopListening();
    this.listener = undefined;
  }

  private end(ending: Ending): void {
    const listener = this.listener;
    this.dispose();
    this.ending = ending;
    this.controller?.abort(ending.reason);
    listener?.(ending.reason);
  }

  private readonly onOuterAbort = (): void => this.end({ kind: 'aborted', reason: this.outer.reason });
}
