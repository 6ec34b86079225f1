/**
 * Callbacks run together on the next turn of the event loop (one setImmediate for all that were
 * added in this turn). The stdio adapter settles the answers of one read this way: stderr written
 * just before an answer may arrive after it (two pipes), and one turn lets it be read before the
 * case is judged; the cases then end in one cascade, and the runs their slots start go to the
 * agent in one pipe write (BatchedWriter).
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
