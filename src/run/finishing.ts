/**
 * What happens to a case after it left its agent slot: record it (judge, redact, append to the
 * run folder), then tell the reporters. The queue calls `flushSoon()` once the freed slot went to
 * the next case: the cases that ended in one turn of the event loop are recorded together in its
 * check phase (`setImmediate`), after the runs their slots started went to the agent (BatchedWriter's
 * write, on a tick), so the agent is not kept idle while the harness scores, and cases that end in
 * callbacks of their own (a module agent's timers, each firing alone) still share one write per
 * file (`batch`). A signal handler may run between a case's end and its line (the poll phase comes
 * first): the run's stop waits for `drained()`, which records what waits, so a stop loses nothing
 * that ended. Reporters hear of cases in the order they were recorded.
 */
import { isThenable } from '../common/thenable.js';
import type { CaseFinished } from './queue.js';

export interface FinishingOptions {
  notify: (finished: CaseFinished) => void | Promise<void>;
  /** Called once, with the first error: the caller stops starting cases. */
  onFailure?: (error: unknown) => void;
  /** Runs the records of one flush; what they append is written when it returns (RunFolder.batch). */
  batch?: (recordAll: () => void) => void;
  /**
   * `flushSoon` records at once when this many cases wait: an agent that answers in microtasks
   * only never lets a tick run, and its cases must still reach the disk as they end.
   */
  maxWaiting?: number;
}

export class Finishing {
  private readonly waiting: (() => CaseFinished)[] = [];
  private notified: Promise<void> = Promise.resolve();
  /** Flushes whose reporters are still to be told, on the `notified` chain: none, and the next are told at once. */
  private chained = 0;
  private error: { value: unknown } | undefined;
  private flushing = false;

  constructor(private readonly options: FinishingOptions) {}

  /** A case to record at the next flush. */
  add(record: () => CaseFinished): void {
    this.waiting.push(record);
  }

  /**
   * Records the waiting cases in this turn's check phase: after the pipe writes the cascade queued
   * for a tick (BatchedWriter) and after every other case that ends in this turn's timers and I/O
   * (from a check phase itself, in the next turn's); at once when `maxWaiting` cases wait.
   */
  flushSoon(): void {
    if (this.waiting.length >= (this.options.maxWaiting ?? 1)) return this.flush();
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      this.flush();
    });
  }

  /** Records every waiting case now, in order; their reporters are told after the ones before. */
  flush(): void {
    const records = this.waiting.splice(0);
    if (records.length === 0) return;
    const finished: CaseFinished[] = [];
    const recordAll = (): void => {
      for (const record of records) {
        try {
          finished.push(record());
        } catch (error) {
          this.fail(error);
        }
      }
    };
    try {
      if (this.options.batch) this.options.batch(recordAll);
      else recordAll();
    } catch (error) {
      // The batch's lines did not reach the disk: its cases are not reported as recorded.
      this.fail(error);
      return;
    }
    if (finished.length === 0) return;
    if (this.chained > 0) return this.chain(() => this.notifyEach(finished, { from: 0 }));
    // Nothing told before is still pending: told now, and only a reporter that answers with a
    // promise puts the rest on the chain. A module agent's cases end one a flush, and its async
    // context runs hooks for every promise: the chain's two promises a flush were two a case.
    const waiting = this.notifyNow(finished);
    if (waiting !== undefined) this.chain(() => this.notifyEach(finished, waiting));
  }

  /** Puts `link` on the `notified` chain. */
  private chain(link: () => Promise<void>): void {
    this.chained++;
    this.notified = this.notified.then(link).finally(() => void this.chained--);
  }

  /**
   * Tells the reporters of `finished`, in order, until one answers with a promise: then that
   * promise and where to go on from. A failure is kept and the rest are still told.
   */
  private notifyNow(finished: readonly CaseFinished[]): { told: PromiseLike<unknown>; from: number } | undefined {
    for (let i = 0; i < finished.length; i++) {
      try {
        const told = this.options.notify(finished[i]!);
        if (isThenable(told)) return { told, from: i + 1 };
      } catch (error) {
        this.fail(error);
      }
    }
    return undefined;
  }

  /**
   * Tells the reporters of `finished` from `from` on, in order, each after the one before settled
   * (`told`, the one before's answer, first); a failure is kept and the rest are still told. One
   * chain link a flush, not two promises a case.
   */
  private async notifyEach(finished: readonly CaseFinished[], { from, told }: { from: number; told?: PromiseLike<unknown> }): Promise<void> {
    for (let i = from, waiting = told; ; i++) {
      try {
        if (waiting !== undefined) await waiting;
      } catch (error) {
        this.fail(error);
      }
      if (i >= finished.length) return;
      try {
        const answer = this.options.notify(finished[i]!);
        waiting = isThenable(answer) ? answer : undefined;
      } catch (error) {
        waiting = undefined;
        this.fail(error);
      }
    }
  }

  /** Keeps the first error, for `drained()` to throw. */
  fail(error: unknown): void {
    if (this.error) return;
    this.error = { value: error };
    this.options.onFailure?.(error);
  }

  /** Records what is left and waits for the reporters; throws the first error. */
  async drained(): Promise<void> {
    this.flush();
    await this.notified;
    if (this.error) throw this.error.value;
  }
}
