/**
 * A case's hard stop: when the gateway answered its first call refused for budget, and which calls
 * were made at once with it (their usage records carry `before_stop_seen`, so a scorer does not
 * count them as calls that ignored the refusal). Made at the first refusal: most cases never have one.
 */
import type { ModelCall } from './case-types.js';

export class HardStop {
  readonly #clock: { now(): number };
  /** When the gateway answered the case's first call refused for budget. */
  readonly #answeredAt: number;
  /**
   * When the gateway had read what was sent at once with the hard stop: the end of the event loop's
   * turn after the one that answered it (its poll phase reads what reached the sockets meanwhile).
   * A call read later was sent once the agent could have seen the refusal, though its connection
   * was idle since before it (a kept-alive pool's other connection): it ignored the refusal.
   */
  #readUntil: number | undefined;

  /** The stop, answered now. */
  constructor(clock: { now(): number }) {
    this.#clock = clock;
    this.#answeredAt = clock.now();
    setImmediate(() => setImmediate(() => (this.#readUntil = this.#clock.now())));
  }

  /** Whether `call` was made at once with the hard stop: its connection could have sent it before the stop was answered, and it was read in the loop's turn after. */
  madeWith(call: Pick<ModelCall, 'sendable' | 'read'>): boolean {
    if (call.sendable > this.#answeredAt) return false;
    return this.#readUntil === undefined || call.read < this.#readUntil;
  }
}
