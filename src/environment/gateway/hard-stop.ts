/**
 * A case's hard stop: when the gateway answered its first call refused for budget, which calls
 * were made at once with it (their usage records carry `before_stop_seen`), and which refused calls
 * repeat a request refused before (`retry_of_refused`: a client's automatic retry of a 429, as the
 * Vercel AI SDK's, which ignores `x-should-retry: false`), so a scorer counts neither as a call that
 * ignored the refusal. Made at the first refusal: most cases never have one.
 */
import { createHash } from 'node:crypto';
import type { ModelCall } from './case-types.js';

/**
 * How many times a client may send a refused request again as it was and be read as retrying it:
 * the default `maxRetries` of the Vercel AI SDK, the OpenAI and the Anthropic SDKs (2).
 */
export const CLIENT_RETRIES = 2;

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
  /** The requests refused for budget so far (provider, path and body), as digests (a long conversation's body is not kept), with how often each was sent again. */
  readonly #refused = new Map<string, number>();

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

  /**
   * Notes `call`, refused for budget; whether it is a client's retry of a request (endpoint and
   * body) refused before, no new call: one of its first CLIENT_RETRIES sendings again. Past those,
   * the same request sent again is the agent's own loop going on after the stop, which it ignored.
   */
  repeatsRefused(call: Pick<ModelCall, 'provider' | 'path' | 'query' | 'body'>): boolean {
    const digest = createHash('sha256')
      .update(`${call.provider}\0${call.path}${call.query}\0${JSON.stringify(call.body)}`).digest('base64');
    const retries = this.#refused.get(digest);
    this.#refused.set(digest, retries === undefined ? 0 : retries + 1);
    return retries !== undefined && retries < CLIENT_RETRIES;
  }
}
