/**
 * The runs of one stdio agent process whose time limit ran out, and how their timeouts are told
 * from a process that stopped running.
 *
 * Alone in flight, a run past its limit times out at once. Beside other runs it may be the
 * innocent victim of a process that no longer runs at all (a busy loop in another case blocks its
 * event loop: no run is answered, no cancel either), so its timeout waits. The agent is sent
 * `cancel` (as for every timeout); the first thing the process writes on stdout after that —
 * whatever it is: an answer, a tool call, a usage report, a bad line — proves it still runs, and
 * every waiting run times out then: its slowness was its own. Still silent when the cancel's grace
 * ends, the process is stuck: it is restarted as for any cancelled run left unanswered, and its
 * unanswered runs fail as collateral, which run/ runs again fewer at a time (as beside a crash)
 * until the case that hangs the process is alone in flight and times out. Until the process
 * writes again it takes no new run, which would be its next victim.
 */
import type { RunTimeoutError } from './adapter.js';

/** A run in flight, as this bookkeeping sees it. */
export interface OverdueCandidate {
  /** True once the run has ended for agentready. */
  settled: boolean;
  fail(error: unknown): void;
}

export class OverdueRuns<Run extends OverdueCandidate> {
  private readonly waiting = new Map<Run, RunTimeoutError>();
  private silent = false;

  /** A run timed out and the process has written nothing since: it takes no new run. */
  get silentSinceTimeout(): boolean {
    return this.silent;
  }

  /** `run`'s time limit ran out while `inFlight` were in flight on a process still taking runs (`live`). */
  overrun({ run, timeout, inFlight, live }: { run: Run; timeout: RunTimeoutError; inFlight: Iterable<Run>; live: boolean }): void {
    let others = false;
    for (const other of inFlight) if (other !== run && !other.settled) others = true;
    if (others && live) this.waiting.set(run, timeout);
    else run.fail(timeout);
    if (live) this.silent = true;
  }

  /** The process wrote on stdout. True when it had been silent since a timeout: it takes runs again. */
  heard(): boolean {
    if (!this.silent) return false;
    this.silent = false;
    this.timeOutAll();
    return true;
  }

  /** The run landed (answered, or its process is gone). */
  delete(run: Run): void {
    this.waiting.delete(run);
  }

  /** Every waiting run times out (a no-op for those that failed otherwise since). */
  timeOutAll(): void {
    for (const [run, timeout] of this.waiting) run.fail(timeout);
    this.waiting.clear();
  }
}
