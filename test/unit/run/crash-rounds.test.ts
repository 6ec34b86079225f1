// The rounds that isolate a case which crashes the agent: when to run lost cases again, and how many at once.
import { describe, expect, it } from 'vitest';
import { chargesCrash, nextCrashRound } from '../../../src/run/crash-rounds.js';

describe('nextCrashRound', () => {
  it('runs lost cases again at a quarter of the most that one crash held', () => {
    expect(nextCrashRound({ concurrency: 64, inFlight: [64, 63, 64] })).toEqual({ kind: 'rerun', concurrency: 16 });
    // An agent that took only 8 at once: no round is wasted at 16.
    expect(nextCrashRound({ concurrency: 64, inFlight: [8, 3] })).toEqual({ kind: 'rerun', concurrency: 2 });
    // A crash cannot have held more than the round let in (a cancelled run still held aside).
    expect(nextCrashRound({ concurrency: 8, inFlight: [9] })).toEqual({ kind: 'rerun', concurrency: 2 });
    expect(nextCrashRound({ concurrency: 3, inFlight: [3] })).toEqual({ kind: 'rerun', concurrency: 1 });
  });

  it('charges what a round at concurrency 1 loses, and what nothing was lost in', () => {
    expect(chargesCrash(1)).toBe(true);
    expect(chargesCrash(2)).toBe(false);
    expect(nextCrashRound({ concurrency: 1, inFlight: [2] })).toEqual({ kind: 'charge' });
    expect(nextCrashRound({ concurrency: 16, inFlight: [] })).toEqual({ kind: 'charge' });
  });

  it('reaches concurrency 1 within ceil(log4(concurrency)) rounds, however wide the crashes', () => {
    for (const start of [2, 3, 7, 64, 100, 1000]) {
      let concurrency = start;
      let rounds = 0;
      for (;;) {
        const round = nextCrashRound({ concurrency, inFlight: [concurrency] });
        if (round.kind === 'charge') break;
        expect(round.concurrency).toBeLessThan(concurrency);
        concurrency = round.concurrency;
        rounds++;
      }
      expect(concurrency).toBe(1);
      // 64 → 16 → 4 → 1: every crashing case crashes 4 times, not 7 as with halving.
      expect(rounds).toBeLessThanOrEqual(Math.ceil(Math.log(start) / Math.log(4)));
    }
  });
});
