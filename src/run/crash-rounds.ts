/**
 * When the agent process dies with several cases in flight, nothing shows which one killed it.
 * Those cases run again after the run's other cases, in rounds, each at a lower concurrency,
 * until the case that crashes the agent is alone in flight (the adapter charges it then, with
 * the crash's message) and the others get their real result. The same holds for the cases in
 * flight on a process that stopped running (adapters/stdio-overdue.ts): the case that hangs it,
 * alone, times out. Pure.
 *
 * Each round divides the concurrency by FALL. Every crashing case crashes once per round, and
 * each crash waits for the agent to restart, so fewer rounds mean fewer restarts; a steeper fall
 * means more of the lost cases run few at a time. 4 (64 → 16 → 4 → 1: 4 crashes per crashing case
 * where halving made 7) cut the crash bench (agent answering in 20 ms, restarting in ~250 ms)
 * from ~48 s to ~29 s at 2,000 cases. Per halving of the concurrency, a round at 4 costs
 * (4 × case + restart) / 2 against 2 × case + restart at 2: never more, whatever the agent's
 * speed; 8 would gain only where a restart outlasts 4 cases, and lose for agents answering in seconds.
 */

/** How many times fewer cases each crash round takes at once than the widest crash of the round before held. */
export const FALL = 4;

/** Whether a case lost to a crash in a round at `concurrency` is charged with it rather than run again. */
export function chargesCrash(concurrency: number): boolean {
  return concurrency <= 1;
}

/** What becomes of the cases a round lost to crashes: run again at `concurrency`, or charged with the crash. */
export type CrashRound = { kind: 'rerun'; concurrency: number } | { kind: 'charge' };

/**
 * The next round for the cases lost in one at `concurrency`; `inFlight` holds, per lost case, how
 * many cases its process held when it died. The next round takes at most a FALLth as many at
 * once as the widest crash held, so the concurrency falls every round and reaches 1 after at most
 * ceil(log4(concurrency)) rounds; a case lost even then is charged: it was alone in flight, so the
 * crash, or the hang its process was restarted for, is its own. No cancelled run is held beside it:
 * a stdio process holding a cancelled run still unanswered takes no new run until the answer comes
 * or the process is restarted (stdio-process.ts `cancelling`), and an http case's cancel is the
 * abort of its POST, which lands it (http-server-process.ts `landed`).
 */
export function nextCrashRound({ concurrency, inFlight }: { concurrency: number; inFlight: readonly number[] }): CrashRound {
  if (chargesCrash(concurrency) || inFlight.length === 0) return { kind: 'charge' };
  const widest = Math.min(concurrency, inFlight.reduce((a, b) => Math.max(a, b), 1));
  return { kind: 'rerun', concurrency: Math.max(1, Math.floor(widest / FALL)) };
}
