/**
 * Top-level keys of an exec, http, stdio or module agent's run result that agentready does not read (a misspelt
 * `outcme`, an `error` it meant as a failure): the result still stands, and the run's warnings say
 * each such key once, with how many results carried it and the first case that did.
 */
import { didYouMean } from '../config/allowed-keys.js';
import { plural } from '../common/plural.js';

/** Unknown keys said, at most: an agent that writes a fresh key in every result cannot flood the report. */
const MAX_KEYS_SAID = 20;

export class UnknownResultKeys {
  /** Each unknown key: how many results carried it, and the first case that did. */
  private readonly seen = new Map<string, { results: number; firstCase: string }>();

  /** `known`: the keys the result's schema reads; `said`: who gave the results, and how ("the command `x` printed", "the agent at <url> answered"). */
  constructor(private readonly input: { known: readonly string[]; said: string }) {}

  /** Notes the unknown keys of one result (raw JSON data) of case `caseId`. */
  note(raw: unknown, caseId: string): void {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    for (const key in raw) {
      if (!Object.hasOwn(raw, key) || this.input.known.includes(key)) continue;
      const entry = this.seen.get(key);
      if (entry !== undefined) entry.results++;
      else if (this.seen.size < MAX_KEYS_SAID) this.seen.set(key, { results: 1, firstCase: caseId });
    }
  }

  /** One warning per unknown key. */
  warnings(): string[] {
    const known = this.input.known;
    return [...this.seen].map(([key, { results, firstCase }]) =>
      `${this.input.said} ${plural(results, 'run result')} with the key ${JSON.stringify(key)} (the first in case ${firstCase}), which a run result does not have: agentready ignored it${didYouMean(key, known)} (a run result's keys: ${known.join(', ')})`,
    );
  }
}
