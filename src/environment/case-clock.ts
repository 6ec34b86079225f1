/**
 * The case's clock: its time is the agent's. It runs from the hand-off of the case's first run
 * (what came before, the harness's set-up and a wait for a free agent slot, does not count) and
 * stands still from each later `asking` to its hand-off (`handedOff`, the adapters' ToolHost
 * hook), so a wait for a slot counts neither against `timeout_ms` (the time a later turn is
 * left) nor in the case's `duration_ms`, its turns' or its calls' `at_ms`. An environment no run
 * is asked of (a test's) runs it from its start. CaseEnvironment is one: a case makes no object for it.
 */
export class CaseClock {
  readonly #startedAt: number;
  /** Since when the clock stands still, if it does. */
  #pausedAt: number | undefined;
  /** The time it stood still before `#pausedAt`. */
  #notCounted = 0;
  #asked = false;

  constructor(private readonly now: () => number) {
    this.#startedAt = now();
  }

  /** The case's time at `at` (default now): since its start on `now`'s clock, less the time it stood still. */
  elapsed(at = this.now()): number {
    return (this.#pausedAt ?? at) - this.#startedAt - this.#notCounted;
  }

  /** A run is about to be asked of the adapter: the clock stands still until it reaches the agent. */
  asking(): void {
    const now = this.now();
    if (!this.#asked) this.#notCounted = now - this.#startedAt;
    this.#asked = true;
    this.#resume(now);
    this.#pausedAt = now;
  }

  /** The adapter handed the run to the agent: the clock runs again. */
  handedOff(): void {
    this.#resume(this.now());
  }

  /** The run asked for settled: if its adapter never said it was handed off, it is taken to have been when asked. */
  settled(): void {
    this.#pausedAt = undefined;
  }

  /** A time measured from the case's start on `now`'s clock (the model gateway's `at_ms`) as the case's time. */
  caseTime(sinceStart: number): number {
    return Math.max(0, sinceStart - this.#notCounted);
  }

  #resume(now: number): void {
    if (this.#pausedAt === undefined) return;
    this.#notCounted += now - this.#pausedAt;
    this.#pausedAt = undefined;
  }
}
