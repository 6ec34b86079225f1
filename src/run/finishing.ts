/**
 * What happens to a case after it left its agent slot: record it (judge, redact, append to the
 * run folder), then tell the reporters. The queue calls `flush()` once the freed slot went to
 * the next case, so the agent is not kept idle while the harness scores; recording is
 * synchronous there, so a finished case is on disk before anything else runs, and a crash or
 * kill loses nothing that ended. Reporters hear of cases in the order they were recorded.
 */
import type { CaseFinished } from './queue.js';

export class Finishing {
  private readonly waiting: (() => CaseFinished)[] = [];
  private notified: Promise<void> = Promise.resolve();
  private error: { value: unknown } | undefined;

  constructor(
    private readonly notify: (finished: CaseFinished) => void | Promise<void>,
    /** Called once, with the first error: the caller stops starting cases. */
    private readonly onFailure: (error: unknown) => void = () => undefined,
  ) {}

  /** A case to record at the next flush. */
  add(record: () => CaseFinished): void {
    this.waiting.push(record);
  }

  /** Records every waiting case now, in order; their reporters are told after the ones before. */
  flush(): void {
    for (const record of this.waiting.splice(0)) {
      let finished: CaseFinished;
      try {
        finished = record();
      } catch (error) {
        this.fail(error);
        continue;
      }
      this.notified = this.notified.then(() => this.notify(finished)).catch((error: unknown) => this.fail(error));
    }
  }

  /** Keeps the first error, for `drained()` to throw. */
  fail(error: unknown): void {
    if (this.error) return;
    this.error = { value: error };
    this.onFailure(error);
  }

  /** Records what is left and waits for the reporters; throws the first error. */
  async drained(): Promise<void> {
    this.flush();
    await this.notified;
    if (this.error) throw this.error.value;
  }
}
