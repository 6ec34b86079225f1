/**
 * The run's scheduler: tasks run in the order added, at most `concurrency` at once. What the
 * queue needs of p-queue and nothing more: `onNext` once a finished task's slot went to the
 * next one, the number waiting, and waits for fewer waiting and for idle.
 *
 * Why not p-queue: it keeps a Map of the tasks running (an id, a start time, a symbol) that
 * lives for the whole run in the old generation; every rehash of it left a dead table holding
 * the entries of the tasks then running, promoted as garbage (~170 bytes a case, ~17 MB of a
 * 100,000-case run's peak, with no full GC before the run's end). Here a task costs a closure
 * (and, once it runs, the promise it returns), and the only long-lived arrays hold at most a
 * slot's worth of waiting tasks.
 */
export class Scheduler {
  #concurrency: number;
  #running = 0;
  /** Waiting tasks, oldest first: at most a few slots' worth (the queue feeds as slots free). */
  readonly #waiting: (() => void)[] = [];
  readonly #sizeWaiters: { limit: number; resolve: () => void }[] = [];
  readonly #idleWaiters: (() => void)[] = [];
  readonly #onNext: () => void;

  constructor(options: { concurrency: number; onNext?: () => void }) {
    this.#concurrency = checkedConcurrency(options.concurrency);
    this.#onNext = options.onNext ?? (() => undefined);
  }

  get concurrency(): number {
    return this.#concurrency;
  }

  /** A higher concurrency starts waiting tasks at once; a lower one lets the running finish. */
  set concurrency(value: number) {
    this.#concurrency = checkedConcurrency(value);
    this.#startMore();
  }

  /** Tasks waiting for a slot. */
  get size(): number {
    return this.#waiting.length;
  }

  /** Tasks running. */
  get pending(): number {
    return this.#running;
  }

  /**
   * Runs `task` when a slot is free; what it throws or rejects with goes to `onError`, once its
   * slot went to the next task. A task dropped by `clear()` never runs. No promise of its own:
   * the queue's only reader of one was its catch (two promises fewer a task; each costs more
   * again once a module agent's async context tracks every promise).
   */
  add(task: () => Promise<void>, onError: (error: unknown) => void): void {
    this.#waiting.push(() => {
      this.#running++;
      let ran: Promise<void>;
      try {
        ran = task();
      } catch (error) {
        ran = Promise.reject(error);
      }
      // One reaction for both outcomes, not then() and finally().
      ran.then(
        () => this.#next(),
        (error: unknown) => {
          this.#next();
          onError(error);
        },
      );
    });
    this.#startMore();
  }

  /** Drops the waiting tasks; the running ones finish. */
  clear(): void {
    this.#waiting.length = 0;
    this.#settleWaiters();
  }

  /** Resolves once fewer than `limit` tasks wait. */
  onSizeLessThan(limit: number): Promise<void> {
    if (this.#waiting.length < limit) return Promise.resolve();
    return new Promise((resolve) => this.#sizeWaiters.push({ limit, resolve }));
  }

  /** Resolves once no task runs or waits. */
  onIdle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #next(): void {
    this.#running--;
    this.#startMore();
    this.#onNext();
    this.#settleWaiters();
  }

  #startMore(): void {
    while (this.#running < this.#concurrency && this.#waiting.length > 0) {
      this.#waiting.shift()!();
    }
    this.#settleWaiters();
  }

  #settleWaiters(): void {
    if (this.#sizeWaiters.length > 0) {
      const size = this.#waiting.length;
      for (let i = this.#sizeWaiters.length - 1; i >= 0; i--) {
        const waiter = this.#sizeWaiters[i]!;
        if (size >= waiter.limit) continue;
        this.#sizeWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
    if (this.#idleWaiters.length > 0 && this.#running === 0 && this.#waiting.length === 0) {
      for (const resolve of this.#idleWaiters.splice(0)) resolve();
    }
  }
}

function checkedConcurrency(value: number): number {
  if (!(value >= 1)) throw new RangeError(`concurrency must be at least 1, not ${value}`);
  return value;
}
