/**
 * Callbacks run on the next turn of the event loop, in groups of at most NEXT_TURN_GROUP (one
 * setImmediate a group). The stdio adapter settles the answers of one read this way: stderr written
 * just before an answer may arrive after it (two pipes), and one turn lets it be read before the
 * case is judged; each group's cases then end in one cascade, and the runs their slots start go to
 * the agent in one pipe write (BatchedWriter), before the next group settles (Node runs the ticks
 * and microtasks of one immediate before the next).
 *
 * Why groups: the answers of a whole read settled at once held every run they started until the
 * last of them had ended, and the agent idled meanwhile. The runs of a burst (every slot's runs
 * went out together at the run's start, and the agent answers them together) then went out
 * together again, round after round: on a loaded host every write to the agent held 64 runs, one
 * write per round of cases. 16 at a time, a read of 64 answers is 4 writes, the first after 16 cases
 * (16 rather than 8: on an idle host the bench's stdio case phase went 1.080 → 1.069 × ideal at 16,
 * lower in 4 pairs of 4, with no rise in CPU a case; 8 was within noise of settling all at once).
 */
export const NEXT_TURN_GROUP = 16;

export class NextTurn {
  /** The group callbacks are added to, until it is full or has run. */
  #group: (() => void)[] | undefined;

  add(callback: () => void): void {
    let group = this.#group;
    if (group === undefined || group.length === NEXT_TURN_GROUP) {
      const made: (() => void)[] = [];
      group = this.#group = made;
      setImmediate(() => {
        if (this.#group === made) this.#group = undefined;
        for (const queued of made) queued();
      });
    }
    group.push(callback);
  }
}
