/**
 * The tool handlers of one case that were called and have not returned yet (calls the agent did
 * not await before it answered): CaseEnvironment waits for them after the case closed, within
 * the time the case has left, and reports the ones that never return as world errors.
 */
export class RunningHandlers {
  /** The tool by its call's seq. */
  readonly #running = new Map<number, string>();
  /** Called when the last running handler has returned (`returned` waits for it). */
  #onNone: (() => void) | undefined;

  get size(): number {
    return this.#running.size;
  }

  /** The tools of the handlers still running, in the order they were called. */
  tools(): IterableIterator<string> {
    return this.#running.values();
  }

  started({ seq, tool }: { seq: number; tool: string }): void {
    this.#running.set(seq, tool);
  }

  /** Call once the handler's call is recorded: a waiter resumes after that, in the same turn. */
  finished(seq: number): void {
    this.#running.delete(seq);
    if (this.#running.size === 0) this.#onNone?.();
  }

  /** Waits, `ms` at most, until none is running. True when none is. */
  async returned(ms: number): Promise<boolean> {
    if (this.#running.size > 0 && ms > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.#onNone = resolve;
        timer = setTimeout(resolve, ms);
      });
      clearTimeout(timer);
      this.#onNone = undefined;
    }
    return this.#running.size === 0;
  }
}
