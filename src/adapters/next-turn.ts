/**
 * Callbacks run together on the next turn of the event loop (one setImmediate for all that were
 * added in this turn). The stdio adapter settles the answers of one read this way: stderr written
 * just before an answer may arrive after it (two pipes), and one turn lets it be read before the
 * case is judged; the cases then end in one cascade, and the runs their slots start go to the
 * agent in one pipe write (BatchedWriter). The module adapter returns the answers of one turn
 * this way: the timers its agents answer from fire one by one, each a cascade of its own, and
 * their cases would each be recorded in writes of their own.
 */
export class NextTurn {
  readonly #waiting: (() => void)[] = [];

  add(callback: () => void): void {
    if (this.#waiting.push(callback) === 1) setImmediate(this.#runAll);
  }

  readonly #runAll = (): void => {
    for (const callback of this.#waiting.splice(0)) callback();
  };
}
